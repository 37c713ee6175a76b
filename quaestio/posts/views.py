"""The reading pages: question lists, the question page, tags, and the ask form.

Views are thin: they parse the query string, call one function of ``queries``, render. Every
page works without JavaScript; ``static/quaestio/js/comments.js`` only shortens the "show more
comments" round trip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from quaestio.lib.markdown import excerpt
from quaestio.lib.pagination import PageOutOfRange, parse_page_number, parse_page_size
from quaestio.posts import queries
from quaestio.posts.models import CloseReason, Tag
from quaestio.posts.queries import AnswerSort, PostNotFound, QuestionTab, TagTab
from quaestio.posts.views_counter import pending_views, record_view

HOME_QUESTIONS = 30

# The sentence a closed question's notice gives for its reason, as Stack Exchange words it.
CLOSE_REASON_TEXT: Mapping[int, str] = {
    CloseReason.EXACT_DUPLICATE: "This question is a duplicate of another question.",
    CloseReason.DUPLICATE: "This question is a duplicate of another question.",
    CloseReason.OFF_TOPIC_OLD: "This question is off-topic.",
    CloseReason.OFF_TOPIC: "This question is off-topic.",
    CloseReason.SUBJECTIVE: "This question is subjective and argumentative.",
    CloseReason.NOT_A_REAL_QUESTION: "This question is not a real question.",
    CloseReason.TOO_LOCALIZED: "This question is too localized.",
    CloseReason.GENERAL_REFERENCE: "This question is general reference.",
    CloseReason.NOISE: "This question is noise or pointless.",
    CloseReason.NEEDS_DETAILS: "This question needs details or clarity.",
    CloseReason.NEEDS_FOCUS: "This question needs to be more focused.",
    CloseReason.OPINION_BASED: "This question is opinion-based.",
}
DUPLICATE_REASONS = frozenset({CloseReason.EXACT_DUPLICATE, CloseReason.DUPLICATE})


def _not_found(request: HttpRequest, title: str, message: str) -> HttpResponse:
    return render(request, "posts/not_found.html", {"title": title, "message": message}, status=404)


def _post_not_found(request: HttpRequest) -> HttpResponse:
    return _not_found(
        request,
        "Page not found",
        "This question was removed, or it never existed. It may have been deleted by its author "
        "or by the community, or the link you followed is wrong.",
    )


def _page_not_found(request: HttpRequest) -> HttpResponse:
    return _not_found(request, "No such page", "This list has no page with that number.")


def _with_query(request: HttpRequest, path: str) -> str:
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


# ---------------------------------------------------------------- lists


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """``/``: the most recently active questions, like Stack Exchange's "Top Questions"."""
    return render(
        request,
        "posts/question_list.html",
        {
            "section": "questions",
            "heading": "Top Questions",
            "summaries": queries.top_questions(HOME_QUESTIONS),
            "page": None,
            "tab": QuestionTab.ACTIVE,
            "tag": None,
            "list_path": reverse("posts:questions"),
        },
    )


@require_safe
def questions(request: HttpRequest) -> HttpResponse:
    """``/questions?tab=…&page=…&pagesize=…``."""
    return _question_list(request, tag=None)


@require_safe
def tagged(request: HttpRequest, tag: str) -> HttpResponse:
    """``/questions/tagged/<tag>``: the same list, only questions carrying the tag."""
    try:
        found = queries.get_tag(tag)
    except Tag.DoesNotExist:
        return _not_found(
            request,
            "No such tag",
            f"There is no tag called “{tag}” on {settings.SITE_NAME}. Browse the tags to find one.",
        )
    return _question_list(request, tag=found)


def _question_list(request: HttpRequest, tag: Tag | None) -> HttpResponse:
    tab = QuestionTab.parse(request.GET.get("tab"), QuestionTab.NEWEST)
    try:
        page = queries.question_list(
            tab,
            parse_page_number(request.GET.get("page")),
            parse_page_size(request.GET.get("pagesize")),
            tag=tag,
            params={"tab": tab.value},
        )
    except PageOutOfRange:
        return _page_not_found(request)
    if tag is not None:
        heading = f"Questions tagged [{tag.name}]"
        list_path = reverse("posts:tagged", args=[tag.name])
    else:
        heading = "All Questions" if tab is not QuestionTab.UNANSWERED else "Unanswered Questions"
        list_path = reverse("posts:questions")
    return render(
        request,
        "posts/question_list.html",
        {
            "section": "questions",
            "heading": heading,
            "summaries": page.items,
            "page": page,
            "tab": tab,
            "tabs": list(QuestionTab),
            "tag": tag,
            "tag_excerpt": queries.tag_excerpt(tag) if tag is not None else "",
            "list_path": list_path,
        },
    )


