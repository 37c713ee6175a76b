"""What every write URL shares: POST only, CSRF-protected, and a log-in for anonymous visitors
(a redirect for browsers, a 403 sentence for scripts), with nothing changed when refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client

from quaestio.accounts.models import ReputationEvent, User
from quaestio.posts.actions import edit_post
from quaestio.posts.models import (
    Comment,
    CommentVote,
    Post,
    PostHistory,
    SuggestedEdit,
    SuggestedEditVote,
    Vote,
)
from tests.posts.factories import answer, ask, comment

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Thread:
    question: Post
    answer: Post
    comment_id: int
    suggestion_id: int


@pytest.fixture
def thread(alice: User, bob: User, charlie: User) -> Thread:
    question = ask(alice)
    posted = answer(question, bob)
    said = comment(question, bob)
    suggestion = edit_post(
        charlie, posted.pk, title=None, body=posted.body_markdown + " Also the sun.", tags=None
    ).suggested_edit
    assert suggestion is not None
    return Thread(question, posted, said.pk, suggestion.pk)


# name: (path, where an anonymous visitor returns after logging in, the verb of the sentence)
URLS: dict[str, Callable[[Thread], tuple[str, str, str]]] = {
    "ask": lambda t: ("/questions/ask", "/questions/ask", "ask a question"),
    "answer": lambda t: (f"/questions/{t.question.pk}/answer", t.question.get_absolute_url(), "answer"),
    "comment": lambda t: (f"/posts/{t.question.pk}/comments", t.question.get_absolute_url(), "comment"),
    "comment vote": lambda t: (f"/comments/{t.comment_id}/vote", t.question.get_absolute_url(), "vote"),
    "comment delete": lambda t: (
        f"/comments/{t.comment_id}/delete",
        t.question.get_absolute_url(),
        "delete comments",
    ),
    "accept": lambda t: (f"/posts/{t.answer.pk}/vote/1", t.question.get_absolute_url(), "accept an answer"),
    "up": lambda t: (f"/posts/{t.answer.pk}/vote/2", t.question.get_absolute_url(), "vote"),
    "down": lambda t: (f"/posts/{t.answer.pk}/vote/3", t.question.get_absolute_url(), "vote"),
    "bookmark": lambda t: (f"/posts/{t.question.pk}/vote/5", t.question.get_absolute_url(), "bookmark posts"),
    "follow": lambda t: (f"/posts/{t.question.pk}/follow", t.question.get_absolute_url(), "follow posts"),
    "edit": lambda t: (f"/posts/{t.question.pk}/edit", t.question.get_absolute_url(), "edit posts"),
    "rollback": lambda t: (
        f"/posts/{t.question.pk}/rollback/1",
        t.question.get_absolute_url(),
        "roll back posts",
    ),
    "approve": lambda t: (
        f"/suggested-edits/{t.suggestion_id}/approve",
        f"/suggested-edits/{t.suggestion_id}",
        "review suggested edits",
    ),
    "reject": lambda t: (
        f"/suggested-edits/{t.suggestion_id}/reject",
        f"/suggested-edits/{t.suggestion_id}",
        "review suggested edits",
    ),
}
# The two write URLs whose GET is a page of its own.
GET_ALLOWED = {"ask", "comment", "edit"}
FIELDS = {"title": "How do the tides follow the moon, really?", "body": "x" * 40, "tags": "tides"}


def snapshot() -> tuple[int, ...]:
    """Every table an action writes, counted, plus the reputations."""
    return (
        Post.objects.count(),
        Comment.objects.filter(deletion_date__isnull=True).count(),
        Vote.objects.count(),
        CommentVote.objects.count(),
        SuggestedEdit.objects.filter(approval_date__isnull=True, rejection_date__isnull=True).count(),
        SuggestedEditVote.objects.count(),
        PostHistory.objects.count(),
        ReputationEvent.objects.count(),
        *User.objects.order_by("pk").values_list("reputation", flat=True),
    )


@pytest.mark.parametrize("name", sorted(URLS))
def test_it_sends_anonymous_browsers_to_log_in_and_back(client: Client, thread: Thread, name: str) -> None:
    path, back, _verb = URLS[name](thread)
    before = snapshot()

    response = client.post(path, FIELDS)

    assert response.status_code == 302
    assert response["Location"] == f"/users/login?next={quote(back, safe='/')}"
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(URLS))
def test_it_refuses_anonymous_scripts_with_a_403_sentence(client: Client, thread: Thread, name: str) -> None:
    path, _back, verb = URLS[name](thread)
    before = snapshot()

    response = client.post(path, FIELDS, HTTP_ACCEPT="application/json")

    assert response.status_code == 403
    assert response.json() == {"error": {"status": 403, "message": f"You must log in to {verb}."}}
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(set(URLS) - GET_ALLOWED))
def test_it_answers_405_to_anything_but_post(
    client_for: Callable[[User], Client], alice: User, thread: Thread, name: str
) -> None:
    path, _back, _verb = URLS[name](thread)
    before = snapshot()

    for method in ("get", "put", "delete"):
        response = getattr(client_for(alice), method)(path)
        assert response.status_code == 405, method
        assert response["Allow"] == "POST"
        assert "only accepts POST" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(URLS))
def test_it_refuses_a_post_without_the_csrf_token_and_changes_nothing(
    alice: User, thread: Thread, name: str
) -> None:
    path, _back, _verb = URLS[name](thread)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    before = snapshot()

    response = browser.post(path, FIELDS, HTTP_ACCEPT="application/json")

    assert response.status_code == 403
    assert snapshot() == before


def test_a_post_with_the_csrf_token_from_the_cookie_goes_through(
    alice: User, bob: User, thread: Thread
) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(bob)
    browser.get(thread.question.get_absolute_url())
    token = browser.cookies["csrftoken"].value

    response = browser.post(
        f"/posts/{thread.question.pk}/vote/2", HTTP_ACCEPT="application/json", HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 200
    assert response.json()["upvoted"] is True
