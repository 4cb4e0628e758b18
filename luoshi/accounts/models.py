from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp import models as totp_models

from luoshi.core.encrypted_fields import EncryptedCharField

from .choices import DepartmentKind, Role, ZoneDayKind


class Zone(models.Model):
    """开发区: the organisation a plan belongs to."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    # Replaced by monitoring.dashboard_cache when what the zone's dashboard shows changes (its
    # accepted statuses; its figures not yet accepted). On the zone's row, which a signed-in
    # request reads with its user, so that the dashboard's cache asks nothing more to know
    # whether its copies still hold.
    statuses_stamp = models.CharField(_("statuses stamp"), max_length=16, blank=True,
                                      editable=False)
    values_stamp = models.CharField(_("values stamp"), max_length=16, blank=True,
                                    editable=False)
    STAMP_FIELDS = ("statuses_stamp", "values_stamp")

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        permissions = [("view_all_zones", _("Can see every zone's data")),
                       ("manage_roles", _("Can change the roles' permissions")),
                       ("manage_security", _("Can see and lift login lockouts"))]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A zone saved from an instance read earlier never puts back stamps replaced meanwhile
        # (a dashboard would then serve copies of what changed since).
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [field.name for field in self._meta.concrete_fields
                                       if not field.primary_key
                                       and field.name not in self.STAMP_FIELDS]
        super().save(*args, **kwargs)


class Department(models.Model):
    """部门/单位 of a zone, as named in its plans."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.OTHER
    )
    # Inactive: kept for history (old plans, values), not offered for new users or mappings.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["zone", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="department_unique_name_per_zone")
        ]
        permissions = [
            ("manage_directory", _("Can manage the zone's departments and users")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:department-detail", args=[self.pk])


class DepartmentAlias(models.Model):
    """Another name of a department (区工信局 / 工信局), so that plans using it map to it.

    An alias is unique in its zone and is never also a department's name (checked in clean()).
    """

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="department_aliases")
    name = models.CharField(_("name"), max_length=200)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        ordering = ["zone", "name"]
        verbose_name = _("department alias")
        verbose_name_plural = _("department aliases")
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="alias_unique_name_per_zone")
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.department.name}"

    def clean(self) -> None:
        if self.department_id and self.zone_id and self.department.zone_id != self.zone_id:
            raise ValidationError(_("An alias belongs to a department of its own zone."))
        if Department.objects.filter(zone_id=self.zone_id, name=self.name).exists():
            raise ValidationError(
                _("%(name)s is already the name of a department.") % {"name": self.name}
            )


class User(AbstractUser):
    """A person using Luoshi: belongs to a zone and usually a department; has one role."""

    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    # One department by default; the coordinator may add more explicitly (issue 6 §1).
    extra_departments = models.ManyToManyField(
        Department, blank=True, related_name="extra_users", verbose_name=_("further departments")
    )
    # Personal data, encrypted at rest (等保2.0 数据保密性) like the salaries: LUOSHI_FIELD_KEY.
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True, null=True)
    # Set when a one-time password is issued; the middleware asks for a new one first.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # When the password was last set (its expiry counts from here; None: before the policy).
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # 三员分立: the system administrator's alone (accounts.roles.ADMIN_PERMISSIONS).
        permissions = [("manage_users", _("Can manage the zone's user accounts"))]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ZoneDay(models.Model):
    """A zone's own day (本区调整): a local day off (a city holiday) or a local working day, or
    the official 放假安排 of a year the calendar library does not know yet. It overrides the
    official calendar on its day (see selectors.zone_calendar)."""

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="local_days", verbose_name=_("zone")
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=10, choices=ZoneDayKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)  # 春节, 城市纪念日 …
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("zone day")
        verbose_name_plural = _("zone days")
        constraints = [
            models.UniqueConstraint(fields=["zone", "day"], name="zone_day_unique_per_zone")
        ]

    def __str__(self) -> str:
        return " ".join(
            part for part in (self.day.isoformat(), str(self.get_kind_display()), self.name)
            if part
        )


class PasswordHistory(models.Model):
    """A user's recent password hashes (never the passwords): a new one must differ from them
    (accounts.validators.PasswordHistoryValidator)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier password")
        verbose_name_plural = _("earlier passwords")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class ApiToken(models.Model):
    """An API token (接口令牌): only its SHA-256 digest is stored (the key is shown once, when
    issued); it ends at ``expires_at``, when revoked by its owner or an administrator, and when
    its owner's password changes or the account is deactivated."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("beginning of the key"), max_length=8)
    digest = models.CharField(_("key digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("why it was revoked"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.name} ({self.prefix}…)"


class RoleGrant(models.Model):
    """The security administrator's change to a business role's permissions (the roles table
    in roles.py is the default): a permission given (granted) or taken away. roles_sync applies
    them; each is audited."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    permission = models.CharField(_("permission"), max_length=150)  # "app_label.codename"
    granted = models.BooleanField(_("granted"))
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("role permission change")
        verbose_name_plural = _("role permission changes")
        constraints = [models.UniqueConstraint(fields=["role", "permission"],
                                               name="accounts_rolegrant_unique")]

    def __str__(self) -> str:
        return f"{self.role} {'+' if self.granted else '−'}{self.permission}"


class Authenticator(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238) of a user who signs in with two factors. As
    django-otp's TOTPDevice, whose code it reuses, but its key is encrypted at rest with
    LUOSHI_FIELD_KEY (RFC 6238 §5.1; 等保2.0 鉴别信息的保密性): TOTPDevice keeps it in clear."""

    key = EncryptedCharField(_("secret key"), max_length=80, default=totp_models.default_key,
                             validators=[totp_models.key_validator])
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)  # steps early or late accepted
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)  # a code's step is taken once

    bin_key = totp_models.TOTPDevice.bin_key
    verify_token = totp_models.TOTPDevice.verify_token
    get_throttle_factor = totp_models.TOTPDevice.get_throttle_factor
    config_url = totp_models.TOTPDevice.config_url
    _read_str_from_settings = totp_models.TOTPDevice._read_str_from_settings

    class Meta(Device.Meta):
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")
