"""The benchmark's settings: the product's, plus what only the benchmark needs.

Two additions, neither of which changes how a product page is served:

- ``bench.site.ServerTimingMiddleware`` first in the stack, which puts the time spent inside
  Django into a ``Server-Timing`` header (a ``perf_counter`` difference: microseconds);
- ``/__bench__/ceiling?bytes=N`` (``bench.site``), the framework's own limit: a minimal view
  returning N bytes through the same middleware, server and workers as the product's pages.
"""

from quaestio.settings import *  # noqa: F403
from quaestio.settings import MIDDLEWARE

MIDDLEWARE = ["bench.site.ServerTimingMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.site"
