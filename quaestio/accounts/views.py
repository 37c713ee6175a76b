"""The user pages: sign-up, log-in, log-out, the users list and profiles.

Views parse the request, call one action or query, and render; the rules are in
``actions.py`` (sign-up), ``forms.LogInForm`` (authentication) and ``throttle.py``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from quaestio.accounts import queries, throttle
from quaestio.accounts.actions import SignUpRefused, sign_up
from quaestio.accounts.backends import ACCOUNT_BACKEND
from quaestio.accounts.forms import LogInForm, SignUpForm
from quaestio.accounts.queries import USER_TABS
from quaestio.posts import list_rows

# A refused log-in answers with the status that says why.
_LOGIN_ERROR_STATUS = {"invalid_login": 400, "inactive": 403, "suspended": 403}


def _safe_next(request: HttpRequest) -> str:
    """``next`` from the form or the query string when it points into this site, else ""."""
    raw = request.POST.get("next") or request.GET.get("next") or ""
    if raw and url_has_allowed_host_and_scheme(
        raw, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return raw
    return ""


def _after_login(next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(next_url or reverse("posts:questions"))


def _client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a client can write any X-Forwarded-For it likes, and a
    # limit keyed on it could be dodged by changing it at every attempt.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _wait_sentence(seconds: int) -> str:
    minutes = -(-seconds // 60)
    when = "in 1 minute" if minutes == 1 else f"in {minutes} minutes"
    return f"Too many failed log-in attempts. Please try again {when}."


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return _after_login(next_url)
    status = 200
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                user = sign_up(**form.cleaned_data)
            except SignUpRefused as refusal:
                for field, messages in refusal.errors.items():
                    for message in messages:
                        form.add_error(field, message)
            else:
                auth_login(request, user, backend=ACCOUNT_BACKEND)
                return _after_login(next_url)
        status = 400
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": next_url},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return _after_login(next_url)
    context: dict[str, Any] = {"next": next_url, "error": ""}
    if request.method != "POST":
        context["form"] = LogInForm(request)
        return render(request, "accounts/login.html", context)

    form = LogInForm(request, request.POST)
    context["form"] = form
    ip = _client_ip(request)
    email = request.POST.get("email", "")
    wait = throttle.retry_after(ip, email)
    if wait is not None:
        context["error"] = _wait_sentence(wait)
        response = render(request, "accounts/login.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    if form.is_valid() and form.user is not None:
        auth_login(request, form.user)  # also rotates the session key
        throttle.forget_email(email)
        return _after_login(next_url)
    status = 400
    for error in form.non_field_errors().as_data():
        status = _LOGIN_ERROR_STATUS.get(error.code or "", status)
        if error.code == "invalid_login":
            throttle.record_failure(ip, email)
    return render(request, "accounts/login.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """POST logs out; GET asks first, as Stack Exchange does, so a link or a prefetch cannot."""
    if request.method == "POST":
        auth_logout(request)
        return redirect("posts:questions")
    if not request.user.is_authenticated:
        return redirect("posts:questions")
    return render(request, "accounts/logout.html")


@require_GET
def users(request: HttpRequest) -> HttpResponse:
    page = queries.users_page(
        request.GET.get("tab", ""),
        request.GET.get("filter", ""),
        request.GET.get("page"),
        cursor=request.GET.get("cursor"),
    )
    return render(
        request,
        "accounts/users.html",
        {
            "users_page": page,
            "cards": list_rows.user_cards(page.page.items),
            "pager": list_rows.pager_html(page.page, ""),
            "tabs": USER_TABS,
            "section": "users",
        },
    )


@require_GET
def profile(request: HttpRequest, user_id: int, slug: str | None = None) -> HttpResponse:
    user = queries.profile_user(user_id)
    if user is None:
        return render(request, "accounts/user_not_found.html", {"section": "users"}, status=404)
    if slug != user.slug:
        return redirect(user.get_absolute_url(), permanent=True)
    return render(
        request,
        "accounts/profile.html",
        {"profile": queries.profile_page(user), "section": "users"},
    )
