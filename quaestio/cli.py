"""The ``quaestio`` command: every Django management command, plus quaestio's own
(``serve``, ``demo``, and those the apps add)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run ``quaestio <command> [options]``; a configuration error stops with one sentence."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quaestio.settings")
    args = ["quaestio", *(sys.argv[1:] if argv is None else argv)]
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        print(f"quaestio: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
