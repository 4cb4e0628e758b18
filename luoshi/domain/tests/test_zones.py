import pytest

from luoshi.domain.zones import zone_code_for, zone_name_from_issuer


@pytest.mark.parametrize(("issuer", "name"), [
    ("哈尔滨经济技术开发区管理委员会", "哈尔滨经济技术开发区"),
    ("长春新区党工委 管委会", "长春新区"),
    ("中共某某高新区工作委员会 某某高新区管理委员会", "中共某某高新区工作委员会某某高新区"),
    ("苏州工业园区管委会", "苏州工业园区"),
    ("某市人民政府", "某市人民政府"),
])
def test_zone_name_from_issuer(issuer, name):
    assert zone_name_from_issuer(issuer) == name


def test_zone_code_is_ascii_and_unique():
    assert zone_code_for("哈尔滨经济技术开发区") == "hebjjjskfq"
    assert zone_code_for("哈尔滨经济技术开发区", {"hebjjjskfq"}) == "hebjjjskfq2"
    assert zone_code_for("!!!") == "zone"
    assert zone_code_for("Suzhou SIP") == "suzhousip"
