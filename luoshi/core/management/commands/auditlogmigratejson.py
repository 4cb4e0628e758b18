"""`luoshi auditlogmigratejson` refused: django-auditlog's command rewrites stored entries,
which the audit chain forbids (and the product has always stored changes as JSON)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from luoshi.core.commands import refuse


class Command(BaseCommand):
    help = "Refused: audit entries are never rewritten."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")
        parser.add_argument("-d", "--database")
        parser.add_argument("-b", "--batch-size")
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, **options):
        refuse(_("Refused: audit entries are never rewritten."))
