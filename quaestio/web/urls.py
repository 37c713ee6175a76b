"""The help center."""

from django.urls import path

from quaestio.web import views

app_name = "web"
urlpatterns = [
    path("help/privileges", views.privileges, name="privileges"),
    path("help/privileges/<slug:slug>", views.privilege, name="privilege"),
]
