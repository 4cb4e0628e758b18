"""Annotation, numbering and encoding forms of real plans, one fixture (or snippet) per form."""

from __future__ import annotations

import codecs
import datetime
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from luoshi.domain.plandoc import Plan, Section, parse_plan, plan_to_dict, read_plan_file

FIXTURES = Path(__file__).parent / "fixtures"


def units(plan: Plan) -> dict[int, tuple[list[str], list[str]]]:
    return {task.number: (list(task.lead), list(task.responsible)) for task in plan.tasks}


def parse_text(text: str, **kwargs) -> Plan:
    return parse_plan(text.encode("utf-8"), "plan.txt", **kwargs)


# ------------------------------------------------------------------ fixtures, one per form


def test_bracket_notes_in_every_bracket_and_separator_style() -> None:
    plan = read_plan_file(FIXTURES / "plan_bracket_notes.txt")
    assert plan.title == "青岚市优化营商环境三年行动方案（2024—2026年）"
    assert plan.doc_number == "青政办发〔2024〕7号"
    assert plan.issuer == "青岚市人民政府办公室"
    assert plan.date == datetime.date(2024, 3, 15)
    assert units(plan) == {
        1: (["市政务服务局"], ["市大数据局", "各区县政府"]),  # 【】, ： and ；
        2: (["市市场监管局"], ["市公安局", "市税务局"]),  # ［］, 主办/协办, half-width
        3: (["市住建局"], ["市自然资源局", "市生态环境局"]),  # (), no colon, spaces
        4: (["市知识产权局"], ["市中级法院", "市检察院"]),  # 参与单位, ／, 完成时限 ignored
        5: ([], ["青岚海关", "市商务局", "市口岸办"]),  # 〔〕 with 、 and ；
        6: ([], []),
        7: (["市财政局"], ["市税务局"]),  # labels without any separator
    }
    assert plan.tasks[0].body == "深化“一网通办”改革。推进政务服务事项全程网办。"
    assert plan.tasks[3].title == "加强知识产权保护"
    assert plan.warnings == ("任务6(完善信用监管体系)未注明牵头或责任部门",)


def test_notes_on_lines_of_their_own() -> None:
    plan = read_plan_file(FIXTURES / "plan_line_notes.txt")
    assert plan.title == "关于加快建设现代产业体系的实施意见"
    assert plan.doc_number == ""
    assert (plan.issuer, plan.date) == ("青岚市人民政府", datetime.date(2024, 1, 8))
    assert plan.sections == (Section(1, "做强先进制造业"), Section(2, "发展现代服务业"))
    assert [task.section for task in plan.tasks] == [1, 1, 2, 2, 2]
    assert units(plan) == {
        1: (["市工业和信息化局"], ["市发展改革委", "市财政局"]),
        2: ([], ["市工业和信息化局", "市科技局"]),
        3: (["市商务局"], ["市发展改革委"]),  # …。牵头单位：…；责任单位：…。 in the sentence
        4: (["市文化和旅游局"], ["市交通运输局", "市公安局"]),  # 由…牵头，…配合。 line
        5: (["市金融工作局"], ["人民银行青岚市分行", "经开办(自贸办)"]),  # alias resolved
    }
    assert plan.tasks[0].body == (
        "实施制造业技术改造工程。每年滚动实施技改项目100个以上，到2025年规上工业企业突破1200家。"
    )
    assert plan.tasks[2].body == "推动生产性服务业发展。支持服务外包企业做大做强。"
    # The signature at the end belongs to no task.
    assert all("人民政府" not in task.body for task in plan.tasks)
    assert plan.warnings == ()


