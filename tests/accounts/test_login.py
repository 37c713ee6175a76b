"""/users/login: authentication by e-mail, safe redirects, throttling, suspensions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from quaestio.accounts import throttle
from quaestio.accounts.models import User
from tests.conftest import PASSWORD

INCORRECT = "The email or password is incorrect."


def _log_in(client: Client, email: str, password: str = PASSWORD, **extra: str) -> tuple[int, str, str]:
    response = client.post("/users/login", {"email": email, "password": password, **extra})
    return response.status_code, response.get("Location", ""), response.content.decode()


def _logged_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_it_shows_the_form(db: None) -> None:
    response = Client().get("/users/login")
    body = response.content.decode()
    assert response.status_code == 200
    for name in ("email", "password", "next", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in body


def test_it_logs_in_and_redirects_to_questions(alice: User) -> None:
    client = Client()
    status, location, _ = _log_in(client, "alice@example.org")
    assert (status, location) == (302, "/questions")
    assert _logged_in_as(client) == str(alice.pk)


def test_it_matches_the_email_in_any_case(alice: User) -> None:
    client = Client()
    status, _, _ = _log_in(client, "  ALICE@Example.ORG ")
    assert status == 302
    assert _logged_in_as(client) == str(alice.pk)


def test_it_finds_an_address_stored_in_mixed_case(db: None) -> None:
    user = User.objects.create_user("Mixed.Case@Example.org", PASSWORD, display_name="Mixed")
    client = Client()
    assert _log_in(client, "mixed.case@example.org")[0] == 302
    assert _logged_in_as(client) == str(user.pk)


def test_it_rotates_the_session_key(alice: User) -> None:
    client = Client()
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    _log_in(client, "alice@example.org")
    assert client.session.session_key != before


@pytest.mark.parametrize(
    ("email", "password"),
    [("alice@example.org", "wrong-password"), ("nobody@example.org", PASSWORD)],
)
def test_it_refuses_wrong_credentials_without_saying_which(alice: User, email: str, password: str) -> None:
    client = Client()
    status, _, body = _log_in(client, email, password)
    assert status == 400
    assert INCORRECT in body
    assert _logged_in_as(client) is None


def test_it_keeps_the_email_but_not_the_password(alice: User) -> None:
    _, _, body = _log_in(Client(), "alice@example.org", "wrong-password-42")
    assert 'value="alice@example.org"' in body
    assert "wrong-password-42" not in body


def test_it_asks_for_missing_fields(db: None) -> None:
    status, _, body = _log_in(Client(), "", "")
    assert status == 400
    assert "Enter your email address." in body
    assert "Enter your password." in body


def test_it_honours_next_from_the_form(alice: User) -> None:
    _, location, _ = _log_in(Client(), "alice@example.org", next="/questions/7/seven")
    assert location == "/questions/7/seven"


def test_it_carries_next_from_the_query_string_in_a_hidden_field(alice: User) -> None:
    body = Client().get("/users/login?next=/questions/7/seven").content.decode()
    assert 'name="next" value="/questions/7/seven"' in body
    response = Client().post(
        "/users/login?next=/questions/7/seven", {"email": "alice@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/questions/7/seven"


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)", "http:///evil.example"]
)
def test_it_ignores_an_unsafe_next(alice: User, unsafe: str) -> None:
    _, location, _ = _log_in(Client(), "alice@example.org", next=unsafe)
    assert location == "/questions"
    body = Client().get("/users/login", {"next": unsafe}).content.decode()
    assert 'name="next" value=""' in body


def test_it_sends_a_logged_in_user_on(alice: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(alice).get("/users/login?next=/tags")
    assert (response.status_code, response["Location"]) == (302, "/tags")


def test_it_enforces_csrf(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    assert _log_in(client, "alice@example.org")[0] == 403
    assert _logged_in_as(client) is None


def test_it_refuses_a_suspended_user_and_says_until_when(alice: User) -> None:
    alice.suspended_until = datetime(2099, 3, 4, 17, 5, tzinfo=UTC)
    alice.save(update_fields=["suspended_until"])
    client = Client()
    status, _, body = _log_in(client, "alice@example.org")
    assert status == 403
    assert "suspended until Mar 4, 2099 at 17:05 UTC" in body
    assert _logged_in_as(client) is None


def test_it_does_not_reveal_a_suspension_to_a_wrong_password(alice: User) -> None:
    alice.suspended_until = timezone.now() + timedelta(days=3)
    alice.save(update_fields=["suspended_until"])
    status, _, body = _log_in(Client(), "alice@example.org", "wrong-password")
    assert status == 400
    assert "suspended" not in body


def test_it_lets_a_user_in_once_the_suspension_is_over(alice: User) -> None:
    alice.suspended_until = timezone.now() - timedelta(minutes=1)
    alice.save(update_fields=["suspended_until"])
    assert _log_in(Client(), "alice@example.org")[0] == 302


def test_it_refuses_a_deactivated_user(alice: User) -> None:
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    client = Client()
    status, _, body = _log_in(client, "alice@example.org")
    assert status == 403
    assert "deactivated" in body
    assert _logged_in_as(client) is None
    status, _, body = _log_in(client, "alice@example.org", "wrong-password")
    assert status == 400
    assert "deactivated" not in body


def test_it_refuses_an_imported_user_without_a_password(db: None) -> None:
    User.objects.create_user("imported@example.org", None, display_name="Imported")
    assert _log_in(Client(), "imported@example.org", "")[0] == 400
    assert _log_in(Client(), "imported@example.org", "anything-at-all")[0] == 400


def test_it_throttles_failures_per_email(alice: User) -> None:
    for attempt in range(throttle.MAX_FAILURES):
        client = Client(REMOTE_ADDR=f"192.0.2.{attempt}")
        assert _log_in(client, "alice@example.org", "wrong-password")[0] == 400
    client = Client(REMOTE_ADDR="198.51.100.1")
    response = client.post("/users/login", {"email": "Alice@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-in attempts. Please try again in 15 minutes." in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= throttle.WINDOW_SECONDS
    assert _logged_in_as(client) is None
    # Another account from the same new address is not affected.
    assert _log_in(Client(REMOTE_ADDR="198.51.100.1"), "bob@example.org", "wrong-password")[0] == 400


def test_it_throttles_failures_per_address(alice: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for attempt in range(throttle.MAX_FAILURES):
        assert _log_in(client, f"guess{attempt}@example.org", "wrong-password")[0] == 400
    assert _log_in(client, "alice@example.org")[0] == 429
    assert _log_in(Client(REMOTE_ADDR="203.0.113.10"), "alice@example.org")[0] == 302


def test_it_lets_a_throttled_address_try_again_after_the_window(alice: User) -> None:
    with time_machine.travel(datetime(2030, 1, 1, 12, 0, tzinfo=UTC), tick=False) as traveller:
        client = Client()
        for _ in range(throttle.MAX_FAILURES):
            _log_in(client, "alice@example.org", "wrong-password")
        traveller.shift(timedelta(minutes=14))
        response = client.post("/users/login", {"email": "alice@example.org", "password": PASSWORD})
        assert response.status_code == 429
        assert "try again in 1 minute." in response.content.decode()
        traveller.shift(timedelta(minutes=1, seconds=1))
        assert _log_in(client, "alice@example.org")[0] == 302


def test_it_does_not_count_successful_log_ins(alice: User) -> None:
    for _ in range(throttle.MAX_FAILURES + 2):
        assert _log_in(Client(), "alice@example.org")[0] == 302


def test_a_success_clears_the_email_count_but_not_the_address_count(alice: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.20")
    for _ in range(throttle.MAX_FAILURES - 1):
        _log_in(client, "alice@example.org", "wrong-password")
    assert _log_in(client, "alice@example.org")[0] == 302
    assert throttle.retry_after("198.51.100.7", "alice@example.org") is None
    throttle.record_failure("203.0.113.20", "someone@example.org")
    assert throttle.retry_after("203.0.113.20", "other@example.org") is not None
