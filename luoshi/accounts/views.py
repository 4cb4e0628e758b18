"""The coordinator's directory: departments and users of their zone (not the admin site).

Every page needs `accounts.manage_directory`; objects come through selectors scoped to the
coordinator's zone (another zone's: 404), and the services check again what may be done.
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View
from django_ratelimit.core import is_ratelimited

from luoshi.domain.collation import pinyin_key
from luoshi.domain.documents.table_xlsx import table_workbook

from . import imports, selectors, services, two_factor, user_services
from .forms import AliasForm, DepartmentForm, MergeForm, TableUploadForm, UserForm
from .problems import outcome_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_HEADERS = ["文件", "行", "列", "原因", "说明"]
DEPARTMENT_HEADERS = ["部门名称", "类别", "别名", "上级", "备注"]
USER_HEADERS = ["用户名", "姓名", "部门", "角色", "手机", "邮箱"]
ERRORS_KEY = "directory_import_errors_%s"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def refusal(error: Exception) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


class DirectoryMixin(PermissionRequiredMixin):
    permission_required = "accounts.manage_directory"

    def dispatch(self, request, *args, **kwargs):
        # First run: a superuser with no zone sets the zone up before managing its people.
        if selectors.needs_zone_setup(request.user):
            return redirect("plans:zone-setup")
        return super().dispatch(request, *args, **kwargs)


class UsersMixin(DirectoryMixin):
    """The accounts: the system administrator's alone (三员分立), not the coordinator's."""

    permission_required = "accounts.manage_users"


# --- departments -----------------------------------------------------------------------------


class DepartmentListView(DirectoryMixin, View):
    """部门管理: the zone's departments, their aliases and people; a new one."""

    def get(self, request, form=None, status=200):
        departments = sorted(  # active first, by kind, then by pinyin (区财政局 before 区工信局)
            selectors.departments_for_directory(request.user),
            key=lambda d: (not d.is_active, d.kind, pinyin_key(d.name)))
        return render(request, "accounts/department_list.html", {
            "departments": departments, "form": form or DepartmentForm(),
        }, status=status)

    def post(self, request):
        form = DepartmentForm(request.POST)
        if form.is_valid():
            try:
                department = services.department_create(
                    zone=request.user.zone, name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"], by=request.user, origin="web")
            except ValidationError as error:
                form.add_error("name", refusal(error))
            else:
                messages.success(request, _("%(name)s created.") % {"name": department.name})
                return redirect("directory:departments")
        return self.get(request, form=form, status=400)


class DepartmentManageView(DirectoryMixin, View):
    """One department: rename, kind, aliases, merge into another, deactivate or activate."""

    actions = ("update", "alias_add", "alias_remove", "merge", "deactivate", "activate")

    def department(self, pk):
        return get_object_or_404(selectors.departments_managed_by(self.request.user), pk=pk)

    def get(self, request, pk, forms=None, status=200):
        department = self.department(pk)
        forms = forms or {}
        context = {
            "department": department,
            "aliases": department.aliases.all(),
            "users": department.users.order_by("-is_active", "username"),
            "links_users": selectors.manages_users(request.user),
            "form": forms.get("update") or DepartmentForm(initial={
                "name": department.name, "kind": department.kind, "keep_old_name": True}),
            "alias_form": forms.get("alias_add") or AliasForm(),
            "merge_form": forms.get("merge") or MergeForm(source=department),
        }
        return render(request, "accounts/department_manage.html", context, status=status)

    def post(self, request, pk):
        department = self.department(pk)
        action = request.POST.get("action")
        if action not in self.actions:
            return self.get(request, pk, status=400)
        by = {"by": request.user, "origin": "web"}
        form = None
        try:
            if action == "update":
                form = DepartmentForm(request.POST)
                if form.is_valid():
                    services.department_update(department=department, **form.cleaned_data, **by)
                    messages.success(request, _("Saved."))
            elif action == "alias_add":
                form = AliasForm(request.POST)
                if form.is_valid():
                    services.department_alias_add(department=department,
                                                  name=form.cleaned_data["alias"], **by)
                    messages.success(request, _("Alias added."))
            elif action == "alias_remove":
                alias = get_object_or_404(department.aliases, pk=request.POST.get("alias"))
                services.department_alias_remove(alias=alias, **by)
                messages.success(request, _("Alias removed."))
            elif action == "merge":
                form = MergeForm(request.POST, source=department)
                if form.is_valid():
                    target = form.cleaned_data["target"]
                    services.department_merge(source=department, target=target, **by)
                    messages.success(request, _("%(source)s merged into %(target)s.") % {
                        "source": department.name, "target": target.name})
                    return redirect("directory:department-manage", target.pk)
            else:
                services.department_set_active(department=department,
                                               active=action == "activate", **by)
                messages.success(request, _("Saved."))
        except ValidationError as error:
            messages.error(request, refusal(error))
            return self.get(request, pk, forms={action: form}, status=400)
        if form is not None and not form.is_valid():
            return self.get(request, pk, forms={action: form}, status=400)
        return redirect("directory:department-manage", department.pk)


# --- imports (departments and users share the page and the error report) ---------------------


class ImportView(DirectoryMixin, View):
    kind = ""  # "departments" or "users"
    template_name = "accounts/import.html"

    def run(self, request, content: bytes, filename: str):
        raise NotImplementedError

    def context(self, **extra):
        return {"kind": self.kind, "form": TableUploadForm(), **extra}

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        form = TableUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            outcome = self.run(request, upload.read(), upload.name)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, refusal(error))
            return render(request, self.template_name, self.context(), status=400)
        if not outcome.ok:
            errors = outcome_errors(outcome, upload.name)
            request.session[ERRORS_KEY % self.kind] = errors
            return render(request, self.template_name,
                          self.context(errors=errors, filename=upload.name), status=400)
        response = render(request, self.template_name,
                          self.context(outcome=outcome, filename=upload.name))
        add_never_cache_headers(response)  # may hold one-time passwords
        return response


