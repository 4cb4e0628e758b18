"""The Word document: its 附件 indicator table gives the figures the dashboard and `luoshi
monitor status` give, written the same way; a zone's own template changes the 红头, not the
body; the charts and the PDF (LibreOffice) when they are there."""

import json
import shutil
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from luoshi.bulletins.models import BulletinSettings
from luoshi.core import office
from luoshi.monitoring.tests.page_helpers import store

from .helpers import (
    Q3,
    RED_HEAD,
    dashboard_cells,
    detail_url,
    document,
    draft,
    file_url,
    indicator_table,
    publish,
    save_settings,
    template_docx,
    texts,
)

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def status_json(period: str = Q3) -> list[dict]:
    out = StringIO()
    call_command("monitor", "status", "--period", period, "--today", "2026-10-15", "--json",
                 stdout=out)
    return json.loads(out.getvalue())


def assert_table_matches(docx_bytes, rows: list[dict]) -> int:
    """Every row with a year target is in the 附件 table with the dashboard's cells; those
    without one are not. How many rows were compared."""
    table = indicator_table(docx_bytes)
    targeted = [row for row in rows if row["year_target"] is not None]
    assert sorted(table) == sorted(row["name"] for row in targeted)
    for row in targeted:
        cells = table[row["name"]]
        assert {key: cells[key] for key in ("年度目标", "累计完成", "完成率")} == (
            dashboard_cells(row)), row["name"]
    return len(targeted)


def test_the_indicator_table_gives_the_dashboards_figures(q3, coordinator, login):
    _response, bulletin = draft(login(coordinator))
    rows = bulletin.snapshot.rows
    assert assert_table_matches(bulletin.docx, rows) == 8
    table = indicator_table(bulletin.docx)
    # The figures stored, as the dashboard rounds them (1750.456 → 1750.46, 1.234 → 1.23).
    assert table["工业总产值"] | {"序号": ""} == {
        "序号": "", "指标": "工业总产值", "单位": "亿元", "年度目标": "2500",
        "累计完成": "1750.46", "完成率": "70.0%", "序时进度": "75.0%",
        "差距(个百分点)": "-5.0", "同比": "16.7%*", "状态": "略低于序时进度"}
    assert (table["进出口总额"]["累计完成"], table["进出口总额"]["完成率"]) == (
        "150.5", "50.2%")
    assert table["实际利用外资"]["累计完成"] == "1.23"
    assert table["地区生产总值"]["累计完成"] == "—"  # no value: the dashboard's dash
    assert "规上工业增加值增速" not in table  # no 2026 target

    # `luoshi monitor status --json` for the same period gives the same figures.
    by_name = {row["name"]: row for row in status_json()}
    assert assert_table_matches(bulletin.docx, [by_name[row["name"]] for row in rows]) == 8
    for row in rows:
        assert dashboard_cells(by_name[row["name"]]) == dashboard_cells(row), row["name"]


def test_the_figures_stay_frozen_after_a_correction_of_the_values(q3, coordinator, login):
    client = login(coordinator)
    _response, bulletin = draft(client)
    store(q3, [["工业总产值", "2026-09", "1800", "", "亿元", "正式"]], reason="统计局更正")
    assert {r["name"]: r for r in status_json()}["工业总产值"]["cumulative"] == 1800
    # A rebuild (an edit) reads the frozen figures, not the new value.
    response = client.post(reverse("bulletins:edit", args=[bulletin.pk]),
                           {"title": bulletin.title})
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert indicator_table(bulletin.docx)["工业总产值"]["累计完成"] == "1750.46"
    # A new draft reads the new one.
    _response, again = draft(client)
    assert indicator_table(again.docx)["工业总产值"]["累计完成"] == "1800"


# --- the zone's template ------------------------------------------------------------------


