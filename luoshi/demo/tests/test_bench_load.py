"""`luoshi bench load --quick` starts the production server, drives its three pages without
an error and prints the figures (no goal is judged here: a test machine's timings say little).

It runs as the command does, in a process of its own: the server, another process, must see
the data, which a test's transaction would hide. About 25 s (most of it migrating the throwaway
database and starting gunicorn)."""

import json
import os
import re
import subprocess
import sys

import pytest

KEYS = {"health_rps", "dashboard_rps", "dashboard_p95_ms", "tasks_rps", "errors"}


def test_quick_load_run_prints_the_figures_without_errors(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "LUOSHI_TASKS_BACKEND")}
    done = subprocess.run(
        [sys.executable, "-m", "luoshi.cli", "bench", "load", "--quick", "--duration", "1",
         "--connections", "3"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout)
    assert not KEYS - set(figures)
    assert figures["errors"] == 0, figures["paths"]
    for key in ("health_rps", "dashboard_rps", "tasks_rps"):
        assert figures[key] > 0, key
    assert figures["dashboard_p95_ms"] > 0
    assert set(figures["goals"]) == {"dashboard_at_least_quarter_of_health", "no_errors"}
    assert figures["database"]["mode"] == "throwaway"
    assert figures["connections"] == 3 and figures["seconds"] == 1
    # The server is gone with the bench.
    pid = int(re.search(r"gunicorn \(pid (\d+)\)", done.stderr).group(1))
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
