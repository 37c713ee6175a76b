"""Prepared queries give what their querysets give, for any ids, at one query a call."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.db.models import Count, Value
from django.db.models.signals import post_init, pre_init
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.lib.prepared import PreparedQuery, _fills_dict
from quaestio.posts.models import Comment, Post, PostType
from tests.posts.factories import make_answer, make_comment, make_question

pytestmark = pytest.mark.django_db


def fields(obj: Any) -> dict[str, Any]:
    return {name: value for name, value in vars(obj).items() if name != "_state"}


@pytest.fixture
def threads(alice: User, bob: User) -> list[Post]:
    questions = [make_question(alice), make_question(bob), make_question(None)]
    for question in questions:
        make_answer(question, bob, score=3)
        make_answer(question, None, score=-1, owner_display_name="gone")
        make_comment(question, alice)
    return questions


def answers_of(question: int) -> Any:
    return (
        Post.objects.filter(parent_id=question, post_type=PostType.ANSWER)
        .select_related("owner", "last_editor")
        .only("id", "score", "parent_id", "owner__display_name", "last_editor__id")
        .annotate(comment_rows=Count("comments"))
        .order_by("-score", "id")
    )


def test_model_rows_match_the_queryset_with_related_rows_and_annotations(
    threads: list[Post], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    prepared = PreparedQuery(Post, answers_of)
    for question in threads:
        with django_assert_num_queries(1):
            got = prepared.objects(question=question.pk)
        expected = list(answers_of(question.pk))
        assert [fields(post) for post in got] == [fields(post) for post in expected]
        assert [post.owner and fields(post.owner) for post in got] == [
            post.owner and fields(post.owner) for post in expected
        ]
        assert [vars(post)["comment_rows"] for post in got] == [
            vars(post)["comment_rows"] for post in expected
        ]
        # Deferred fields still load on access, as on any queryset's rows.
        assert got[0].body_html == expected[0].body_html


def test_id_lists_of_every_length_and_constants_stay_apart(threads: list[Post]) -> None:
    def build(posts: list[int], owner: int) -> Any:
        return (
            Post.objects.filter(pk__in=posts, post_type=PostType.QUESTION)
            .exclude(owner_id=owner)
            .values_list("id", "title")
            .order_by("id")
        )

    prepared = PreparedQuery(Post, build)
    ids = [post.pk for post in threads]
    owner = threads[0].owner_id
    assert owner is not None
    for count in range(len(ids) + 1):
        assert prepared.rows(posts=ids[:count], owner=owner) == list(build(ids[:count], owner))


def test_an_empty_id_list_matches_nothing_without_a_query(
    threads: list[Post], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    prepared = PreparedQuery(Comment, lambda posts: Comment.objects.filter(post_id__in=posts))
    with django_assert_num_queries(0):
        assert prepared.objects(posts=[]) == []


def marks(user: int, posts: list[int]) -> Any:
    """A union with a constant in each branch: the user's comments and posts among ``posts``."""
    return (
        Comment.objects.filter(user_id=user, post_id__in=posts)
        .values_list("id", "post_id", Value(1))
        .union(Post.objects.filter(owner_id=user, pk__in=posts).values_list("id", "id", Value(2)), all=True)
    )


def test_unions_are_prepared_too(threads: list[Post], alice: User) -> None:
    prepared = PreparedQuery(Comment, marks)
    ids = [post.pk for post in threads]
    assert sorted(prepared.rows(user=alice.pk, posts=ids)) == sorted(marks(alice.pk, ids))


def test_a_query_that_ignores_an_argument_is_refused() -> None:
    prepared = PreparedQuery(Post, lambda question: Post.objects.filter(pk=1))
    with pytest.raises(ValueError, match="each of its arguments"):
        prepared.objects(question=5)


def test_asking_for_the_wrong_shape_is_refused(threads: list[Post]) -> None:
    as_rows = PreparedQuery(Post, lambda question: Post.objects.filter(pk=question).values_list("id"))
    as_models = PreparedQuery(Post, lambda question: Post.objects.filter(pk=question))
    with pytest.raises(TypeError):
        as_rows.objects(question=threads[0].pk)
    with pytest.raises(TypeError):
        as_models.rows(question=threads[0].pk)


def test_a_column_too_small_for_the_placeholders_is_refused_rather_than_never_matching() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL bounds a small integer column's lookups")
    prepared = PreparedQuery(Post, lambda kind: Post.objects.filter(post_type=kind))
    with pytest.raises(ValueError, match="whole-number columns"):
        prepared.objects(kind=PostType.QUESTION)


def test_instances_are_rows_from_the_database_and_announce_themselves(threads: list[Post]) -> None:
    """Instances built straight into their ``__dict__`` are what ``from_db`` builds: saved
    rows of their database, with ``post_init`` sent for each (the page cache listens)."""
    announced: list[tuple[str, int]] = []

    def listen(sender: type, instance: Any, **kwargs: Any) -> None:
        announced.append((sender.__name__, vars(instance)["id"]))

    post_init.connect(listen, sender=Post, dispatch_uid="test-prepared-post")
    post_init.connect(listen, sender=User, dispatch_uid="test-prepared-user")
    try:
        got = PreparedQuery(Post, answers_of).objects(question=threads[0].pk)
    finally:
        post_init.disconnect(sender=Post, dispatch_uid="test-prepared-post")
        post_init.disconnect(sender=User, dispatch_uid="test-prepared-user")

    expected = [("Post", post.pk) for post in got]
    expected += [("User", post.owner.pk) for post in got if post.owner is not None]
    assert sorted(announced) == sorted(expected)
    for post in got:
        assert post._state.adding is False and post._state.db == "default"
    answer = got[0]
    answer.score = 7
    answer.save(update_fields=["score"])
    assert Post.objects.get(pk=answer.pk).score == 7


