"""`luoshi migrate` refused from the command line when it would unapply a migration of the
audit log or of its chain (`migrate auditlog zero` drops the entries' table) while the log
holds entries. Forward migrations, and the test runner's calls from Python, are Django's."""

from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from luoshi.core.audit_chain import log_holds_entries
from luoshi.core.commands import refuse

GUARDED_APPS = frozenset({"auditlog", "core"})


def unapplies_audit(app_label: str, name: str | None, alias: str) -> bool:
    if app_label not in GUARDED_APPS or name is None:
        return False
    executor = MigrationExecutor(connections[alias])
    if name == "zero":
        target = (app_label, None)
    else:
        try:
            target = (app_label, executor.loader.get_migration_by_prefix(app_label, name).name)
        except (KeyError, ValueError):
            return False  # Django names the mistake itself
    plan = executor.migration_plan([target])
    return any(backwards and migration.app_label in GUARDED_APPS
               for migration, backwards in plan)


class Command(migrate.Command):
    def run_from_argv(self, argv):
        options = self.create_parser(argv[0], argv[1]).parse_known_args(argv[2:])[0]
        alias = getattr(options, "database", None) or DEFAULT_DB_ALIAS
        if (getattr(options, "app_label", None)
                and unapplies_audit(options.app_label, options.migration_name, alias)
                and log_holds_entries(alias)):
            refuse(_("Refused: unapplying the migrations of %(app)s would delete the audit "
                     "log.") % {"app": options.app_label})
        super().run_from_argv(argv)
