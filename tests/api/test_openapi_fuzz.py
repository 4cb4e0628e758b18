"""The API against its own OpenAPI schema (schemathesis, issue 12 §6): every operation of the
schema /api/schema/ serves, as four roles of the demo zone with its data (plan, monitoring
values, bulletins, the assessment, pay, benchmark), writes included (PATCH a task, POST an
expansion, POST for a token). Per operation and role: the schema's boundary and wrong-type
cases (coverage phase) and a bounded, derandomized number of generated requests (fuzzing).

No answer may be a server error (5xx); answers of the documented status must match the schema
(body and content type); a request that breaks the schema must be refused (4xx). Undocumented
statuses are allowed: the schema documents each operation's success only, not its
400/401/403/404 answers.

The demo data are built once for the module in a transaction rolled back at its end; each test
(one operation as one role) runs in a savepoint of it, so corrections do not leak between them.
A failure prints the request to reproduce it (curl) and the server's traceback in the log.
"""

import zlib
from contextlib import contextmanager
from datetime import UTC, datetime
from io import StringIO
from unittest import mock

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import TestCase, override_settings
from hypothesis import strategies as st

from config.wsgi import application

# Generated requests per operation and role (fuzzing phase), on top of the coverage phase's.
MAX_EXAMPLES = 12

CONFIG = schemathesis.Config.from_dict({
    "seed": 20261206,  # with `deterministic`: the same requests on every run
    # Requests carry a token of their own: the session cookie of the schema is not generated.
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none",
                   "with-security-parameters": False},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True},
               "fuzzing": {"enabled": True}, "stateful": {"enabled": False}},
    "checks": {
        # Only successes are documented (see above).
        "status_code_conformance": {"enabled": False},
        # A request valid by the schema may still be refused: wrong password, a year without
        # final results, a department not of the zone.
        "positive_data_acceptance": {"enabled": False},
    },
})

# The demo users (luoshi.demo.people) the API is called as.
ROLES = {
    "coordinator": "coordinator",  # every right, the corrections included
    "reporter": "gxj_reporter",  # a department's reporter: reads, may not correct
    "hr": "hr",  # the pay lines of the whole zone
    "observer": "observer",  # no zone of their own: reads every zone
}

AS_OF = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)  # the demo's present (its data end 2026-10)

# Filled by the ``world`` fixture: role → API token key; path template → real values of its
# path parameter (a generated id hardly ever names an object).
KEYS: dict[str, str] = {}
KNOWN: dict[str, list] = {}


