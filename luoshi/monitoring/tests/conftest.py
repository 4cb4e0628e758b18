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


@pytest.fixture
def march(catalogue, zone):
    """工业总产值 ahead of pace (700 of 2500), 进出口总额 behind (50 of 300), in 2026-03."""
    from .page_helpers import store

    store(zone, [["工业总产值", "2022-12", "1800", "", "亿元", "正式"],
                 ["工业总产值", "2026-03", "700", "5.2", "亿元", "快报"],
                 ["进出口总额", "2022-12", "200", "", "亿元", "正式"],
                 ["进出口总额", "2026-03", "50", "3.0", "亿元", "快报"]])
