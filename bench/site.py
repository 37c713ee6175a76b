"""The benchmark's URLs (the product's plus the ceiling view) and its timing middleware."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.urls import path

from quaestio.urls import urlpatterns as product_urlpatterns


class ServerTimingMiddleware:
    """Report the time spent in Django (every other middleware and the view) in a
    ``Server-Timing: app;dur=<ms>`` header, so a client sees the server's share of a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.3f}"
        return response


@lru_cache(maxsize=64)
def _body(size: int) -> bytes:
    return b"x" * size


def ceiling(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: return ``?bytes=`` bytes (50,000 by default)."""
    raw = request.GET.get("bytes", "50000")
    size = min(int(raw), 5_000_000) if raw.isdigit() else 50_000
    return HttpResponse(_body(size), content_type="text/html; charset=utf-8")


urlpatterns = [path("__bench__/ceiling", ceiling), *product_urlpatterns]
