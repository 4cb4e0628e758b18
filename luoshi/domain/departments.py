"""Department kinds guessed from how a unit is named (a default the coordinator can change)."""

import re
from enum import StrEnum


class DepartmentKind(StrEnum):
    DISTRICT = "district"  # 区直部门: 区工信局, 区委组织部, 经开办(自贸办)
    STATIONED = "stationed"  # 派驻机构: 市市场局经开区分局, 税务局经开区分局
    ENTERPRISE = "enterprise"  # 国企/平台: …公司, …集团, 动漫基地
    TOWNSHIP = "township"  # 街道/镇: 新农镇, 哈平路街道, 某某乡
    OTHER = "other"


_STATIONED = re.compile(r"(分局|派出所|分中心|支队|大队|驻.+(?:组|处))$")
_ENTERPRISE = re.compile(r"(公司|集团|基地|园区|平台|中心)$")
_TOWNSHIP = re.compile(r"(街道|街道办事处|镇|乡|镇人民政府|乡人民政府)$")
_DISTRICT = re.compile(r"^(区|经开|自贸|管委会|党工委)|(办|局|委|部|室|所|大厅)(\(.+\))?$")


def guess_department_kind(name: str) -> DepartmentKind:
    """Guess the kind of a unit from its name; the order matters (分局 before 局)."""
    if _STATIONED.search(name):
        return DepartmentKind.STATIONED
    if _TOWNSHIP.search(name):
        return DepartmentKind.TOWNSHIP
    if _ENTERPRISE.search(name):
        return DepartmentKind.ENTERPRISE
    if _DISTRICT.search(name):
        return DepartmentKind.DISTRICT
    return DepartmentKind.OTHER
