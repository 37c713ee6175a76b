"""The question pages and the write URLs through which people take part.

Views are thin: they parse the request, call one function of ``queries`` or one action, render.
Every page works without JavaScript; ``static/quaestio/js/comments.js`` shortens the "show more
comments" round trip and ``static/quaestio/js/actions.js`` sends the write forms in place.

A write URL answers a form post with a redirect back to the post and a script (``Accept:
application/json``) with the new state as JSON; a refusal carries the action's sentence at its
status, through ``quaestio.web.responses`` (shared with the API).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe
from markupsafe import Markup

from quaestio.accounts.models import User
from quaestio.lib.diff import Diff, diff_words
from quaestio.lib.errors import ActionError, InvalidInput, NotFound
from quaestio.lib.markdown import html_to_text, render_markdown
from quaestio.lib.pagination import PAGE_SIZES, PageOutOfRange, parse_page_number, parse_page_size
from quaestio.posts import actions, fragments, list_rows, lists, queries
from quaestio.posts.history import HistoryEvent, Revision, revisions
from quaestio.posts.lists import QuestionTab, TagTab
from quaestio.posts.models import CloseReason, Comment, Post, PostType, SuggestedEdit, Tag, VoteType
from quaestio.posts.queries import AnswerSort, PostNotFound
from quaestio.posts.views_counter import pending_views, record_view
from quaestio.web.context import csrf_field
from quaestio.web.responses import (
    error_payload,
    error_response,
    json_error,
    json_ok,
    login_response,
    methods,
    wants_json,
    with_parts,
    with_retry_after,
)

T = TypeVar("T")

HOME_QUESTIONS = 30
# Where the question page's cached column and sidebar join its frame (``with_parts``).
_COLUMN_MARKER = "<!--quaestio:column-->"
_SIDEBAR_MARKER = "<!--quaestio:sidebar-->"

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
            "rows": list_rows.rows_html(lists.top_questions(HOME_QUESTIONS), QuestionTab.ACTIVE),
            "page": None,
            "tab": QuestionTab.ACTIVE,
            "tag": None,
            "list_path": reverse("posts:questions"),
        },
    )


@require_safe
def questions(request: HttpRequest) -> HttpResponse:
    """``/questions?tab=…&page=…&pagesize=…`` (and ``&cursor=…`` on the pager's deep links)."""
    return _question_list(request, tag=None)


@require_safe
def tagged(request: HttpRequest, tag: str) -> HttpResponse:
    """``/questions/tagged/<tag>``: the same list, only questions carrying the tag."""
    try:
        found = lists.get_tag(tag)
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
        page = lists.question_list(
            tab,
            parse_page_number(request.GET.get("page")),
            parse_page_size(request.GET.get("pagesize")),
            tag=tag,
            cursor=request.GET.get("cursor"),
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
            "rows": list_rows.rows_html(page.items, tab),
            "page": page,
            "pager": list_rows.pager_html(page, list_path, PAGE_SIZES),
            "tab": tab,
            "tabs": list(QuestionTab),
            "tag": tag,
            "tag_excerpt": lists.tag_excerpt(tag) if tag is not None else "",
            "list_path": list_path,
        },
    )


