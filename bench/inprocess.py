"""The in-process half of ``make bench``: runs inside Django against one benchmark database.

    DJANGO_SETTINGS_MODULE=bench.settings QUAESTIO_DATABASE_URL=… \\
        python -m bench.inprocess MANIFEST OUT_DIR

It resolves the pages to measure (URLs with slugs, the deep pages and the pager links that
lead to them), signs in readers and writers by creating their sessions directly (no password
round trips), and measures each page through Django's test client: time per request and the
SQL queries it issues
(``CaptureQueriesContext``). Anonymous pages are measured twice, served from the page cache as
a visitor gets them and rendered with the cache off. It writes ``inprocess.json`` and the
request files the load generator replays (``requests/*.tsv``: method, path, headers, body).
"""

from __future__ import annotations

import html
import json
import math
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.middleware.csrf import CSRF_ALLOWED_CHARS  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from quaestio.accounts.models import User  # noqa: E402
from quaestio.accounts.queries import USERS_PER_PAGE  # noqa: E402
from quaestio.lib.pagination import DEFAULT_PAGE_SIZE  # noqa: E402
from quaestio.posts.lists import TAGS_PAGE_SIZE  # noqa: E402
from quaestio.posts.models import Post, PostTag, Tag  # noqa: E402

DEEP_PAGE = 1000
READERS = 20
TIMED_RUNS = 30
WRITES = {"ask": 300, "answer": 300, "vote": 1000}
VOTES_PER_WRITER = 30  # under the 40 a day a user may cast on questions


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


def sign_in(user: User) -> dict[str, str]:
    """A session for ``user`` created directly in the session store, and a CSRF secret: the
    cookies and header a signed-in browser sends."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = get_random_string(32, CSRF_ALLOWED_CHARS)
    assert session.session_key is not None
    return {"user": str(user.pk), "session": session.session_key, "csrf": csrf}


def cookie_header(identity: dict[str, str]) -> str:
    session, csrf = settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME
    return f"{session}={identity['session']}; {csrf}={identity['csrf']}"


def new_client() -> Client:
    # The host the server is reached at, so ALLOWED_HOSTS holds for both.
    return Client(SERVER_NAME="127.0.0.1")


def deep_page(rows: int, size: int) -> int:
    """The deep page measured in a list of ``rows``: page ``DEEP_PAGE``, or the middle page of a
    shorter list (the page farthest from both ends, which a page reached by number counts from)."""
    return max(1, min(DEEP_PAGE, math.ceil(math.ceil(rows / size) / 2)))


def through_the_pager(path: str, number: int) -> str:
    """The URL of page ``number`` as a reader following the pager gets it: the "Next" link of
    the page before, which carries a cursor once it is away from both ends of the list."""
    if number == 1:
        return path
    before = f"{path}&page={number - 1}"
    page = new_client().get(before)
    found = re.search(r'href="([^"]+)" rel="next"', page.content.decode())
    if page.status_code != 200 or found is None:
        raise SystemExit(f"{before} has no link to page {number}")
    # The users list links relatively ("?tab=…&page=…").
    return urljoin(path, html.unescape(found.group(1)))


def scenarios(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The pages measured: (name, path, viewer), viewer ``anon`` or ``user``.

    Each list is measured on its first page and on a deep one, reached twice: through the
    pager (the page before's "Next" link, with its cursor: what a reader following the pager
    gets) and by its number alone (``?page=N``, as typed or linked from elsewhere).
    """
    questions = Post.objects.filter(post_type=1, deletion_date__isnull=True).count()
    deep = deep_page(questions, DEFAULT_PAGE_SIZE)
    tag_name = manifest["top_tag"]
    tagged = PostTag.objects.filter(tag__name=tag_name, deletion_date__isnull=True).count()
    tag_deep = deep_page(tagged, DEFAULT_PAGE_SIZE)
    tags_deep = deep_page(Tag.objects.count(), TAGS_PAGE_SIZE)
    users_deep = deep_page(User.objects.filter(is_active=True).count(), USERS_PER_PAGE)
    seed_like = Post.objects.get(pk=manifest["seed_like_question"]).get_absolute_url()
    fifty = Post.objects.get(pk=manifest["fifty_question"]).get_absolute_url()
    profile = User.objects.get(pk=manifest["profile_user"]).get_absolute_url()
    both, user = ("anon", "user"), ("user",)
    newest, score = "/questions?tab=Newest", "/questions?tab=Score"
    tag = f"/questions/tagged/{tag_name}?tab=Newest"
    pages = [
        ("question: seed-like (9 answers, 40 comments)", seed_like, both),
        ("question: 50 answers", fifty, both),
        ("list: newest, page 1", newest, both),
        (f"list: newest (pager), page {deep}", through_the_pager(newest, deep), both),
        (f"list: newest (by number), page {deep}", f"{newest}&page={deep}", both),
        ("list: active, page 1", "/questions?tab=Active", user),
        ("list: score, page 1", score, user),
        (f"list: score (pager), page {deep}", through_the_pager(score, deep), user),
        (f"list: score (by number), page {deep}", f"{score}&page={deep}", user),
        ("list: unanswered, page 1", "/questions?tab=Unanswered", user),
        (f"tag page: {tag_name}, page 1", tag, both),
        (f"tag page: {tag_name} (pager), page {tag_deep}", through_the_pager(tag, tag_deep), both),
        (f"tag page: {tag_name} (by number), page {tag_deep}", f"{tag}&page={tag_deep}", user),
        ("tags: popular, page 1", "/tags?tab=popular", both),
        (f"tags: popular (pager), page {tags_deep}", through_the_pager("/tags?tab=popular", tags_deep), user),
        ("list: users, page 1", "/users?tab=reputation", both),
        (
            f"list: users (pager), page {users_deep}",
            through_the_pager("/users?tab=reputation", users_deep),
            user,
        ),
        (f"list: users (by number), page {users_deep}", f"/users?tab=reputation&page={users_deep}", user),
        ("list: user profile (most posts)", profile, both),
    ]
    return [
        {"name": name, "path": path, "viewer": viewer} for name, path, viewers in pages for viewer in viewers
    ]