def test_a_model_with_pre_init_receivers_is_built_by_from_db(threads: list[Post]) -> None:
    built: list[int] = []

    def listen(sender: type, args: Any, kwargs: Any, **extra: Any) -> None:
        built.append(len(args))

    _fills_dict.cache_clear()
    pre_init.connect(listen, sender=Post, dispatch_uid="test-prepared-pre-init")
    try:
        got = PreparedQuery(Post, answers_of).objects(question=threads[0].pk)
    finally:
        pre_init.disconnect(sender=Post, dispatch_uid="test-prepared-pre-init")
        _fills_dict.cache_clear()
    assert len(built) == len(got) > 0


def test_the_same_rows_whether_queries_are_logged_or_not_and_errors_are_djangos(
    threads: list[Post], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # On SQLite an unlogged run skips Django's rewriting of the placeholders; a logged one
    # (the tests' counts, DEBUG) takes Django's way. Both give the same instances.
    prepared = PreparedQuery(Post, answers_of)
    for question in threads:
        unlogged = prepared.objects(question=question.pk)
        with django_assert_num_queries(1):
            logged = prepared.objects(question=question.pk)
        assert unlogged and [fields(post) for post in unlogged] == [fields(post) for post in logged]
        assert [vars(post)["comment_rows"] for post in unlogged] == [
            vars(post)["comment_rows"] for post in logged
        ]
    missing = PreparedQuery(
        Post, lambda question: Post.objects.extra(tables=["no_such_table"]).filter(parent_id=question)
    )
    with pytest.raises(DatabaseError):
        missing.objects(question=threads[0].pk)


def _server_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_postgresql_runs_a_query_seen_often_as_a_statement_prepared_on_the_server(
    threads: list[Post], alice: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("server-side prepared statements are PostgreSQL's")

    def other_posts(posts: list[int], skipped: list[int]) -> Any:
        # A list inside ``NOT (…)`` (``exclude``) means the same as an array.
        return (
            Post.objects.filter(parent_id__in=posts).exclude(pk__in=skipped).values_list("id").order_by("id")
        )

    answers, union = PreparedQuery(Post, answers_of), PreparedQuery(Comment, marks)
    others = PreparedQuery(Post, other_posts)
    ids = [post.pk for post in threads]
    # Ids of every size (psycopg would send 7 as a smallint and 70,000 as an integer) share
    # one statement: they are all sent as bigint.
    far = [*ids, 70_000, 5_000_000_000]
    threshold = connection.connection.prepare_threshold
    assert threshold is not None
    for _run in range(threshold + 2):
        for question in threads:
            got = answers.objects(question=question.pk)
            expected = list(answers_of(question.pk))
            assert [fields(post) for post in got] == [fields(post) for post in expected]
            assert [vars(post)["comment_rows"] for post in got] == [
                vars(post)["comment_rows"] for post in expected
            ]
        # Lists of every length share one statement too: an id list is sent as one array.
        for posts in (far, far[::-1], far[:1], far[:3]):
            assert sorted(union.rows(user=alice.pk, posts=posts)) == sorted(marks(alice.pk, posts))
        for count in range(len(ids) + 1):
            assert others.rows(posts=ids[:count], skipped=ids[count:]) == list(
                other_posts(ids[:count], ids[count:])
            )
    statements = _server_statements()
    assert sum('"parent_id" = $' in statement for statement in statements) == 1
    assert sum("UNION ALL" in statement for statement in statements) == 1
    assert all("= ANY($" in statement for statement in statements if "UNION ALL" in statement)

    # Turned off (for a pooler that cannot keep them), a new shape of the query stays unprepared.
    connection.connection.prepare_threshold = None
    try:
        for _run in range(threshold + 2):
            assert union.rows(user=alice.pk, posts=ids[:2]) == list(marks(alice.pk, ids[:2]))
        assert sorted(_server_statements()) == sorted(statements)
    finally:
        connection.connection.prepare_threshold = threshold


def test_sqlite_gets_the_querysets_whole_number_constants_written_in_and_the_ids_bound(
    threads: list[Post],
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite compiles a statement again when a parameter its planner read changes")
    prepared = PreparedQuery(Post, answers_of)
    unlogged = [fields(post) for post in prepared.objects(question=threads[0].pk)]
    _alias, compiled = prepared._prepared({"question": threads[0].pk})
    assert compiled.sqlite_sql is not None
    # The answer type (a constant of the queryset) is in the text; the question is bound.
    assert f'"posts_post"."post_type" = {int(PostType.ANSWER)}' in compiled.sqlite_sql
    assert compiled.sqlite_sql.count("?") == 1 and compiled.sqlite_slots == (("question", None),)
    assert unlogged == [fields(post) for post in answers_of(threads[0].pk)]
