"""edit_post, rollback_post, review_suggested_edit and the revisions they leave."""

from __future__ import annotations

import pytest
import time_machine

from quaestio.accounts.models import User
from quaestio.lib.errors import Conflict, InvalidInput, NotPermitted
from quaestio.posts.actions import ask_question, edit_post, post_answer, review_suggested_edit, rollback_post
from quaestio.posts.history import revisions
from quaestio.posts.models import Post, PostHistory, PostTag, SuggestedEdit, Tag
from tests.conftest import make_user
from tests.participation.conftest import BODY

TITLE = "How do tides depend on the moon?"


@pytest.fixture
def question(asker: User) -> Post:
    Tag.objects.create(name="physics")
    Tag.objects.create(name="tides")
    with time_machine.travel("2026-02-01 09:00Z", tick=False):
        return ask_question(asker, TITLE, BODY, "physics")


def test_an_owner_edit_writes_one_revision_with_a_row_per_changed_field(asker: User, question: Post) -> None:
    with time_machine.travel("2026-02-01 10:00Z", tick=False):
        outcome = edit_post(
            asker,
            question.pk,
            title=TITLE + " Really?",
            body=BODY + " More.",
            tags="physics tides",
            summary="clarify",
        )
    assert not outcome.is_suggestion
    question.refresh_from_db()
    assert question.title.endswith("Really?")
    assert question.tags == "physics tides"
    assert "More." in question.body_html
    assert question.last_editor_id == asker.pk
    rows = PostHistory.objects.filter(post=question, post_history_type__in=[4, 5, 6])
    assert sorted(rows.values_list("post_history_type", flat=True)) == [4, 5, 6]
    assert len(set(rows.values_list("revision_guid", flat=True))) == 1
    assert set(rows.values_list("comment", flat=True)) == {"clarify"}
    assert Tag.objects.get(name="tides").count == 1
    assert PostTag.objects.filter(post=question).count() == 2


def test_edits_within_the_grace_period_fold_into_the_previous_revision(asker: User, question: Post) -> None:
    with time_machine.travel("2026-02-01 09:03Z", tick=False):
        edit_post(asker, question.pk, title=TITLE, body=BODY + " typo fixed", tags="physics")
    found, _ = revisions(question.pk)
    assert len(found) == 1
    assert found[0].body.endswith("typo fixed")
    with time_machine.travel("2026-02-01 09:20Z", tick=False):
        edit_post(asker, question.pk, title=TITLE, body=BODY + " later edit", tags="physics")
    assert len(revisions(question.pk)[0]) == 2


def test_an_edit_that_changes_nothing_is_refused(asker: User, question: Post) -> None:
    with pytest.raises(InvalidInput, match="does not change anything"):
        edit_post(asker, question.pk, title=TITLE, body=BODY, tags="physics")


def test_low_reputation_edits_become_suggestions(question: Post, asker: User) -> None:
    helper = make_user("Helper", "helper@example.org", reputation=50)
    outcome = edit_post(
        helper, question.pk, title=TITLE, body=BODY + " improved", tags="physics", summary="grammar"
    )
    assert outcome.is_suggestion
    question.refresh_from_db()
    assert question.body_markdown == BODY
    with pytest.raises(Conflict, match="already has a suggested edit"):
        edit_post(helper, question.pk, title=TITLE, body=BODY + " again", tags="physics")


def test_two_reviewers_approve_and_the_suggester_earns_two(question: Post) -> None:
    helper = make_user("Helper", "helper@example.org", reputation=50)
    suggestion = edit_post(
        helper, question.pk, title=TITLE, body=BODY + " improved", tags="physics"
    ).suggested_edit
    assert suggestion is not None
    first = make_user("Rev1", "rev1@example.org", reputation=1000)
    second = make_user("Rev2", "rev2@example.org", reputation=1000)
    review_suggested_edit(first, suggestion.pk, approve=True)
    assert SuggestedEdit.objects.get(pk=suggestion.pk).is_pending
    review_suggested_edit(second, suggestion.pk, approve=True)
    question.refresh_from_db()
    assert question.body_markdown.endswith("improved")
    assert question.last_editor_id == helper.pk
    assert User.objects.get(pk=helper.pk).reputation == 52
    assert PostHistory.objects.filter(post=question, post_history_type=24).count() == 1
    assert revisions(question.pk)[0][-1].is_suggested_edit


def test_the_owner_rejects_alone_and_reviewing_needs_the_privilege(question: Post, asker: User) -> None:
    helper = make_user("Helper", "helper@example.org", reputation=50)
    suggestion = edit_post(
        helper, question.pk, title=TITLE, body=BODY + " spam", tags="physics"
    ).suggested_edit
    assert suggestion is not None
    with pytest.raises(NotPermitted, match="1,000 reputation to review"):
        review_suggested_edit(
            make_user("Low", "low@example.org", reputation=999), suggestion.pk, approve=True
        )
    review_suggested_edit(asker, suggestion.pk, approve=False)
    assert SuggestedEdit.objects.get(pk=suggestion.pk).rejection_date is not None
    assert User.objects.get(pk=helper.pk).reputation == 50


def test_rollback_restores_an_earlier_revision(asker: User, question: Post) -> None:
    with time_machine.travel("2026-02-01 10:00Z", tick=False):
        edit_post(asker, question.pk, title=TITLE + " Edited", body=BODY + " edited", tags="tides")
    with time_machine.travel("2026-02-01 11:00Z", tick=False):
        rollback_post(asker, question.pk, 1)
    question.refresh_from_db()
    assert (question.title, question.body_markdown, question.tags) == (TITLE, BODY, "physics")
    found, _ = revisions(question.pk)
    assert len(found) == 3
    assert found[-1].is_rollback
    assert found[-1].comment == "Rollback to Revision 1"
    assert Tag.objects.get(name="tides").count == 0


def test_rollback_to_the_current_revision_is_refused(asker: User, question: Post) -> None:
    with pytest.raises(InvalidInput, match="current revision"):
        rollback_post(asker, question.pk, 1)


def test_revisions_carry_word_diffs(asker: User, question: Post) -> None:
    with time_machine.travel("2026-02-01 10:00Z", tick=False):
        edit_post(asker, question.pk, title=TITLE, body=BODY.replace("long", "lengthy"), tags="physics")
    second = revisions(question.pk)[0][1]
    assert second.body_source_diff is not None
    assert "<del>long</del>" in second.body_source_diff.inline
    assert "<ins>lengthy</ins>" in second.body_source_diff.inline
    assert "<ins>" not in second.body_source_diff.before
    assert second.body_rendered_diff is not None and second.body_rendered_diff.changed


def test_answer_edits_use_the_question_tags_for_highlighting(
    asker: User, answerer: User, question: Post
) -> None:
    answer = post_answer(answerer, question.pk, BODY)
    edit_post(answerer, answer.pk, title=None, body=BODY + " done", tags=None)
    answer.refresh_from_db()
    assert answer.body_markdown.endswith("done")
