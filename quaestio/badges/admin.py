"""Django admin for badge awards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from quaestio.badges.models import Badge

if TYPE_CHECKING:
    BadgeAdminBase = admin.ModelAdmin[Badge]
else:
    # ModelAdmin is generic only in django-stubs; at run time it cannot be subscripted.
    BadgeAdminBase = admin.ModelAdmin


@admin.register(Badge)
class BadgeAdmin(BadgeAdminBase):
    list_display = ("name", "badge_class", "tag_based", "user", "date", "post_id")
    list_filter = ("badge_class", "tag_based")
    list_select_related = ("user",)
    search_fields = ("name", "user__display_name", "user__email")
    raw_id_fields = ("user",)
    date_hierarchy = "date"
    ordering = ("-date", "-id")
