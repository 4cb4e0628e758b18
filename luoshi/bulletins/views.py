"""Bulletin pages: the list (and the form that drafts one), a bulletin read in the browser (the
same content as its Word file), the coordinator's text editor, publishing, files and the
zone's settings. Building and publishing run in the background: the page of their job follows
them and opens the bulletin when it is done."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from luoshi.core.office import soffice_path
from luoshi.domain.bulletins.build import build_bulletin
from luoshi.domain.bulletins.serial import content_to_json, inputs_from_json
from luoshi.domain.calendar.periods import parse_period

from . import loaders, selectors, services
from .forms import EDITABLE, DraftForm, SettingsForm, TextsForm
from .models import Bulletin

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReadMixin(LoginRequiredMixin, View):
    def bulletin(self, request, pk: int) -> Bulletin:
        return get_object_or_404(selectors.bulletins_visible_to(request.user), pk=pk)


class DraftMixin(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = services.DRAFT_PERM

    def bulletin(self, request, pk: int) -> Bulletin:
        return get_object_or_404(selectors.bulletins_visible_to(request.user), pk=pk)


def _job_or_detail(bulletin: Bulletin):
    if bulletin.job_id and not bulletin.job.finished:
        return redirect("job", bulletin.job_id)
    return redirect("bulletins:detail", bulletin.pk)


class ListView(ReadMixin):
    """通报: the published bulletins (and the drafts, for the coordinator)."""

    def get(self, request, form=None, status=200):
        user = request.user
        if not (user.has_perm(selectors.READ_PERM) or user.has_perm(selectors.DRAFT_PERM)):
            raise PermissionDenied
        bulletins = list(selectors.bulletins_visible_to(user).order_by(
            "-period_code", "state", "-edition", "-created_at")[:200])
        drafting = user.has_perm(services.DRAFT_PERM) and user.zone is not None
        choices = (selectors.period_choices(user.zone, services.today_beijing())
                   if drafting else [])
        if form is None and drafting:
            form = DraftForm(initial={"period": choices[0].code if choices else ""})
        return render(request, "bulletins/list.html", {
            "drafts": [b for b in bulletins if not b.published],
            "published": [b for b in bulletins if b.published],
            "replaced": selectors.replaced_ids(bulletins), "form": form,
            "choices": choices, "drafting": drafting,
            "observer": user.has_perm("accounts.view_all_zones"),
        }, status=status)

    def post(self, request):
        if not request.user.has_perm(services.DRAFT_PERM) or request.user.zone is None:
            raise PermissionDenied
        form = DraftForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        bulletin = services.draft_start(zone=request.user.zone,
                                        period=form.cleaned_data["period"],
                                        by=request.user, origin="web")
        return _job_or_detail(Bulletin.objects.select_related("job").get(pk=bulletin.pk))


class DetailView(ReadMixin):
    """A bulletin as its readers see it, with what concerns the reader's department first."""

    def get(self, request, pk: int):
        bulletin = self.bulletin(request, pk)
        user = request.user
        content = bulletin.content or {}
        department = user.department.name if user.department_id else ""
        return render(request, "bulletins/detail.html", {
            "bulletin": bulletin, "content": content,
            "period": parse_period(bulletin.period_code),
            "sections": _sections_with_charts(bulletin),
            "concerning": selectors.concerning(content, department),
            "department": department,
            "may_draft": user.has_perm(services.DRAFT_PERM),
            "may_publish": user.has_perm(services.PUBLISH_PERM),
            "replaced_by": bulletin.replaced_by.filter(state="published").first(),
            "building": bool(bulletin.job_id and not bulletin.job.finished),
            "failed": bool(bulletin.job_id and bulletin.job.state == "failed"),
        })


def _sections_with_charts(bulletin: Bulletin) -> list[tuple[dict, list]]:
    """Each section with the charts that follow it (as in the Word document: a chart after
    the section it belongs to, numbered in reading order; the others after the last)."""
    content = bulletin.content or {}
    sections = content.get("sections", [])
    outline = (bulletin.inputs or {}).get("outline") or []
    placed: list[list] = [[] for _section in sections]
    for chart in content.get("charts", []):
        key = chart.get("section")
        index = outline.index(key) if key in outline[:len(sections)] else len(sections) - 1
        if index >= 0:
            placed[index].append(chart)
    numbered, number = [], 0
    for section, charts in zip(sections, placed, strict=True):
        listed = []
        for chart in charts:
            number += 1
            listed.append((number, chart))
        numbered.append((section, listed))
    return numbered


