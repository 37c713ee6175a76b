"""Context processors for the site's Jinja2 templates."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.safestring import SafeString


def csrf_field(request: HttpRequest) -> SafeString:
    """The request's hidden CSRF field, the same for every form of the page: the token is
    masked once however many forms print it."""
    field: SafeString | None = getattr(request, "_quaestio_csrf_field", None)
    if field is None:
        field = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
        request._quaestio_csrf_field = field  # type: ignore[attr-defined]
    return field


def csrf_once(request: HttpRequest) -> dict[str, object]:
    """``csrf_input`` and ``csrf_token`` evaluated once per page.

    Django's Jinja2 backend gives templates lazy values that mask a new token each time they
    are printed; a question page prints one per vote and comment form, dozens of times. These
    stay lazy (a page that prints none leaves the CSRF cookie alone, so anonymous pages remain
    cacheable) but compute the token once.
    """

    def token() -> str:
        return get_token(request)

    def field() -> SafeString:
        return csrf_field(request)

    return {"csrf_token": SimpleLazyObject(token), "csrf_input": SimpleLazyObject(field)}
