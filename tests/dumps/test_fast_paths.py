"""What the importer does to be fast changes nothing it gives: Posts.xml read once with answers
that come before their question set aside until the end, rows read by a child process or in
this one, and indexes set aside during a fresh import are put back exactly as the migrations
made them, also when an import stops anywhere and is run again."""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing
import os
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

from quaestio.accounts.models import ReputationEvent, User
from quaestio.dumps import loader, reader, recount
from quaestio.dumps.idset import IdSet
from quaestio.dumps.inserter import Inserter, adapt_datetime
from quaestio.dumps.loader import INDEXED_LATER, import_dump
from quaestio.dumps.reader import RowPlan
from quaestio.dumps.schema import COMMENTS as COMMENTS_TABLE
from quaestio.dumps.schema import VOTES as VOTES_TABLE
from quaestio.dumps.sources import resolve_source
from quaestio.posts.models import Comment, Post, PostHistory, PostHistoryType, PostTag, Tag, Vote
from tests.dumps.conftest import write_dump
from tests.posts.factories import ago, make_question

pytestmark = pytest.mark.django_db

DATE = 'CreationDate="2020-01-02T03:04:05.678" LastActivityDate="2020-01-03T03:04:05.678"'
USERS = [
    'Id="5" Reputation="101" CreationDate="2020-01-02T03:04:05.678" DisplayName="Ann" '
    'LastAccessDate="2020-02-02T03:04:05.678" Views="3" UpVotes="1" DownVotes="0"',
]


def question(post_id: int, accepted: int | None = None) -> str:
    accepts = f' AcceptedAnswerId="{accepted}"' if accepted else ""
    return (
        f'Id="{post_id}" PostTypeId="1"{accepts} {DATE} Score="1" ViewCount="3" Body="&lt;p&gt;Q&lt;/p&gt;" '
        f'OwnerUserId="5" Title="Question {post_id}" Tags="&lt;t{post_id % 3}&gt;" AnswerCount="1" '
        'CommentCount="0"'
    )


def answer(post_id: int, parent: int) -> str:
    return (
        f'Id="{post_id}" PostTypeId="2" ParentId="{parent}" {DATE} Score="2" Body="&lt;p&gt;A&lt;/p&gt;" '
        'OwnerUserId="5" CommentCount="1"'
    )


# Answers 1 and 3 come before their questions (2, 4: as after a merge of questions), answer 9
# belongs to a question the dump does not have; the rest is in the usual order.
POSTS = [
    answer(1, 2),
    question(2, accepted=1),
    answer(3, 4),
    question(4, accepted=3),
    question(5, accepted=6),
    answer(6, 5),
    answer(7, 5),
    answer(9, 404),
    question(10),
    answer(11, 10),
]
COMMENTS = [
    f'Id="{n}" PostId="{post}" Score="0" Text="Comment {n} on `post` **{post}**" '
    'CreationDate="2020-01-04T03:04:05.678" UserId="5"'
    for n, post in enumerate((1, 3, 6, 7, 11, 9), start=1)
]
VOTES = [
    f'Id="{n}" PostId="{post}" VoteTypeId="2" CreationDate="2020-01-04T00:00:00.000"'
    for n, post in enumerate((1, 2, 3, 4, 5, 6, 7, 10, 11), start=1)
]
HISTORY = [
    f'Id="{post}" PostHistoryTypeId="2" PostId="{post}" RevisionGUID="g{post}" '
    f'CreationDate="2020-01-02T03:04:05.678" UserId="5" Text="Body of {post}"'
    for post in (1, 2, 3, 4, 5, 6, 7, 10, 11)
]


def dump(folder: Path) -> Path:
    return write_dump(folder, Users=USERS, Posts=POSTS, Comments=COMMENTS, Votes=VOTES, PostHistory=HISTORY)


def site() -> dict[str, Any]:
    """What an import leaves, less the bookkeeping."""
    return {
        "posts": sorted(
            Post.objects.values_list(
                "pk", "post_type", "parent_id", "accepted_answer_id", "is_answered", "body_markdown"
            )
        ),
        "comments": sorted(Comment.objects.values_list("pk", "post_id", "text_html")),
        "votes": sorted(Vote.objects.values_list("pk", "post_id")),
        "history": sorted(PostHistory.objects.values_list("pk", "post_id")),
        "tags": sorted(PostTag.objects.values_list("post_id", "tag__name")),
    }


