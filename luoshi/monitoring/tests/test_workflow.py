"""The review workflow per role: save, approve, accept or return, locks and corrections."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.accounts.choices import Role
from luoshi.core.workflow import steps_of
from luoshi.monitoring import selectors, services
from luoshi.monitoring.models import ValueRevision
from luoshi.monitoring.tests.helpers import (
    EN,
    csv_bytes,
    do_import,
    rows_for,
    store_entries,
    value_of,
)

pytestmark = pytest.mark.django_db


# --- review workflow ---------------------------------------------------------------------


@pytest.fixture
def saved(catalogue, zone, gxj_reporter):
    """工业总产值 2026-03 saved by the 区工信局 reporter, as 正式."""
    services.values_store(
        zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03", "480", "5.2",
                                 status="final"),
        by=gxj_reporter, origin="tests")
    return value_of("industrial_output", "2026-03")


def test_reporter_saves_head_approves_coordinator_accepts_and_locks(saved, gxj_reporter,
                                                                    gxj_head, coordinator):
    assert saved.state == "saved" and saved.updated_by == gxj_reporter
    assert saved.revisions.count() == 0
    saved_at = saved.updated_at
    assert services.values_approve(values=[saved], by=gxj_head, origin="tests") == 1
    saved.refresh_from_db()
    assert saved.state == "approved" and not saved.locked
    assert saved.updated_by == gxj_head and saved.change_reason == ""
    approved_at = saved.updated_at
    assert services.values_accept(values=[saved], by=coordinator, origin="tests") == 1
    saved.refresh_from_db()
    assert saved.state == "accepted" and saved.locked
    assert saved.updated_by == coordinator and saved.revision == 1
    # Each step kept the state it replaced: who set it and when.
    states = list(saved.revisions.order_by("at", "pk").values_list(
        "revision", "state", "by", "at", "cumulative"))
    assert states == [(1, "saved", gxj_reporter.pk, saved_at, Decimal("480")),
                      (1, "approved", gxj_head.pk, approved_at, Decimal("480"))]
    # Review steps save value by value, each logged by django-auditlog with its actor.
    entries = LogEntry.objects.get_for_object(saved).order_by("timestamp", "pk")
    assert [(e.actor_id, e.changes["state"], e.additional_data["origin"]) for e in entries] == [
        (gxj_head.pk, ["saved", "approved"], "tests"),
        (coordinator.pk, ["approved", "accepted"], "tests")]
    # And the workflow kept each step: action, from, to, who, through which door.
    assert [(s.workflow, s.action, s.from_state, s.to_state, s.by_id, s.origin)
            for s in steps_of(saved)] == [
        ("value_review", "approve", "saved", "approved", gxj_head.pk, "tests"),
        ("value_review", "accept", "approved", "accepted", coordinator.pk, "tests")]


def test_accepted_preliminary_values_are_locked_too(catalogue, zone, gxj_reporter, gxj_head,
                                                    coordinator):
    services.values_store(zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03",
                                                   "480"),
                          by=gxj_reporter, origin="tests")
    value = value_of("industrial_output", "2026-03")
    services.values_approve(values=[value], by=gxj_head, origin="tests")
    services.values_accept(values=[value], by=coordinator, origin="tests")
    value.refresh_from_db()
    # 核定 means locked, 快报 or 正式: a later figure is a correction the coordinator decides.
    assert value.state == "accepted" and value.locked
    assert (value.entered_by, value.approved_by, value.accepted_by) == (
        gxj_reporter, gxj_head, coordinator)


def test_coordinator_returns_with_a_reason_only(saved, gxj_reporter, gxj_head, coordinator):
    services.values_approve(values=[saved], by=gxj_head, origin="tests")
    saved.refresh_from_db()
    with pytest.raises(ValidationError):
        services.value_return(value=saved, by=coordinator, reason="  ", origin="tests")
    saved.refresh_from_db()
    assert saved.state == "approved" and saved.return_reason == ""
    assert saved.revisions.count() == 1  # the refused return kept nothing
    services.value_return(value=saved, by=coordinator, reason="与统计局快报不符", origin="tests")
    saved.refresh_from_db()
    assert saved.state == "returned" and saved.return_reason == "与统计局快报不符"
    assert saved.change_reason == "与统计局快报不符" and saved.updated_by == coordinator
    # The return kept the approved state it replaced.
    assert list(saved.revisions.order_by("at", "pk").values_list("state", "by", "reason")) == [
        ("saved", gxj_reporter.pk, ""),
        ("approved", gxj_head.pk, "")]


def test_head_of_another_department_cannot_approve(saved, make_user):
    other_head = make_user(Role.HEAD, "区商务局", username="swj_head")
    with pytest.raises(PermissionDenied):
        services.values_approve(values=[saved], by=other_head, origin="tests")
    saved.refresh_from_db()
    assert saved.state == "saved"


def test_head_of_another_department_cannot_return(saved, make_user):
    other_head = make_user(Role.HEAD, "区商务局", username="swj_head")
    with pytest.raises(PermissionDenied):
        services.value_return(value=saved, by=other_head, reason="不对", origin="tests")
    saved.refresh_from_db()
    assert saved.state == "saved"


def test_reporter_cannot_approve_or_accept(saved, gxj_reporter, gxj_head):
    with pytest.raises(PermissionDenied):
        services.values_approve(values=[saved], by=gxj_reporter, origin="tests")
    services.values_approve(values=[saved], by=gxj_head, origin="tests")
    saved.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.values_accept(values=[saved], by=gxj_reporter, origin="tests")
    with pytest.raises(PermissionDenied):
        services.values_accept(values=[saved], by=gxj_head, origin="tests")
    saved.refresh_from_db()
    assert saved.state == "approved"


def test_accept_needs_an_approved_value(saved, coordinator):
    with pytest.raises(ValidationError):
        services.values_accept(values=[saved], by=coordinator, origin="tests")
    saved.refresh_from_db()
    assert saved.state == "saved"


@pytest.fixture
def locked(saved, gxj_head, coordinator):
    services.values_approve(values=[saved], by=gxj_head, origin="tests")
    saved.refresh_from_db()
    services.values_accept(values=[saved], by=coordinator, origin="tests")
    saved.refresh_from_db()
    assert saved.locked
    return saved


def test_locked_value_refuses_a_change_without_reason(locked, catalogue, zone, gxj_reporter):
    revisions = locked.revisions.count()
    with pytest.raises(services.LockedValue):
        services.values_store(
            zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03", "500", "5.2",
                                     status="final"),
            by=gxj_reporter, origin="tests")
    locked.refresh_from_db()
    assert locked.cumulative == Decimal("480") and locked.locked and locked.state == "accepted"
    assert locked.revisions.count() == revisions


def test_a_change_to_an_accepted_value_becomes_a_correction_request(
        locked, catalogue, zone, gxj_reporter, coordinator, make_user):
    accepted_at = locked.updated_at
    assert locked.revisions.count() == 2  # saved and approved, kept by the review
    result = services.values_store(
        zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03", "500", "5.2",
                                 status="final"),
        by=gxj_reporter, origin="tests", reason="统计局年报修订")
    assert (result.updated, result.corrections) == (0, 1)
    locked.refresh_from_db()
    # The accepted value stands everywhere until the coordinator decides.
    assert locked.cumulative == Decimal("480") and locked.state == "accepted" and locked.locked
    assert locked.updated_at == accepted_at and locked.revisions.count() == 2
    correction = locked.corrections.get()
    assert (correction.cumulative, correction.reason, correction.requested_by,
            correction.state) == (Decimal("500"), "统计局年报修订", gxj_reporter, "pending")
    assert list(selectors.corrections_awaiting(coordinator)) == [correction]
    assert "correction requests" in store_entries().last().changes
    # The coordinator accepts it: new figures, still accepted and locked, the old ones kept.
    services.correction_accept(correction=correction, by=coordinator, origin="tests")
    locked.refresh_from_db()
    assert locked.cumulative == Decimal("500") and locked.state == "accepted" and locked.locked
    assert locked.revision == 2 and locked.change_reason == "统计局年报修订"
    assert locked.entered_by == gxj_reporter and locked.accepted_by == coordinator
    latest = locked.revisions.order_by("-revision", "-at", "-pk").first()
    assert (latest.revision, latest.cumulative, latest.state) == (1, Decimal("480"), "accepted")
    correction.refresh_from_db()
    assert correction.state == "accepted" and correction.decided_by == coordinator
    with pytest.raises(ValidationError):  # decided once
        services.correction_refuse(correction=correction, by=coordinator, note="x",
                                   origin="tests")


def test_a_refused_correction_leaves_the_accepted_value(locked, catalogue, zone, gxj_reporter,
                                                        coordinator):
    services.values_store(
        zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03", "500", "5.2",
                                 status="final"),
        by=gxj_reporter, origin="tests", reason="口径调整")
    correction = locked.corrections.get()
    with pytest.raises(PermissionDenied):  # only the coordinator decides
        services.correction_accept(correction=correction, by=gxj_reporter, origin="tests")
    with pytest.raises(ValidationError):  # a refusal says why
        services.correction_refuse(correction=correction, by=coordinator, note=" ",
                                   origin="tests")
    services.correction_refuse(correction=correction, by=coordinator, note="口径未变",
                               origin="tests")
    locked.refresh_from_db()
    assert locked.cumulative == Decimal("480")
    correction.refresh_from_db()
    assert (correction.state, correction.decision_note) == ("refused", "口径未变")


def test_whoever_asked_for_a_correction_cannot_decide_it(locked, catalogue, zone,
                                                         coordinator):
    services.values_store(
        zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03", "500", "5.2",
                                 status="final"),
        by=coordinator, origin="tests", reason="年报修订")
    correction = locked.corrections.get()
    with pytest.raises(PermissionDenied):
        services.correction_accept(correction=correction, by=coordinator, origin="tests")


def test_locked_value_refuses_a_file_without_reason(locked, zone, coordinator):
    rows = [["工业总产值", "2026-03", "500", "5.2", "亿元", "正式"]]
    try:
        outcome = do_import(zone, csv_bytes(EN, rows), by=coordinator)
    except services.LockedValue:
        pass  # how the refusal reaches the user is tested on the page and the command
    else:
        assert not outcome.ok
    locked.refresh_from_db()
    assert locked.cumulative == Decimal("480") and locked.locked
    # On the web the coordinator too asks; with the command's authority it applies at once.
    outcome = do_import(zone, csv_bytes(EN, rows), by=coordinator, reason="年报修订")
    assert outcome.ok and outcome.result.corrections == 1
    locked.refresh_from_db()
    assert locked.cumulative == Decimal("480")
    outcome = do_import(zone, csv_bytes(EN, rows), by=coordinator, reason="年报修订", accept=True)
    assert outcome.ok and outcome.result.updated == 1
    locked.refresh_from_db()
    assert locked.cumulative == Decimal("500") and locked.locked and locked.state == "accepted"


def test_four_eyes_whoever_entered_a_value_cannot_approve_or_accept_it(
        catalogue, zone, gxj_head, coordinator, make_user):
    services.values_store(zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03",
                                                   "480"), by=gxj_head, origin="tests")
    value = value_of("industrial_output", "2026-03")
    with pytest.raises(PermissionDenied):
        services.values_approve(values=[value], by=gxj_head, origin="tests")
    services.values_store(zone=zone, rows=rows_for(catalogue, "trade", "2026-03", "30"),
                          by=coordinator, origin="tests")
    trade = value_of("trade", "2026-03")
    trade.state = "approved"
    trade.save()
    with pytest.raises(PermissionDenied):
        services.values_accept(values=[trade], by=coordinator, origin="tests")
    other = make_user(Role.COORDINATOR, username="coordinator2")
    assert services.values_accept(values=[trade], by=other, origin="tests") == 1


def test_a_draft_is_not_for_review_until_submitted(catalogue, zone, gxj_reporter, gxj_head):
    rows = rows_for(catalogue, "industrial_output", "2026-03", "480")
    services.values_store(zone=zone, rows=rows, by=gxj_reporter, origin="tests", submit=False)
    assert value_of("industrial_output", "2026-03").state == "draft"
    assert not selectors.values_awaiting(gxj_head).exists()
    result = services.values_store(zone=zone, rows=rows, by=gxj_reporter, origin="tests")
    assert result.updated == 1
    assert value_of("industrial_output", "2026-03").state == "saved"
    assert selectors.values_awaiting(gxj_head).count() == 1




def test_returned_value_can_be_corrected_and_approved_again(saved, catalogue, zone,
                                                            gxj_reporter, gxj_head, coordinator):
    services.values_approve(values=[saved], by=gxj_head, origin="tests")
    saved.refresh_from_db()
    services.value_return(value=saved, by=coordinator, reason="请核对", origin="tests")
    services.values_store(
        zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03", "470", "5.2",
                                 status="final"),
        by=gxj_reporter, origin="tests")
    saved.refresh_from_db()
    assert saved.state == "saved" and saved.return_reason == ""
    assert saved.cumulative == Decimal("470") and saved.revision == 2
    assert saved.change_reason == "" and saved.updated_by == gxj_reporter
    # The returned state, with the reason it was returned for, is kept.
    latest = saved.revisions.order_by("-at", "-pk").first()
    assert (latest.revision, latest.cumulative, latest.state, latest.reason, latest.by_id) == (
        1, Decimal("480"), "returned", "请核对", coordinator.pk)
    assert list(selectors.values_awaiting(gxj_head)) == [saved]
    services.values_approve(values=[saved], by=gxj_head, origin="tests")
    saved.refresh_from_db()
    assert saved.state == "approved"


def test_returned_value_confirmed_unchanged_goes_back_for_approval(
        saved, catalogue, zone, gxj_reporter, gxj_head, coordinator):
    """The department checks a returned figure, finds it right and saves it again: it must
    reach the head again, not stay returned with no way forward."""
    services.values_approve(values=[saved], by=gxj_head, origin="tests")
    saved.refresh_from_db()
    services.value_return(value=saved, by=coordinator, reason="请核对", origin="tests")
    services.values_store(
        zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03", "480", "5.2",
                                 status="final"),
        by=gxj_reporter, origin="tests")
    saved.refresh_from_db()
    assert saved.state == "saved" and saved.cumulative == Decimal("480")
    # Saving it again ends the returned state, which is kept with its reason.
    latest = saved.revisions.order_by("-at", "-pk").first()
    assert (latest.state, latest.reason, latest.by_id) == ("returned", "请核对", coordinator.pk)
    assert [v.pk for v in selectors.values_awaiting(gxj_head)] == [saved.pk]
    services.values_approve(values=[saved], by=gxj_head, origin="tests")
    saved.refresh_from_db()
    assert saved.state == "approved"


@pytest.mark.parametrize(("cumulative", "yoy", "unit"), [
    ("1234.5", "", "万元"),  # 0.12345亿元: five decimals once converted
    ("480", "5.234", "亿元"),  # 同比 with three decimals
], ids=["wan-yuan-decimals", "yoy-decimals"])
def test_importing_the_same_file_twice_changes_nothing(catalogue, zone, coordinator,
                                                       cumulative, yoy, unit):
    rows = [["工业总产值", "2026-03", cumulative, yoy, unit, "正式"]]
    assert do_import(zone, csv_bytes(EN, rows), by=coordinator).ok
    value = value_of("industrial_output", "2026-03")
    again = do_import(zone, csv_bytes(EN, rows), by=coordinator)
    assert again.ok
    assert (again.result.created, again.result.updated, again.result.unchanged) == (0, 0, 1)
    assert ValueRevision.objects.count() == 0
    value.refresh_from_db()
    assert value.revision == 1
    assert store_entries().count() == 1  # only the first import wrote anything
