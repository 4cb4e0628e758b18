from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from luoshi.domain.documents.ledger_xlsx import COLUMNS, LedgerRow, ledger_workbook

BEIJING = ZoneInfo("Asia/Shanghai")
ROW = LedgerRow(
    number=3, section="深化改革", title="推动试点改革", body="以动漫基地为试点。",
    lead=("经开办(自贸办)",), responsible=("区国资办", "动漫基地", "区内各相关国企"),
    deadline="2025年底前",
)


def read(content: bytes):
    return load_workbook(BytesIO(content)).active


def test_title_header_and_rows():
    sheet = read(ledger_workbook([ROW], plan_title="某方案", doc_number="哈经开委发〔2023〕1号",
                                 version=2,
                                 exported_at=datetime(2026, 5, 1, 9, 30, tzinfo=BEIJING)))
    assert sheet["A1"].value == "某方案重点任务责任分工台账"
    assert sheet["A2"].value == (
        "文号：哈经开委发〔2023〕1号\u3000版本：第 2 版\u3000导出时间：2026-05-01 09:30")
    assert [c.value for c in sheet[3]] == [header for header, _w, _v in COLUMNS]
    assert [c.value for c in sheet[4]] == [
        3, "深化改革", "推动试点改革", "以动漫基地为试点。", "经开办(自贸办)",
        "区国资办、动漫基地、区内各相关国企", "2025年底前",
    ]
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:G4"
    assert {"A1:G1", "A2:G2"} <= {str(r) for r in sheet.merged_cells.ranges}


def test_empty_ledger_still_has_headers():
    sheet = read(ledger_workbook([], plan_title=""))
    assert sheet.max_row == 3 and sheet["A3"].value == "序号"


@given(st.lists(st.text(min_size=1, max_size=30).filter(lambda s: s.isprintable()),
                min_size=0, max_size=5))
def test_units_round_trip_through_the_cell(names):
    row = LedgerRow(1, "", "t", "b", tuple(names), ())
    cell = read(ledger_workbook([row], plan_title=""))["E4"].value or ""
    assert cell == "、".join(names)


FORMULAS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0"]


def test_ledger_writes_formula_like_text_as_text():
    row = LedgerRow(1, FORMULAS[0], FORMULAS[1], FORMULAS[2], (FORMULAS[3],), (FORMULAS[4],),
                    deadline="=NOW()")
    sheet = read(ledger_workbook([row], plan_title="=HACK()", doc_number="=1"))
    cells = [sheet["A1"], sheet["A2"], *sheet[4][1:]]
    assert all(cell.data_type == "s" for cell in cells), [(c.value, c.data_type) for c in cells]
    assert sheet["B4"].value == "=1+1" and sheet["G4"].value == "=NOW()"


def test_table_writer_writes_formula_like_text_as_text():
    from luoshi.domain.documents.table_xlsx import table_workbook

    sheet = read(table_workbook("t", ["=h", "b"], [FORMULAS, [1, "-"], ["=A1", 2.5]]))
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s", cell.value
    assert [c.value for c in sheet[2]] == FORMULAS
    assert sheet["A3"].value == 1 and sheet["A3"].data_type == "n"


def test_ledger_prints_on_a4_landscape_one_page_wide():
    from io import BytesIO

    from openpyxl import load_workbook

    from luoshi.domain.documents.ledger_xlsx import ledger_workbook

    sheet = load_workbook(BytesIO(ledger_workbook([], plan_title="方案"))).active
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0


def test_wrapped_lines_counts_chinese_as_double_width():
    from luoshi.domain.documents.ledger_xlsx import wrapped_lines

    assert wrapped_lines("", 20) == 1
    assert wrapped_lines("一" * 9, 20) == 1
    assert wrapped_lines("一" * 20, 21) == 2
    assert wrapped_lines("a" * 40, 21) == 2
