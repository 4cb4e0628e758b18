"""The security administrator's pages: the business roles' permissions (a matrix to change),
the login lockouts (to lift), every account's two factors (who lacks compulsory ones), how
the sensitive fields are encrypted (evidence for a 密码应用 assessment) and the security
policy in force."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from luoshi.core import encrypted_fields

from . import security_services as security
from . import two_factor
from .choices import Role
from .security_policy import policy_rows

ORIGIN = "web"


class RolesView(PermissionRequiredMixin, View):
    permission_required = security.MANAGE_ROLES
    raise_exception = True

    def get(self, request, status=200, errors=()):
        current = security.matrix()
        roles = [(role, Role(role).label) for role in security.BUSINESS_ROLES]
        rows = [{"key": key, "name": name, "cells": [
            {"role": role, "field": f"{role}|{key}", "on": key in current[role]}
            for role, _label in roles]} for key, name in security.permission_choices()]
        return render(request, "accounts/security_roles.html", {
            "roles": roles, "rows": rows, "errors": errors}, status=status)

    def post(self, request):
        wanted = {role: set() for role in security.BUSINESS_ROLES}
        for field in request.POST.getlist("grant"):
            role, _sep, key = field.partition("|")
            wanted.setdefault(role, set()).add(key)
        try:
            count = security.role_permissions_change(wanted=wanted, by=request.user,
                                                     origin=ORIGIN)
        except ValidationError as error:
            return self.get(request, status=400, errors=error.messages)
        messages.success(request, _("%(n)s permission changes saved.") % {"n": count})
        return redirect("security-roles")


class LockoutsView(PermissionRequiredMixin, View):
    permission_required = security.MANAGE_SECURITY
    raise_exception = True

    def get(self, request):
        return render(request, "accounts/security_lockouts.html",
                      {"attempts": security.lockouts()})

    def post(self, request):
        security.lockout_lift(attempt_id=int(request.POST["attempt"]), by=request.user,
                              origin=ORIGIN)
        messages.success(request, _("The lockout is lifted."))
        return redirect("security-lockouts")


class TwoFactorStatesView(PermissionRequiredMixin, View):
    permission_required = security.MANAGE_SECURITY
    raise_exception = True

    def get(self, request):
        states = two_factor.account_states()
        return render(request, "accounts/security_two_factor.html", {
            "states": states, "missing": sum(1 for s in states if s.required and not s.enrolled),
            "roles": ", ".join(str(Role(r).label) if r in Role.values else _("superusers")
                               for r in settings.LUOSHI_TWO_FACTOR_ROLES) or _("none")})


SCHEME_LABELS = {
    "sm4": gettext_lazy("SM4 with HMAC-SM3 (national standard)"),
    "fernet": gettext_lazy("AES (Fernet), sealed before SM4"),
    "sm4_old_key": gettext_lazy("SM4 under a former key"),
    "sm4_unknown_key": gettext_lazy("SM4 under a key not configured (cannot be read)"),
    "clear": gettext_lazy("in clear"),
}


class EncryptionView(PermissionRequiredMixin, View):
    """Per encrypted field, how many stored values each scheme sealed (read from the raw
    columns); values not sealed with the current algorithm and first key are flagged."""

    permission_required = security.MANAGE_SECURITY
    raise_exception = True

    def get(self, request):
        state = encrypted_fields.sealing_state()
        rows = []
        for model, field in encrypted_fields.sealed_fields():
            counter = state.counts[f"{model._meta.label}.{field.name}"]
            rows.append({
                "what": f"{model._meta.verbose_name} · {field.verbose_name}",
                "total": sum(counter.values()),
                "schemes": [(SCHEME_LABELS.get(scheme, scheme), n, state.is_behind(scheme))
                            for scheme, n in sorted(counter.items())]})
        return render(request, "accounts/security_encryption.html", {
            "algorithm": SCHEME_LABELS[state.algorithm], "rows": rows, "behind": state.behind,
            "unreadable": state.unreadable})


class PolicyView(PermissionRequiredMixin, View):
    """安全策略: the settings in force, grouped, each with the variable that sets it."""

    permission_required = security.MANAGE_SECURITY
    raise_exception = True

    def get(self, request):
        groups: dict[str, list] = {}
        for row in policy_rows():
            groups.setdefault(row.group, []).append(row)
        return render(request, "accounts/security_policy.html", {"groups": groups})
