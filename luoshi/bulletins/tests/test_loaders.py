"""What a bulletin quotes from supervision, frozen with its figures: the departments' reports
(on time or not, the problems they raised, once however often repeated), the milestones due
or done in the period, the lights of its closed months, per-department counts."""

from datetime import date

import pytest

from conftest import roles, seed_plan, zone  # noqa: F401 (the root fixtures: a zone of its own)
from luoshi.bulletins import services
from luoshi.bulletins.tests.helpers import Q3, VALUES, texts
from luoshi.domain.bulletins.serial import inputs_from_json
from luoshi.domain.calendar.periods import parse_period
from luoshi.monitoring.tests.page_helpers import store
from luoshi.supervision import services as supervision
from luoshi.supervision.models import MonthLight
from luoshi.supervision.tests.conftest import XS, YSJ
from luoshi.supervision.tests.helpers import AUG, SEP, bj
from luoshi.supervision.tick_services import tick

pytestmark = pytest.mark.django_db

PROBLEM = "审批系统与市级平台对接需市里协调。"


@pytest.fixture
def reported(supervised, catalogue, clock, flow, coordinator, task, dept, fake_channels):
    """A zone of its own (the root fixtures), where 区营商局 reports on task 8 on time in
    August and September (the same problem twice, a milestone done early) and 区行审大厅
    never reports and misses its milestone, before the tick closes the months."""
    clock.at(2026, 8, 10, 9)
    done = supervision.milestone_create(task=task(8), department_id=dept(YSJ).pk,
                                        title="上线一网通办专区", due=date(2026, 9, 20),
                                        by=coordinator, origin="tests")
    supervision.milestone_create(task=task(8), department_id=dept(XS).pk,
                                 title="完成窗口整合", due=date(2026, 9, 15), by=coordinator,
                                 origin="tests")
    august = flow.send_up(8, YSJ, AUG, bj(2026, 9, 3, 10), problems=PROBLEM)
    flow.step(august, "accept", coordinator, bj(2026, 9, 4, 10))
    flow.send_up(8, YSJ, SEP, bj(2026, 9, 30, 10), problems=PROBLEM,
                 milestones_done={done.pk: date(2026, 9, 18)})
    clock.at(2026, 10, 9)
    store(supervised, VALUES)
    tick(now=bj(2026, 10, 9))
    MonthLight.objects.filter(zone=supervised).exclude(task__number=8).delete()
    clock.at(2026, 10, 15, 9)
    return supervised


def test_the_supervision_records_are_frozen_into_the_bulletin(reported, coordinator):
    bulletin = services.build_now(zone=reported, period=parse_period(Q3), by=coordinator,
                                  origin="tests")
    inputs = inputs_from_json(bulletin.inputs)
    assert [(m.task, m.department, m.due, m.done) for m in inputs.milestones] == [
        (8, XS, date(2026, 9, 15), None), (8, YSJ, date(2026, 9, 20), date(2026, 9, 18))]
    assert [(p.department, p.task, p.text) for p in inputs.problems] == [(YSJ, 8, PROBLEM)]
    counts = {c.department: c for c in inputs.counts}
    assert (counts[YSJ].reports_owed, counts[YSJ].reports_on_time) == (2, 2)
    assert (counts[YSJ].milestones_due, counts[YSJ].milestones_on_time) == (1, 1)
    assert (counts[XS].reports_on_time, counts[XS].milestones_due,
            counts[XS].milestones_on_time) == (0, 1, 0)
    assert {(t.number, t.month.code) for t in inputs.tasks} == {(8, "2026-08"), (8, "2026-09")}
    lights = {(pair.department, t.month.code): pair.light
              for t in inputs.tasks for pair in t.departments}
    assert lights[(YSJ, "2026-08")] == lights[(YSJ, "2026-09")] == "green"
    assert lights[(XS, "2026-09")] in ("yellow", "red")

    lines = texts(bulletin.docx)
    assert any(line.startswith(f"{YSJ}：本季度完成节点1个（按期1个）") for line in lines)
    assert f"{XS}：到期未完成节点1个：第8项“完成窗口整合”（9月15日到期）。" in lines
    assert not any(line.startswith(f"由{YSJ}负责") for line in lines)  # green: not lagging
    assert any(line.startswith(f"由{XS}负责的第8项") for line in lines)
    # The problems' annex lists the problem once; 区营商局 (on time every month) ranks first.
    titles = [a["title"] for a in bulletin.content["attachments"]]
    problems = bulletin.content["attachments"][titles.index(
        "2026年前三季度重点任务推进中反映的问题清单")]["tables"][0]
    assert problems["rows"] == [["1", YSJ, "第8项", PROBLEM]]
    assert PROBLEM in lines
    ranking = bulletin.content["attachments"][-1]["tables"][0]
    assert ranking["rows"][0][:5] == ["1", YSJ, "2", "2", "100.0%"]
