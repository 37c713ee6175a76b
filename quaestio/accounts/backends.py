"""How a request finds its signed-in user: Django's model backend, with the lookup every
signed-in request makes prepared once (``quaestio/lib/prepared.py``) instead of built anew."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from quaestio.accounts.models import User
from quaestio.lib.prepared import PreparedQuery

# The dotted path sessions record for users signed in without a password check (sign-up).
ACCOUNT_BACKEND = "quaestio.accounts.backends.AccountBackend"
_USER_BY_ID = PreparedQuery(User, lambda user: User.objects.filter(pk=user))


class AccountBackend(ModelBackend):
    """Password log-in and permissions as ``ModelBackend``; ``get_user`` in one prepared query."""

    def get_user(self, user_id: Any) -> User | None:
        """The active user the session names, or None (as ``ModelBackend.get_user``)."""
        try:
            wanted = int(user_id)
        except (TypeError, ValueError):
            return None
        found = _USER_BY_ID.objects(user=wanted)
        if not found or not self.user_can_authenticate(found[0]):
            return None
        return found[0]