def test_sentence_notes_with_tasks_numbered_like_sections() -> None:
    plan = read_plan_file(FIXTURES / "plan_sentence_notes.txt")
    # Tasks are (一)…(五); their sections are the 一、 headings, numbered as written.
    assert plan.sections == (Section(2, "夯实数字基础设施"), Section(3, "推动产业数字化转型"))
    assert [(task.number, task.section) for task in plan.tasks] == [
        (1, 2), (2, 2), (3, 3), (4, 3), (5, 3),
    ]
    assert units(plan) == {
        1: (["市工业和信息化局"], ["市通信发展办", "市住建局"]),
        2: ([], ["市发展改革委", "市大数据局"]),  # 等按职责分工负责
        3: ([], ["市工业和信息化局"]),
        4: (["市农业农村局"], []),
        5: ([], []),
    }
    assert plan.tasks[0].body == "加快5G网络建设。新建5G基站3000个，实现重点区域全覆盖。"
    assert [(t.indicator, t.value, t.unit, t.year, t.comparator) for t in plan.targets] == [
        ("数字经济核心产业增加值", Decimal(800), "亿元", 2025, "超过"),
        ("培育数字经济领军企业", Decimal(30), "家", 2025, "不低于"),
    ]
    assert plan.warnings == ("任务5(推进服务业数字化)未注明牵头或责任部门",)


@pytest.mark.parametrize("note", [
    "（注：排在第一位的为牵头单位）",
    "注：列第一位的为牵头部门。",
    "说明：第一个单位为牵头单位。",
])
def test_first_named_unit_leads_when_the_document_says_so(note: str) -> None:
    text = (FIXTURES / "plan_first_named.txt").read_text(encoding="utf-8")
    plan = parse_text(text.replace("（注：排在第一位的为牵头单位）", note))
    assert plan.title == "青岚市2024年优化营商环境工作要点"
    assert units(plan) == {
        1: (["市政务服务局"], ["市大数据局", "各区县政府"]),
        2: (["市市场监管局"], []),
        3: (["市司法局"], ["市市场监管局"]),  # an explicit lead stays as written
        4: (["市政务服务局"], ["市工商联"]),
    }


def test_without_the_document_note_no_unit_is_promoted_to_lead() -> None:
    text = (FIXTURES / "plan_first_named.txt").read_text(encoding="utf-8")
    plan = parse_text(text.replace("（注：排在第一位的为牵头单位）", ""))
    assert units(plan)[1] == ([], ["市政务服务局", "市大数据局", "各区县政府"])


def test_enumerated_tasks_when_nothing_else_is_numbered() -> None:
    plan = read_plan_file(FIXTURES / "plan_enumerated.txt")
    # 一是/二是 in 工作目标 are goals prose, not tasks.
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        (1, 2, "开展产业链招商"), (2, 2, "开展以商招商"), (3, 2, "开展基金招商"),
    ]
    assert plan.sections == (Section(2, "主要任务"),)
    assert units(plan) == {
        1: (["招商局"], ["经发局"]),
        2: ([], ["招商局", "各园区管委会"]),
        3: ([], []),
    }
    assert plan.tasks[0].body == "开展产业链招商。围绕主导产业绘制招商图谱。"


def test_chinese_numerals_beyond_ten() -> None:
    plan = read_plan_file(FIXTURES / "plan_many_numerals.txt")
    assert [task.number for task in plan.tasks] == list(range(1, 25))
    assert [section.number for section in plan.sections] == list(range(1, 13))
    assert plan.sections[10] == Section(11, "保障改善民生")
    assert [task.section for task in plan.tasks] == [n for n in range(1, 13) for _ in (0, 1)]
    assert plan.tasks[20].responsible == ("市第21局",)
    assert plan.tasks[19].title == "改善生态环境措施20"


# ------------------------------------------------------------------ numbering forms


