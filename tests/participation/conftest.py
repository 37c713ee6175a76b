"""Personas for the participation actions, with the reputation each scenario needs."""

from __future__ import annotations

import pytest

from quaestio.accounts.models import User
from tests.conftest import make_user

BODY = "This body is long enough to pass the thirty character minimum for posts."


@pytest.fixture
def asker(db: None) -> User:
    return make_user("Asker", "asker@example.org", reputation=1)


@pytest.fixture
def answerer(db: None) -> User:
    return make_user("Answerer", "answerer@example.org", reputation=1)


@pytest.fixture
def voter(db: None) -> User:
    return make_user("Voter", "voter@example.org", reputation=200)


@pytest.fixture
def critic(db: None) -> User:
    return make_user("Critic", "critic@example.org", reputation=200)
