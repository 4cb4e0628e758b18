"""Drafting, editing and publishing bulletins (通报). Building one runs as a background job
(core.jobs): the statuses are frozen into a snapshot, the records into the draft's inputs, and
content, charts, Word and PDF are made from them; an edit rebuilds from the same frozen inputs;
publishing gives the edition, the 文号 and the date, builds the final file and sends the link
out. A published bulletin never changes; a new edition replaces it."""

import hashlib
import logging
from datetime import date
from io import BytesIO

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate

from luoshi.accounts.models import User, Zone
from luoshi.core.audit import attributed, log_event
from luoshi.core.jobs import JobFailure, Progress, job_enqueue
from luoshi.core.office import docx_to_pdf
from luoshi.domain.bulletins.build import BulletinError, build_bulletin
from luoshi.domain.bulletins.content import Bulletin as Content
from luoshi.domain.bulletins.inputs import TEXT_KEYS
from luoshi.domain.bulletins.serial import content_to_json, inputs_from_json, inputs_to_json
from luoshi.domain.bulletins.wording import period_label
from luoshi.domain.calendar.deadlines import BEIJING
from luoshi.domain.calendar.periods import Grain, Period, parse_period
from luoshi.domain.documents.bulletin_docx import write_bulletin_docx
from luoshi.domain.documents.bulletin_docx_style import STANDARD_FONTS, DocxFonts
from luoshi.monitoring.models import StatusSnapshot
from luoshi.monitoring.services import snapshot_freeze
from luoshi.supervision.channels import Message, configured_channels

from . import loaders
from .choices import BulletinState
from .models import Bulletin

log = logging.getLogger(__name__)

DRAFT_PERM = "bulletins.draft_bulletins"
PUBLISH_PERM = "bulletins.publish_bulletins"


def bulletin_period(text: str) -> Period:
    """A month (2026-09) or a quarter (2026Q3); anything else is refused in words."""
    period = parse_period(text)
    if period.grain not in (Grain.MONTH, Grain.QUARTER):
        raise ValidationError(_("A bulletin is of a month (2026-09) or a quarter (2026Q3)."))
    return period


def today_beijing() -> date:
    return timezone.now().astimezone(BEIJING).date()


# --- drafting -----------------------------------------------------------------------------------


def draft_start(*, zone: Zone, period: Period, by: User | None, origin: str,
                snapshot: StatusSnapshot | None = None,
                replaces: Bulletin | None = None) -> Bulletin:
    """A new draft for ``period``, built in the background (its job shows the progress)."""
    if by is not None and not by.has_perm(DRAFT_PERM):
        raise PermissionDenied(_("Only the coordinator drafts bulletins."))
    from .tasks import build_draft

    with attributed(by=by, origin=origin):
        bulletin = Bulletin.objects.create(
            zone=zone, period_code=period.code, created_by=by, replaces=replaces,
            title=_default_title(period), texts=dict(replaces.texts) if replaces else {})
        bulletin.job = job_enqueue(
            task=build_draft, kind="bulletin.draft",
            subject=_("Building the bulletin: %(title)s") % {"title": bulletin.title},
            by=by, origin=origin, zone_code=zone.code, viewer_perm=DRAFT_PERM,
            args=(bulletin.pk, snapshot.pk if snapshot else None))
        Bulletin.objects.filter(pk=bulletin.pk).update(job=bulletin.job)
    return bulletin


def _default_title(period: Period) -> str:
    return f"关于{period_label(period)}重点工作推进情况的通报"


def draft_build(bulletin_id: int, snapshot_id: int | None, progress: Progress) -> str:
    """The job's work: freeze the figures (once) and build the draft from them."""
    bulletin = Bulletin.objects.select_related("zone").get(pk=bulletin_id)
    zone, period = bulletin.zone, parse_period(bulletin.period_code)
    if bulletin.inputs is None:
        progress(5, _("Freezing the indicator statuses"))
        statuses = loaders.current_statuses(zone, period, today_beijing())
        if snapshot_id is not None:
            snapshot = StatusSnapshot.objects.get(pk=snapshot_id, zone=zone)
        else:
            snapshot = snapshot_freeze(
                zone=zone, period=period, rows=statuses.rows, by=bulletin.created_by,
                origin="job: bulletin", title=_("For the bulletin: %(title)s") % {
                    "title": bulletin.title})
        progress(25, _("Reading the supervision records"))
        inputs = loaders.load_inputs(zone, period, rows=loaders.snapshot_rows(snapshot),
                                     paths=statuses.paths, issued_on=today_beijing())
        bulletin.snapshot, bulletin.inputs = snapshot, inputs_to_json(inputs)
    render(bulletin, progress)
    with attributed(by=bulletin.created_by, origin="job: bulletin"):
        bulletin.save()
    return reverse("bulletins:detail", args=[bulletin.pk])


