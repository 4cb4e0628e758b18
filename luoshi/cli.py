"""The `luoshi` command: Django's management commands under the product's name.

`luoshi migrate`, `luoshi runserver`, `luoshi plan parse FILE`, … all honour DATABASE_URL.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["luoshi", *args])
    except ImproperlyConfigured as error:
        # A missing setting (DJANGO_SECRET_KEY, DATABASE_URL) is one line, not a traceback.
        sys.stderr.write(f"luoshi: {error}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
