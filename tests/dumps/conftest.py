"""Fixtures of the dump tests: the three real dumps in /work/shared/data (read from there, never
copied into the project), each imported once per module inside a transaction that is rolled
back afterwards, and helpers that write small dumps of our own."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from quaestio.dumps.loader import ImportOutcome, import_dump
from quaestio.dumps.sources import resolve_source

DATA = Path(os.environ.get("QUAESTIO_DUMP_DATA", "/work/shared/data"))
REAL_DUMPS = (
    "conlang.meta.stackexchange.com",
    "french.meta.stackexchange.com",
    "bicycles.meta.stackexchange.com",
)
FILES = ("Posts", "Users", "Comments", "Votes", "Badges", "Tags", "PostHistory", "PostLinks")
HEADER = '\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n'

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"the real dumps are not at {DATA}")


def xml_rows(path: Path) -> list[dict[str, str]]:
    """Every row's attributes, as any XML reader sees them."""
    # The files are our own test data or our own export, not input from strangers.
    return [dict(element.attrib) for element in ET.parse(path).getroot()]  # noqa: S314


def write_dump(folder: Path, **files: list[str]) -> Path:
    """Write dump files from row attribute strings: ``write_dump(d, Posts=['Id="1" ...'])``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        root = name.lower()
        body = "".join(f"  <row {row} />\r\n" for row in rows)
        (folder / f"{name}.xml").write_text(f"{HEADER}<{root}>\r\n{body}</{root}>", encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=REAL_DUMPS)
def real_dump(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[tuple[Path, ImportOutcome]]:
    """One real dump imported into the test database for the module's tests, then rolled back."""
    if not DATA.is_dir():
        pytest.skip(f"the real dumps are not at {DATA}")
    folder = DATA / request.param
    with django_db_blocker.unblock(), transaction.atomic():
        outcome = import_dump(resolve_source(folder))
        yield folder, outcome
        transaction.set_rollback(True)
