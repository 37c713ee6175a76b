"""quaestio adduser and quaestio recalc-reputation."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from quaestio.accounts.models import ReputationEvent, User


def test_adduser_creates_a_confirmed_user_who_can_log_in(db: None) -> None:
    out = io.StringIO()
    call_command(
        "adduser", "Carol", "--email", "Carol@Example.org", "--password", "Pw-for-checks-0001",
        "--reputation", "200", "--moderator", stdout=out,
    )  # fmt: skip
    user = User.objects.get(email="carol@example.org")
    assert (user.display_name, user.reputation, user.is_moderator) == ("Carol", 200, True)
    assert authenticate(email="carol@example.org", password="Pw-for-checks-0001") == user
    event = ReputationEvent.objects.get(user=user)
    assert (event.kind, event.amount) == (ReputationEvent.Kind.ARBITRARY_REPUTATION_CHANGE, 199)
    assert "Created user" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["X", "--email", "not-an-address", "--password", "Pw-for-checks-0001"], "not a valid e-mail"),
        (["X", "--email", "x@example.org", "--password", "123"], "too short"),
        (
            ["X", "--email", "x@example.org", "--password", "Pw-for-checks-0001", "--reputation", "0"],
            "at least 1",
        ),
    ],
)
def test_adduser_refuses_bad_input_with_a_sentence(db: None, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("adduser", *args)
    assert not User.objects.exists()


def test_adduser_refuses_a_taken_address(db: None) -> None:
    call_command(
        "adduser", "A", "--email", "a@example.org", "--password", "Pw-for-checks-0001", stdout=io.StringIO()
    )
    with pytest.raises(CommandError, match="already exists"):
        call_command("adduser", "B", "--email", "A@example.org", "--password", "Pw-for-checks-0001")


def test_recalc_reputation_restores_the_ledger_sum(db: None) -> None:
    call_command("adduser", "A", "--email", "a@example.org", "--password", "Pw-for-checks-0001",
                 "--reputation", "321", stdout=io.StringIO())  # fmt: skip
    User.objects.update(reputation=5)
    out = io.StringIO()
    call_command("recalc-reputation", stdout=out)
    assert User.objects.get().reputation == 321
    assert "1 user(s) changed" in out.getvalue()
