"""`luoshi bench bulletin --quick` runs and prints its figures (no timing is judged here)."""

import json
from io import StringIO

from auditlog.models import LogEntry
from django.core.management import call_command

from luoshi.accounts.models import Zone
from luoshi.bulletins.models import Bulletin
from luoshi.demo.bench_bulletin import PARTS, Sizes, named_departments
from luoshi.monitoring.models import StatusSnapshot

KEYS = {"goal_build_s", "met", "build_s", "build_s_first", "build_s_pdf", "pdf_note", "pages",
        "docx_bytes", "charts", "indicators", "departments_ranked", "queries", "breakdown",
        "sizes", "period", "zone", "database"}


def test_quick_bench_prints_its_figures_and_leaves_nothing(db, settings):
    settings.LUOSHI_SOFFICE = "no-such-soffice"  # no LibreOffice run here: no PDF
    before = [model.objects.count() for model in (Zone, Bulletin, StatusSnapshot, LogEntry)]
    out = StringIO()
    call_command("bench", "bulletin", "--quick", "--db", "current", stdout=out,
                 stderr=StringIO())
    figures = json.loads(out.getvalue())
    assert not KEYS - set(figures)
    assert figures["period"] == "2026Q3" and figures["goal_build_s"] == 5
    assert figures["met"] is (figures["build_s"] < 5)
    for key in ("build_s", "build_s_first", "docx_bytes", "queries"):
        assert isinstance(figures[key], int | float) and not isinstance(figures[key], bool), key
    assert figures["build_s"] > 0 and figures["docx_bytes"] > 0 and figures["queries"] > 0
    assert set(figures["breakdown"]) == {*PARTS, "other_s"}
    # Without LibreOffice: no PDF, and why.
    assert figures["build_s_pdf"] is None and figures["pages"] is None and figures["pdf_note"]
    sizes = Sizes.quick()
    assert figures["indicators"] == sizes.indicators
    assert figures["departments_ranked"] == sizes.departments == figures["zone"]["departments"]
    assert figures["charts"] >= 1
    assert figures["zone"]["month_lights"] > 0 and figures["zone"]["reports"] > 0
    after = [model.objects.count() for model in (Zone, Bulletin, StatusSnapshot, LogEntry)]
    assert after == before


def test_every_department_is_named_on_some_task_within_the_bounds():
    sizes = Sizes()
    named = named_departments(sizes, "seed")
    assert len(named) == sizes.tasks
    assert set().union(*named) == set(range(sizes.departments))
    assert all(sizes.per_task[0] <= len(n) <= sizes.per_task[1] for n in named)
    assert named == named_departments(sizes, "seed")
