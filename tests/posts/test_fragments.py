"""The question page's cached blocks: shared by readers with the same facts, never stale,
never carrying one reader's marks or token to another."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta
from itertools import product
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quaestio.accounts.models import ReputationEvent, User
from quaestio.accounts.reputation import grant
from quaestio.posts import actions, fragments
from quaestio.posts.fragments import CSRF_MARKER, FRAGMENT_TTL, _fresh_for
from quaestio.posts.models import Comment, Post, VoteType
from quaestio.posts.queries import PostDetails, Viewer, question_page
from tests.conftest import make_user
from tests.posts.factories import ago, make_answer, make_comment, make_question

# Actions mark what they change when their transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def thread(alice: User, bob: User) -> tuple[Post, Post]:
    """A question by Alice and an answer by Bob, three days old (no date changes by the second)."""
    question = make_question(alice, created=ago(days=3))
    answer = make_answer(question, bob, score=2, created=ago(days=3))
    return question, answer


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the posts whose blocks were rendered (not served from the cache)."""
    rendered: list[int] = []
    original = fragments._render

    def counting(post: Post, *args: Any) -> str:
        rendered.append(post.pk)
        return original(post, *args)

    monkeypatch.setattr(fragments, "_render", counting)
    return rendered


def page(client: Client, question: Post) -> str:
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def vote_cell(html: str, post: Post) -> str:
    start = html.index(f'id="vote-{post.pk}"')
    return html[start : html.index('class="postcell"', start)]


def test_readers_with_the_same_facts_share_blocks_and_others_get_their_own(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], charlie: User, renders: list[int]
) -> None:
    question, answer = thread
    dave = make_user("Dave", "dave@example.org", reputation=15)
    page(client_for(charlie), question)
    assert sorted(renders) == [question.pk, answer.pk]

    page(client_for(dave), question)  # the same reputation band, no marks: the same blocks
    assert len(renders) == 2

    page(Client(), question)  # anonymous readers have blocks of their own
    assert len(renders) == 4


def test_a_vote_shows_pressed_to_the_voter_only_and_the_new_score_to_everyone(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], alice: User, charlie: User
) -> None:
    question, answer = thread
    voter = make_user("Voter", "voter@example.org", reputation=20)
    before_voter, before_other = page(client_for(voter), question), page(client_for(charlie), question)
    assert "vote-up is-pressed" not in vote_cell(before_voter, answer)

    actions.cast_vote(voter, answer.pk, VoteType.UP_MOD)

    after_voter, after_other = page(client_for(voter), question), page(client_for(charlie), question)
    assert "vote-up is-pressed" in vote_cell(after_voter, answer)
    assert "vote-up is-pressed" not in vote_cell(after_other, answer)
    assert re.findall(r"data-value=\"(-?\d+)\"", vote_cell(after_other, answer)) == ["3"], vote_cell(
        after_other, answer
    )[-2000:]
    assert 'data-value="2">2</div>' in vote_cell(before_other, answer)


def test_a_new_comment_reaches_readers_whose_blocks_were_cached(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], alice: User, charlie: User
) -> None:
    question, answer = thread
    reader = client_for(charlie)
    assert "moon phase" not in page(reader, question)

    actions.add_comment(alice, answer.pk, "Which moon phase do you mean in the second part?")

    assert "Which moon phase do you mean in the second part?" in page(reader, question)
    assert "Which moon phase do you mean in the second part?" in page(Client(), question)


def test_a_reputation_change_elsewhere_updates_the_cards_of_cached_blocks(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], bob: User, charlie: User
) -> None:
    question, _answer = thread
    reader = client_for(charlie)
    assert 'title="reputation score 101"' in page(reader, question)

    with transaction.atomic():
        grant(bob.pk, ReputationEvent.Kind.ARBITRARY_REPUTATION_CHANGE, 500)

    assert 'title="reputation score 601"' in page(reader, question)


def test_each_reader_gets_their_own_csrf_token_and_never_the_marker(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], alice: User, charlie: User
) -> None:
    question, _answer = thread
    first_client, second_client = client_for(alice), client_for(charlie)
    first, second = page(first_client, question), page(second_client, question)
    # Rendered again from the cached blocks.
    first_again = page(first_client, question)

    assert CSRF_MARKER not in first + second + first_again
    tokens_first = set(TOKEN.findall(first_again))
    tokens_second = set(TOKEN.findall(second))
    assert len(tokens_first) == 1 and len(tokens_second) == 1
    assert tokens_first != tokens_second
    # The anonymous page carries no token at all, so it stays publicly cacheable.
    assert not TOKEN.search(page(Client(), question))