def draft_fonts(zone: Zone) -> DocxFonts:
    found = loaders.bulletin_settings(zone)
    return STANDARD_FONTS.fallback() if found.fallback_fonts else STANDARD_FONTS


def render(bulletin: Bulletin, progress: Progress, *, doc_number: str = "",
           issued_on: date | None = None, edition: int = 1, replaces: str = "",
           template: bytes | None = None) -> Content:
    """Build the content, charts, Word and PDF from the draft's frozen inputs and texts."""
    zone_settings = loaders.bulletin_settings(bulletin.zone)
    inputs = inputs_from_json(
        bulletin.inputs, texts=bulletin.texts or {}, doc_number=doc_number, edition=edition,
        replaces=replaces, title=bulletin.title,
        chart_font=settings.LUOSHI_CHART_FONT or None,
        **({"issued_on": issued_on} if issued_on else {}))
    progress(45, _("Writing the text and drawing the charts"))
    try:
        content = build_bulletin(inputs)
    except BulletinError as error:
        raise JobFailure(str(error)) from error
    progress(70, _("Writing the Word document"))
    docx = write_bulletin_docx(
        content, fonts=draft_fonts(bulletin.zone),
        template=template if template is not None else (
            bytes(zone_settings.template) if zone_settings.template else None))
    progress(85, _("Converting to PDF"))
    pdf, note = docx_to_pdf(docx)
    bulletin.content = content_to_json(content)
    bulletin.title = content.title
    bulletin.docx, bulletin.docx_sha256 = docx, hashlib.sha256(docx).hexdigest()
    bulletin.pdf, bulletin.pdf_note = pdf, note
    bulletin.built_at = timezone.now()
    return content


def texts_update(*, bulletin: Bulletin, texts: dict[str, str], title: str | None, by: User,
                 origin: str) -> Bulletin:
    """The coordinator's paragraphs (an empty one gives the generated text back); the draft is
    rebuilt from its frozen figures in the background."""
    _editable(bulletin, by)
    kept = {key: text.strip() for key, text in texts.items() if key in TEXT_KEYS and text.strip()}
    with attributed(by=by, origin=origin):
        bulletin.texts = kept
        if title is not None and title.strip():
            bulletin.title = title.strip()
        bulletin.save()
        _rebuild_later(bulletin, by=by, origin=origin)
    return bulletin


def _rebuild_later(bulletin: Bulletin, *, by: User | None, origin: str) -> None:
    """Queue the draft's rebuild from its frozen figures; the draft remembers the job."""
    from .tasks import rebuild_draft

    bulletin.job = job_enqueue(
        task=rebuild_draft, kind="bulletin.draft",
        subject=_("Building the bulletin: %(title)s") % {"title": bulletin.title},
        by=by, origin=origin, zone_code=bulletin.zone.code, viewer_perm=DRAFT_PERM,
        args=(bulletin.pk,))
    Bulletin.objects.filter(pk=bulletin.pk).update(job=bulletin.job)


def draft_rebuild(bulletin_id: int, progress: Progress) -> str:
    bulletin = Bulletin.objects.select_related("zone").get(pk=bulletin_id)
    if bulletin.published:
        raise JobFailure(_("The bulletin was published meanwhile; it is not rebuilt."))
    render(bulletin, progress)
    bulletin.save()
    return reverse("bulletins:detail", args=[bulletin.pk])


def _editable(bulletin: Bulletin, by: User | None) -> None:
    if by is not None and not by.has_perm(DRAFT_PERM):
        raise PermissionDenied(_("Only the coordinator edits bulletins."))
    if bulletin.published:
        raise ValidationError(_("A published bulletin cannot be changed; publish a new "
                                "edition instead."))
    if bulletin.inputs is None:
        raise ValidationError(_("The draft is still being built."))


def draft_delete(*, bulletin: Bulletin, by: User, origin: str) -> None:
    if not by.has_perm(DRAFT_PERM):
        raise PermissionDenied(_("Only the coordinator deletes drafts."))
    with attributed(by=by, origin=origin):
        bulletin.delete()


