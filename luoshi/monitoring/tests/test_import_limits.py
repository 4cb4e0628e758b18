"""Hostile or oversized files through the import page and `luoshi values import`: a clear
Chinese refusal (400, exit 2), never a 500, a traceback or a reason code."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from luoshi.domain.tests.test_tabular_limits import MB, bomb
from luoshi.monitoring import services
from luoshi.monitoring.models import IndicatorValue

pytestmark = pytest.mark.django_db
CODES = ("too_large", "too_many_rows", "too_many_columns", "unpacked_too_large",
         "compression_ratio", "unreadable_file", "unsupported_file")


def sparse_workbook() -> bytes:
    workbook = Workbook()
    workbook.active.append(["指标", "期别", "累计值"])
    workbook.active["XFD1048576"] = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def post(client, content: bytes, name: str):
    return client.post(reverse("monitoring:import"),
                       {"file": SimpleUploadedFile(name, content)})


def text_of(response) -> str:
    return response.content.decode()


def assert_no_codes(text: str) -> None:
    assert not any(code in text for code in CODES), text


def test_page_refuses_an_oversized_upload(login, coordinator, catalogue, settings):
    settings.LUOSHI_MAX_UPLOAD_BYTES = 2 * MB
    content = b"\xe6\x8c\x87\xe6\xa0\x87,\xe6\x9c\x9f\xe5\x88\xab\n" + b"x,2026-03\n" * (MB // 4)
    response = post(login(coordinator), content, "大文件.csv")
    assert response.status_code == 400
    assert "大文件.csv 超过 2 MB" in text_of(response)
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize(("content", "words"), [
    (sparse_workbook(), "行，请拆分"),
    (bomb(300 * MB), "解压后超过 100 MB"),
    (b"PK\x03\x04 not really a workbook", "无法作为工作簿读取"),
])
def test_page_refuses_hostile_workbooks_in_chinese(login, coordinator, catalogue, content,
                                                   words):
    response = post(login(coordinator), content, "上报.xlsx")
    assert response.status_code == 400
    assert words in text_of(response)
    assert_no_codes(text_of(response))
    assert IndicatorValue.objects.count() == 0


def test_service_refusal_is_words_not_codes(zone, catalogue):
    outcome = services.values_import(zone=zone, content=sparse_workbook(), filename="x.xlsx",
                                     by=None, origin="tests")
    assert not outcome.ok
    assert "100000" in outcome.file_error.replace(",", "")
    assert_no_codes(outcome.file_error)


def test_limits_come_from_settings(zone, catalogue, settings):
    settings.LUOSHI_MAX_IMPORT_ROWS = 3
    content = "指标,期别,累计值\n" + "工业总产值,2026-03,1\n" * 3
    outcome = services.values_import(zone=zone, content=content.encode(), filename="x.csv",
                                     by=None, origin="tests")
    assert "超过 3 行" in outcome.file_error


def test_command_refuses_an_oversized_file_without_reading_it(catalogue, tmp_path, capsys,
                                                              settings):
    settings.LUOSHI_MAX_UPLOAD_BYTES = MB
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * MB)
    with pytest.raises(SystemExit) as exit_info:
        call_command("values", "import", str(path))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "big.csv 超过 1 MB" in err and "未保存任何数据" in err


def test_command_refuses_a_hostile_workbook_in_chinese(catalogue, tmp_path, capsys):
    path = tmp_path / "sparse.xlsx"
    path.write_bytes(sparse_workbook())
    with pytest.raises(SystemExit) as exit_info:
        call_command("values", "import", str(path))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("sparse.xlsx: ") and "请拆分" in err
    assert_no_codes(err)
