"""/questions, / and /questions/tagged/<tag>: tabs, paging, rows, counts."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.posts.models import Post
from tests.posts.factories import ago, delete_post, make_answer, make_question, make_tag

pytestmark = pytest.mark.django_db


def listed(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="question-summary-(\d+)"', html)]


def get(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture
def three(alice: User, bob: User) -> dict[str, Post]:
    """An old top-scored question, a middle one answered recently, a new unanswered one."""
    old = make_question(
        alice, "An old question with a high score", tags="tides", created=ago(days=30), score=50
    )
    middle = make_question(
        bob, "A middle question answered lately", tags="moon", created=ago(days=10), score=5
    )
    new = make_question(alice, "A new question nobody answered", tags="tides moon", created=ago(days=1))
    make_answer(middle, alice, score=1, created=ago(hours=1))
    make_answer(old, bob, score=0, created=ago(days=20))
    return {"old": old, "middle": middle, "new": new}


def test_it_lists_questions_newest_first_by_default(client: Client, three: dict[str, Post]) -> None:
    html = get(client, "/questions")

    assert listed(html) == [three["new"].pk, three["middle"].pk, three["old"].pk]
    assert '<div class="question-count">3 questions</div>' in html
    assert 'aria-current="true">Newest</a>' in html


def test_it_sorts_by_the_tab_named_in_any_case(client: Client, three: dict[str, Post]) -> None:
    old, middle, new = three["old"].pk, three["middle"].pk, three["new"].pk

    assert listed(get(client, "/questions?tab=Active")) == [middle, new, old]
    assert listed(get(client, "/questions?tab=score")) == [old, middle, new]
    assert listed(get(client, "/questions?tab=SCORE")) == [old, middle, new]
    assert listed(get(client, "/questions?tab=nonsense")) == [new, middle, old]


def test_it_lists_only_questions_nobody_answered_under_unanswered(
    client: Client, three: dict[str, Post]
) -> None:
    html = get(client, "/questions?tab=unanswered")

    # The old question has an answer, but at score 0 and not accepted: as on Stack Exchange
    # it still counts as unanswered.
    assert listed(html) == [three["new"].pk, three["old"].pk]
    assert '<div class="question-count">2 questions</div>' in html


def test_it_never_lists_deleted_questions(client: Client, alice: User) -> None:
    kept = make_question(alice)
    delete_post(make_question(alice, "A deleted question"))

    html = get(client, "/questions")

    assert listed(html) == [kept.pk]
    assert "A deleted question" not in html
    assert "1 question<" in html


def test_it_shows_score_answers_views_title_tags_excerpt_and_author(client: Client, alice: User) -> None:
    question = make_question(
        alice,
        "How do tides work?",
        "The **moon** pulls the sea, but how exactly?",
        "tides moon",
        score=3,
        view_count=12345,
    )

    html = get(client, "/questions")

    assert '<span class="stat-number">3</span> <span class="stat-unit">votes</span>' in html
    assert '<span class="stat-number">12.3k</span> <span class="stat-unit">views</span>' in html
    assert f'<a href="/questions/{question.pk}/how-do-tides-work">How do tides work?</a>' in html
    assert 'href="/questions/tagged/tides"' in html
    assert "The moon pulls the sea, but how exactly?" in html
    assert f'<a href="/users/{alice.pk}/alice">Alice</a>' in html
    assert "1,250</span>" in html
    assert "asked <time" in html


def test_it_marks_accepted_and_answered_questions(client: Client, alice: User, bob: User) -> None:
    accepted = make_question(alice)
    make_answer(accepted, bob, accepted=True)
    answered = make_question(alice)
    make_answer(answered, bob)
    make_question(alice)

    html = get(client, "/questions")

    assert html.count("stat-answers has-accepted") == 1
    assert html.count("stat-answers has-answers") == 1
    row = html[html.index(f'id="question-summary-{accepted.pk}"') :]
    assert row.index("has-accepted") < row.index('</div>\n  <div class="summary-content">')


def test_it_names_the_author_of_a_question_whose_account_is_gone(client: Client) -> None:
    make_question(None, owner_display_name="Old Timer")

    assert '<span class="user-name">Old Timer</span>' in get(client, "/questions")


def test_it_escapes_titles_and_excerpts(client: Client, alice: User) -> None:
    make_question(alice, "<script>alert('t')</script> tides", "Why <script>alert('b')</script> this?")

    html = get(client, "/questions")

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; tides" in html


def test_it_pages_with_the_sizes_stack_exchange_offers(client: Client, alice: User) -> None:
    questions = [make_question(alice, created=ago(minutes=i)) for i in range(35)]
    ids = [q.pk for q in questions]

    assert listed(get(client, "/questions")) == ids[:15]
    assert listed(get(client, "/questions?page=2")) == ids[15:30]
    assert listed(get(client, "/questions?page=3")) == ids[30:]
    assert listed(get(client, "/questions?pagesize=30")) == ids[:30]
    assert listed(get(client, "/questions?pagesize=50")) == ids
    assert listed(get(client, "/questions?pagesize=20")) == ids[:15]
    assert listed(get(client, "/questions?page=nonsense")) == ids[:15]
    html = get(client, "/questions?page=2&pagesize=15&tab=newest")
    assert 'href="/questions?tab=Newest&amp;page=3" rel="next"' in html
    assert 'href="/questions?tab=Newest" rel="prev"' in html
    assert '<span class="current" aria-current="page">2</span>' in html


def test_it_answers_404_for_a_page_past_the_last(client: Client, alice: User) -> None:
    for _ in range(16):
        make_question(alice)

    assert client.get("/questions?page=2").status_code == 200
    response = client.get("/questions?page=3")
    assert response.status_code == 404
    assert "This list has no page with that number." in response.content.decode()
    assert client.get("/questions?page=2&pagesize=30").status_code == 404


def test_it_says_so_when_there_are_no_questions(client: Client, db: None) -> None:
    html = get(client, "/questions")

    assert "0 questions" in html
    assert "No questions yet." in html


def test_the_home_page_lists_the_most_recently_active_questions(
    client: Client, three: dict[str, Post]
) -> None:
    html = get(client, "/")

    assert "Top Questions" in html
    assert listed(html) == [three["middle"].pk, three["new"].pk, three["old"].pk]
    assert "modified <time" in html


@pytest.mark.parametrize("size", [1, 50])
def test_it_reads_a_list_page_in_two_queries(
    size: int, client: Client, django_assert_num_queries: DjangoAssertNumQueries, alice: User, bob: User
) -> None:
    for i in range(size):
        question = make_question(alice if i % 2 else bob, tags="tides moon")
        if i % 3 == 0:
            make_answer(question, bob, accepted=True)

    # The first request also counts the questions for the header and the pager.
    with django_assert_num_queries(3):
        assert client.get("/questions?pagesize=50&tab=Score").status_code == 200
    # 1 the page's keys from the tab's index, 2 the page's questions with their owners.
    with django_assert_num_queries(2):
        assert client.get("/questions?pagesize=50").status_code == 200
    # The home page has no pager: just the questions.
    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200


# ---------------------------------------------------------------- /questions/tagged/<tag>


def test_it_lists_only_questions_with_the_tag(client: Client, three: dict[str, Post]) -> None:
    html = get(client, "/questions/tagged/tides")

    assert listed(html) == [three["new"].pk, three["old"].pk]
    assert "Questions tagged" in html
    assert '<a class="post-tag post-tag-large" href="/questions/tagged/tides" rel="tag">tides</a>' in html
    assert "2 questions" in html


def test_it_keeps_tabs_and_paging_within_the_tag(client: Client, three: dict[str, Post]) -> None:
    assert listed(get(client, "/questions/tagged/tides?tab=score")) == [three["old"].pk, three["new"].pk]
    assert listed(get(client, "/questions/tagged/moon?tab=unanswered")) == [three["new"].pk]
    assert 'href="/questions/tagged/tides?tab=Active"' in get(client, "/questions/tagged/tides")


def test_it_shows_the_tag_excerpt_as_text(client: Client, alice: User) -> None:
    make_tag("tides", "The **rise and fall** of sea levels <script>x()</script>.")
    make_question(alice, tags="tides")

    html = get(client, "/questions/tagged/tides")

    assert '<p class="page-intro tag-excerpt">The rise and fall of sea levels' in html
    assert "<script>x()" not in html


def test_it_answers_404_for_an_unknown_tag(client: Client, db: None) -> None:
    response = client.get("/questions/tagged/no-such-tag")

    assert response.status_code == 404
    assert "There is no tag called “no-such-tag”" in response.content.decode()


def test_it_reads_a_tagged_page_in_three_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, three: dict[str, Post]
) -> None:
    make_tag("tides", "Sea levels.")

    # 1 the tag and its excerpt, 2 the count (while not cached), 3 the page's keys from the
    # tag's index, 4 the page's questions with their owners.
    with django_assert_num_queries(4):
        assert client.get("/questions/tagged/tides").status_code == 200
    with django_assert_num_queries(3):
        assert client.get("/questions/tagged/tides?tab=Active").status_code == 200