def new_edition(*, published: Bulletin, by: User, origin: str) -> Bulletin:
    """A draft that will replace a published bulletin: the same frozen figures and texts, so
    only what the coordinator changes differs."""
    if not published.published:
        raise ValidationError(_("Only a published bulletin is replaced by a new edition."))
    if by is not None and not by.has_perm(DRAFT_PERM):
        raise PermissionDenied(_("Only the coordinator drafts bulletins."))
    with attributed(by=by, origin=origin):
        draft = Bulletin.objects.create(
            zone=published.zone, period_code=published.period_code, created_by=by,
            replaces=published, title=published.title, texts=dict(published.texts),
            snapshot=published.snapshot, inputs=published.inputs, content=published.content)
        # Its own files, without the published one's 文号 and edition (the preview shows the
        # content meanwhile).
        _rebuild_later(draft, by=by, origin=origin)
    return draft


def template_check(content: bytes, name: str) -> None:
    """A zone's Word template is a .docx with a ``{{p body }}`` line (ValidationError)."""
    try:
        names = DocxTemplate(BytesIO(content)).get_undeclared_template_variables()
    except Exception as error:
        raise ValidationError(_("%(file)s is not a Word document (.docx) we can read.") % {
            "file": name}) from error
    if "body" not in names:
        raise ValidationError(_("%(file)s has no {{p body }} line where the bulletin goes.")
                              % {"file": name})


def settings_save(*, settings, template: tuple[str, bytes] | None, remove_template: bool,
                  by: User, origin: str) -> None:
    """The zone's bulletin settings (the next drafts use them; published ones keep theirs)."""
    if not by.has_perm(PUBLISH_PERM):
        raise PermissionDenied(_("Only the coordinator sets how bulletins are issued."))
    if template is not None:
        settings.template_name, settings.template = template
    elif remove_template:
        settings.template_name, settings.template = "", None
    settings.full_clean()
    with attributed(by=by, origin=origin):
        settings.save()


# --- publishing -------------------------------------------------------------------------------


def publish_start(*, bulletin: Bulletin, by: User | None, origin: str) -> Bulletin:
    """Publish in the background: the final file carries the edition, 文号 and date."""
    _publishable(bulletin, by)
    from .tasks import publish_draft

    with attributed(by=by, origin=origin):
        bulletin.job = job_enqueue(
            task=publish_draft, kind="bulletin.publish",
            subject=_("Publishing the bulletin: %(title)s") % {"title": bulletin.title},
            by=by, origin=origin, zone_code=bulletin.zone.code, viewer_perm=PUBLISH_PERM,
            args=(bulletin.pk, by.pk if by else None, origin))
        Bulletin.objects.filter(pk=bulletin.pk).update(job=bulletin.job)
    return bulletin


def _publishable(bulletin: Bulletin, by: User | None) -> None:
    if by is not None and not by.has_perm(PUBLISH_PERM):
        raise PermissionDenied(_("Only the coordinator publishes bulletins."))
    if bulletin.published:
        raise ValidationError(_("This bulletin is already published."))
    if bulletin.content is None:
        raise ValidationError(_("The draft is still being built."))


def publish(bulletin_id: int, by_id: int | None, origin: str, progress: Progress) -> str:
    """The job's work: number, final build, immutable from here on, link sent out."""
    bulletin = Bulletin.objects.select_related("zone", "replaces").get(pk=bulletin_id)
    by = User.objects.filter(pk=by_id).first() if by_id else None
    try:
        _publishable(bulletin, by)
    except (ValidationError, PermissionDenied) as error:
        raise JobFailure(" ".join(getattr(error, "messages", [str(error)]))) from error
    zone, today = bulletin.zone, today_beijing()
    # One publication of the zone at a time: the next 文号 is read and taken under the lock.
    Zone.objects.select_for_update().filter(pk=zone.pk).first()
    same_period = Bulletin.objects.filter(zone=zone, period_code=bulletin.period_code,
                                          state=BulletinState.PUBLISHED)
    # The edition in force is replaced (a correction drafted from an earlier edition while
    # another was published meanwhile replaces the later one, not the earlier again).
    replaced = same_period.order_by("-edition").first()
    edition = (same_period.aggregate(Max("edition"))["edition__max"] or 0) + 1
    serial = (Bulletin.objects.filter(zone=zone, state=BulletinState.PUBLISHED,
                                      published_at__year=today.year)
              .aggregate(Max("serial"))["serial__max"] or 0) + 1
    prefix = loaders.bulletin_settings(zone).number_prefix
    doc_number = f"{prefix}〔{today.year}〕{serial}号" if prefix else ""
    progress(10, _("Numbering the bulletin"))
    render(bulletin, progress, doc_number=doc_number, issued_on=today, edition=edition,
           replaces=_replaced_words(replaced))
    bulletin.replaces = replaced
    bulletin.state, bulletin.edition, bulletin.serial = BulletinState.PUBLISHED, edition, serial
    bulletin.doc_number = doc_number
    bulletin.published_by, bulletin.published_at = by, timezone.now()
    with attributed(by=by, origin=origin):
        bulletin.save()
    progress(95, _("Sending the link out"))
    sent = distribute(bulletin)
    # Who was told, kept where the auditor reads (the bulletin itself no longer changes).
    log_event(model=Bulletin, summary=_("Link to %(title)s %(number)s sent: %(channels)s") % {
        "title": bulletin.title, "number": bulletin.doc_number,
        "channels": "；".join(f"{name} {result}" for name, result in sent.items()) or "—"},
              changes={"distribution": [sent]}, by=by, origin=origin)
    return reverse("bulletins:detail", args=[bulletin.pk])


