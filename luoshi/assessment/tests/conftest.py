"""Fixtures for the assessment tests: the people of the roles that meet the assessment, in a
zone with the four units of ``helpers.UNITS``."""

import pytest

from luoshi.accounts.choices import Role

from .helpers import set_up_year


@pytest.fixture
def scheme(zone, roles):
    return set_up_year(zone)


@pytest.fixture
def people(make_user, scheme):
    return {
        "coordinator": make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator"),
        "leader": make_user(Role.LEADER, username="leader"),
        "inspector": make_user(Role.INSPECTOR, "区纪委监委", username="inspector"),
        "hr": make_user(Role.HR, "区委组织部", username="hr"),
        "observer": make_user(Role.OBSERVER, username="observer"),
        "head_sw": make_user(Role.HEAD, "区商务局", username="head_sw"),
        "reporter_sw": make_user(Role.REPORTER, "区商务局", username="reporter_sw"),
        "head_sf": make_user(Role.HEAD, "区司法局", username="head_sf"),
        "head_ys": make_user(Role.HEAD, "区营商局", username="head_ys"),
        "head_gx": make_user(Role.HEAD, "区工信局", username="head_gx"),
    }
