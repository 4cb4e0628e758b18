"""`luoshi bench load`: the production server under load (issue 12 §5).

A throwaway database on the configured engine (SQLite: a file; PostgreSQL: a database of its
own) gets the demo zone (`demo_setup`, `demo_data`; --quick: the plan and the monitoring
values only) and 50 leaders, each signed in with a session of their own (made in the database
as a login makes it, two factors confirmed when their role asks for them: the bench measures
pages, not the login form). gunicorn then serves it on 127.0.0.1 with 2 workers and the
production settings (DEBUG off; cookies without Secure and no HTTPS redirect, since the bench
speaks plain HTTP without the proxy), and load_driver sends, for 30 s each at 50 connections,
the health endpoint (no cookie, as the proxy asks), the dashboard and the key-task list
(cookies of the leaders in turn). The server is stopped however the run ends.

Goals: ``dashboard_rps`` at least a quarter of ``health_rps``, no errors. The cache is the
configured one (LUOSHI_CACHE_URL, else the default database table) unless --cache-url says
another; `--cache-url dummycache://` measures the dashboard without its cache.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client, override_settings

from luoshi.accounts import two_factor
from luoshi.accounts.choices import Role
from luoshi.accounts.models import Zone
from luoshi.accounts.services import password_generate, user_upsert
from luoshi.demo.bench_db import throwaway_database
from luoshi.demo.load_driver import Outcome, drive
from luoshi.demo.monitoring_data import demo_data_install
from luoshi.demo.people import DEMO_ZONE
from luoshi.domain.calendar.periods import parse_period
from luoshi.plans.models import Plan

ORIGIN = "bench: load"
THROUGH = "2026-10"
HOST = "127.0.0.1"
RATIO_GOAL = 0.25  # dashboard_rps ≥ a quarter of health_rps
DASHBOARD_MARK = b'id="status-table"'
TASKS_MARK = b'id="task-filter"'


@dataclass(frozen=True)
class Sizes:
    seconds: float = 30.0
    connections: int = 50
    leaders: int = 50
    workers: int = 2
    full_demo: bool = True  # the whole demo_data (supervision, assessment …), as `make run`

    @classmethod
    def quick(cls, seconds: float = 2.0, connections: int = 3) -> Sizes:
        return cls(seconds=seconds, connections=connections, leaders=connections,
                   full_demo=False)


def run(sizes: Sizes, *, cache_url: str | None = None,
        log: Callable[[str], None] = lambda line: None) -> dict[str, object]:
    started = time.perf_counter()
    with _workspace() as (workdir, database_url):
        log(f"bench load: the demo zone into {connections[DEFAULT_DB_ALIAS].vendor} …")
        zone, plan = _demo_load(sizes)
        cookies = _leader_sessions(zone, sizes.leaders)
        paths = {"health": ("/healthz", [None], b'"ok"'),
                 "dashboard": ("/monitoring/", cookies, DASHBOARD_MARK),
                 "tasks": (f"/plans/{plan.pk}/tasks/", cookies, TASKS_MARK)}
        cache = _server_cache(cache_url)
        with _server(database_url, workdir, sizes.workers, cache, log) as server:
            for name, (path, sent, mark) in paths.items():
                _check(server.number, path, sent[0], mark, name)
            outcomes: dict[str, Outcome] = {}
            cpu_ms: dict[str, float | None] = {}
            driver_ms: dict[str, float] = {}
            for name, (path, sent, mark) in paths.items():
                # A warm-up (a second, less in a short run): every worker has read its
                # templates, the dashboard its fragment; then the measured run.
                drive(host=HOST, port=server.number, path=path, cookies=sent,
                      connections=sizes.connections, seconds=min(1.0, sizes.seconds / 4),
                      marker=mark)
                log(f"bench load: {name} {path}, {sizes.seconds:g} s at {sizes.connections} "
                    f"connections …")
                before, driver = server_cpu_seconds(server.pid), time.process_time()
                outcomes[name] = drive(host=HOST, port=server.number, path=path, cookies=sent,
                                       connections=sizes.connections, seconds=sizes.seconds,
                                       marker=mark)
                after, driver = server_cpu_seconds(server.pid), time.process_time() - driver
                driver_ms[name] = round(driver * 1000 / max(outcomes[name].requests, 1), 2)
                cpu_ms[name] = (None if before is None or after is None
                                or not outcomes[name].requests else
                                round((after - before) * 1000 / outcomes[name].requests, 2))
        vendor = connections[DEFAULT_DB_ALIAS].vendor
    figures = _figures(outcomes, sizes)
    figures.update({
        # The server's processor time per request (its workers, also those it replaced):
        # what the throughput would be on an otherwise idle machine, the load driver apart.
        "server_cpu_ms_per_request": cpu_ms,
        "driver_cpu_ms_per_request": driver_ms,  # this process's threads, on the same cores
        "server": f"gunicorn, {sizes.workers} workers (gthread), {HOST}",
        "cache": cache or "configured default",
        "database": {"mode": "throwaway", "vendor": vendor},
        "total_s": round(time.perf_counter() - started, 1),
    })
    return figures


def _figures(outcomes: dict[str, Outcome], sizes: Sizes) -> dict[str, object]:
    health, dashboard, tasks = (outcomes[name] for name in ("health", "dashboard", "tasks"))
    ratio = dashboard.rps / health.rps if health.rps else 0.0
    errors = sum(outcome.errors for outcome in outcomes.values())

    def rounded(value):
        return None if value is None else round(value, 1)

    return {
        "health_rps": round(health.rps, 1),
        "dashboard_rps": round(dashboard.rps, 1),
        "dashboard_p95_ms": rounded(dashboard.percentile_ms(0.95)),
        "tasks_rps": round(tasks.rps, 1),
        "errors": errors,
        "ratio": round(ratio, 3),
        "health_p95_ms": rounded(health.percentile_ms(0.95)),
        "tasks_p95_ms": rounded(tasks.percentile_ms(0.95)),
        "goals": {"dashboard_at_least_quarter_of_health": ratio >= RATIO_GOAL,
                  "no_errors": errors == 0},
        "paths": {name: outcome.figures() for name, outcome in outcomes.items()},
        "seconds": sizes.seconds, "connections": sizes.connections,
        "leaders": sizes.leaders, "workers": sizes.workers,
    }


# --- the database and its contents ----------------------------------------------------------


@contextmanager
def _workspace() -> Iterator[tuple[Path, str]]:
    """A temporary directory (logs, private files) and a throwaway database in it, nothing
    sent out meanwhile."""
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-load-") as tmp, override_settings(
            LUOSHI_NOTIFY_URLS=[], LUOSHI_PRIVATE_ROOT=Path(tmp) / "private",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), _throwaway(
            Path(tmp)) as database_url:
        yield Path(tmp), database_url


@contextmanager
def _throwaway(workdir: Path) -> Iterator[str]:
    """bench_db's throwaway database under a name of its own (PostgreSQL: not test_…, which
    a test run may be using), and the DATABASE_URL that reaches it from the server."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor not in ("sqlite", "postgresql"):
        raise ValueError(f"bench load runs on SQLite or PostgreSQL, not {connection.vendor}")
    test = connection.settings_dict.setdefault("TEST", {})
    saved = test.get("NAME")
    if connection.vendor == "postgresql":
        test["NAME"] = f"{connection.settings_dict['NAME']}_bench_load_{os.getpid()}"
    try:
        with throwaway_database(workdir) as name:
            yield _database_url(connection.settings_dict, name)
    finally:
        test["NAME"] = saved


