"""Fixtures for the benchmark tests: a zone set up from nothing (no demo), one user per role,
and the zone's peer data imported and evaluated (a dozen zones over two years)."""

import pytest

from luoshi.accounts.choices import Role

from .helpers import peer_csv

ORIGIN = "tests"


@pytest.fixture
def people(make_user):
    return {
        "coordinator": make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator"),
        "leader": make_user(Role.LEADER, username="leader"),
        "reporter": make_user(Role.REPORTER, "区商务局", username="reporter"),
        "head": make_user(Role.HEAD, "区商务局", username="head"),
        "inspector": make_user(Role.INSPECTOR, "区纪委监委", username="inspector"),
        "hr": make_user(Role.HR, "区委组织部", username="hr"),
        "observer": make_user(Role.OBSERVER, username="observer"),
        "auditor": make_user(Role.AUDITOR, username="auditor"),
    }


@pytest.fixture
def coordinator(people):
    return people["coordinator"]


@pytest.fixture
def evaluated(zone, coordinator):
    """The zone's peer data imported (2023 and 2024) and every year evaluated."""
    from luoshi.benchmark import services
    from luoshi.benchmark.models import Evaluation

    services.peers_import(zone=zone, content=peer_csv(zone.name), filename="peers.csv",
                          by=coordinator, origin=ORIGIN)
    services.evaluations_run_all(zone=zone, by=coordinator, origin=ORIGIN)
    return Evaluation.objects.get(zone=zone, year=2024)
