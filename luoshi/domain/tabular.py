"""Reading an uploaded table file (.xlsx/.xls/.ods or .csv) into sheets of cells.

The one reader every import uses (values, departments, users, later milestones and peer data):
files are untrusted, so limits are checked here, once, before anything large is allocated.
A workbook is a zip of XML: its directory, its true unpacked size (inflated here in bounded
chunks, whatever the directory claims) and every sheet's declared and actual extent are checked
before python-calamine sees it, since calamine allocates the whole rectangle from A1 to the
farthest cell (one cell at XFD1048576 is 17 billion cells). Cells are left as read (text, number
or date) for each import's validation to judge.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from luoshi.domain.encodings import decode_chinese_text

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
ZIP_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".ods"})
SHEET_XML_SUFFIXES = frozenset({".xlsx", ".xlsm"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})

Sheet = list[list[object]]

# Reason codes; the app turns them into words (luoshi.core.tables).
UNSUPPORTED_FILE = "unsupported_file"
UNREADABLE_FILE = "unreadable_file"
UNKNOWN_ENCODING = "unknown_encoding"
TOO_LARGE = "too_large"
TOO_MANY_ROWS = "too_many_rows"
TOO_MANY_COLUMNS = "too_many_columns"
UNPACKED_TOO_LARGE = "unpacked_too_large"
COMPRESSION_RATIO = "compression_ratio"


class TableError(ValueError):
    """A file that cannot be read as a table; ``reason`` is a code, ``detail`` says more,
    ``limit`` is the limit exceeded (for the limit codes)."""

    def __init__(self, reason: str, detail: str = "", limit: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.limit = limit


@dataclass(frozen=True)
class TableLimits:
    """What one uploaded table may hold; the app passes its settings, these are safe defaults."""

    max_bytes: int = 20 * 1024 * 1024  # the file as uploaded
    max_rows: int = 100_000  # over all sheets
    max_columns: int = 200  # per sheet, counted from column A
    max_unpacked_bytes: int = 100 * 1024 * 1024  # a workbook's zip, unpacked
    max_compression_ratio: int = 100  # unpacked ÷ packed, for any member over RATIO_FLOOR
    max_members: int = 10_000  # files inside a workbook's zip


DEFAULT_LIMITS = TableLimits()
# Small members (styles, a few cells) compress far better than data; only large ones can bomb.
RATIO_FLOOR = 1024 * 1024
CHUNK = 1024 * 1024
MAX_TAG = 64 * 1024  # a <c> or <row> tag is short; a longer one is not a real sheet


def read_sheets(content: bytes, filename: str, limits: TableLimits = DEFAULT_LIMITS
                ) -> list[Sheet]:
    """Every sheet of a table file as rows of cells, chosen by the file's extension."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES | TEXT_SUFFIXES:
        raise TableError(UNSUPPORTED_FILE, suffix or filename)
    if len(content) > limits.max_bytes:
        raise TableError(TOO_LARGE, f"{len(content)} bytes", limits.max_bytes)
    if suffix in TEXT_SUFFIXES:
        return [read_csv_cells(content, limits)]
    if suffix in ZIP_SUFFIXES:
        check_workbook_zip(content, limits, scan_sheets=suffix in SHEET_XML_SUFFIXES)
    sheets = read_spreadsheet_sheets(content)
    # .xls and .ods cannot be measured beforehand; the size cap bounds them, this the rest.
    check_extent(sum(len(sheet) for sheet in sheets),
                 max((len(row) for sheet in sheets for row in sheet), default=0), limits)
    return sheets


def read_spreadsheet_sheets(content: bytes) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return [workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
                for index in range(len(workbook.sheet_names))]
    except (CalamineError, ValueError, OSError) as error:
        raise TableError(UNREADABLE_FILE, str(error)) from error


def check_extent(rows: int, columns: int, limits: TableLimits) -> None:
    if rows > limits.max_rows:
        raise TableError(TOO_MANY_ROWS, str(rows), limits.max_rows)
    if columns > limits.max_columns:
        raise TableError(TOO_MANY_COLUMNS, str(columns), limits.max_columns)


# --- workbook zips --------------------------------------------------------------------------


_EOCD = b"PK\x05\x06"


def _declared_member_count(content: bytes) -> int:
    """Entries in the zip's end record, read before zipfile builds one object per entry."""
    at = content.rfind(_EOCD, max(0, len(content) - 65_557))
    if at < 0 or at + 22 > len(content):
        raise TableError(UNREADABLE_FILE, "not a zip file")
    return struct.unpack_from("<H", content, at + 10)[0]


