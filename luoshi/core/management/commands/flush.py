"""`luoshi flush` refused from the command line while the audit log holds entries: Django's
command empties every table with SQL, the audit entries and their chain with them, past the
guard on deleting entries, and an emptied chain would verify as a new one. Entries leave only
through `luoshi audit prune`. The test runner's own flushes call it from Python
(call_command), which is left as Django has it."""

import sys

from auditlog.models import LogEntry
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

REFUSED = 2


def log_holds_entries(alias: str = DEFAULT_DB_ALIAS) -> bool:
    if LogEntry._meta.db_table not in connections[alias].introspection.table_names():
        return False
    return LogEntry.objects.using(alias).exists()


def refuse(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.exit(REFUSED)


class Command(flush.Command):
    help = ("Refused while the audit log holds entries (they leave only through `luoshi audit "
            "prune`); otherwise Django's flush.")

    def run_from_argv(self, argv):
        options = self.create_parser(argv[0], argv[1]).parse_known_args(argv[2:])[0]
        if log_holds_entries(getattr(options, "database", None) or DEFAULT_DB_ALIAS):
            refuse(_("Refused: emptying the database would delete the audit log. Entries older "
                     "than the retention are archived and pruned by `luoshi audit prune "
                     "--archive FILE`; to start again, restore into a new, empty database."))
        super().run_from_argv(argv)