def _database_url(db: dict, name: str) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{db.get('HOST') or ''}{port}/{quote(name, safe='')}"


def _demo_load(sizes: Sizes) -> tuple[Zone, Plan]:
    call_command("demo_setup", stdout=StringIO())
    zone = Zone.objects.get(code=DEMO_ZONE[0])
    if sizes.full_demo:
        call_command("demo_data", zone=zone.code, through=THROUGH, stdout=StringIO())
    else:
        demo_data_install(zone=zone, through=parse_period(THROUGH), by=None, origin=ORIGIN)
    return zone, Plan.objects.get(zone=zone, is_current=True)


def _leader_sessions(zone: Zone, count: int) -> list[str]:
    """``count`` leaders of the zone, each signed in: their session cookies."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from luoshi.accounts.models import Authenticator

    cookies = []
    # The bench's passwords are never used: a fast hash spares 50 slow ones.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for number in range(1, count + 1):
            user = user_upsert(username=f"bench-leader-{number}", role=Role.LEADER, zone=zone,
                               password=password_generate(), by=None, origin=ORIGIN)
            client = Client()
            client.force_login(user)
            if two_factor.required_for(user):
                two_factor.provision(user=user)
                device = Authenticator.objects.get(user=user)
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
            name = settings.SESSION_COOKIE_NAME
            cookies.append(f"{name}={client.cookies[name].value}")
    return cookies


# --- the server -----------------------------------------------------------------------------


def _server_cache(cache_url: str | None) -> str | None:
    """The cache URL the server is given: --cache-url, else LUOSHI_CACHE_URL; None: the
    settings' default (a table of the throwaway database). A cache outside the database gets
    a key prefix of its own: other servers may be using it."""
    url = cache_url or os.environ.get("LUOSHI_CACHE_URL")
    if not url or url.split(":", 1)[0] in ("dbcache", "locmemcache", "dummycache"):
        return url
    return f"{url}{'&' if '?' in url else '?'}key_prefix=luoshi-bench-load-{os.getpid()}"


@dataclass(frozen=True)
class Server:
    number: int  # the port
    pid: int  # gunicorn's arbiter


def server_cpu_seconds(pid: int) -> float | None:
    """Processor time of gunicorn's arbiter, its workers that ended (the arbiter's cutime and
    cstime) and those alive (Linux /proc; None elsewhere)."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        total = sum(_stat(pid)[11:15])
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = _stat(int(entry.name))
                except OSError:
                    continue
                if fields[1] == pid:
                    total += fields[11] + fields[12]
        return total / ticks
    except (OSError, ValueError):
        return None


