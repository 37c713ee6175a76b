"""Shared fixtures: named personas (Alice asks, Bob answers, Charlie comments and votes), a
test client per persona, and helpers that build threads."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from quaestio.accounts.models import ReputationEvent, User

PASSWORD = "correct-horse-battery-staple"


def make_user(display_name: str, email: str, reputation: int = 1, **fields: object) -> User:
    """A confirmed user who can log in with ``PASSWORD``; reputation above the starting 1
    enters the ledger as one adjustment, so cached and rebuilt reputation agree."""
    user = User.objects.create_user(
        email, PASSWORD, display_name=display_name, reputation=reputation, **fields
    )
    if reputation != 1:
        ReputationEvent.objects.create(
            user=user, kind=ReputationEvent.Kind.ARBITRARY_REPUTATION_CHANGE, amount=reputation - 1
        )
    return user


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: page cache, view counts, rate limits and the
    test database's reused ids must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db: None) -> User:
    return make_user("Alice", "alice@example.org", reputation=1250)


@pytest.fixture
def bob(db: None) -> User:
    return make_user("Bob", "bob@example.org", reputation=101)


@pytest.fixture
def charlie(db: None) -> User:
    return make_user("Charlie", "charlie@example.org", reputation=15)


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    """A Django test client logged in as the given user."""

    def login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login
