"""Read paths of the badge pages, each a fixed number of queries whatever the site's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.urls import reverse

from quaestio.accounts.models import User
from quaestio.badges.definitions import BADGES, BadgeDefinition, tag_badge_description
from quaestio.badges.models import Badge, BadgeClass
from quaestio.lib.pagination import Page, page_bounds
from quaestio.posts.models import Post

RECIPIENTS_PER_PAGE = 60


@dataclass(frozen=True)
class NamedBadgeRow:
    badge: BadgeDefinition
    awarded: int


@dataclass(frozen=True)
class TagBadgeRow:
    tag: str
    badge_class: int
    awarded: int

    @property
    def class_name(self) -> str:
        return BadgeClass(self.badge_class).label

    @property
    def description(self) -> str:
        return tag_badge_description(self.tag, self.badge_class)

    def get_absolute_url(self) -> str:
        return reverse("badges:tag", args=[self.class_name, self.tag])


@dataclass(frozen=True)
class BadgeClassSection:
    badge_class: BadgeClass
    badges: list[NamedBadgeRow]


@dataclass(frozen=True)
class BadgeList:
    sections: list[BadgeClassSection]
    tag_badges: list[TagBadgeRow]


def badge_list() -> BadgeList:
    """Every named badge by class (gold, silver, bronze), alphabetical, with how many times it
    was awarded, and every tag badge awarded so far. One aggregate query."""
    counts = (
        Badge.objects.values_list("name", "badge_class", "tag_based").annotate(awarded=Count("id")).order_by()
    )
    named: dict[str, int] = {}
    tags: list[TagBadgeRow] = []
    for name, badge_class, tag_based, awarded in counts:
        if tag_based:
            tags.append(TagBadgeRow(name, badge_class, awarded))
        else:
            named[name] = named.get(name, 0) + awarded
    sections = [
        BadgeClassSection(
            badge_class,
            [
                NamedBadgeRow(badge, named.get(badge.name, 0))
                for badge in sorted(BADGES, key=lambda badge: badge.name)
                if badge.badge_class == badge_class
            ],
        )
        for badge_class in (BadgeClass.GOLD, BadgeClass.SILVER, BadgeClass.BRONZE)
    ]
    tags.sort(key=lambda row: (row.badge_class, -row.awarded, row.tag))
    return BadgeList(sections, tags)


@dataclass(frozen=True)
class Recipient:
    """One award on a badge's page: who, when, and the post that earned it (if still live)."""

    user: User
    date: datetime
    post: Post | None

    @property
    def post_title(self) -> str:
        if self.post is None:
            return ""
        if self.post.parent is not None:
            return self.post.parent.title
        return self.post.title


def recipients(
    name: str, *, tag_based: bool, page_number: int, badge_class: int | None = None
) -> Page[Recipient]:
    """The awards of one badge, newest first, a page at a time; raises ``PageOutOfRange`` past
    the last page. Three queries: the count, the page's awards with their users, and the live
    posts those awards name (skipped when none names a post). A tag badge is one tag and one
    class (``badge_class``); a named badge is its name, whatever class an import gave it."""
    awards = Badge.objects.filter(name=name, tag_based=tag_based)
    if badge_class is not None:
        awards = awards.filter(badge_class=badge_class)
    total = awards.count()
    start, stop = page_bounds(page_number, RECIPIENTS_PER_PAGE, total)
    rows = list(awards.select_related("user").order_by("-date", "-id")[start:stop])
    post_ids = {row.post_id for row in rows if row.post_id is not None}
    posts: dict[int, Post] = {}
    if post_ids:
        posts = {
            post.pk: post
            for post in Post.objects.filter(pk__in=post_ids, deletion_date__isnull=True).select_related(
                "parent"
            )
        }
    items = [
        Recipient(row.user, row.date, posts.get(row.post_id) if row.post_id is not None else None)
        for row in rows
    ]
    return Page(
        items=items,
        number=page_number,
        size=RECIPIENTS_PER_PAGE,
        total=total,
        params={},
        default_size=RECIPIENTS_PER_PAGE,
    )
