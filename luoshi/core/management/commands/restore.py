"""`luoshi restore FILE [--json]`: a backup into this empty database (migrated first), then
every table's rows compared with the backup's manifest; exit 1 when any differs, 2 when the
file cannot be restored (nothing changed)."""

import json
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from luoshi.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup (luoshi backup) into an empty database and compare every table."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            self.stderr.write(f"{path}: no such file")
            sys.exit(2)
        call_command("migrate", verbosity=0)
        try:
            result = restore(path)
        except BackupError as error:
            self.stderr.write(str(error))
            sys.exit(2)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            rows = sum(found or 0 for _expected, found in result["tables"].values())
            self.stdout.write(f"{path}: {rows} rows restored in {len(result['tables'])} "
                              f"tables, {result['files']} files; "
                              + ("every table as backed up" if result["ok"] else
                                 f"{len(result['mismatches'])} tables differ"))
            for m in result["mismatches"]:
                self.stderr.write(f"  {m['table']}: {m['expected']} in the backup, "
                                  f"{m['found']} restored")
        if not result["ok"]:
            sys.exit(1)
