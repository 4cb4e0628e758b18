"""One read scope for every selector: zones per role, and whose work in progress each sees."""

import pytest
from django.contrib.auth.models import AnonymousUser

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department, Zone
from luoshi.accounts.scoping import NOTHING, read_scope

pytestmark = pytest.mark.django_db

UNREVIEWED = "monitoring.view_unreviewed"


@pytest.mark.parametrize(("role", "department", "all_zones", "all_work"), [
    (Role.COORDINATOR, "经开办(自贸办)", False, True),
    (Role.LEADER, None, False, True),
    (Role.REPORTER, "区工信局", False, False),
    (Role.HEAD, "区工信局", False, False),
    (Role.INSPECTOR, "区纪委监委", False, False),
    (Role.HR, "区委组织部", False, False),
    (Role.AUDITOR, None, False, False),
    (Role.OBSERVER, None, True, False),
])
def test_each_role_reads_its_zones_and_sees_whose_work(make_user, zone, role, department,
                                                       all_zones, all_work):
    other = Zone.objects.create(code="other", name="另一开发区")
    user = make_user(role, department)
    scope = read_scope(user, UNREVIEWED)
    assert scope.reads_zone(zone.pk)
    assert scope.reads_zone(other.pk) is all_zones
    assert scope.all_work is all_work
    assert Zone.objects.filter(scope.zones_q("pk")).count() == (2 if all_zones else 1)
    own = user.department_id
    assert scope.sees_work_of(own) is (own is not None or all_work)


def test_a_reporter_sees_the_work_of_the_departments_added_to_them(make_user, zone):
    user = make_user(Role.REPORTER, "区工信局")
    commerce = Department.objects.create(zone=zone, name="区商务局")
    user.extra_departments.add(commerce)
    scope = read_scope(user, UNREVIEWED)
    assert scope.department_ids == {user.department_id, commerce.pk}
    assert not scope.sees_work_of(None)
    assert set(Department.objects.filter(scope.work_q("pk")).values_list("pk", flat=True)) \
        == {user.department_id, commerce.pk}


def test_without_a_capability_permission_nobody_sees_all_work(make_user):
    assert not read_scope(make_user(Role.COORDINATOR, "经开办(自贸办)")).all_work


def test_anonymous_reads_nothing():
    assert read_scope(AnonymousUser(), UNREVIEWED) is NOTHING
    assert Zone.objects.filter(NOTHING.zones_q("pk")).count() == 0