@pytest.mark.parametrize("marker", ["{n}.", "{n}．", "{n}、", "{n}. ", "{n}、 "])
def test_arabic_task_numbering(marker: str) -> None:
    lines = ["测试工作方案", "一、重点任务"]
    for n in (1, 2):
        lines.append(marker.format(n=n) + f"任务{n}标题。内容。（责任单位：单位{n}）")
    plan = parse_text("\n".join(lines))
    assert [(t.number, t.title, t.responsible) for t in plan.tasks] == [
        (1, "任务1标题", ("单位1",)), (2, "任务2标题", ("单位2",)),
    ]
    assert plan.sections == (Section(1, "重点任务"),)


@pytest.mark.parametrize("marker", ["（{n}）", "({n})"])
def test_parenthesised_task_numbering_under_numbered_parts(marker: str) -> None:
    text = "\n".join([
        "测试工作方案",
        "一、总体要求", "（一）指导思想。坚持稳中求进。", "（二）基本原则。坚持问题导向。",
        "二、强化创新",
        marker.format(n="一") + "建设创新平台。内容。（牵头单位：科技局）",
        marker.format(n="二") + "培育创新主体。内容。（牵头单位：工信局）",
        "三、扩大开放",
        marker.format(n="三") + "发展外贸。内容。（牵头单位：商务局）",
        "四、保障措施", "（一）加强领导。建立机制。",
    ])
    plan = parse_text(text)
    assert [(t.number, t.section, t.lead) for t in plan.tasks] == [
        (1, 2, ("科技局",)), (2, 2, ("工信局",)), (3, 3, ("商务局",)),
    ]
    assert plan.sections == (Section(2, "强化创新"), Section(3, "扩大开放"))


def test_restarted_task_numbering_is_renumbered_with_a_warning() -> None:
    text = "\n".join([
        "测试工作方案",
        "一、第一部分", "1.甲任务。（牵头单位：甲局）", "2.乙任务。（牵头单位：乙局）",
        "二、第二部分", "1.丙任务。（牵头单位：丙局）",
    ])
    plan = parse_text(text)
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        (1, 1, "甲任务"), (2, 1, "乙任务"), (3, 2, "丙任务"),
    ]
    assert plan.warnings == ("任务编号有重复，已按出现顺序重新编号",)


def test_sub_items_stay_in_the_task_body() -> None:
    text = "\n".join([
        "测试实施方案", "一、重点任务",
        "（一）推进改革。主要措施如下：", "1.建立机制。", "2.完善制度。",
        "（牵头单位：改革办；责任单位：财政局）",
        "（二）扩大开放。（牵头单位：商务局）",
    ])
    plan = parse_text(text)
    assert [t.title for t in plan.tasks] == ["推进改革", "扩大开放"]
    assert plan.tasks[0].body == "推进改革。主要措施如下：\n1.建立机制。\n2.完善制度。"
    assert units(plan)[1] == (["改革办"], ["财政局"])


# ------------------------------------------------------------------ widths and encodings


