"""/help/privileges lists every privilege and shows the viewer's progress."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.accounts.rules import PRIVILEGES


def test_it_lists_every_privilege_with_its_threshold(db: None) -> None:
    response = Client().get("/help/privileges")
    assert response.status_code == 200
    html = response.content.decode()
    for rule in PRIVILEGES:
        assert rule.title in html
    assert "Log in" in html


def test_it_shows_the_viewers_progress(bob: User, client_for: Callable[[User], Client]) -> None:
    html = client_for(bob).get("/help/privileges").content.decode()
    assert "You have <strong>101</strong> reputation" in html
    assert "comes at 125" in html  # vote down is next on a beta site
    assert html.count('title="earned"') == sum(1 for rule in PRIVILEGES if rule.threshold() <= 101)


def test_one_privilege_has_its_own_page(bob: User, client_for: Callable[[User], Client]) -> None:
    html = client_for(bob).get("/help/privileges/vote-down").content.decode()
    assert "You need 24 more reputation for this privilege." in html
    assert Client().get("/help/privileges/no-such-thing").status_code == 404


def test_it_reads_no_table_beyond_the_viewer(
    bob: User, client_for: Callable[[User], Client], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(bob)
    # The thresholds are data in rules.py: the only query is the viewer (the session comes
    # from the cache).
    with django_assert_num_queries(1):
        assert client.get("/help/privileges").status_code == 200
    with django_assert_num_queries(0):
        assert Client().get("/help/privileges").status_code == 200
