"""Departments managed by the coordinator: names, aliases, lookups, deactivation and merging
(with real plan and monitoring rows pointing at them)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from luoshi.accounts import services
from luoshi.accounts.choices import DepartmentKind, Role
from luoshi.accounts.models import Department, DepartmentAlias, User
from luoshi.accounts.selectors import department_for_name, departments_by_names
from luoshi.monitoring.models import Indicator
from luoshi.plans.models import TaskUnit

pytestmark = pytest.mark.django_db


def create(zone, name, by=None, kind=DepartmentKind.DISTRICT):
    return services.department_create(zone=zone, name=name, kind=kind, by=by, origin="tests")


def test_names_are_normalised_and_unique_across_names_and_aliases(zone):
    gxj = create(zone, " 区工信局 ")
    assert gxj.name == "区工信局"
    services.department_alias_add(department=gxj, name="工信局", by=None, origin="tests")
    with pytest.raises(ValidationError):
        create(zone, "工信局")
    with pytest.raises(ValidationError):
        create(zone, "区工信局")
    with pytest.raises(ValidationError):
        services.department_alias_add(department=create(zone, "区商务局"), name="工信局",
                                      by=None, origin="tests")
    with pytest.raises(ValidationError):
        services.department_alias_add(department=gxj, name="区商务局", by=None, origin="tests")


def test_lookup_by_name_or_alias_active_only(zone, other_zone):
    gxj = create(zone, "经开办(自贸办)")
    services.department_alias_add(department=gxj, name="经开区办（自贸办）", by=None,
                                  origin="tests")
    create(other_zone, "区商务局")
    assert department_for_name(zone, "经开办（自贸办）") == gxj
    assert department_for_name(zone, " 经开区办(自贸办)") == gxj
    assert department_for_name(zone, "区商务局") is None  # another zone's
    services.department_set_active(department=gxj, active=False, by=None, origin="tests")
    assert department_for_name(zone, "经开办(自贸办)") is None


def test_departments_by_names_in_two_queries(zone):
    names = [f"部门{i}" for i in range(30)]
    for name in names:
        department = create(zone, name)
        services.department_alias_add(department=department, name=f"别名{name}", by=None,
                                      origin="tests")
    asked = [*names[:10], *(f"别名{n}" for n in names[10:]), "没有这个部门"]
    with CaptureQueriesContext(connection) as queries:
        found = departments_by_names(zone, asked)
    assert len(queries) == 2
    assert set(found) == set(asked) - {"没有这个部门"}
    assert found["别名部门12"].name == "部门12"


def test_rename_keeps_the_old_name_as_alias_and_can_swap_with_an_alias(zone):
    department = create(zone, "区经信局")
    services.department_update(department=department, name="区工信局",
                               kind=DepartmentKind.DISTRICT, by=None, origin="tests")
    assert department_for_name(zone, "区经信局") == department
    services.department_update(department=department, name="区经信局",
                               kind=DepartmentKind.OTHER, by=None, origin="tests")
    department.refresh_from_db()
    assert department.name == "区经信局" and department.kind == DepartmentKind.OTHER
    assert list(department.aliases.values_list("name", flat=True)) == ["区工信局"]
    services.department_update(department=department, name="区工业局", kind="other",
                               keep_old_name=False, by=None, origin="tests")
    assert department_for_name(zone, "区经信局") is None


def test_deactivation_refused_while_active_users_remain(zone, make_user):
    user = make_user(Role.REPORTER, "区工信局")
    department = user.department
    with pytest.raises(ValidationError, match="1"):
        services.department_set_active(department=department, active=False, by=None,
                                       origin="tests")
    user.is_active = False
    user.save()
    services.department_set_active(department=department, active=False, by=None,
                                   origin="tests")
    department.refresh_from_db()
    assert not department.is_active


def test_only_the_zones_coordinator_manages(zone, other_zone, make_user, coordinator):
    department = create(zone, "区工信局")
    reporter = make_user(Role.REPORTER, "区工信局")
    stranger = make_user(Role.COORDINATOR, "外区经开办", user_zone=other_zone)
    services.department_alias_add(department=department, name="工信局", by=coordinator,
                                  origin="tests")
    for by in (reporter, stranger):
        with pytest.raises(PermissionDenied):
            services.department_update(department=department, name="x", kind="other", by=by,
                                       origin="tests")
        with pytest.raises(PermissionDenied):
            services.department_merge(source=department, target=coordinator.department,
                                      by=by, origin="tests")


def test_merge_moves_every_reference_and_leaves_an_alias(zone, catalogue, make_user,
                                                         coordinator):
    target = Department.objects.get(zone=zone, name="区工信局")
    source = create(zone, "工信局")
    services.department_alias_add(department=source, name="经信局", by=None, origin="tests")
    task_units = list(TaskUnit.objects.filter(department=target)[:3])
    TaskUnit.objects.filter(pk__in=[u.pk for u in task_units]).update(department=source)
    owned = list(Indicator.objects.filter(owner=target)[:2])
    Indicator.objects.filter(pk__in=[i.pk for i in owned]).update(owner=source)
    reporter = make_user(Role.REPORTER, "工信局")
    both = make_user(Role.HEAD, "区商务局")
    both.extra_departments.set([source, target])
    helper = make_user(Role.REPORTER, "区工信局")
    helper.extra_departments.set([source])
    assert len(task_units) == 3 and len(owned) == 2

    moved = services.department_merge(source=source, target=target, by=coordinator,
                                      origin="tests")

    assert not Department.objects.filter(pk=source.pk).exists()
    assert TaskUnit.objects.filter(pk__in=[u.pk for u in task_units],
                                   department=target).count() == 3
    assert Indicator.objects.filter(pk__in=[i.pk for i in owned], owner=target).count() == 2
    assert User.objects.get(pk=reporter.pk).department == target
    assert list(both.extra_departments.all()) == [target]
    assert list(helper.extra_departments.all()) == []  # their own department already
    assert set(DepartmentAlias.objects.filter(department=target).values_list(
        "name", flat=True)) == {"工信局", "经信局"}
    assert department_for_name(zone, "工信局") == target
    assert sum(moved.values()) >= 3 + 2 + 1 + 1
    entry = LogEntry.objects.filter(object_repr__contains="工信局", object_pk="").latest("pk")
    assert entry.actor == coordinator
    assert entry.changes["department"] == ["工信局", "区工信局"]
    assert "3" in entry.changes["moved"][1]


def test_merge_refused_when_a_unique_rule_would_break(zone, catalogue, monkeypatch):
    """A model above accounts with a unique rule on its department (as monitoring may add):
    nothing moves and the error says why."""
    target = Department.objects.get(zone=zone, name="区工信局")
    source = create(zone, "工信局")
    indicator = Indicator.objects.filter(owner=target).first()
    twin = Indicator.objects.create(zone=zone, code="twin", name=indicator.name,
                                    unit=indicator.unit, owner=source)
    rule = models.UniqueConstraint(fields=["owner", "name"], name="test_owner_name")
    monkeypatch.setattr(Indicator._meta, "constraints", [*Indicator._meta.constraints, rule])
    with pytest.raises(ValidationError, match="工信局"):
        services.department_merge(source=source, target=target, by=None, origin="tests")
    twin.refresh_from_db()
    assert twin.owner == source and Department.objects.filter(pk=source.pk).exists()
    twin.name = "另一个名字"
    twin.save()
    services.department_merge(source=source, target=target, by=None, origin="tests")
    twin.refresh_from_db()
    assert twin.owner == target


def test_merge_refusals(zone, other_zone):
    a, b = create(zone, "甲"), create(zone, "乙")
    with pytest.raises(ValidationError):
        services.department_merge(source=a, target=a, by=None, origin="tests")
    with pytest.raises(ValidationError):
        services.department_merge(source=a, target=create(other_zone, "丙"), by=None,
                                  origin="tests")
    services.department_set_active(department=b, active=False, by=None, origin="tests")
    with pytest.raises(ValidationError):
        services.department_merge(source=a, target=b, by=None, origin="tests")
