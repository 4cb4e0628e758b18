"""What every `luoshi … import FILE [--zone CODE] [--by USER]` command reads before it imports:
the file, the zone and the acting user, or one line saying why not (the caller exits 2)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from luoshi.core.commands import CommandFileError, read_command_file

from .models import User, Zone
from .selectors import user_for_command, zone_for_command


def import_inputs(options) -> tuple[Path, bytes, Zone, User | None]:
    """(path, content, zone, by) from the options ``file``, ``zone`` and ``by``; raises
    CommandFileError with a one-line reason."""
    path = Path(options["file"])
    content = read_command_file(path, limit=settings.LUOSHI_MAX_UPLOAD_BYTES)
    try:
        return path, content, zone_for_command(options["zone"]), user_for_command(options["by"])
    except CommandError as error:
        raise CommandFileError(str(error)) from error
