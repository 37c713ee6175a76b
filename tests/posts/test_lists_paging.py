"""Paging the lists at any depth: pager links carry cursors, pages reached by number and by
cursor agree, and a cursor can only say where a page of the list the URL names begins."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from urllib.parse import urljoin

import pytest
from django.db.models.expressions import Combinable
from django.db.models.functions import Lower
from django.test import Client
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.lib import pagination
from quaestio.lib.pagination import Cursor, encode_cursor, list_digest
from quaestio.posts.models import Post, Tag
from tests.posts.factories import delete_post, make_answer, make_question

pytestmark = pytest.mark.django_db

ORDERS = {
    "Newest": ("-creation_date", "-id"),
    "Active": ("-last_activity_date", "-id"),
    "Score": ("-score", "-id"),
}


def listed(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="question-summary-(\d+)"', page)]


def get(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]+)" rel="{rel}"', page)
    return html.unescape(found.group(1)) if found else None


def walk(client: Client, path: str, rel: str) -> list[list[int]]:
    """The questions of every page met following the pager's ``rel`` links from ``path``."""
    pages = []
    next_path: str | None = path
    while next_path is not None:
        page = get(client, next_path)
        pages.append(listed(page))
        next_path = link(page, rel)
    return pages


@pytest.fixture
def cursors_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pager link carries a cursor, so a list of a few pages exercises them all."""
    monkeypatch.setattr(pagination, "PLAIN_LINK_PAGES", 0)


@pytest.fixture
def site(alice: User, bob: User) -> dict[str, list[int]]:
    """80 questions with ties on every key: many scores shared, runs of questions asked at the
    same moment, a third tagged "tides", a few answered, two deleted. Returns the expected
    order of each tab, read with a plain ORDER BY."""
    moment = timezone.now() - timedelta(days=30)
    for n in range(80):
        created = moment + timedelta(hours=n // 4)  # four questions share each moment
        question = make_question(
            alice if n % 2 else bob,
            tags="tides moon" if n % 3 == 0 else "moon",
            created=created,
            score=n % 4,
        )
        if n % 5 == 0:
            make_answer(question, bob, score=1, created=created + timedelta(days=40 - n % 7))
        if n in (10, 33):
            delete_post(question)
    live = Post.objects.filter(post_type=1, deletion_date__isnull=True)
    expected = {
        tab: list(live.order_by(*order).values_list("id", flat=True)) for tab, order in ORDERS.items()
    }
    expected["Unanswered"] = list(
        live.filter(is_answered=False).order_by("-creation_date", "-id").values_list("id", flat=True)
    )
    tides = live.filter(post_tags__tag__name="tides")
    for tab, order in ORDERS.items():
        expected[f"tides {tab}"] = list(tides.order_by(*order).values_list("id", flat=True))
    return expected


@pytest.mark.parametrize("tab", ["Newest", "Active", "Score", "Unanswered"])
def test_following_next_and_prev_visits_every_question_once_in_order(
    tab: str, client: Client, site: dict[str, list[int]], cursors_everywhere: None
) -> None:
    forward = walk(client, f"/questions?tab={tab}", "next")

    assert [qid for page in forward for qid in page] == site[tab]
    assert all(len(page) == 15 for page in forward[:-1])
    last = len(forward)
    backward = walk(client, f"/questions?tab={tab}&page={last}", "prev")
    assert backward == forward[::-1]


@pytest.mark.parametrize("tab", ["Newest", "Active", "Score"])
def test_a_tags_pages_follow_its_own_order(
    tab: str, client: Client, site: dict[str, list[int]], cursors_everywhere: None
) -> None:
    pages = walk(client, f"/questions/tagged/tides?tab={tab}&pagesize=15", "next")

    assert [qid for page in pages for qid in page] == site[f"tides {tab}"]


def test_pages_reached_by_number_and_through_the_pager_agree(
    client: Client, site: dict[str, list[int]], cursors_everywhere: None
) -> None:
    by_pager = walk(client, "/questions?tab=Score", "next")

    # Near the start the rows are counted from the first, near the end from the last.
    by_number = [listed(get(client, f"/questions?tab=Score&page={n}")) for n in range(1, len(by_pager) + 1)]
    assert by_number == by_pager


def test_pager_links_carry_a_cursor_only_away_from_both_ends(client: Client, alice: User) -> None:
    for _ in range(3):
        make_question(alice)

    page = get(client, "/questions?pagesize=15")

    assert "cursor=" not in page
    assert link(page, "next") is None


def test_links_to_another_page_size_start_over_without_a_cursor(
    client: Client, site: dict[str, list[int]], cursors_everywhere: None
) -> None:
    second = get(client, "/questions?tab=Newest&page=2")

    assert 'href="/questions?tab=Newest&amp;pagesize=30"' in second
    assert 'href="/questions?tab=Newest&amp;pagesize=50"' in second


def _cursor_for(tab: str, question: Post, *, scope: str, size: int = 15, anchor: int = 1) -> str:
    """A forward cursor at ``question`` for the list named ``scope``, as a pager link makes."""
    key: datetime | int = question.creation_date if tab == "Newest" else question.score
    cursor = Cursor(anchor=anchor, forward=True, key=(key, question.pk))
    return encode_cursor(cursor, list_digest(scope, size))


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "nonsense",
        "1.a.00000000.t0.i1",
        "1.x.{digest}.t0.i1",
        "0.a.{digest}.t0.i1",
        "-4.a.{digest}.t0.i1",
        "1.a.{digest}.i5.i1",
        "1.a.{digest}.t0",
        "1.a.{digest}.t0.i1.i2",
        "1.a.{digest}.t99999999999999999999.i1",
        "1.a.{digest}.t-99999999999999999999.i1",
        "1.a.{digest}.tabc.i1",
        "1.a.{digest}.t0.s!!",
        "1.a.{digest}.t0.i" + "9" * 30,
        "99999999999999999999.a.{digest}.t0.i1",
    ],
)
def test_a_malformed_cursor_is_ignored_like_a_bad_page_number(
    cursor: str, client: Client, site: dict[str, list[int]]
) -> None:
    raw = cursor.format(digest=list_digest("questions:Newest", 15))

    response = client.get("/questions", {"tab": "Newest", "page": "2", "cursor": raw})

    assert response.status_code == 200
    assert listed(response.content.decode()) == site["Newest"][15:30]


def test_a_cursor_for_another_tab_tag_or_page_size_is_ignored(
    client: Client, site: dict[str, list[int]]
) -> None:
    newest = Post.objects.get(pk=site["Newest"][40])
    score = Post.objects.get(pk=site["Score"][40])
    others = [
        ("/questions?tab=Newest&page=2", _cursor_for("Score", score, scope="questions:Score")),
        (
            "/questions?tab=Newest&page=2",
            _cursor_for("Newest", newest, scope="questions:unanswered:Unanswered"),
        ),
        ("/questions?tab=Newest&page=2", _cursor_for("Newest", newest, scope="questions:Newest", size=30)),
        (
            "/questions?tab=Newest&page=2",
            _cursor_for("Newest", newest, scope=f"tagged:{Tag.objects.get(name='tides').pk}:Newest"),
        ),
    ]
    for path, cursor in others:
        assert listed(get(client, f"{path}&cursor={cursor}")) == site["Newest"][15:30]


def test_a_cursor_only_says_where_the_named_list_starts(client: Client, site: dict[str, list[int]]) -> None:
    # A cursor made by hand at a deleted question, for the tagged list: the page still holds
    # only live questions carrying the tag, in the tab's order, from just after that key.
    gone = Post.objects.filter(deletion_date__isnull=False).order_by("id").first()
    assert gone is not None
    tides = Tag.objects.get(name="tides")
    cursor = _cursor_for("Newest", gone, scope=f"tagged:{tides.pk}:Newest")

    page = listed(get(client, f"/questions/tagged/tides?tab=Newest&page=2&cursor={cursor}"))

    dates = dict(Post.objects.filter(pk__in=site["tides Newest"]).values_list("id", "creation_date"))
    after = [qid for qid in site["tides Newest"] if (dates[qid], qid) < (gone.creation_date, gone.pk)]
    assert page == after[:15]
    assert gone.pk not in page


def test_a_cursor_cannot_reach_past_the_last_page(client: Client, site: dict[str, list[int]]) -> None:
    first = Post.objects.get(pk=site["Newest"][0])
    cursor = _cursor_for("Newest", first, scope="questions:Newest", anchor=6)

    # 78 live questions make six pages.
    assert client.get(f"/questions?tab=Newest&page=7&cursor={cursor}").status_code == 404


def test_a_cursor_pointing_away_or_too_far_is_ignored(
    client: Client, site: dict[str, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "CURSOR_REACH", 2)
    first = Post.objects.get(pk=site["Newest"][0])
    behind = _cursor_for("Newest", first, scope="questions:Newest", anchor=5)
    far = _cursor_for("Newest", first, scope="questions:Newest", anchor=1)

    # A cursor after page 5 cannot lead to page 2, nor one after page 1 to page 5.
    assert listed(get(client, f"/questions?tab=Newest&page=2&cursor={behind}")) == site["Newest"][15:30]
    assert listed(get(client, f"/questions?tab=Newest&page=5&cursor={far}")) == site["Newest"][60:75]


def test_votes_is_stack_exchanges_other_name_for_the_score_tab(
    client: Client, site: dict[str, list[int]]
) -> None:
    page = get(client, "/questions?tab=Votes")

    assert listed(page) == site["Score"][:15]
    assert 'aria-current="true">Score</a>' in page


def _names(page: str, pattern: str) -> list[str]:
    return re.findall(pattern, page)


@pytest.mark.parametrize("tab", ["popular", "name", "new"])
def test_following_the_tags_pager_visits_every_tag_once_in_order(
    tab: str, client: Client, cursors_everywhere: None, monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    monkeypatch.setattr("quaestio.posts.lists.TAGS_PAGE_SIZE", 5)
    moment = timezone.now()
    # Counts tied in runs of four (popular orders them by name), dates tied in pairs.
    Tag.objects.bulk_create(
        Tag(name=f"tag-{n:02}", count=n // 4, creation_date=moment - timedelta(days=n // 2))
        for n in range(23)
    )
    order = {"popular": ("-count", "name"), "name": ("name",), "new": ("-creation_date", "-id")}[tab]
    expected = list(Tag.objects.order_by(*order).values_list("name", flat=True))

    seen: list[str] = []
    path: str | None = f"/tags?tab={tab}"
    while path is not None:
        page = get(client, path)
        seen.extend(_names(page, r'<div><a class="post-tag" href="[^"]+" rel="tag">([^<]+)</a></div>'))
        path = link(page, "next")

    assert seen == expected


@pytest.mark.parametrize("tab", ["reputation", "newusers", "name"])
def test_following_the_users_pager_visits_every_user_once_in_order(
    tab: str, client: Client, cursors_everywhere: None, monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    monkeypatch.setattr("quaestio.accounts.queries.USERS_PER_PAGE", 5)
    moment = timezone.now()
    # Reputations tied in runs of three, join dates in pairs, names differing only in case.
    User.objects.bulk_create(
        User(
            email=f"user{n}@example.org",
            display_name=f"{'User' if n % 2 else 'user'} {n // 2:02}",
            reputation=1 + n // 3,
            creation_date=moment - timedelta(days=n // 2),
        )
        for n in range(23)
    )
    orders: dict[str, tuple[str | Combinable, ...]] = {
        "reputation": ("-reputation", "id"),
        "newusers": ("-creation_date", "-id"),
        "name": (Lower("display_name"), "id"),
    }
    users = User.objects.filter(is_active=True).order_by(*orders[tab])
    expected = list(users.values_list("display_name", flat=True))

    seen: list[str] = []
    path: str | None = f"/users?tab={tab}"
    while path is not None:
        page = get(client, path)
        seen.extend(_names(page, r'class="user-card-name" href="[^"]+">([^<]+)</a>'))
        found = link(page, "next")
        path = urljoin("/users", found) if found else None

    assert seen == expected
