"""Site-wide middleware for serving behind load balancers: the client's own address, and static
files with long cache lifetimes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# WhiteNoise ships no type information, so its class is Any to mypy.
from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]

ONE_YEAR = 365 * 24 * 60 * 60


class StaticFilesMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]  # an untyped base
    """WhiteNoise, with hashed file names (``site.3f2a9c1b7d4e.css``) cached for a year.

    A hashed name changes whenever the file does, so a browser or a CDN may keep it as long as it
    likes: ``Cache-Control: max-age=31536000, public, immutable``. A year rather than WhiteNoise's
    ten: HTTP/1.1 asked servers not to promise more (RFC 2616 §14.21), the usual convention
    follows it, and no cache keeps a file that long anyway. Names without a hash
    (``/static/quaestio/css/site.css``) keep WhiteNoise's short lifetime (60 seconds).
    """

    FOREVER = ONE_YEAR


def client_address(remote_addr: str, forwarded_for: str, trusted: Sequence[IPv4Network | IPv6Network]) -> str:
    """The address of the client behind ``trusted`` proxies, from ``X-Forwarded-For``.

    Each proxy appends the address it received the request from, so the list is read from the
    right: the first address that is not one of our proxies is the client. Anything to its
    left was written by the client and could be anything. When the request did not come from
    a trusted proxy, or a hop cannot be read, ``remote_addr`` stands.
    """
    if not trusted or not forwarded_for or not _within(remote_addr, trusted):
        return remote_addr
    hop = remote_addr
    for entry in reversed(forwarded_for.split(",")):
        try:
            hop = str(ip_address(entry.strip()))
        except ValueError:
            return remote_addr
        if not _within(hop, trusted):
            return hop
    # Every hop is one of our proxies: the leftmost is the nearest to the client we know of.
    return hop


def _within(address: str, networks: Sequence[IPv4Network | IPv6Network]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


class ForwardedClientMiddleware:
    """Behind the load balancers and proxies listed in QUAESTIO_TRUSTED_PROXIES, make
    ``REMOTE_ADDR`` the client's address (``client_address``), so that log-in limits and view
    counts are per client rather than one shared count for the load balancer's address.

    First in the list, before anything reads the address. Does nothing when no proxy is listed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted: Sequence[IPv4Network | IPv6Network] = settings.TRUSTED_PROXIES
        if trusted:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""), trusted
            )
        return self.get_response(request)
