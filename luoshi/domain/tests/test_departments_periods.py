import pytest

from luoshi.domain.calendar.periods import plan_years
from luoshi.domain.departments import DepartmentKind, guess_department_kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("区工信局", DepartmentKind.DISTRICT),
        ("经开办(自贸办)", DepartmentKind.DISTRICT),
        ("区委组织部", DepartmentKind.DISTRICT),
        ("区住建局(交通)", DepartmentKind.DISTRICT),
        ("区行审大厅", DepartmentKind.DISTRICT),
        ("市市场局经开区分局", DepartmentKind.STATIONED),
        ("税务局经开区分局", DepartmentKind.STATIONED),
        ("市自然资源和规划局平房分局", DepartmentKind.STATIONED),
        ("动漫基地", DepartmentKind.ENTERPRISE),
        ("哈经开区投资集团", DepartmentKind.ENTERPRISE),
        ("某某发展有限公司", DepartmentKind.ENTERPRISE),
        ("专家组", DepartmentKind.OTHER),
        ("哈平路街道", DepartmentKind.TOWNSHIP),
        ("新农镇", DepartmentKind.TOWNSHIP),
        ("某某乡", DepartmentKind.TOWNSHIP),
        ("哈平路街道办事处", DepartmentKind.TOWNSHIP),
        ("新农镇人民政府", DepartmentKind.TOWNSHIP),
    ],
)
def test_guess_department_kind(name, kind):
    assert guess_department_kind(name) == kind


@pytest.mark.parametrize(
    ("title", "years"),
    [
        ("高质量发展实施方案(2023-2026)", (2023, 2026)),
        ("行动计划（2024—2027年）", (2024, 2027)),
        ("三年行动方案(2021年-2023年)", (2021, 2023)),
        ("实施方案(2025至2030年)", (2025, 2030)),
        ("关于推动高质量发展的实施意见", None),
        ("方案(2026-2023)", None),
    ],
)
def test_plan_years(title, years):
    assert plan_years(title) == years
