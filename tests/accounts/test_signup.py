"""/users/signup and the sign_up action."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from quaestio.accounts.actions import SignUpRefused, sign_up
from quaestio.accounts.models import User

GOOD = {"display_name": "Dana Newcomer", "email": "dana@example.org", "password": "c0rrect-Horse-battery"}


def _post(client: Client, **changes: str) -> tuple[int, str]:
    response = client.post("/users/signup", {**GOOD, **changes})
    return response.status_code, response.content.decode()


@pytest.mark.django_db
def test_it_shows_the_form() -> None:
    response = Client().get("/users/signup")
    body = response.content.decode()
    assert response.status_code == 200
    for name in ("display_name", "email", "password", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in body


@pytest.mark.django_db
def test_it_creates_the_user_logs_them_in_and_redirects_to_questions() -> None:
    client = Client()
    response = client.post("/users/signup", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/questions"
    user = User.objects.get(email="dana@example.org")
    assert user.display_name == "Dana Newcomer"
    assert user.reputation == 1
    assert user.check_password(GOOD["password"])
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_it_trims_the_display_name_and_lowercases_the_email() -> None:
    status, _ = _post(Client(), display_name="  Dana  ", email="  Dana@Example.ORG ")
    assert status == 302
    user = User.objects.get()
    assert user.display_name == "Dana"
    assert user.email == "dana@example.org"


@pytest.mark.django_db
def test_it_redirects_to_a_safe_next() -> None:
    response = Client().post("/users/signup?next=/questions/12/a-question", GOOD)
    assert response["Location"] == "/questions/12/a-question"


@pytest.mark.django_db
def test_it_ignores_an_unsafe_next() -> None:
    response = Client().post("/users/signup", {**GOOD, "next": "https://evil.example/"})
    assert response["Location"] == "/questions"


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"display_name": "ab"}, "at least 3 characters"),
        ({"display_name": "   ab   "}, "at least 3 characters"),
        ({"display_name": "x" * 31}, "at most 30 characters"),
        ({"display_name": ""}, "Enter a display name."),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"email": ""}, "Enter your email address."),
        ({"password": "short1"}, "This password is too short."),
        ({"password": "password123"}, "This password is too common."),
        ({"password": "8264019375"}, "This password is entirely numeric."),
        ({"password": "dana@example.org"}, "The password is too similar to the e-mail address."),
        ({"display_name": "Zanzibar Quokka", "password": "zanzibarquokka"}, "similar to the display name"),
        ({"password": ""}, "Choose a password."),
    ],
)
@pytest.mark.django_db
def test_it_refuses_invalid_input_and_creates_nothing(changes: dict[str, str], sentence: str) -> None:
    status, body = _post(Client(), **changes)
    assert status == 400
    assert sentence in body
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_names_every_problem_at_once() -> None:
    status, body = _post(Client(), display_name="ab", email="nope", password="123")
    assert status == 400
    assert "at least 3 characters" in body
    assert "Enter a valid email address" in body
    assert "This password is too short." in body


@pytest.mark.django_db
def test_it_keeps_what_was_typed_except_the_password() -> None:
    _, body = _post(Client(), display_name="ab")
    assert 'value="dana@example.org"' in body
    assert GOOD["password"] not in body


@pytest.mark.django_db
def test_it_refuses_an_email_already_used_in_another_case(alice: User) -> None:
    status, body = _post(Client(), email="ALICE@example.ORG")
    assert status == 400
    assert "An account with this email address already exists." in body
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_it_enforces_csrf() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/users/signup", GOOD).status_code == 403
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_accepts_a_post_with_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/users/signup")
    token = client.cookies["csrftoken"].value
    assert client.post("/users/signup", {**GOOD, "csrfmiddlewaretoken": token}).status_code == 302


def test_it_sends_a_logged_in_user_on(alice: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(alice)
    response = client.get("/users/signup")
    assert response.status_code == 302
    assert response["Location"] == "/questions"


@pytest.mark.django_db
def test_the_action_raises_errors_keyed_by_field() -> None:
    with pytest.raises(SignUpRefused) as raised:
        sign_up("ab", "nope", "123")
    assert set(raised.value.errors) == {"display_name", "email", "password"}
    assert raised.value.status == 400
    assert raised.value.field == "display_name"
    assert raised.value.message == "Your display name must be at least 3 characters long."
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_action_returns_a_user_who_can_log_in() -> None:
    user = sign_up("Dana", "dana@example.org", GOOD["password"])
    assert user.pk is not None
    assert user.reputation == 1
    assert not user.reputation_events.exists()
    assert Client().login(email="dana@example.org", password=GOOD["password"])