def _generated_schema() -> dict:
    """The schema /api/schema/ serves, generated in-process (drf-spectacular)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _install_demo() -> None:
    """demo_setup and demo_data's parts the API shows (the supervision demo it does not), and
    a published bulletin and a draft."""
    from luoshi.accounts.models import Zone
    from luoshi.bulletins.models import Bulletin
    from luoshi.bulletins.services import draft_start, publish_start
    from luoshi.demo.assessment_data import assessment_demo_install
    from luoshi.demo.benchmark_data import benchmark_demo_install
    from luoshi.demo.bulletin_data import bulletin_demo_install
    from luoshi.demo.monitoring_data import demo_data_install
    from luoshi.demo.pay_data import pay_demo_install
    from luoshi.domain.calendar.periods import parse_period

    call_command("demo_setup", "--url", "http://x/", stdout=StringIO())
    zone = Zone.objects.get(code="hetdz")
    with mock.patch("django.utils.timezone.now", return_value=AS_OF):
        demo_data_install(zone=zone, through=parse_period("2026-10"), by=None, origin="tests",
                          replace=False)
        for install in (bulletin_demo_install, assessment_demo_install, pay_demo_install,
                        benchmark_demo_install):
            install(zone, by=None, origin="tests")
        # The jobs run when the transaction commits: here, at once.
        with TestCase.captureOnCommitCallbacks(execute=True):
            monthly = draft_start(zone=zone, period=parse_period("2026-09"), by=None,
                                  origin="tests")
        with TestCase.captureOnCommitCallbacks(execute=True):
            publish_start(bulletin=Bulletin.objects.get(pk=monthly.pk), by=None, origin="tests")
        with TestCase.captureOnCommitCallbacks(execute=True):
            draft_start(zone=zone, period=parse_period("2026Q3"), by=None, origin="tests")


def _known_values() -> dict[str, list]:
    from luoshi.accounts.models import Department
    from luoshi.assessment.models import Assessment
    from luoshi.assessment.pay_models import StaffMember
    from luoshi.benchmark.models import Evaluation
    from luoshi.bulletins.models import Bulletin
    from luoshi.monitoring.models import Indicator, IndicatorTarget, IndicatorValue
    from luoshi.plans.models import Plan, Target, Task

    def ids(model):
        return list(model.objects.order_by("pk").values_list("pk", flat=True)[:20])

    tasks = ids(Task)
    return {
        "/api/v1/plans/{id}/": ids(Plan),
        "/api/v1/tasks/{id}/": tasks,
        "/api/v1/tasks/{id}/expand/": tasks,
        "/api/v1/departments/{id}/": ids(Department),
        "/api/v1/targets/{id}/": ids(Target),
        "/api/v1/indicators/{id}/": ids(Indicator),
        "/api/v1/indicator-targets/{id}/": ids(IndicatorTarget),
        "/api/v1/values/{id}/": ids(IndicatorValue),
        "/api/v1/bulletins/{id}/": ids(Bulletin),
        "/api/v1/assessments/{id}/": ids(Assessment),
        "/api/v1/benchmark-evaluations/{id}/": ids(Evaluation),
        "/api/v1/pay-lines/{staff}/": list(StaffMember.objects.order_by("employee_no")
                                           .values_list("employee_no", flat=True)[:20]),
    }


@contextmanager
def _connection_kept_open():
    """The WSGI handler closes the database connection after each request, in a transaction
    too (Django's test client does not: it holds these receivers off as done here); on
    PostgreSQL that would end the tests' transaction."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo zone with its data and a token per role, for the whole module (rolled back)."""
    from luoshi.accounts.api_tokens import token_issue
    from luoshi.accounts.models import User

    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LUOSHI_SOFFICE="luoshi-tests-no-soffice",  # no PDF: LibreOffice takes seconds
    )
    with (django_db_blocker.unblock(), _connection_kept_open(), fast,
          transaction.atomic()):
        _install_demo()
        for role, username in ROLES.items():
            user = User.objects.get(username=username)
            KEYS[role] = token_issue(user=user, name="fuzz", by=user, origin="tests")[1]
        KNOWN.update(_known_values())
        yield
        transaction.set_rollback(True)
    KEYS.clear()
    KNOWN.clear()


schema = schemathesis.openapi.from_dict(_generated_schema(), config=CONFIG)
schema.app = application


@schema.hook
def before_generate_path_parameters(context, strategy):
    """Fuzzing: half the requests name an object that exists."""
    parameters = list(context.operation.path_parameters)
    if not parameters:
        return strategy
    path, name = context.operation.path, parameters[0].name
    real = st.deferred(lambda: st.sampled_from(KNOWN.get(path) or [0]))
    return st.one_of(strategy, real.map(lambda value: {name: value}))


def _name_a_real_object(case) -> None:
    """Coverage: a case that varies the query or the body keeps its path parameter valid, but
    a made-up id answers 404 before the body is read; name an object that exists instead."""
    meta, known = case.meta, KNOWN.get(case.operation.path)
    if not (known and case.path_parameters and meta is not None
            and meta.phase.name == "coverage" and meta.phase.data.parameter_location != "path"):
        return
    name = next(iter(case.path_parameters))
    case.path_parameters[name] = known[zlib.crc32(repr(case.body).encode()) % len(known)]


@schema.parametrize()
@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.usefixtures("world", "db")
def test_the_api_answers_every_request_within_its_schema(case, role):
    _name_a_real_object(case)
    case.call_and_validate(headers={"Authorization": f"Token {KEYS[role]}"})