def schema() -> set[tuple[str, ...]]:
    """The database's whole schema as rows: tables, columns, indexes, constraints, triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            found: set[tuple[str, ...]] = set()
            for query in (
                "SELECT 'index', indexname, tablename, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema()",
                "SELECT 'column', table_name || '.' || column_name, data_type, "
                "is_nullable || ' ' || coalesce(column_default, '') FROM information_schema.columns "
                "WHERE table_schema = current_schema()",
                "SELECT 'constraint', conname, conrelid::regclass::text, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace",
                "SELECT 'trigger', tgname, tgrelid::regclass::text, "
                "pg_get_triggerdef(oid) || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal",
            ):
                cursor.execute(query)
                found.update(tuple(str(value) for value in row) for row in cursor.fetchall())
            return found
        cursor.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master")
        return {tuple(row) for row in cursor.fetchall()}


def index_definitions() -> dict[str, str]:
    """Every index of the big tables, by name, with the statement that makes it."""
    tables = {model._meta.db_table for model in INDEXED_LATER}
    return {row[1]: row[3] for row in schema() if row[0] == "index" and row[2] in tables}


def empty_the_site() -> None:
    for model in (PostTag, Tag, Comment, Vote, PostHistory, Post, ReputationEvent, User):
        model.objects.all().delete()


def test_answers_before_their_question_are_imported_at_the_end_of_the_file(tmp_path: Path) -> None:
    outcome = import_dump(resolve_source(dump(tmp_path / "dump")), batch_size=2)
    posts = outcome.files["Posts.xml"]
    assert (posts.read, posts.imported, posts.skipped) == (10, 9, 1)
    assert posts.reasons == {"answer whose question is not in the dump: skipped": 1}
    assert posts.examples["answer whose question is not in the dump: skipped"] == ["line 10 (question 404)"]
    accepted = dict(Post.objects.filter(post_type=1).values_list("pk", "accepted_answer_id"))
    assert accepted == {2: 1, 4: 3, 5: 6, 10: None}
    assert Post.objects.get(pk=1).parent_id == 2
    # The comment on the answer that was skipped is skipped with it; the rest are rendered.
    assert outcome.files["Comments.xml"].skipped == 1
    assert Comment.objects.get(pk=1).text_html == "Comment 1 on <code>post</code> <strong>1</strong>"
    # Every accepted answer named was set (no check says otherwise).
    assert not [check for check in outcome.checks if "AcceptedAnswerId" in check]


@pytest.fixture(params=[False, True], ids=["whole", "cut"])
def cut(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways: each file read whole, and every file cut in parts read side by side."""
    if request.param:
        monkeypatch.setattr(reader, "SPLIT_BYTES", 0)
    return bool(request.param)


def test_reading_ahead_in_child_processes_or_in_this_one_gives_the_same_site(
    tmp_path: Path, cut: bool
) -> None:
    import_dump(resolve_source(dump(tmp_path / "ahead")), batch_size=3)
    ahead = site()
    empty_the_site()
    import_dump(resolve_source(dump(tmp_path / "here")), batch_size=3, parallel=False)
    assert site() == ahead


class Stop(Exception):
    """Stands for a kill: the import stops between two transactions."""


@pytest.mark.parametrize("parallel", [False, True])
def test_an_import_stopped_after_any_batch_resumes_to_the_same_site_and_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    # Read ahead, every file is cut in parts (a resumed step is read whole).
    monkeypatch.setattr(reader, "SPLIT_BYTES", 0)
    migrated = index_definitions()
    assert migrated
    migrated_schema = schema()
    original = loader.StepWork.flush
    flushes = 0

    def counting(self: loader.StepWork, *args: Any, **kwargs: Any) -> None:
        nonlocal flushes
        flushes += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(loader.StepWork, "flush", counting)
    clean_checks = import_dump(
        resolve_source(dump(tmp_path / "clean")), batch_size=1, parallel=parallel
    ).checks
    clean = site()
    assert schema() == migrated_schema
    assert flushes > 20
    # The dump has no Tags.xml: the posts' derived work creates the tags and says so.
    assert any("missing from Tags.xml: created" in check for check in clean_checks)
    for stop_at in range(1, flushes + 1, 3):
        empty_the_site()
        folder = dump(tmp_path / f"stop-{stop_at}")
        calls = 0

        def stopping(self: loader.StepWork, *args: Any, stop_at: int = stop_at, **kwargs: Any) -> None:
            nonlocal calls
            calls += 1
            if calls == stop_at:
                raise Stop
            original(self, *args, **kwargs)

        monkeypatch.setattr(loader.StepWork, "flush", stopping)
        with pytest.raises(Stop):
            import_dump(resolve_source(folder), batch_size=1, parallel=parallel)
        assert index_definitions() != migrated, "the indexes were not set aside"
        monkeypatch.setattr(loader.StepWork, "flush", original)
        outcome = import_dump(resolve_source(folder), batch_size=1, parallel=parallel)
        assert outcome.resumed
        assert site() == clean, f"stopped at flush {stop_at}"
        # Also when it stopped after the posts' derived work, which finds nothing the second time.
        assert outcome.checks == clean_checks, f"stopped at flush {stop_at}"
        # Everything the migrations made is back as they made it, and nothing else is there.
        assert schema() == migrated_schema, f"stopped at flush {stop_at}"