@require_safe
def tags(request: HttpRequest) -> HttpResponse:
    """``/tags?tab=popular|name|new&filter=…&page=…``."""
    tab = TagTab.parse(request.GET.get("tab"))
    name_filter = request.GET.get("filter", "").strip()[:35]
    try:
        page = lists.tag_list(
            tab,
            name_filter,
            parse_page_number(request.GET.get("page")),
            cursor=request.GET.get("cursor"),
            params={"tab": tab.value, "filter": name_filter},
        )
    except PageOutOfRange:
        return _page_not_found(request)
    return render(
        request,
        "posts/tags.html",
        {
            "section": "tags",
            "page": page,
            "cards": list_rows.tag_cards(page.items),
            "pager": list_rows.pager_html(page, reverse("posts:tags")),
            "tab": tab,
            "tabs": list(TagTab),
            "filter": name_filter,
        },
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
    # Before the rows: the versions the page's cached blocks are checked and stored against.
    snapshot = fragments.thread_versions(question_id)
    try:
        found = queries.get_question(question_id)
    except PostNotFound:
        return _post_not_found(request)
    if slug != found.slug:
        return HttpResponsePermanentRedirect(_with_query(request, found.get_absolute_url()))
    record_view(request, found.pk)
    return _question_response(request, found, snapshot)


ANSWER_SORT_TABS = (
    (AnswerSort.SCORE, "Highest score (default)"),
    (AnswerSort.ACTIVE, "Date modified (newest first)"),
    (AnswerSort.NEWEST, "Date created (newest first)"),
    (AnswerSort.OLDEST, "Date created (oldest first)"),
)


def _question_response(
    request: HttpRequest,
    found: Post,
    snapshot: Mapping[str, Any],
    *,
    status: int = 200,
    extra: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The question page; ``extra`` carries a refused answer's sentence and text back to its form."""
    answer_sort = AnswerSort.parse(request.GET.get("answertab"))
    page = queries.question_page(
        found,
        request.user,
        answer_sort,
        _show_all_comments_for(request),
        snapshot,
    )
    canonical = found.get_absolute_url()
    main = fragments.question_main(
        page,
        snapshot,
        comments_query_prefix="" if answer_sort is AnswerSort.SCORE else f"answertab={answer_sort}&",
        next_path=canonical,
        login_next=request.get_full_path(),
        context={
            "close_text": CLOSE_REASON_TEXT.get(found.close_reason or 0, "This question is closed."),
            "closed_as_duplicate": found.close_reason in DUPLICATE_REASONS,
            "sorts": ANSWER_SORT_TABS,
        },
        refused=extra,
    )
    response = render(
        request,
        "posts/question.html",
        {
            "section": "questions",
            "description": main.description,
            "column_marker": Markup(_COLUMN_MARKER),  # noqa: S704 - a constant comment
            "sidebar_marker": Markup(_SIDEBAR_MARKER),  # noqa: S704 - a constant comment
            "q": found,
            "canonical_url": settings.SITE_URL + canonical,
        },
        status=status,
    )
    # The column comes as bytes, with the reader's CSRF field (the same token the frame's
    # forms print, so the cookie is set once) and the current view count in place.
    view_count = found.view_count + pending_views(found.pk)
    column = main.fill(lambda: csrf_field(request), view_count)
    return with_parts(response, {_COLUMN_MARKER: column, _SIDEBAR_MARKER: main.sidebar})


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


@methods("GET", "POST")
def post_comments(request: HttpRequest, post_id: int) -> HttpResponse:
    """``/posts/<id>/comments``: GET is every comment of one post, the fragment "show more"
    swaps in; POST (``body``) adds a comment."""
    if request.method == "POST":
        return _add_comment(request, post_id)
    try:
        thread = queries.comments_of_post(post_id)
    except PostNotFound:
        return _post_not_found(request)
    viewer = queries.comment_votes_of(request.user, [comment.pk for comment in thread.shown])
    return render(request, "posts/partials/comments.html", {"thread": thread, "viewer": viewer})


# ---------------------------------------------------------------- write URLs: shared plumbing


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _post_page(post_id: int) -> str:
    """Where a post lives: its question's page, with ``#<answer id>`` for an answer; the
    question list when the post is gone (one query)."""
    try:
        target = queries.resolve_permalink(post_id)
    except PostNotFound:
        return reverse("posts:questions")
    url = reverse("posts:question", args=[target.question_id, target.slug])
    return f"{url}#{target.answer_id}" if target.answer_id is not None else url


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _comment_page(comment_id: int) -> str:
    """The question page of a comment's post, at ``#comment-<id>``."""
    try:
        comment = actions.access_comment(comment_id)
    except NotFound:
        return reverse("posts:questions")
    return f"{_without_fragment(_post_page(comment.post_id))}#comment-{comment_id}"


def _perform(
    request: HttpRequest,
    *,
    verb: str,
    back: Callable[[], str],
    act: Callable[[User], T],
    as_json: Callable[[T], Mapping[str, Any]],
    done: Callable[[T], str],
    error_context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Run one button's action for the logged-in actor and answer as the client wants.

    ``back`` names the page to return to (for the log-in redirect and the error page's link);
    ``done`` where a form post goes on success; ``as_json`` the state a script receives.
    """
    actor = _actor(request)
    if actor is None:
        return login_response(request, verb, _without_fragment(back()))
    try:
        result = act(actor)
    except ActionError as error:
        return error_response(request, error, back_url=back(), context=error_context)
    if wants_json(request):
        return json_ok(as_json(result))
    return HttpResponseRedirect(done(result))


def _state_json(state: actions.VoteState) -> dict[str, Any]:
    return asdict(state)


# ---------------------------------------------------------------- votes, accept, bookmark, follow

# What each VoteTypeId in /posts/<id>/vote/<type> does; the same vote again undoes it.
_VOTE_ACTIONS: Mapping[int, Callable[[User, int], actions.VoteState]] = {
    VoteType.ACCEPTED_BY_ORIGINATOR: actions.toggle_accept,
    VoteType.UP_MOD: lambda actor, post_id: actions.cast_vote(actor, post_id, VoteType.UP_MOD),
    VoteType.DOWN_MOD: lambda actor, post_id: actions.cast_vote(actor, post_id, VoteType.DOWN_MOD),
    VoteType.FAVORITE: actions.toggle_bookmark,
}
_VOTE_VERBS: Mapping[int, str] = {
    VoteType.ACCEPTED_BY_ORIGINATOR: "accept an answer",
    VoteType.FAVORITE: "bookmark posts",
}


@methods("POST")
def vote(request: HttpRequest, post_id: int, vote_type: int) -> HttpResponse:
    """``POST /posts/<id>/vote/<type>``: 1 accept, 2 up, 3 down, 5 bookmark; again to undo."""
    action = _VOTE_ACTIONS.get(vote_type)
    if action is None:
        refused = InvalidInput(
            f"There is no vote of type {vote_type} to cast here: use 1 to accept an answer, "
            "2 to vote up, 3 to vote down or 5 to bookmark."
        )
        return error_response(request, refused, back_url=_post_page(post_id))
    return _perform(
        request,
        verb=_VOTE_VERBS.get(vote_type, "vote"),
        back=lambda: _post_page(post_id),
        act=lambda actor: action(actor, post_id),
        as_json=_state_json,
        done=lambda _state: _post_page(post_id),
    )


@methods("POST")
def follow(request: HttpRequest, post_id: int) -> HttpResponse:
    """``POST /posts/<id>/follow``: follow the post, or stop following it."""
    return _perform(
        request,
        verb="follow posts",
        back=lambda: _post_page(post_id),
        act=lambda actor: actions.toggle_follow(actor, post_id),
        as_json=_state_json,
        done=lambda _state: _post_page(post_id),
    )


# ---------------------------------------------------------------- comments


def _add_comment(request: HttpRequest, post_id: int) -> HttpResponse:
    text = request.POST.get("body", "")

    def as_json(comment: Comment) -> dict[str, Any]:
        fragment = render_to_string(
            "posts/partials/comment.html",
            {"c": comment, "viewer": queries.viewer_of(request.user)},
            request=request,
        )
        return {
            "id": comment.pk,
            "post_id": comment.post_id,
            "score": comment.score,
            "html": comment.text_html,
            # add_comment read the post under its row lock and added one in the same
            # transaction, so this is the count the comment left behind.
            "comment_count": comment.post.comment_count + 1,
            "fragment": fragment,
        }

    return _perform(
        request,
        verb="comment",
        back=lambda: _post_page(post_id),
        act=lambda actor: actions.add_comment(actor, post_id, text),
        as_json=as_json,
        done=lambda comment: f"{_without_fragment(_post_page(post_id))}#comment-{comment.pk}",
        # The refused text comes back in a form, so nothing typed is lost.
        error_context={"kept_text": text, "retry_action": reverse("posts:comments", args=[post_id])},
    )


@methods("POST")
def comment_vote(request: HttpRequest, comment_id: int) -> HttpResponse:
    """``POST /comments/<id>/vote``: upvote a comment, or take the upvote back."""
    return _perform(
        request,
        verb="vote",
        back=lambda: _comment_page(comment_id),
        act=lambda actor: actions.toggle_comment_upvote(actor, comment_id),
        as_json=asdict,
        done=lambda _state: _comment_page(comment_id),
    )


@methods("POST")
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    """``POST /comments/<id>/delete``: the author (or a moderator) deletes a comment."""
    return _perform(
        request,
        verb="delete comments",
        back=lambda: _comment_page(comment_id),
        act=lambda actor: actions.delete_comment(actor, comment_id),
        as_json=lambda comment: {"comment_id": comment.pk, "post_id": comment.post_id, "deleted": True},
        done=lambda comment: f"{_without_fragment(_post_page(comment.post_id))}#comments-{comment.post_id}",
    )


# ---------------------------------------------------------------- asking and answering


def _form_refused(
    request: HttpRequest, error: ActionError, template: str, context: Mapping[str, Any]
) -> HttpResponse:
    """A refused form: JSON for scripts, else the form again with the sentence and the input."""
    if wants_json(request):
        return json_error(error)
    response = render(request, template, {**context, "error": error_payload(error)}, status=error.status)
    return with_retry_after(response, error)


@methods("GET", "POST")
def ask(request: HttpRequest) -> HttpResponse:
    """``/questions/ask``: the form (logged-out visitors are sent to log in first); POST
    (``title``, ``body``, ``tags`` space-separated) asks the question."""
    actor = _actor(request)
    if actor is None:
        if request.method == "POST":
            return login_response(request, "ask a question", reverse("posts:ask"))
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        return render(request, "posts/ask.html", {"section": "questions"})
    values = {name: request.POST.get(name, "") for name in ("title", "body", "tags")}
    try:
        asked = actions.ask_question(actor, values["title"], values["body"], values["tags"])
    except ActionError as error:
        return _form_refused(request, error, "posts/ask.html", {"section": "questions", "values": values})
    url = asked.get_absolute_url()
    if wants_json(request):
        return json_ok({"id": asked.pk, "title": asked.title, "tags": asked.tag_list, "url": url})
    return HttpResponseRedirect(url)


@methods("POST")
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    """``POST /questions/<id>/answer`` (``body``): answer the question."""
    actor = _actor(request)
    if actor is None:
        return login_response(request, "answer", _without_fragment(_post_page(question_id)))
    body = request.POST.get("body", "")
    try:
        posted = actions.post_answer(actor, question_id, body)
    except ActionError as error:
        if wants_json(request):
            return json_error(error)
        snapshot = fragments.thread_versions(question_id)
        try:
            found = queries.get_question(question_id)
        except PostNotFound:
            return with_retry_after(_post_not_found(request), error)
        extra = {"answer_error": error_payload(error), "answer_body": body}
        response = _question_response(request, found, snapshot, status=error.status, extra=extra)
        return with_retry_after(response, error)
    url = f"{_without_fragment(_post_page(question_id))}#{posted.pk}"
    if wants_json(request):
        return json_ok({"id": posted.pk, "question_id": question_id, "url": url})
    return HttpResponseRedirect(url)


# ---------------------------------------------------------------- editing and history


def _editable(post_id: int) -> Post:
    """A live question or answer to edit; ``NotFound`` otherwise."""
    post = actions.access_post(post_id)
    if post.post_type not in (PostType.QUESTION, PostType.ANSWER):
        raise NotFound("Only questions and answers can be edited here.")
    return post


@methods("GET", "POST")
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    """``/posts/<id>/edit``: GET the form with the current markdown; POST (``title``, ``body``,
    ``tags``, ``summary``) edits the post, or suggests the edit for review."""
    actor = _actor(request)
    if actor is None:
        if request.method == "POST":
            return login_response(request, "edit posts", _without_fragment(_post_page(post_id)))
        return redirect_to_login(request.get_full_path())
    try:
        post = _editable(post_id)
    except NotFound as error:
        return json_error(error) if wants_json(request) else _post_not_found(request)
    context: dict[str, Any] = {
        "section": "questions",
        "post": post,
        "back_url": _post_page(post_id),
        "direct": actions.can_edit_directly(actor, post),
    }
    if request.method != "POST":
        values = {"title": post.title, "body": post.body_markdown, "tags": post.tags, "summary": ""}
        return render(request, "posts/edit.html", {**context, "values": values})
    values = {name: request.POST.get(name, "") for name in ("title", "body", "tags", "summary")}
    try:
        outcome = actions.edit_post(
            actor,
            post_id,
            title=request.POST.get("title") if post.is_question else None,
            body=values["body"],
            tags=request.POST.get("tags") if post.is_question else None,
            summary=values["summary"],
        )
    except ActionError as error:
        return _form_refused(request, error, "posts/edit.html", {**context, "values": values})
    suggestion = outcome.suggested_edit
    if wants_json(request):
        return json_ok(
            {
                "post_id": post_id,
                "suggested_edit_id": suggestion.pk if suggestion else None,
                "url": context["back_url"],
            }
        )
    if suggestion is not None:
        messages.info(request, "Your edit will be visible once it is approved.")
    return HttpResponseRedirect(context["back_url"])


@methods("POST")
def rollback(request: HttpRequest, post_id: int, revision_number: int) -> HttpResponse:
    """``POST /posts/<id>/rollback/<n>``: restore the post as it was at revision ``n``."""
    return _perform(
        request,
        verb="roll back posts",
        back=lambda: _post_page(post_id),
        act=lambda actor: actions.rollback_post(actor, post_id, revision_number),
        as_json=lambda post: {"post_id": post.pk, "rolled_back_to": revision_number},
        done=lambda _post: _post_page(post_id),
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One row of the revisions page: a revision or another history event."""

    revision: Revision | None = None
    event: HistoryEvent | None = None


DIFF_VIEWS = ("inline", "side-by-side")
DIFF_SOURCES = ("rendered", "markdown")


@require_safe
def post_revisions(request: HttpRequest, post_id: int) -> HttpResponse:
    """``/posts/<id>/revisions?view=inline|side-by-side&source=rendered|markdown``: every
    revision, newest first, with its diff, and the other history events between them."""
    try:
        post = _editable(post_id)
        question = post if post.is_question else queries.get_question(post.parent_id or 0)
    except (NotFound, PostNotFound):
        return _post_not_found(request)
    found, events = revisions(post.pk)
    timeline = sorted(
        [TimelineEntry(revision=rev) for rev in found] + [TimelineEntry(event=ev) for ev in events],
        key=lambda entry: entry.revision.date if entry.revision else entry.event.date,  # type: ignore[union-attr]
        reverse=True,
    )
    view = request.GET.get("view", "inline")
    source = request.GET.get("source", "rendered")
    actor = _actor(request)
    return render(
        request,
        "posts/revisions.html",
        {
            "section": "questions",
            "post": post,
            "question": question,
            "post_url": _post_url_of(post, question),
            "timeline": timeline,
            "latest": len(found),
            "view": view if view in DIFF_VIEWS else "inline",
            "source": source if source in DIFF_SOURCES else "rendered",
            "may_rollback": actor is not None and actions.can_edit_directly(actor, post),
        },
    )


def _post_url_of(post: Post, question: Post) -> str:
    url = question.get_absolute_url()
    return url if post.pk == question.pk else f"{url}#{post.pk}"


# ---------------------------------------------------------------- suggested edits


@dataclass(frozen=True)
class SuggestionDiffs:
    """The changes a suggested edit proposes, against the post as it is now."""

    title: Diff | None
    tags: Diff | None
    body_rendered: Diff
    body_markdown: Diff


def _suggestion_diffs(suggestion: SuggestedEdit) -> SuggestionDiffs:
    post = suggestion.post
    tags = post.tag_list if post.is_question else []
    return SuggestionDiffs(
        title=diff_words(post.title, suggestion.title) if post.is_question else None,
        tags=diff_words(post.tags, suggestion.tags) if post.is_question else None,
        body_rendered=diff_words(
            html_to_text(post.body_html), html_to_text(render_markdown(suggestion.text, tags))
        ),
        body_markdown=diff_words(post.body_markdown, suggestion.text),
    )


@require_safe
def suggested_edit(request: HttpRequest, suggested_edit_id: int) -> HttpResponse:
    """``/suggested-edits/<id>``: what an edit suggests, with approve and reject buttons for
    those who may review it."""
    try:
        suggestion = queries.get_suggested_edit(suggested_edit_id)
    except PostNotFound:
        return _not_found(request, "No such suggested edit", "This suggested edit does not exist.")
    post = suggestion.post
    question = post if post.is_question else post.parent
    if question is None or question.deletion_date is not None:
        return _post_not_found(request)
    actor = _actor(request)
    may_review = (
        actor is not None
        and suggestion.is_pending
        and suggestion.owner_id != actor.pk
        and (post.owner_id == actor.pk or actions.can_review_suggested_edits(actor))
    )
    return render(
        request,
        "posts/suggested_edit.html",
        {
            "section": "questions",
            "suggestion": suggestion,
            "post": post,
            "question": question,
            "post_url": _post_url_of(post, question),
            "diffs": _suggestion_diffs(suggestion),
            "may_review": may_review,
            "source": "markdown" if request.GET.get("source") == "markdown" else "rendered",
        },
    )


def _review(request: HttpRequest, suggested_edit_id: int, *, approve: bool) -> HttpResponse:
    page = reverse("posts:suggested_edit", args=[suggested_edit_id])

    def done(suggestion: SuggestedEdit) -> str:
        if suggestion.approval_date is not None:
            messages.success(request, "The suggested edit was approved and is now part of the post.")
        elif suggestion.rejection_date is not None:
            messages.info(request, "The suggested edit was rejected.")
        else:
            messages.info(request, "Thank you for reviewing: one more reviewer decides this edit.")
        return _post_page(suggestion.post_id)

    def as_json(suggestion: SuggestedEdit) -> dict[str, Any]:
        status = "pending"
        if suggestion.approval_date is not None:
            status = "approved"
        elif suggestion.rejection_date is not None:
            status = "rejected"
        return {"id": suggestion.pk, "post_id": suggestion.post_id, "status": status}

    return _perform(
        request,
        verb="review suggested edits",
        back=lambda: page,
        act=lambda actor: actions.review_suggested_edit(actor, suggested_edit_id, approve=approve),
        as_json=as_json,
        done=done,
    )


@methods("POST")
def approve_suggested_edit(request: HttpRequest, suggested_edit_id: int) -> HttpResponse:
    """``POST /suggested-edits/<id>/approve``."""
    return _review(request, suggested_edit_id, approve=True)


@methods("POST")
def reject_suggested_edit(request: HttpRequest, suggested_edit_id: int) -> HttpResponse:
    """``POST /suggested-edits/<id>/reject``."""
    return _review(request, suggested_edit_id, approve=False)


# ---------------------------------------------------------------- editing comments, deleting posts


@methods("GET", "POST")
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """``/comments/<id>/edit``: GET a small form with the comment's text; POST (``body``) edits
    it, within five minutes of posting (moderators at any time)."""
    actor = _actor(request)
    if actor is None:
        if request.method == "POST":
            return login_response(request, "edit comments", _without_fragment(_comment_page(comment_id)))
        return redirect_to_login(request.get_full_path())
    try:
        comment = actions.access_comment(comment_id)
    except NotFound as error:
        return json_error(error) if wants_json(request) else _post_not_found(request)
    context: dict[str, Any] = {
        "section": "questions",
        "comment": comment,
        "back_url": _comment_page(comment_id),
    }
    if request.method != "POST":
        return render(request, "posts/comment_edit.html", {**context, "text": comment.text})
    text = request.POST.get("body", "")
    try:
        edited = actions.edit_comment(actor, comment_id, text)
    except ActionError as error:
        return _form_refused(request, error, "posts/comment_edit.html", {**context, "text": text})
    if wants_json(request):
        return json_ok({"id": edited.pk, "post_id": edited.post_id, "html": edited.text_html})
    return HttpResponseRedirect(context["back_url"])


def _after_deletion(post: Post) -> str:
    if post.parent_id is not None:
        return _without_fragment(_post_page(post.parent_id))
    return reverse("posts:questions")


@methods("POST")
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    """``POST /posts/<id>/delete``: the author (with Stack Exchange's exceptions) or a
    moderator deletes a question or an answer."""
    return _perform(
        request,
        verb="delete posts",
        back=lambda: _post_page(post_id),
        act=lambda actor: actions.delete_post(actor, post_id),
        as_json=lambda post: {"post_id": post.pk, "deleted": True},
        done=_after_deletion,
    )


@methods("POST")
def post_undelete(request: HttpRequest, post_id: int) -> HttpResponse:
    """``POST /posts/<id>/undelete``: restore a deleted post (its author, or a moderator)."""
    return _perform(
        request,
        verb="undelete posts",
        back=lambda: reverse("posts:questions"),
        act=lambda actor: actions.undelete_post(actor, post_id),
        as_json=lambda post: {"post_id": post.pk, "deleted": False},
        done=lambda _post: _post_page(post_id),
    )