@pytest.mark.parametrize("name", [
    "plan_bracket_notes.txt", "plan_line_notes.txt", "plan_sentence_notes.txt",
    "plan_first_named.txt", "plan_enumerated.txt",
])
def test_half_width_text_gives_the_same_structure(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    full, half = parse_text(text), parse_text(unicodedata.normalize("NFKC", text))

    def shape(plan: Plan) -> list[tuple[object, ...]]:
        return [(t.number, t.section, t.lead, t.responsible) for t in plan.tasks]

    assert shape(half) == shape(full)
    assert [s.number for s in half.sections] == [s.number for s in full.sections]
    assert half.targets == tuple(
        t.__class__(**{**t.__dict__, "source": unicodedata.normalize("NFKC", t.source)})
        for t in full.targets
    )


@pytest.mark.parametrize("encode", [
    lambda text: text.encode("gb18030"),
    lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
], ids=["gb18030", "utf-8-bom", "utf-16-bom", "crlf"])
def test_encodings(encode) -> None:
    text = (FIXTURES / "plan_bracket_notes.txt").read_text(encoding="utf-8")
    expected = plan_to_dict(parse_text(text))
    assert plan_to_dict(parse_plan(encode(text), "plan.TXT")) == expected


def test_seed_in_gb18030_and_with_bom() -> None:
    seed = Path(__file__).resolve().parents[2] / "sample_data" / "harbin-etdz-plan-2023-2026.txt"
    text = seed.read_text(encoding="utf-8")
    expected = plan_to_dict(parse_text(text))
    assert plan_to_dict(parse_plan(text.encode("gb18030"), "seed.txt")) == expected
    assert plan_to_dict(parse_plan(codecs.BOM_UTF8 + text.encode(), "seed.txt")) == expected


# ------------------------------------------------------------------ metadata details


def test_doc_number_brackets_are_canonical_and_cited_numbers_ignored() -> None:
    text = "\n".join([
        "青政发[2024]12号", "青岚市人民政府关于印发《青岚市稳增长若干措施》的通知",
        "青岚市稳增长若干措施",
        "为贯彻落实《通知》（国发〔2023〕5号），制定本措施。",
        "1.扩大投资。（责任单位：市发展改革委）",
    ])
    plan = parse_text(text)
    assert plan.doc_number == "青政发〔2024〕12号"
    assert plan.title == "青岚市稳增长若干措施"
    assert plan.issuer == "青岚市人民政府"  # from the notice title when there is no signature


def test_notice_title_is_used_when_the_plan_has_no_title_line() -> None:
    text = "\n".join([
        "【现行有效】青岚市人民政府办公室关于印发青岚市稳外贸工作方案的通知",
        "来源：青岚市政府网 时间：2024-05-06",
        "一、重点任务", "1.拓展市场。（牵头单位：市商务局）",
        "扫一扫在手机打开当前页", "分享到：",
    ])
    plan = parse_text(text)
    assert plan.title == "青岚市稳外贸工作方案"
    assert plan.issuer == "青岚市人民政府办公室"
    assert plan.date is None  # the portal's publishing time is not the signature date
    assert plan.tasks[0].body == "拓展市场。"


def test_chinese_numeral_signature_date() -> None:
    text = "测试方案\n1.任务甲。（责任单位：甲局）\n青岚市人民政府\n二〇二三年十二月三十一日\n"
    plan = parse_text(text)
    assert (plan.issuer, plan.date) == ("青岚市人民政府", datetime.date(2023, 12, 31))
    assert plan.tasks[0].body == "任务甲。"


# ------------------------------------------------------------ notes on headings, national style


def test_note_on_a_bare_section_heading_is_shared_by_its_tasks() -> None:
    plan = read_plan_file(FIXTURES / "plan_heading_notes.txt")
    # Two-line title (发文机关 + 关于…), doc number below it, signature at the end.
    assert plan.title == "青岚市人民政府关于推进城市更新的实施意见"
    assert plan.doc_number == "青政发〔2024〕9号"
    assert (plan.issuer, plan.date) == ("青岚市人民政府", datetime.date(2024, 5, 20))
    assert plan.sections == (Section(1, "实施老旧小区改造"), Section(2, "推进城中村改造"))
    assert units(plan) == {
        1: (["市住房城乡建设局"], []),
        2: (["市住房城乡建设局"], ["市住房城乡建设局", "各区人民政府"]),
        3: (["市自然资源局"], []),
        4: (["市自然资源局"], ["市城管局", "各区人民政府"]),
    }
    assert plan.warnings == ()


def test_state_council_sentence_notes() -> None:
    plan = read_plan_file(FIXTURES / "plan_state_council.txt")
    assert plan.title == "促进创业投资高质量发展的若干政策措施"  # not （此件公开发布）
    assert plan.doc_number == "国办发〔2024〕31号"
    assert (plan.issuer, plan.date) == ("国务院办公厅", datetime.date(2024, 6, 15))
    assert units(plan) == {
        1: ([], ["国家发展改革委", "中国人民银行", "金融监管总局", "中国证监会"]),
        2: ([], ["中国证监会", "国家发展改革委"]),
        3: (["金融监管总局"], ["国家发展改革委", "财政部", "中国证监会"]),  # deadline clause
        4: (["金融监管总局"], []),
        5: ([], []),
    }
    assert plan.tasks[2].body == (
        "鼓励长期资金投向创业投资。支持保险机构按照市场化原则做好对创业投资基金的投资。"
    )


def test_prose_ending_in_a_verb_is_not_a_note() -> None:
    text = "测试方案\n1.完善治理体系。\n坚持党委领导、政府负责。\n（责任单位：甲局）"
    plan = parse_text(text)
    assert plan.tasks[0].body == "完善治理体系。\n坚持党委领导、政府负责。"
    assert plan.tasks[0].responsible == ("甲局",)


# ------------------------------------------------------------------ every label, bracket, separator

BRACKETS = [
    ("〔", "〕"), ("【", "】"), ("[", "]"), ("［", "］"), ("(", ")"), ("（", "）"), ("", ""),
]


@pytest.mark.parametrize(("opening", "closing"), BRACKETS)
@pytest.mark.parametrize("colon", ["：", ":", ""])
@pytest.mark.parametrize("lead_label", ["牵头部门", "牵头单位", "主办单位"])
def test_labelled_note_forms(opening: str, closing: str, colon: str, lead_label: str) -> None:
    note = f"{opening}{lead_label}{colon}甲局；责任单位{colon}乙局、丙局{closing}"
    plan = parse_text(f"测试方案\n1.推进工作。具体内容。{note}\n2.另一项。（责任单位：丁局）")
    assert units(plan)[1] == (["甲局"], ["乙局", "丙局"])
    assert plan.tasks[0].body == "推进工作。具体内容。"


@pytest.mark.parametrize("label", ["责任部门", "责任单位", "配合单位", "参与单位", "协办单位"])
@pytest.mark.parametrize("separator", ["、", "，", ",", "；", ";", "/", " ", "　", " , "])
def test_responsible_labels_and_unit_separators(label: str, separator: str) -> None:
    plan = parse_text(f"测试方案\n1.推进工作。（{label}：乙局{separator}丙局{separator}乙局）")
    assert units(plan)[1] == ([], ["乙局", "丙局"])  # the repeated 乙局 is dropped


def test_notes_on_own_lines_with_every_label_separator() -> None:
    plan = parse_text("\n".join([
        "测试方案", "1.推进工作。", "牵头单位：甲局", "责任单位:乙局；丙局",
        "2.另一项工作。", "主办单位丁局", "协办单位 戊局 己局",
    ]))
    assert units(plan) == {1: (["甲局"], ["乙局", "丙局"]), 2: (["丁局"], ["戊局", "己局"])}
    assert [t.body for t in plan.tasks] == ["推进工作。", "另一项工作。"]


def test_portal_metadata_rows_fill_gaps_and_page_numbers_are_dropped() -> None:
    plan = parse_text("\n".join([
        "索引号：11230100/2024-00012", "发文字号：青政办规〔2024〕3号", "成文日期：2024-04-02",
        "发布机构：青岚市人民政府办公室",
        "青岚市稳就业工作方案（排在第一位的为牵头单位）",
        "一、重点任务（排在第一位的为牵头单位）",
        "1.开发公益岗位。（责任单位：市人社局、市财政局）", "— 3 —",
        "2.支持灵活就业。（责任单位：市人社局）",
    ]))
    assert plan.title == "青岚市稳就业工作方案"
    assert plan.doc_number == "青政办规〔2024〕3号"
    assert plan.date == datetime.date(2024, 4, 2)
    assert plan.issuer == "青岚市人民政府办公室"
    assert plan.sections == (Section(1, "重点任务"),)
    assert plan.tasks[0].body == "开发公益岗位。"
    assert units(plan)[1] == (["市人社局"], ["市财政局"])
