"""Site-wide pages: the help center's privileges pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quaestio.accounts.access import has_privilege
from quaestio.accounts.models import User
from quaestio.accounts.rules import PRIVILEGES, PrivilegeRule


@dataclass(frozen=True)
class PrivilegeRow:
    rule: PrivilegeRule
    threshold: int
    earned: bool
    progress_percent: int


def _rows(viewer: User | None) -> list[PrivilegeRow]:
    rows = []
    for rule in sorted(PRIVILEGES, key=lambda r: (r.threshold(), r.title)):
        threshold = rule.threshold()
        earned = viewer is not None and has_privilege(viewer, rule.privilege)
        percent = (
            100 if earned else (min(99, viewer.reputation * 100 // threshold) if viewer is not None else 0)
        )
        rows.append(PrivilegeRow(rule, threshold, earned, percent))
    return rows


@require_GET
def privileges(request: HttpRequest) -> HttpResponse:
    """/help/privileges: every privilege with its threshold, and the viewer's progress."""
    viewer = request.user if isinstance(request.user, User) else None
    rows = _rows(viewer)
    return render(
        request,
        "web/privileges.html",
        {
            "rows": rows,
            "viewer": viewer,
            "selected": None,
            "next_row": next((r for r in rows if not r.earned), None),
        },
    )


@require_GET
def privilege(request: HttpRequest, slug: str) -> HttpResponse:
    """/help/privileges/<slug>: one privilege, with the whole list beside it."""
    viewer = request.user if isinstance(request.user, User) else None
    rows = _rows(viewer)
    selected = next((row for row in rows if row.rule.privilege.value == slug), None)
    if selected is None:
        raise Http404("There is no such privilege.")
    return render(
        request,
        "web/privileges.html",
        {"rows": rows, "viewer": viewer, "selected": selected, "next_row": None},
    )
