from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DepartmentKind(models.TextChoices):
    """部门类别. Codes match luoshi.domain.departments.DepartmentKind."""

    DISTRICT = "district", _("District department")  # 区直部门
    STATIONED = "stationed", _("Stationed agency")  # 派驻机构
    ENTERPRISE = "enterprise", _("State enterprise / platform")  # 国企/平台
    TOWNSHIP = "township", _("Sub-district / town")  # 街道/镇
    OTHER = "other", pgettext_lazy("department kind", "Other")  # 其他


class Role(models.TextChoices):
    """Roles of DESIGN §2; permissions per role live in roles.py."""

    COORDINATOR = "coordinator", _("Coordinator")
    REPORTER = "reporter", _("Department reporter")
    HEAD = "head", _("Department head")
    LEADER = "leader", _("Leader")
    INSPECTOR = "inspector", _("Discipline inspector")
    HR = "hr", _("HR")
    AUDITOR = "auditor", _("Audit administrator")
    OBSERVER = "observer", _("Observer")
    # 三员分立 (等保2.0): with the audit administrator, three administrators whose duties do not
    # overlap and who see no business data.
    SYSADMIN = "sysadmin", _("System administrator")
    SECADMIN = "secadmin", _("Security administrator")


ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})


class ZoneDayKind(models.TextChoices):
    """A zone's own day (本区调整): a day off or a working day, over the official calendar."""

    HOLIDAY = "holiday", _("Day off")  # 放假
    WORKDAY = "workday", _("Working day (make-up)")  # 上班(调休)
