"""The year's scheme (考核方案: its editor, its workbook in and out, a copy of last year's), the
leaders' marks (评议打分) and the bonus, penalty and veto records (加减分与一票否决记录).

Whoever may read the results reads the scheme and the records; the coordinator
(``assessment.manage_assessment``) writes them; a marker (``assessment.enter_marks``, or the
coordinator) gives marks under their own name. The services check every write again; imports
are read and checked as the command reads them (``imports_io``), all or nothing."""

from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from luoshi.accounts.choices import DepartmentKind
from luoshi.domain.assessment.imports import ItemSpec, SchemeSpec
from luoshi.domain.assessment.raws import plain_number
from luoshi.domain.assessment.scoring import VETO_RULE, Grade, Rule, SchemeError
from luoshi.domain.directory import split_aliases

from . import imports_io, loaders, selectors, services
from .choices import ItemDirection, ItemKind, QuotaRounding, ResultState
from .forms import (
    GradeFormSet,
    ItemFormSet,
    MarksForm,
    RecordForm,
    RuleFormSet,
    SchemeSettingsForm,
    UploadForm,
)
from .models import Assessment, Mark, Record, Scheme
from .views import ResultsMixin

ORIGIN = "web"
MANAGE = selectors.MANAGE
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refusal(error: Exception) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def _plain(value: Decimal | None) -> Decimal | None:
    """A stored number as the forms show it (90.0000 → 90)."""
    return None if value is None else Decimal(plain_number(value))


def _closed(scheme: Scheme | None) -> bool:
    """Whether the year's results are published or final (the scheme and records stay)."""
    return scheme is not None and Assessment.objects.filter(scheme=scheme).exclude(
        state=ResultState.DRAFT).exists()


def _may_mark(user) -> bool:
    return user.has_perm("assessment.enter_marks") or user.has_perm(MANAGE)


