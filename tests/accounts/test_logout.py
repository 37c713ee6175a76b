"""/users/logout: POST logs out, GET asks first."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from quaestio.accounts.models import User


def test_it_logs_out_on_post(alice: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(alice)
    response = client.post("/users/logout")
    assert (response.status_code, response["Location"]) == (302, "/questions")
    assert "_auth_user_id" not in client.session


def test_it_asks_for_confirmation_on_get_and_stays_logged_in(
    alice: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(alice)
    response = client.get("/users/logout")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Log out of quaestio?" in body
    assert 'method="post" action="/users/logout"' in body
    assert "csrfmiddlewaretoken" in body
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_it_sends_an_anonymous_visitor_to_the_questions(db: None) -> None:
    response = Client().get("/users/logout")
    assert (response.status_code, response["Location"]) == (302, "/questions")


def test_it_refuses_other_methods(alice: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(alice)
    assert client.put("/users/logout").status_code == 405
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_it_enforces_csrf(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/users/logout").status_code == 403
    assert client.session["_auth_user_id"] == str(alice.pk)
