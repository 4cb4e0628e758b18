"""`luoshi flush` refused from the command line while the audit log holds entries: Django's
command empties every table with SQL, the audit entries and their chain with them, past the
guard on deleting entries, and an emptied chain would verify as a new one. Entries leave only
through `luoshi audit prune`. The test runner's own flushes call it from Python
(call_command), which is left as Django has it."""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from luoshi.core.audit_chain import log_holds_entries
from luoshi.core.commands import refuse


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
