"""`luoshi audit verify [--json] [--archive FILE]` and `luoshi audit prune --archive FILE`.

verify walks the audit log's hash chain and exits 1 naming the first broken entry (0: whole);
with --archive it checks a prune archive's signature and the stretch of chain inside it.
prune writes the signed archive of the entries older than the retention, then deletes them.
"""

import json
import sys
from datetime import date, datetime, time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit_chain import chain_verify, verification_record
from luoshi.core.audit_display import chain_reason_label
from luoshi.core.audit_retention import PruneRefused, archive_check, audit_prune
from luoshi.core.commands import refuse
from luoshi.domain.audit_archive import ArchiveError
from luoshi.domain.audit_chain import AlgorithmUnavailable, Verdict, utc_iso

BROKEN = 1


def verdict_json(verdict: Verdict, checked_at: datetime) -> dict:
    broken = verdict.first_broken
    return {
        "ok": verdict.ok,
        "entries": verdict.checked,
        "algorithm": verdict.algorithm,
        "first_broken": None if broken is None else {
            "id": broken.entry_id, "reason": broken.reason,
            "timestamp": utc_iso(broken.timestamp) if broken.timestamp else None},
        "checked_at": utc_iso(checked_at),
    }


class Command(BaseCommand):
    help = "Verify the audit log's hash chain, or prune entries older than the retention."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="walk the chain; exit 1 at the first break")
        verify.add_argument("--json", action="store_true")
        verify.add_argument("--archive", help="check a prune archive (signature and chain)")
        prune = sub.add_parser("prune", help="archive, then delete, entries past retention")
        prune.add_argument("--archive", required=True, help="the archive to write (.jsonl.gz)")
        prune.add_argument("--before", type=date.fromisoformat,
                           help="prune entries before this date (YYYY-MM-DD); default and "
                                "latest: today minus the retention")
        prune.add_argument("--by", help="username the pruning is attributed to")
        prune.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if options["action"] == "verify":
            if options["archive"]:
                self._verify_archive(Path(options["archive"]), options["json"])
            else:
                self._verify(options["json"])
        else:
            self._prune(options)

    def _refuse(self, reason: str) -> None:
        refuse(reason.replace("\n", " "))

    def _say(self, verdict: Verdict) -> str:
        broken = verdict.first_broken
        if broken is None:
            return _("Audit chain intact: %(count)d entries (%(algorithm)s).") % {
                "count": verdict.checked, "algorithm": verdict.algorithm}
        return _("Audit chain broken at entry #%(id)s: %(reason)s.") % {
            "id": broken.entry_id if broken.entry_id is not None else "?",
            "reason": chain_reason_label(broken.reason)}

    def _verify(self, as_json: bool) -> None:
        try:
            verdict = chain_verify()
        except AlgorithmUnavailable as error:
            self._refuse(_("The chain uses %(algorithm)s, which cannot be computed here.")
                         % {"algorithm": error})
        record = verification_record(verdict, by=None, origin="command: audit verify")
        if as_json:
            self.stdout.write(json.dumps(verdict_json(verdict, record.checked_at),
                                         ensure_ascii=False))
        else:
            self.stdout.write(self._say(verdict))
        if not verdict.ok:
            sys.exit(BROKEN)

    def _verify_archive(self, path: Path, as_json: bool) -> None:
        try:
            check = archive_check(path)
        except OSError as error:
            self._refuse(f"{path}: {error.strerror or error}")
        except (ArchiveError, AlgorithmUnavailable) as error:
            self._refuse(_("%(file)s is not an audit archive (%(reason)s).") % {
                "file": path, "reason": error})
        if as_json:
            self.stdout.write(json.dumps({
                **verdict_json(check.verdict, timezone.now()), "ok": check.ok,
                "signed": check.signed, "archive": path.name}, ensure_ascii=False))
        elif not check.signed:
            self.stdout.write(_("%(file)s: the signature does not match; the archive was "
                                "changed or signed with another key.") % {"file": path})
        else:
            self.stdout.write(f"{path}: {self._say(check.verdict)}")
        if not check.ok:
            sys.exit(BROKEN)

    def _prune(self, options) -> None:
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(username=options["by"]).first()
            if by is None:
                self._refuse(_("No user named %(name)s.") % {"name": options["by"]})
        before = None
        if options["before"]:
            before = datetime.combine(options["before"], time.min,
                                      tzinfo=timezone.get_current_timezone())
        try:
            result = audit_prune(archive=Path(options["archive"]), before=before, by=by,
                                 origin="command: audit prune")
        except PruneRefused as refused:
            if refused.verdict is not None:
                sys.stderr.write(self._say(refused.verdict) + "\n")
            self._refuse(str(refused))
        except OSError as error:
            self._refuse(f"{options['archive']}: {error.strerror or error}")
        if options["json"]:
            self.stdout.write(json.dumps({
                "pruned": result.pruned, "before": utc_iso(result.before),
                "archive": str(result.archive) if result.archive else None,
                "digest": result.digest or None}, ensure_ascii=False))
        elif result.pruned:
            self.stdout.write(_("Pruned %(count)d entries before %(date)s; archive %(file)s "
                                "(%(digest)s).") % {
                "count": result.pruned, "date": result.before.date().isoformat(),
                "file": result.archive, "digest": result.digest})
        else:
            self.stdout.write(_("No entry is older than %(date)s; nothing was pruned.") % {
                "date": result.before.date().isoformat()})
