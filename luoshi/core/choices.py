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
    TWO_FACTOR_PASSED = "otp_passed", _("Two-factor check passed")  # 双因素验证通过
    TWO_FACTOR_FAILED = "otp_failed", _("Failed two-factor check")  # 双因素验证失败
    RECOVERY_CODE_USED = "recovery_used", _("Recovery code used")  # 使用恢复码
    TWO_FACTOR_ENROLLED = "otp_enrolled", _("Two factors set up")  # 启用双因素
    RECOVERY_CODES_RENEWED = "recovery_renewed", _("Recovery codes renewed")  # 更换恢复码
    TWO_FACTOR_RESET = "otp_reset", _("Two factors reset")  # 重置双因素
