"""add_comment, delete_comment and comment upvotes."""

from __future__ import annotations

import pytest

from quaestio.accounts.models import User
from quaestio.lib.errors import InvalidInput, NotPermitted, RateLimited
from quaestio.posts.actions import (
    add_comment,
    ask_question,
    delete_comment,
    post_answer,
    toggle_comment_upvote,
)
from quaestio.posts.models import Comment, Post, Tag
from tests.conftest import make_user
from tests.participation.conftest import BODY

COMMENT = "Could you say which moon phase you mean?"


@pytest.fixture
def question(asker: User) -> Post:
    Tag.objects.create(name="tides")
    return ask_question(asker, "How do tides depend on the moon?", BODY, "tides")


def test_commenting_elsewhere_needs_50_reputation(question: Post) -> None:
    newcomer = make_user("New", "new@example.org", reputation=49)
    with pytest.raises(NotPermitted, match="50 reputation to comment"):
        add_comment(newcomer, question.pk, COMMENT)
    User.objects.filter(pk=newcomer.pk).update(reputation=50)
    comment = add_comment(newcomer, question.pk, COMMENT)
    assert Post.objects.get(pk=question.pk).comment_count == 1
    assert comment.text_html == "Could you say which moon phase you mean?"


def test_anyone_comments_on_their_own_post_and_answers_to_their_question(
    question: Post, asker: User, answerer: User
) -> None:
    add_comment(asker, question.pk, COMMENT)
    answer = post_answer(answerer, question.pk, BODY)
    add_comment(answerer, answer.pk, "Happy to expand on the gradient.")
    Comment.objects.update(creation_date="2020-01-01T00:00:00Z")  # past the new-user interval
    add_comment(asker, answer.pk, "Thanks, that is what I needed here.")
    assert Comment.objects.count() == 3


@pytest.mark.parametrize("text", ["too short", "x" * 601])
def test_comment_length_is_15_to_600(question: Post, asker: User, text: str) -> None:
    with pytest.raises(InvalidInput, match="Comment"):
        add_comment(asker, question.pk, text)
    assert Comment.objects.count() == 0


def test_new_users_wait_between_comments(question: Post, asker: User) -> None:
    add_comment(asker, question.pk, COMMENT)
    with pytest.raises(RateLimited, match="once every 15 seconds"):
        add_comment(asker, question.pk, COMMENT + " again")


def test_comment_markdown_renders_links_and_never_raw_html(question: Post, asker: User) -> None:
    comment = add_comment(asker, question.pk, "See [the docs](https://example.org) <script>x</script>")
    assert '<a href="https://example.org" rel="nofollow noopener">the docs</a>' in comment.text_html
    assert "<script" not in comment.text_html


def test_only_the_author_or_a_moderator_deletes(question: Post, asker: User) -> None:
    comment = add_comment(asker, question.pk, COMMENT)
    other = make_user("Other", "other@example.org", reputation=100)
    with pytest.raises(NotPermitted):
        delete_comment(other, comment.pk)
    delete_comment(asker, comment.pk)
    assert Post.objects.get(pk=question.pk).comment_count == 0
    assert Comment.objects.get(pk=comment.pk).deletion_date is not None


def test_comment_upvote_toggles_and_not_on_own(question: Post, asker: User) -> None:
    comment = add_comment(asker, question.pk, COMMENT)
    User.objects.filter(pk=asker.pk).update(reputation=100)
    with pytest.raises(NotPermitted, match="your own comment"):
        toggle_comment_upvote(User.objects.get(pk=asker.pk), comment.pk)
    fan = make_user("Fan", "fan@example.org", reputation=15)
    assert toggle_comment_upvote(fan, comment.pk).score == 1
    assert toggle_comment_upvote(fan, comment.pk).score == 0
    assert Comment.objects.get(pk=comment.pk).score == 0
