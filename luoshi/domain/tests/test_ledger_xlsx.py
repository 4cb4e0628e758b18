from io import BytesIO

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from luoshi.domain.documents.ledger_xlsx import COLUMNS, LedgerRow, ledger_workbook

ROW = LedgerRow(
    number=3, section="深化改革", title="推动试点改革", body="以动漫基地为试点。",
    lead=("经开办(自贸办)",), responsible=("区国资办", "动漫基地", "区内各相关国企"),
)


def read(content: bytes):
    return load_workbook(BytesIO(content)).active


def test_title_header_and_rows():
    sheet = read(ledger_workbook([ROW], plan_title="某方案"))
    assert sheet["A1"].value == "某方案重点任务责任分工台账"
    assert [c.value for c in sheet[2]] == [header for header, _w, _v in COLUMNS]
    assert [c.value for c in sheet[3]] == [
        3, "深化改革", "推动试点改革", "以动漫基地为试点。", "经开办(自贸办)",
        "区国资办、动漫基地、区内各相关国企",
    ]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:F3"
    assert "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}


def test_empty_ledger_still_has_headers():
    sheet = read(ledger_workbook([], plan_title=""))
    assert sheet.max_row == 2 and sheet["A2"].value == "序号"


@given(st.lists(st.text(min_size=1, max_size=30).filter(lambda s: s.isprintable()),
                min_size=0, max_size=5))
def test_units_round_trip_through_the_cell(names):
    row = LedgerRow(1, "", "t", "b", tuple(names), ())
    cell = read(ledger_workbook([row], plan_title=""))["E3"].value or ""
    assert cell == "、".join(names)
