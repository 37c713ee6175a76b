"""The lists' totals come from the cache, yet an ask, a delete or an accepted answer changes
them on the very next request, for anonymous and logged-in readers alike."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from quaestio.accounts.actions import sign_up
from quaestio.accounts.models import User
from quaestio.accounts.queries import USERS_PER_PAGE
from quaestio.posts.actions import delete_post, toggle_accept
from tests.conftest import PASSWORD
from tests.posts.factories import answer, ask

# The actions touch the page cache's versions when their transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


def total(client: Client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, path
    found = re.search(r'<div class="question-count">([\d,]+) questions?</div>', response.content.decode())
    assert found is not None, path
    return int(found.group(1).replace(",", ""))


@pytest.fixture(params=["anonymous", "logged in"])
def reader(request: pytest.FixtureRequest, client_for: Callable[[User], Client], db: None) -> Client:
    if request.param == "anonymous":
        return Client()
    return client_for(User.objects.create_user("reader@example.org", PASSWORD, display_name="Reader"))


def test_an_ask_and_a_delete_change_the_totals_at_once(
    reader: Client, alice: User, bob: User, charlie: User
) -> None:
    first = ask(alice, "How do the tides follow the moon?", tags="tides")
    lists = ["/questions", "/questions?tab=Score", "/questions?tab=Unanswered", "/questions/tagged/tides"]
    assert [total(reader, path) for path in lists] == [1, 1, 1, 1]

    ask(bob, "Why are there two tides a day?", tags="tides moon")
    assert [total(reader, path) for path in lists] == [2, 2, 2, 2]
    assert total(reader, "/questions/tagged/moon") == 1

    delete_post(alice, first.pk)
    assert [total(reader, path) for path in lists] == [1, 1, 1, 1]


def test_an_accepted_answer_leaves_the_unanswered_total(reader: Client, alice: User, bob: User) -> None:
    question = ask(alice, "How do the tides follow the moon?", tags="tides")
    assert total(reader, "/questions?tab=Unanswered") == 1
    assert total(reader, "/questions/tagged/tides?tab=Unanswered") == 1

    toggle_accept(alice, answer(question, bob).pk)

    assert total(reader, "/questions?tab=Unanswered") == 0
    assert total(reader, "/questions/tagged/tides?tab=Unanswered") == 0
    assert total(reader, "/questions") == 1


def test_a_new_tag_reaches_the_tags_page_at_once(reader: Client, alice: User, bob: User) -> None:
    ask(alice, "How do the tides follow the moon?", tags="tides")
    assert "/questions/tagged/gravity" not in reader.get("/tags").content.decode()

    ask(bob, "Does gravity alone explain the tides?", tags="gravity")

    assert 'href="/questions/tagged/gravity"' in reader.get("/tags").content.decode()


def test_a_sign_up_reaches_the_users_pager_at_once(reader: Client) -> None:
    # Exactly one page of users (the logged-in reader is one of them).
    missing = USERS_PER_PAGE - User.objects.count()
    User.objects.bulk_create(
        User(email=f"user{n}@example.org", display_name=f"User {n:02}") for n in range(missing)
    )
    assert 'rel="next"' not in reader.get("/users").content.decode()

    sign_up("Newcomer", "newcomer@example.org", PASSWORD)

    assert 'href="?tab=reputation&amp;page=2" rel="next"' in reader.get("/users").content.decode()


def test_a_question_reaches_its_askers_profile_counts_at_once(reader: Client, alice: User) -> None:
    profile = alice.get_absolute_url()
    assert '<span class="stat-value">0</span><span class="stat-label">questions</span>' in (
        reader.get(profile).content.decode()
    )

    ask(alice, "How do the tides follow the moon?", tags="tides")

    assert '<span class="stat-value">1</span><span class="stat-label">question</span>' in (
        reader.get(profile).content.decode()
    )
