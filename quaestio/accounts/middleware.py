"""Authentication for every request, with the user read once the view is known."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import AuthenticationMiddleware, get_user
from django.http import HttpRequest, HttpResponse


class EagerAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware``, with ``request.user`` made the user itself rather
    than a lazy proxy of it by the time the view runs.

    Every page past the page cache prints the top bar, which reads the user, so the laziness
    saves nothing; and each attribute read through the proxy costs a Python call, which on a
    question page (permissions checked for every post and comment) came to hundreds per
    request. The user is read in ``process_view``, not before: the replica router chooses a
    replica for a reading page once its view is known (it comes earlier in MIDDLEWARE), and
    the user's row must be read from where the page's rows are. A request without a signed-in
    session costs no query either way: the session names no user.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        request.user = get_user(request)
