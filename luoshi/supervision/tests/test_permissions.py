"""Who may do what in supervision, for every role: a department writes and submits its own
reports, its head sends them up, the coordinator accepts or returns them (never one they
submitted), decides extensions, sets milestones and settings; and who reads which
department's reports, milestones and notices."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.accounts.choices import Role
from luoshi.accounts.models import User, Zone
from luoshi.core.workflow import steps_of
from luoshi.domain.calendar.periods import Period
from luoshi.supervision import services
from luoshi.supervision.choices import ExtensionState, ReportState
from luoshi.supervision.models import Notice, ProgressReport
from luoshi.supervision.selectors import (
    milestones_visible_to,
    notices_visible_to,
    reports_visible_to,
)

from .conftest import JKB, XS, YSJ
from .helpers import AUG, SEP, bj, d

pytestmark = pytest.mark.django_db

EVERYONE = ("coordinator", "leader", "reporter", "head", "other_reporter", "other_head",
            "inspector", "hr", "auditor", "observer", "outsider")


@pytest.fixture
def people(supervised, make_user, staff, coordinator, clock):
    """Every role; 区营商局 is the department whose work the tests act on, 区行审大厅 another
    department named on the same task; the observer and the outsider (the coordinator of
    another zone) belong to another zone."""
    clock.at(2026, 9, 20, 9)  # September's report is being written (a month already begun)
    other = Zone.objects.create(code="other", name="另一开发区")
    return {
        "coordinator": coordinator,
        "leader": make_user(Role.LEADER, username="leader"),
        "reporter": staff.reporter(YSJ),
        "head": staff.head(YSJ),
        "other_reporter": staff.reporter(XS),
        "other_head": staff.head(XS),
        "inspector": make_user(Role.INSPECTOR, "区纪委监委", username="inspector"),
        "hr": make_user(Role.HR, "区委组织部", username="hr"),
        "auditor": make_user(Role.AUDITOR, username="auditor"),
        "observer": make_user(Role.OBSERVER, username="observer", user_zone=other),
        "outsider": make_user(Role.COORDINATOR, "经开办(自贸办)", username="outsider",
                              user_zone=other),
    }


def outcome(action) -> str:
    try:
        action()
    except PermissionDenied:
        return "denied"
    except ValidationError:
        return "invalid"
    return "ok"


def outcomes(people, names, action) -> dict[str, str]:
    return {name: outcome(lambda name=name: action(people[name])) for name in names}


def only(allowed, names=EVERYONE) -> dict[str, str]:
    return {name: "ok" if name in allowed else "denied" for name in names}


def save(task, dept, by, name=YSJ, month=SEP, progress="按计划推进"):
    return services.report_save(task=task(8), department_id=dept(name).pk, month=month,
                                text=services.ReportText(progress), by=by, origin="tests")


def step(report, action, by, reason=""):
    return services.report_step(report=report, action=action, by=by, origin="tests",
                                reason=reason)


def test_only_the_departments_own_users_write_a_report(people, task, dept):
    assert outcomes(people, EVERYONE, lambda user: save(task, dept, user)) == only(
        {"reporter", "head"})
    assert outcomes(people, ["reporter", "other_reporter"],
                    lambda user: save(task, dept, user, name=XS)) == {
        "reporter": "denied", "other_reporter": "ok"}


def test_only_the_departments_own_users_submit(people, task, dept):
    draft = save(task, dept, people["reporter"])
    others = [n for n in EVERYONE if n not in ("reporter", "head")]
    assert outcomes(people, others, lambda user: step(draft, "submit", user)) == only(
        (), others)
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT and not steps_of(draft).exists()
    step(draft, "submit", people["reporter"])
    august = save(task, dept, people["head"], month=AUG)
    step(august, "submit", people["head"])
    assert {draft.state, august.state} == {ReportState.SUBMITTED}


def test_only_the_head_sends_up(people, task, dept, clock):
    report = step(save(task, dept, people["reporter"]), "submit", people["reporter"])
    others = [n for n in EVERYONE if n != "head"]
    assert outcomes(people, others, lambda user: step(report, "send_up", user)) == only(
        (), others)
    assert outcomes(people, others, lambda user: step(report, "send_back", user, "重写")) == \
        only((), others)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.sent_up_at is None
    clock.at(2026, 10, 7, 9)
    step(report, "send_up", people["head"])
    report.refresh_from_db()
    assert report.state == ReportState.SENT_UP and report.sent_up_by == people["head"]
    assert report.sent_up_at == report.first_sent_up_at == bj(2026, 10, 7, 9)


def test_only_the_coordinator_accepts_or_returns_with_a_reason(people, task, dept):
    report = step(step(save(task, dept, people["reporter"]), "submit", people["reporter"]),
                  "send_up", people["head"])
    others = [n for n in EVERYONE if n != "coordinator"]
    assert outcomes(people, others, lambda user: step(report, "accept", user)) == only(
        (), others)
    assert outcomes(people, others, lambda user: step(report, "return", user, "重写")) == only(
        (), others)
    coordinator = people["coordinator"]
    with pytest.raises(ValidationError):
        step(report, "return", coordinator, reason="  ")
    step(report, "return", coordinator, reason="请补充数据")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.return_reason == "请补充数据"

    step(step(save(task, dept, people["reporter"], progress="已补充"), "submit",
              people["reporter"]), "send_up", people["head"])
    report.refresh_from_db()
    step(report, "accept", coordinator)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.accepted_by == coordinator
    with pytest.raises(ValidationError):  # accepted is final
        step(report, "return", coordinator, reason="再改")
    with pytest.raises(ValidationError):  # nor rewritten by the department
        save(task, dept, people["reporter"], progress="改写")


def test_the_coordinator_does_not_accept_a_report_they_submitted(people, task, dept, staff,
                                                                 make_user):
    # The coordinator's own office (经开办) also reports on task 8.
    coordinator = people["coordinator"]
    coordinator.user_permissions.add(Permission.objects.get(codename="write_reports"))
    coordinator = User.objects.get(pk=coordinator.pk)  # permissions are cached per object
    report = step(save(task, dept, coordinator, name=JKB), "submit", coordinator)
    assert report.submitted_by == coordinator
    step(report, "send_up", staff.head(JKB))
    with pytest.raises(PermissionDenied):
        step(report, "accept", coordinator)
    report.refresh_from_db()
    assert report.state == ReportState.SENT_UP and report.accepted_by is None
    colleague = make_user(Role.COORDINATOR, JKB, username="coordinator2")
    step(report, "accept", colleague)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.accepted_by == colleague


def test_extensions_asked_by_the_department_decided_by_the_coordinator(people, task, dept,
                                                                       coordinator):
    milestone = services.milestone_create(task=task(8), department_id=dept(YSJ).pk,
                                          title="营商环境评价", due=d(2026, 9, 30),
                                          by=coordinator, origin="tests")

    def ask(user):
        return services.extension_request(milestone=milestone, new_due=d(2026, 10, 31),
                                          reason="等待上级部署", by=user, origin="tests")

    others = [n for n in EVERYONE if n not in ("reporter", "head")]
    assert outcomes(people, others, ask) == only((), others)
    extension = ask(people["reporter"])
    ask(people["head"])  # the head may ask too

    def decide(user):
        return services.extension_decide(extension=extension, approve=True, by=user,
                                         origin="tests", note="同意")

    others = [n for n in EVERYONE if n != "coordinator"]
    assert outcomes(people, others, decide) == only((), others)
    extension.refresh_from_db()
    milestone.refresh_from_db()
    assert extension.state == ExtensionState.PENDING and milestone.due == d(2026, 9, 30)
    decide(coordinator)
    extension.refresh_from_db()
    milestone.refresh_from_db()
    assert extension.state == ExtensionState.APPROVED and extension.decided_by == coordinator
    assert milestone.due == d(2026, 10, 31)


def test_only_the_coordinator_sets_milestones_and_settings(people, task, dept, supervised):
    def create(user):
        return services.milestone_create(task=task(8), department_id=dept(YSJ).pk,
                                         title="节点", due=d(2026, 9, 30), by=user,
                                         origin="tests")

    assert outcomes(people, EVERYONE, create) == only({"coordinator"})
    with pytest.raises(ValidationError):  # 区国资办 is not named on task 8
        services.milestone_create(task=task(8), department_id=dept("区国资办").pk, title="节点",
                                  due=d(2026, 9, 30), by=people["coordinator"], origin="tests")

    def configure(user):
        return services.settings_configure(zone=supervised, by=user, origin="tests",
                                           start=Period.month(2026, 9))

    assert outcomes(people, EVERYONE, configure) == only({"coordinator"})
    with pytest.raises(ValidationError):
        services.settings_configure(zone=supervised, by=people["coordinator"], origin="tests",
                                    report_day=29)


@pytest.fixture
def milestone(supervised, task, dept, coordinator):
    return services.milestone_create(task=task(8), department_id=dept(YSJ).pk,
                                     title="营商环境评价", due=d(2026, 9, 30), by=coordinator,
                                     origin="tests")


def done(milestone, day=None):
    day = day or d(2026, 9, 25)
    return lambda user: services.milestone_done(milestone=milestone, done_on=day, by=user,
                                                origin="tests")


def test_the_department_or_the_coordinator_records_a_milestone_done(people, milestone,
                                                                     clock):
    clock.at(2026, 9, 28, 9)
    names = [n for n in EVERYONE if n != "outsider"]
    assert outcomes(people, names, done(milestone)) == only(
        {"reporter", "head", "coordinator"}, names)
    milestone.refresh_from_db()
    assert milestone.done_on == d(2026, 9, 25)
    with pytest.raises(ValidationError):  # not in the future
        done(milestone, d(2026, 9, 29))(people["reporter"])


def test_the_coordinator_of_another_zone_records_no_milestone_done(people, milestone, clock):
    clock.at(2026, 9, 28, 9)
    with pytest.raises(PermissionDenied):
        done(milestone)(people["outsider"])
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_the_department_signs_and_answers_a_notice_the_coordinator_closes(people, task, dept,
                                                                          supervised):
    notice = Notice.objects.create(zone=supervised, task=task(8), department=dept(YSJ),
                                   year=2026, month=8, level="notice",
                                   issued_at=bj(2026, 9, 8, 9), due_at=bj(2026, 9, 16))

    def act(action, text=""):
        return lambda user: services.notice_step(notice=notice, action=action, by=user,
                                                 origin="tests", text=text)

    others = [n for n in EVERYONE if n not in ("reporter", "head")]
    assert outcomes(people, others, act("sign")) == only((), others)
    act("sign")(people["reporter"])
    with pytest.raises(ValidationError):
        act("answer")(people["head"])
    assert outcomes(people, others, act("answer", "已补报")) == only((), others)
    act("answer", "已补报")(people["head"])
    notice.refresh_from_db()
    assert (notice.state, notice.answer, notice.answered_by) == ("answered", "已补报",
                                                                 people["head"])
    others = [n for n in EVERYONE if n != "coordinator"]
    assert outcomes(people, others, act("close")) == only((), others)
    act("close")(people["coordinator"])
    notice.refresh_from_db()
    assert notice.state == "closed" and notice.closed_at is not None


@pytest.fixture
def work(people, task, dept, supervised, coordinator):
    """Reports, milestones and notices of 区营商局 and 区行审大厅 on task 8."""
    for name in (YSJ, XS):
        save(task, dept, people["reporter" if name == YSJ else "other_reporter"], name=name)
        services.milestone_create(task=task(8), department_id=dept(name).pk, title="节点",
                                  due=d(2026, 9, 30), by=coordinator, origin="tests")
        Notice.objects.create(zone=supervised, task=task(8), department=dept(name), year=2026,
                              month=8, level="notice", issued_at=bj(2026, 9, 8, 9))


def test_each_role_reads_the_work_of_its_departments_only(people, work):
    both, own, other, none = {YSJ, XS}, {YSJ}, {XS}, set()
    expected = {"coordinator": both, "leader": both, "reporter": own, "head": own,
                "other_reporter": other, "other_head": other, "inspector": none, "hr": none,
                "auditor": none, "observer": none, "outsider": none}
    for selector in (reports_visible_to, milestones_visible_to, notices_visible_to):
        seen = {name: set(selector(user).values_list("department__name", flat=True))
                for name, user in people.items()}
        wanted = expected
        if selector is reports_visible_to:
            # The reports are drafts: they stay inside their department until sent up.
            wanted = {**expected, "coordinator": none, "leader": none}
        assert seen == wanted, selector.__name__
    # Sent up, 区营商局's report reaches the coordinator and leaders.
    report = ProgressReport.objects.get(department__name=YSJ)
    step(report, "submit", people["reporter"])
    step(report, "send_up", people["head"])
    for name in ("coordinator", "leader"):
        assert set(reports_visible_to(people[name]).values_list(
            "department__name", flat=True)) == {YSJ}


def test_a_department_added_to_a_reporter_is_theirs_to_read_and_write(people, work, task, dept):
    reporter = people["reporter"]
    reporter.extra_departments.add(dept(XS))
    reporter = User.objects.get(pk=reporter.pk)
    assert set(reports_visible_to(reporter).values_list("department__name", flat=True)) == {
        YSJ, XS}
    assert save(task, dept, reporter, name=XS, progress="代报").progress == "代报"
