"""Actions that only operators take, from the command line or the admin."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from quaestio.accounts.models import ReputationEvent, User
from quaestio.accounts.rules import STARTING_REPUTATION
from quaestio.lib.errors import Conflict, InvalidInput
from quaestio.web.page_cache import touch


@transaction.atomic
def add_user(
    display_name: str, email: str, password: str, *, reputation: int = 1, moderator: bool = False
) -> User:
    """Create a confirmed user. Reputation above the start enters the ledger as one
    adjustment event, so ``recalc-reputation`` keeps it. The password is checked by the site's
    validators; an operator who wants a weak one must change the validators."""
    display_name = display_name.strip()
    if not display_name:
        raise InvalidInput("The display name cannot be empty.", "display_name")
    email = User.objects.normalize_email(email.strip()).lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(f"“{email}” is not a valid e-mail address.", "email") from None
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(f"A user with the e-mail address {email} already exists.")
    if reputation < 1:
        raise InvalidInput("Reputation must be at least 1.", "reputation")
    candidate = User(display_name=display_name, email=email)
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), "password") from None
    user = User.objects.create_user(
        email, password, display_name=display_name, reputation=reputation, is_moderator=moderator
    )
    touch("users")
    if reputation != STARTING_REPUTATION:
        ReputationEvent.objects.create(
            user=user,
            kind=ReputationEvent.Kind.ARBITRARY_REPUTATION_CHANGE,
            amount=reputation - STARTING_REPUTATION,
        )
    return user
