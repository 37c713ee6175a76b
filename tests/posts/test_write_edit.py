"""/posts/<id>/edit, POST /posts/<id>/rollback/<n> and POST /suggested-edits/<id>/approve|reject."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.posts.actions import edit_post
from quaestio.posts.history import revisions
from quaestio.posts.models import Post, SuggestedEdit
from tests.conftest import make_user
from tests.posts.factories import ANSWER_BODY, QUESTION_BODY, answer, ask

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
TITLE = "How do tides follow the moon?"
NEW_BODY = QUESTION_BODY + " And does the sun play a part as well?"


@pytest.fixture
def question(alice: User) -> Post:
    with time_machine.travel("2026-02-01 09:00Z", tick=False):
        return ask(alice, TITLE)


def body_of(post: Post) -> str:
    return Post.objects.get(pk=post.pk).body_markdown


def edit_fields(**changes: str) -> dict[str, str]:
    return {"title": TITLE, "body": NEW_BODY, "tags": "tides", "summary": "mention the sun", **changes}


# ---------------------------------------------------------------- the form


def test_the_edit_form_is_prefilled_with_the_current_markdown(
    client_for: Callable[[User], Client], question: Post, alice: User
) -> None:
    response = client_for(alice).get(f"/posts/{question.pk}/edit")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<form class="form form-card edit-form" method="post" action="/posts/{question.pk}/edit">' in html
    assert f'name="title" maxlength="150" required value="{TITLE}"' in html
    assert f">{QUESTION_BODY}</textarea>" in html
    assert 'name="tags" required aria-describedby="edit-tags-help" value="tides"' in html
    assert 'name="summary"' in html
    assert "Save edits" in html
    assert "peer reviewed" not in html


def test_an_answers_form_has_only_the_body_and_says_when_it_will_be_reviewed(
    client_for: Callable[[User], Client], question: Post, bob: User, charlie: User
) -> None:
    posted = answer(question, bob)

    html = client_for(charlie).get(f"/posts/{posted.pk}/edit").content.decode()

    assert 'name="title"' not in html
    assert 'name="tags"' not in html
    assert f">{ANSWER_BODY}</textarea>" in html
    assert "Your edit will be placed in a queue until it is peer reviewed." in html
    assert "Suggest edit" in html


def test_the_edit_form_sends_anonymous_visitors_to_log_in_and_answers_404_for_missing_posts(
    client: Client, client_for: Callable[[User], Client], question: Post, alice: User
) -> None:
    anonymous = client.get(f"/posts/{question.pk}/edit")
    missing = client_for(alice).get("/posts/999999/edit")

    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/users/login?next=/posts/{question.pk}/edit"
    assert missing.status_code == 404


# ---------------------------------------------------------------- editing


def test_the_owner_edits_and_goes_back_to_the_post(
    client_for: Callable[[User], Client], question: Post, alice: User
) -> None:
    response = client_for(alice).post(f"/posts/{question.pk}/edit", edit_fields())

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert body_of(question) == NEW_BODY
    assert len(revisions(question.pk)[0]) == 2


def test_an_edit_as_json_answers_the_outcome(
    client_for: Callable[[User], Client], question: Post, alice: User, bob: User
) -> None:
    mine = client_for(alice).post(f"/posts/{question.pk}/edit", edit_fields(), headers=JSON)
    suggested = client_for(bob).post(
        f"/posts/{question.pk}/edit", edit_fields(body=NEW_BODY + " Bob adds this."), headers=JSON
    )

    suggestion = SuggestedEdit.objects.get()
    assert mine.status_code == 200
    assert mine.json() == {
        "post_id": question.pk,
        "suggested_edit_id": None,
        "url": question.get_absolute_url(),
    }
    assert suggested.json() == {
        "post_id": question.pk,
        "suggested_edit_id": suggestion.pk,
        "url": question.get_absolute_url(),
    }


def test_a_suggested_edit_goes_back_to_the_post_with_a_message(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    editor = client_for(bob)

    response = editor.post(f"/posts/{question.pk}/edit", edit_fields())

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert body_of(question) == QUESTION_BODY
    assert SuggestedEdit.objects.get().text == NEW_BODY
    assert (
        "Your edit will be visible once it is approved." in editor.get(response["Location"]).content.decode()
    )


def test_a_refused_edit_shows_the_form_again_with_the_sentence_and_the_input(
    client_for: Callable[[User], Client], question: Post, alice: User
) -> None:
    response = client_for(alice).post(f"/posts/{question.pk}/edit", edit_fields(title="Tides?"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Title must be at least 15 characters; you entered 6." in html
    assert 'value="Tides?"' in html
    assert f">{NEW_BODY}</textarea>" in html
    assert 'value="mention the sun"' in html
    assert body_of(question) == QUESTION_BODY


def test_an_edit_that_changes_nothing_is_refused(
    client_for: Callable[[User], Client], question: Post, alice: User
) -> None:
    response = client_for(alice).post(
        f"/posts/{question.pk}/edit", edit_fields(body=QUESTION_BODY), headers=JSON
    )

    assert response.status_code == 400
    assert response.json()["error"] == {
        "status": 400,
        "message": "Your edit does not change anything.",
        "field": "body",
    }


def test_a_second_suggestion_while_one_waits_is_a_conflict(
    client_for: Callable[[User], Client], question: Post, bob: User, charlie: User
) -> None:
    client_for(bob).post(f"/posts/{question.pk}/edit", edit_fields())

    response = client_for(charlie).post(f"/posts/{question.pk}/edit", edit_fields(body=NEW_BODY + " More."))

    assert response.status_code == 409
    assert "already has a suggested edit waiting for review" in response.content.decode()
    assert SuggestedEdit.objects.count() == 1


def test_a_locked_post_cannot_be_edited(
    client_for: Callable[[User], Client], question: Post, alice: User
) -> None:
    Post.objects.filter(pk=question.pk).update(locked_date=timezone.now())

    response = client_for(alice).post(f"/posts/{question.pk}/edit", edit_fields(), headers=JSON)

    assert response.status_code == 409
    assert response.json()["error"]["message"] == "This post is locked, so you cannot edit it."
    assert body_of(question) == QUESTION_BODY


# ---------------------------------------------------------------- rollback


@pytest.fixture
def edited(question: Post, alice: User) -> Post:
    with time_machine.travel("2026-02-01 10:00Z", tick=False):
        edit_post(alice, question.pk, title=TITLE, body=NEW_BODY, tags="tides", summary="sun")
    return question


def test_rolling_back_restores_the_revision_and_goes_back_to_the_post(
    client_for: Callable[[User], Client], edited: Post, alice: User
) -> None:
    response = client_for(alice).post(f"/posts/{edited.pk}/rollback/1")

    assert response.status_code == 302
    assert response["Location"] == edited.get_absolute_url()
    assert body_of(edited) == QUESTION_BODY
    latest = revisions(edited.pk)[0][-1]
    assert (latest.number, latest.comment, latest.is_rollback) == (3, "Rollback to Revision 1", True)


def test_rolling_back_as_json(client_for: Callable[[User], Client], edited: Post, alice: User) -> None:
    response = client_for(alice).post(f"/posts/{edited.pk}/rollback/1", headers=JSON)

    assert response.status_code == 200
    assert response.json() == {"post_id": edited.pk, "rolled_back_to": 1}


def test_rollback_refusals(
    client_for: Callable[[User], Client], edited: Post, alice: User, bob: User
) -> None:
    current = client_for(alice).post(f"/posts/{edited.pk}/rollback/2", headers=JSON)
    missing = client_for(alice).post(f"/posts/{edited.pk}/rollback/9", headers=JSON)
    stranger = client_for(bob).post(f"/posts/{edited.pk}/rollback/1")

    assert (current.status_code, current.json()["error"]["message"]) == (
        400,
        "Revision 2 is the current revision; there is nothing to roll back.",
    )
    assert (missing.status_code, missing.json()["error"]["message"]) == (404, "This post has no revision 9.")
    assert stranger.status_code == 403
    html = stranger.content.decode()
    assert "You need 1,000 reputation to roll back other people&#39;s posts; you have 101." in html
    assert f'<a href="{edited.get_absolute_url()}">Back to the question</a>' in html
    assert body_of(edited) == NEW_BODY


# ---------------------------------------------------------------- reviewing suggested edits


@pytest.fixture
def suggestion(question: Post, charlie: User) -> SuggestedEdit:
    outcome = edit_post(charlie, question.pk, title=TITLE, body=NEW_BODY, tags="tides", summary="sun")
    assert outcome.suggested_edit is not None
    return outcome.suggested_edit


def test_the_owner_approves_a_suggestion_and_it_applies(
    client_for: Callable[[User], Client], question: Post, suggestion: SuggestedEdit, alice: User
) -> None:
    owner = client_for(alice)

    response = owner.post(f"/suggested-edits/{suggestion.pk}/approve")

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert body_of(question) == NEW_BODY
    assert "The suggested edit was approved" in owner.get(response["Location"]).content.decode()


def test_a_reviewer_rejects_a_suggestion_as_json(
    client_for: Callable[[User], Client], question: Post, suggestion: SuggestedEdit, bob: User
) -> None:
    User.objects.filter(pk=bob.pk).update(is_moderator=True)

    response = client_for(bob).post(f"/suggested-edits/{suggestion.pk}/reject", headers=JSON)

    assert response.status_code == 200
    assert response.json() == {"id": suggestion.pk, "post_id": question.pk, "status": "rejected"}
    assert body_of(question) == QUESTION_BODY


def test_one_ordinary_reviewers_vote_leaves_the_suggestion_pending(
    client_for: Callable[[User], Client], suggestion: SuggestedEdit, question: Post
) -> None:
    reviewer = make_user("Reviewer", "reviewer@example.org", reputation=2000)

    response = client_for(reviewer).post(f"/suggested-edits/{suggestion.pk}/approve", headers=JSON)

    assert response.json()["status"] == "pending"
    assert body_of(question) == QUESTION_BODY


def test_review_refusals(
    client_for: Callable[[User], Client], suggestion: SuggestedEdit, alice: User, charlie: User
) -> None:
    unprivileged = client_for(charlie).post(f"/suggested-edits/{suggestion.pk}/approve", headers=JSON)
    client_for(alice).post(f"/suggested-edits/{suggestion.pk}/reject")
    decided = client_for(alice).post(f"/suggested-edits/{suggestion.pk}/approve")
    missing = client_for(alice).post("/suggested-edits/999999/approve", headers=JSON)

    assert (unprivileged.status_code, unprivileged.json()["error"]["message"]) == (
        403,
        "You need 1,000 reputation to review suggested edits; you have 15.",
    )
    assert decided.status_code == 409
    assert "This suggested edit has already been reviewed." in decided.content.decode()
    assert f'href="/suggested-edits/{suggestion.pk}"' in decided.content.decode()
    assert (missing.status_code, missing.json()["error"]["message"]) == (
        404,
        "This suggested edit does not exist.",
    )
