import pytest

from luoshi.accounts.choices import Role


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator")


@pytest.fixture
def sysadmin(make_user):
    """系统管理员: the zone's accounts are theirs alone (三员分立)."""
    return make_user(Role.SYSADMIN, username="sysadmin")


@pytest.fixture
def other_zone(db):
    from luoshi.accounts.models import Zone

    return Zone.objects.create(code="other", name="另一个开发区")


@pytest.fixture
def catalogue(seed_plan, zone):
    from luoshi.monitoring.services import catalogue_install

    return {i.code: i for i in catalogue_install(zone=zone, plan=seed_plan, by=None,
                                                 origin="tests")}
