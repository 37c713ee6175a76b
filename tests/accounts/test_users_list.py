"""/users: the users grid, its tabs, name filter and paging."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import COMMUNITY_USER_ID, User
from quaestio.accounts.queries import USERS_PER_PAGE
from tests.conftest import make_user

_NAME = re.compile(r'class="user-card-name" href="[^"]+">([^<]+)</a>')


def _names(path: str) -> list[str]:
    response = Client().get(path)
    assert response.status_code == 200
    return _NAME.findall(response.content.decode())


def _make_users(count: int) -> None:
    User.objects.bulk_create(
        User(email=f"user{n}@example.org", display_name=f"User {n:02}", reputation=n + 1)
        for n in range(count)
    )


@pytest.fixture
def trio(alice: User, bob: User, charlie: User) -> list[User]:
    # Joined in the order Charlie, Alice, Bob, so that no tab's order is the creation order.
    now = timezone.now()
    for user, days_ago in ((charlie, 30), (alice, 20), (bob, 10)):
        user.creation_date = now - timedelta(days=days_ago)
        user.save(update_fields=["creation_date"])
    return [alice, bob, charlie]


def test_it_lists_users_by_reputation_by_default(trio: list[User]) -> None:
    assert _names("/users") == ["Alice", "Bob", "Charlie"]
    assert _names("/users?tab=reputation") == ["Alice", "Bob", "Charlie"]


def test_it_lists_new_users_first_on_the_new_users_tab(trio: list[User]) -> None:
    assert _names("/users?tab=newusers") == ["Bob", "Alice", "Charlie"]


def test_it_lists_users_by_name_ignoring_case(trio: list[User]) -> None:
    make_user("aaron", "aaron@example.org")
    assert _names("/users?tab=name") == ["aaron", "Alice", "Bob", "Charlie"]


def test_it_falls_back_to_reputation_for_an_unknown_tab(trio: list[User]) -> None:
    assert _names("/users?tab=bogus") == ["Alice", "Bob", "Charlie"]


def test_it_filters_by_display_name_ignoring_case(trio: list[User]) -> None:
    assert _names("/users?filter=LI") == ["Alice", "Charlie"]
    assert _names("/users?filter=li&tab=name") == ["Alice", "Charlie"]


def test_it_says_when_the_filter_matches_nobody(trio: list[User]) -> None:
    body = Client().get("/users?filter=zzz").content.decode()
    assert "No users match “zzz”." in body


def test_it_shows_each_card_with_link_location_and_reputation(db: None) -> None:
    user = make_user("Dora Explorer", "dora@example.org", reputation=12_345, location="Lisbon, Portugal")
    body = Client().get("/users").content.decode()
    assert f'href="/users/{user.pk}/dora-explorer">Dora Explorer</a>' in body
    assert "Lisbon, Portugal" in body
    assert "12.3k" in body
    assert 'class="avatar avatar-medium hue-' in body


def test_it_lists_the_community_user_like_anyone_else(trio: list[User]) -> None:
    User.objects.create_user(None, None, id=COMMUNITY_USER_ID, display_name="Community")
    assert _names("/users") == ["Alice", "Bob", "Charlie", "Community"]
    assert 'href="/users/-1/community"' in Client().get("/users").content.decode()


def test_it_leaves_out_deactivated_users(trio: list[User]) -> None:
    User.objects.filter(display_name="Bob").update(is_active=False)
    assert _names("/users") == ["Alice", "Charlie"]


def test_it_pages_36_users_at_a_time(db: None) -> None:
    _make_users(USERS_PER_PAGE + 4)
    first = _names("/users")
    second = _names("/users?page=2")
    assert len(first) == USERS_PER_PAGE
    assert first[0] == "User 39"
    assert second == ["User 03", "User 02", "User 01", "User 00"]
    assert _names("/users?page=99") == second
    assert _names("/users?page=nonsense") == first


def test_its_pager_keeps_the_tab_and_filter(db: None) -> None:
    _make_users(USERS_PER_PAGE + 4)
    body = Client().get("/users?tab=name&filter=user").content.decode()
    assert 'href="?tab=name&amp;filter=user&amp;page=2"' in body


@pytest.mark.parametrize("count", [1, USERS_PER_PAGE])
def test_it_issues_the_same_queries_however_many_users(
    db: None, count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _make_users(count)
    # 1. the count of the matching users for the pager (until a sign-up, from the cache
    # afterwards), 2. the page's keys from the tab's index, 3. the page's users.
    with django_assert_num_queries(3):
        assert len(_names("/users?filter=user")) == count
    with django_assert_num_queries(2):
        assert len(_names("/users?filter=user&tab=name")) == count
