"""Attachments of a report: types and size limited, stored outside the web root, served only
as a download to whoever may read the report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.choices import Role
from luoshi.plans.models import TaskUnit
from luoshi.supervision import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_page(seed_plan, make_user, settings, tmp_path):
    settings.LUOSHI_PRIVATE_ROOT = tmp_path / "private"
    settings.LUOSHI_ATTACHMENT_MAX_BYTES = 1024
    reporter = make_user(Role.REPORTER, "区工信局", username="gxj_r")
    gxj = TaskUnit.objects.filter(task__plan=seed_plan, department__name="区工信局").first()
    month = selectors.reporting_month(seed_plan.zone, timezone.now())
    row = next(r for r in selectors.due_rows(seed_plan.zone, month, timezone.now(),
                                             departments={gxj.department_id}) if r.owes)
    url = reverse("supervision:report", args=[row.task.pk, gxj.department_id, month.code])
    return reporter, url


def test_a_file_is_stored_outside_the_web_root_and_served_as_a_download(
        report_page, login, make_user, settings, tmp_path):
    reporter, url = report_page
    client = login(reporter)
    client.post(url, {"action": "save", "progress": "进展"})
    page = client.post(url, {"action": "attach", "file": SimpleUploadedFile(
        "进展材料.pdf", b"%PDF-1.4 test", content_type="application/pdf")}, follow=True)
    attachment = page.context["report"].attachments.get()
    assert attachment.name == "进展材料.pdf" and attachment.size == 13
    stored = tmp_path / "private" / attachment.file.name
    assert stored.exists() and "进展材料" not in stored.name  # a random name on disk
    download = client.get(reverse("supervision:attachment", args=[attachment.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/octet-stream"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    # Another department may not read it.
    other = login(make_user(Role.REPORTER, "区商务局", username="sw_r"))
    assert other.get(reverse("supervision:attachment", args=[attachment.pk])).status_code == 404


@pytest.mark.parametrize(("name", "content", "words"), [
    ("脚本.html", b"<script>alert(1)</script>", "不接受此类型"),
    ("大文件.pdf", b"x" * 2048, "大于"),
])
def test_wrong_types_and_large_files_are_refused(report_page, login, name, content, words):
    reporter, url = report_page
    client = login(reporter)
    client.post(url, {"action": "save", "progress": "进展"})
    page = client.post(url, {"action": "attach", "file": SimpleUploadedFile(name, content)},
                       follow=True)
    assert not page.context["report"].attachments.exists()
    assert any(name in str(m) for m in page.context["messages"])
