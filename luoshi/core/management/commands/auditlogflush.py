"""`luoshi auditlogflush` refused: django-auditlog's command would delete every audit entry and
leave no trace. Entries leave only through `luoshi audit prune` (past the retention, archived
and signed first, the pruning itself audited)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from luoshi.core.commands import refuse


class Command(BaseCommand):
    help = "Refused: audit entries are deleted only by `luoshi audit prune`."

    def add_arguments(self, parser):
        # django-auditlog's options, accepted so that any call of it is refused the same way.
        parser.add_argument("-y", "--yes", action="store_true")
        parser.add_argument("-b", "--before-date")
        parser.add_argument("-t", "--truncate", action="store_true")

    def handle(self, *args, **options):
        refuse(_("Refused: audit entries cannot be flushed. Entries older than the retention "
                 "are archived and pruned by `luoshi audit prune --archive FILE`."))
