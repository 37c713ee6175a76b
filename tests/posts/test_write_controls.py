"""The controls the question page gives each viewer, pressed where they already acted: vote
arrows, accept, bookmark, follow, edit, comment forms and comment buttons."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from quaestio.accounts.models import User
from quaestio.posts.actions import (
    cast_vote,
    toggle_accept,
    toggle_bookmark,
    toggle_comment_upvote,
    toggle_follow,
)
from quaestio.posts.models import Post
from tests.conftest import make_user
from tests.posts.factories import answer, ask, comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(alice: User) -> Post:
    return ask(alice)


@pytest.fixture
def answered(question: Post, bob: User) -> Post:
    return answer(question, bob)


def page(client: Client, question: Post) -> str:
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_it_presses_the_viewers_own_votes_bookmark_and_follow(
    client_for: Callable[[User], Client], question: Post, answered: Post, charlie: User
) -> None:
    cast_vote(charlie, answered.pk, 2)
    toggle_bookmark(charlie, question.pk)
    toggle_follow(charlie, question.pk)

    mine = page(client_for(charlie), question)
    someone_else = page(client_for(make_user("Dora", "dora@example.org", reputation=20)), question)

    assert 'class="vote-button vote-up is-pressed" type="submit" aria-pressed="true"' in mine
    assert mine.count('aria-pressed="true"') == 3
    assert 'class="bookmark-button is-pressed" type="submit" aria-pressed="true"' in mine
    assert ">Following</button>" in mine
    assert 'aria-pressed="true"' not in someone_else
    assert ">Follow</button>" in someone_else


def test_the_asker_gets_an_accept_button_on_every_answer_and_others_a_mark(
    client: Client,
    client_for: Callable[[User], Client],
    question: Post,
    answered: Post,
    alice: User,
    charlie: User,
) -> None:
    other = answer(question, charlie, "A second answer about the tides and the moon, long enough.")
    toggle_accept(alice, answered.pk)

    asker = page(client_for(alice), question)
    reader = page(client, question)

    assert asker.count('class="accept-button') == 2
    assert f'action="/posts/{answered.pk}/vote/1"' in asker
    assert f'action="/posts/{other.pk}/vote/1"' in asker
    assert 'class="accept-button is-pressed" type="submit" aria-pressed="true"' in asker
    assert 'class="accepted-mark"' not in asker
    assert "accept-button" not in reader
    assert reader.count('class="accepted-mark"') == 1


def test_bookmarks_show_to_members_and_not_to_anonymous_visitors(
    client: Client, client_for: Callable[[User], Client], question: Post, answered: Post, bob: User
) -> None:
    member = page(client_for(bob), question)

    assert f'action="/posts/{question.pk}/vote/5"' in member
    assert f'action="/posts/{answered.pk}/vote/5"' in member
    assert "/vote/5" not in page(client, question)


def test_every_post_has_an_edit_link_and_a_follow_button(
    client: Client, question: Post, answered: Post
) -> None:
    html = page(client, question)

    for post in (question, answered):
        assert f'<a href="/posts/{post.pk}/edit"' in html
    assert (
        html.count('<form class="inline-form" method="get" action="/users/login">') == 2
    )  # log in to follow
    assert f'action="/questions/{question.pk}/answer"' not in html  # anonymous: log in to answer


def test_the_comment_form_goes_only_to_those_who_may_comment(
    client: Client,
    client_for: Callable[[User], Client],
    question: Post,
    answered: Post,
    alice: User,
    charlie: User,
) -> None:
    newcomer = make_user("Newcomer", "new@example.org")
    form_on = (
        '<form class="comment-form js-action" id="comment-form-{}" method="post" action="/posts/{}/comments"'
    )

    asker = page(client_for(alice), question)
    low_rep = page(client_for(charlie), question)
    new = page(client_for(newcomer), question)

    for post in (question, answered):
        assert form_on.format(post.pk, post.pk) in asker
        assert form_on.format(post.pk, post.pk) not in low_rep
    assert 'textarea id="comment-body-' in asker
    assert '<a class="comment-add-link js-add-comment" href="#comment-form-' in asker
    assert "comment-form" not in new
    assert "comment-form" not in page(client, question)


def test_comments_get_upvote_buttons_for_the_privileged_and_delete_buttons_for_their_author(
    client_for: Callable[[User], Client], question: Post, alice: User, bob: User, charlie: User
) -> None:
    by_bob = comment(question, bob)
    toggle_comment_upvote(charlie, by_bob.pk)

    bob_sees = page(client_for(bob), question)
    charlie_sees = page(client_for(charlie), question)
    newcomer_sees = page(client_for(make_user("Newcomer", "new@example.org")), question)

    assert f'action="/comments/{by_bob.pk}/delete"' in bob_sees
    assert f'action="/comments/{by_bob.pk}/vote"' not in bob_sees
    assert f'action="/comments/{by_bob.pk}/vote"' in charlie_sees
    assert 'class="comment-up is-pressed" type="submit" aria-pressed="true"' in charlie_sees
    assert f'action="/comments/{by_bob.pk}/delete"' not in charlie_sees
    assert "/comments/" not in newcomer_sees.replace(f"/posts/{question.pk}/comments", "")


def test_the_answer_form_posts_to_the_answer_url(
    client_for: Callable[[User], Client], question: Post, bob: User
) -> None:
    html = page(client_for(bob), question)

    assert f'<form class="answer-form" method="post" action="/questions/{question.pk}/answer">' in html
    assert '<script src="/static/quaestio/js/actions.js" defer></script>' in html
    assert "onclick=" not in html
    assert "style=" not in html
