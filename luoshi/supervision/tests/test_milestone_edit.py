"""The coordinator generates a task's default milestones, edits and removes them; nobody else
may, and a coordinator of another zone may not either."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Zone
from luoshi.supervision import services
from luoshi.supervision.models import Milestone

from .conftest import GZB, JKB

pytestmark = pytest.mark.django_db


def test_defaults_are_generated_then_edited_and_removed(supervised, task, make_user, clock):
    clock.at(2026, 8, 3, 9)
    coordinator = make_user(Role.COORDINATOR, JKB, username="coord")
    made = services.milestones_generate(task=task(3), by=coordinator, origin="tests",
                                        today=date(2026, 8, 3))
    units = {u.department_id for u in task(3).units.all() if u.department_id}
    assert made == Milestone.objects.filter(task=task(3)).count() > 0
    assert set(Milestone.objects.values_list("department_id", flat=True)) == units
    # Again: the departments that have milestones get none.
    assert services.milestones_generate(task=task(3), by=coordinator, origin="tests") == 0
    first = Milestone.objects.order_by("due", "pk").first()
    services.milestone_update(milestone=first, title="试点方案报管委会审定", due=date(2026, 9, 30),
                              deliverable="试点方案", by=coordinator, origin="tests")
    first.refresh_from_db()
    assert (first.title, first.due, first.original_due, first.deliverable) == (
        "试点方案报管委会审定", date(2026, 9, 30), date(2026, 9, 30), "试点方案")
    services.milestone_delete(milestone=first, by=coordinator, origin="tests")
    assert not Milestone.objects.filter(pk=first.pk).exists()


def test_only_the_zones_coordinator_edits_milestones(supervised, task, make_user, clock):
    clock.at(2026, 8, 3, 9)
    coordinator = make_user(Role.COORDINATOR, JKB, username="coord")
    services.milestones_generate(task=task(3), by=coordinator, origin="tests")
    milestone = Milestone.objects.first()
    other_zone = Zone.objects.create(code="other", name="另一开发区")
    outsiders = [make_user(Role.REPORTER, GZB, username="gzb_r"),
                 make_user(Role.HEAD, GZB, username="gzb_h"),
                 make_user(Role.LEADER, username="boss"),
                 make_user(Role.COORDINATOR, username="far", user_zone=other_zone)]
    for user in outsiders:
        with pytest.raises(PermissionDenied):
            services.milestone_update(milestone=milestone, title="x", due=date(2026, 9, 1),
                                      by=user, origin="tests")
        with pytest.raises(PermissionDenied):
            services.milestone_delete(milestone=milestone, by=user, origin="tests")
    assert Milestone.objects.filter(pk=milestone.pk).exists()