class DepartmentImportView(ImportView):
    kind = "departments"

    def run(self, request, content, filename):
        return imports.departments_import(zone=request.user.zone, content=content,
                                          filename=filename, by=request.user, origin="web")


class UserImportView(UsersMixin, ImportView):
    kind = "users"

    def run(self, request, content, filename):
        return imports.users_import(zone=request.user.zone, content=content,
                                    filename=filename, by=request.user, origin="web")


class ImportErrorReportView(DirectoryMixin, View):
    kind = ""

    def get_permission_required(self):
        return [UsersMixin.permission_required if self.kind == "users"
                else self.permission_required]

    def get(self, request):
        errors = request.session.get(ERRORS_KEY % self.kind) or []
        rows = [[e["file"], e["row"], e["column"], e["reason"], e["detail"]] for e in errors]
        return xlsx_response(table_workbook("错误报告", REPORT_HEADERS, rows, [24, 6, 14, 36, 30]),
                             "导入错误报告.xlsx")


class DepartmentTemplateView(DirectoryMixin, View):
    """The department list template, filled with the zone's departments (edit and upload)."""

    def get(self, request):
        rows = [[d.name, d.get_kind_display(), "、".join(a.name for a in d.aliases.all()), "", ""]
                for d in selectors.departments_for_directory(request.user)
                if d.is_active]
        content = table_workbook("部门清单", DEPARTMENT_HEADERS, rows, [28, 12, 36, 20, 20])
        return xlsx_response(content, "部门清单.xlsx")


class UserTemplateView(UsersMixin, View):
    def get(self, request):
        example = [["zhangsan", "张三", "区工信局", "部门填报员", "", ""]]
        content = table_workbook("用户清单", USER_HEADERS, example, [16, 12, 28, 14, 16, 24])
        return xlsx_response(content, "用户清单.xlsx")


# --- users -----------------------------------------------------------------------------------


