"""Numbers too large for the database: the usual row/column error (exit 2, 400), never a 500."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from luoshi.domain.monitoring.validation import FIGURE_DIGITS
from luoshi.monitoring import services
from luoshi.monitoring.models import IndicatorValue, ValueRevision

pytestmark = pytest.mark.django_db


def test_domain_digits_are_the_stored_digits():
    for model in (IndicatorValue, ValueRevision):
        for name, (digits, places) in FIGURE_DIGITS.items():
            field = model._meta.get_field(name)
            assert (field.max_digits, field.decimal_places) == (digits, places), (model, name)


def test_import_of_1e20_names_row_and_column(zone, catalogue):
    content = "指标,期别,累计值,单位\n工业总产值,2026-03,1e20,亿元\n".encode()
    outcome = services.values_import(zone=zone, content=content, filename="x.csv", by=None,
                                     origin="tests")
    assert not outcome.ok
    (error,) = outcome.errors
    assert (error.row, error.column, error.reason) == (2, "cumulative", "too_large")
    assert IndicatorValue.objects.count() == 0


def test_command_exits_2_on_1e20(catalogue, tmp_path, capsys):
    path = tmp_path / "huge.csv"
    path.write_text("指标,期别,累计值,单位\n工业总产值,2026-03,1e20,亿元\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("values", "import", str(path))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("huge.csv: ") and "累计值" in err and "数值过大" in err
    assert "Traceback" not in err


def test_grid_refuses_1e20_with_a_400(login, gxj_reporter, catalogue):
    pk = catalogue["industrial_output"].pk
    response = login(gxj_reporter).post(reverse("monitoring:entry") + "?period=2026-03", {
        f"cumulative_{pk}": "1e20", f"status_{pk}": "preliminary"})
    assert response.status_code == 400
    assert "数值过大" in response.content.decode()
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize("text", ["2025: 1e30", "2025: NaN", "2025: Infinity"])
def test_year_targets_too_large_are_a_form_error(text):
    from luoshi.monitoring.forms import TargetForm

    form = TargetForm(data={"year_targets": text})
    form.is_valid()
    assert "year_targets" in form.errors
