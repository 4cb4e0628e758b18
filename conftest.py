"""Shared pytest setup: safe settings, a fast password hasher, and ledger fixtures."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("LUOSHI_FIELD_KEY", "tests-only-field-key")

from importlib import resources  # noqa: E402

import pytest  # noqa: E402

SEED_NAME = "harbin-etdz-plan-2023-2026.txt"


def seed_bytes() -> bytes:
    return resources.files("luoshi.sample_data").joinpath(SEED_NAME).read_bytes()


@pytest.fixture
def seed_content() -> bytes:
    return seed_bytes()


@pytest.fixture(autouse=True)
def _fast_passwords(request):
    # Pure domain tests may run without pytest-django (-p no:django).
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        # Tests sign in with force_login; two factors are tested where they are the subject
        # (accounts/tests/test_two_factor.py, tests/e2e/test_two_factor_path.py).
        if "two_factor" not in request.keywords:
            settings.LUOSHI_TWO_FACTOR_ROLES = []


@pytest.fixture
def roles(db):
    from luoshi.accounts.services import roles_sync

    return roles_sync()


@pytest.fixture
def zone(db):
    from luoshi.accounts.models import Zone

    return Zone.objects.create(code="hetdz", name="哈尔滨经济技术开发区")


@pytest.fixture
def seed_plan(zone, roles):
    from luoshi.plans.services import plan_import

    plan, _created = plan_import(
        zone=zone, content=seed_bytes(), filename=SEED_NAME, by=None, origin="tests"
    )
    return plan


@pytest.fixture
def make_user(roles, zone):
    """make_user(role, department_name=None) → a user of the zone with that role."""
    from luoshi.accounts.models import Department
    from luoshi.accounts.services import user_upsert

    made = []

    def make(role, department_name=None, username=None, user_zone=None):
        department = None
        the_zone = user_zone or zone
        if department_name:
            department, _ = Department.objects.get_or_create(zone=the_zone, name=department_name)
        made.append(role)
        return user_upsert(
            username=username or f"{role}{len(made)}",
            role=role, zone=the_zone, department=department,
            password="Qm4#Lx9-Vt2w", by=None, origin="tests",
        )

    return make


@pytest.fixture
def login(client):
    """login(user) → the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _empty_cache():
    """The throttles count in the cache: every test starts from none (nor any dashboard part
    a former test left in this process)."""
    from django.core.cache import cache

    from luoshi.monitoring.dashboard_cache import page_copies, process_copies

    cache.clear()
    process_copies.clear()
    page_copies.clear()
    yield


@pytest.fixture
def api_key():
    """api_key(user) → the key of a new API token of the user (as the token page issues)."""
    from luoshi.accounts.api_tokens import token_issue

    def issue(user):
        return token_issue(user=user, name="tests", by=user, origin="tests")[1]

    return issue