def test_own_comments_offer_delete_to_their_author_only(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], charlie: User
) -> None:
    question, answer = thread
    dave = make_user("Dave", "dave@example.org", reputation=15)
    make_comment(answer, charlie, "I tried it and it works for me too, thanks.", created=ago(days=2))

    assert 'class="link-button comment-delete"' in page(client_for(charlie), question)
    assert 'class="link-button comment-delete"' not in page(client_for(dave), question)
    assert 'class="link-button comment-delete"' in page(client_for(charlie), question)


def test_a_block_lives_until_its_first_relative_date_changes(alice: User) -> None:
    now = timezone.now()
    question = make_question(alice, created=now - timedelta(minutes=5, seconds=20))
    details = PostDetails(question=question, comments={}, badges={})
    lifetime = _fresh_for(question, Viewer().facing(question, alice.pk), details, now)
    # "5 mins ago" turns into "6 mins ago" 40 seconds from now.
    assert lifetime == pytest.approx(40, abs=0.01)

    old = make_question(alice, created=now - timedelta(days=40))
    assert _fresh_for(old, Viewer().facing(old, alice.pk), details, now) == FRAGMENT_TTL


def test_post_viewer_answers_as_the_viewer_does(
    thread: tuple[Post, Post], alice: User, charlie: User
) -> None:
    """The cached blocks consult PostViewer; every answer it gives must be the one the full
    Viewer gives, for every kind of reader, post and comment."""
    question, answer = thread
    moderator = make_user("Mod", "mod@example.org", reputation=1, is_moderator=True)
    newcomer = make_user("New", "new@example.org", reputation=1)
    comments = [
        make_comment(answer, charlie, "Old comment by Charlie on the answer here.", created=ago(days=1)),
        make_comment(answer, charlie, "Fresh comment by Charlie on the answer here.", created=ago(minutes=1)),
        make_comment(question, alice, "A comment by Alice on her own question here."),
        make_comment(question, None, "A comment by someone who has left the site.", user_display_name="gone"),
    ]
    actions.cast_vote(charlie, question.pk, VoteType.UP_MOD)
    actions.toggle_comment_upvote(alice, comments[0].pk)
    for reader in (alice, charlie, moderator, newcomer):
        reader.refresh_from_db()
        loaded = question_page(question.pk, reader)
        full = loaded.viewer
        for post, comment in product(loaded.posts, Comment.objects.all()):
            facts = full.facing(post, question.owner_id)
            assert facts.is_authenticated == full.is_authenticated
            assert facts.may_comment(post) == full.may_comment(post)
            assert facts.may_edit_directly(post) == full.may_edit_directly(post)
            assert facts.may_delete_post(post) == full.may_delete_post(post)
            assert facts.pending_edit_for(post) == full.pending_edit_for(post)
            assert facts.is_asker(question.owner_id) == full.is_asker(question.owner_id)
            for vote_type in (2, 3, 5, 21):
                assert facts.voted(post.pk, vote_type) == full.voted(post.pk, vote_type)
            if comment.post_id == post.pk:
                assert facts.upvoted_comment(comment.pk) == full.upvoted_comment(comment.pk)
                assert facts.may_upvote_comment(comment) == full.may_upvote_comment(comment)
                assert facts.may_delete_comment(comment) == full.may_delete_comment(comment)
                assert facts.may_edit_comment(comment) == full.may_edit_comment(comment)


