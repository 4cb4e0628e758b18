"""`luoshi bulletin build` writes a period's draft to a file (exit 2, nothing kept, when the
period has nothing to report) and `luoshi bulletin publish` publishes the latest draft."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import SEED_NAME, seed_bytes
from luoshi.accounts.choices import Role
from luoshi.accounts.models import Zone
from luoshi.bulletins.choices import BulletinState
from luoshi.bulletins.models import Bulletin, BulletinSettings
from luoshi.monitoring.catalogue_services import catalogue_install
from luoshi.monitoring.models import StatusSnapshot
from luoshi.plans.services import plan_import

from .helpers import PREFIX, Q3, RED_HEAD, indicator_table, template_docx, texts

pytestmark = pytest.mark.django_db

SUMMARY = {"id", "zone", "period", "state", "title", "edition", "doc_number", "docx_sha256",
           "pdf", "pdf_note"}


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("bulletin", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args) -> str:
    """Run a command that must exit 2; its message."""
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert raised.value.returncode == 2, raised.value
    return str(raised.value)


def nothing_kept():
    return not Bulletin.objects.exists() and not StatusSnapshot.objects.exists()


def test_build_writes_the_draft(q3, tmp_path):
    path = tmp_path / "通报.docx"
    out, err = run("build", "--period", Q3, "--out", str(path), "--json")
    summary = json.loads(out)
    assert set(summary) == SUMMARY
    bulletin = Bulletin.objects.get()
    assert summary == {
        "id": bulletin.pk, "zone": "hetdz", "period": Q3, "state": "draft",
        "title": "关于2026年前三季度重点工作推进情况的通报", "edition": None, "doc_number": "",
        "docx_sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "pdf": False,
        "pdf_note": bulletin.pdf_note}
    assert summary["pdf_note"] and err == ""
    assert path.read_bytes() == bytes(bulletin.docx)
    assert bulletin.state == BulletinState.DRAFT and bulletin.created_by is None
    assert bulletin.snapshot.period_code == Q3
    assert indicator_table(path.read_bytes())["工业总产值"]["累计完成"] == "1750.46"


def test_build_says_what_it_wrote_and_why_there_is_no_pdf(q3, tmp_path, coordinator):
    path, pdf = tmp_path / "q3.docx", tmp_path / "q3.pdf"
    out, err = run("build", "--period", "2026-09", "--out", str(path), "--pdf", str(pdf),
                   "--by", "coordinator")
    bulletin = Bulletin.objects.get()
    assert str(path) in out and bulletin.title in out
    assert bulletin.pdf_note in err and not pdf.exists()
    assert bulletin.created_by == coordinator and bulletin.period_code == "2026-09"


def test_build_with_a_template_file(q3, tmp_path):
    template = tmp_path / "template.docx"
    template.write_bytes(template_docx())
    path = tmp_path / "out.docx"
    run("build", "--period", Q3, "--template", str(template), "--out", str(path))
    assert RED_HEAD in texts(path.read_bytes())
    assert "工业总产值" in indicator_table(path.read_bytes())
    # The file is used for this build only: the zone's settings are not changed.
    assert not BulletinSettings.objects.filter(zone=q3).exists()


def test_build_refuses_a_template_it_cannot_use(q3, tmp_path):
    missing = tmp_path / "missing.docx"
    assert "missing.docx" in refused("build", "--period", Q3, "--template", str(missing),
                                     "--out", str(tmp_path / "out.docx"))
    no_body = tmp_path / "no-body.docx"
    no_body.write_bytes(template_docx(body=False))
    assert "{{p body }}" in refused("build", "--period", Q3, "--template", str(no_body),
                                    "--out", str(tmp_path / "out.docx"))
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(b"not a word file")
    assert "garbage.docx" in refused("build", "--period", Q3, "--template", str(garbage),
                                     "--out", str(tmp_path / "out.docx"))
    assert nothing_kept() and not (tmp_path / "out.docx").exists()


def fresh_zone(code: str, plan: bool) -> Zone:
    """Another zone set up from nothing: its plan and catalogue (no values, no lights)."""
    zone = Zone.objects.create(code=code, name=f"{code}开发区")
    if plan:
        imported, _created = plan_import(zone=zone, content=seed_bytes(), filename=SEED_NAME,
                                         by=None, origin="tests")
        catalogue_install(zone=zone, plan=imported, by=None, origin="tests")
    return zone


def test_a_period_without_data_exits_2_and_keeps_nothing(q3, tmp_path):
    path = tmp_path / "out.docx"
    message = refused("build", "--period", "2024-03", "--out", str(path))
    assert "2024年3月" in message and "没有可通报的数据" in message
    assert nothing_kept() and not path.exists()
    fresh_zone("fresh", plan=True)
    message = refused("build", "--zone", "fresh", "--period", Q3, "--out", str(path))
    assert "没有可通报的数据" in message
    assert nothing_kept() and not path.exists()


def test_a_zone_without_a_plan_exits_2(q3, tmp_path):
    fresh_zone("empty", plan=False)
    message = refused("build", "--zone", "empty", "--period", Q3, "--out",
                      str(tmp_path / "out.docx"))
    assert "通报依据" in message
    assert nothing_kept()
    with pytest.raises(CommandError, match="--zone"):  # two zones now: which one?
        run("build", "--period", Q3, "--out", str(tmp_path / "out.docx"))
    assert nothing_kept()


def test_a_period_that_is_not_a_month_or_a_quarter_exits_2(q3, tmp_path):
    for period in ("2026", "2026H1", "2026-13", "next"):
        assert period in refused("build", "--period", period, "--out",
                                 str(tmp_path / "out.docx"))
    assert nothing_kept()


def test_build_refuses_someone_who_does_not_draft(q3, tmp_path, make_user):
    make_user(Role.LEADER, username="leader")
    refused("build", "--period", Q3, "--out", str(tmp_path / "out.docx"), "--by", "leader")
    assert nothing_kept()
    with pytest.raises(CommandError):
        run("build", "--period", Q3, "--out", str(tmp_path / "out.docx"), "--by", "nobody")


def test_publish_publishes_the_latest_draft(q3, tmp_path, coordinator):
    BulletinSettings.objects.create(zone=q3, issuer="哈尔滨经济技术开发区管理委员会办公室",
                                    number_prefix=PREFIX)
    run("build", "--period", Q3, "--out", str(tmp_path / "a.docx"))
    run("build", "--period", Q3, "--out", str(tmp_path / "b.docx"))
    older, latest = Bulletin.objects.order_by("pk")
    out, _err = run("publish", "--period", Q3, "--by", "coordinator", "--json")
    summary = json.loads(out)
    latest.refresh_from_db()
    assert set(summary) == SUMMARY
    assert summary["id"] == latest.pk and summary["state"] == "published"
    assert (summary["edition"], summary["doc_number"]) == (1, f"{PREFIX}〔2026〕1号")
    assert summary["docx_sha256"] == latest.docx_sha256
    assert latest.published and latest.published_by == coordinator
    assert latest.doc_number in texts(latest.docx)
    older.refresh_from_db()
    assert older.state == BulletinState.DRAFT

    # The older draft is the latest now; published, it is the second edition.
    out, _err = run("publish", "--period", Q3)
    older.refresh_from_db()
    assert older.title in out and older.doc_number in out
    assert (older.edition, older.replaces_id, older.published_by) == (2, latest.pk, None)
    assert older.doc_number == f"{PREFIX}〔2026〕2号"


def test_publish_without_a_draft_exits_2(q3, tmp_path, make_user):
    assert "luoshi bulletin build" in refused("publish", "--period", Q3)
    run("build", "--period", Q3, "--out", str(tmp_path / "a.docx"))
    make_user(Role.REPORTER, "区工信局", username="gxj")
    refused("publish", "--period", Q3, "--by", "gxj")  # may not publish
    assert Bulletin.objects.get().state == BulletinState.DRAFT
    run("publish", "--period", Q3)
    refused("publish", "--period", Q3)  # its draft is published now
