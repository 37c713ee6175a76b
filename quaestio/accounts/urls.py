"""User pages and sign-up, log-in and log-out, at Stack Exchange's paths."""

from django.urls import path

from quaestio.accounts import views

app_name = "accounts"
urlpatterns = [
    path("users", views.users, name="users"),
    path("users/signup", views.signup, name="signup"),
    path("users/login", views.login, name="login"),
    path("users/logout", views.logout, name="logout"),
    path("users/<int:user_id>", views.profile, name="profile_no_slug"),
    path("users/<int:user_id>/<str:slug>", views.profile, name="profile"),
]
