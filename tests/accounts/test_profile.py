"""/users/<id>/<slug>: the profile page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import COMMUNITY_USER_ID, User
from quaestio.accounts.queries import TOP_POSTS, member_for
from quaestio.badges.models import Badge, BadgeClass
from quaestio.posts.models import Post, PostType

_TOP_TITLE = re.compile(r'class="top-post-title" href="([^"]+)">([^<]+)</a>')


def _page(client: Client, user: User) -> str:
    response = client.get(f"/users/{user.pk}/{user.slug}")
    assert response.status_code == 200
    return response.content.decode()


def _section(body: str, heading_id: str) -> str:
    start = body.index(f'id="{heading_id}"')
    return body[start : body.index("</section>", start)]


def _question(owner: User, title: str, score: int = 0, **fields: object) -> Post:
    return Post.objects.create(post_type=PostType.QUESTION, title=title, owner=owner, score=score, **fields)


def _answer(owner: User, question: Post, score: int = 0, **fields: object) -> Post:
    return Post.objects.create(post_type=PostType.ANSWER, parent=question, owner=owner, score=score, **fields)


def test_it_redirects_to_the_canonical_url(alice: User) -> None:
    for path in (f"/users/{alice.pk}", f"/users/{alice.pk}/someone-else"):
        response = Client().get(path)
        assert (response.status_code, response["Location"]) == (301, f"/users/{alice.pk}/alice")


def test_it_answers_404_for_an_unknown_user(db: None) -> None:
    response = Client().get("/users/424242/nobody")
    assert response.status_code == 404
    assert "User not found" in response.content.decode()


def test_it_answers_404_for_a_deactivated_user(alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert Client().get(f"/users/{alice.pk}/alice").status_code == 404


def test_it_shows_the_community_user_at_a_negative_id(db: None) -> None:
    User.objects.create_user(None, None, id=COMMUNITY_USER_ID, display_name="Community")
    assert Client().get("/users/-1").status_code == 301
    assert "<title>User Community - quaestio</title>" in Client().get("/users/-1/community").content.decode()


def test_it_shows_who_the_user_is(alice: User) -> None:
    alice.location = "Paris, France"
    alice.website_url = "https://alice.example/"
    alice.about_html = "<p>I ride <strong>bicycles</strong>.</p>"
    alice.creation_date = timezone.now() - timedelta(days=800)
    alice.save(update_fields=["location", "website_url", "about_html", "creation_date"])
    body = _page(Client(), alice)
    assert "<title>User Alice - quaestio</title>" in body
    assert 'class="avatar avatar-large hue-' in body
    assert "1,250" in body
    assert "Member for 2 years, 2 months" in body
    assert "Last seen just now" in body
    assert "Paris, France" in body
    assert '<a href="https://alice.example/" rel="nofollow noopener ugc">alice.example</a>' in body
    assert "<p>I ride <strong>bicycles</strong>.</p>" in body


def test_it_never_links_a_website_that_is_not_http(alice: User) -> None:
    alice.website_url = "javascript:alert(1)"
    alice.save(update_fields=["website_url"])
    assert "javascript:" not in _page(Client(), alice)


def test_it_escapes_the_display_name(db: None) -> None:
    user = User.objects.create_user("x@example.org", None, display_name="<b>Mallory</b>")
    body = _page(Client(), user)
    assert "<b>Mallory</b>" not in body
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in body


def test_it_counts_live_questions_and_answers(alice: User, bob: User) -> None:
    question = _question(alice, "Live question")
    _question(alice, "Deleted question", deletion_date=timezone.now())
    _answer(alice, _question(bob, "Bob's question"))
    _answer(alice, question, deletion_date=timezone.now())
    body = _section(_page(Client(), alice), "stats-heading")
    assert '<span class="stat-value">1</span><span class="stat-label">answer</span>' in body
    assert '<span class="stat-value">1</span><span class="stat-label">question</span>' in body


def test_it_shows_badges_by_class_with_award_counts(alice: User) -> None:
    for name, badge_class, tag_based in [
        ("Famous Question", BadgeClass.GOLD, False),
        ("Nice Answer", BadgeClass.BRONZE, False),
        ("Nice Answer", BadgeClass.BRONZE, False),
        ("Nice Answer", BadgeClass.BRONZE, False),
        ("Editor", BadgeClass.BRONZE, False),
        ("bicycles", BadgeClass.SILVER, True),
    ]:
        Badge.objects.create(user=alice, name=name, badge_class=badge_class, tag_based=tag_based)
    body = _section(_page(Client(), alice), "badges-heading")
    gold, silver, bronze = body.split('class="badge-shelf badge-shelf-')[1:]
    assert gold.startswith("gold") and "<strong>1</strong> gold badge</p>" in gold
    assert "Famous Question" in gold
    assert silver.startswith("silver") and "<strong>1</strong> silver badge</p>" in silver
    assert "badge-pill-tag" in silver and "bicycles" in silver and "silver tag badge" in silver
    assert bronze.startswith("bronze") and "<strong>4</strong> bronze badges</p>" in bronze
    assert bronze.index("Nice Answer") < bronze.index("Editor")
    assert "× 3" in bronze
    assert "badge-pill-tag" not in bronze


def test_it_says_when_a_class_has_no_badges(alice: User) -> None:
    body = _page(Client(), alice)
    assert "No gold badges yet." in body
    assert "<strong>0</strong> gold badges</p>" in body


def test_it_lists_the_top_questions_by_score(alice: User, bob: User) -> None:
    for n in range(TOP_POSTS + 2):
        _question(alice, f"Question {n:02}", score=n)
    _question(alice, "Deleted but great", score=100, deletion_date=timezone.now())
    _question(bob, "Not hers", score=50)
    titles = _TOP_TITLE.findall(_section(_page(Client(), alice), "top-questions-heading"))
    assert [title for _, title in titles] == [f"Question {n:02}" for n in range(TOP_POSTS + 1, 1, -1)]
    first = Post.objects.get(title="Question 11")
    assert titles[0][0] == f"/questions/{first.pk}/question-11"


def test_it_lists_the_top_answers_under_their_questions_titles(alice: User, bob: User) -> None:
    best = _answer(alice, _question(bob, "How do gears work?"), score=7)
    question = _question(bob, "Why is the sky blue?")
    accepted = _answer(alice, question, score=3)
    Post.objects.filter(pk=question.pk).update(accepted_answer=accepted)
    _answer(alice, _question(bob, "Deleted question", deletion_date=timezone.now()), score=99)
    _answer(alice, _question(bob, "Deleted answer"), score=98, deletion_date=timezone.now())
    body = _section(_page(Client(), alice), "top-answers-heading")
    assert _TOP_TITLE.findall(body) == [
        (f"/questions/{best.parent_id}/how-do-gears-work#{best.pk}", "How do gears work?"),
        (f"/questions/{question.pk}/why-is-the-sky-blue#{accepted.pk}", "Why is the sky blue?"),
    ]
    assert 'class="top-post-score accepted"' in body


def test_it_says_when_there_are_no_posts(alice: User) -> None:
    body = _page(Client(), alice)
    assert "No questions yet." in body
    assert "No answers yet." in body


@pytest.mark.parametrize("size", ["empty", "busy"])
def test_it_issues_the_same_queries_however_busy_the_user(
    alice: User, bob: User, size: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    if size == "busy":
        for n in range(15):
            question = _question(bob, f"Bob asks {n}")
            _answer(alice, question, score=n)
            _question(alice, f"Alice asks {n}", score=n)
            Badge.objects.create(
                user=alice, name=f"Badge {n % 4}", badge_class=n % 3 + 1, tag_based=n % 2 == 0
            )
    client = Client()
    # 1. the user; 2. question and answer counts; 3. badge tallies; 4. top questions;
    # 5. top answers joined with their questions.
    with django_assert_num_queries(5):
        _page(client, alice)


def test_its_canonical_redirect_costs_one_query(
    alice: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        assert Client().get(f"/users/{alice.pk}").status_code == 301


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (datetime(2026, 3, 15, 11, 0, tzinfo=UTC), "less than a day"),
        (datetime(2026, 3, 14, 12, 0, tzinfo=UTC), "1 day"),
        (datetime(2026, 2, 16, 12, 0, tzinfo=UTC), "27 days"),
        (datetime(2026, 2, 15, 12, 0, tzinfo=UTC), "1 month"),
        (datetime(2025, 3, 16, 12, 0, tzinfo=UTC), "11 months"),
        (datetime(2025, 3, 15, 12, 0, tzinfo=UTC), "1 year"),
        (datetime(2023, 1, 10, 12, 0, tzinfo=UTC), "3 years, 2 months"),
    ],
)
def test_member_for_says_how_long_in_words(since: datetime, expected: str) -> None:
    assert member_for(since, now=datetime(2026, 3, 15, 12, 0, tzinfo=UTC)) == expected
