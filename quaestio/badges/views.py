"""The badge pages: thin views over ``queries``; every page works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from quaestio.badges import queries
from quaestio.badges.definitions import BY_ID, tag_badge_description
from quaestio.badges.models import BadgeClass
from quaestio.lib.pagination import PageOutOfRange, parse_page_number

CLASS_BY_LABEL = {badge_class.label: badge_class for badge_class in BadgeClass}


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "badges/not_found.html", {"message": message, "section": "users"}, status=404)


@require_safe
def badge_list(request: HttpRequest) -> HttpResponse:
    """``/help/badges``: every badge by class with its award count, then the tag badges."""
    return render(request, "badges/badges.html", {"badges": queries.badge_list(), "section": "users"})


@require_safe
def badge_detail(request: HttpRequest, badge_id: int, slug: str | None = None) -> HttpResponse:
    """``/help/badges/<id>/<slug>``: one badge and its recipients, newest first."""
    badge = BY_ID.get(badge_id)
    if badge is None:
        return _not_found(request, "There is no badge with this id.")
    if slug != badge.slug:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(badge.get_absolute_url() + (f"?{query}" if query else ""))
    try:
        page = queries.recipients(
            badge.name, tag_based=False, page_number=parse_page_number(request.GET.get("page"))
        )
    except PageOutOfRange:
        return _not_found(request, "This badge's list of recipients has no page with that number.")
    context = {
        "name": badge.name,
        "badge_class": badge.badge_class,
        "description": badge.description,
        "multiple": badge.multiple,
        "tag_based": False,
        "page": page,
        "list_path": request.path,
        "section": "users",
    }
    return render(request, "badges/badge.html", context)


@require_safe
def tag_badge_detail(request: HttpRequest, badge_class: str, tag: str) -> HttpResponse:
    """``/help/badges/tag/<class>/<tag>``: a tag badge and its recipients; a tag badge nobody has
    earned does not exist yet, as on Stack Exchange."""
    chosen = CLASS_BY_LABEL.get(badge_class)
    if chosen is None:
        return _not_found(request, "There is no such tag badge.")
    try:
        page = queries.recipients(
            tag, tag_based=True, badge_class=chosen, page_number=parse_page_number(request.GET.get("page"))
        )
    except PageOutOfRange:
        return _not_found(request, "This badge's list of recipients has no page with that number.")
    if page.total == 0:
        return _not_found(request, "Nobody has earned this tag badge yet.")
    context = {
        "name": tag,
        "badge_class": chosen,
        "description": tag_badge_description(tag, chosen),
        "multiple": False,
        "tag_based": True,
        "page": page,
        "list_path": request.path,
        "section": "users",
    }
    return render(request, "badges/badge.html", context)
