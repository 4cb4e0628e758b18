from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import DepartmentKind, Role


class Zone(models.Model):
    """开发区: the organisation a plan belongs to."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        permissions = [("view_all_zones", _("Can see every zone's data"))]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """部门/单位 of a zone, as named in its plans."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.OTHER
    )

    class Meta:
        ordering = ["zone", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="department_unique_name_per_zone")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:department-detail", args=[self.pk])


class User(AbstractUser):
    """A person using Luoshi: belongs to a zone and usually a department; has one role."""

    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