def test_tag_index_rows_carry_their_questions_keys_and_the_triggers_are_back(tmp_path: Path) -> None:
    import_dump(resolve_source(dump(tmp_path / "dump")), batch_size=3)
    keys = ("creation_date", "last_activity_date", "score", "is_answered", "deletion_date")
    rows = list(PostTag.objects.values_list("post_id", "tag__name", *(f"post__{key}" for key in keys), *keys))
    assert sorted((post, name) for post, name, *_ in rows) == [(2, "t2"), (4, "t1"), (5, "t2"), (10, "t1")]
    for _post, _name, *values in rows:
        assert values[: len(keys)] == values[len(keys) :]
    # Tags.xml is missing: the tags were made, each as old as its first question.
    first = Post.objects.get(pk=2).creation_date
    assert dict(Tag.objects.values_list("name", "creation_date")) == {"t1": first, "t2": first}
    # The triggers set aside during the import work again: a question's new score reaches its
    # tag index rows, and a new tag index row copies its question's keys.
    Post.objects.filter(pk=2).update(score=42)
    assert list(PostTag.objects.filter(post_id=2).values_list("score", flat=True)) == [42]
    PostTag.objects.create(post_id=5, tag=Tag.objects.get(name="t1"))
    assert set(PostTag.objects.filter(post_id=5).values_list("score", flat=True)) == {1}
    with pytest.raises(IntegrityError):
        # An answer's parent must be a question.
        Post.objects.filter(pk=6).update(parent_id=7)


