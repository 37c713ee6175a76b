"""User pages and sign-up, log-in and log-out, at Stack Exchange's paths."""

from django.urls import path, register_converter

from quaestio.accounts import views


class SignedIntConverter:
    """Like ``<int:…>`` but also matches negative ids: the Community user is /users/-1."""

    regex = "-?[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(SignedIntConverter, "signed_int")

app_name = "accounts"
urlpatterns = [
    path("users", views.users, name="users"),
    path("users/signup", views.signup, name="signup"),
    path("users/login", views.login, name="login"),
    path("users/logout", views.logout, name="logout"),
    path("users/<signed_int:user_id>", views.profile, name="profile_no_slug"),
    path("users/<signed_int:user_id>/<str:slug>", views.profile, name="profile"),
]