@pytest.fixture
def mains(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The question ids whose main column was built from blocks (not served whole from the cache)."""
    built: list[int] = []
    original = fragments.question_blocks

    def counting(page: Any, *args: Any, **kwargs: Any) -> fragments.QuestionBlocks:
        built.append(page.question.pk)
        return original(page, *args, **kwargs)

    monkeypatch.setattr(fragments, "question_blocks", counting)
    return built


def test_a_reader_with_facts_seen_before_gets_the_whole_column_from_the_cache(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], charlie: User, mains: list[int]
) -> None:
    question, _answer = thread
    dave = make_user("Dave", "dave@example.org", reputation=15)
    first = page(client_for(charlie), question)
    second = page(client_for(dave), question)

    assert mains == [question.pk]
    # Only the frame differs (each reader's name in the top bar), their token and the count of
    # views, which each reader's first view raised.
    column = re.compile(r'<main id="content" class="main">(.*)</main>', re.S)
    views = re.compile(r'<span class="question-views">\d+</span> times?')
    shared = [views.sub("", TOKEN.sub("", column.findall(html)[0])) for html in (first, second)]
    assert shared[0] == shared[1]
    assert '<span class="me-name">Charlie</span>' in first and '<span class="me-name">Dave</span>' in second

    page(client_for(dave), question)
    page(Client(), question)  # anonymous readers have other facts: their own column
    assert mains == [question.pk, question.pk]


def test_the_view_count_is_current_in_a_cached_column(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], charlie: User, alice: User
) -> None:
    question, _answer = thread
    Post.objects.filter(pk=question.pk).update(view_count=1233)
    reader = client_for(charlie)
    # Charlie's first view counts; Alice's view then comes through a column Charlie's built.
    assert '<span class="question-views">1,234</span> times' in page(reader, question)
    html = page(client_for(alice), question)
    assert '<span class="question-views">1,235</span> times' in html
    assert fragments.VIEWS_MARKER not in html


def test_a_change_to_the_thread_or_a_card_reaches_readers_of_a_cached_column(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], alice: User, bob: User, charlie: User
) -> None:
    question, _answer = thread
    reader = client_for(charlie)
    page(reader, question)

    actions.edit_post(
        alice,
        question.pk,
        title="How long does a lunar month last, exactly?",
        body=question.body_markdown,
        tags="meta",
    )
    question.refresh_from_db()
    assert "How long does a lunar month last, exactly?" in page(reader, question)

    with transaction.atomic():
        grant(bob.pk, ReputationEvent.Kind.ARBITRARY_REPUTATION_CHANGE, 500)
    assert 'title="reputation score 601"' in page(reader, question)


def test_a_refused_answer_keeps_its_text_for_its_author_only(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], charlie: User, alice: User
) -> None:
    question, _answer = thread
    writer = client_for(charlie)
    response = writer.post(reverse("posts:answer", args=[question.pk]), {"body": "too short"})
    assert response.status_code == 400
    assert "too short" in response.content.decode()

    # Neither the writer's next page nor another reader's carries the refused text.
    assert "too short" not in page(writer, question)
    assert "too short" not in page(client_for(alice), question)


def test_anonymous_columns_send_the_log_in_link_back_to_the_page_read(thread: tuple[Post, Post]) -> None:
    question, _answer = thread
    path = question.get_absolute_url()
    html = Client().get(f"{path}?answertab=newest").content.decode()
    assert "?next=/questions/" in html and "answertab%3Dnewest" in html
    plain = Client().get(path).content.decode()
    assert "answertab%3Dnewest" not in plain


def test_a_column_lives_until_the_headers_relative_date_changes(
    alice: User,
    client_for: Callable[[User], Client],
    charlie: User,
    mains: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start = timezone.now()
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    monkeypatch.setattr(time, "time", lambda: clock["now"].timestamp())
    # Only the header shows the last activity ("Modified 3 mins ago"); the blocks live longer.
    question = make_question(
        alice, created=start - timedelta(days=3), last_activity_date=start - timedelta(minutes=3, seconds=30)
    )
    reader = client_for(charlie)

    assert "3 mins ago" in page(reader, question)
    clock["now"] = start + timedelta(seconds=20)
    assert "3 mins ago" in page(reader, question)
    assert mains == [question.pk]

    clock["now"] = start + timedelta(seconds=31)
    assert "4 mins ago" in page(reader, question)
    assert mains == [question.pk, question.pk]


def test_answers_reordered_by_a_vote_reach_a_reader_whose_page_was_cached(
    thread: tuple[Post, Post], client_for: Callable[[User], Client], alice: User, charlie: User
) -> None:
    question, answer = thread
    later = make_answer(question, alice, score=2, created=ago(days=2))
    reader = client_for(charlie)
    html = page(reader, question)
    assert html.index(f'id="answer-{answer.pk}"') < html.index(f'id="answer-{later.pk}"')
    page(reader, question)  # served from the cached column and the answers' cached facts

    actions.cast_vote(make_user("Voter", "voter@example.org", reputation=20), later.pk, VoteType.UP_MOD)

    html = page(reader, question)
    assert html.index(f'id="answer-{later.pk}"') < html.index(f'id="answer-{answer.pk}"')


def test_text_beyond_latin_1_comes_through_a_cached_column_whole(
    client_for: Callable[[User], Client], alice: User, charlie: User, mains: list[int]
) -> None:
    # The column joins the page as UTF-8 bytes: characters of one, two, three and four bytes,
    # in the frame (the title), in the column (bodies, a name on a card) and in the sidebar.
    dmitri = make_user("Дмитрий 🚀", "dmitri@example.org", reputation=20)
    question = make_question(alice, title="Почему café — 日本語 🚀?", created=ago(days=3))
    body = "Ответ: naïve 日本語 text — with 🚀 and ǅ."
    make_answer(question, dmitri, body=body, score=2, created=ago(days=3))
    first = page(client_for(charlie), question)
    second = page(client_for(alice), question)  # the frame around a column from the cache
    again = page(client_for(charlie), question)

    assert mains == [question.pk, question.pk]
    for html in (first, second, again):
        assert "<title>Почему café — 日本語 🚀? - " in html
        assert body in html
        assert "Дмитрий 🚀" in html
        assert fragments.VIEWS_MARKER not in html and CSRF_MARKER not in html
        assert "<!--quaestio:" not in html
        # One token for the whole page: the frame's forms and the column's.
        assert len(set(TOKEN.findall(html))) == 1
