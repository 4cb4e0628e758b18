"""The coordinator edits an indicator's rules, node schedule and yearly targets."""

from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.monitoring.models import Indicator

pytestmark = pytest.mark.django_db


def form_data(indicator, **changes):
    data = {
        "name": indicator.name, "owner": indicator.owner_id, "source": indicator.source,
        "direction": indicator.direction, "active": "on", "green_at": "1", "yellow_at": "0.9",
        "due_day": "15", "schedule": "",
        "baseline_year": "2022", "baseline_value": "", "target_year": "2026",
        "target_value": "2500", "comparator": "达到", "year_targets": "",
    }
    data.update(changes)
    return data


def test_node_schedule_and_year_targets_change_the_pace(client, catalogue, coordinator):
    client.force_login(coordinator)
    output = catalogue["industrial_output"]
    url = reverse("monitoring:indicator-edit", args=[output.pk])
    response = client.post(url, form_data(
        output, schedule="Q1: 20%\nQ2: 45%\nQ3: 70%", yellow_at="0.8",
        baseline_value="1800", year_targets="2025: 2100"))
    assert response.status_code == 302, response.content.decode()[:1500]
    output = Indicator.objects.get(pk=output.pk)
    assert output.node_schedule == {"monthly": {"3": "0.2", "6": "0.45", "9": "0.7"}}
    assert output.rules["yellow_at"] == "0.8"
    assert output.target.baseline_value == Decimal("1800")
    assert [(y.year, y.value) for y in output.year_targets.all()] == [(2025, Decimal("2100"))]
    page = client.get(url).content.decode()
    assert "6: 0.45" in page and "2025: 2100" in page


def test_bad_schedule_is_refused_with_a_message(client, catalogue, coordinator):
    client.force_login(coordinator)
    output = catalogue["industrial_output"]
    response = client.post(reverse("monitoring:indicator-edit", args=[output.pk]),
                           form_data(output, schedule="Q1: 60%\nQ2: 40%"))
    assert response.status_code == 400
    assert response.context["form"].errors["schedule"]
    assert Indicator.objects.get(pk=output.pk).node_schedule == {}


def test_only_the_coordinator_edits(client, catalogue, gxj_head):
    client.force_login(gxj_head)
    output = catalogue["industrial_output"]
    assert client.get(reverse("monitoring:indicator-edit", args=[output.pk])).status_code == 403
