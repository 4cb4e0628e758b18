"""Settings for the test suite: the product's settings with a key of its own, so a fresh
clone without .env (CI) can run the tests while the server still refuses to start keyless."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("LUOSHI_FIELD_KEY", "tests-only-field-key")
# Jobs run inside the request in tests (a test of the worker sets the database backend).
os.environ.setdefault("LUOSHI_TASKS_BACKEND", "immediate")

from config.settings import *  # noqa: E402, F403

# The cache in memory, emptied before each test (conftest.py): not the product's database
# table, nor a Redis a developer's environment names.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
