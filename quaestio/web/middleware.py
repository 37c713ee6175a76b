"""Site-wide middleware for serving behind load balancers: static files with long lifetimes."""

from __future__ import annotations

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
