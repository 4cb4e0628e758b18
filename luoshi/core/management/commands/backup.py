"""`luoshi backup --out FILE [--json]`: the database and the uploaded files, consistent,
compressed, encrypted, with FILE.sha256 beside it (luoshi.core.backup)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luoshi.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one encrypted, checksummed file."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the backup file to write")
        parser.add_argument("--json", action="store_true", help="print the manifest as JSON")

    def handle(self, *args, **options):
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"{out.parent} does not exist")
        try:
            made = backup_write(out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps({k: v for k, v in made.items() if k != "members"},
                                         ensure_ascii=False))
            return
        rows = sum(made["tables"].values())
        self.stdout.write(f"{out}: {rows} rows in {len(made['tables'])} tables, "
                          f"{len(made['members']) - 1} files, {made['bytes']} bytes, "
                          f"sha256 {made['sha256']}")
