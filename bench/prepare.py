"""Generate the benchmark sites and import them: what ``make bench-data`` runs.

    python -m bench.prepare --posts 1000000 [--posts 10000]

For each size: the dump is generated once under ``bench/data/<posts>/`` (see bench.generate),
then imported with ``quaestio import-dump <folder> --quiet`` into a fresh database of its own:
``bench/data/<posts>/quaestio.sqlite3`` by default or, when QUAESTIO_DATABASE_URL names a
PostgreSQL server, a database ``<name>_bench_<posts>`` created next to the one it names (the
named database itself is never touched). The import is timed, and in the same run a bare lxml
parse of the same files, so the report can say how far the importer is from the parse floor;
both go to ``bench/data/<posts>/import-<db>.json``, which ``make bench`` folds into its results,
with rows/s per file (the importer's own per-file times and lxml's), where the time after the
rows went (indexes, derived data) and the import's peak memory (resident set of the importing
process and its reading child, sampled together). An import already done for the same generated
data is not redone unless ``--reimport`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from rich.console import Console

from bench.check_data import parse_seconds
from bench.generate import DATA_ROOT, STAMP, folder, generate

REPO = Path(__file__).resolve().parent.parent
QUAESTIO = REPO / ".venv" / "bin" / "quaestio"
console = Console(stderr=True)


@dataclass(frozen=True)
class Database:
    """Where one size's site lives, and how to name it in results."""

    kind: str  # "sqlite" or "postgresql"
    url: str
    # The PostgreSQL server's maintenance URL, to create and drop bench databases.
    admin_url: str = ""
    name: str = ""


