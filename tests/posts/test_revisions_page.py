"""/posts/<id>/revisions and /suggested-edits/<id>."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.posts.actions import edit_post
from quaestio.posts.models import Post, PostHistory, PostHistoryType, SuggestedEdit, Tag
from tests.conftest import make_user
from tests.posts.factories import QUESTION_BODY, answer, ask

pytestmark = pytest.mark.django_db

TITLE = "How do tides follow the moon?"


@pytest.fixture
def question(alice: User) -> Post:
    with time_machine.travel("2026-02-01 09:00Z", tick=False):
        asked = ask(alice, TITLE)
    with time_machine.travel("2026-02-01 10:00Z", tick=False):
        edit_post(
            alice,
            asked.pk,
            title=TITLE,
            body=QUESTION_BODY + " **Why** twice?",
            tags="tides",
            summary="ask why",
        )
    with time_machine.travel("2026-02-01 11:00Z", tick=False):
        PostHistory.objects.create(
            post=asked, post_history_type=PostHistoryType.POST_CLOSED, user=alice, comment="needs focus"
        )
    with time_machine.travel("2026-02-01 12:00Z", tick=False):
        edit_post(
            alice, asked.pk, title=TITLE + " Really", body=QUESTION_BODY + " **Why** twice?", tags="tides"
        )
    asked.refresh_from_db()
    return asked


def numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li class="revision" id="revision-(\d+)">', html)]


def test_it_lists_revisions_newest_first_with_the_events_between_them(client: Client, question: Post) -> None:
    response = client.get(f"/posts/{question.pk}/revisions")

    html = response.content.decode()
    assert response.status_code == 200
    assert numbers(html) == [3, 2, 1]
    assert html.index('id="revision-3"') < html.index("Post closed") < html.index('id="revision-2"')
    assert "needs focus" in html
    assert '<span class="revision-summary">ask why</span>' in html
    assert '<span class="revision-summary">Initial revision</span>' in html
    assert f'<a href="{question.get_absolute_url()}">{TITLE} Really</a>' in html
    assert html.count(f'href="/users/{question.owner_id}/alice">Alice</a>') == 4


def test_it_shows_inline_rendered_diffs_by_default_and_the_other_views_on_request(
    client: Client, question: Post
) -> None:
    base = f"/posts/{question.pk}/revisions"

    rendered = client.get(base).content.decode()
    markdown = client.get(base + "?source=markdown").content.decode()
    side = client.get(base + "?view=side-by-side&source=markdown").content.decode()

    assert '<div class="diff diff-inline diff-rendered"><ins>' in rendered
    assert "<ins> Why twice?</ins>" in rendered
    assert "**Why**" not in rendered
    assert "<ins> **Why** twice?</ins>" in markdown
    assert 'class="diff diff-inline diff-markdown"' in markdown
    assert 'class="diff diff-before diff-markdown"' in side
    assert 'class="diff diff-after diff-markdown"' in side
    assert "<ins> Really</ins>" in side
    assert 'href="?view=inline&amp;source=markdown"' in side
    assert 'aria-current="true">Side-by-side</a>' in side


def test_it_offers_rollback_only_to_those_who_may_edit_and_not_for_the_current_revision(
    client: Client, client_for: Callable[[User], Client], question: Post, alice: User, bob: User
) -> None:
    owner = client_for(alice).get(f"/posts/{question.pk}/revisions").content.decode()
    stranger = client_for(bob).get(f"/posts/{question.pk}/revisions").content.decode()
    anonymous = client.get(f"/posts/{question.pk}/revisions").content.decode()

    assert f'action="/posts/{question.pk}/rollback/1"' in owner
    assert f'action="/posts/{question.pk}/rollback/2"' in owner
    assert f'action="/posts/{question.pk}/rollback/3"' not in owner
    assert "rollback/" not in stranger
    assert "rollback/" not in anonymous


def test_it_names_the_author_of_a_revision_whose_account_is_gone(client: Client, question: Post) -> None:
    PostHistory.objects.filter(post=question).update(user=None, user_display_name="Old Timer")

    html = client.get(f"/posts/{question.pk}/revisions").content.decode()

    assert '<span class="user-name">Old Timer</span>' in html


def test_it_shows_an_answers_revisions_under_its_question(client: Client, question: Post, bob: User) -> None:
    posted = answer(question, bob)

    html = client.get(f"/posts/{posted.pk}/revisions").content.decode()

    assert "Revisions of an answer to" in html
    assert f'href="{question.get_absolute_url()}#{posted.pk}"' in html
    assert numbers(html) == [1]


def test_it_answers_404_for_missing_posts(client: Client) -> None:
    assert client.get("/posts/999999/revisions").status_code == 404


def test_the_question_pages_edited_link_leads_here(client: Client, question: Post) -> None:
    html = client.get(question.get_absolute_url()).content.decode()

    assert f'<a href="/posts/{question.pk}/revisions" title="show all edits to this post">edited' in html


def test_it_reads_the_revisions_page_in_a_fixed_number_of_queries(
    client: Client,
    client_for: Callable[[User], Client],
    django_assert_num_queries: DjangoAssertNumQueries,
    question: Post,
    alice: User,
    bob: User,
) -> None:
    posted = answer(question, bob)
    for i in range(10):
        with time_machine.travel(f"2026-02-02 {10 + i}:00Z", tick=False):
            edit_post(alice, question.pk, title=TITLE, body=QUESTION_BODY + f" Edit {i}.", tags="tides")
    owner = client_for(alice)

    # 1 the post, 2 its history rows with their users.
    with django_assert_num_queries(2):
        assert client.get(f"/posts/{question.pk}/revisions").status_code == 200
    # An answer adds 3 its question.
    with django_assert_num_queries(3):
        assert client.get(f"/posts/{posted.pk}/revisions").status_code == 200
    # Logged in: the viewer first (the session comes from the cache).
    with django_assert_num_queries(3):
        assert owner.get(f"/posts/{question.pk}/revisions").status_code == 200


# ---------------------------------------------------------------- suggested edits


@pytest.fixture
def suggestion(question: Post, charlie: User) -> SuggestedEdit:
    Tag.objects.create(name="moon")
    outcome = edit_post(
        charlie, question.pk, title=TITLE + " Really", body=QUESTION_BODY + " And the sun?", tags="tides moon"
    )
    assert outcome.suggested_edit is not None
    return outcome.suggested_edit


def test_the_suggested_edit_page_shows_the_diff_against_the_current_post(
    client: Client, suggestion: SuggestedEdit
) -> None:
    html = client.get(f"/suggested-edits/{suggestion.pk}").content.decode()
    markdown = client.get(f"/suggested-edits/{suggestion.pk}?source=markdown").content.decode()

    assert "Suggested by" in html
    assert "Pending review." in html
    assert "tides<ins> moon</ins>" in html
    assert "<ins>the sun?</ins>" in html
    assert "<del>**Why**</del>" in markdown
    assert "approve" not in html


def test_reviewers_and_the_owner_get_the_buttons_and_the_author_does_not(
    client_for: Callable[[User], Client], suggestion: SuggestedEdit, alice: User, bob: User, charlie: User
) -> None:
    reviewer = make_user("Reviewer", "reviewer@example.org", reputation=1000)
    path = f"/suggested-edits/{suggestion.pk}"

    for user in (alice, reviewer):
        html = client_for(user).get(path).content.decode()
        assert f'action="{path}/approve"' in html
        assert f'action="{path}/reject"' in html
    for user in (bob, charlie):
        assert "/approve" not in client_for(user).get(path).content.decode()


def test_the_post_links_its_pending_edit_for_reviewers_only(
    client: Client,
    client_for: Callable[[User], Client],
    question: Post,
    suggestion: SuggestedEdit,
    alice: User,
    bob: User,
) -> None:
    link = f'<a class="pending-edit" href="/suggested-edits/{suggestion.pk}">suggested edit pending</a>'

    assert link in client_for(alice).get(question.get_absolute_url()).content.decode()
    assert link not in client_for(bob).get(question.get_absolute_url()).content.decode()
    assert link not in client.get(question.get_absolute_url()).content.decode()


def test_a_decided_suggestion_says_so_and_a_missing_one_is_404(
    client: Client, client_for: Callable[[User], Client], suggestion: SuggestedEdit, alice: User
) -> None:
    client_for(alice).post(f"/suggested-edits/{suggestion.pk}/approve")

    html = client_for(alice).get(f"/suggested-edits/{suggestion.pk}").content.decode()

    assert "<b>Approved</b>" in html
    assert "/approve" not in html
    assert client.get("/suggested-edits/999999").status_code == 404
