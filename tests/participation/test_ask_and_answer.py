"""ask_question and post_answer: what they write, and what they refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from quaestio.accounts import rules
from quaestio.accounts.models import User
from quaestio.lib.errors import Conflict, InvalidInput, NotPermitted, RateLimited
from quaestio.posts.actions import ask_question, post_answer
from quaestio.posts.models import Post, PostHistory, PostTag, Tag
from tests.conftest import make_user
from tests.participation.conftest import BODY


@pytest.fixture
def existing_tags(db: None) -> None:
    Tag.objects.create(name="physics")
    Tag.objects.create(name="tides")


def test_it_writes_the_question_its_tags_and_three_history_rows(asker: User, existing_tags: None) -> None:
    question = ask_question(asker, "How do tides depend on the moon?", BODY + " **bold**", "physics tides")
    question.refresh_from_db()
    assert question.tags == "physics tides"
    assert "<strong>bold</strong>" in question.body_html
    assert set(PostTag.objects.filter(post=question).values_list("tag__name", flat=True)) == {
        "physics",
        "tides",
    }
    assert Tag.objects.get(name="physics").count == 1
    history = list(PostHistory.objects.filter(post=question).order_by("post_history_type"))
    assert [row.post_history_type for row in history] == [1, 2, 3]
    assert len({row.revision_guid for row in history}) == 1
    assert history[2].text == "<physics><tides>"


@pytest.mark.parametrize(
    ("title", "body", "tags", "field"),
    [
        ("Too short", BODY, "physics", "title"),
        ("x" * 151, BODY, "physics", "title"),
        ("A perfectly fine title here", "short", "physics", "body"),
        ("A perfectly fine title here", BODY, "", "tags"),
        ("A perfectly fine title here", BODY, "a b c d e f", "tags"),
        ("A perfectly fine title here", BODY, "bad<tag", "tags"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(
    asker: User, existing_tags: None, title: str, body: str, tags: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask_question(asker, title, body, tags)
    assert refused.value.field == field
    assert Post.objects.count() == 0


def test_on_a_young_site_anyone_creates_tags(asker: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "OPEN_TAG_CREATION_BELOW_QUESTIONS", 2)
    ask_question(asker, "What is a quantum of action?", BODY, "quantum")
    User.objects.filter(pk=asker.pk).update(reputation=130)  # past the new-user interval, below 150
    ask_question(User.objects.get(pk=asker.pk), "What is a photon, really?", BODY, "photons")
    assert set(Tag.objects.values_list("name", flat=True)) == {"quantum", "photons"}
    with pytest.raises(NotPermitted, match="create the new tag “bosons”"):
        ask_question(User.objects.get(pk=asker.pk), "What is a boson exactly?", BODY, "bosons")


def test_a_new_tag_needs_the_create_tags_privilege(asker: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "OPEN_TAG_CREATION_BELOW_QUESTIONS", 0)
    with pytest.raises(NotPermitted, match="150 reputation to create the new tag “quantum”"):
        ask_question(asker, "What is a quantum of action?", BODY, "quantum")
    assert not Tag.objects.filter(name="quantum").exists()
    creator = make_user("Creator", "creator@example.org", reputation=150)
    ask_question(creator, "What is a quantum of action?", BODY, "quantum")
    assert Tag.objects.get(name="quantum").count == 1


def test_new_users_wait_40_minutes_between_questions(asker: User, existing_tags: None) -> None:
    with time_machine.travel("2026-01-01 12:00Z", tick=False):
        ask_question(asker, "First question about the tides", BODY, "tides")
        with pytest.raises(RateLimited, match="once every 40 minutes") as limited:
            ask_question(asker, "Second question about the tides", BODY, "tides")
        assert limited.value.retry_at == timezone.now() + timedelta(minutes=40)
    with time_machine.travel("2026-01-01 12:41Z", tick=False):
        ask_question(asker, "Second question about the tides", BODY, "tides")


def test_answering_bumps_the_question(asker: User, answerer: User, existing_tags: None) -> None:
    question = ask_question(asker, "How do tides depend on the moon?", BODY, "tides")
    answer = post_answer(answerer, question.pk, BODY)
    question.refresh_from_db()
    assert answer.parent_id == question.pk
    assert question.answer_count == 1
    assert question.last_activity_date == answer.creation_date
    assert PostHistory.objects.filter(post=answer, post_history_type=2).count() == 1


def test_closed_questions_take_no_answers(asker: User, answerer: User, existing_tags: None) -> None:
    question = ask_question(asker, "How do tides depend on the moon?", BODY, "tides")
    Post.objects.filter(pk=question.pk).update(closed_date=timezone.now())
    with pytest.raises(Conflict, match="closed"):
        post_answer(answerer, question.pk, BODY)
    assert Post.objects.filter(parent=question).count() == 0


def test_protected_questions_need_ten_earned_reputation(
    asker: User, answerer: User, existing_tags: None
) -> None:
    question = ask_question(asker, "How do tides depend on the moon?", BODY, "tides")
    Post.objects.filter(pk=question.pk).update(protected_date=timezone.now())
    with pytest.raises(NotPermitted, match="protected"):
        post_answer(answerer, question.pk, BODY)
    User.objects.filter(pk=answerer.pk).update(reputation=11)
    post_answer(answerer, question.pk, BODY)