def upload(content: bytes, name: str = "红头模板.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=DOCX)


def test_the_zones_template_gives_its_red_head_and_the_same_body(q3, coordinator, login):
    client = login(coordinator)
    _response, standard = draft(client)
    assert RED_HEAD not in texts(standard.docx)

    template = template_docx()
    response = save_settings(client, template_file=upload(template))
    assert response.status_code == 302
    stored = BulletinSettings.objects.get(zone=q3)
    assert stored.template_name == "红头模板.docx"
    assert bytes(stored.template) == template
    assert "红头模板.docx" in client.get(reverse("bulletins:settings")).content.decode()

    _response, own = draft(client)
    lines = texts(own.docx)
    assert RED_HEAD in lines and own.title in lines
    assert indicator_table(own.docx) == indicator_table(standard.docx)
    body = [p for p in texts(standard.docx) if p.startswith(("一、", "二、", "根据《"))]
    assert body and all(line in lines for line in body)

    # Published, it keeps the red head; back to the product's template, the next does not.
    own = publish(client, own)
    assert RED_HEAD in texts(own.docx)
    response = save_settings(client, remove_template="on")
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.template is None and stored.template_name == ""
    _response, again = draft(client)
    assert RED_HEAD not in texts(again.docx)


def test_a_template_without_the_body_line_is_refused(q3, coordinator, login):
    client = login(coordinator)
    response = save_settings(client, template_file=upload(template_docx(body=False)))
    assert response.status_code == 400
    [error] = response.context["form"].errors["template_file"]
    assert "{{p body }}" in error and "红头模板.docx" in error
    response = save_settings(client, template_file=upload(b"not a word file", "x.docx"))
    assert response.status_code == 400
    assert response.context["form"].errors["template_file"]
    assert not BulletinSettings.objects.filter(zone=q3).exclude(template=None).exists()


# --- charts and PDF --------------------------------------------------------------------------


def test_the_charts_are_in_the_page_and_the_document(q3, coordinator, login, charts):
    client = login(coordinator)
    _response, bulletin = draft(client)
    drawn = bulletin.content["charts"]
    assert len(drawn) == 2  # the completion chart and 工业总产值's path (three months)
    pictures = document(bulletin.docx).inline_shapes
    assert len(pictures) == 2
    page = client.get(detail_url(bulletin)).content.decode()
    for number in (1, 2):
        url = reverse("bulletins:chart", args=[bulletin.pk, number])
        assert url in page
        png = client.get(url)
        assert png.status_code == 200 and png["Content-Type"] == "image/png"
        assert png.content.startswith(b"\x89PNG")
    assert client.get(reverse("bulletins:chart", args=[bulletin.pk, 3])).status_code == 404


def test_without_libreoffice_there_is_no_pdf_and_the_page_says_why(q3, coordinator, login,
                                                                   monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    client = login(coordinator)
    _response, bulletin = draft(client)
    assert bulletin.pdf is None and bulletin.docx
    assert "LibreOffice" in bulletin.pdf_note
    page = client.get(detail_url(bulletin)).content.decode()
    assert 'id="pdf-note"' in page and bulletin.pdf_note in page
    assert client.get(file_url(bulletin, "pdf")).status_code == 404
    settings_page = client.get(reverse("bulletins:settings"))
    assert settings_page.context["soffice"] is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_with_libreoffice_the_published_bulletin_has_its_pdf(q3, coordinator, login, settings):
    settings.LUOSHI_SOFFICE = "soffice"
    client = login(coordinator)
    _response, bulletin = draft(client)
    bulletin = publish(client, bulletin)
    assert bulletin.pdf_note == ""
    pdf = bytes(bulletin.pdf)
    assert pdf.startswith(b"%PDF")
    response = client.get(file_url(bulletin, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == pdf
    assert f"hetdz-bulletin-{Q3}-v1.pdf" in response["Content-Disposition"]
    page = client.get(detail_url(bulletin)).content.decode()
    assert 'id="download-pdf"' in page and 'id="pdf-note"' not in page


# --- the zone's outline and rules ------------------------------------------------------------


def test_the_chosen_sections_and_rules_shape_the_next_draft(q3, coordinator, login):
    client = login(coordinator)
    response = save_settings(client, sections=["overall", "indicators", "praise", "next_steps"],
                             criticise_red_months="1")
    assert response.status_code == 302
    stored = BulletinSettings.objects.get(zone=q3)
    assert stored.outline == ["overall", "indicators", "praise", "next_steps"]
    assert stored.rules["criticise_red_months"] == 1
    _response, bulletin = draft(client)
    assert [s["heading"] for s in bulletin.content["sections"]] == [
        "一、总体情况", "二、主要指标完成情况", "三、表扬与批评", "四、下一步工作"]
    # Red in September alone is enough now: the departments that never reported on task 8.
    praise = " ".join(p["text"] for p in bulletin.content["sections"][2]["paragraphs"])
    assert "予以通报批评" in praise and "1个月及以上亮红灯" in praise
    # Only the indicator annex is left (no ranking section, no ranking table).
    assert [a["title"] for a in bulletin.content["attachments"]] == [
        "2026年前三季度主要指标完成情况表"]
    assert "四、下一步工作" in texts(bulletin.docx)
    page = client.get(reverse("bulletins:settings"))
    assert page.context["form"]["sections"].value() == stored.outline
