"""Fixtures of the reading pages' tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from pytest_django import Settings


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """View counters live in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def static_root(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WhiteNoise warns (an error here) when STATIC_ROOT is missing; give it an empty one."""
    root = tmp_path_factory.getbasetemp() / "staticfiles"
    root.mkdir(exist_ok=True)
    settings.STATIC_ROOT = root
    return root
