"""A department colleague's path through the ledger: log in, filter by 区工信局, open a task,
download the Excel ledger."""


from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from luoshi.accounts.choices import Role

pytestmark = pytest.mark.e2e

PASSWORD = "Qm4#Lx9-Vt2w"


def test_filter_open_and_download(transactional_db, live_server, page, seed_plan, make_user):
    make_user(Role.LEADER, username="leader")
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "leader")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")  # the workbench, with the current plan
    page.click(f"main a[href='/plans/{seed_plan.pk}/']")
    page.wait_for_url(f"**/plans/{seed_plan.pk}/")
    assert "深化高效率改革创新战略驱动" in page.content()

    page.click(f"nav a[href='/plans/{seed_plan.pk}/tasks/']")
    page.select_option("select[name=department]", label="区工信局")
    page.click("#task-filter button[type=submit]")
    page.wait_for_url("**department=*")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 10
    numbers = [int(n) for n in rows.locator("td.num").all_inner_texts()]
    assert numbers == [6, 7, 9, 10, 11, 12, 15, 16, 17, 19]

    page.click("text=聚焦核心产业转型升级")
    page.wait_for_url("**/plans/tasks/*/")
    assert page.locator("h1").inner_text().startswith("10.")
    assert page.locator("a", has_text="区工信局").count() >= 1

    page.go_back()
    with page.expect_download() as download_info:
        page.click("#export-ledger")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(BytesIO(Path(download.path()).read_bytes())).active
    # Two title rows and the header row come first.
    assert [row[0].value for row in sheet.iter_rows(min_row=4)] == [
        6, 7, 9, 10, 11, 12, 15, 16, 17, 19,
    ]
