"""After an import the site works on the dump's data: every question page, the lists, tags,
users, badges, revision history; and the derived data (markdown, tags index, states, ledger)
follows from the rows."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from django.test import Client

from quaestio.accounts.models import ReputationEvent, User
from quaestio.accounts.reputation import recalculate
from quaestio.dumps.loader import ImportOutcome
from quaestio.dumps.schema import parse_date
from quaestio.lib.markdown import render_comment
from quaestio.posts.history import revisions
from quaestio.posts.models import Comment, Post, PostTag, PostType, Tag
from tests.dumps.conftest import xml_rows

pytestmark = pytest.mark.django_db


def test_every_imported_question_page_renders(real_dump: tuple[Path, ImportOutcome]) -> None:
    folder, _outcome = real_dump
    client = Client()
    question_ids = [row["Id"] for row in xml_rows(folder / "Posts.xml") if row["PostTypeId"] == "1"]
    failing = [qid for qid in question_ids if client.get(f"/questions/{qid}", follow=True).status_code != 200]
    assert failing == []


def test_the_lists_tags_users_and_badges_pages_render(real_dump: tuple[Path, ImportOutcome]) -> None:
    client = Client()
    busiest = User.objects.exclude(pk=-1).order_by("-reputation").first()
    assert busiest is not None
    tag = Tag.objects.order_by("-count").first()
    assert tag is not None
    for url in (
        "/questions",
        "/questions?tab=Unanswered",
        "/tags",
        f"/questions/tagged/{tag.name}",
        "/users",
        busiest.get_absolute_url(),
        "/users/-1",
        "/help/badges",
    ):
        assert client.get(url, follow=True).status_code == 200, url


def test_revision_history_works_on_imported_history(real_dump: tuple[Path, ImportOutcome]) -> None:
    folder, _outcome = real_dump
    bodies: dict[int, int] = defaultdict(int)
    for row in xml_rows(folder / "PostHistory.xml"):
        if row["PostHistoryTypeId"] in ("2", "5", "8"):
            bodies[int(row["PostId"])] += 1
    # Some edited posts and some never edited: revisions() renders every body twice to diff
    # it, so walking all posts would take minutes.
    edited = [pid for pid, count in sorted(bodies.items()) if 2 <= count <= 4][:12]
    plain = [pid for pid, count in sorted(bodies.items()) if count == 1][:5]
    for post_id in edited + plain:
        found, _events = revisions(post_id)
        assert len([r for r in found if "body" in r.changed]) == bodies[post_id], post_id
        assert found[-1].body == Post.objects.get(pk=post_id).body_markdown


def test_the_markdown_source_is_the_latest_body_revision(real_dump: tuple[Path, ImportOutcome]) -> None:
    folder, _outcome = real_dump
    latest: dict[int, tuple[str, int, str]] = {}
    for row in xml_rows(folder / "PostHistory.xml"):
        if row["PostHistoryTypeId"] in ("2", "5", "8"):
            key = (row["CreationDate"], int(row["Id"]), row.get("Text", ""))
            post_id = int(row["PostId"])
            latest[post_id] = max(latest.get(post_id, key), key)
    markdown = dict(Post.objects.values_list("pk", "body_markdown"))
    assert {pid: text for pid, (_d, _i, text) in latest.items() if pid in markdown} == {
        pid: markdown[pid] for pid in latest if pid in markdown
    }


def test_questions_are_indexed_by_their_tags_and_answered_as_the_actions_say(
    real_dump: tuple[Path, ImportOutcome],
) -> None:
    folder, _outcome = real_dump
    expected = set()
    for row in xml_rows(folder / "Posts.xml"):
        if row["PostTypeId"] == "1":
            for name in row["Tags"].strip("<>").split("><"):
                expected.add((int(row["Id"]), name))
    assert set(PostTag.objects.values_list("post_id", "tag__name")) == expected
    for question in Post.objects.filter(post_type=PostType.QUESTION).prefetch_related("answers"):
        positive = any(a.score > 0 and a.deletion_date is None for a in question.answers.all())
        assert question.is_answered == (question.accepted_answer_id is not None or positive)


def test_tag_wikis_and_excerpts_are_linked_to_their_tags(real_dump: tuple[Path, ImportOutcome]) -> None:
    folder, _outcome = real_dump
    for row in xml_rows(folder / "Tags.xml"):
        tag = Tag.objects.get(name=row["TagName"])
        assert tag.pk == int(row["Id"])
        assert tag.count == int(row["Count"])
        assert tag.excerpt_post_id == (int(row["ExcerptPostId"]) if "ExcerptPostId" in row else None)
        assert tag.wiki_post_id == (int(row["WikiPostId"]) if "WikiPostId" in row else None)
        assert tag.is_required == (row.get("IsRequired") == "True")


def test_closed_questions_carry_the_reason_of_their_latest_closure(
    real_dump: tuple[Path, ImportOutcome],
) -> None:
    folder, _outcome = real_dump
    state: dict[int, dict[str, dict[str, str]]] = defaultdict(dict)
    families = {"10": "close", "11": "close", "14": "lock", "15": "lock", "19": "protect", "20": "protect"}
    rows = sorted(xml_rows(folder / "PostHistory.xml"), key=lambda r: (r["CreationDate"], int(r["Id"])))
    for row in rows:
        family = families.get(row["PostHistoryTypeId"])
        if family:
            state[int(row["PostId"])][family] = row
    closed = Post.objects.exclude(closed_date=None)
    assert closed.exists() or not any("close" in s for s in state.values())
    for post in Post.objects.filter(pk__in=list(state)):
        close = state[post.pk].get("close")
        if close and close["PostHistoryTypeId"] == "10":
            assert post.close_reason == int(close["Comment"])
            # The dump's ClosedDate is the closure's date.
            assert post.closed_date == parse_date(close["CreationDate"])
        lock = state[post.pk].get("lock")
        assert (post.locked_date is not None) == bool(lock and lock["PostHistoryTypeId"] == "14")
        protect = state[post.pk].get("protect")
        assert post.protected_date == (
            parse_date(protect["CreationDate"]) if protect and protect["PostHistoryTypeId"] == "19" else None
        )


def test_imported_users_cannot_log_in_and_keep_their_reputation_through_a_ledger_rebuild(
    real_dump: tuple[Path, ImportOutcome],
) -> None:
    folder, _outcome = real_dump
    reputations = {int(r["Id"]): int(r["Reputation"]) for r in xml_rows(folder / "Users.xml")}
    assert User.objects.filter(email__isnull=False).count() == 0
    assert not any(user.has_usable_password() for user in User.objects.all()[:50])
    openings = dict(
        ReputationEvent.objects.filter(kind=ReputationEvent.Kind.OPENING_BALANCE).values_list(
            "user_id", "amount"
        )
    )
    assert openings == {uid: rep - 1 for uid, rep in reputations.items()}
    assert ReputationEvent.objects.exclude(kind=ReputationEvent.Kind.OPENING_BALANCE).count() == 0
    assert recalculate() == 0
    assert dict(User.objects.values_list("pk", "reputation")) == reputations
    assert User.objects.get(pk=-1).display_name == "Community"


def test_deleted_authors_keep_their_display_name_and_no_owner(real_dump: tuple[Path, ImportOutcome]) -> None:
    folder, _outcome = real_dump
    for row in xml_rows(folder / "Posts.xml"):
        if "OwnerUserId" not in row:
            post = Post.objects.get(pk=int(row["Id"]))
            assert post.owner_id is None
            assert post.owner_display_name == row.get("OwnerDisplayName", "")


def test_comments_are_rendered_from_their_mini_markdown(real_dump: tuple[Path, ImportOutcome]) -> None:
    for comment in Comment.objects.all()[:200]:
        assert comment.text_html == render_comment(comment.text)


def test_bodies_are_kept_as_the_dump_wrote_them(real_dump: tuple[Path, ImportOutcome]) -> None:
    folder, _outcome = real_dump
    bodies = dict(Post.objects.values_list("pk", "body_html"))
    for row in xml_rows(folder / "Posts.xml"):
        assert bodies[int(row["Id"])] == row["Body"]
