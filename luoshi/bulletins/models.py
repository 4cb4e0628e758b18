"""Bulletins (通报): a zone's settings for them (发文机关, 文号, template, rules) and the bulletins,
drafts until published; a published one keeps its figures, text and file unchanged for good."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import BulletinState

USER = settings.AUTH_USER_MODEL


class BulletinSettings(models.Model):
    """What a zone's bulletins say about themselves: issuer, 文号, 主送, 抄送 and 印发, the
    zone's own Word template, the praise and criticism rules and the outline."""

    zone = models.OneToOneField("accounts.Zone", on_delete=models.CASCADE,
                                related_name="bulletin_settings")
    issuer = models.CharField(_("issuing office"), max_length=200)  # 发文机关
    number_prefix = models.CharField(_("document number prefix"), max_length=60, blank=True)
    recipients = models.CharField(_("addressed to"), max_length=200,
                                  default="各部门、各单位：")  # 主送
    copies_to = models.CharField(_("copies to"), max_length=300, blank=True)  # 抄送
    printed_by = models.CharField(_("printed by"), max_length=200, blank=True)  # 印发机关
    basis_title = models.CharField(_("basis document"), max_length=300, blank=True)
    basis_number = models.CharField(_("basis document number"), max_length=100, blank=True)
    template = models.BinaryField(_("Word template"), null=True, blank=True)
    template_name = models.CharField(_("template file"), max_length=255, blank=True)
    rules = models.JSONField(_("praise and criticism rules"), default=dict, blank=True)
    outline = models.JSONField(_("sections"), default=list, blank=True)  # empty: all, in order
    fallback_fonts = models.BooleanField(
        _("use common fonts (仿宋, 楷体, 黑体, 宋体) instead of 方正/GB2312"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("bulletin settings")
        verbose_name_plural = _("bulletin settings")

    def __str__(self) -> str:
        return str(self.zone)


class Bulletin(models.Model):
    """A bulletin for a period (a month or a quarter): its frozen inputs, the coordinator's
    texts, the content built from them, and the Word and PDF files. Published: immutable, with
    its edition number and 文号; a later edition of the same period names the one it replaces."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="+")
    period_code = models.CharField(_("period"), max_length=12)
    title = models.CharField(_("title"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=BulletinState.choices,
                             default=BulletinState.DRAFT)
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    serial = models.PositiveIntegerField(_("number in the year"), null=True, blank=True)
    snapshot = models.ForeignKey("monitoring.StatusSnapshot", on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+",
                                 verbose_name=_("status snapshot"))
    inputs = models.JSONField(_("frozen figures"), null=True, blank=True)
    texts = models.JSONField(_("coordinator's texts"), default=dict, blank=True)
    content = models.JSONField(_("content"), null=True, blank=True)
    docx = models.BinaryField(_("Word document"), null=True, blank=True)
    docx_sha256 = models.CharField(_("Word document checksum"), max_length=64, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    pdf_note = models.CharField(_("why there is no PDF"), max_length=300, blank=True)
    replaces = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="replaced_by", verbose_name=_("replaces"))
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="+", verbose_name=_("last build"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("drafted by"))
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("draft_bulletins", _("Can draft and edit bulletins")),
            ("publish_bulletins", _("Can publish bulletins")),
            ("read_bulletins", _("Can read published bulletins")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["zone", "period_code", "edition"],
                                    condition=models.Q(edition__isnull=False),
                                    name="bulletin_unique_edition"),
        ]
        indexes = [models.Index(fields=["zone", "period_code"], name="bulletin_zone_period_idx")]

    def __str__(self) -> str:
        return self.title or f"{self.zone} {self.period_code}"

    def save(self, *args, **kwargs):
        # Published is final: what was issued is never rewritten, only replaced by an edition.
        if self.pk is not None and Bulletin.objects.filter(
                pk=self.pk, state=BulletinState.PUBLISHED).exists():
            raise ValidationError(_("A published bulletin cannot be changed; publish a new "
                                    "edition instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.published:
            raise ValidationError(_("A published bulletin cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def published(self) -> bool:
        return self.state == BulletinState.PUBLISHED
