"""The parser measured against hand-labelled real plans (fixtures/real, see its README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from luoshi.domain.plandoc import Plan, Task
from luoshi.domain.plandoc.evaluation import Counts, evaluate_directory, main, score_plan

REAL = Path(__file__).parent / "fixtures" / "real"


def plan_of(*tasks: Task) -> Plan:
    return Plan("t", "", "", None, (), (), tasks, (), ())


def task(number: int, title: str, lead=(), responsible=(), deadline="") -> Task:
    return Task(number, None, title, title + "。", tuple(lead), tuple(responsible), deadline)


TRUTH = [
    {"key": "推进改革", "lead": ["甲局"], "responsible": ["乙局"], "deadline": "年底前"},
    {"key": "优化服务", "lead": [], "responsible": ["丙局", "丁局"], "deadline": ""},
]


def test_a_perfect_parse_scores_one() -> None:
    score = score_plan(plan_of(task(1, "推进改革", ["甲局"], ["乙局"], "年底前"),
                               task(2, "优化服务", [], ["丙局", "丁局"])), TRUTH)
    assert score.tasks.recall == score.tasks.precision == 1
    assert score.units.f1 == score.lead.f1 == score.deadline.f1 == 1


def test_a_missed_task_costs_task_and_unit_recall() -> None:
    score = score_plan(plan_of(task(1, "推进改革", ["甲局"], ["乙局"])), TRUTH)
    assert score.tasks.recall == 0.5 and score.tasks.precision == 1
    assert (score.units.true_positive, score.units.false_negative) == (2, 2)
    assert score.lead.recall == 1


def test_wrong_roles_and_extra_tasks_are_counted() -> None:
    score = score_plan(plan_of(task(1, "推进改革", ["乙局"], ["甲局"]),
                               task(2, "优化服务", ["丙局"], ["丁局", "戊局"]),
                               task(3, "不在真值里")), TRUTH)
    assert score.tasks.precision == pytest.approx(2 / 3)
    assert score.units.false_positive == 1  # 戊局; the role does not matter for units
    assert (score.lead.true_positive, score.lead.false_positive) == (0, 2)


def test_an_unreadable_file_scores_zero_recall(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "bad.truth.json").write_text(json.dumps({"tasks": TRUTH}), encoding="utf-8")
    result = evaluate_directory(tmp_path)
    assert result["files"]["bad.txt"]["tasks"]["recall"] == 0
    assert result["files"]["bad.txt"]["error"] == "文件为空"


@pytest.mark.parametrize("directory", ["tuning", "heldout", "heldout2"])
def test_goals_on_tuning_sets(directory: str) -> None:
    # All three sets have been tuned on (README.md): heldout/ after its 2 measured rounds,
    # heldout2/ after its one honest measurement below.  These are tuning scores.
    overall = evaluate_directory(REAL / directory)["overall"]
    assert overall["tasks"]["recall"] >= 0.97
    assert overall["tasks"]["precision"] >= 0.97
    assert overall["units"]["f1"] >= 0.95
    assert overall["lead"]["f1"] >= 0.90


# heldout2/ measured once, before the parser was changed for it (commit 9539b45, README.md).
# The goals were not met then; these are the honest held-out numbers, kept as recorded.
HELDOUT2_FIRST = {"tasks": {"tp": 10, "fp": 0, "fn": 11}, "units": {"tp": 22, "fp": 5, "fn": 28},
                  "lead": {"tp": 7, "fp": 0, "fn": 1}}


def test_heldout2_first_measurement_is_recorded_as_measured() -> None:
    readme = (REAL / "README.md").read_text("utf-8")
    assert "10 / 21: recall 0.48, precision 1.00" in readme
    assert "0.815 / 0.44 / 0.571" in readme and "1.00 / 0.875 / 0.933" in readme
    first = {name: Counts(c["tp"], c["fp"], c["fn"]) for name, c in HELDOUT2_FIRST.items()}
    assert round(first["tasks"].recall, 2) == 0.48
    assert round(first["units"].f1, 3) == 0.571 and round(first["lead"].f1, 3) == 0.933
    # Below the goals: the held-out number must not be reported as meeting them.
    assert first["tasks"].recall < 0.97 and first["units"].f1 < 0.95
    # And tuning must not have made heldout2 worse than its honest baseline.
    now = evaluate_directory(REAL / "heldout2")["overall"]
    assert now["tasks"]["recall"] >= first["tasks"].recall
    assert now["units"]["f1"] >= first["units"].f1


# heldout3/ measured once, before the parser was changed for it (commit c5252a0, README.md).
# Only 18 tasks; no goal was met.  Kept as recorded, as a baseline tuning must not fall below.
HELDOUT3_FIRST = {"tasks": {"tp": 16, "fp": 0, "fn": 2}, "units": {"tp": 28, "fp": 4, "fn": 3},
                  "lead": {"tp": 7, "fp": 4, "fn": 2}}


def test_heldout3_first_measurement_is_recorded_as_measured() -> None:
    readme = (REAL / "README.md").read_text("utf-8")
    assert "16 / 18: recall 0.89, precision 1.00" in readme
    assert "0.875 / 0.903 / 0.889" in readme and "0.636 / 0.778 / 0.700" in readme
    first = {name: Counts(c["tp"], c["fp"], c["fn"]) for name, c in HELDOUT3_FIRST.items()}
    assert round(first["tasks"].recall, 2) == 0.89
    assert round(first["units"].f1, 3) == 0.889 and round(first["lead"].f1, 3) == 0.700
    assert first["tasks"].recall < 0.97 and first["units"].f1 < 0.95 and first["lead"].f1 < 0.90
    now = evaluate_directory(REAL / "heldout3")["overall"]
    assert now["tasks"]["recall"] >= first["tasks"].recall
    assert now["units"]["f1"] >= first["units"].f1
    assert now["lead"]["f1"] >= first["lead"].f1


# heldout4/ measured once, before the parser was changed for it (commit 63522a3, README.md):
# 117 tasks in six whole documents.  Only lead F1 met its goal; kept as recorded, as a baseline.
HELDOUT4_FIRST = {"tasks": {"tp": 113, "fp": 0, "fn": 4}, "units": {"tp": 319, "fp": 17, "fn": 60},
                  "lead": {"tp": 55, "fp": 0, "fn": 0}}


def test_heldout4_first_measurement_is_recorded_as_measured() -> None:
    readme = (REAL / "README.md").read_text("utf-8")
    assert "113 / 117: recall 0.97 (0.966), precision 1.00" in readme
    assert "0.949 / 0.842 / 0.892" in readme
    first = {name: Counts(c["tp"], c["fp"], c["fn"]) for name, c in HELDOUT4_FIRST.items()}
    assert round(first["tasks"].recall, 3) == 0.966 and round(first["units"].f1, 3) == 0.892
    assert first["lead"].f1 == 1.0
    # The task and unit goals were not met before tuning; only the lead goal was.
    assert first["tasks"].recall < 0.97 and first["units"].f1 < 0.95 and first["lead"].f1 >= 0.90
    now = evaluate_directory(REAL / "heldout4")["overall"]
    assert now["tasks"]["recall"] >= first["tasks"].recall
    assert now["units"]["f1"] >= first["units"].f1
    assert now["lead"]["f1"] >= first["lead"].f1


def test_every_real_document_has_a_source(tmp_path: Path) -> None:
    documents = [p for p in REAL.rglob("*") if p.suffix in (".txt", ".pdf", ".html", ".docx")
                 and p.parent != REAL]
    assert len(documents) >= 12
    for path in documents:
        source = json.loads(path.with_name(path.stem + ".source.json").read_text("utf-8"))
        assert source["source"].startswith("http")
        assert path.with_name(path.stem + ".truth.json").exists()


def test_command_line_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(REAL / "heldout"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"files", "overall"}
    assert "xuanzhou_pipe_cells.txt" in result["files"]
    assert set(result["overall"]) == {"tasks", "units", "lead", "deadline"}


# heldout5/ measured once, before the parser was changed for it (commit 6a4bd61, README.md):
# one whole municipal plan, 44 tasks.  Task recall and lead F1 met their goals, unit F1 did not;
# kept as recorded, as a baseline tuning must not fall below.
HELDOUT5_FIRST = {"tasks": {"tp": 43, "fp": 0, "fn": 1}, "units": {"tp": 110, "fp": 71, "fn": 36},
                  "lead": {"tp": 43, "fp": 1, "fn": 1}}


def test_heldout5_first_measurement_is_recorded_as_measured() -> None:
    readme = (REAL / "README.md").read_text("utf-8")
    assert "43 / 44: recall 0.977, precision 1.00" in readme
    assert "0.608 / 0.753 / 0.673" in readme and "0.977 / 0.977 / 0.977" in readme
    first = {name: Counts(c["tp"], c["fp"], c["fn"]) for name, c in HELDOUT5_FIRST.items()}
    assert round(first["tasks"].recall, 3) == 0.977 and round(first["units"].f1, 3) == 0.673
    assert round(first["lead"].f1, 3) == 0.977
    assert first["tasks"].recall >= 0.97 and first["units"].f1 < 0.95 and first["lead"].f1 >= 0.90
    now = evaluate_directory(REAL / "heldout5")["overall"]
    assert now["tasks"]["recall"] >= first["tasks"].recall
    assert now["units"]["f1"] >= first["units"].f1
    assert now["lead"]["f1"] >= first["lead"].f1
