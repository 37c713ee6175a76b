"""Taking part in place, in a real browser: voting, commenting and accepting update the page
without a navigation, and a refused vote shows its sentence beside the arrows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from quaestio.accounts.models import User
from quaestio.posts.models import Comment, Post, Vote
from tests.browser.conftest import ConsoleErrors
from tests.conftest import PASSWORD, make_user
from tests.posts.factories import answer, ask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, live_server: LiveServer, user: User, then: str) -> None:
    page.goto(f"{live_server.url}/users/login?next={then}")
    page.get_by_label("Email").fill(str(user.email))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}{then}")


def navigations(page: Page) -> list[str]:
    """Main-frame navigations from now on: an in-place action adds none."""
    seen: list[str] = []
    page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None)
    return seen


def test_a_member_votes_and_comments_in_place(
    live_server: LiveServer, page: Page, console_errors: ConsoleErrors
) -> None:
    asker = make_user("Alice", "alice@example.org", reputation=1250)
    voter = make_user("Bob", "bob@example.org", reputation=101)
    question = ask(asker)
    log_in(page, live_server, voter, question.get_absolute_url())
    moved = navigations(page)

    cell = page.locator(f"#vote-{question.pk}")
    up = cell.get_by_role("button", name="Up vote")
    up.click()
    expect(cell.locator(".vote-count")).to_have_text("1")
    expect(up).to_have_attribute("aria-pressed", "true")

    comments = page.locator(f"#comments-{question.pk}")
    page.locator(f"a.js-add-comment[href='#comment-form-{question.pk}']").click()
    page.locator(f"#comment-body-{question.pk}").fill("Which coast are you asking about, exactly?")
    page.locator(f"#comment-form-{question.pk}").get_by_role("button", name="Add comment").click()
    expect(comments.locator("li.comment")).to_have_count(1)
    expect(comments.locator("li.comment .comment-copy")).to_have_text(
        "Which coast are you asking about, exactly?"
    )
    expect(page.locator(f"#comment-body-{question.pk}")).to_be_hidden()

    assert moved == []
    assert Post.objects.get(pk=question.pk).score == 1
    assert Comment.objects.get().user_id == voter.pk
    assert console_errors == []


def test_the_asker_accepts_in_place_and_only_one_answer_stays_accepted(
    live_server: LiveServer, page: Page, console_errors: ConsoleErrors
) -> None:
    asker = make_user("Alice", "alice@example.org")
    question = ask(asker)
    first = answer(question, make_user("Bob", "bob@example.org", reputation=200))
    second = answer(question, make_user("Carol", "carol@example.org", reputation=200))
    log_in(page, live_server, asker, question.get_absolute_url())
    moved = navigations(page)

    accept_first = page.locator(f"#vote-{first.pk}").get_by_role("button", name="Accept this answer")
    accept_second = page.locator(f"#vote-{second.pk}").get_by_role("button", name="Accept this answer")
    accept_first.click()
    expect(accept_first).to_have_attribute("aria-pressed", "true")
    accept_second.click()
    expect(accept_second).to_have_attribute("aria-pressed", "true")
    expect(accept_first).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".answer.accepted-answer")).to_have_count(1)

    assert moved == []
    assert Post.objects.get(pk=question.pk).accepted_answer_id == second.pk
    assert console_errors == []


def test_a_refused_vote_shows_the_sentence_and_changes_nothing(
    live_server: LiveServer, page: Page, console_errors: ConsoleErrors
) -> None:
    question = ask(make_user("Alice", "alice@example.org", reputation=1250))
    newcomer = make_user("Newcomer", "new@example.org")
    log_in(page, live_server, newcomer, question.get_absolute_url())
    moved = navigations(page)

    cell = page.locator(f"#vote-{question.pk}")
    cell.get_by_role("button", name="Up vote").click()

    expect(cell.get_by_role("alert")).to_have_text("You need 15 reputation to vote up; you have 1.")
    expect(cell.locator(".vote-count")).to_have_text("0")
    expect(cell.get_by_role("button", name="Up vote")).to_have_attribute("aria-pressed", "false")
    assert moved == []
    assert not Vote.objects.exists()
    # The refusal is a 403 the page handled; Chromium still logs the failed request.
    assert all("403" in error for error in console_errors), console_errors
