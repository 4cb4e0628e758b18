"""The benchmark's writes on a zone set up from nothing: the 2021 method installed by the
settings, peer data imported all or nothing (one set per data year, a year imported again
replaced), evaluations stored with their report and passed to monitoring, the audit log, and
methods copied and imported."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from luoshi.benchmark import problems, services
from luoshi.benchmark.models import (
    BenchmarkSettings,
    Evaluation,
    Method,
    MethodGroup,
    MethodIndicator,
    PeerSet,
)
from luoshi.domain.benchmark.method import default_method, method_rows

from .helpers import HOME, csv_content, peer_csv, peer_xlsx, table, xlsx_content

pytestmark = pytest.mark.django_db

ORIGIN = "tests"
REPORT_KEYS = {"zone", "year", "total", "rank", "region", "regional_rank", "zones",
               "regional_zones", "groups", "gaps", "indicators", "plan", "regional_plan",
               "sensitivity", "history", "peers", "missing"}


def _import(zone, by, content=None, filename="peers.csv"):
    return services.peers_import(zone=zone, content=content or peer_csv(zone.name),
                                 filename=filename, by=by, origin=ORIGIN)


def _stored(zone):
    return {s.year: (s.source, len(s.rows)) for s in PeerSet.objects.filter(zone=zone)}


# --- settings and the default method ------------------------------------------------------------
def test_settings_ensure_installs_the_2021_method_once(zone, coordinator):
    found = services.settings_ensure(zone=zone, by=coordinator, origin=ORIGIN)
    assert found.home_name == zone.name
    assert found.method.key == "2021"
    assert MethodIndicator.objects.filter(method=found.method).count() == 30
    assert list(MethodGroup.objects.filter(method=found.method).values_list("name", "weight")) \
        == [(g.name, g.weight) for g in default_method().groups]
    assert [g.weight for g in found.method.groups.all()] == [30, 30, 15, 15, 10]
    again = services.settings_ensure(zone=zone, by=coordinator, origin=ORIGIN)
    assert again.pk == found.pk
    assert Method.objects.filter(zone=zone).count() == 1
    assert BenchmarkSettings.objects.count() == 1
    stored = services.method_as_domain(found.method)
    assert method_rows(stored) == method_rows(default_method())


# --- peer data ----------------------------------------------------------------------------------
@pytest.mark.parametrize("filename,content", [("peers.csv", peer_csv), ("peers.xlsx", peer_xlsx)])
def test_a_peer_file_stores_one_set_per_year(zone, coordinator, filename, content):
    stored = _import(zone, coordinator, content(zone.name), filename)
    assert [s.year for s in stored] == [2023, 2024]
    assert _stored(zone) == {2023: (filename, 12), 2024: (filename, 12)}
    peer_set = PeerSet.objects.get(zone=zone, year=2024)
    assert len(peer_set.codes) == 30 and peer_set.imported_by == coordinator
    assert not peer_set.synthetic
    home = next(r for r in peer_set.rows if r["zone"] == HOME)
    assert (home["province"], home["region"]) == ("黑龙江", "中部")
    header, rows = table(zone.name)
    line = next(r for r in rows if r[0] == HOME and r[2] == 2024)
    assert home["values"]["O1"] == str(line[header.index("O1")])
    assert {r["region"] for r in peer_set.rows} == {"东部", "中部", "西部"}


def test_a_year_imported_again_replaces_that_year_only(zone, coordinator):
    _import(zone, coordinator)
    header, rows = table(zone.name, years=(2024,), seed=99)
    fewer = [r for r in rows if r[0] != "重庆经开区"]
    _import(zone, coordinator, xlsx_content(header, fewer), "2024-revised.xlsx")
    assert PeerSet.objects.filter(zone=zone).count() == 2
    assert _stored(zone) == {2023: ("peers.csv", 12), 2024: ("2024-revised.xlsx", 11)}
    assert "重庆经开区" not in {r["zone"] for r in PeerSet.objects.get(zone=zone, year=2024).rows}


def test_a_year_replaced_by_under_half_its_zones_needs_saying_so(zone, coordinator):
    _import(zone, coordinator)
    header, rows = table(zone.name, years=(2023, 2024))
    partial = [rows[0], *(r for r in rows[1:] if r[2] == 2023 or r[0] in (
        zone.name, "苏州工业园区", "广州经开区", "北京经开区", "天津经开区"))]
    with pytest.raises(services.ShrinkRefused) as refused:
        _import(zone, coordinator, csv_content(header, partial), "part.csv")
    assert refused.value.shrinks == [(2024, 12, 5)]
    assert _stored(zone) == {2023: ("peers.csv", 12), 2024: ("peers.csv", 12)}
    services.peers_import(zone=zone, content=csv_content(header, partial), filename="part.csv",
                          by=coordinator, origin=ORIGIN, replace_smaller=True)
    assert _stored(zone) == {2023: ("part.csv", 12), 2024: ("part.csv", 5)}


def _cell(header, rows, zone, year, column, value):
    for row in rows:
        if row[0] == zone and row[2] == year:
            row[header.index(column)] = value
            return
    raise AssertionError((zone, year))


def _unknown_column(header, rows):
    header.append("X99")
    for row in rows:
        row.append(1)


def _text_in_number(header, rows):
    _cell(header, rows, "北京经开区", 2024, "Q1", "约三百")


def _unknown_province(header, rows):
    _cell(header, rows, "合肥经开区", 2023, "省份", "火星")


def _duplicate(header, rows):
    rows.append(list(next(r for r in rows if r[0] == "武汉经开区" and r[2] == 2023)))


def _wrong_unit(header, rows):
    rows[0][header.index("O1")] = "万美元"


# Rows: 1 the header, 2 the units, 3… the zones (12 a year, 2023 first).
BAD_FILES = [
    ("unknown indicator", _unknown_column, 1, "X99", "unknown_indicator"),
    ("text in a number", _text_in_number, 2 + 12 + 3, "Q1", "not_number"),
    ("unknown province", _unknown_province, 2 + 5, "province", "unknown_province"),
    ("duplicate zone and year", _duplicate, 2 + 24 + 1, "zone", "duplicate"),
    ("wrong unit", _wrong_unit, 2, "O1", "unit_mismatch"),
]


@pytest.mark.parametrize("spoil,row,column,reason", [b[1:] for b in BAD_FILES],
                         ids=[b[0] for b in BAD_FILES])
@pytest.mark.parametrize("write,filename", [(csv_content, "bad.csv"),
                                            (xlsx_content, "bad.xlsx")])
def test_a_bad_file_is_refused_whole_with_row_and_column(zone, coordinator, spoil, row, column,
                                                          reason, write, filename):
    _import(zone, coordinator)
    before = _stored(zone)
    count = PeerSet.objects.count()
    entries = LogEntry.objects.count()
    header, rows = table(zone.name, years=(2023, 2024), seed=3)
    spoil(header, rows)
    with pytest.raises(services.ImportRefused) as refused:
        _import(zone, coordinator, write(header, rows), filename)
    assert [(e.row, e.column, e.reason) for e in refused.value.errors] == [(row, column, reason)]
    assert PeerSet.objects.count() == count and _stored(zone) == before
    assert LogEntry.objects.count() == entries
    with translation.override("zh-hans"):
        line = problems.error_lines(refused.value.errors, filename)[0]
    words = problems.COLUMN_WORDS.get(column, column)
    assert line.startswith(f"{filename}: 第 {row} 行，“{words}”列")


def test_a_bad_first_file_stores_nothing_at_all(zone, coordinator):
    header, rows = table(zone.name)
    _text_in_number(header, rows)
    _unknown_province(header, rows)
    with pytest.raises(services.ImportRefused) as refused:
        _import(zone, coordinator, csv_content(header, rows))
    assert {e.reason for e in refused.value.errors} == {"not_number", "unknown_province"}
    assert PeerSet.objects.count() == 0


# --- evaluations --------------------------------------------------------------------------------
def _targets(zone, by, first_tier=3, regional_top=2):
    found = services.settings_ensure(zone=zone, by=by, origin=ORIGIN)
    found.first_tier, found.regional_top = first_tier, regional_top
    return services.settings_save(current=found, by=by, origin=ORIGIN)


def test_evaluation_run_stores_the_report(zone, coordinator):
    _import(zone, coordinator)
    _targets(zone, coordinator)
    evaluation = services.evaluation_run(zone=zone, by=coordinator, origin=ORIGIN)
    assert (evaluation.year, evaluation.computed_by, evaluation.synthetic) == (2024, coordinator,
                                                                             False)
    evaluation.refresh_from_db()
    report = evaluation.report
    assert set(report) >= REPORT_KEYS
    assert report["zone"] == HOME and report["year"] == 2024
    assert report["zones"] == 12 and report["region"] == "中部" and report["regional_zones"] == 5
    assert 1 <= report["rank"] <= 12 and 1 <= report["regional_rank"] <= 5
    assert (report["first_tier"], report["regional_top"], report["target_rank"]) == (3, 2, 3)
    assert [g["name"] for g in report["groups"]] == ["对外开放", "发展质量", "科技创新",
                                                     "绿色发展", "统筹协调"]
    assert all(set(g) >= {"name", "weight", "score", "rank"} for g in report["groups"])
    assert len(report["gaps"]) == 30 and len(report["indicators"]) == 30
    assert all(set(g) >= {"indicator", "current", "needed", "target_rank", "rank_gain_per_pct"}
               for g in report["gaps"])
    assert {g["target_rank"] for g in report["gaps"]} == {3}
    band = report["sensitivity"]
    assert band["low"] <= band["median_rank"] <= band["high"]
    assert band["draws"] == 1000 and set(band["regional"]) == {"median_rank", "low", "high"}
    assert [(h["year"], h["zones"]) for h in report["history"]] == [(2023, 12), (2024, 12)]
    assert report["history"][-1]["rank"] == report["rank"]
    assert len(report["peers"]) == 12
    assert sorted(p["rank"] for p in report["peers"])[0] == 1
    assert evaluation.options["first_tier"] == 3 and evaluation.method_name.startswith("国家级")
    older = services.evaluation_run(zone=zone, year=2023, by=coordinator, origin=ORIGIN)
    assert older.report["year"] == 2023
    assert Evaluation.objects.filter(zone=zone).count() == 2


def test_evaluation_writes_the_rank_standings_to_monitoring(zone, coordinator):
    try:
        from luoshi.monitoring.models import RankStanding
    except ImportError:
        pytest.skip("luoshi.monitoring.models.RankStanding does not exist yet")
    _import(zone, coordinator)
    evaluation = services.evaluation_run(zone=zone, by=coordinator, origin=ORIGIN)
    report = evaluation.report
    standings = {s.scope: s for s in RankStanding.objects.filter(zone=zone)}
    assert set(standings) == {"全国", "中部"}
    national, regional = standings["全国"], standings["中部"]
    assert (national.year, national.rank, national.of) == (2024, report["rank"], 12)
    assert (national.low, national.high) == (report["sensitivity"]["low"],
                                             report["sensitivity"]["high"])
    assert (regional.rank, regional.of) == (report["regional_rank"], 5)
    assert national.method == evaluation.method_name
    # An older year evaluated later leaves the latest standing alone.
    services.evaluation_run(zone=zone, year=2023, by=coordinator, origin=ORIGIN)
    assert RankStanding.objects.get(zone=zone, scope="全国").year == 2024


def test_the_audit_log_names_the_actor_of_the_import_and_the_evaluation(zone, coordinator):
    _import(zone, coordinator)
    services.evaluation_run(zone=zone, by=coordinator, origin=ORIGIN)

    def entries(model):
        return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))

    imports = list(entries(PeerSet).filter(object_pk=""))
    assert len(imports) == 2  # one entry per data year
    assert {e.actor for e in imports} == {coordinator}
    assert all(e.additional_data["origin"] == ORIGIN for e in imports)
    assert all("peers.csv" in e.object_repr for e in imports)
    assert imports[0].cid == imports[1].cid  # one import, one operation
    runs = list(entries(Evaluation))
    assert len(runs) == 1 and runs[0].actor == coordinator
    assert runs[0].changes["rank"][1] == Evaluation.objects.get(zone=zone).report["rank"]
    assert "2024" in runs[0].object_repr
    assert entries(BenchmarkSettings).filter(actor=coordinator).exists()
    assert entries(MethodIndicator).filter(actor=coordinator).count() == 30


def test_a_home_name_absent_from_the_data_is_a_clear_error(zone, coordinator):
    _import(zone, coordinator)
    found = services.settings_ensure(zone=zone, by=coordinator, origin=ORIGIN)
    found.home_name = "不存在的开发区"
    services.settings_save(current=found, by=coordinator, origin=ORIGIN)
    with translation.override("en"), pytest.raises(ValueError) as error:
        services.evaluation_run(zone=zone, by=coordinator, origin=ORIGIN)
    assert not isinstance(error.value, services.ImportRefused)
    assert "不存在的开发区" in str(error.value) and "2024" in str(error.value)
    assert "settings" in str(error.value)
    assert Evaluation.objects.count() == 0


def test_evaluation_without_peer_data_is_refused(zone, coordinator):
    with translation.override("en"), pytest.raises(ValueError, match="No peer data"):
        services.evaluation_run(zone=zone, by=coordinator, origin=ORIGIN)


def test_run_all_drops_years_no_longer_imported(zone, coordinator):
    _import(zone, coordinator)
    assert services.evaluations_run_all(zone=zone, by=coordinator, origin=ORIGIN) == 2
    PeerSet.objects.filter(zone=zone, year=2023).delete()
    assert services.evaluations_run_all(zone=zone, by=coordinator, origin=ORIGIN) == 1
    assert list(Evaluation.objects.filter(zone=zone).values_list("year", flat=True)) == [2024]


# --- methods -----------------------------------------------------------------------------------
def _method_file(rows=None) -> bytes:
    header = ["group", "group_weight", "indicator", "weight", "direction", "kind", "code", "unit"]
    rows = rows if rows is not None else [
        ["开放", 60, "实际使用外资金额", 50, "higher", "level", "O1", "亿美元"],
        ["开放", 60, "进出口总额", 50, "higher", "level", "O2", "亿元"],
        ["质量", 40, "地区生产总值", "", "higher", "level", "Q1", "亿元"],
        ["质量", 40, "规模以上工业单位增加值能耗", "", "lower", "intensity", "G1",
         "吨标准煤/万元"],
    ]
    return csv_content(header, rows)


def test_method_copy(zone, coordinator):
    original = services.settings_ensure(zone=zone, by=coordinator, origin=ORIGIN).method
    copy = services.method_copy(method=original, key="2021-local", name="本地版", by=coordinator,
                                origin=ORIGIN)
    assert (copy.key, copy.name, copy.based_on) == ("2021-local", "本地版", original)
    assert copy.indicators.count() == 30 and copy.groups.count() == 5
    assert method_rows(services.method_as_domain(copy)) == method_rows(
        services.method_as_domain(original))
    with pytest.raises(ValueError):
        services.method_copy(method=original, key="2021-local", name="again", by=coordinator,
                             origin=ORIGIN)
    assert Method.objects.filter(zone=zone).count() == 2


def test_method_import_a_good_file_and_a_replacement(zone, coordinator):
    method = services.method_import(zone=zone, content=_method_file(), filename="m.csv",
                                    key="small", name="小方法", by=coordinator, origin=ORIGIN)
    assert [(g.name, g.weight) for g in method.groups.all()] == [("开放", 60), ("质量", 40)]
    indicators = list(method.indicators.all())
    assert [i.code for i in indicators] == ["O1", "O2", "Q1", "G1"]
    assert indicators[3].direction == "lower" and indicators[2].weight is None
    replaced = services.method_import(
        zone=zone, content=_method_file([["全部", 100, "进出口总额", "", "higher", "level", "O2",
                                          "亿元"]]),
        filename="m2.csv", key="small", name="更小", by=coordinator, origin=ORIGIN)
    assert Method.objects.filter(zone=zone, key="small").get().pk == replaced.pk
    assert replaced.indicators.count() == 1


def test_an_imported_method_scores_the_peer_data(zone, coordinator):
    method = services.method_import(zone=zone, content=_method_file(), filename="m.csv",
                                    key="small", name="小方法", by=coordinator, origin=ORIGIN)
    found = services.settings_ensure(zone=zone, by=coordinator, origin=ORIGIN)
    found.method = method
    services.settings_save(current=found, by=coordinator, origin=ORIGIN)
    _import(zone, coordinator, csv_content(*_small_table(zone.name)))
    evaluation = services.evaluation_run(zone=zone, by=coordinator, origin=ORIGIN)
    assert [g["name"] for g in evaluation.report["groups"]] == ["开放", "质量"]
    assert len(evaluation.report["indicators"]) == 4


def _small_table(home):
    header, rows = table(home)
    keep = [0, 1, 2, *(header.index(c) for c in ("O1", "O2", "Q1", "G1"))]
    return [header[i] for i in keep], [[row[i] for i in keep] for row in rows]


def _rows(second=("开放", 60, "乙", 50, "higher", "level"), third_weight=40):
    """Three indicators (codes given: see the auto-code test below)."""
    return [["开放", 60, "甲", 50, "higher", "level", "A"], [*second, "B"],
            ["质量", third_weight, "丙", "", "higher", "level", "C"]]


METHOD_HEADER = ["group", "group_weight", "indicator", "weight", "direction", "kind", "code"]


@pytest.mark.parametrize("rows,row,column,reason", [
    (_rows(("开放", 60, "乙", 50, "sideways", "level")), 3, "direction", "unknown_direction"),
    (_rows(("开放", 50, "乙", 50, "higher", "level")), 3, "group_weight", "group_weight_differs"),
    (_rows(third_weight=30), 0, "group_weight", "weights_not_hundred"),
    (_rows(("开放", 60, "乙", 50, "higher", "多少")), 3, "kind", "unknown_kind"),
    (_rows(("开放", 60, "乙", 150, "higher", "level")), 3, "weight", "not_percent"),
    (_rows(("开放", 60, "甲", 50, "higher", "level")), 3, "indicator", "duplicate"),
])
def test_method_import_a_bad_file_names_the_errors(zone, coordinator, rows, row, column, reason):
    before = Method.objects.count()
    with pytest.raises(services.ImportRefused) as refused:
        services.method_import(zone=zone, content=csv_content(METHOD_HEADER, rows),
                               filename="m.csv", key="bad", name="坏", by=coordinator,
                               origin=ORIGIN)
    assert [(e.row, e.column, e.reason) for e in refused.value.errors] == [(row, column, reason)]
    assert Method.objects.count() == before


def test_a_refused_row_does_not_make_the_next_row_a_duplicate(zone, coordinator):
    header = METHOD_HEADER[:-1]
    rows = [["开放", 60, "甲", 50, "higher", "level"], ["开放", 60, "乙", 50, "sideways", "level"],
            ["质量", 40, "丙", "", "higher", "level"]]
    with pytest.raises(services.ImportRefused) as refused:
        services.method_import(zone=zone, content=csv_content(header, rows), filename="m.csv",
                               key="bad", name="坏", by=coordinator, origin=ORIGIN)
    assert [(e.row, e.column, e.reason) for e in refused.value.errors] == [
        (3, "direction", "unknown_direction")]


def test_replacing_the_method_in_use_is_refused(zone, coordinator):
    found = services.settings_ensure(zone=zone, by=coordinator, origin=ORIGIN)
    with pytest.raises(ValueError) as refused:
        services.method_import(zone=zone, content=_method_file(), filename="m.csv", key="2021",
                               name="替换", by=coordinator, origin=ORIGIN)
    assert not isinstance(refused.value, services.ImportRefused)
    found.refresh_from_db()
    assert found.method.indicators.count() == 30 and found.method.name != "替换"
    assert Method.objects.filter(zone=zone).count() == 1


def test_columns_not_in_the_method_are_refused_or_left_unread_and_audited(zone, coordinator):
    header, rows = table(years=(2024,))
    header = [*header, "GDP增速"]
    rows = [[*row, "单位" if row[0] == "单位" else "5"] for row in rows]
    rows[0][-1] = "%"
    content = csv_content(header, rows)
    with pytest.raises(services.ImportRefused) as refused:
        _import(zone, coordinator, content)
    assert [(e.row, e.column, e.reason) for e in refused.value.errors] == [
        (1, "GDP增速", "unknown_indicator")]
    assert not PeerSet.objects.filter(zone=zone).exists()
    stored = services.peers_import(zone=zone, content=content, filename="peers.csv",
                                   by=coordinator, origin=ORIGIN, ignore_extra=True)
    assert [s.ignored_columns for s in stored] == [["GDP增速"]]
    assert "GDP增速" not in stored[0].rows[0]["values"]
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PeerSet)).order_by("-pk").first()
    assert entry.changes["ignored_columns"] == [[], ["GDP增速"]]
