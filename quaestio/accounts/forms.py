"""The sign-up and log-in forms: they parse what the browser sent; the rules live elsewhere.

Sign-up rules are in ``actions.sign_up`` (the API and tests create users through it too), so
``SignUpForm`` only checks that each field was filled in. ``LogInForm`` authenticates, as
Django's own ``AuthenticationForm`` does, and names each refusal with an error code the view
turns into an HTTP status.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from quaestio.accounts.actions import normalize_email
from quaestio.accounts.models import User

INCORRECT_LOGIN = "The email or password is incorrect."
# Hashing a very long password is slow on purpose; there is no reason to accept megabytes.
PASSWORD_MAX_LENGTH = 4096


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter a display name.",
            "max_length": "Your display name can be at most 30 characters long.",
        },
    )
    email = forms.CharField(
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "max_length": "An email address can be at most 254 characters long.",
        },
    )
    password = forms.CharField(
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        error_messages={
            "required": "Choose a password.",
            "max_length": f"A password can be at most {PASSWORD_MAX_LENGTH} characters long.",
        },
    )


def format_moment(moment: datetime) -> str:
    """``"Mar 4, 2026 at 17:05 UTC"``: an absolute time, for messages that must be exact."""
    moment = moment.astimezone(UTC)
    return f"{moment:%b} {moment.day}, {moment.year} at {moment:%H:%M} UTC"


class LogInForm(forms.Form):
    """E-mail and password; ``clean`` authenticates and leaves the user in ``self.user``.

    Error codes: ``invalid_login`` (unknown address or wrong password, not saying which),
    ``inactive`` and ``suspended`` (right password, but the account may not log in now).
    """

    email = forms.CharField(max_length=254, error_messages={"required": "Enter your email address."})
    password = forms.CharField(
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        error_messages={"required": "Enter your password."},
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("email")
        password = cleaned.get("password")
        if not email or not password:
            return cleaned
        account = _account_for(email)
        login_email = account.email if account is not None and account.email else normalize_email(email)
        user = authenticate(self.request, email=login_email, password=password)
        if user is None:
            # ModelBackend refuses inactive users as if the password were wrong; say why only
            # to someone who proved they know the password.
            if account is not None and not account.is_active and account.check_password(password):
                raise ValidationError(
                    "This account has been deactivated. Contact the site's moderators if you "
                    "think this is a mistake.",
                    code="inactive",
                )
            raise ValidationError(INCORRECT_LOGIN, code="invalid_login")
        assert isinstance(user, User)
        if user.suspended_until is not None and user.suspended_until > timezone.now():
            raise ValidationError(
                f"This account is suspended until {format_moment(user.suspended_until)}. "
                "You can log in again after that.",
                code="suspended",
            )
        self.user = user
        return cleaned


def _account_for(email: str) -> User | None:
    """The account with this address in any letter case, if exactly one has it.

    Sign-up stores addresses lower-cased, but accounts created by an operator or an importer
    may not be; matching case-insensitively lets their owners log in however they type it.
    """
    matches = list(User.objects.filter(email__iexact=email.strip())[:2])
    return matches[0] if len(matches) == 1 else None
