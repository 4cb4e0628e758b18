"""Rank targets (排名目标) in the ledger: read with the plan, stored with it, audited, read back."""

import importlib

import pytest
from auditlog.models import LogEntry
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from luoshi.accounts.choices import Role
from luoshi.domain.plandoc.ranks import NATIONAL_EVALUATION
from luoshi.plans.models import Plan, RankTarget
from luoshi.plans.selectors import rank_targets_visible_to, zone_rank_targets
from luoshi.plans.services import plan_import

pytestmark = pytest.mark.django_db


def rows(plan):
    return [(r.order, r.indicator, r.scope, r.rank, r.year)
            for r in RankTarget.objects.filter(plan=plan)]


def test_importing_the_seed_plan_stores_its_two_rank_targets(seed_plan):
    assert rows(seed_plan) == [
        (1, NATIONAL_EVALUATION, "全国", 30, 2026),
        (2, NATIONAL_EVALUATION, "中部", 5, 2026),
    ]
    first = seed_plan.rank_targets.first()
    assert "第一方阵" in first.source and "中部地区前5名" in first.source
    assert first.place_label == "全国前30名"
    assert str(first) == f"{NATIONAL_EVALUATION}: 全国前30名"
    # The numeric targets are as before.
    assert seed_plan.targets.count() == 8


def test_the_rank_targets_are_audited_in_the_imports_operation(seed_plan):
    plan_entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Plan),
                                      object_pk=str(seed_plan.pk),
                                      action=LogEntry.Action.CREATE)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RankTarget))
    assert entries.count() == 2
    assert {e.action for e in entries} == {LogEntry.Action.CREATE}
    assert {e.cid for e in entries} == {plan_entry.cid}
    assert {e.additional_data["origin"] for e in entries} == {"tests"}


def test_the_same_plan_again_adds_none(seed_plan, zone, seed_content):
    plan, created = plan_import(zone=zone, content=seed_content, filename="again.txt", by=None,
                                origin="tests")
    assert not created and plan == seed_plan
    assert RankTarget.objects.count() == 2


def test_a_new_version_has_its_own_rank_targets_and_the_zone_reads_the_current_ones(
        seed_plan, zone, seed_content):
    text = seed_content.decode().replace("中部地区前5名", "中部地区前3名").replace(
        "精准赋权优化服务流程", "精准赋权再造服务流程")
    new, created = plan_import(zone=zone, content=text.encode(), filename="v2.txt", by=None,
                               origin="tests")
    assert created and new.version == 2
    assert [(r.scope, r.rank) for r in zone_rank_targets(zone)] == [("全国", 30), ("中部", 3)]
    assert rows(seed_plan)[1][3] == 5  # the earlier version keeps its own


def test_a_plan_without_rank_targets_stores_none(zone, roles, seed_content):
    text = seed_content.decode().replace(
        "力争用三年时间进入国家级经开区第一方阵,中部地区前5名", "力争用三年时间争先晋位")
    plan, _created = plan_import(zone=zone, content=text.encode(), filename="p.txt", by=None,
                                 origin="tests")
    assert not plan.rank_targets.exists()
    assert zone_rank_targets(zone) == []


def test_rank_targets_are_read_in_the_users_zone_only(seed_plan, make_user):
    from luoshi.accounts.models import Zone

    leader = make_user(Role.LEADER)
    assert rank_targets_visible_to(leader).count() == 2
    elsewhere = Zone.objects.create(code="other", name="另一开发区")
    stranger = make_user(Role.LEADER, user_zone=elsewhere)
    assert rank_targets_visible_to(stranger).count() == 0
    assert zone_rank_targets(elsewhere) == []


def test_the_admin_only_shows_them(seed_plan, rf):
    model_admin = admin.site._registry[RankTarget]
    request = rf.get("/")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, seed_plan.rank_targets.first())
    assert not model_admin.has_delete_permission(request, seed_plan.rank_targets.first())


def test_plans_imported_before_get_theirs_from_the_stored_document(seed_plan):
    migration = importlib.import_module("luoshi.plans.migrations.0004_rank_targets")
    RankTarget.objects.all().delete()
    migration.fill_rank_targets(django_apps, None)
    assert rows(seed_plan) == [
        (1, NATIONAL_EVALUATION, "全国", 30, 2026),
        (2, NATIONAL_EVALUATION, "中部", 5, 2026),
    ]
