"""The evaluation methods: the list, one method's groups and indicators (with the evidence for
each), its download in the import's format, a copy, and a new method from a file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.domain.documents.benchmark_xlsx import method_workbook
from luoshi.domain.tabular import TableError

from . import problems, selectors, services
from .forms import MethodCopyForm, MethodUploadForm, MethodWeightsForm
from .models import Method
from .views import ORIGIN, _attachment, _manage, _zone


@login_required
def methods(request):
    zone = _zone(request)
    manage = selectors.may_manage(request.user)
    if manage:
        services.settings_ensure(zone=zone, by=request.user, origin=ORIGIN)
    context = {"zone": zone, "methods": selectors.methods(zone), "manage": manage,
               "settings": selectors.settings_of(zone), "upload_form": MethodUploadForm()}
    if request.method == "POST":
        _manage(request)
        form = MethodUploadForm(request.POST, request.FILES)
        context["upload_form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                method = services.method_import(
                    zone=zone, content=upload.read(), filename=upload.name,
                    key=form.cleaned_data["key"], name=form.cleaned_data["name"],
                    by=request.user, origin=ORIGIN)
            except services.ImportRefused as refused:
                context.update(import_errors=problems.error_lines(refused.errors, upload.name),
                               filename=upload.name)
            except TableError as error:
                context.update(import_errors=[problems.table_error_line(error, upload.name)],
                               filename=upload.name)
            except ValueError as error:
                form.add_error("key", str(error))
            else:
                messages.success(request, _("Method %(name)s imported.") % {"name": method.name})
                return redirect("benchmark:method", method.pk)
    return render(request, "benchmark/methods.html", context)


def _method(request, pk: int) -> Method:
    zone = _zone(request)
    return get_object_or_404(Method.objects.prefetch_related("groups", "indicators"),
                             pk=pk, zone=zone)


@login_required
def method(request, pk: int):
    found = _method(request, pk)
    plan = services.method_as_domain(found)
    weights = dict(zip([i.code for i in plan.indicators], plan.indicator_weights(), strict=True))
    group_weights = {g.name: g.weight for g in plan.groups}
    rows = [{"indicator": i, "weight": weights[i.code],
             "total_weight": weights[i.code] * group_weights[i.group.name] / 100}
            for i in found.indicators.all().select_related("group")]
    current = selectors.settings_of(found.zone)
    return render(request, "benchmark/method.html", {
        "method": found, "rows": rows, "groups": found.groups.all(),
        "manage": selectors.may_manage(request.user), "copy_form": MethodCopyForm(initial={
            "key": f"{found.key}-copy", "name": _("%(name)s (copy)") % {"name": found.name}}),
        "in_use": current is not None and current.method_id == found.pk})


@login_required
def method_download(request, pk: int):
    found = _method(request, pk)
    return _attachment(method_workbook(services.method_as_domain(found)),
                       f"benchmark-method-{found.key}", found.name)


@login_required
@require_POST
def method_copy(request, pk: int):
    _manage(request)
    found = _method(request, pk)
    form = MethodCopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.method_copy(method=found, key=form.cleaned_data["key"],
                                        name=form.cleaned_data["name"], by=request.user,
                                        origin=ORIGIN)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Copied as %(name)s: download it, change weights or "
                                        "indicators, and import it under its key.") % {
                "name": copy.name})
            return redirect("benchmark:method", copy.pk)
    else:
        messages.error(request, _("Give the copy a key and a name."))
    return redirect("benchmark:method", found.pk)


@login_required
def method_edit(request, pk: int):
    """The coordinator changes a method's weights and directions on the page; a method in use
    is evaluated again at once (in the background)."""
    zone = _manage(request)
    found = _method(request, pk)
    form = MethodWeightsForm(request.POST or None, method=found)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            in_use = services.method_weights_save(method=found, **form.changes(),
                                                  by=request.user, origin=ORIGIN)
        except services.ImportRefused as refused:
            errors = problems.error_lines(refused.errors, found.name)
        else:
            messages.success(request, _("The weights of %(name)s are saved.") % {
                "name": found.name})
            if in_use and selectors.peer_sets(zone).exists():
                job = services.evaluations_enqueue(zone=zone, by=request.user, origin=ORIGIN)
                return redirect("job", job.pk)
            return redirect("benchmark:method", found.pk)
    return render(request, "benchmark/method_edit.html", {
        "method": found, "form": form, "import_errors": errors, "filename": found.name},
        status=400 if errors or form.errors else 200)
