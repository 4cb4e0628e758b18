"""Read-only REST API for bulletins: the list a user may read (published ones; drafts too for
those who draft them) and one bulletin with its content; the files are links to the pages'
downloads, which check the same scope."""

from django.urls import reverse
from rest_framework import permissions, serializers, viewsets

from . import selectors
from .models import Bulletin


class BulletinReadPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and (user.has_perm(selectors.READ_PERM)
                              or user.has_perm(selectors.DRAFT_PERM)))


class BulletinSerializer(serializers.ModelSerializer):
    zone = serializers.CharField(source="zone.code")
    period = serializers.CharField(source="period_code")
    docx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Bulletin
        fields = ["id", "zone", "period", "state", "edition", "doc_number", "title",
                  "replaces", "published_at", "docx_sha256", "docx_url", "pdf_url", "pdf_note"]

    def get_docx_url(self, bulletin) -> str | None:
        return reverse("bulletins:file", args=[bulletin.pk, "docx"]) if bulletin.docx else None

    def get_pdf_url(self, bulletin) -> str | None:
        return reverse("bulletins:file", args=[bulletin.pk, "pdf"]) if bulletin.pdf else None


class BulletinDetailSerializer(BulletinSerializer):
    class Meta(BulletinSerializer.Meta):
        fields = [*BulletinSerializer.Meta.fields, "content"]


class BulletinViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, BulletinReadPermission]
    filterset_fields = ["period_code", "state"]

    def get_queryset(self):
        return selectors.bulletins_visible_to(self.request.user).defer(
            "docx", "pdf", "inputs").order_by("-period_code", "-edition", "-created_at")

    def get_serializer_class(self):
        return BulletinDetailSerializer if self.action == "retrieve" else BulletinSerializer
