"""Context processors for the site's Jinja2 templates."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.safestring import SafeString


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
        return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))

    return {"csrf_token": SimpleLazyObject(token), "csrf_input": SimpleLazyObject(field)}