def _replaced_words(replaced: Bulletin | None) -> str:
    if replaced is None:
        return ""
    name = replaced.doc_number or f"{replaced.title}（第{replaced.edition}版）"
    return name


def distribute(bulletin: Bulletin) -> dict[str, str]:
    """The link (never the file) to every configured channel: mail to the zone's users who
    read bulletins, and the apprise URLs. A channel's failure is logged and kept on the job's
    log; publishing stands."""
    link = settings.LUOSHI_BASE_URL.rstrip("/") + reverse("bulletins:detail", args=[bulletin.pk])
    # Those holding the read permission (through a role's group or their own), in one query.
    holds = {"content_type__app_label": "bulletins", "codename": "read_bulletins"}
    readers = tuple(
        User.objects.filter(zone=bulletin.zone, is_active=True).exclude(email="")
        .filter(Q(is_superuser=True)
                | Q(groups__permissions__in=Permission.objects.filter(**holds))
                | Q(user_permissions__in=Permission.objects.filter(**holds)))
        .values_list("email", flat=True).distinct())
    zone_settings = loaders.bulletin_settings(bulletin.zone)
    message = Message(
        title=_("[Bulletin] %(title)s") % {"title": bulletin.title},
        body=_("%(issuer)s has published %(title)s %(number)s. Read it in Luoshi: %(link)s") % {
            "issuer": zone_settings.issuer, "title": bulletin.title,
            "number": bulletin.doc_number, "link": link},
        emails=readers)
    results = {}
    for channel in configured_channels():
        try:
            channel.send(message)
        except Exception as error:  # one channel failing does not stop the others
            log.warning("bulletin %s: channel %s failed: %s", bulletin.pk, channel.name, error)
            results[channel.name] = str(error)[:200] or type(error).__name__
        else:
            results[channel.name] = _("sent to %(count)d") % {"count": len(readers)} if (
                channel.name == "email") else _("sent")
    return results


def publish_now(*, bulletin: Bulletin, by: User | None, origin: str) -> Bulletin:
    """Publish in this process (the command line): the same work as the job."""
    _publishable(bulletin, by)
    publish(bulletin.pk, by.pk if by else None, origin, lambda percent, step: None)
    return Bulletin.objects.get(pk=bulletin.pk)


def build_now(*, zone: Zone, period: Period, by: User | None, origin: str,
              template: bytes | None = None) -> Bulletin:
    """Draft and build in this process (the command line); nothing is kept when it fails."""
    if by is not None and not by.has_perm(DRAFT_PERM):
        raise PermissionDenied(_("Only the coordinator drafts bulletins."))
    with transaction.atomic():
        return _build_now(zone=zone, period=period, by=by, origin=origin, template=template)


def _build_now(*, zone: Zone, period: Period, by: User | None, origin: str,
               template: bytes | None) -> Bulletin:
    with attributed(by=by, origin=origin):
        bulletin = Bulletin.objects.create(zone=zone, period_code=period.code, created_by=by,
                                           title=_default_title(period))
    statuses = loaders.current_statuses(zone, period, today_beijing())
    with attributed(by=by, origin=origin):
        snapshot = snapshot_freeze(zone=zone, period=period, rows=statuses.rows, by=by,
                                   origin=origin, title=bulletin.title)
    inputs = loaders.load_inputs(zone, period, rows=statuses.rows, paths=statuses.paths,
                                 issued_on=today_beijing())
    bulletin.snapshot, bulletin.inputs = snapshot, inputs_to_json(inputs)
    render(bulletin, lambda percent, step: None, template=template)
    with attributed(by=by, origin=origin):
        bulletin.save()
    return bulletin

