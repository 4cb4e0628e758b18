from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.TextChoices):
    """Security events written to the audit log beside the record changes (LogEntry.ACCESS
    entries whose additional_data names the event)."""

    LOGIN = "login", _("Login")  # 登录
    LOGOUT = "logout", _("Logout")  # 登出
    LOGIN_FAILED = "login_failed", _("Failed login")  # 登录失败
    LOCKED_OUT = "locked_out", _("Account locked out")  # 账户锁定
    REFUSED = "refused", _("Access refused")  # 拒绝访问