def check_workbook_zip(content: bytes, limits: TableLimits, *, scan_sheets: bool) -> None:
    """Refuse a workbook whose zip is too large unpacked, too compressed, or (xlsx) whose sheets
    reach beyond the row or column limit, before calamine reads it."""
    if _declared_member_count(content) > limits.max_members:
        raise TableError(UNPACKED_TOO_LARGE, "members", limits.max_unpacked_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise TableError(UNREADABLE_FILE, str(error)) from error
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise TableError(UNPACKED_TOO_LARGE, "members", limits.max_unpacked_bytes)
    declared = sum(member.file_size for member in members)
    if declared > limits.max_unpacked_bytes:
        raise TableError(UNPACKED_TOO_LARGE, f"{declared} bytes", limits.max_unpacked_bytes)
    for member in members:
        _check_ratio(member.file_size, member.compress_size, limits)
    unpacked, rows = 0, 0
    for member in members:
        is_sheet = scan_sheets and _is_sheet(member.filename)
        scanner = SheetScanner(limits, rows_before=rows) if is_sheet else None
        size = 0
        for chunk in _inflate(content, member):
            size += len(chunk)
            unpacked += len(chunk)
            if unpacked > limits.max_unpacked_bytes:
                raise TableError(UNPACKED_TOO_LARGE, f"> {unpacked} bytes",
                                 limits.max_unpacked_bytes)
            _check_ratio(size, member.compress_size, limits)
            if scanner is not None:
                scanner.feed(chunk)
        if scanner is not None:
            scanner.close()
            rows += scanner.max_row


def _check_ratio(unpacked: int, packed: int, limits: TableLimits) -> None:
    if unpacked > RATIO_FLOOR and unpacked > limits.max_compression_ratio * max(packed, 1):
        raise TableError(COMPRESSION_RATIO, f"{unpacked} / {packed}",
                         limits.max_compression_ratio)


def _is_sheet(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(".xml") and "/worksheets/" in f"/{lowered}"


def _inflate(content: bytes, member: zipfile.ZipInfo):
    """The member's true bytes in chunks of at most CHUNK, inflated from the raw data (so a
    directory that understates a member's size cannot hide it)."""
    if member.flag_bits & 0x1:
        raise TableError(UNREADABLE_FILE, f"{member.filename}: encrypted")
    start = member.header_offset
    if content[start:start + 4] != b"PK\x03\x04":
        raise TableError(UNREADABLE_FILE, f"{member.filename}: bad local header")
    name_length, extra_length = struct.unpack_from("<HH", content, start + 26)
    data_start = start + 30 + name_length + extra_length
    raw = memoryview(content)[data_start:data_start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(raw), CHUNK):
            yield bytes(raw[offset:offset + CHUNK])
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise TableError(UNREADABLE_FILE, f"{member.filename}: compression {member.compress_type}")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for offset in range(0, len(raw), 64 * 1024):
            pending = bytes(raw[offset:offset + 64 * 1024])
            while pending:
                chunk = inflater.decompress(pending, CHUNK)
                if chunk:
                    yield chunk
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        tail = inflater.flush()
    except zlib.error as error:
        raise TableError(UNREADABLE_FILE, f"{member.filename}: {error}") from error
    if tail:
        yield tail


_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|dimension)(?=[\s/>])([^<>]*)>")
_R = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)(\d*)["']""")
_REF = re.compile(rb"""\sref\s*=\s*["']([^"']*)["']""")
_CELL = re.compile(r"\$?([A-Za-z]{0,3})\$?(\d{0,7})$")
# The fast path for the usual sheet (Excel, WPS, LibreOffice, openpyxl): unprefixed tags, each
# cell and row saying where it is in its first attribute.
_C_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_ROW_REF = re.compile(rb'<row r="(\d{1,7})"')
_OTHER_TAG_FORM = re.compile(rb"<(?:c|row)[>/\t\r\n]")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class SheetScanner:
    """Follows a worksheet's XML as it streams: the declared ``<dimension>`` and the farthest
    row and column any cell reaches (cells without ``r`` follow the one before, as readers
    place them).  Raises TableError as soon as a limit is passed."""

    def __init__(self, limits: TableLimits, rows_before: int = 0) -> None:
        self.limits = limits
        self.rows_before = rows_before
        self.row = 0
        self.column = 0
        self.max_row = 0
        self.max_column = 0
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        cut = data.rfind(b"<")
        if cut < 0:
            self._tail = b""
            return
        # Everything before the last "<" is whole tags (a tag holds no "<"); keep the rest.
        self._scan(data[:cut])
        self._tail = data[cut:]
        if len(self._tail) > MAX_TAG and b">" not in self._tail:
            raise TableError(UNREADABLE_FILE, "malformed sheet XML")

    def close(self) -> None:
        self._scan(self._tail)
        self._tail = b""

    def _scan(self, data: bytes) -> None:
        if b"dimension" not in data and b":c" not in data and b":row" not in data and (
                self._scan_fast(data)):
            return
        for match in _TAG.finditer(data):
            name, attributes = match.group(1), match.group(2)
            if name == b"c":
                found = _R.search(attributes)
                if found and found.group(1):
                    self.column = self._column(found.group(1))
                    if found.group(2):
                        self.row = self._number(found.group(2))
                else:
                    self.column += 1
                if self.row == 0:
                    self.row = 1
                self._reach(self.row, self.column)
            elif name == b"row":
                found = _R.search(attributes)
                digits = found.group(2) if found else b""
                self.row = self._number(digits) if digits else self.row + 1
                self.column = 0
            else:
                found = _REF.search(attributes)
                if found:
                    last = found.group(1).decode("ascii", "replace").split(":")[-1]
                    cell = _CELL.match(last)
                    if cell is None:
                        raise TableError(UNREADABLE_FILE, f"dimension {last[:20]}")
                    self._check(int(cell.group(2) or 0), column_number(cell.group(1)))

    def _scan_fast(self, data: bytes) -> bool:
        """Whole-chunk regular expressions, when every cell and row in it has ``r``."""
        cells = _C_REF.findall(data)
        rows = _ROW_REF.findall(data)
        if (len(cells) != data.count(b"<c ") or len(rows) != data.count(b"<row ")
                or _OTHER_TAG_FORM.search(data)):
            return False
        if cells:
            columns = max((column_number(letters.decode()) for letters in
                           {letters for letters, _digits in cells}), default=0)
            last_row = max(map(int, {digits for _letters, digits in cells}))
            self._reach(last_row, columns)
        if rows:
            self.row = int(rows[-1])
        if cells and data.rfind(b"<c") > data.rfind(b"<row"):
            self.row = int(cells[-1][1])
            self.column = column_number(cells[-1][0].decode())
        elif rows:
            self.column = 0
        return True

    def _column(self, letters: bytes) -> int:
        if len(letters) > 3:
            raise TableError(TOO_MANY_COLUMNS, letters[:10].decode("ascii", "replace"),
                             self.limits.max_columns)
        return column_number(letters.decode("ascii"))

    def _number(self, digits: bytes) -> int:
        if len(digits) > 7:
            raise TableError(TOO_MANY_ROWS, digits[:10].decode("ascii"), self.limits.max_rows)
        return int(digits)

    def _reach(self, row: int, column: int) -> None:
        if row > self.max_row or column > self.max_column:
            self.max_row = max(self.max_row, row)
            self.max_column = max(self.max_column, column)
            self._check(self.max_row, self.max_column)

    def _check(self, row: int, column: int) -> None:
        check_extent(self.rows_before + row, column, self.limits)


# --- text -----------------------------------------------------------------------------------


def decode_text(content: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (GBK)."""
    try:
        return decode_chinese_text(content)
    except UnicodeDecodeError as error:
        raise TableError(UNKNOWN_ENCODING, str(error)) from error


def read_csv_cells(content: bytes, limits: TableLimits = DEFAULT_LIMITS) -> Sheet:
    if len(content) > limits.max_bytes:
        raise TableError(TOO_LARGE, f"{len(content)} bytes", limits.max_bytes)
    text = decode_text(content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first_line.count)
    rows: Sheet = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(row) > limits.max_columns:
                raise TableError(TOO_MANY_COLUMNS, str(len(row)), limits.max_columns)
            rows.append(list(row))
            if len(rows) > limits.max_rows:
                raise TableError(TOO_MANY_ROWS, f"> {limits.max_rows}", limits.max_rows)
    except csv.Error as error:  # a field over csv's size limit, a stray NUL byte
        raise TableError(UNREADABLE_FILE, str(error)) from error
    return rows
