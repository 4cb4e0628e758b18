"""What every `luoshi … import FILE` command does alike: read the file named on the command line
and say in one Chinese line why it could not (exit 2), never an OS message in English; and the
refusal of a command the product forbids (exit 2, the reason on stderr)."""

import sys
from pathlib import Path

from django.utils.translation import gettext as _


class CommandFileError(Exception):
    """The file named on the command line cannot be read; ``str(error)`` is one line."""


def read_command_file(path: Path, *, limit: int | None = None) -> bytes:
    """The file's bytes; over ``limit`` bytes it is refused before it is read into memory."""
    try:
        if limit is not None and path.stat().st_size > limit:
            raise CommandFileError(_("%(file)s is larger than %(limit)d MB.") % {
                "file": path.name, "limit": limit >> 20})
        return path.read_bytes()
    except FileNotFoundError as error:
        raise CommandFileError(_("%(file)s: no such file") % {"file": path}) from error
    except IsADirectoryError as error:
        raise CommandFileError(_("%(file)s: a folder, not a file") % {"file": path}) from error
    except PermissionError as error:
        raise CommandFileError(_("%(file)s: not allowed to read it") % {"file": path}) from error
    except OSError as error:
        raise CommandFileError(_("%(file)s: cannot be read (%(reason)s)") % {
            "file": path, "reason": error.strerror or error}) from error


REFUSED = 2


def refuse(message: str) -> None:
    """Stop a refused command: the reason on stderr, exit 2."""
    sys.stderr.write(message + "\n")
    sys.exit(REFUSED)