class SchemeMixin(ResultsMixin):
    """The user's zone (403 without one) and its scheme of the year, if the user may see it."""

    def zone(self, request):
        if request.user.zone is None:
            raise PermissionDenied
        return request.user.zone

    def found(self, request, year: int) -> Scheme | None:
        return selectors.schemes_visible_to(request.user).filter(
            zone=self.zone(request), year=year).first()

    def scheme(self, request, year: int) -> Scheme:
        scheme = self.found(request, year)
        if scheme is None:
            raise Http404
        return scheme

    def require_manager(self, request) -> None:
        services.check_manager(request.user, self.zone(request).pk)

    def upload(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return None
        upload = form.cleaned_data["file"]
        return upload.read(), upload.name


# --- the scheme -------------------------------------------------------------------------------


def _import_into(view, request, year: int, *, read, store, back: str, done: str):
    """A marks or records file: read and checked whole (errors listed on the page, nothing
    stored), then stored by ``store``; ``done`` is the success message."""
    view.require_manager(request)
    scheme = view.scheme(request, year)
    upload = view.upload(request)
    if upload is None:
        messages.error(request, _("Choose a file to import."))
        return redirect(back, year)
    content, filename = upload
    rows, lines = read(content, filename, scheme)
    if rows is None:
        return view.page(request, year, import_errors=lines, filename=filename, status=400)
    try:
        count = store(scheme=scheme, rows=rows, by=request.user, origin=ORIGIN)
    except ValidationError as problem:
        messages.error(request, f"{filename}: {_refusal(problem)}")
        return redirect(back, year)
    messages.success(request, done % {"file": filename, "n": count})
    return redirect(back, year)


def _scheme_initial(scheme: Scheme | None) -> dict:
    if scheme is None:
        return {"items": [], "rules": [], "grades": [], "settings": None}
    return {
        "items": [{"name": i.name, "weight": _plain(i.weight), "kind": i.kind, "scope": i.scope,
                   "direction": i.direction, "indicators": "、".join(i.indicators),
                   "note": i.note} for i in scheme.items.all()],
        "rules": [{"name": r.name, "group": "" if r.group == r.name else r.group,
                   "level": r.level, "points": _plain(r.points)} for r in scheme.rules.all()],
        "grades": [{"name": g.name, "min_score": _plain(g.min_score),
                    "quota_percent": _plain(g.quota_percent)} for g in scheme.grades.all()],
        "settings": {"bonus_cap": _plain(scheme.bonus_cap),
                     "penalty_cap": _plain(scheme.penalty_cap),
                     "quota_rounding": scheme.quota_rounding, "veto_grade": scheme.veto_grade,
                     "appeal_days": scheme.appeal_days, "late_share": _plain(scheme.late_share),
                     "closest_tolerance": _plain(scheme.closest_tolerance),
                     "unit_kinds": list(scheme.unit_kinds)},
    }


def _editor(data=None, scheme: Scheme | None = None) -> dict:
    initial = _scheme_initial(scheme)
    return {
        "items": ItemFormSet(data, prefix="items", initial=initial["items"]),
        "rules": RuleFormSet(data, prefix="rules", initial=initial["rules"]),
        "grades": GradeFormSet(data, prefix="grades", initial=initial["grades"]),
        "settings": SchemeSettingsForm(data, prefix="settings", initial=initial["settings"]),
    }


def _weight_total(items) -> str:
    """The weights entered (rows not marked for deletion), as the page shows their sum."""
    total = Decimal(0)
    for form in items.forms:
        if form["DELETE"].value():
            continue
        try:
            total += Decimal(str(form["weight"].value() or 0))
        except ArithmeticError:
            continue
    return plain_number(total)


def _spec(editor: dict) -> SchemeSpec:
    settings = editor["settings"].cleaned_data
    return SchemeSpec(
        items=tuple(ItemSpec(row["name"], row["weight"], row["kind"], row["scope"],
                             row["direction"] if row["kind"] == ItemKind.INDICATORS else "",
                             split_aliases(row["indicators"]), row["note"])
                    for row in editor["items"].rows()),
        rules=tuple(Rule(row["name"], row["group"] or row["name"], row["level"], row["points"])
                    for row in editor["rules"].rows()),
        grades=tuple(Grade(row["name"], row["min_score"], row["quota_percent"])
                     for row in editor["grades"].rows()),
        bonus_cap=settings["bonus_cap"], penalty_cap=settings["penalty_cap"],
        quota_rounding=settings["quota_rounding"], veto_grade=settings["veto_grade"] or None)


def _scheme_rows(scheme: Scheme) -> dict:
    """The scheme as a reader sees it."""
    directions = dict(ItemDirection.choices)
    return {
        "item_rows": [{"name": i.name, "weight": plain_number(i.weight),
                       "kind": i.get_kind_display(), "scope": i.get_scope_display(),
                       "direction": directions.get(i.direction, i.direction)
                       if i.kind == ItemKind.INDICATORS else "",
                       "indicators": "、".join(i.indicators), "note": i.note}
                      for i in scheme.items.all()],
        "rule_rows": [{"name": r.name, "group": r.group, "level": r.level,
                       "points": plain_number(r.points)} for r in scheme.rules.all()],
        "grade_rows": [{"name": g.name, "min_score": plain_number(g.min_score),
                        "quota": plain_number(g.quota_percent)
                        if g.quota_percent is not None else ""} for g in scheme.grades.all()],
        "settings_rows": [
            (_("Bonus cap"), plain_number(scheme.bonus_cap) if scheme.bonus_cap is not None
             else _("none")),
            (_("Penalty cap"), plain_number(scheme.penalty_cap)
             if scheme.penalty_cap is not None else _("none")),
            (_("Quota rounding"), QuotaRounding(scheme.quota_rounding).label),
            (_("Best grade after a veto"), scheme.veto_grade or _("any")),
            (_("Appeal window (days)"), scheme.appeal_days),
            (_("Credit for a milestone or report done late"), plain_number(scheme.late_share)),
            (_("Deviation (%) that scores nothing on a closest-to-target item"),
             plain_number(scheme.closest_tolerance)),
            (_("Kinds of unit assessed"), "、".join(
                str(DepartmentKind(kind).label) for kind in scheme.unit_kinds)
             or _("every active department")),
        ],
    }


def _scheme_page(request, year: int, scheme: Scheme | None, *, editor: dict | None = None,
                 error: str = "", import_errors=(), filename: str = "", status: int = 200):
    user = request.user
    manage = user.has_perm(MANAGE)
    closed = _closed(scheme)
    editable = manage and not closed
    if editable and editor is None:
        editor = _editor(scheme=scheme)
    previous = (Scheme.objects.filter(zone=user.zone, year=year - 1).exists()
                if manage and scheme is None else False)
    context = {
        "year": year, "scheme": scheme, "manage": manage, "closed": closed,
        "editable": editable, "editor": editor, "error": error,
        "weight_total": _weight_total(editor["items"]) if editor else "",
        "copy_from": year - 1 if previous else None, "upload_form": UploadForm(),
        "import_errors": list(import_errors), "filename": filename,
        "may_mark": _may_mark(user),
        **(_scheme_rows(scheme) if scheme is not None else {}),
    }
    return render(request, "assessment/scheme.html", context, status=status)


class SchemeView(SchemeMixin):
    """考核方案: read by whoever may read the results; the coordinator edits it (and, for a
    year without one, starts it here)."""

    def get(self, request, year: int):
        scheme = self.found(request, year)
        if scheme is None and not request.user.has_perm(MANAGE):
            raise Http404
        return _scheme_page(request, year, scheme)

    def post(self, request, year: int):
        zone = self.zone(request)
        self.require_manager(request)
        scheme = self.found(request, year)
        editor = _editor(request.POST, scheme)
        if not all(part.is_valid() for part in editor.values()):
            return _scheme_page(request, year, scheme, editor=editor, status=400,
                                error=_("Correct the marked rows and fields."))
        spec = _spec(editor)
        try:
            spec.scheme().check()
        except SchemeError as problem:
            return _scheme_page(request, year, scheme, editor=editor, error=str(problem),
                                status=400)
        settings = editor["settings"].cleaned_data
        try:
            services.scheme_save(
                zone=zone, year=year, spec=spec, by=request.user, origin=ORIGIN,
                extras=services.SchemeExtras(settings["appeal_days"], settings["late_share"],
                                             settings["closest_tolerance"],
                                             tuple(settings["unit_kinds"])))
        except ValidationError as problem:
            return _scheme_page(request, year, scheme, editor=editor, error=_refusal(problem),
                                status=400)
        messages.success(request, _("The %(year)s scheme was saved.") % {"year": year})
        return redirect("assessment:scheme", year)


class SchemeImportView(SchemeMixin):
    """The scheme from a workbook in the command's format: all of it replaces the year's
    scheme, or nothing does (the errors listed)."""

    def post(self, request, year: int):
        zone = self.zone(request)
        self.require_manager(request)
        scheme = self.found(request, year)
        upload = self.upload(request)
        if upload is None:
            messages.error(request, _("Choose a file to import."))
            return redirect("assessment:scheme", year)
        content, filename = upload
        spec, lines = imports_io.read_scheme(content, filename)
        if spec is None:
            return _scheme_page(request, year, scheme, import_errors=lines, filename=filename,
                                status=400)
        try:
            saved = services.scheme_save(zone=zone, year=year, spec=spec, by=request.user,
                                         origin=ORIGIN)
        except ValidationError as problem:
            return _scheme_page(request, year, scheme, filename=filename, status=400,
                                import_errors=[f"{filename}: {_refusal(problem)}"])
        messages.success(request, _(
            "%(file)s: the %(year)s scheme has %(items)d items, %(rules)d rules and %(grades)d "
            "grades.") % {"file": filename, "year": year, "items": saved.items.count(),
                          "rules": saved.rules.count(), "grades": saved.grades.count()})
        return redirect("assessment:scheme", year)


class SchemeCopyView(SchemeMixin):
    """Start the year's scheme as a copy of last year's."""

    def post(self, request, year: int):
        zone = self.zone(request)
        self.require_manager(request)
        try:
            services.scheme_copy(zone=zone, source_year=year - 1, year=year, by=request.user,
                                 origin=ORIGIN)
        except ValidationError as problem:
            messages.error(request, _refusal(problem))
            return redirect("assessment:scheme", year)
        messages.success(request, _("The %(year)s scheme starts as a copy of %(source)s's.")
                         % {"year": year, "source": year - 1})
        return redirect("assessment:scheme", year)


class SchemeFileView(SchemeMixin):
    """The scheme as a workbook the import reads back unchanged."""

    def get(self, request, year: int):
        scheme = self.scheme(request, year)
        response = HttpResponse(imports_io.scheme_workbook(loaders.scheme_spec(scheme)),
                                content_type=XLSX)
        stem = f"{scheme.zone.code}-assessment-scheme-{year}"
        name = f"{year}年度考核方案"
        response["Content-Disposition"] = (
            f"attachment; filename=\"{stem}.xlsx\"; filename*=UTF-8''{quote(name)}.xlsx")
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- marks ------------------------------------------------------------------------------------


def _marker(user) -> str:
    return user.get_full_name() or user.username


class MarksMixin(SchemeMixin):
    def parts(self, request, year: int):
        """The scheme, the units assessed, its marks items and the user's own marks."""
        if not _may_mark(request.user):
            raise PermissionDenied
        scheme = self.scheme(request, year)
        units = loaders.assessed_units(scheme.zone, scheme.unit_kinds)
        items = list(scheme.items.filter(kind=ItemKind.MARKS))
        own = {MarksForm.key(mark.item, mark.department): _plain(mark.raw)
               for mark in Mark.objects.filter(item__scheme=scheme, marker=_marker(request.user))
               .select_related("item", "department")}
        return scheme, units, items, own

    def page(self, request, year: int, *, form=None, import_errors=(), filename: str = "",
             status: int = 200):
        scheme, units, items, own = self.parts(request, year)
        form = form or MarksForm(units=units, items=items, initial=own)
        manage = request.user.has_perm(MANAGE)
        counts = []
        if manage:
            found: dict[tuple[str, int], int] = {
                (row["marker"], row["item"]): row["n"]
                for row in Mark.objects.filter(item__scheme=scheme).values("marker", "item")
                .annotate(n=Count("pk"))}
            counts = [(marker, [found.get((marker, item.pk), 0) for item in items])
                      for marker in sorted({marker for marker, _item in found})]
        return render(request, "assessment/marks.html", {
            "year": year, "scheme": scheme, "items": items, "manage": manage,
            "closed": _closed(scheme), "marker": _marker(request.user), "form": form,
            "rows": [(unit, [form[MarksForm.key(item, unit)] for item in items])
                     for unit in units],
            "counts": counts, "upload_form": UploadForm(),
            "import_errors": list(import_errors), "filename": filename,
        }, status=status)


class MarksView(MarksMixin):
    """评议打分: the marker's grid, one row per unit and one column per marks item, with their
    own marks; the coordinator also sees how many marks each marker gave and imports marks."""

    def get(self, request, year: int):
        return self.page(request, year)

    def post(self, request, year: int):
        scheme, units, items, own = self.parts(request, year)
        form = MarksForm(request.POST, units=units, items=items, initial=own)
        if form.is_valid():
            for key in form.changed_data:
                if form.cleaned_data[key] is None and own.get(key) is not None:
                    form.add_error(key, _("A mark given cannot be cleared; change it."))
        if not form.is_valid():
            messages.error(request, _("Correct the marked cells (a mark lies between 0 and "
                                      "100)."))
            return self.page(request, year, form=form, status=400)
        marks = [(item, unit, form.cleaned_data[MarksForm.key(item, unit)])
                 for unit in units for item in items
                 if MarksForm.key(item, unit) in form.changed_data
                 and form.cleaned_data[MarksForm.key(item, unit)] is not None]
        if not marks:
            messages.info(request, _("No mark was changed."))
            return redirect("assessment:marks", year)
        try:
            count = services.marks_give(scheme=scheme, marks=marks, by=request.user,
                                        origin=ORIGIN)
        except ValidationError as problem:
            messages.error(request, _refusal(problem))
            return redirect("assessment:marks", year)
        messages.success(request, _("%(n)d marks saved under the name %(marker)s.")
                         % {"n": count, "marker": _marker(request.user)})
        return redirect("assessment:marks", year)


class MarksImportView(MarksMixin):
    """Marks from a file (unit, item, raw, optional marker), all or nothing."""

    def post(self, request, year: int):
        return _import_into(self, request, year, read=imports_io.read_marks,
                            store=services.marks_import, back="assessment:marks",
                            done=_("%(file)s: %(n)d marks imported."))


# --- bonus, penalty and veto records ----------------------------------------------------------


class RecordsMixin(SchemeMixin):
    def dispatch(self, request, *args, **kwargs):
        # Every unit's records: for those who read every unit's results; a unit's own users
        # see their unit's lines on its page.
        user = request.user
        if user.is_authenticated and not (user.has_perm(MANAGE)
                                          or user.has_perm(selectors.ALL_RESULTS)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def record_form(self, scheme: Scheme, data=None) -> RecordForm:
        departments = scheme.zone.departments.filter(
            pk__in=[d.pk for d in loaders.assessed_units(scheme.zone, scheme.unit_kinds)]
        ).order_by("pk")
        rules = [rule.name for rule in scheme.rules.all()] + [VETO_RULE]
        return RecordForm(data, departments=departments, rules=rules, prefix="record")

    def page(self, request, year: int, *, form=None, import_errors=(), filename: str = "",
             status: int = 200):
        scheme = self.scheme(request, year)
        manage = request.user.has_perm(MANAGE)
        return render(request, "assessment/records.html", {
            "year": year, "scheme": scheme, "manage": manage, "closed": _closed(scheme),
            "records": selectors.records_of(scheme).order_by("department_id", "pk"),
            "veto": VETO_RULE,
            "form": (form or self.record_form(scheme)) if manage else None,
            "upload_form": UploadForm(), "import_errors": list(import_errors),
            "filename": filename,
        }, status=status)


class RecordsView(RecordsMixin):
    """加减分与一票否决记录: every record of the year's scheme; the coordinator adds them."""

    def get(self, request, year: int):
        return self.page(request, year)

    def post(self, request, year: int):
        self.require_manager(request)
        scheme = self.scheme(request, year)
        form = self.record_form(scheme, request.POST)
        if form.is_valid():
            try:
                services.record_add(scheme=scheme, by=request.user, origin=ORIGIN,
                                    **form.cleaned_data)
            except ValidationError as problem:
                form.add_error(None, _refusal(problem))
        if not form.is_valid():
            return self.page(request, year, form=form, status=400)
        messages.success(request, _("The record was added."))
        return redirect("assessment:records", year)


class RecordsImportView(RecordsMixin):
    """Records from a file (unit, rule, matter, optional reason), all or nothing; a record
    already stored is not added twice."""

    def post(self, request, year: int):
        return _import_into(self, request, year, read=imports_io.read_records,
                            store=services.records_import, back="assessment:records",
                            done=_("%(file)s: %(n)d records imported."))


class RecordDeleteView(RecordsMixin):
    def post(self, request, year: int, pk: int):
        self.require_manager(request)
        scheme = self.scheme(request, year)
        record = get_object_or_404(Record, pk=pk, scheme=scheme)
        try:
            services.record_delete(record=record, by=request.user, origin=ORIGIN)
        except ValidationError as problem:
            messages.error(request, _refusal(problem))
            return redirect("assessment:records", year)
        messages.success(request, _("The record was deleted."))
        return redirect("assessment:records", year)
