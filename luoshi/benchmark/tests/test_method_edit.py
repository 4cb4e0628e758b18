"""The method's weights edited on the page by the coordinator: checked as a method file is
(nothing saved on an error, every error named), saved in place and audited, the method in use
evaluated again; every other role refused, and another zone's method not found."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from luoshi.benchmark.models import Evaluation, Method, MethodGroup, MethodIndicator
from luoshi.core.models import Job

from .test_pages import NOT_MANAGERS, other_zone  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _method(zone):
    return Method.objects.get(zone=zone, key="2021")


def _post_data(method, **changes):
    """The form as the page shows it, with ``changes`` (field name → value) applied."""
    data = {}
    for group in method.groups.all():
        data[f"group-{group.pk}"] = str(group.weight)
    for indicator in method.indicators.all():
        data[f"weight-{indicator.pk}"] = "" if indicator.weight is None else str(indicator.weight)
        data[f"direction-{indicator.pk}"] = indicator.direction
    data.update(changes)
    return data


def _group(method, name):
    return MethodGroup.objects.get(method=method, name=name)


def _indicator(method, code):
    return MethodIndicator.objects.get(method=method, code=code)


def test_the_coordinator_changes_weights_and_the_method_is_evaluated_again(
        people, evaluated, login, zone):
    client = login(people["coordinator"])
    method = _method(zone)
    page = client.get(f"/benchmark/methods/{method.pk}/edit/")
    assert page.status_code == 200 and 'id="weights-form"' in page.content.decode()
    before = Evaluation.objects.get(zone=zone, year=2024).report["total"]
    opening, quality = _group(method, "对外开放"), _group(method, "发展质量")
    fdi, gdp = _indicator(method, "O1"), _indicator(method, "Q1")
    response = client.post(f"/benchmark/methods/{method.pk}/edit/", _post_data(
        method, **{f"group-{opening.pk}": "40", f"group-{quality.pk}": "20",
                   f"weight-{fdi.pk}": "40", f"direction-{gdp.pk}": "lower"}))
    job = Job.objects.get(kind="benchmark.evaluate")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    opening.refresh_from_db(), quality.refresh_from_db(), fdi.refresh_from_db()
    gdp.refresh_from_db()
    assert (opening.weight, quality.weight, fdi.weight, gdp.direction) == (40, 20, 40, "lower")
    assert _indicator(method, "O2").weight is None  # blank stays an equal share
    report = Evaluation.objects.get(zone=zone, year=2024).report
    assert [g["weight"] for g in report["groups"]][:2] == ["40.00", "20.00"]
    assert report["total"] != before
    changed = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(MethodGroup), object_pk=str(opening.pk),
        actor=people["coordinator"]).latest("pk")
    assert changed.changes["weight"] == ["30.00", "40"]


def test_weights_that_do_not_add_up_are_refused_whole(people, evaluated, login, zone):
    client = login(people["coordinator"])
    method = _method(zone)
    opening = _group(method, "对外开放")
    fdi = _indicator(method, "O1")
    weights = {f"weight-{i.pk}": "10" for i in method.indicators.filter(group=opening)}
    response = client.post(f"/benchmark/methods/{method.pk}/edit/", _post_data(
        method, **{f"group-{opening.pk}": "35", **weights, f"weight-{fdi.pk}": "45"}))
    assert response.status_code == 400
    lines = response.context["import_errors"]
    assert any("105" in line for line in lines)  # the groups add up to 105
    assert any("对外开放: 105" in line for line in lines)  # 45 + 6 × 10 within the group
    opening.refresh_from_db(), fdi.refresh_from_db()
    assert (opening.weight, fdi.weight) == (30, None)
    assert not Job.objects.filter(kind="benchmark.evaluate").exists()
    response = client.post(f"/benchmark/methods/{method.pk}/edit/", _post_data(
        method, **{f"group-{opening.pk}": "abc"}))
    assert response.status_code == 400 and f"group-{opening.pk}" in response.context[
        "form"].errors


def test_a_method_not_in_use_saves_without_evaluating(people, login, zone):
    client = login(people["coordinator"])
    client.get("/benchmark/methods/")  # installs the 2021 method and the settings
    method = _method(zone)
    client.post(f"/benchmark/methods/{method.pk}/copy/", {"key": "local", "name": "本地版"})
    copy = Method.objects.get(zone=zone, key="local")
    gdp = _indicator(copy, "Q1")
    response = client.post(f"/benchmark/methods/{copy.pk}/edit/",
                           _post_data(copy, **{f"weight-{gdp.pk}": "30"}))
    assert response.status_code == 302
    assert response["Location"] == f"/benchmark/methods/{copy.pk}/"
    assert _indicator(copy, "Q1").weight == 30 and _indicator(method, "Q1").weight is None
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_no_other_role_may_change_weights(people, evaluated, login, zone, role):
    client = login(people[role])
    method = _method(zone)
    opening = _group(method, "对外开放")
    assert client.get(f"/benchmark/methods/{method.pk}/edit/").status_code == 403
    response = client.post(f"/benchmark/methods/{method.pk}/edit/",
                           _post_data(method, **{f"group-{opening.pk}": "40"}))
    assert response.status_code == 403
    opening.refresh_from_db()
    assert opening.weight == 30
    if role != "auditor":  # readers see the method, without the way to change it
        assert "/edit/" not in client.get(f"/benchmark/methods/{method.pk}/").content.decode()


def test_another_zones_method_is_not_found(people, evaluated, other_zone, login):  # noqa: F811
    client = login(people["coordinator"])
    theirs = Method.objects.get(zone=other_zone, key="2021")
    assert client.get(f"/benchmark/methods/{theirs.pk}/edit/").status_code == 404
