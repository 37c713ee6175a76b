"""The actions queue badge checks on commit, and the worker awards what they earned."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from quaestio.accounts.models import User
from quaestio.badges.models import Badge
from quaestio.posts.actions import add_comment, ask_question, cast_vote, edit_post, post_answer, toggle_accept
from quaestio.posts.models import Tag
from tests.conftest import make_user
from tests.participation.conftest import BODY


@pytest.mark.django_db(transaction=True)
def test_a_first_vote_accept_and_edit_earn_their_badges_through_the_worker() -> None:
    asker = make_user("Asker", "asker@example.org", reputation=200)
    answerer = make_user("Answerer", "answerer@example.org", reputation=1)
    voter = make_user("Voter", "voter@example.org", reputation=200)
    Tag.objects.create(name="physics")
    question = ask_question(asker, "How do tides depend on the moon?", BODY, "physics")
    answer = post_answer(answerer, question.pk, BODY)
    cast_vote(voter, question.pk, 2)  # Supporter for the voter, Student for the asker
    cast_vote(voter, answer.pk, 2)  # Teacher for the answerer
    toggle_accept(User.objects.get(pk=asker.pk), answer.pk)  # Scholar for the asker
    editor = make_user("Copyeditor", "copyeditor@example.org", reputation=1000)
    edit_post(editor, question.pk, title=question.title, body=BODY + " edited", tags="physics")
    add_comment(voter, question.pk, "A comment that earns nothing yet.")
    assert not Badge.objects.exists()  # awarded by the worker, not inside the action
    call_command("worker", "--once", stdout=io.StringIO())
    earned = set(Badge.objects.values_list("user__display_name", "name"))
    assert {
        ("Voter", "Supporter"),
        ("Asker", "Student"),
        ("Answerer", "Teacher"),
        ("Asker", "Scholar"),
    } <= earned
    assert ("Copyeditor", "Editor") in earned