@require_safe
def tags(request: HttpRequest) -> HttpResponse:
    """``/tags?tab=popular|name|new&filter=…&page=…``."""
    tab = TagTab.parse(request.GET.get("tab"))
    name_filter = request.GET.get("filter", "").strip()[:35]
    try:
        page = queries.tag_list(
            tab,
            name_filter,
            parse_page_number(request.GET.get("page")),
            params={"tab": tab.value, "filter": name_filter},
        )
    except PageOutOfRange:
        return _page_not_found(request)
    return render(
        request,
        "posts/tags.html",
        {"section": "tags", "page": page, "tab": tab, "tabs": list(TagTab), "filter": name_filter},
    )


# ---------------------------------------------------------------- the question page


def _show_all_comments_for(request: HttpRequest) -> int | Literal["all"] | None:
    if request.GET.get("comments") == "all":
        return "all"
    raw = request.GET.get("showcomments", "")
    return int(raw) if raw.isdigit() else None


@require_safe
def question(request: HttpRequest, question_id: int, slug: str | None = None) -> HttpResponse:
    """``/questions/<id>/<slug>``; any other slug is redirected to the canonical one."""
    try:
        found = queries.get_question(question_id)
    except PostNotFound:
        return _post_not_found(request)
    if slug != found.slug:
        return HttpResponsePermanentRedirect(_with_query(request, found.get_absolute_url()))

    answer_sort = AnswerSort.parse(request.GET.get("answertab"))
    page = queries.question_page(
        found,
        request.user,
        answer_sort,
        _show_all_comments_for(request),
    )
    record_view(request, found.pk)
    canonical = found.get_absolute_url()
    return render(
        request,
        "posts/question.html",
        {
            "section": "questions",
            "page": page,
            "q": found,
            "view_count": found.view_count + pending_views(found.pk),
            # "Show more comments" links keep the answer order the reader chose.
            "comments_query_prefix": "" if answer_sort is AnswerSort.SCORE else f"answertab={answer_sort}&",
            "canonical_url": settings.SITE_URL + canonical,
            "description": excerpt(found.body_html, 160),
            "close_text": CLOSE_REASON_TEXT.get(found.close_reason or 0, "This question is closed."),
            "closed_as_duplicate": found.close_reason in DUPLICATE_REASONS,
            "sorts": [
                (AnswerSort.SCORE, "Highest score (default)"),
                (AnswerSort.ACTIVE, "Date modified (newest first)"),
                (AnswerSort.NEWEST, "Date created (newest first)"),
                (AnswerSort.OLDEST, "Date created (oldest first)"),
            ],
        },
    )


@require_safe
def post_permalink(request: HttpRequest, post_id: int, user_id: int | None = None) -> HttpResponse:
    """``/q/<id>``, ``/a/<id>`` and their share forms ``/q/<id>/<user>``, ``/a/<id>/<user>``."""
    try:
        target = queries.resolve_permalink(post_id)
    except PostNotFound:
        return _post_not_found(request)
    location = reverse("posts:question", args=[target.question_id, target.slug])
    if target.answer_id is not None:
        location += f"#{target.answer_id}"
    return HttpResponsePermanentRedirect(location)


@require_safe
def post_comments(request: HttpRequest, post_id: int) -> HttpResponse:
    """``/posts/<id>/comments``: every comment of one post, the fragment "show more" swaps in."""
    try:
        thread = queries.comments_of_post(post_id)
    except PostNotFound:
        return _post_not_found(request)
    return render(request, "posts/partials/comments.html", {"thread": thread})


# ---------------------------------------------------------------- asking


def _get_only(message: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Like ``require_GET`` (HEAD allowed too), answering other methods with ``message``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(
                    ["GET", "HEAD"], content=message, content_type="text/plain; charset=utf-8"
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@login_required
@_get_only("Posting questions is not open yet: this page only shows the form for now.")
def ask(request: HttpRequest) -> HttpResponse:
    """``/questions/ask``: the form; logged-out visitors are sent to log in first."""
    return render(request, "posts/ask.html", {"section": "questions"})
