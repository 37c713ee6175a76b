"""The site's URLs, laid out as on Stack Exchange."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("quaestio.posts.urls")),
    path("", include("quaestio.accounts.urls")),
    path("", include("quaestio.web.urls")),
    path("", include("quaestio.badges.urls")),
    path("admin/", admin.site.urls),
]