def database_for(posts: int) -> Database:
    """The database one size is imported into, from QUAESTIO_DATABASE_URL (SQLite when unset)."""
    configured = os.environ.get("QUAESTIO_DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(configured)
        base = parts.path.lstrip("/") or "postgres"
        name = f"{base}_bench_{posts}"
        return Database(
            kind="postgresql",
            url=urlunsplit(parts._replace(path=f"/{name}")),
            admin_url=urlunsplit(parts._replace(path="/postgres")),
            name=name,
        )
    path = folder(posts) / "quaestio.sqlite3"
    return Database(kind="sqlite", url=f"sqlite:///{path}", name=str(path))


def site_env(database: Database, data_dir: Path) -> dict[str, str]:
    """The environment quaestio runs with against a bench database."""
    return {
        **os.environ,
        "QUAESTIO_DATABASE_URL": database.url,
        # The secret key and static folder of a bench site stay in its data folder.
        "QUAESTIO_DATA_DIR": str(data_dir),
        "QUAESTIO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "QUAESTIO_DEBUG": "0",
        "PYTHONPATH": str(REPO),
    }


def drop_and_create(database: Database, template: str | None = None) -> None:
    """A fresh, empty PostgreSQL database (or a copy of ``template``)."""
    import psycopg

    with psycopg.connect(database.admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{database.name}"{suffix}')


def fresh_database(database: Database) -> None:
    if database.kind == "postgresql":
        drop_and_create(database)
        return
    for suffix in ("", "-wal", "-shm"):
        Path(database.name + suffix).unlink(missing_ok=True)


def import_report_path(posts: int, kind: str) -> Path:
    return folder(posts) / f"import-{kind}.json"


def _proportional_size(process: Any) -> int:
    """A process's proportional set size where the system reports it (Linux), else its RSS."""
    try:
        return int(process.memory_full_info().pss)
    except AttributeError:
        return int(process.memory_info().rss)


def run_measuring_memory(
    command: list[str], env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``command``; returns its result and the peak of the memory of it and its children
    together, in bytes, sampled every 0.2 s: their proportional set sizes (a page shared by
    a forked reader and the loader counted once between them, where resident sizes would count
    it in each), and never less than the largest process's resident peak."""
    import psutil  # type: ignore[import-untyped]

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        watched = psutil.Process(process.pid)
        peak = 0
        while process.poll() is None:
            try:
                tree = [watched, *watched.children(recursive=True)]
                peak = max(peak, sum(_proportional_size(member) for member in tree))
            except psutil.Error:
                pass
            time.sleep(0.2)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())
    # The largest single process, as the kernel counted it (between samples too).
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return done, max(peak, largest)


def import_timings(database: Database) -> dict[str, Any]:
    """The importer's bookkeeping of its last run: seconds and rows per step, and the seconds of
    the work after the rows (index building, derived data)."""
    query = "SELECT name, report FROM dumps_importstep WHERE run_id = (SELECT max(id) FROM dumps_importrun)"
    if database.kind == "postgresql":
        import psycopg

        with psycopg.connect(database.url) as connection:
            rows = [(name, report) for name, report in connection.execute(query)]
    else:
        with sqlite3.connect(database.name) as connection:
            rows = [(name, json.loads(report)) for name, report in connection.execute(query)]
    return dict(rows)


def import_site(posts: int, *, reimport: bool = False) -> dict[str, Any] | None:
    """Import one generated size unless already imported (or ``reimport``); returns the import
    report."""
    out = folder(posts)
    database = database_for(posts)
    report_path = import_report_path(posts, database.kind)
    data_stamp = json.loads((out / STAMP).read_text())
    if report_path.exists() and not reimport:
        report: dict[str, Any] = json.loads(report_path.read_text())
        present = database.kind == "postgresql" or Path(database.name).exists()
        if report.get("data") == data_stamp and present:
            console.print(f"{out}: already imported into {database.kind} ({report['seconds']} s)")
            return report
    env = site_env(database, out)
    if subprocess.run([str(QUAESTIO), "help", "import-dump"], env=env, capture_output=True).returncode:
        console.print("[yellow]quaestio import-dump is not available yet: generated only, not imported.")
        return None
    # An import that was interrupted (the importer is resumable) goes on where it stopped,
    # provided it was importing this very data; anything else starts from an empty database.
    started_marker = out / f"import-{database.kind}.started"
    resuming = (
        not reimport and started_marker.exists() and json.loads(started_marker.read_text()) == data_stamp
    )
    if not resuming:
        fresh_database(database)
        started_marker.write_text(json.dumps(data_stamp))
    console.print(
        f"{out}: migrating the {database.kind} database" + (" (resuming the import)" if resuming else "")
    )
    subprocess.run([str(QUAESTIO), "migrate", "--noinput"], env=env, check=True, capture_output=True)
    command = [str(QUAESTIO), "import-dump", str(out), "--quiet"]
    # The parse is timed before the import and again after it, and the quicker of the two
    # taken: after a PostgreSQL import the server's own housekeeping (autovacuum, checkpoints)
    # shares the cores with the parse, which flattered the ratio by a tenth or more.
    console.print(f"{out}: lxml-only parse of the same files, before the import …")
    parse_cpu_started = time.process_time()
    parsed_before = parse_seconds(out)
    parse_cpu_before = time.process_time() - parse_cpu_started
    console.print(f"{out}: importing ({' '.join(command[1:])}) …")
    started = time.monotonic()
    load_before = os.getloadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done, peak_rss = run_measuring_memory(command, env)
    seconds = time.monotonic() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Processor time is less at the mercy of other work on the machine than the clock.
    import_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    load_after = os.getloadavg()
    if done.returncode:
        console.print(done.stdout[-2000:], done.stderr[-2000:])
        raise SystemExit(f"import of {out} failed (exit {done.returncode})")
    console.print(f"{out}: lxml-only parse of the same files, after the import …")
    parse_cpu_started = time.process_time()
    parsed_after = parse_seconds(out)
    parse_cpu_after = time.process_time() - parse_cpu_started
    before_total = sum(seconds for _rows, seconds in parsed_before.values())
    after_total = sum(seconds for _rows, seconds in parsed_after.values())
    parsed, parse_cpu = (
        (parsed_before, parse_cpu_before) if before_total <= after_total else (parsed_after, parse_cpu_after)
    )
    parse_total = min(before_total, after_total)
    rows = sum(count for count, _seconds in parsed.values())
    steps = import_timings(database)
    by_file = {
        step["file"]: step for step in (dict(report, file=file_of(name)) for name, report in steps.items())
    }
    # The console wraps the importer's one-line summary at 80 columns when not on a terminal.
    summary = " ".join(done.stdout.split())
    reported_rate = re.search(r"\(([\d,]+) rows/s\)", summary)
    report = {
        "data": data_stamp,
        "database": database.kind,
        "command": " ".join(["quaestio", *command[1:]]),
        "seconds": round(seconds, 1),
        "rows": rows,
        "rows_per_second": round(rows / seconds),
        "importer_rows_per_second": int(reported_rate.group(1).replace(",", "")) if reported_rate else None,
        "importer_summary": summary,
        "lxml_parse_seconds": round(parse_total, 1),
        # Both parses; the quicker is the yardstick (see above).
        "lxml_parse_seconds_before_and_after": [round(before_total, 1), round(after_total, 1)],
        "lxml_parse_per_file": {
            name: {
                "rows": count,
                "seconds": round(secs, 2),
                "rows_per_second": round(count / max(secs, 1e-9)),
            }
            for name, (count, secs) in parsed.items()
        },
        "import_to_parse_ratio": round(seconds / parse_total, 2),
        "import_per_file": {
            name: {
                "rows": by_file[name].get("read", 0),
                "seconds": by_file[name].get("seconds", 0.0),
                "rows_per_second": round(
                    by_file[name].get("read", 0) / max(by_file[name].get("seconds", 0.0), 1e-9)
                ),
            }
            for name in parsed
            if name in by_file
        },
        # After the rows: the indexes set aside during the import, then the derived data.
        "index_seconds": steps.get("indexes", {}).get("seconds"),
        "derived_seconds": steps.get("derived", {}).get("seconds"),
        "peak_rss_mb": round(peak_rss / 2**20),
        # Processor seconds: the importer's (both processes, summed) and the parse's.
        "import_cpu_seconds": round(import_cpu, 1),
        "lxml_parse_cpu_seconds": round(parse_cpu, 1),
        "import_to_parse_cpu_ratio": round(import_cpu / max(parse_cpu, 1e-9), 2),
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in load_after],
        },
        # A resumed import's time covers only the part done in this run.
        "resumed": resuming,
        "commit": subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip(),
    }
    report_path.write_text(json.dumps(report, indent=1))
    started_marker.unlink()
    console.print(
        f"{out}: imported {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s); "
        f"lxml alone parses them in {parse_total:.1f} s: the import takes {seconds / parse_total:.2f}× that; "
        f"peak memory {peak_rss / 2**20:,.0f} MB; load average {load_before[0]:.2f} → {load_after[0]:.2f}; "
        f"processor time {import_cpu:.1f} s, parse {parse_cpu:.1f} s ({report['import_to_parse_cpu_ratio']}×)"
    )
    for name, figures in report["import_per_file"].items():
        parse = report["lxml_parse_per_file"][name]
        console.print(
            f"  {name:16} {figures['rows']:>10,} rows  import {figures['seconds']:8.1f} s "
            f"{figures['rows_per_second']:>9,} rows/s   "
            f"lxml {parse['seconds']:7.1f} s {parse['rows_per_second']:>9,} rows/s"
        )
    console.print(f"  indexes {report['index_seconds']} s; derived data {report['derived_seconds']}")
    return report


# The importer's steps (quaestio/dumps/loader.py STEPS) and the files they read.
STEP_FILES = {
    "users": "Users.xml",
    "posts": "Posts.xml",
    "tags": "Tags.xml",
    "comments": "Comments.xml",
    "votes": "Votes.xml",
    "badges": "Badges.xml",
    "posthistory": "PostHistory.xml",
    "postlinks": "PostLinks.xml",
}


def file_of(step: str) -> str:
    """The dump file a step of the importer reads (its own name for the other bookkeeping)."""
    return STEP_FILES.get(step, step)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Generate and import the benchmark sites.")
    parser.add_argument("--posts", type=int, action="append", help="site size; repeat for several")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-import", action="store_true", help="generate only")
    parser.add_argument("--reimport", action="store_true", help="import again even if already imported")
    args = parser.parse_args(argv)
    for posts in args.posts or [1_000_000]:
        generate(posts, args.seed, root=DATA_ROOT)
        if not args.no_import:
            import_site(posts, reimport=args.reimport)


if __name__ == "__main__":
    main(sys.argv[1:])
