"""Every QUAESTIO_* variable the code reads is documented, and nothing documented is invented.

The names are found by scanning quaestio/ for QUAESTIO_ words, so a new setting cannot land
without its line in .env.example and its section in docs/configuration.md. Variables that
configure the test suite (QUAESTIO_TEST_*) are read by tests only and documented with them.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"\bQUAESTIO_[A-Z][A-Z_]*[A-Z]\b")
TEST_ONLY = "QUAESTIO_TEST_"
ENV_EXAMPLE = ROOT / ".env.example"
CONFIGURATION = ROOT / "docs" / "configuration.md"


def names_read_by_the_code() -> set[str]:
    found: set[str] = set()
    for source in (ROOT / "quaestio").rglob("*.py"):
        found |= set(NAME.findall(source.read_text()))
    return {name for name in found if not name.startswith(TEST_ONLY)}


def names_in_env_example() -> set[str]:
    """Variables with a (commented) assignment line: ``# QUAESTIO_X=value``."""
    return set(re.findall(r"^#?\s*(QUAESTIO_[A-Z_]+)=", ENV_EXAMPLE.read_text(), flags=re.MULTILINE))


def names_in_configuration() -> set[str]:
    """Variables with a section of their own: ``### `QUAESTIO_X` ``."""
    return set(re.findall(r"^### `(QUAESTIO_[A-Z_]+)`$", CONFIGURATION.read_text(), flags=re.MULTILINE))


def test_the_scan_finds_the_settings_module_variables() -> None:
    # Guards the scan itself: were the pattern broken, every other test here would pass vacuously.
    assert {"QUAESTIO_DATABASE_URL", "QUAESTIO_SECRET_KEY", "QUAESTIO_DATA_DIR"} <= names_read_by_the_code()


def test_every_variable_the_code_reads_is_in_env_example() -> None:
    assert names_read_by_the_code() - names_in_env_example() == set()


def test_every_variable_the_code_reads_has_a_section_in_the_configuration_docs() -> None:
    assert names_read_by_the_code() - names_in_configuration() == set()


def test_env_example_names_no_variable_the_code_does_not_read() -> None:
    assert set(NAME.findall(ENV_EXAMPLE.read_text())) - names_read_by_the_code() == set()


def test_the_configuration_docs_name_no_variable_the_code_does_not_read() -> None:
    mentioned = {name for name in NAME.findall(CONFIGURATION.read_text()) if not name.startswith(TEST_ONLY)}
    assert mentioned - names_read_by_the_code() == set()


def test_env_example_sets_nothing_by_default() -> None:
    # Copying the file must not change a site's behaviour until a line is uncommented.
    live = [
        line for line in ENV_EXAMPLE.read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    assert live == []
