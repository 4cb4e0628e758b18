"""Outside DEBUG the server refuses to start without DJANGO_SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = ("import django; django.setup(); from django.conf import settings; "
         "print(len(settings.SECRET_KEY))")


def settle(**environment):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", PYTHONPATH=str(ROOT), **environment)
    # Settings read .env beside the code without overriding the environment: an empty key
    # here is "no key" even in a checkout that has a .env.
    env.setdefault("DJANGO_SECRET_KEY", "")
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)


def test_no_key_outside_debug_refuses_to_start():
    done = settle()
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "DJANGO_SECRET_KEY" in done.stderr


def test_a_key_or_debug_starts():
    assert settle(DJANGO_SECRET_KEY="k" * 50).stdout.strip() == "50"
    assert settle(DJANGO_DEBUG="1").stdout.strip() == "67"  # a random key, for development