def timed(client: Client, path: str, runs: int = TIMED_RUNS) -> dict[str, Any]:
    """Warm up, time ``runs`` requests, then count one request's queries."""
    for _ in range(3):
        client.get(path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(percentile(times, 0.99), 3),
        "queries": len(queries),
        "query_sql": [query["sql"][:300] for query in queries.captured_queries],
    }


def measure_pages(pages: list[dict[str, Any]], reader: dict[str, str]) -> None:
    for page in pages:
        if page["viewer"] == "anon":
            page["inprocess"] = timed(new_client(), page["path"])
            # A client made while the cache is off builds its middleware then, so it stays off.
            with override_settings(PAGE_CACHE=False):
                uncached = new_client()
                page["inprocess_uncached"] = timed(uncached, page["path"])
        else:
            client = new_client()
            client.cookies[settings.SESSION_COOKIE_NAME] = reader["session"]
            page["inprocess"] = timed(client, page["path"])


def write_body(kind: str, serial: int, tags: list[str]) -> dict[str, str]:
    text = (
        f"Benchmark write number {serial}: this body is long enough to pass the thirty character "
        "minimum, and it has `code` and a [link](https://example.org) so it renders like a post."
    )
    if kind == "ask":
        return {
            "title": f"Benchmark question {serial} about {tags[0]} and caches",
            "body": text,
            "tags": " ".join(tags),
        }
    return {"body": text}


