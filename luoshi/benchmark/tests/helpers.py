"""Peer data files as the tests build them: a dozen zones over two data years, the zone under
test among them, with the 2021 method's indicators as columns and a units row under the header."""

import csv
import io
import random

from openpyxl import Workbook

from luoshi.domain.benchmark.method import default_method

YEARS = (2023, 2024)
HOME = "哈尔滨经济技术开发区"
# (zone, province): 中部 has the home zone and four others, so the regional rank means something.
PEERS = [
    ("苏州工业园区", "江苏"), ("广州经开区", "广东"), ("北京经开区", "北京"),
    ("天津经开区", "天津"), ("合肥经开区", "安徽"), ("武汉经开区", "湖北"),
    ("长沙经开区", "湖南"), ("郑州经开区", "河南"), ("成都经开区", "四川"),
    ("西安经开区", "陕西"), ("重庆经开区", "重庆"),
]


def zones(home: str = HOME) -> list[tuple[str, str]]:
    return [*PEERS[:6], (home, "黑龙江"), *PEERS[6:]]


def table(home: str = HOME, years=YEARS, seed: int = 7, units: bool = True
          ) -> tuple[list, list[list]]:
    """(header, rows): 开发区, 省份, 年份, then every indicator's code; a units row first."""
    method = default_method()
    rng = random.Random(seed)
    header = ["开发区", "省份", "年份", *[i.code for i in method.indicators]]
    rows = [["单位", "", "", *[i.unit for i in method.indicators]]] if units else []
    listed = zones(home)
    for year in years:
        for position, (zone, province) in enumerate(listed):
            strength = 1.3 - 0.4 * position / len(listed)  # earlier in the list: stronger
            figures = []
            for indicator in method.indicators:
                value = 10 * strength * rng.uniform(0.5, 1.5) * (1.05 ** (year - years[0]))
                if indicator.direction == "lower":
                    value = 30 / value
                figures.append(round(value, 2))
            rows.append([zone, province, year, *figures])
    return header, rows


def csv_content(header, rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_content(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def peer_csv(home: str = HOME, **options) -> bytes:
    return csv_content(*table(home, **options))


def peer_xlsx(home: str = HOME, **options) -> bytes:
    return xlsx_content(*table(home, **options))