def test_questions_go_in_answered_when_their_answer_is_in_the_same_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written once, with the flag, rather than written again for it at the end: the end
    writes only the questions whose answer came in another batch."""
    written: list[int] = []
    original = recount._mark_answered

    def recording(question_ids: list[int]) -> int:
        written.extend(
            Post.objects.filter(pk__in=question_ids, is_answered=False).values_list("pk", flat=True)
        )
        return original(question_ids)

    monkeypatch.setattr(recount, "_mark_answered", recording)
    folder = dump(tmp_path / "dump")
    import_dump(resolve_source(folder), batch_size=100)
    together = site()
    # Question 10 has no accepted answer; its answer 11 (score 2) follows it.
    assert Post.objects.get(pk=10).is_answered
    assert 10 not in written
    empty_the_site()
    written.clear()
    import_dump(resolve_source(dump(tmp_path / "again")), batch_size=1)
    assert 10 in written
    assert site() == together


@pytest.mark.parametrize("open_counts", [200_000, 0], ids=["counted-on-the-way-in", "in-the-database"])
def test_answer_counts_that_differ_from_the_answers_are_reported_however_they_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_counts: int
) -> None:
    monkeypatch.setattr(loader, "OPEN_ANSWER_COUNTS", open_counts)
    # Question 5 says it has one answer and has two (6, 7); question 10 says three, has one.
    posts = [
        post.replace('AnswerCount="1"', 'AnswerCount="3"') if 'Id="10"' in post else post for post in POSTS
    ]
    outcome = import_dump(
        resolve_source(write_dump(tmp_path / "dump", Users=USERS, Posts=posts)), batch_size=3
    )
    expected = "AnswerCount differs from the answers in the dump for 2 questions: kept as is"
    assert expected in outcome.checks
    assert expected in recount.check_posts_counts()


def test_a_batch_the_database_refuses_goes_in_row_by_row_with_its_dates_and_extras(tmp_path: Path) -> None:
    # Vote 2 is in the dump twice: the batch is refused, and its rows go in one by one (on
    # PostgreSQL, from the binary COPY form back to a statement's parameters).
    votes = [VOTES[0], VOTES[1], VOTES[2].replace('CreationDate="', 'Extra="x" CreationDate="'), VOTES[1]]
    folder = write_dump(tmp_path / "dump", Users=USERS, Posts=POSTS, Votes=votes)
    outcome = import_dump(resolve_source(folder), batch_size=100)
    report = outcome.files["Votes.xml"]
    assert (report.read, report.imported) == (4, 3)
    assert report.reasons == {"Votes id already on the site: left alone": 1}
    assert set(Vote.objects.values_list("creation_date", flat=True)) == {datetime(2020, 1, 4, tzinfo=UTC)}
    assert Vote.objects.get(pk=3).dump_extra == {"attrs": {"Extra": "x"}}


def test_a_question_whose_tag_names_repeat_one_another_is_indexed_once_per_tag(tmp_path: Path) -> None:
    # "a b" and "a": stored as the names "a b a", so the split finds "a" twice and the plain
    # insert into the empty tag index refuses the rows; the careful one takes its place.
    doubled = question(2).replace('Tags="&lt;t2&gt;"', 'Tags="|a b|a|"')
    folder = write_dump(tmp_path / "dump", Users=USERS, Posts=[doubled, question(4)])
    import_dump(resolve_source(folder))
    assert sorted(PostTag.objects.values_list("post_id", "tag__name")) == [(2, "a"), (2, "b"), (4, "t1")]


def test_posts_go_in_closed_locked_and_protected_as_their_history_leaves_them(tmp_path: Path) -> None:
    def row(history_id: int, kind: int, post: int, date: str, comment: str = "") -> str:
        said = f' Comment="{comment}"' if comment else ""
        return (
            f'Id="{history_id}" PostHistoryTypeId="{kind}" PostId="{post}" RevisionGUID="g{history_id}" '
            f'CreationDate="{date}" UserId="5"{said} Text="x"'
        )

    history = [
        row(1, 10, 2, "2020-01-05T00:00:00.000", "102"),
        row(2, 14, 2, "2020-01-06T07:08:09.100"),
        row(3, 19, 4, "2020-01-05T00:00:00.000"),
        # Protected, then unprotected: not protected. Closed, reopened, closed again.
        row(4, 20, 4, "2020-01-07T00:00:00.000"),
        row(5, 10, 5, "2020-01-05T00:00:00.000", "101"),
        row(6, 11, 5, "2020-01-06T00:00:00.000"),
        row(7, 10, 5, "2020-01-08T00:00:00.000", "104"),
        row(8, 19, 10, "2020-01-09T10:11:12.130"),
    ]
    folder = write_dump(tmp_path / "dump", Users=USERS, Posts=POSTS, PostHistory=history)
    import_dump(resolve_source(folder), batch_size=3)

    def states() -> dict[int, tuple[Any, ...]]:
        return {
            pk: (reason, locked and locked.isoformat(), protected and protected.isoformat())
            for pk, reason, locked, protected in Post.objects.values_list(
                "pk", "close_reason", "locked_date", "protected_date"
            )
        }

    went_in = states()
    assert went_in[2] == (102, "2020-01-06T07:08:09.100000+00:00", None)
    assert went_in[4] == (None, None, None)
    assert went_in[5] == (104, None, None)
    assert went_in[10] == (None, None, "2020-01-09T10:11:12.130000+00:00")
    # What the posts went in with is what working it out from the history afterwards gives.
    recount.apply_history_state(set())
    assert states() == went_in


def test_each_post_goes_in_with_the_text_of_its_latest_body_revision(tmp_path: Path) -> None:
    def revision(history_id: int, kind: int, post: int, date: str, text: str) -> str:
        return (
            f'Id="{history_id}" PostHistoryTypeId="{kind}" PostId="{post}" RevisionGUID="g{history_id}" '
            f'CreationDate="{date}" UserId="5" Text="{text}"'
        )

    history = [
        revision(1, 2, 2, "2020-01-02T03:04:05.678", "first body of 2"),
        # Written later though its id is smaller: the dates decide, then the ids.
        revision(2, 5, 2, "2020-03-01T00:00:00.000", "edited body of 2"),
        revision(3, 5, 2, "2020-02-01T00:00:00.000", "older edit of 2"),
        # A title edit (4) after the last body revision changes nothing.
        revision(4, 4, 2, "2020-04-01T00:00:00.000", "A new title"),
        revision(5, 2, 5, "2020-01-02T03:04:05.678", "first body of 5"),
        revision(6, 8, 5, "2020-01-05T00:00:00.000", "rolled back body of 5"),
        revision(7, 5, 5, "2020-01-05T00:00:00.000", "same moment, larger id: latest"),
        # A post the dump does not have: the row is kept and counted.
        revision(8, 2, 404, "2020-01-02T03:04:05.678", "body of a deleted post"),
    ]
    folder = write_dump(tmp_path / "dump", Users=USERS, Posts=POSTS, PostHistory=history)
    outcome = import_dump(resolve_source(folder), batch_size=2)
    sources = dict(Post.objects.values_list("pk", "body_markdown"))
    assert sources[2] == "edited body of 2"
    assert sources[5] == "same moment, larger id: latest"
    # Posts without body revisions have no source.
    assert sources[4] == sources[10] == ""
    assert PostHistory.objects.count() == 8
    assert "PostHistory.xml has 1 rows of posts not in the dump: kept" in outcome.checks
    # The report lists the files in the dump's order, whatever order they were loaded in.
    assert list(outcome.files) == ["Users.xml", "Posts.xml", "PostHistory.xml"]


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_listed_tables_are_vacuumed_and_every_table_analyzed(tmp_path: Path) -> None:
    """Pages reached by number skip index entries without reading the table only once the
    visibility map exists; the planner needs statistics of tables loaded a moment ago."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no visibility map and plans from its indexes")
    import_dump(resolve_source(dump(tmp_path / "dump")), batch_size=3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname IN ('posts_post', 'posts_posttag', 'accounts_user', 'posts_comment')"
        )
        found = {name: (vacuumed, analyzed) for name, vacuumed, analyzed in cursor.fetchall()}
    assert found == {
        "posts_post": (True, True),
        "posts_posttag": (True, True),
        "accounts_user": (True, True),
        "posts_comment": (False, True),
    }


# Question 12 names an answer of question 5 as its accepted answer: it stays without one.
AHEAD = [*POSTS, question(12, accepted=7)]


