"""Fixtures for the bulletin tests: a zone set up from nothing (the Harbin plan imported as
every app's tests do, its catalogue, a few accepted values of the third quarter of 2026, the
lights of its closed months closed by the tick), the clock on 2026-10-15 (the day bulletins
are issued), and every role of the supervision tests.

The zone is made once a module, inside a transaction rolled back after the module (each test
runs in a savepoint of it, as Django's ``setUpTestData``): the root fixtures ``roles``,
``zone`` and ``seed_plan`` are overridden to hand it out, so the supervision and monitoring
fixtures built on them (``supervised``, ``catalogue``, ``make_user``, …) work on it. A module
that wants a zone of its own imports the root ones back.

No LibreOffice and no charts unless a test asks for them (``charts``, or its own
LUOSHI_SOFFICE): both cost seconds a bulletin."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from conftest import SEED_NAME, seed_bytes
from luoshi.accounts.models import Zone
from luoshi.accounts.services import roles_sync
from luoshi.domain.bulletins import charts as charts_module
from luoshi.monitoring.catalogue_services import catalogue_install
from luoshi.monitoring.tests.conftest import catalogue  # noqa: F401 (fixture)
from luoshi.monitoring.tests.page_helpers import store
from luoshi.plans.models import Plan
from luoshi.plans.services import plan_import
from luoshi.supervision import services as supervision
from luoshi.supervision.models import MonthLight
from luoshi.supervision.tests.conftest import (  # noqa: F401 (fixtures)
    clock,
    coordinator,
    dept,
    fake_channels,
    flow,
    staff,
    supervised,
    task,
)
from luoshi.supervision.tests.helpers import AUG, bj
from luoshi.supervision.tests.test_permissions import people  # noqa: F401 (fixture)
from luoshi.supervision.tick_services import tick

from .helpers import ISSUED, LIT_TASKS, VALUES


@pytest.fixture(autouse=True)
def _quick(request, settings, monkeypatch):
    """No PDF (no LibreOffice: a missing program), no charts, no notification URLs."""
    settings.LUOSHI_SOFFICE = "no-such-soffice-for-tests"
    settings.LUOSHI_NOTIFY_URLS = []
    if "charts" not in request.fixturenames:
        monkeypatch.setattr(charts_module, "bulletin_charts", lambda inputs: ())


@pytest.fixture
def charts():
    """Ask for it to have the bulletin's charts drawn (about a second a bulletin)."""


def hetdz_from_nothing() -> Zone:
    """The zone, its plan and catalogue, supervised from August 2026; on 2026-10-09 the
    accepted values of ``VALUES`` and the lights of August and September (nobody reported:
    yellow and red). Only tasks 7 and 8 keep their lights: a short bulletin builds in a
    fraction of a second (the real size is the demo's, in CI)."""
    roles_sync()
    zone = Zone.objects.create(code="hetdz", name="哈尔滨经济技术开发区")
    plan, _created = plan_import(zone=zone, content=seed_bytes(), filename=SEED_NAME, by=None,
                                 origin="tests")
    supervision.settings_configure(zone=zone, by=None, origin="tests", start=AUG)
    catalogue_install(zone=zone, plan=plan, by=None, origin="tests")
    store(zone, VALUES)
    result = tick(now=bj(2026, 10, 9))
    assert result.closed == ["hetdz 2026-08", "hetdz 2026-09"]
    MonthLight.objects.filter(zone=zone).exclude(task__number__in=LIT_TASKS).delete()
    return zone


@pytest.fixture(scope="module")
def hetdz(django_db_setup, django_db_blocker) -> int:
    """The zone's key; made once a module, undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with mock.patch.object(timezone, "now", lambda: bj(2026, 10, 9)):
            zone = hetdz_from_nothing()
        yield zone.pk
        transaction.set_rollback(True)


@pytest.fixture
def roles(hetdz, db):
    return list(Group.objects.order_by("pk"))


@pytest.fixture
def zone(hetdz, db):
    return Zone.objects.get(pk=hetdz)


@pytest.fixture
def seed_plan(zone):
    return Plan.objects.get(zone=zone, is_current=True)


@pytest.fixture
def q3(supervised, catalogue, clock, fake_channels):  # noqa: F811
    """The zone on 2026-10-15 with its figures of the third quarter (see ``hetdz``)."""
    clock.at(*ISSUED)
    return supervised


@pytest.fixture
def users(people, q3, clock):  # noqa: F811
    """Every role of the supervision tests (their ``people``), the clock back on the day."""
    clock.at(*ISSUED)
    return people
