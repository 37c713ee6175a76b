"""``make bench``: measure the product on the benchmark sites and write the results.

    python -m bench.run [--posts 10000 --posts 1000000] [--seconds 6] [--quick]

For each size that ``make bench-data`` has imported (sizes not imported are skipped with a
note), on a throwaway copy of its database (writes must not change the cached site):

1. in process (bench.inprocess, Django's test client): time per request and SQL queries of
   every page, anonymous (from the page cache and rendered) and logged in; the same for the
   ask, answer and vote writes;
2. through the real server (``quaestio serve``, granian, all workers, the benchmark's settings:
   the product's plus a Server-Timing header and the ceiling view), one per size, side by
   side: sequential passes that read the server's own time per request (three rounds over
   every page, each page's figure the median of its rounds; within a round the sizes take
   turns request by request, so that their comparison is made in the same moments), then, one
   size at a time, wrk from 127.0.0.1 for requests/s, p50 and p99; the same for the ceiling
   view returning as many bytes; the writes replayed by signed-in users;
3. memory: a fresh server, 10,000 mixed requests, the workers' RSS after the first 1,000, after
   9,000 and after 10,000;
4. import: the figures ``make bench-data`` recorded (bench/data/<posts>/import-<db>.json).

Results go to ``bench/results/<date>-<db>.json`` with the commit and the command of every figure,
and a table to stdout with the targets of issue 5. docs/performance.md explains how to read them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.generate import MANIFEST, folder
from bench.load import (
    Request,
    Server,
    load,
    mixed_requests,
    python_load,
    read_requests,
    sequential,
    sequential_interleaved,
    wrk_available,
)
from bench.prepare import Database, database_for, drop_and_create, import_report_path, site_env

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
# Wide enough for the table when stdout is a file or a pipe (rich would fold it to 80 columns).
console = Console() if sys.stdout.isatty() else Console(width=220)
err = Console(stderr=True)

WORKERS = os.cpu_count() or 2
SEQUENTIAL_RUNS = 50
# Sequential passes over every page, a page's figure being their median.
SEQUENTIAL_ROUNDS = 3
MEMORY_REQUESTS = 10_000

# Issue 5's targets, checked against the figures of the largest size run.
TARGETS = {
    "question_user_server_p50_ms": 5.0,
    "question_anon_server_p50_ms": 1.0,
    "list_server_p50_ms": 10.0,
    "queries_per_page": 10,
    "question_anon_ceiling_ratio": 0.30,
    "question_user_ceiling_ratio": 0.10,
    "size_growth": 1.20,
    "worker_rss_mb": 150.0,
}


def median_of_passes(passes: list[dict[str, Any]]) -> dict[str, Any]:
    """One page's sequential figures from several passes: the median of each figure, with
    every pass's server p50 kept beside it."""
    combined = dict(passes[-1])
    for name in ("server_p50_ms", "server_p99_ms", "client_p50_ms"):
        values = [found[name] for found in passes if found[name] is not None]
        combined[name] = round(statistics.median(values), 3) if values else None
    combined["passes_server_p50_ms"] = [found["server_p50_ms"] for found in passes]
    return combined


def git_head() -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()


def working_copy(posts: int, database: Database) -> Database:
    """A copy of the imported site to measure and write to, so the cached site stays as
    imported and every run starts from the same data."""
    if database.kind == "postgresql":
        copy = Database(
            kind="postgresql",
            url=database.url.rsplit("/", 1)[0] + f"/{database.name}_run",
            admin_url=database.admin_url,
            name=f"{database.name}_run",
        )
        drop_and_create(copy, template=database.name)
        return copy
    source = Path(database.name)
    target = folder(posts) / "run.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
        if Path(str(source) + suffix).exists() and suffix != "-shm":
            shutil.copyfile(str(source) + suffix, str(target) + suffix)
    return Database(kind="sqlite", url=f"sqlite:///{target}", name=str(target))


@dataclass
class Site:
    """One size under measurement: its working copy, the environment its server runs with, its
    in-process figures and, while the servers run, its server."""

    posts: int
    database: Database
    copy: Database
    env: dict[str, str]
    out: Path
    work: Path
    import_report: Path
    measured: dict[str, Any]
    server: Server | None = None