@pytest.mark.django_db(transaction=True)
def test_questions_written_with_their_accepted_answer_give_the_site_the_careful_path_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The careful path: questions go in without their accepted answer, set at the end once the
    # answers are in. SQLite takes it inside a transaction (as --strict imports), where it
    # keeps checking foreign keys; on PostgreSQL it is the path of an import whose foreign keys
    # stay (--merge), chosen here for the same fresh site.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            monkeypatch.setattr(loader.Loader, "references_ahead", lambda self: False)
        import_dump(resolve_source(write_dump(tmp_path / "careful", Users=USERS, Posts=AHEAD)), batch_size=2)
        careful = site()
        careful_extra = Post.objects.get(pk=12).dump_extra
        transaction.set_rollback(True)
    monkeypatch.undo()
    ahead: list[bool] = []
    original = loader.Loader.references_ahead

    def noting(self: loader.Loader) -> bool:
        ahead.append(original(self))
        return ahead[-1]

    monkeypatch.setattr(loader.Loader, "references_ahead", noting)
    migrated_schema = schema()
    outcome = import_dump(
        resolve_source(write_dump(tmp_path / "ahead", Users=USERS, Posts=AHEAD)), batch_size=2
    )
    assert ahead and all(ahead), "the posts did not go in with their accepted answers"
    assert site() == careful
    accepted = dict(Post.objects.filter(post_type=1).values_list("pk", "accepted_answer_id"))
    assert accepted == {2: 1, 4: 3, 5: 6, 10: None, 12: None}
    # The answer it named is kept for the export, as on the careful path.
    assert Post.objects.get(pk=12).dump_extra == careful_extra
    assert careful_extra is not None
    assert careful_extra["attrs"]["AcceptedAnswerId"] == "7"
    assert any("AcceptedAnswerId names no answer" in check for check in outcome.checks)
    # The foreign keys and triggers set aside are back as the migrations made them.
    assert schema() == migrated_schema
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1, "the import left SQLite's foreign-key checks off"
    with pytest.raises(IntegrityError), transaction.atomic():
        # The accepted answer's foreign key is checked again.
        Post.objects.filter(pk=10).update(accepted_answer_id=999)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_an_id_set_gives_its_ids_back_in_order() -> None:
    ids = IdSet()
    ids.update([9, 0, 64, 7, -1, 1_000_003, 8])
    ids.discard(8)
    assert list(ids) == [-1, 0, 7, 9, 64, 1_000_003]
    assert 9 in ids and 8 not in ids and 10**9 not in ids


def _session() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_backend_pid()")
            return int(cursor.fetchone()[0])
    return id(connection.connection)


@pytest.mark.django_db(transaction=True)
def test_work_beside_the_derived_work_has_its_own_session_on_postgresql_and_its_error_is_raised() -> None:
    seconds: dict[str, float] = {}
    beside: list[int] = []
    with recount.alongside(lambda: beside.append(_session()), seconds, "beside"):
        body = _session()
    assert beside
    assert "beside" in seconds
    if connection.vendor == "postgresql":
        assert beside[0] != body
        # Inside a transaction the other session would not see its rows: the work runs here,
        # after the body.
        with transaction.atomic():
            with recount.alongside(lambda: beside.append(_session()), seconds, "beside"):
                assert len(beside) == 1
            assert beside[-1] == _session()
    else:
        assert beside[0] == body
        with recount.alongside(lambda: beside.append(_session()), seconds, "beside"):
            assert len(beside) == 1, "the work ran before the body"

    def failing() -> None:
        raise RuntimeError("the index could not be built")

    raised = pytest.raises(RuntimeError, match="could not be built")
    with raised, recount.alongside(failing, seconds, "failing"):
        pass


@pytest.mark.django_db(transaction=True)
def test_the_last_jobs_run_side_by_side_on_postgresql_each_in_order_and_an_error_stops_them() -> None:
    postgresql = connection.vendor == "postgresql"
    session = "pg_backend_pid()" if postgresql else "0"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE side_log (job integer, step integer, session integer)")
    try:
        pause = "SELECT pg_sleep(0.1)" if postgresql else "SELECT 1"
        jobs = [
            [
                statement
                for step in range(3)
                for statement in (f"INSERT INTO side_log VALUES ({job}, {step}, {session})", pause)  # noqa: S608
            ]
            for job in range(4)
        ]
        recount.side_by_side(jobs, sessions=2)
        with connection.cursor() as cursor:
            cursor.execute("SELECT job, step, session FROM side_log")
            rows = cursor.fetchall()
        everything = [(job, step) for job in range(4) for step in range(3)]
        assert sorted((job, step) for job, step, _session in rows) == everything
        # Each job on one session.
        sessions = {job: {found for j, _step, found in rows if j == job} for job in range(4)}
        assert all(len(found) == 1 for found in sessions.values())
        assert len(set().union(*sessions.values())) == (2 if postgresql else 1)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM side_log")
        failing = [["SELECT no_such_column FROM side_log"], *jobs]
        with pytest.raises(DatabaseError):
            recount.side_by_side(failing, sessions=2)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM side_log")
            done = cursor.fetchone()[0]
        # The other session ends the job it had taken, and none is taken after the error.
        assert done <= 3
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE side_log")


