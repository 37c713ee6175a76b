"""The Django admin pages for users, the reputation ledger and badges."""

from __future__ import annotations

import pytest
from django.test import Client

from quaestio.accounts.models import ReputationEvent, User
from quaestio.badges.models import Badge, BadgeClass
from tests.conftest import PASSWORD


@pytest.fixture
def admin_client_(alice: User) -> Client:
    User.objects.create_superuser("root@example.org", PASSWORD, display_name="Root")
    client = Client()
    client.force_login(User.objects.get(email="root@example.org"))
    Badge.objects.create(user=alice, name="Teacher", badge_class=BadgeClass.BRONZE)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/accounts/user/",
        "/admin/accounts/user/?q=ali",
        "/admin/accounts/user/add/",
        "/admin/accounts/reputationevent/",
        "/admin/badges/badge/",
        "/admin/badges/badge/?q=teach",
    ],
)
def test_its_pages_render(admin_client_: Client, path: str) -> None:
    assert admin_client_.get(path).status_code == 200


def test_it_finds_users_by_display_name_or_email(admin_client_: Client, alice: User, bob: User) -> None:
    body = admin_client_.get("/admin/accounts/user/?q=bob@example").content.decode()
    assert "Bob" in body
    assert "alice@example.org" not in body


def test_it_edits_a_user_but_not_their_reputation(admin_client_: Client, alice: User) -> None:
    body = admin_client_.get(f"/admin/accounts/user/{alice.pk}/change/").content.decode()
    assert 'name="display_name"' in body
    assert 'name="reputation"' not in body


def test_it_creates_a_user_with_a_hashed_password(admin_client_: Client) -> None:
    response = admin_client_.post(
        "/admin/accounts/user/add/",
        {
            "email": "new@example.org",
            "display_name": "Newcomer",
            "usable_password": "true",
            "password1": "c0rrect-Horse-battery",
            "password2": "c0rrect-Horse-battery",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").check_password("c0rrect-Horse-battery")


def test_the_ledger_is_read_only(admin_client_: Client, alice: User) -> None:
    event = ReputationEvent.objects.filter(user=alice).first()
    assert event is not None
    assert admin_client_.get("/admin/accounts/reputationevent/add/").status_code == 403
    response = admin_client_.post(f"/admin/accounts/reputationevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert ReputationEvent.objects.filter(pk=event.pk).exists()
