"""How the site answers a request to act: success and refusal, as HTML or as JSON.

One place turns a domain error (``quaestio.lib.errors.ActionError``) into a status, a sentence
and, for limits, a ``Retry-After`` header, so the HTML views and the API cannot drift apart
(STYLE rule 5). A request that sends ``Accept: application/json`` gets JSON; any other gets
HTML: a redirect on success, and on refusal either the form again (the view does that, with
``error_payload``) or ``web/action_error.html``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from quaestio.lib.errors import ActionError, InvalidInput, NotPermitted, RateLimited

# The heading of the error page for each status: what happened, in a few words.
_HEADINGS: Mapping[int, str] = {
    400: "Please check what you sent",
    403: "You can't do that yet",
    404: "Not found",
    405: "Not allowed here",
    409: "Not possible right now",
    429: "Please wait a little",
}

View = Callable[..., HttpResponse]


def wants_json(request: HttpRequest) -> bool:
    """Whether the client asked for JSON (scripts and ``actions.js``) rather than a page."""
    return "application/json" in request.headers.get("Accept", "")


def error_payload(error: ActionError) -> dict[str, Any]:
    """The error object of a JSON answer: ``{"status", "message"}`` and, when known, the form
    ``field`` the sentence is about and the ``retry_after`` seconds of a limit."""
    payload: dict[str, Any] = {"status": error.status, "message": error.message}
    if isinstance(error, InvalidInput) and error.field:
        payload["field"] = error.field
    seconds = retry_after_seconds(error)
    if seconds is not None:
        payload["retry_after"] = seconds
    return payload


def retry_after_seconds(error: ActionError) -> int | None:
    """Whole seconds until a rate-limited actor may try again (at least 1), else None."""
    if not isinstance(error, RateLimited) or error.retry_at is None:
        return None
    return max(1, math.ceil((error.retry_at - timezone.now()).total_seconds()))


def with_retry_after(response: HttpResponse, error: ActionError) -> HttpResponse:
    """Add ``Retry-After`` to ``response`` when ``error`` is a limit with a known end."""
    seconds = retry_after_seconds(error)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response


def json_ok(data: Mapping[str, Any]) -> JsonResponse:
    """A successful action's new state as JSON, status 200."""
    return JsonResponse(dict(data))


def json_error(error: ActionError) -> JsonResponse:
    """``{"error": {"status": …, "message": …}}`` at the error's status."""
    response = JsonResponse({"error": error_payload(error)}, status=error.status)
    with_retry_after(response, error)
    return response


def error_response(
    request: HttpRequest,
    error: ActionError,
    *,
    back_url: str,
    back_label: str = "Back to the question",
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The refusal of a button's action (vote, accept, follow, delete, rollback…): JSON for
    scripts, otherwise ``web/action_error.html`` with the sentence and a link back, both at
    the error's status."""
    if wants_json(request):
        return json_error(error)
    response = render(
        request,
        "web/action_error.html",
        {
            "status": error.status,
            "heading": _HEADINGS.get(error.status, "That did not work"),
            "message": error.message,
            "back_url": back_url,
            "back_label": back_label,
            **(context or {}),
        },
        status=error.status,
    )
    return with_retry_after(response, error)


def login_response(request: HttpRequest, verb: str, next_url: str) -> HttpResponse:
    """What an anonymous visitor gets from a write URL: a redirect to log in that comes back
    to ``next_url``, or for scripts a 403 "You must log in to <verb>."."""
    if wants_json(request):
        return json_error(NotPermitted(f"You must log in to {verb}."))
    return redirect_to_login(next_url)


def method_not_allowed(request: HttpRequest, allowed: Sequence[str]) -> HttpResponse:
    """405 with an ``Allow`` header and a sentence (JSON for scripts)."""
    message = f"This address only accepts {' and '.join(allowed)} requests."
    if wants_json(request):
        response: HttpResponse = JsonResponse({"error": {"status": 405, "message": message}}, status=405)
        response["Allow"] = ", ".join(allowed)
        return response
    return HttpResponseNotAllowed(allowed, content=message, content_type="text/plain; charset=utf-8")


def methods(*allowed: str) -> Callable[[View], View]:
    """Like Django's ``require_http_methods``, answering other methods with a sentence. A view
    that allows GET allows HEAD too."""
    accepted = set(allowed) | ({"HEAD"} if "GET" in allowed else set())

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in accepted:
                return method_not_allowed(request, allowed)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def cut_at_markers(content: bytes, markers: Iterable[bytes]) -> tuple[bytes, ...]:
    """``content`` cut at each of ``markers``, every marker kept as a piece of its own, for
    ``join_with`` to put values in their place (as often as needed, without searching again).
    Text and markers take turns: the markers are the pieces at odd positions."""
    pattern = re.compile(b"(" + b"|".join(re.escape(marker) for marker in markers) + b")")
    return tuple(pattern.split(content))


def join_with(pieces: Sequence[bytes], values: Mapping[bytes, bytes]) -> bytes:
    """``pieces`` (from ``cut_at_markers``) joined again, each marker replaced by its value.

    Only the markers are looked up: a piece of text read from the cache is a new object whose
    hash is not known yet, and hashing hundreds of kilobytes of them took 0.2 ms a page."""
    joined = list(pieces)
    for position in range(1, len(joined), 2):
        marker = joined[position]
        joined[position] = values.get(marker, marker)
    return b"".join(joined)


def with_parts(response: HttpResponse, parts: Mapping[str, bytes]) -> HttpResponse:
    """``response`` with each marker of ``parts`` in its body replaced by its bytes.

    For parts rendered and encoded beforehand, hundreds of kilobytes of them (a question page's
    cached column): they join the page as bytes, where a template would escape-check and join
    them as text and the response encode them again. Each marker is an HTML comment the
    template prints once, which no escaped or sanitised content can contain."""
    encoded = {marker.encode(): part for marker, part in parts.items()}
    response.content = join_with(cut_at_markers(response.content, encoded), encoded)
    return response
