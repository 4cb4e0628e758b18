"""The pure builder of a bulletin's content (通报): outline, lead, tables, naming, ranking,
praise and criticism, coordinator texts, errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.bulletins.build import (
    DEFAULT_OUTLINE,
    RANKING_RULE,
    BulletinError,
    BulletinErrorCode,
    BulletinInputs,
    DepartmentCounts,
    DepartmentLight,
    IndicatorRow,
    MilestoneRow,
    ProblemRow,
    SupervisionItem,
    TaskMonth,
    build_bulletin,
    rank_departments,
    ranking_key,
)
from luoshi.domain.bulletins.content import Bulletin, Section
from luoshi.domain.bulletins.rules import BulletinRules
from luoshi.domain.bulletins.wording import numeral, period_label
from luoshi.domain.calendar.periods import Period
from luoshi.domain.collation import pinyin_key

Q3 = Period.quarter(2026, 3)
JUL, AUG, SEP = (Period.month(2026, m) for m in (7, 8, 9))

BASIS = "哈尔滨经济技术开发区推进高质量发展实施方案(2023-2026)"
BASIS_NO = "哈经开委发〔2023〕1号"


def _indicators() -> tuple[IndicatorRow, ...]:
    return (
        IndicatorRow("营业收入", "亿元", D("356.20"), D("500.00"), D("0.7124"), D("0.75"),
                     D("5.3"), "yellow", number=2),
        IndicatorRow("合计", "亿元", D("1200.00"), D("1500.00"), D("0.8"), D("0.75"),
                     D("7.0"), "green", total=True),
        IndicatorRow("固定资产投资", "亿元", D("120.50"), D("200.00"), D("0.6025"), D("0.75"),
                     D("-2.1"), "red", number=3),
        IndicatorRow("规上工业增加值", "亿元", D("80.00"), D("100.00"), D("0.8"), D("0.75"),
                     D("8.2"), "green", number=1,
                     texts={"cumulative": "80.00", "completion": "80.0%"}),
    )


def _pair(department: str, light: str, *reasons: str) -> DepartmentLight:
    return DepartmentLight(department, light, "lead", tuple(reasons))


def _tasks() -> tuple[TaskMonth, ...]:
    rows = []
    for month, red in ((JUL, "green"), (AUG, "red"), (SEP, "red")):
        rows.append(TaskMonth(3, "推进新能源汽车产业园建设", "产业发展", month, red,
                              (_pair("区工信局", red, *(["milestone_overdue"] if red == "red"
                                                        else [])),)))
        rows.append(TaskMonth(1, "优化营商环境", "营商环境", month, "green",
                              (_pair("区财政局", "green"), _pair("区商务局", "green"))))
    rows.append(TaskMonth(2, "招商引资项目落地", "营商环境", SEP, "yellow",
                          (_pair("区商务局", "yellow", "report_missing"),)))
    return tuple(rows)


def _inputs(**changes) -> BulletinInputs:
    inputs = BulletinInputs(
        zone="哈尔滨经济技术开发区",
        issuer="哈尔滨经济技术开发区管理委员会办公室",
        doc_number="哈经开办通〔2026〕3号",
        basis_title=f"《{BASIS}》",
        basis_number=f"({BASIS_NO})",
        period=Q3,
        issued_on=date(2026, 10, 15),
        indicators=_indicators(),
        tasks=_tasks(),
        milestones=(
            MilestoneRow(3, "区工信局", "完成厂房主体结构", date(2026, 8, 31)),
            MilestoneRow(1, "区财政局", "出台专项资金办法", date(2026, 7, 31), date(2026, 7, 20)),
        ),
        problems=(ProblemRow("区工信局", 3, "用地指标尚未落实。"),),
        supervision=(
            SupervisionItem("区工信局", 3, AUG, "notice", date(2026, 9, 5), date(2026, 9, 15)),
            SupervisionItem("区工信局", 3, SEP, "bulletin", date(2026, 10, 8)),
        ),
        counts=(
            DepartmentCounts("区商务局", 6, 5, 2, 2),
            DepartmentCounts("区财政局", 3, 3, 1, 1),
            DepartmentCounts("区工信局", 3, 2, 2, 0),
            DepartmentCounts("区城管局", 3, 3, 1, 1),  # ties 区财政局 on rates and items
        ),
        charts=False,  # drawn in test_bulletin_charts
    )
    return replace(inputs, **changes)


def _text(section: Section) -> str:
    parts = [p.text for p in section.paragraphs]
    for sub in section.subsections:
        parts.append(sub.heading)
        parts.append(_text(sub))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def bulletin() -> Bulletin:
    return build_bulletin(_inputs())


def test_sections_in_order_with_headings(bulletin: Bulletin) -> None:
    assert [s.heading for s in bulletin.sections] == [
        "一、总体情况", "二、主要指标完成情况", "三、重点任务推进情况", "四、督办事项",
        "五、部门排名", "六、表扬与批评", "七、下一步工作",
    ]
    assert all(s.level == 1 for s in bulletin.sections)
    assert bulletin.title == "关于2026年前三季度重点工作推进情况的通报"
    assert bulletin.doc_number == "哈经开办通〔2026〕3号"
    assert bulletin.signer == bulletin.printed_by == bulletin.issuer
    # An annex keeps its table's name (the 附件说明 lists it; its page is headed 附件N).
    assert [a.title for a in bulletin.attachments] == [
        "2026年前三季度主要指标完成情况表", "2026年前三季度重点任务推进中反映的问题清单",
        "2026年前三季度部门月报报送和节点完成情况排名表"]


def test_lead_names_basis_and_number(bulletin: Bulletin) -> None:
    lead = bulletin.lead.text
    assert lead.startswith(f"根据《{BASIS}》({BASIS_NO})要求")
    assert "现将2026年前三季度" in lead
    assert lead.endswith("通报如下：")


def test_annex_1_rows_equal_inputs(bulletin: Bulletin) -> None:
    table = bulletin.attachments[0].tables[0]
    assert table.unit == "单位:亿元"
    assert "单位" not in table.columns
    assert table.columns == ("序号", "指标", "年度目标", "累计完成", "完成率", "序时进度",
                             "差距(个百分点)", "同比", "状态")
    # 合计 first, then the rows as given.
    assert [row[1] for row in table.rows] == ["合计", "营业收入", "固定资产投资", "规上工业增加值"]
    assert table.rows[0][0] == ""
    assert table.rows[1] == ("2", "营业收入", "500.00", "356.20", "71.2%", "75.0%", "-3.8",
                             "5.3%", "略低于序时进度")
    assert table.rows[2][2:8] == ("200.00", "120.50", "60.3%", "75.0%", "-14.8", "-2.1%")
    assert table.rows[3][3:5] == ("80.00", "80.0%")
    assert table.emphasis == frozenset({1, 2})


def test_formatter_and_preformatted_texts() -> None:
    def dashboard(row: IndicatorRow, cell: str) -> str | None:
        return f"<{row.name}:{cell}>" if cell == "cumulative" else None

    table = build_bulletin(_inputs(formatter=dashboard)).attachments[0].tables[0]
    assert table.rows[1][3] == "<营业收入:cumulative>"
    assert table.rows[3][3] == "80.00"  # the row's own text wins


def test_unit_column_when_units_differ() -> None:
    rows = (*_indicators(), IndicatorRow("新增市场主体", "家", D("350"), D("500"), D("0.7"),
                                         D("0.75"), None, "yellow"))
    table = build_bulletin(_inputs(indicators=rows)).attachments[0].tables[0]
    assert table.unit == ""
    assert table.columns[2] == "单位"
    assert table.rows[-1][2] == "家"
    assert table.rows[-1][8] == "—"  # no 同比


def test_overall_counts_and_gaps(bulletin: Bulletin) -> None:
    text = _text(bulletin.sections[0])
    assert "纳入监测的3项指标中，达到序时进度1项，占33.3%" in text
    assert "固定资产投资完成年度目标的60.3%，低于序时进度14.8个百分点" in text
    assert "营业收入完成年度目标的71.2%，低于序时进度3.8个百分点" in text
    assert text.index("固定资产投资完成") < text.index("营业收入完成")  # biggest gap first
    assert "3项重点任务中，绿灯1项、黄灯1项、红灯1项" in text
    assert "截至9月末为75.0%" in text


def test_red_and_yellow_indicators_named(bulletin: Bulletin) -> None:
    text = _text(bulletin.sections[1])
    assert "明显低于序时进度的有1项：固定资产投资（第3项）" in text
    assert "略低于序时进度的有1项：营业收入（第2项）" in text
    assert "（详见附件1）" in text


def test_lagging_departments_named(bulletin: Bulletin) -> None:
    section = bulletin.sections[2]
    # By plan section (in task-number order), then department.
    assert [s.heading for s in section.subsections] == ["（一）营商环境", "（二）产业发展"]
    text = _text(section)
    assert ("由区工信局负责的第3项“推进新能源汽车产业园建设”进展滞后"
            "（8月、9月亮红灯，节点逾期未完成）") in text
    assert "由区商务局负责的第2项“招商引资项目落地”进展滞后（9月亮黄灯，未按时报送月报）" in text
    assert "到期未完成节点1个：第3项“完成厂房主体结构”（8月31日到期）" in text
    # Problems: one sentence in the body, the problems themselves in their annex.
    assert "区工信局等1个单位共反映需协调解决的问题1条（详见附件2）。" in text
    assert bulletin.attachments[1].tables[0].rows == (
        ("1", "区工信局", "第3项", "用地指标尚未落实。"),)
    assert "本部分2项任务，绿灯1项、黄灯1项。" in text
    assert "区财政局：本季度完成节点1个（按期1个）" in text
    assert all(s.level == 2 for s in section.subsections)


def test_supervision_items_listed(bulletin: Bulletin) -> None:
    text = _text(bulletin.sections[3])
    assert "尚未办结的督办单1件：区工信局（第3项任务，8月，9月5日下发，9月15日前反馈）" in text
    assert "列入通报的事项1件：区工信局（第3项任务，9月，10月8日下发）" in text


def test_ranking_order_and_rule(bulletin: Bulletin) -> None:
    table = bulletin.attachments[2].tables[0]
    names = [row[1] for row in table.rows]
    # 100 % reports: 区财政局 and 区城管局 tie on both rates and items → pinyin (cai < cheng).
    assert names == ["区财政局", "区城管局", "区商务局", "区工信局"]
    assert [row[0] for row in table.rows] == ["1", "2", "3", "4"]
    assert table.rows[2][4] == "83.3%" and table.rows[3][7] == "0.0%"
    assert table.notes == (f"注:{RANKING_RULE}",)
    assert "拼音" in RANKING_RULE
    text = _text(bulletin.sections[4])
    assert "前3名依次为区财政局、区城管局、区商务局" in text and "（详见附件3）" in text


def test_ranking_ties_by_items_then_pinyin() -> None:
    ranked = rank_departments([
        DepartmentCounts("区住建局", 2, 2, 0, 0),
        DepartmentCounts("区环保局", 4, 4, 0, 0),  # same rates, more items → first
        DepartmentCounts("区安监局", 2, 2, 0, 0),
        DepartmentCounts("区闲置局", 0, 0, 0, 0),  # nothing owed → last
    ])
    assert [r.counts.department for r in ranked] == ["区环保局", "区安监局", "区住建局",
                                                      "区闲置局"]
    with pytest.raises(BulletinError) as caught:
        rank_departments([DepartmentCounts("区住建局", 1, 1, 0, 0)] * 2)
    assert caught.value.code is BulletinErrorCode.DUPLICATE_DEPARTMENT


_NAMES = st.sampled_from(["区财政局", "区城管局", "区商务局", "区工信局", "区住建局",
                          "区安监局", "区环保局", "经开办", "区发改局", "区科技局"])


@st.composite
def _counts(draw) -> list[DepartmentCounts]:
    names = draw(st.lists(_NAMES, unique=True, max_size=10))
    rows = []
    for name in names:
        owed = draw(st.integers(0, 6))
        due = draw(st.integers(0, 6))
        rows.append(DepartmentCounts(name, owed, draw(st.integers(0, owed)), due,
                                     draw(st.integers(0, due))))
    return rows


def _rate(part: int, whole: int) -> float:
    return -1.0 if whole == 0 else part / whole  # nothing owed sorts after every rate


@given(_counts(), st.randoms())
def test_ranking_is_total_order_of_stated_rule(counts, rnd) -> None:
    shuffled = list(counts)
    rnd.shuffle(shuffled)
    ranked = rank_departments(shuffled)
    assert ranked == rank_departments(counts)  # independent of input order
    assert [r.position for r in ranked] == list(range(1, len(counts) + 1))
    for a, b in zip(ranked, ranked[1:], strict=False):
        ca, cb = a.counts, b.counts
        ka = (_rate(ca.reports_on_time, ca.reports_owed),
              _rate(ca.milestones_on_time, ca.milestones_due),
              ca.reports_owed + ca.milestones_due)
        kb = (_rate(cb.reports_on_time, cb.reports_owed),
              _rate(cb.milestones_on_time, cb.milestones_due),
              cb.reports_owed + cb.milestones_due)
        assert ka >= kb  # higher rates, then more items, come first
        if ka == kb:
            assert pinyin_key(ca.department) < pinyin_key(cb.department)
        assert ranking_key(ca) < ranking_key(cb)


def test_praise_and_criticism_follow_rules(bulletin: Bulletin) -> None:
    text = _text(bulletin.sections[5])
    # 区财政局 green in all three months; 区商务局 yellow in September; 区工信局 red twice.
    assert "区财政局负责的各项任务本季度各月均为绿灯" in text and "予以通报表扬" in text
    assert "区商务局负责的各项任务" not in text and "区商务局" not in text.split("表扬")[0]
    assert "区工信局负责的第3项任务在8月、9月亮红灯（2个月），予以通报批评" in text
    stricter = build_bulletin(_inputs(rules=BulletinRules(criticise_red_months=3)))
    assert "通报批评。" not in _text(stricter.sections[5]).split("（表扬")[0]
    no_praise = build_bulletin(_inputs(rules=BulletinRules(praise_all_green=False)))
    assert "予以通报表扬" not in _text(no_praise.sections[5])


def test_coordinator_texts_replace_generated() -> None:
    bulletin = build_bulletin(_inputs(texts={
        "下一步工作": "一是抓紧整改。\n\n二是加强调度。",
        "overall": "总体进展顺利。",
        "lead": "根据要求，现将有关情况通报如下：",
    }))
    nxt = bulletin.sections[6]
    assert [p.text for p in nxt.paragraphs] == ["一是抓紧整改。", "二是加强调度。"]
    assert all(p.key == "next_steps" for p in nxt.paragraphs)
    assert [p.text for p in bulletin.sections[0].paragraphs] == ["总体进展顺利。"]
    tasks = build_bulletin(_inputs(texts={"重点任务推进情况": "有序推进。"})).sections[2]
    assert [p.text for p in tasks.paragraphs] == ["有序推进。"]
    assert len(tasks.subsections) == 2  # the listed facts stay
    assert bulletin.lead.text == "根据要求，现将有关情况通报如下："
    with pytest.raises(BulletinError) as caught:
        build_bulletin(_inputs(texts={"结语": "x"}))
    assert caught.value.code is BulletinErrorCode.UNKNOWN_TEXT_KEY


def test_default_next_steps_escalate_on_red(bulletin: Bulletin) -> None:
    text = _text(bulletin.sections[6])
    assert text.startswith("一是") and "二是" in text and "三是" in text
    assert "挂牌督办" in text


def test_outline_is_editable() -> None:
    bulletin = build_bulletin(_inputs(outline=("overall", "ranking", "next_steps")))
    assert [s.heading for s in bulletin.sections] == ["一、总体情况", "二、部门排名",
                                                      "三、下一步工作"]
    assert [a.title for a in bulletin.attachments] == [
        "2026年前三季度部门月报报送和节点完成情况排名表"]
    assert "（详见附件1）" in _text(bulletin.sections[1])
    with pytest.raises(BulletinError) as caught:
        build_bulletin(_inputs(outline=("overall", "appendix")))
    assert caught.value.code is BulletinErrorCode.UNKNOWN_SECTION
    assert DEFAULT_OUTLINE[-1] == "next_steps"


def test_monthly_bulletin_labels_month() -> None:
    bulletin = build_bulletin(_inputs(period=SEP, issued_on=date(2026, 10, 10)))
    assert bulletin.title == "关于2026年9月重点工作推进情况的通报"
    assert "现将2026年9月" in bulletin.lead.text
    assert bulletin.meta["kind"] == "monthly"
    text = _text(bulletin.sections[5])
    assert "予以通报表扬" not in text  # one green month is not praised by default
    assert "通报批评" in text and "区工信局负责" not in text  # red once only


def test_quarter_labels() -> None:
    assert [period_label(Period.quarter(2026, q)) for q in (1, 2, 3, 4)] == [
        "2026年一季度", "2026年上半年", "2026年前三季度", "2026年全年"]
    assert period_label(Period.jan_feb(2026)) == "2026年1-2月"
    assert [numeral(n) for n in (1, 7, 10, 12, 20)] == ["一", "七", "十", "十二", "二十"]


def test_empty_period_raises() -> None:
    empty = _inputs(period=Period.quarter(2026, 1), issued_on=date(2026, 4, 10))
    empty = replace(empty, indicators=tuple(replace(r, cumulative=None, light="grey")
                                            for r in _indicators()))
    with pytest.raises(BulletinError) as caught:
        build_bulletin(empty)
    assert caught.value.code is BulletinErrorCode.EMPTY_PERIOD
    assert "2026年一季度" in str(caught.value)


def test_other_errors() -> None:
    with pytest.raises(BulletinError) as caught:
        build_bulletin(_inputs(period=Period.whole_year(2026)))
    assert caught.value.code is BulletinErrorCode.UNSUPPORTED_PERIOD
    with pytest.raises(BulletinError) as caught:
        build_bulletin(_inputs(issued_on=date(2026, 6, 30)))
    assert caught.value.code is BulletinErrorCode.ISSUED_TOO_EARLY


def test_deterministic() -> None:
    assert build_bulletin(_inputs()) == build_bulletin(_inputs())
