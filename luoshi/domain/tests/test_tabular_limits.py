"""Hostile table files are refused quickly, before anything large is allocated.

Memory is measured with tracemalloc around the read (the fixture is built before), and the
bound asserted is generous: a refusal should take kilobytes, a read of the bomb gigabytes.
"""

import io
import re
import struct
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from luoshi.domain import tabular
from luoshi.domain.tabular import TableError, TableLimits, read_sheets

MB = 1024 * 1024
MEMORY_BOUND = 200 * MB


def xlsx(build) -> bytes:
    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refused(content: bytes, filename: str, limits: TableLimits = tabular.DEFAULT_LIMITS):
    """The TableError for reading `content`, and the peak Python memory of the attempt."""
    tracemalloc.start()
    try:
        with pytest.raises(TableError) as caught:
            read_sheets(content, filename, limits)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value, peak


def rezip(content: bytes, replace) -> bytes:
    """The workbook with some members' bytes replaced: replace(name, data) → data."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member.filename, replace(member.filename, source.read(member)))
    return buffer.getvalue()


def dimension(data: bytes, ref: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + ref + b'"/>', data)


def bomb(padding: int) -> bytes:
    """A valid workbook whose sheet XML holds `padding` bytes of spaces (streamed, so the
    test itself stays small): a few hundred KB packed, hundreds of MB unpacked."""
    plain = xlsx(lambda sheet: sheet.append(["指标", "期别", "累计值"]))
    source = zipfile.ZipFile(io.BytesIO(plain))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename != "xl/worksheets/sheet1.xml":
                target.writestr(member.filename, data)
                continue
            head, _sep, rest = data.partition(b"<sheetData>")
            with target.open(member.filename, "w") as out:
                out.write(head + b"<sheetData>")
                block = b" " * MB
                for _ in range(padding // MB):
                    out.write(block)
                out.write(rest)
    return buffer.getvalue()


def test_one_cell_at_xfd1048576_is_refused_before_calamine(monkeypatch):
    content = xlsx(lambda sheet: sheet.__setitem__("XFD1048576", 1))
    assert len(content) < 10_000
    monkeypatch.setattr(tabular, "read_spreadsheet_sheets", lambda content: pytest.fail("read"))
    error, peak = refused(content, "sparse.xlsx")
    assert error.reason in {"too_many_rows", "too_many_columns"}
    assert peak < MEMORY_BOUND


def test_a_far_cell_is_found_even_when_the_dimension_says_a1(monkeypatch):
    content = xlsx(lambda sheet: sheet.__setitem__("XFD1048576", 1))
    content = rezip(content, lambda name, data: dimension(data, b"A1"))
    assert b"XFD1048576" not in zipfile.ZipFile(io.BytesIO(content)).read(
        "xl/worksheets/sheet1.xml").split(b"<sheetData>")[0]
    monkeypatch.setattr(tabular, "read_spreadsheet_sheets", lambda content: pytest.fail("read"))
    error, _peak = refused(content, "sparse.xlsx")
    assert error.reason == "too_many_rows"


def test_cells_without_references_are_counted():
    row = b"<row>" + b"<c><v>1</v></c>" * 30 + b"</row>"
    content = rezip(xlsx(lambda sheet: sheet.append([1])), lambda name, data: (
        data.replace(b"<sheetData>", b"<sheetData>" + row)
        if name.endswith("sheet1.xml") else data))
    error, _peak = refused(content, "x.xlsx", TableLimits(max_columns=20))
    assert error.reason == "too_many_columns" and error.limit == 20


def test_declared_dimension_beyond_the_limits_is_refused():
    content = rezip(xlsx(lambda sheet: sheet.append([1])),
                    lambda name, data: dimension(data, b"A1:IV70000"))
    error, _peak = refused(content, "x.xlsx", TableLimits(max_rows=50_000))
    assert error.reason == "too_many_rows"


def test_zip_bomb_is_refused_from_its_directory():
    content = bomb(300 * MB)
    assert len(content) < 2 * MB
    error, peak = refused(content, "bomb.xlsx")
    assert error.reason in {"unpacked_too_large", "compression_ratio"}
    assert peak < MEMORY_BOUND


def understate(content: bytes, name: str, size: int) -> bytes:
    """The zip with its central directory claiming member `name` unpacks to `size` bytes."""
    data = bytearray(content)
    at = zipfile.ZipFile(io.BytesIO(content)).start_dir
    while data[at:at + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46:at + 46 + name_length].decode() == name:
            struct.pack_into("<I", data, at + 24, size)
        at += 46 + name_length + extra_length + comment_length
    return bytes(data)


def test_zip_bomb_with_a_lying_directory_is_refused_while_inflating():
    content = understate(bomb(300 * MB), "xl/worksheets/sheet1.xml", 1024)
    assert zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml").file_size \
        == 1024
    error, peak = refused(content, "bomb.xlsx")
    assert error.reason in {"unpacked_too_large", "compression_ratio"}
    assert peak < MEMORY_BOUND


def test_compression_ratio_limit():
    content = bomb(30 * MB)
    error, _peak = refused(content, "x.xlsx", TableLimits(max_compression_ratio=50))
    assert error.reason == "compression_ratio" and error.limit == 50


def test_oversized_csv_is_refused_before_decoding():
    content = b"indicator,period,cumulative\n" + b"gdp,2026-03,1\n" * (50 * MB // 14)
    assert len(content) > 50 * MB
    error, peak = refused(content, "big.csv")
    assert error.reason == "too_large" and error.limit == tabular.DEFAULT_LIMITS.max_bytes
    assert peak < 10 * MB


def test_csv_row_and_column_limits():
    rows = b"a,b\n" * 101
    assert refused(rows, "x.csv", TableLimits(max_rows=100))[0].reason == "too_many_rows"
    wide = b",".join([b"x"] * 201) + b"\n"
    assert refused(wide, "x.csv")[0].reason == "too_many_columns"
    assert read_sheets(b"a,b\n" * 100, "x.csv", TableLimits(max_rows=100))[0][0] == ["a", "b"]


def test_csv_field_too_long_is_a_table_error():
    error, _peak = refused(b'"' + b"x" * 200_000 + b'"\n', "x.csv")
    assert error.reason == "unreadable_file"


def test_spreadsheet_rows_over_the_limit_are_refused():
    content = xlsx(lambda sheet: [sheet.append([n]) for n in range(30)])
    assert refused(content, "x.xlsx", TableLimits(max_rows=20))[0].reason == "too_many_rows"
    assert len(read_sheets(content, "x.xlsx", TableLimits(max_rows=30))[0]) == 30


def test_large_file_refused_whatever_the_type():
    error, _peak = refused(b"x" * 2000, "x.xls", TableLimits(max_bytes=1000))
    assert error.reason == "too_large" and error.limit == 1000


def test_ordinary_workbook_reads():
    content = xlsx(lambda sheet: [sheet.append(["gdp", f"2026-{m:02d}", m]) for m in
                                  range(1, 13)])
    sheets = read_sheets(content, "x.xlsx")
    assert sheets[0][0] == ["gdp", "2026-01", 1]
    assert len(sheets[0]) == 12


def test_not_a_zip():
    assert refused(b"not a zip", "x.xlsx")[0].reason == "unreadable_file"
