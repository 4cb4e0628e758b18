"""The command-line contract: `luoshi benchmark synth|score|import|run`. `score --json` prints
the contract keys with numbers as JSON numbers; bad files and unknown zones exit 2 with the file,
row and column on stderr; `import` stores a zone's peer data and evaluates, `run --json` prints
the latest evaluation in the same shape as `score --json`."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from luoshi.benchmark.models import Evaluation, PeerSet
from luoshi.domain.benchmark.method import default_method, method_rows

from .helpers import HOME, csv_content, peer_csv, table

DRAWS = ("--draws", "100")
SYNTH_HOME = "哈尔滨经开区"
TOP = {"zone", "year", "total", "rank", "region", "regional_rank", "groups", "gaps",
       "sensitivity"}
GROUP = {"name", "weight", "score", "rank"}
GAP = {"indicator", "current", "needed", "target_rank", "rank_gain_per_pct"}
BAND = {"median_rank", "low", "high"}


@pytest.fixture
def run(capsys):
    """run(*args) → (exit code, stdout, stderr) of `luoshi benchmark *args`."""

    def command(*args):
        out, code = io.StringIO(), 0
        capsys.readouterr()
        try:
            with translation.override("zh-hans"):  # as the command runs: in Chinese
                call_command("benchmark", *[str(a) for a in args], stdout=out)
        except SystemExit as exit_:
            code = exit_.code
        return code, out.getvalue(), capsys.readouterr().err

    return command


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    """The synthetic demo file (230 zones, 2021–2025), written once for the module."""
    path = tmp_path_factory.mktemp("synth") / "peers.csv"
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command("benchmark", "synth", "--out", str(path), stdout=out)
    assert "1150" in out.getvalue()
    return path


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def assert_contract(result: dict) -> None:
    assert set(result) >= TOP
    assert isinstance(result["zone"], str) and isinstance(result["region"], str)
    for key in ("year", "rank", "regional_rank"):
        assert isinstance(result[key], int) and not isinstance(result[key], bool), key
    assert is_number(result["total"])
    assert result["groups"] and all(set(g) >= GROUP for g in result["groups"])
    for group in result["groups"]:
        assert isinstance(group["name"], str)
        assert all(is_number(group[k]) for k in ("weight", "score", "rank")), group
    assert result["gaps"] and all(set(g) >= GAP for g in result["gaps"])
    for gap in result["gaps"]:
        assert isinstance(gap["indicator"], str)
        assert is_number(gap["current"]) and isinstance(gap["target_rank"], int)
        assert isinstance(gap["rank_gain_per_pct"], int)
        assert gap["needed"] is None or is_number(gap["needed"])
    assert set(result["sensitivity"]) >= BAND
    assert all(isinstance(result["sensitivity"][k], int) for k in BAND)
    band = result["sensitivity"]
    assert band["low"] <= band["median_rank"] <= band["high"]


def score(run, path, *args):
    code, out, err = run("score", path, "--json", *DRAWS, *args)
    assert code == 0, err
    return json.loads(out)


# --- score (no database) ---------------------------------------------------------------------
def test_synth_then_score_prints_the_contract(synth, run):
    result = score(run, synth, "--zone", SYNTH_HOME)
    assert_contract(result)
    assert (result["zone"], result["year"], result["region"]) == (SYNTH_HOME, 2025, "中部")
    assert result["zones"] == 230 and result["sensitivity"]["draws"] == 100
    assert [g["name"] for g in result["groups"]] == ["对外开放", "发展质量", "科技创新",
                                                     "绿色发展", "统筹协调"]
    assert [g["weight"] for g in result["groups"]] == [30, 30, 15, 15, 10]
    assert len(result["gaps"]) == 30 and {g["target_rank"] for g in result["gaps"]} == {30}
    assert [h["year"] for h in result["history"]] == [2021, 2022, 2023, 2024, 2025]
    code, out, _err = run("score", synth, "--zone", SYNTH_HOME, *DRAWS)
    assert code == 0 and SYNTH_HOME in out and str(result["rank"]) in out
    assert not out.lstrip().startswith("{")


def test_score_options(synth, run):
    default = score(run, synth, "--zone", SYNTH_HOME)
    by_rank = score(run, synth, "--zone", SYNTH_HOME, "--normalise", "rank")
    assert_contract(by_rank)
    assert by_rank["method"]["normalise"] == "rank" and by_rank["total"] != default["total"]
    top10 = score(run, synth, "--zone", SYNTH_HOME, "--target-rank", "10", "--year", "2023")
    assert_contract(top10)
    assert top10["year"] == 2023 and top10["target_rank"] == 10
    assert {g["target_rank"] for g in top10["gaps"]} == {10}
    assert top10["plan"]["target_rank"] == 10
    assert score(run, synth, "--zone", SYNTH_HOME, "--missing", "zero")["method"]["missing"] \
        == "zero"
    code, _out, err = run("score", synth, "--zone", SYNTH_HOME, "--target-rank", "0")
    assert code == 2 and "--target-rank" in err


def _method_file(path, rows, header=("group", "group_weight", "indicator", "weight",
                                     "direction", "kind")):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_score_with_a_method_file(synth, run, tmp_path):
    # The 2021 method with other group weights (indicators named by their codes in the file).
    weights = {"对外开放": 40, "发展质量": 20, "科技创新": 15, "绿色发展": 15, "统筹协调": 10}
    rows = [[r["group"], weights[r["group"]], r["indicator"], r["weight"], r["direction"],
             r["kind"], r["code"], r["unit"]] for r in method_rows(default_method())]
    method = _method_file(tmp_path / "method.csv", rows,
                          ("group", "group_weight", "indicator", "weight", "direction", "kind",
                           "code", "unit"))
    result = score(run, synth, "--zone", SYNTH_HOME, "--method", method)
    assert_contract(result)
    assert [g["weight"] for g in result["groups"]] == [40, 20, 15, 15, 10]
    assert result["method"]["key"] == "method"


def test_score_with_a_small_method_on_a_file_naming_indicators(run, tmp_path):
    # Only the contract's six columns; the peer file names the indicators, not their codes.
    names = {"O1": "实际使用外资金额", "O2": "进出口总额", "Q1": "地区生产总值",
             "G1": "规模以上工业单位增加值能耗"}
    method = _method_file(tmp_path / "small.csv", [
        ["开放", 60, names["O1"], 70, "higher", "level"],
        ["开放", 60, names["O2"], "", "higher", "level"],
        ["质量", 40, names["Q1"], "", "higher", "level"],
        ["质量", 40, names["G1"], "", "lower", "intensity"]])
    header, rows = table()
    keep = [0, 1, 2, *(header.index(code) for code in names)]
    peers = tmp_path / "peers.csv"
    peers.write_bytes(csv_content([*header[:3], *names.values()],
                                  [[row[i] for i in keep] for row in rows]))
    result = score(run, peers, "--zone", HOME, "--method", method)
    assert_contract(result)
    assert [(g["name"], g["weight"]) for g in result["groups"]] == [("开放", 60), ("质量", 40)]
    assert {g["indicator"] for g in result["gaps"]} == set(names.values())
    assert result["zones"] == 12 and result["regional_zones"] == 5


def test_a_national_file_with_a_smaller_method_needs_ignore_extra(run, tmp_path):
    method = _method_file(tmp_path / "small.csv", [
        ["开放", 60, "实际使用外资金额", "", "higher", "level"],
        ["质量", 40, "地区生产总值", "", "higher", "level"]])
    header, rows = table()
    names = default_method().by_code()
    header = [*header[:3], *(names[code].name for code in header[3:])]
    peers = tmp_path / "peers.csv"
    peers.write_bytes(csv_content(header, rows))
    code, out, err = run("score", peers, "--zone", HOME, "--method", method, "--json", *DRAWS)
    assert code == 2 and out == ""
    assert err.count("不是评价方法中的指标") == 28 and "“进出口总额”列" in err
    code, out, err = run("score", peers, "--zone", HOME, "--method", method, "--json",
                         "--ignore-extra", *DRAWS)
    assert code == 0, err
    assert_contract(json.loads(out))
    assert err.startswith("未读取的列：进出口总额、实际使用外资金额增速、")


def test_a_bad_peer_file_exits_2_naming_file_row_and_column(run, tmp_path):
    header, rows = table()
    rows[3][header.index("O2")] = "很多"  # the file's row 5
    rows[4][1] = "火星"  # row 6
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_content(header, rows))
    code, out, err = run("score", bad, "--zone", HOME, "--json", *DRAWS)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("bad.csv: 第 5 行，“O2”列：") and "很多" in lines[0]
    assert lines[1].startswith("bad.csv: 第 6 行，“省份”列：") and "火星" in lines[1]
    assert len(lines) == 3  # and the count


def test_a_bad_method_file_exits_2(synth, run, tmp_path):
    method = _method_file(tmp_path / "method.csv", [
        ["开放", 60, "O1", "", "higher", "level"], ["质量", 30, "Q1", "", "upwards", "level"]])
    code, out, err = run("score", synth, "--zone", SYNTH_HOME, "--method", method, *DRAWS)
    assert code == 2 and out == ""
    assert "method.csv: 第 3 行，“方向”列" in err


@pytest.mark.parametrize("args", [("--zone", "不存在的开发区"), ("--zone", SYNTH_HOME, "--year",
                                                                "2019")])
def test_an_unknown_zone_exits_2(synth, run, args):
    code, out, err = run("score", synth, *args, "--json", *DRAWS)
    assert code == 2 and out == ""
    assert "peers.csv" in err and args[1] in err


def test_a_missing_or_unreadable_file_exits_2(run, tmp_path):
    code, _out, err = run("score", tmp_path / "nowhere.csv", "--zone", HOME)
    assert code == 2 and "nowhere.csv" in err
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00not a workbook")
    code, _out, err = run("score", junk, "--zone", HOME)
    assert code == 2 and "junk.xlsx" in err


# --- import and run (the database) -------------------------------------------------------------
@pytest.mark.django_db
def test_import_then_run_json(zone, roles, run, tmp_path, make_user):
    from luoshi.accounts.choices import Role

    coordinator = make_user(Role.COORDINATOR, "经开办(自贸办)", username="coord")
    path = tmp_path / "peers.csv"
    path.write_bytes(peer_csv(zone.name))
    code, out, err = run("import", path, "--zone", zone.code, "--by", "coord")
    assert code == 0, err
    assert "peers.csv" in out and HOME in out
    assert sorted(PeerSet.objects.filter(zone=zone).values_list("year", flat=True)) == [2023,
                                                                                      2024]
    assert set(Evaluation.objects.filter(zone=zone).values_list("year", "computed_by")) == {
        (2023, coordinator.pk), (2024, coordinator.pk)}
    code, out, err = run("run", "--json")  # the only zone
    assert code == 0, err
    result = json.loads(out)
    assert_contract(result)
    assert (result["zone"], result["year"]) == (HOME, 2024)
    stored = Evaluation.objects.get(zone=zone, year=2024).report
    assert result["rank"] == stored["rank"]
    # The same shape and figures as scoring the file (the same draws).
    scored = score(run, path, "--zone", HOME, "--draws", "1000")
    assert result == scored
    code, out, _err = run("run", "--zone", zone.code)
    assert code == 0 and HOME in out


@pytest.mark.django_db
def test_import_refused_and_unknown_zone_or_user(zone, roles, run, tmp_path):
    header, rows = table(zone.name)
    rows[2][header.index("G1")] = "低"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_content(header, rows))
    code, _out, err = run("import", bad, "--zone", zone.code)
    assert code == 2 and "bad.csv: 第 4 行，“G1”列" in err
    assert PeerSet.objects.count() == 0
    good = tmp_path / "good.csv"
    good.write_bytes(peer_csv(zone.name))
    code, _out, err = run("import", good, "--zone", "nowhere")
    assert code == 2 and "nowhere" in err
    code, _out, err = run("import", good, "--by", "nobody")
    assert code == 2 and "nobody" in err
    assert PeerSet.objects.count() == 0
    code, _out, err = run("run", "--zone", "nowhere")
    assert code == 2 and "nowhere" in err


@pytest.mark.django_db
def test_run_without_data_and_a_home_name_missing_from_the_data(zone, roles, run, tmp_path):
    code, _out, err = run("run")
    assert code == 2 and err.strip()
    assert Evaluation.objects.count() == 0
    path = tmp_path / "peers.csv"
    path.write_bytes(peer_csv("别的名字经开区"))
    code, out, err = run("import", path, "--synthetic")
    assert code == 2 and zone.name in err and "2023" in err
    assert "nothing was stored" not in err and "未保存" not in err
    # The figures were stored (the import is done); only the evaluation failed, and it says so.
    assert PeerSet.objects.filter(zone=zone, synthetic=True).count() == 2
    assert "peers.csv" in out
    assert Evaluation.objects.count() == 0


@pytest.mark.django_db
def test_a_run_failing_in_one_year_stores_no_year(zone, roles, run, tmp_path):
    header, rows = table(zone.name)
    for row in rows:
        if row[0] == zone.name and row[2] == 2024:
            row[0] = "改名经开区"
    path = tmp_path / "peers.csv"
    path.write_bytes(csv_content(header, rows))
    code, _out, err = run("import", path)
    assert code == 2 and "2024" in err
    assert PeerSet.objects.count() == 2 and Evaluation.objects.count() == 0
    code, _out, err = run("run")
    assert code == 2 and "2024" in err and "未保存任何数据" in err
    assert Evaluation.objects.count() == 0
