"""Django admin for users and the reputation ledger.

Reputation is shown but not editable: it is a cache of the ledger's sum, so an edit here would
be undone by the next recount. Ledger rows are read-only for the same reason; reputation
changes go through actions, which write both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from quaestio.accounts.models import ReputationEvent, User

if TYPE_CHECKING:
    ReputationEventAdminBase = admin.ModelAdmin[ReputationEvent]
    # The stubs bound UserAdmin to AbstractUser; ours is an AbstractBaseUser with email as login.
    UserAdminBase = DjangoUserAdmin[Any]
    UserChangeFormBase = auth_forms.UserChangeForm[User]
else:
    # These are generic only in django-stubs; at run time they cannot be subscripted.
    ReputationEventAdminBase = admin.ModelAdmin
    UserAdminBase = DjangoUserAdmin
    UserChangeFormBase = auth_forms.UserChangeForm


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class UserChangeForm(UserChangeFormBase):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(UserAdminBase):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("id", "display_name", "email", "reputation", "is_moderator", "is_active", "creation_date")
    list_display_links = ("id", "display_name")
    list_filter = ("is_moderator", "is_staff", "is_superuser", "is_active")
    search_fields = ("display_name", "email")
    ordering = ("-reputation", "id")
    readonly_fields = ("reputation", "creation_date", "last_access_date", "last_login", "views")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "location", "website_url", "about_markdown", "about_html")}),
        ("Standing", {"fields": ("reputation", "is_moderator", "suspended_until", "is_active")}),
        ("Activity", {"fields": ("creation_date", "last_access_date", "last_login", "views")}),
        (
            "Site administration",
            {"fields": ("is_staff", "is_superuser", "groups", "user_permissions"), "classes": ("collapse",)},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(ReputationEvent)
class ReputationEventAdmin(ReputationEventAdminBase):
    list_display = ("creation_date", "user", "kind", "amount", "post_id")
    list_filter = ("kind",)
    list_select_related = ("user",)
    search_fields = ("user__display_name", "user__email")
    date_hierarchy = "creation_date"
    ordering = ("-creation_date", "-id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