class EditView(DraftMixin):
    """The coordinator's title and paragraphs; saving rebuilds the draft in the background."""

    def get(self, request, pk: int, form=None, status=200):
        bulletin = self.bulletin(request, pk)
        if bulletin.published or bulletin.content is None:
            return redirect("bulletins:detail", pk)
        if form is None:
            initial = {"title": bulletin.title, **_current_texts(bulletin)}
            form = TextsForm(initial=initial)
        return render(request, "bulletins/edit.html", {
            "bulletin": bulletin, "form": form,
            "editable": [form[key] for key, _label in EDITABLE]}, status=status)

    def post(self, request, pk: int):
        bulletin = self.bulletin(request, pk)
        form = TextsForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, form=form, status=400)
        generated = _generated_texts(bulletin)
        # A paragraph left as the product wrote it stays the product's (it follows the figures).
        texts = {key: form.cleaned_data[key] for key, _label in EDITABLE
                 if _norm(form.cleaned_data[key]) != _norm(generated.get(key, ""))}
        try:
            services.texts_update(bulletin=bulletin, texts=texts,
                                  title=form.cleaned_data["title"], by=request.user,
                                  origin="web")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("bulletins:detail", pk)
        return _job_or_detail(Bulletin.objects.select_related("job").get(pk=pk))


def _norm(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _paragraph_texts(content: dict) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    lead = content.get("lead") or {}
    if lead.get("text"):
        found["lead"] = [lead["text"]]
    for section in content.get("sections", []):
        for paragraph in section.get("paragraphs", []):
            if paragraph.get("key"):
                found.setdefault(paragraph["key"], []).append(paragraph["text"])
    return {key: "\n".join(lines) for key, lines in found.items()}


def _current_texts(bulletin: Bulletin) -> dict[str, str]:
    # The coordinator's own texts first: after a rebuild that failed, the content is still
    # the last build's, and showing it would lose what they wrote on the next save.
    current = {**_paragraph_texts(bulletin.content or {}), **(bulletin.texts or {})}
    return {key: current.get(key, "") for key, _label in EDITABLE}


def _generated_texts(bulletin: Bulletin) -> dict[str, str]:
    """What the product writes for the editable paragraphs (the coordinator's texts aside)."""
    if bulletin.inputs is None:
        return {}
    content = build_bulletin(inputs_from_json(bulletin.inputs, charts=False))
    return _paragraph_texts(content_to_json(content))


class PublishView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = services.PUBLISH_PERM

    def post(self, request, pk: int):
        bulletin = get_object_or_404(selectors.bulletins_visible_to(request.user), pk=pk)
        try:
            services.publish_start(bulletin=bulletin, by=request.user, origin="web")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("bulletins:detail", pk)
        return _job_or_detail(Bulletin.objects.select_related("job").get(pk=pk))


class EditionView(DraftMixin):
    """修订: a new draft that will replace this published bulletin as its next edition."""

    def post(self, request, pk: int):
        published = self.bulletin(request, pk)
        try:
            draft = services.new_edition(published=published, by=request.user, origin="web")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("bulletins:detail", pk)
        messages.success(request, _("A new edition is drafted; edit it and publish it to "
                                    "replace the published one."))
        return redirect("bulletins:edit", draft.pk)


class DeleteView(DraftMixin):
    def post(self, request, pk: int):
        bulletin = self.bulletin(request, pk)
        try:
            services.draft_delete(bulletin=bulletin, by=request.user, origin="web")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("bulletins:detail", pk)
        messages.success(request, _("The draft is deleted."))
        return redirect("bulletins:list")


class FileView(ReadMixin):
    """The Word document or its PDF, as stored (a published one's bytes never change)."""

    def get(self, request, pk: int, kind: str):
        bulletin = self.bulletin(request, pk)
        if kind == "docx" and bulletin.docx:
            content, content_type = bytes(bulletin.docx), DOCX
        elif kind == "pdf" and bulletin.pdf:
            content, content_type = bytes(bulletin.pdf), "application/pdf"
        else:
            raise Http404
        response = HttpResponse(content, content_type=content_type)
        stem = f"{bulletin.zone.code}-bulletin-{bulletin.period_code}-" + (
            f"v{bulletin.edition}" if bulletin.published else f"draft{bulletin.pk}")
        name = (bulletin.doc_number or bulletin.title) + (
            "" if bulletin.published else "（草稿）")
        response["Content-Disposition"] = (
            f"attachment; filename=\"{stem}.{kind}\"; filename*=UTF-8''{quote(name)}.{kind}")
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ChartView(ReadMixin):
    def get(self, request, pk: int, number: int):
        png = selectors.chart_png(self.bulletin(request, pk), number)
        if png is None:
            raise Http404
        return HttpResponse(png, content_type="image/png")


class SettingsView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The zone's bulletin settings: issuer, 文号, addressees, basis document, template."""

    permission_required = services.PUBLISH_PERM

    def get(self, request, form=None, status=200):
        zone = request.user.zone
        if zone is None:
            raise Http404
        current = loaders.bulletin_settings(zone)
        form = form or SettingsForm(instance=current)
        basis = loaders.basis_of(zone, current)
        return render(request, "bulletins/settings.html", {
            "form": form, "current": current, "basis": basis,
            "soffice": soffice_path()}, status=status)

    def post(self, request):
        zone = request.user.zone
        if zone is None:
            raise Http404
        current = loaders.bulletin_settings(zone)
        form = SettingsForm(request.POST, request.FILES, instance=current)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        services.settings_save(settings=form.save(commit=False),
                               template=form.cleaned_data.get("template_file"),
                               remove_template=form.cleaned_data.get("remove_template"),
                               by=request.user, origin="web")
        messages.success(request, _("Bulletin settings saved."))
        return redirect(reverse("bulletins:settings"))

