"""Load on 127.0.0.1: the real server, wrk (or a Python fallback), a sequential timing pass and
worker memory. Everything here talks HTTP to a server started by ``Server`` and stopped by its
own process group; nothing leaves the machine.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LUA = HERE / "wrk" / "replay.lua"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str


def read_requests(path: Path) -> list[Request]:
    """The request file format shared with bench/wrk/replay.lua."""
    found = []
    for line in path.read_text().splitlines():
        method, target, header_text, body = ([*line.split("\t"), "", "", "", ""])[:4]
        headers = dict(item.split(": ", 1) for item in header_text.split("|") if item)
        found.append(Request(method, target, headers, body))
    return found


@dataclass
class Server:
    """``quaestio serve`` (granian) with the benchmark's settings, in its own process group."""

    env: dict[str, str]
    workers: int
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def command(self) -> list[str]:
        quaestio = str(HERE.parent / ".venv" / "bin" / "quaestio")
        return [
            quaestio,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"quaestio serve exited; see {self.log}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/__bench__/ceiling?bytes=10")
                connection.getresponse().read()
                connection.close()
                # Every worker must be up before load starts, not just the first to answer.
                if len(self.worker_pids()) >= self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"quaestio serve did not answer within 60 s; see {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def worker_pids(self) -> list[int]:
        """The processes under the server's main process (granian's workers)."""
        if self.process is None:
            return []
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        found, frontier = [], [self.process.pid]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent]
            found.extend(children)
            frontier.extend(children)
        return found

    def worker_rss_mb(self) -> dict[int, float]:
        sizes = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = round(int(line.split()[1]) / 1024, 1)
        return sizes


# Requests sent before the timed ones, so that every worker has served the page a few times:
# a worker's first requests compile templates and prepared queries and fill its caches, which
# a server running for hours did long ago.
WARM_UP = 20


def sequential(port: int, request: Request, count: int) -> dict[str, Any]:
    """``count`` requests one after another on one connection, after ``WARM_UP`` untimed ones:
    the server's own time per request (the ``Server-Timing`` header), the time the client saw,
    the size and the status."""
    return sequential_interleaved([(port, request)], count)[0]


def sequential_interleaved(targets: list[tuple[int, Request]], count: int) -> list[dict[str, Any]]:
    """``sequential`` for several servers and requests at once, taking turns request by
    request, each on its own connection: figures meant to be compared (the same page on two
    sites) are then taken in the same moments, which a machine whose speed moves by a fifth
    within minutes does not allow one after the other."""
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for port, _request in targets]
    for connection, (_port, request) in zip(connections, targets, strict=True):
        for _ in range(WARM_UP):
            connection.request(
                request.method, request.path, body=request.body or None, headers=request.headers
            )
            connection.getresponse().read()
    server: list[list[float]] = [[] for _ in targets]
    client: list[list[float]] = [[] for _ in targets]
    sizes, statuses = [0] * len(targets), [set[int]() for _ in targets]
    for _ in range(count):
        for turn, (connection, (_port, request)) in enumerate(zip(connections, targets, strict=True)):
            started = time.perf_counter()
            connection.request(
                request.method, request.path, body=request.body or None, headers=request.headers
            )
            response = connection.getresponse()
            body = response.read()
            client[turn].append((time.perf_counter() - started) * 1000)
            statuses[turn].add(response.status)
            sizes[turn] = len(body)
            timing = response.getheader("Server-Timing", "")
            if "dur=" in timing:
                server[turn].append(float(timing.split("dur=", 1)[1]))
    for connection in connections:
        connection.close()
    return [
        {
            "server_p50_ms": round(statistics.median(server[turn]), 3) if server[turn] else None,
            "server_p99_ms": round(percentile(server[turn], 0.99), 3) if server[turn] else None,
            "client_p50_ms": round(statistics.median(client[turn]), 3),
            "bytes": sizes[turn],
            "statuses": sorted(statuses[turn]),
        }
        for turn in range(len(targets))
    ]


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk(
    port: int,
    requests_file: Path,
    *,
    seconds: int,
    connections: int = 8,
    threads: int = 1,
    limit: int = 0,
) -> dict[str, Any]:
    """One wrk run replaying ``requests_file``; requests/s and latency percentiles in ms."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        str(requests_file),
        str(threads),
    ]
    if limit:
        command.append(str(math.ceil(limit / threads)))
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    line = next((text for text in done.stdout.splitlines() if text.startswith('{"requests"')), None)
    if line is None:
        raise SystemExit(f"wrk gave no result: {done.stdout[-500:]} {done.stderr[-500:]}")
    raw = json.loads(line)
    seconds_taken = raw["duration_us"] / 1e6
    return {
        "tool": "wrk",
        "command": " ".join(command),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_taken, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 3),
        "p90_ms": round(raw["p90_us"] / 1000, 3),
        "p99_ms": round(raw["p99_us"] / 1000, 3),
        "errors": {name: count for name, count in raw["errors"].items() if count},
        "connections": connections,
    }


def python_load(
    port: int, requests_file: Path, *, seconds: int, connections: int = 8, limit: int = 0
) -> dict[str, Any]:
    """The fallback when wrk is missing: threads on keep-alive connections (slower than wrk, so
    its requests/s understate the server; compare only with figures made the same way)."""
    requests = read_requests(requests_file)
    latencies: list[float] = []
    errors = {"status": 0, "io": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(limit or 10**12))

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        index = offset
        while time.monotonic() < deadline:
            if next(counter, None) is None:
                return
            request = requests[index % len(requests)]
            index += connections
            started = time.perf_counter()
            try:
                connection.request(
                    request.method, request.path, body=request.body or None, headers=request.headers
                )
                response = connection.getresponse()
                response.read()
            except OSError:
                with lock:
                    errors["io"] += 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status >= 400:
                    errors["status"] += 1

    started = time.monotonic()
    workers = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    took = time.monotonic() - started
    return {
        "tool": "python",
        "command": f"bench.load.python_load connections={connections} seconds={seconds}",
        "requests": len(latencies),
        "rps": round(len(latencies) / took, 1),
        "p50_ms": round(statistics.median(latencies), 3) if latencies else None,
        "p90_ms": round(percentile(latencies, 0.90), 3) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 3) if latencies else None,
        "errors": {name: count for name, count in errors.items() if count},
        "connections": connections,
    }


def load(
    port: int, requests_file: Path, *, seconds: int, connections: int = 8, limit: int = 0
) -> dict[str, Any]:
    if wrk_available():
        return wrk(port, requests_file, seconds=seconds, connections=connections, limit=limit)
    return python_load(port, requests_file, seconds=seconds, connections=connections, limit=limit)


def mixed_requests(
    server: Server, requests: list[Request], total: int, marks: tuple[int, ...]
) -> dict[int, Any]:
    """``total`` requests cycling through ``requests`` on two connections; the workers' RSS
    (MB) is read after each count in ``marks``."""
    readings: dict[int, Any] = {}
    sent = 0
    lock = threading.Lock()
    statuses: dict[int, int] = {}

    def worker(offset: int, count: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        for index in range(count):
            request = requests[(offset + 2 * index) % len(requests)]
            connection.request(
                request.method, request.path, body=request.body or None, headers=request.headers
            )
            response = connection.getresponse()
            response.read()
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1

    previous = 0
    for mark in marks:
        step = mark - previous
        threads = [
            threading.Thread(target=worker, args=(sent + n, step // 2 + (n < step % 2))) for n in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sent += step
        previous = mark
        readings[mark] = server.worker_rss_mb()
    readings[0] = statuses
    return readings