@pytest.mark.django_db(transaction=True)
def test_an_import_stopped_before_its_indexes_and_key_checks_resumes_to_the_same_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped once the triggers are back and the foreign keys added without their check:
    the next run builds the indexes and checks the keys."""
    migrated = schema()

    def stopping(jobs: Any, *, sessions: int) -> None:
        raise Stop

    monkeypatch.setattr(recount, "side_by_side", stopping)
    with pytest.raises(Stop):
        import_dump(resolve_source(dump(tmp_path / "dump")), batch_size=3)
    if connection.vendor == "postgresql":
        assert any(row[3].endswith("NOT VALID") for row in schema() if row[0] == "constraint")
    monkeypatch.undo()
    outcome = import_dump(resolve_source(dump(tmp_path / "dump")), batch_size=3)
    assert outcome.resumed
    assert schema() == migrated


def test_sqlite_in_wal_mode_runs_work_that_only_reads_beside_the_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's one writer and its readers")
    # A database in a file, in WAL mode as the site's are (the tests' is in memory).
    wal = SQLiteDatabaseWrapper({**connection.settings_dict, "NAME": str(tmp_path / "site.sqlite3")}, "wal")
    monkeypatch.setattr(recount, "connection", wal)
    seconds: dict[str, float] = {}
    body_running, work_done = threading.Event(), threading.Event()
    beside: list[bool] = []

    def reads() -> None:
        beside.append(body_running.wait(5))
        work_done.set()

    try:
        with recount.alongside(reads, seconds, "reads", reads_only=True):
            body_running.set()
            # Run one after the other, the work would only start once this has waited in vain.
            assert work_done.wait(5)
        assert beside == [True] and "reads" in seconds

        # Work that writes waits for the body: SQLite has one writer.
        order: list[str] = []
        with recount.alongside(lambda: order.append("work"), seconds, "writes"):
            order.append("body")
        assert order == ["body", "work"]
    finally:
        wal.close()


def test_sqlite_takes_rows_in_with_a_rollback_journal_unless_another_connection_has_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's journal modes")
    path = tmp_path / "site.sqlite3"
    site = SQLiteDatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, "site")
    monkeypatch.setattr(loader, "connection", site)

    def mode() -> str:
        with site.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            return str(cursor.fetchone()[0])

    try:
        with site.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = WAL")
        with loader.rollback_journal():
            assert mode() == "truncate"
        assert mode() == "wal"

        with pytest.raises(RuntimeError), loader.rollback_journal():
            raise RuntimeError("the import stopped")
        assert mode() == "wal"

        # A site running beside the import keeps the file in WAL mode: its readers go on.
        running = sqlite3.connect(path)
        try:
            running.execute("SELECT 1 FROM sqlite_master").fetchall()
            with loader.rollback_journal():
                assert mode() == "wal"
        finally:
            running.close()
        assert mode() == "wal"
    finally:
        site.close()


def _votes_job(
    folder: Path, rows: int, batch_size: int, replacing: tuple[str, str] = ("", "")
) -> loader.ReadJob:
    """A job reading a Votes.xml of ``rows`` rows, with one text ``replacing`` another in it."""
    votes = [
        f'Id="{n}" PostId="{n % 7 + 1}" VoteTypeId="2" CreationDate="2020-01-04T00:00:00.000"'
        for n in range(1, rows + 1)
    ]
    path = write_dump(folder, Votes=votes) / "Votes.xml"
    if replacing[0]:
        path.write_text(path.read_text(encoding="utf-8").replace(*replacing), encoding="utf-8")
    inserter = Inserter(Vote)
    fixed = {name: value for name, value in inserter.defaults.items() if name not in set(VOTES_TABLE.fields)}
    plan = RowPlan(VOTES_TABLE, inserter.fields, fixed, connection.vendor)
    return loader.ReadJob(path=path, plan=plan, skip=0, keep=frozenset(), batch_size=batch_size)


def _items(batches: Any) -> list[Any]:
    return [item for batch in batches for item in batch.items]


def test_a_file_cut_in_parts_gives_the_rows_ordinals_and_lines_of_the_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _votes_job(tmp_path, rows=50, batch_size=4)
    whole = _items(loader.read_batches(job))
    assert [item[:2] for item in whole[:2]] == [(1, 3), (2, 4)]
    monkeypatch.setattr(reader, "SPLIT_BYTES", 0)
    parts = reader.split_file(job.path, VOTES_TABLE, 3)
    assert len(parts) == 3 and parts[0].start == 0 and parts[-1].end is None
    text = job.path.read_bytes()
    for before, after in itertools.pairwise(parts):
        # Each cut is where a row's line begins, and the parts follow each other.
        assert before.end == after.start and text[after.start :].lstrip(b" ").startswith(b"<row ")
    assert reader.rows_before(job.path, parts[1].start) == (
        text[: parts[1].start].count(b"<row"),
        text[: parts[1].start].count(b"\n"),
    )
    read_in_parts = [_items(loader.read_batches(dataclasses.replace(job, part=part))) for part in parts]
    assert all(read_in_parts) and [item for items in read_in_parts for item in items] == whole


@pytest.mark.parametrize("chunk", [5, 6, 7, 4096])
def test_rows_and_lines_ahead_of_a_cut_are_counted_across_the_chunks_they_are_read_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    job = _votes_job(tmp_path, rows=30, batch_size=4)
    monkeypatch.setattr(reader, "COUNTING_CHUNK", chunk)
    text = job.path.read_bytes()
    for offset in (0, 1, 100, len(text) // 2, len(text)):
        assert reader.rows_before(job.path, offset) == (
            text[:offset].count(b"<row"),
            text[:offset].count(b"\n"),
        )


def test_a_file_is_not_cut_when_it_is_small_or_not_laid_out_as_a_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _votes_job(tmp_path, rows=50, batch_size=4)
    assert reader.split_file(job.path, VOTES_TABLE, 2) == [reader.WHOLE]
    monkeypatch.setattr(reader, "SPLIT_BYTES", 0)
    assert len(reader.split_file(job.path, VOTES_TABLE, 2)) == 2
    # Not the file it says (Votes.xml holding <comments>), or everything on one line.
    assert reader.split_file(job.path, COMMENTS_TABLE, 2) == [reader.WHOLE]
    one_line = tmp_path / "one-line" / "Votes.xml"
    one_line.parent.mkdir()
    one_line.write_bytes(job.path.read_bytes().replace(b"\r\n", b""))
    assert reader.split_file(one_line, VOTES_TABLE, 2) == [reader.WHOLE]


def test_a_bad_row_in_a_later_part_is_reported_at_its_line_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _votes_job(tmp_path, rows=40, batch_size=4, replacing=('Id="35" PostId', 'Id="35" <PostId'))

    def failure(batches: Any) -> reader.DumpFileError:
        with pytest.raises(reader.DumpFileError) as raised:
            _items(batches)
        return raised.value

    whole = failure(loader.read_batches(job))
    monkeypatch.setattr(reader, "SPLIT_BYTES", 0)
    last = reader.split_file(job.path, VOTES_TABLE, 2)[-1]
    assert 0 < last.start < job.path.read_bytes().index(b'Id="35"')
    in_part = failure(loader.read_batches(dataclasses.replace(job, part=last)))
    assert whole.line == in_part.line == 37 and whole.consumed == in_part.consumed == 34
    assert str(in_part).startswith("Votes.xml, line 37: the file is not well-formed XML")


def _read_ahead(job: loader.ReadJob, processes: int = 2) -> loader.ReadAhead:
    return loader.ReadAhead([("votes", lambda: job)], processes)


@pytest.mark.skipif(not loader.can_read_in_parallel(), reason="no fork on this system")
def test_batches_read_ahead_through_spools_are_those_read_here_and_a_reader_stopped_early_ends(
    tmp_path: Path, cut: bool
) -> None:
    job = _votes_job(tmp_path, rows=50, batch_size=4)
    here = [(batch.items, batch.consumed) for batch in loader.read_batches(job)]
    readers = _read_ahead(job)
    ahead = [(batch.items, batch.consumed) for batch in readers.batches("votes")]
    assert _items(batch for batch in loader.read_batches(job)) == [
        item for items, _ in ahead for item in items
    ]
    assert ahead[-1][1] == here[-1][1] == 50 and len(ahead) == (14 if cut else 13)
    assert readers.readings == []

    # A loader that stops after one batch (an error while inserting) leaves nothing running.
    readers = _read_ahead(job)
    batches = readers.batches("votes")
    next(batches)
    processes = [reading.process for reading in readers.readings]
    batches.close()
    readers.close()
    assert processes and not any(process is not None and process.is_alive() for process in processes)


@pytest.mark.skipif(not loader.can_read_in_parallel(), reason="no fork on this system")
def test_rows_counted_ahead_of_a_cut_that_do_not_match_the_parse_are_read_again_in_one_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An XML comment that looks like a row: never in an official dump, but the count ahead
    # of the cut finds one row too many, and the rows after it are read from the whole file.
    job = _votes_job(
        tmp_path, rows=50, batch_size=4, replacing=('  <row Id="3" ', '  <!-- <row --><row Id="3" ')
    )
    here = _items(loader.read_batches(job))
    monkeypatch.setattr(reader, "SPLIT_BYTES", 0)
    assert len(reader.split_file(job.path, VOTES_TABLE, 2)) == 2
    assert _items(_read_ahead(job).batches("votes")) == here


@pytest.mark.skipif(not loader.can_read_in_parallel(), reason="no fork on this system")
def test_a_reading_process_that_dies_is_reported_with_its_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _votes_job(tmp_path, rows=20, batch_size=4)
    real = loader.read_batches

    def dies_after_one_batch(job: loader.ReadJob) -> Any:
        batches = real(job)
        yield next(batches)
        os._exit(3)

    monkeypatch.setattr(loader, "read_batches", dies_after_one_batch)
    batches = _read_ahead(job).batches("votes")
    assert len(next(batches).items) == 4
    with pytest.raises(loader.ReaderFailed, match=r"the process reading Votes\.xml stopped \(exit code 3\)"):
        next(batches)


@pytest.mark.skipif(not loader.can_read_in_parallel(), reason="no fork on this system")
def test_a_reading_process_whose_loader_is_gone_stops(tmp_path: Path) -> None:
    job = _votes_job(tmp_path, rows=50, batch_size=4)
    spool = tmp_path / "spool"
    context = multiprocessing.get_context("fork")
    # Told that its loader is another process than the one that started it: as if killed.
    fd = os.open(spool, os.O_WRONLY | os.O_CREAT)
    process = context.Process(target=loader._read_to_spool, args=(job, fd, context.RawValue("q", 0), -1))
    process.start()
    os.close(fd)
    process.join(timeout=30)
    assert process.exitcode == 0
    written = spool.read_bytes()
    # One batch written, then it stopped.
    size = int.from_bytes(written[:8], "little")
    assert len(written) == 8 + size
    kind, batch, _number = loader._read_message(written[8:])
    assert kind == "rows" and len(batch.items) == 4


@pytest.mark.django_db
def test_latest_sources_are_the_same_for_a_run_of_ids_and_for_scattered_ones(alice: User) -> None:
    kinds = PostHistoryType
    posts = [make_question(alice) for _ in range(6)]
    # Body revisions in and out of creation order, and revisions that are not of the body.
    for number, post in enumerate(posts):
        for kind, text, hours in (
            (kinds.INITIAL_BODY, f"first {number}", 9),
            (kinds.EDIT_TITLE, f"a title {number}", 1),
            (kinds.ROLLBACK_BODY, f"latest {number}", 2),
            (kinds.EDIT_BODY, f"middle {number}", 5),
        ):
            PostHistory.objects.create(
                post=post,
                post_history_type=kind,
                text=text,
                creation_date=ago(hours=hours),
                revision_guid="g",
            )
    without_body = posts[3]
    PostHistory.objects.filter(post=without_body).exclude(post_history_type=kinds.EDIT_TITLE).delete()

    ids = [post.pk for post in posts]
    expected = {post.pk: f"latest {ids.index(post.pk)}" for post in posts if post is not without_body}
    assert recount.from_history(ids).sources == expected
    # A run with a hole: the posts between that were not asked for stay out.
    asked = [ids[0], ids[2], ids[3], ids[5]]
    assert recount.from_history(asked).sources == {pk: text for pk, text in expected.items() if pk in asked}
    # Ids far apart: looked up one by one.
    far = [ids[1], ids[4], 10**9]
    assert recount.from_history(far).sources == {ids[1]: "latest 1", ids[4]: "latest 4"}
    assert recount.from_history([]).sources == {}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1, 99, 100, 101, 203])
def test_the_inserter_puts_in_every_row_whatever_the_batchs_length_and_skips_only_conflicts(
    count: int, alice: User
) -> None:
    post = make_question(alice)
    inserter = Inserter(Vote)
    assert inserter.rows_per_statement == (100 if connection.vendor == "sqlite" else 1)
    at = inserter.position

    def vote(vote_id: int) -> tuple[Any, ...]:
        when = adapt_datetime(datetime(2020, 1, 4, tzinfo=UTC))
        row = list(inserter.row({"post_id": post.pk, "vote_type": 2, "creation_date": when}))
        row[at["id"]] = vote_id
        return tuple(row)

    inserter.insert_many([vote(n) for n in range(1, count + 1)])
    assert list(Vote.objects.order_by("id").values_list("id", flat=True)) == list(range(1, count + 1))
    # Half of these are there already: only the others go in.
    inserter.insert_new([vote(n) for n in range(count // 2 + 1, count + count // 2 + 2)])
    assert list(Vote.objects.order_by("id").values_list("id", flat=True)) == list(
        range(1, count + count // 2 + 2)
    )


def _settings(names: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        found = []
        for name in names:
            cursor.execute(f"SHOW {name}" if connection.vendor == "postgresql" else f"PRAGMA {name}")
            found.append(str(cursor.fetchone()[0]))
    return found


def test_the_import_connection_settings_hold_while_it_runs_and_are_put_back() -> None:
    if connection.vendor == "postgresql":
        # Commits that do not wait for the disk, and long bodies compressed with lz4 (several
        # times quicker than the default pglz, which took a tenth of the server's time) where
        # the server has it.
        names, during = ["synchronous_commit"], ["off"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
            found = cursor.fetchone()
        if found is not None and "lz4" in found[0]:
            names, during = [*names, "default_toast_compression"], [*during, "lz4"]
    else:
        names, during = ["cache_size", "wal_autocheckpoint"], ["-32768", "10000"]
    before = _settings(names)
    assert before != during
    with loader.import_connection_settings():
        assert _settings(names) == during
    assert _settings(names) == before
