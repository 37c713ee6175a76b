"""Badge pages at Stack Exchange's paths: /help/badges and /help/badges/<id>/<slug>."""

from django.urls import path

from quaestio.badges import views

app_name = "badges"
urlpatterns = [
    path("help/badges", views.badge_list, name="list"),
    path("help/badges/<int:badge_id>", views.badge_detail, name="detail_no_slug"),
    path("help/badges/<int:badge_id>/<str:slug>", views.badge_detail, name="detail"),
    # Tag badges have no fixed id (they exist once someone earns one): class and tag name it.
    path("help/badges/tag/<str:badge_class>/<str:tag>", views.tag_badge_detail, name="tag"),
]
