"""Authentication for every request, with the user read at once."""

from __future__ import annotations

from django.contrib.auth.middleware import AuthenticationMiddleware, get_user
from django.http import HttpRequest


class EagerAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware``, with ``request.user`` the user itself rather than a
    lazy proxy of it.

    Every page past the page cache prints the top bar, which reads the user, so the laziness
    saves nothing; and each attribute read through the proxy costs a Python call, which on a
    question page (permissions checked for every post and comment) came to hundreds per
    request. A request without a signed-in session costs no query either way: the session
    names no user, and ``get_user`` answers ``AnonymousUser`` from it.
    """

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = get_user(request)