def plan_writes(
    manifest: dict[str, Any], writers: list[dict[str, str]], tags: list[str]
) -> dict[str, list[tuple[dict[str, str], str, dict[str, str]]]]:
    """(identity, path, form) for every write: asks and answers cycle through the writers;
    votes pair each writer with distinct questions that are not theirs, within the daily quota."""
    open_questions: list[list[int]] = manifest["open_questions"]
    plans: dict[str, list[tuple[dict[str, str], str, dict[str, str]]]] = {"ask": [], "answer": [], "vote": []}
    for serial in range(WRITES["ask"]):
        who = writers[serial % len(writers)]
        plans["ask"].append((who, "/questions/ask", write_body("ask", serial, tags[serial % 5 :][:3])))
    for serial in range(WRITES["answer"]):
        who = writers[serial % len(writers)]
        question = next(
            q for q, owner in open_questions[serial % len(open_questions) :] if str(owner) != who["user"]
        )
        plans["answer"].append((who, f"/questions/{question}/answer", write_body("answer", serial, tags)))
    cursor = 0
    for who in writers:
        given = 0
        for offset in range(len(open_questions)):
            question, owner = open_questions[(cursor + offset) % len(open_questions)]
            if str(owner) == who["user"]:
                continue
            plans["vote"].append((who, f"/posts/{question}/vote/2", {}))
            given += 1
            if given == VOTES_PER_WRITER or len(plans["vote"]) >= WRITES["vote"]:
                break
        cursor += VOTES_PER_WRITER
        if len(plans["vote"]) >= WRITES["vote"]:
            break
    return plans


def write_request_file(path: Path, lines: list[tuple[str, str, list[str], str]]) -> None:
    with path.open("w") as out:
        for method, target, headers, body in lines:
            out.write("\t".join((method, target, "|".join(headers), body)) + "\n")


def measure_writes(plans: dict[str, list[tuple[dict[str, str], str, dict[str, str]]]]) -> dict[str, Any]:
    """Each kind of write through the test client: time and queries of a few real writes, by
    identities kept apart from the ones the load generator uses."""
    results: dict[str, Any] = {}
    for kind, planned in plans.items():
        sample = planned[-12:]
        times = []
        counted = 0
        statuses = []
        for who, path, form in sample:
            client = new_client()
            client.cookies[settings.SESSION_COOKIE_NAME] = who["session"]
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.post(path, form, HTTP_ACCEPT="application/json")
                times.append((time.perf_counter() - started) * 1000)
            counted = len(queries)
            statuses.append(response.status_code)
        del planned[-12:]
        results[kind] = {
            "p50_ms": round(statistics.median(times), 3),
            "p99_ms": round(percentile(times, 0.99), 3),
            "queries": counted,
            "statuses": sorted(set(statuses)),
        }
    return results


def main(argv: list[str]) -> None:
    manifest = json.loads(Path(argv[0]).read_text())
    out = Path(argv[1])
    (out / "requests").mkdir(parents=True, exist_ok=True)
    writer_ids = [int(user) for user in manifest["writers"]]
    users = {user.pk: user for user in User.objects.filter(pk__in=writer_ids, is_active=True)}
    identities = [sign_in(users[user]) for user in writer_ids if user in users]
    if len(identities) < READERS + 10:
        raise SystemExit(f"only {len(identities)} writers found in the database; the import looks incomplete")
    readers, writers = identities[:READERS], identities[READERS:]
    pages = scenarios(manifest)
    measure_pages(pages, readers[0])
    tags = list(Tag.objects.order_by("-count").values_list("name", flat=True)[:10])
    plans = plan_writes(manifest, writers, tags)
    write_results = measure_writes(plans)
    requests: dict[str, str] = {}
    for index, page in enumerate(pages):
        file = out / "requests" / f"page-{index}.tsv"
        if page["viewer"] == "anon":
            write_request_file(file, [("GET", page["path"], [], "")])
        else:
            write_request_file(
                file, [("GET", page["path"], [f"Cookie: {cookie_header(reader)}"], "") for reader in readers]
            )
        page["requests"] = str(file)
    for kind, planned in plans.items():
        file = out / "requests" / f"write-{kind}.tsv"
        lines = [
            (
                "POST",
                path,
                [
                    f"Cookie: {cookie_header(who)}",
                    f"X-CSRFToken: {who['csrf']}",
                    "Accept: application/json",
                    "Content-Type: application/x-www-form-urlencoded",
                ],
                urlencode(form),
            )
            for who, path, form in planned
        ]
        write_request_file(file, lines)
        requests[kind] = str(file)
    result = {
        "pages": pages,
        "writes": {
            kind: {**write_results[kind], "requests": requests[kind], "count": len(plans[kind])}
            for kind in plans
        },
        "reader_cookies": [cookie_header(reader) for reader in readers],
    }
    (out / "inprocess.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
