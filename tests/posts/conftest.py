"""Fixtures of the reading pages' tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """View counters live in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()
