"""The `luoshi` command: Django's management commands under the product's name.

`luoshi migrate`, `luoshi runserver`, `luoshi plan parse FILE`, … all honour DATABASE_URL.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["luoshi", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
