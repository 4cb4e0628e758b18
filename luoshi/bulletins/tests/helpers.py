"""Plain helpers for the bulletin tests: the figures stored, drafting and publishing over
HTTP, and reading the Word documents (python-docx) and their 附件 indicator table."""

from decimal import Decimal
from io import BytesIO

import docx
from django import forms
from django.urls import reverse

from luoshi.bulletins.models import Bulletin
from luoshi.domain.documents.dashboard_table import amount, percent

ISSUED = (2026, 10, 15, 9)  # the clock while bulletins are drafted and published
Q3 = "2026Q3"
PREFIX = "哈经开办通"
LIT_TASKS = (7, 8)  # the tasks whose lights are kept (区营商局 and 区行审大厅 are named on 8)
RED_HEAD = "某某开发区管委会办公室（自定义红头）"

# 工业总产值 with three months (a path for the charts) and last September (a computed yoy),
# 进出口总额 and 实际利用外资 with one month, 规上工业增加值增速 without a 2026 target.
VALUES = [
    ["工业总产值", "2025-09", "1500", "", "亿元", "正式"],
    ["工业总产值", "2026-07", "1400.2", "", "亿元", "快报"],
    ["工业总产值", "2026-08", "1598.7", "", "亿元", "快报"],
    ["工业总产值", "2026-09", "1750.456", "", "亿元", "快报"],
    ["进出口总额", "2026-09", "150.5", "3.0", "亿元", "快报"],
    ["实际利用外资", "2026-09", "1.234", "", "亿美元", "快报"],
    ["规上工业增加值增速", "2026-09", "6.5", "", "%", "快报"],
]


# --- over HTTP -----------------------------------------------------------------------------


def draft(client, period: str = Q3):
    """POST the draft form; (response, the newest bulletin)."""
    response = client.post(reverse("bulletins:list"), {"period": period})
    return response, Bulletin.objects.order_by("-pk").first()


def publish(client, bulletin: Bulletin) -> Bulletin:
    response = client.post(reverse("bulletins:publish", args=[bulletin.pk]))
    assert response.status_code == 302, response
    return Bulletin.objects.get(pk=bulletin.pk)


def form_data(form) -> dict:
    """What a browser sends back for ``form`` as shown (files left out)."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    return data


def edit(client, bulletin: Bulletin, **changes) -> tuple:
    """POST the edit form with what the form shows now, ``changes`` applied."""
    url = reverse("bulletins:edit", args=[bulletin.pk])
    data = form_data(client.get(url).context["form"]) | changes
    response = client.post(url, data)
    return response, Bulletin.objects.get(pk=bulletin.pk)


def save_settings(client, **changes):
    """POST the settings page as shown, ``changes`` applied (a file: ``template_file``)."""
    url = reverse("bulletins:settings")
    data = form_data(client.get(url).context["form"]) | changes
    return client.post(url, data)


def detail_url(bulletin: Bulletin) -> str:
    return reverse("bulletins:detail", args=[bulletin.pk])


def file_url(bulletin: Bulletin, kind: str = "docx") -> str:
    return reverse("bulletins:file", args=[bulletin.pk, kind])


# --- Word documents --------------------------------------------------------------------------


def document(data):
    return docx.Document(BytesIO(bytes(data)))


def texts(data) -> list[str]:
    """Every paragraph of the document: the body's, the tables' cells', headers and footers."""
    found = document(data)
    lines = [p.text.replace("\n", "") for p in found.paragraphs]  # a long title breaks
    for table in found.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    for section in found.sections:
        for part in (section.header, section.footer):
            lines += [p.text for p in part.paragraphs]
    return lines


def indicator_table(data) -> dict[str, dict[str, str]]:
    """附件1 (the table with 年度目标 and 累计完成 columns): indicator name → cells by header."""
    for table in document(data).tables:
        header = [cell.text for cell in table.rows[0].cells]
        if "年度目标" in header and "累计完成" in header:
            rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
            return {row[header.index("指标")]: dict(zip(header, row, strict=True))
                    for row in rows}
    raise AssertionError("no indicator table in the document")


def decimal(value) -> Decimal | None:
    """A snapshot's JSON number as the decimal it was."""
    return None if value is None else Decimal(str(value))


def dashboard_cells(row: dict) -> dict[str, str]:
    """A status row (snapshot or `monitor status --json`) written the dashboard's way."""
    return {"年度目标": amount(decimal(row["year_target"])),
            "累计完成": amount(decimal(row["cumulative"])),
            "完成率": percent(decimal(row["completion"]))}


def template_docx(red_head: str = RED_HEAD, body: bool = True) -> bytes:
    """A zone's own template: its 红头 line, the title, and the body placeholder."""
    made = docx.Document()
    made.add_paragraph(red_head)
    made.add_paragraph("{{ doc_number }}")
    made.add_paragraph("{{ title }}")
    if body:
        made.add_paragraph("{{p body }}")
    made.add_paragraph("印发：{{ printed_by }} {{ printed_on }}")
    buffer = BytesIO()
    made.save(buffer)
    return buffer.getvalue()
