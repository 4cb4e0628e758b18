"""A small HTTP load driver for `luoshi bench load`: N threads, each one keep-alive connection
(http.client, the standard library's), sending GET requests to one path for a fixed time.

Threads rather than a load tool: nothing to install on an intranet server, and the driver's
work per request (a few dozen microseconds) stays small beside the server's. An error is a
status outside 2xx (a redirect to the login page is one), a body without the expected marker,
or an exception (the connection is then opened afresh).
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Outcome:
    """What the threads measured on one path."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    error_kinds: Counter = field(default_factory=Counter)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, share: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    def figures(self) -> dict:
        def rounded(value):
            return None if value is None else round(value, 1)

        return {"requests": self.requests, "errors": self.errors,
                "rps": round(self.rps, 1), "p50_ms": rounded(self.percentile_ms(0.50)),
                "p95_ms": rounded(self.percentile_ms(0.95)),
                "error_kinds": dict(self.error_kinds.most_common(5))}


def drive(*, host: str, port: int, path: str, cookies: list[str | None], connections: int,
          seconds: float, marker: bytes | None = None, timeout: float = 60.0) -> Outcome:
    """GET ``path`` on ``connections`` connections for ``seconds``; connection i sends
    ``cookies[i % len(cookies)]`` (None: none). Requests started before the end are counted."""
    outcome = Outcome()
    lock = threading.Lock()
    start = threading.Barrier(connections + 1)
    deadline = [0.0]

    def worker(cookie: str | None) -> None:
        headers = {"Host": host, "Connection": "keep-alive", "Accept": "text/html"}
        if cookie:
            headers["Cookie"] = cookie
        latencies: list[float] = []
        kinds: Counter = Counter()
        done = 0
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        start.wait()
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                if not 200 <= response.status < 300:
                    kinds[f"status {response.status}"] += 1
                elif marker is not None and marker not in body:
                    kinds["unexpected page"] += 1
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                kinds[type(error).__name__] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=timeout)
            latencies.append((time.perf_counter() - began) * 1000)
            done += 1
        connection.close()
        with lock:
            outcome.requests += done
            outcome.errors += sum(kinds.values())
            outcome.latencies_ms.extend(latencies)
            outcome.error_kinds.update(kinds)

    threads = [threading.Thread(target=worker, args=(cookies[i % len(cookies)],), daemon=True)
               for i in range(connections)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - began
    return outcome