def prepare_site(posts: int) -> Site | None:
    """A working copy of one size's site and its in-process figures; None if not imported."""
    out = folder(posts)
    database = database_for(posts)
    import_report = import_report_path(posts, database.kind)
    if not import_report.exists():
        err.print(f"[yellow]{posts:,} posts: not imported into {database.kind}; run make bench-data first.")
        return None
    err.print(f"[bold]{posts:,} posts on {database.kind}[/bold]: copying the database …")
    copy = working_copy(posts, database)
    # Every size starts from an empty cache (the site's cache file is in its data folder), so
    # what earlier runs left in it does not weigh on one size and not the other.
    for suffix in ("", "-wal", "-shm"):
        (out / f"quaestio-cache.sqlite3{suffix}").unlink(missing_ok=True)
    env = {**site_env(copy, out), "DJANGO_SETTINGS_MODULE": "bench.settings"}
    work = out / "run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    # The pages name their static files by hashed names from the manifest that
    # ``quaestio serve`` would write on start; the in-process half runs before any server.
    quaestio = str(Path(sys.executable).parent / "quaestio")
    subprocess.run([quaestio, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=REPO)
    err.print("in process: timings and query counts through the test client …")
    inprocess_command = [sys.executable, "-m", "bench.inprocess", str(out / MANIFEST), str(work)]
    subprocess.run(inprocess_command, env=env, check=True, cwd=REPO)
    measured = json.loads((work / "inprocess.json").read_text())
    return Site(posts, database, copy, env, out, work, import_report, measured)


def sequential_figures(sites: list[Site]) -> None:
    """Every page's sequential figures, on all sizes' servers at once (``Site.server``).

    The passes run in rounds over every page, and a page's figure is the median of its rounds,
    taken minutes apart, so that a moment of background work (the other worker, the database's
    own housekeeping) does not decide it. Within a pass the same page on every size takes turns
    request by request (``sequential_interleaved``): the comparison between sizes is then made
    in the same moments, on a machine whose speed moves by a fifth within minutes."""
    passes: dict[tuple[int, int], list[dict[str, Any]]] = {}
    pages = max(len(site.measured["pages"]) for site in sites)
    for round_number in range(1, SEQUENTIAL_ROUNDS + 1):
        err.print(
            f"server: sequential pass {round_number} of {SEQUENTIAL_ROUNDS} over every page, sizes in turn …"
        )
        for index in range(pages):
            taking_part = [site for site in sites if index < len(site.measured["pages"])]
            targets = []
            for site in taking_part:
                assert site.server is not None
                first = read_requests(Path(site.measured["pages"][index]["requests"]))[0]
                targets.append((site.server.port, first))
            for site, found in zip(
                taking_part, sequential_interleaved(targets, SEQUENTIAL_RUNS), strict=True
            ):
                passes.setdefault((site.posts, index), []).append(found)
    for site in sites:
        for index, page in enumerate(site.measured["pages"]):
            page["sequential"] = median_of_passes(passes[(site.posts, index)])


def load_figures(site: Site, seconds: int) -> None:
    """wrk against every page and the ceiling of its size, and the writes, on ``site.server``."""
    server = site.server
    assert server is not None
    err.print(f"[bold]{site.posts:,} posts[/bold]: load …")
    ceilings: dict[int, dict[str, Any]] = {}
    for page in site.measured["pages"]:
        err.print(f"server: {page['viewer']:4} {page['name']} …")
        requests_file = Path(page["requests"])
        page["load"] = load(server.port, requests_file, seconds=seconds)
        size = page["sequential"]["bytes"]
        bucket = round(size, -3)
        if bucket not in ceilings:
            ceiling_file = site.work / "requests" / f"ceiling-{size}.tsv"
            ceiling_file.write_text(f"GET\t/__bench__/ceiling?bytes={size}\t\t\n")
            ceilings[bucket] = {
                "bytes": size,
                "sequential": sequential(server.port, read_requests(ceiling_file)[0], SEQUENTIAL_RUNS),
                "load": load(server.port, ceiling_file, seconds=seconds),
            }
        page["ceiling"] = ceilings[bucket]
        page["ceiling_ratio"] = round(page["load"]["rps"] / ceilings[bucket]["load"]["rps"], 3)
    for kind, write in site.measured["writes"].items():
        err.print(f"server: {write['count']} {kind} writes by signed-in users …")
        # A wrk thread that stops early still reports the whole -d duration, which would
        # understate req/s for a fixed count of writes; the Python generator times the count.
        write["load"] = python_load(
            server.port,
            Path(write["requests"]),
            seconds=max(120, seconds),
            connections=4,
            limit=write["count"],
        )


def memory_figures(site: Site, memory_requests: int) -> dict[str, Any]:
    """A fresh server's workers' resident memory over ``memory_requests`` mixed requests."""
    err.print(
        f"[bold]{site.posts:,} posts[/bold] memory: a fresh server, {memory_requests:,} mixed requests …"
    )
    mixed: list[Request] = []
    for page in site.measured["pages"]:
        mixed.extend(read_requests(Path(page["requests"]))[:2])
    server = Server(env=site.env, workers=WORKERS, log=site.work / "serve-memory.log")
    server.start()
    try:
        started_rss = server.worker_rss_mb()
        readings = mixed_requests(
            server, mixed, memory_requests, (1000, memory_requests - 1000, memory_requests)
        )
    finally:
        server.stop()
    first, before_last, last = readings[1000], readings[memory_requests - 1000], readings[memory_requests]
    return {
        "requests": memory_requests,
        "statuses": readings[0],
        "rss_mb_at_start": started_rss,
        "rss_mb_after_1000": first,
        f"rss_mb_after_{memory_requests - 1000}": before_last,
        f"rss_mb_after_{memory_requests}": last,
        "max_worker_rss_mb": max(last.values(), default=0.0),
        "growth_mb_over_run": round(max(last.values(), default=0) - max(first.values(), default=0), 1),
        "growth_mb_last_1000": round(max(last.values(), default=0) - max(before_last.values(), default=0), 1),
    }


def run_sites(sites: list[Site], seconds: int, commit: str, memory_requests: int) -> list[dict[str, Any]]:
    """The server figures of every size (their servers run side by side for the sequential
    passes, then take the load one size at a time), then each size's memory."""
    for site in sites:
        site.server = Server(env=site.env, workers=WORKERS, log=site.work / "serve.log")
    try:
        for site in sites:
            assert site.server is not None
            site.server.start()
        sequential_figures(sites)
        for site in sites:
            load_figures(site, seconds)
    finally:
        for site in sites:
            if site.server is not None:
                site.server.stop()
    results = []
    for site in sites:
        memory = memory_figures(site, memory_requests)
        assert site.server is not None
        if site.copy.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(site.copy.name + suffix).unlink(missing_ok=True)
        results.append(
            {
                "posts": site.posts,
                "database": site.database.kind,
                "commit": commit,
                "inprocess_command": " ".join(
                    ["python", "-m", "bench.inprocess", str(site.out / MANIFEST), str(site.work)]
                ),
                "server_command": " ".join(["DJANGO_SETTINGS_MODULE=bench.settings", *site.server.command]),
                "workers": WORKERS,
                "pages": site.measured["pages"],
                "writes": site.measured["writes"],
                "memory": memory,
                "import": json.loads(site.import_report.read_text()),
            }
        )
    return results


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def print_tables(sizes: list[dict[str, Any]]) -> None:
    for site in sizes:
        table = Table(
            title=(
                f"{site['posts']:,} posts · {site['database']} · {site['workers']} workers · "
                f"{site['commit'][:10]}"
            ),
            title_justify="left",
        )
        for column in (
            "page",
            "who",
            "KB",
            "queries",
            "in-proc p50 ms",
            "uncached p50 ms",
            "server p50 ms",
            "server p99 ms",
            "load p50 ms",
            "load p99 ms",
            "req/s",
            "ceiling req/s",
            "ratio",
        ):
            table.add_column(column, justify="left" if column in ("page", "who") else "right")
        for page in site["pages"]:
            table.add_row(
                page["name"],
                page["viewer"],
                fmt(page["sequential"]["bytes"] / 1000),
                fmt(page["inprocess"]["queries"]),
                fmt(page["inprocess"]["p50_ms"], 2),
                fmt(page.get("inprocess_uncached", {}).get("p50_ms"), 2),
                fmt(page["sequential"]["server_p50_ms"], 2),
                fmt(page["sequential"]["server_p99_ms"], 2),
                fmt(page["load"]["p50_ms"], 2),
                fmt(page["load"]["p99_ms"], 2),
                fmt(page["load"]["rps"], 0),
                fmt(page["ceiling"]["load"]["rps"], 0),
                f"{page['ceiling_ratio']:.0%}",
            )
        for kind, write in site["writes"].items():
            table.add_row(
                f"write: {kind}",
                "user",
                "",
                fmt(write["queries"]),
                fmt(write["p50_ms"], 2),
                "",
                "",
                "",
                fmt(write["load"]["p50_ms"], 2),
                fmt(write["load"]["p99_ms"], 2),
                fmt(write["load"]["rps"], 0),
                "",
                "",
            )
        console.print(table)
        memory, imported = site["memory"], site["import"]
        console.print(
            f"memory: largest worker {memory['max_worker_rss_mb']} MB after {memory['requests']:,} requests; "
            f"growth {memory['growth_mb_over_run']} MB since the first 1,000, "
            f"{memory['growth_mb_last_1000']} MB over the last 1,000"
        )
        console.print(
            f"import: {imported['rows']:,} rows in {imported['seconds']} s "
            f"({imported['rows_per_second']:,} rows/s); lxml alone {imported['lxml_parse_seconds']} s, "
            f"the import takes {imported['import_to_parse_ratio']}× that"
        )


def check_targets(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Issue 5's targets against the largest size, and growth from the smallest to it."""
    if not sizes:
        return []
    big = max(sizes, key=lambda site: site["posts"])
    checks: list[dict[str, Any]] = []

    def add(what: str, value: float | None, target: float, *, at_most: bool = True) -> None:
        ok = value is not None and (value <= target if at_most else value >= target)
        checks.append(
            {"target": what, "value": value, "goal": ("≤ " if at_most else "≥ ") + str(target), "met": ok}
        )

    for page in big["pages"]:
        name, viewer = page["name"], page["viewer"]
        server_p50 = page["sequential"]["server_p50_ms"]
        if name.startswith("question"):
            if viewer == "user":
                add(f"{name}, logged in: server p50 ms", server_p50, TARGETS["question_user_server_p50_ms"])
                add(
                    f"{name}, logged in: share of ceiling",
                    page["ceiling_ratio"],
                    TARGETS["question_user_ceiling_ratio"],
                    at_most=False,
                )
            else:
                add(f"{name}, anonymous: server p50 ms", server_p50, TARGETS["question_anon_server_p50_ms"])
                add(
                    f"{name}, anonymous: share of ceiling",
                    page["ceiling_ratio"],
                    TARGETS["question_anon_ceiling_ratio"],
                    at_most=False,
                )
        if name.startswith(("list", "tag")) and viewer == "user":
            add(f"{name}, logged in: server p50 ms", server_p50, TARGETS["list_server_p50_ms"])
        add(f"{name}, {viewer}: queries", page["inprocess"]["queries"], TARGETS["queries_per_page"])
    add("worker RSS MB after 10,000 requests", big["memory"]["max_worker_rss_mb"], TARGETS["worker_rss_mb"])
    small = min(sizes, key=lambda site: site["posts"])
    if small is not big:
        by_key = {(page["name"].split(", page")[0], page["viewer"]): page for page in small["pages"]}
        for page in big["pages"]:
            before = by_key.get((page["name"].split(", page")[0], page["viewer"]))
            if before and before["sequential"]["server_p50_ms"]:
                growth = page["sequential"]["server_p50_ms"] / before["sequential"]["server_p50_ms"]
                add(
                    f"{page['name']}, {page['viewer']}: server p50 "
                    f"at {big['posts']:,} / at {small['posts']:,}",
                    round(growth, 2),
                    TARGETS["size_growth"],
                )
    return checks


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Run the benchmarks on the imported sites.")
    parser.add_argument("--posts", type=int, action="append", help="site size; repeat for several")
    parser.add_argument("--seconds", type=int, default=6, help="seconds of load per figure (default 6)")
    parser.add_argument(
        "--memory-requests", type=int, default=MEMORY_REQUESTS, help="mixed requests for the memory figure"
    )
    args = parser.parse_args(argv)
    if args.memory_requests < 3000:
        parser.error("--memory-requests must be at least 3000 (first and last thousand are compared)")
    commit = git_head()
    started = datetime.now(UTC)
    sites = [site for posts in sorted(args.posts or [10_000, 1_000_000]) if (site := prepare_site(posts))]
    if not sites:
        raise SystemExit("nothing to measure: run make bench-data first")
    sizes = run_sites(sites, args.seconds, commit, args.memory_requests)
    checks = check_targets(sizes)
    database = sizes[0]["database"]
    result = {
        "commit": commit,
        "dirty": bool(
            subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
        ),
        "command": " ".join(["python", "-m", "bench.run", *argv]),
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_end": os.getloadavg(),
            "load_generator": "wrk" if wrk_available() else "python",
        },
        "sizes": sizes,
        "targets": checks,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started.strftime('%Y-%m-%dT%H%M')}-{database}.json"
    path.write_text(json.dumps(result, indent=1))
    print_tables(sizes)
    table = Table(title="Targets (issue 5)", title_justify="left")
    for column in ("target", "value", "goal", "met"):
        table.add_column(column)
    for check in checks:
        table.add_row(
            check["target"], fmt(check["value"], 2), check["goal"], "yes" if check["met"] else "[red]no"
        )
    console.print(table)
    console.print(
        f"results: {path.relative_to(REPO)} (commit {commit[:10]}, load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
