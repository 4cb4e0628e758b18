"""`luoshi encryption status [--json]`: how the stored sensitive values are sealed (evidence for
a 密码应用 assessment, and the check after `luoshi pay rekey`): the algorithm new values get, and
per field how many values each scheme sealed. Exit 1 while any value is not sealed with the
current algorithm and first key (run `luoshi pay rekey`; values under a key not configured
need that key back first), else 0. Reads only."""

import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from luoshi.core.encrypted_fields import sealing_state

NOT_CURRENT = 1


class Command(BaseCommand):
    help = "Show how the encrypted fields' stored values are sealed."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="count the stored values per field and scheme")
        status.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        state = sealing_state()
        current, behind = state.algorithm, state.behind
        if options["json"]:
            self.stdout.write(json.dumps({
                "algorithm": current, "not_current": behind,
                "fields": {name: dict(sorted(counter.items()))
                           for name, counter in state.counts.items()}}))
        else:
            self.stdout.write(_("New values are sealed with %(algorithm)s.")
                              % {"algorithm": current.upper()})
            for name, counter in state.counts.items():
                parts = ", ".join(f"{scheme} {n}" for scheme, n in sorted(counter.items()))
                self.stdout.write(f"  {name}: {parts or '0'}")
            if state.unreadable:
                self.stdout.write(_("%(n)d value(s) sealed under a key not configured: give it "
                                    "back in LUOSHI_FIELD_KEY (or DJANGO_SECRET_KEY_FALLBACKS) "
                                    "before `luoshi pay rekey`.") % {"n": state.unreadable})
            elif behind:
                self.stdout.write(_("%(n)d value(s) not sealed with the current algorithm and "
                                    "key: run `luoshi pay rekey`.") % {"n": behind})
        if behind:
            sys.exit(NOT_CURRENT)