def issued(request, user, password: str):
    """The page that shows a one-time password, once; never cached, never stored."""
    response = render(request, "accounts/password_issued.html",
                      {"account": user, "password": password})
    add_never_cache_headers(response)
    return response


class UserListView(UsersMixin, View):
    """用户管理: the zone's users; a new one gets a one-time password shown once."""

    def form(self, data=None):
        return UserForm(data, zone=self.request.user.zone,
                        roles=user_services.grantable_roles(self.request.user))

    def get(self, request, form=None, status=200):
        accounts = list(selectors.users_managed_by(request.user))
        return render(request, "accounts/user_list.html", {
            "accounts": accounts,
            # Auditors and observers are listed but managed by a superuser only (三员分立).
            "manageable": {a.pk for a in accounts
                           if user_services.may_manage_user(request.user, a)},
            "form": form or self.form(),
        }, status=status)

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user, password = user_services.user_create(
                    zone=request.user.zone, username=data["username"],
                    full_name=data["full_name"], role=data["role"],
                    department=data["department"], phone=data["phone"], email=data["email"],
                    by=request.user, origin="web")
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, refusal(error))
            else:
                return issued(request, user, password)
        return self.get(request, form=form, status=400)


class UserManageView(UsersMixin, View):
    """One user: name, role, departments, contact; reset the password; (de)activate."""

    def account(self, pk):
        user = get_object_or_404(selectors.users_managed_by(self.request.user), pk=pk)
        if not user_services.may_manage_user(self.request.user, user):
            raise PermissionDenied
        return user

    def form(self, user, data=None):
        initial = {"username": user.username, "full_name": user.first_name,
                   "department": user.department_id, "role": user.role,
                   "extra_departments": list(user.extra_departments.values_list("pk", flat=True)),
                   "phone": user.phone, "email": user.email}
        return UserForm(data, initial=initial, zone=user.zone, user=user,
                        roles=user_services.grantable_roles(self.request.user))

    def get(self, request, pk, form=None, status=200):
        user = self.account(pk)
        return render(request, "accounts/user_manage.html", {
            "account": user, "form": form or self.form(user),
            "two_factor_on": two_factor.enrolled(user),
            "two_factor_required": two_factor.required_for(user)}, status=status)

    def post(self, request, pk):
        user = self.account(pk)
        action = request.POST.get("action")
        by = {"by": request.user, "origin": "web"}
        form = None
        try:
            if action == "update":
                form = self.form(user, request.POST)
                if not form.is_valid():
                    return self.get(request, pk, form=form, status=400)
                data = form.cleaned_data
                user_services.user_update(
                    user=user, full_name=data["full_name"], role=data["role"],
                    department=data["department"],
                    extra_departments=list(data["extra_departments"]), phone=data["phone"],
                    email=data["email"], **by)
                messages.success(request, _("Saved."))
            elif action == "reset":
                password = user_services.user_password_reset(user=user, **by)
                return issued(request, user, password)
            elif action == "two_factor_reset":
                user_services.user_two_factor_reset(user=user, request=request, **by)
                messages.success(request, _(
                    "The two factors of %(username)s are reset; they set them up again at "
                    "their next sign-in.") % {"username": user.username})
            elif action in ("deactivate", "activate"):
                user_services.user_set_active(user=user, active=action == "activate", **by)
                messages.success(request, _("Saved."))
            else:
                return self.get(request, pk, status=400)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, refusal(error))
            return self.get(request, pk, form=form, status=400)
        return redirect("directory:user-manage", user.pk)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, which also lifts the one-time password requirement; tries are throttled
    per user (LUOSHI_PASSWORD_CHANGE_RATE), as guessing the old password is a way in."""

    def post(self, request, *args, **kwargs):
        if is_ratelimited(request, group="password_change", key="user", method="POST",
                          rate=settings.LUOSHI_PASSWORD_CHANGE_RATE, increment=True):
            user_services.password_change_throttled(user=request.user, origin="web")
            return render(request, "registration/password_change_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        user_services.password_changed(user=form.user, origin="web")
        return response
