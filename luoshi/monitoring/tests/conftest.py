import pytest

from luoshi.accounts.choices import Role


@pytest.fixture
def catalogue(seed_plan, zone):
    from luoshi.monitoring.services import catalogue_install

    return {i.code: i for i in catalogue_install(zone=zone, plan=seed_plan, by=None,
                                                 origin="tests")}


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator")


@pytest.fixture
def gxj_reporter(make_user):
    return make_user(Role.REPORTER, "区工信局", username="gxj_reporter")


@pytest.fixture
def gxj_head(make_user):
    return make_user(Role.HEAD, "区工信局", username="gxj_head")