def _stat(pid: int) -> list[int]:
    """/proc/PID/stat after the command's name: state, ppid, … (utime is [11], stime [12],
    cutime [13], cstime [14])."""
    text = Path(f"/proc/{pid}/stat").read_text()
    rest = text[text.rindex(")") + 2:].split()
    return [0 if not part.lstrip("-").isdigit() else int(part) for part in rest]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def _server(database_url: str, workdir: Path, workers: int, cache: str | None,
            log: Callable[[str], None]) -> Iterator[Server]:
    """gunicorn with config/gunicorn.conf.py on a free port; stopped (its whole process
    group) on the way out, whatever happens."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        # The sessions made here are signed with this process's key.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "LUOSHI_FIELD_KEY": ",".join(settings.SALT_KEY),
        "DJANGO_SECURE_COOKIES": "0", "LUOSHI_SSL_REDIRECT": "0", "LUOSHI_HSTS_SECONDS": "0",
        "LUOSHI_BEHIND_TLS_PROXY": "0",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "LUOSHI_BIND": f"{HOST}:{port}", "LUOSHI_WORKERS": str(workers),
        "LUOSHI_ACCESS_LOG": str(workdir / "access.log"),
        "LUOSHI_ERROR_LOG": str(workdir / "error.log"),
        "LUOSHI_PRIVATE_ROOT": str(workdir / "private"),
        "LUOSHI_NOTIFY_URLS": "",
    }
    if cache:
        env["LUOSHI_CACHE_URL"] = cache
    base = Path(settings.BASE_DIR)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(base / "config" / "gunicorn.conf.py"),
         "config.wsgi"],
        cwd=base, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    previous = signal.getsignal(signal.SIGTERM)
    if _main_thread():
        # A TERM to the bench unwinds through the finally below like Ctrl-C.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        _wait_ready(process, port, workdir / "error.log")
        log(f"bench load: gunicorn (pid {process.pid}) on {HOST}:{port}")
        yield Server(port, process.pid)
    finally:
        _stop(process)
        if _main_thread():
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _wait_ready(process: subprocess.Popen, port: int, error_log: Path,
                seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {process.returncode}):\n"
                               f"{_tail(error_log)}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {seconds:g} s:\n{_tail(error_log)}")


def _stop(process: subprocess.Popen) -> None:
    """TERM to the arbiter (it stops its workers); KILL to its process group if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no error log)"


def _check(port: int, path: str, cookie: str | None, marker: bytes, name: str) -> None:
    """One request before the measured ones: a page that does not answer as it should stops
    the bench with the reason, rather than counting thousands of errors."""
    request = urllib.request.Request(f"http://{HOST}:{port}{path}",
                                     headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as answer:
            body, status = answer.read(), answer.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    if status != 200 or marker not in body:
        raise RuntimeError(f"{name} {path}: HTTP {status}, not the expected page")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to the login page) is an answer, not to be followed
