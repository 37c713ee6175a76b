"""Things a person does to their account. Views, the API and tests change accounts only here.

Every action validates its input, runs in one transaction and raises a domain error from
``quaestio.lib.errors`` with sentences a person can read when it refuses; nothing is written then.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import UserAttributeSimilarityValidator, validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from quaestio.accounts.models import User
from quaestio.lib.errors import InvalidInput
from quaestio.web.page_cache import touch

DISPLAY_NAME_MIN_LENGTH = 3
DISPLAY_NAME_MAX_LENGTH = 30
EMAIL_MAX_LENGTH = 254


class SignUpRefused(InvalidInput):
    """Sign-up input that breaks the rules, every problem at once.

    ``errors`` maps each field (``display_name``, ``email``, ``password``) to its sentences, so
    a form can show each one next to its field; ``message`` and ``field`` name the first.
    """

    def __init__(self, errors: dict[str, list[str]]) -> None:
        field, messages = next(iter(errors.items()))
        super().__init__(messages[0], field=field)
        self.errors = errors


def normalize_email(raw: str) -> str:
    """The form an address is stored and compared in: trimmed and lower-cased as a whole.

    Stack Exchange treats ``Alice@Example.org`` and ``alice@example.org`` as one account, so the
    local part is lower-cased too, not only the domain as Django's ``normalize_email`` does.
    """
    return raw.strip().lower()


def _display_name_errors(display_name: str) -> list[str]:
    if len(display_name) < DISPLAY_NAME_MIN_LENGTH:
        return [f"Your display name must be at least {DISPLAY_NAME_MIN_LENGTH} characters long."]
    if len(display_name) > DISPLAY_NAME_MAX_LENGTH:
        return [f"Your display name can be at most {DISPLAY_NAME_MAX_LENGTH} characters long."]
    if any(not char.isprintable() for char in display_name):
        return ["Your display name may not contain control characters."]
    return []


def _email_errors(email: str) -> list[str]:
    if not email:
        return ["Enter your email address."]
    if len(email) > EMAIL_MAX_LENGTH:
        return [f"An email address can be at most {EMAIL_MAX_LENGTH} characters long."]
    try:
        validate_email(email)
    except ValidationError:
        return ["Enter a valid email address, such as name@example.org."]
    if User.objects.filter(email__iexact=email).exists():
        return ["An account with this email address already exists. Log in instead."]
    return []


def _password_errors(password: str, candidate: User) -> list[str]:
    messages: list[str] = []
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        messages.extend(error.messages)
    # The configured similarity check compares against Django's default attribute names, which
    # do not include display_name; a password that is the display name is as guessable as one
    # that is the e-mail address.
    try:
        UserAttributeSimilarityValidator(user_attributes=("display_name",)).validate(password, candidate)
    except ValidationError as error:
        messages.extend(error.messages)
    return list(dict.fromkeys(messages))


def sign_up(display_name: str, email: str, password: str) -> User:
    """Create a new member who can log in with ``email`` and ``password``.

    ``display_name`` is trimmed and must be 3–30 printable characters; ``email`` must be a valid
    address not used by another account, compared case-insensitively, and is stored
    lower-cased; ``password`` must pass ``AUTH_PASSWORD_VALIDATORS`` judged against the new
    user's display name and e-mail address. The user starts with reputation 1 and an empty
    ledger (the ledger's sum, floored at 1, is 1).

    Raises ``SignUpRefused`` (an ``InvalidInput``, status 400) naming every problem at once;
    nothing is written then. Runs in one transaction; when two sign-ups with the same
    address race, the unique constraint refuses the second with the same sentence.
    """
    display_name = display_name.strip()
    email = normalize_email(email)
    errors: dict[str, list[str]] = {}
    if name_errors := _display_name_errors(display_name):
        errors["display_name"] = name_errors
    if address_errors := _email_errors(email):
        errors["email"] = address_errors
    candidate = User(display_name=display_name, email=email)
    if password_errors := _password_errors(password, candidate):
        errors["password"] = password_errors
    if errors:
        raise SignUpRefused(errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(email, password, display_name=display_name)
            touch("users")
            return user
    except IntegrityError:
        raise SignUpRefused(
            {"email": ["An account with this email address already exists. Log in instead."]}
        ) from None
