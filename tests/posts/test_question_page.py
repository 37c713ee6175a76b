"""/questions/<id>/<slug>, its permalinks and the "show more comments" fragment."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.badges.models import BadgeClass
from quaestio.posts.models import CloseReason, Comment, Post, PostLinkType
from tests.conftest import make_user
from tests.posts.factories import (
    ago,
    award,
    delete_post,
    link,
    make_answer,
    make_comment,
    make_question,
)

pytestmark = pytest.mark.django_db


def page_of(client: Client, question: Post, query: str = "") -> str:
    response = client.get(question.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def answer_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-answerid="(\d+)"', html)]


def comment_ids(html: str, post: Post) -> list[int]:
    start = html.index(f'id="comments-{post.pk}"')
    end = html.index("</ul>", start) if "</ul>" in html[start:] else len(html)
    return [int(i) for i in re.findall(r'id="comment-(\d+)"', html[start:end])]


# ---------------------------------------------------------------- what the page shows


def test_it_shows_the_question_with_its_title_body_tags_and_stats(client: Client, alice: User) -> None:
    question = make_question(
        alice, "Why doesn't Russia join NATO?", "So, I'm *likely* wondering.", "russia nato", view_count=1234
    )

    html = page_of(client, question)

    assert "<title>Why doesn&#39;t Russia join NATO? - quaestio</title>" in html
    assert '<h1 class="question-title"' in html
    assert "<em>likely</em>" in html
    assert 'href="/questions/tagged/russia"' in html
    assert 'href="/questions/tagged/nato"' in html
    assert 'Viewed <span class="question-views">1,235</span> times' in html
    assert "Asked <time" in html
    assert "Modified <time" in html
    canonical = f"http://127.0.0.1:8000/questions/{question.pk}/why-doesnt-russia-join-nato"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta name="description" content="So, I&#39;m likely wondering.">' in html


def test_it_shows_the_author_card_with_reputation_and_badge_counts(client: Client, alice: User) -> None:
    award(alice, BadgeClass.GOLD, 2)
    award(alice, BadgeClass.SILVER, 5)
    award(alice, BadgeClass.BRONZE, 12)
    question = make_question(alice)

    html = page_of(client, question)

    assert "asked <time" in html
    assert f'href="/users/{alice.pk}/alice">Alice</a>' in html
    assert "1,250</span>" in html
    assert 'title="2 gold badges"' in html
    assert 'title="5 silver badges"' in html
    assert 'title="12 bronze badges"' in html


def test_it_names_the_author_of_a_post_whose_account_is_gone(client: Client) -> None:
    question = make_question(None, owner_display_name="Old Timer")

    html = page_of(client, question)

    assert '<span class="user-name">Old Timer</span>' in html


def test_it_shows_the_edit_date_and_the_last_editor(client: Client, alice: User, bob: User) -> None:
    question = make_question(alice, last_edit_date=ago(days=2), last_editor=bob)

    html = page_of(client, question)

    assert "edited <time" in html
    assert f'href="/users/{bob.pk}/bob">Bob</a>' in html


def test_it_marks_community_wiki_posts(client: Client, alice: User, bob: User) -> None:
    question = make_question(alice)
    make_answer(question, bob, community_owned_date=ago(hours=1))

    html = page_of(client, question)

    assert html.count('class="community-wiki"') == 1


def test_it_renders_vote_buttons_as_forms_for_the_voting_urls(
    client: Client, alice: User, bob: User, charlie: User
) -> None:
    question = make_question(alice, score=7)
    answer = make_answer(question, bob, score=3)
    member = Client()
    member.force_login(charlie)

    html = page_of(member, question)

    assert f'<form class="vote-form js-action" method="post" action="/posts/{question.pk}/vote/2"' in html
    assert f'<form class="vote-form js-action" method="post" action="/posts/{question.pk}/vote/3"' in html
    assert f'action="/posts/{answer.pk}/vote/2"' in html
    assert 'data-value="7">7</div>' in html


def test_anonymous_vote_buttons_lead_to_log_in_and_carry_no_csrf_token(
    client: Client, alice: User, bob: User
) -> None:
    question = make_question(alice, score=7)
    make_answer(question, bob, score=3)

    html = page_of(client, question)

    assert '<form class="vote-form" method="get" action="/users/login">' in html
    assert f'name="next" value="{question.get_absolute_url()}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "/vote/2" not in html


# ---------------------------------------------------------------- URLs


def test_it_redirects_a_missing_or_wrong_slug_to_the_canonical_url(client: Client, alice: User) -> None:
    question = make_question(alice, "How do tides work?")
    canonical = f"/questions/{question.pk}/how-do-tides-work"

    for path in (f"/questions/{question.pk}", f"/questions/{question.pk}/wrong-slug"):
        response = client.get(path + "?answertab=oldest")
        assert response.status_code == 301
        assert response["Location"] == canonical + "?answertab=oldest"
    assert client.get(canonical).status_code == 200


def test_it_redirects_question_and_answer_permalinks_and_share_links(
    client: Client, alice: User, bob: User
) -> None:
    question = make_question(alice, "How do tides work?")
    answer = make_answer(question, bob)
    canonical = f"/questions/{question.pk}/how-do-tides-work"

    expected = {
        f"/q/{question.pk}": canonical,
        f"/q/{question.pk}/{bob.pk}": canonical,
        f"/a/{question.pk}": canonical,
        f"/a/{answer.pk}": f"{canonical}#{answer.pk}",
        f"/a/{answer.pk}/{alice.pk}": f"{canonical}#{answer.pk}",
        f"/q/{answer.pk}": f"{canonical}#{answer.pk}",
    }
    for path, location in expected.items():
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, location), path


def test_it_answers_404_with_a_friendly_page_for_missing_deleted_and_non_question_posts(
    client: Client, alice: User, bob: User
) -> None:
    question = make_question(alice)
    answer = make_answer(question, bob)
    deleted = delete_post(make_question(alice))
    deleted_answer = delete_post(make_answer(question, bob))
    orphan = make_answer(deleted, bob)

    for path in (
        "/questions/999999/nothing",
        f"/questions/{deleted.pk}/{deleted.slug}",
        f"/questions/{answer.pk}/anything",
        f"/q/{deleted.pk}",
        f"/a/{deleted_answer.pk}",
        f"/a/{orphan.pk}",
        "/a/999999",
        f"/posts/{deleted_answer.pk}/comments",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "removed, or it never existed" in response.content.decode(), path


# ---------------------------------------------------------------- answers


def test_it_hides_deleted_answers(client: Client, alice: User, bob: User) -> None:
    question = make_question(alice)
    kept = make_answer(question, bob, "This answer stays where it is, visible.")
    delete_post(make_answer(question, bob, "This answer was deleted by its author."))

    html = page_of(client, question)

    assert answer_ids(html) == [kept.pk]
    assert "deleted by its author" not in html
    assert '<h2 class="answers-count">1 Answer</h2>' in html


def test_it_sorts_answers_by_score_with_the_accepted_answer_first(
    client: Client, alice: User, bob: User, charlie: User
) -> None:
    question = make_question(alice)
    low_accepted = make_answer(question, bob, score=1, accepted=True, created=ago(days=3))
    best = make_answer(question, charlie, score=40, created=ago(days=2))
    middle = make_answer(question, charlie, score=5, created=ago(days=1))

    html = page_of(client, question)

    assert answer_ids(html) == [low_accepted.pk, best.pk, middle.pk]
    assert html.count('class="accepted-mark"') == 1
    assert f'class="answer accepted-answer" id="answer-{low_accepted.pk}"' in html


def test_it_sorts_answers_by_date_when_asked(client: Client, alice: User, bob: User) -> None:
    question = make_question(alice)
    old = make_answer(question, bob, score=1, accepted=True, created=ago(days=3))
    new = make_answer(question, bob, score=9, created=ago(days=1))
    middle = make_answer(question, bob, score=40, created=ago(days=2))

    assert answer_ids(page_of(client, question, "?answertab=newest")) == [new.pk, middle.pk, old.pk]
    assert answer_ids(page_of(client, question, "?answertab=oldest")) == [old.pk, middle.pk, new.pk]
    assert answer_ids(page_of(client, question, "?answertab=NoSuchSort")) == [old.pk, middle.pk, new.pk]
    assert 'aria-current="true">Date created (oldest first)' in page_of(client, question, "?answertab=Oldest")


# ---------------------------------------------------------------- comments


def test_it_shows_the_five_best_comments_in_date_order_and_offers_the_rest(
    client: Client, alice: User, bob: User
) -> None:
    question = make_question(alice)
    scores = [0, 10, 3, 8, 0, 1, 5]
    comments = [
        make_comment(question, bob, f"Comment number {i}", score=s, created=ago(hours=10 - i))
        for i, s in enumerate(scores)
    ]

    html = page_of(client, question)

    expected = [comments[i].pk for i in (1, 2, 3, 5, 6)]
    assert comment_ids(html, question) == expected
    assert "Show <b>2 more</b> comments" in html
    assert f'href="?showcomments={question.pk}#comments-{question.pk}"' in html
    assert f'data-url="/posts/{question.pk}/comments"' in html


def test_it_shows_every_comment_of_a_post_without_javascript(client: Client, alice: User, bob: User) -> None:
    question = make_question(alice)
    answer = make_answer(question, bob)
    on_question = [make_comment(question, bob, created=ago(minutes=60 - i)) for i in range(7)]
    on_answer = [make_comment(answer, alice, created=ago(minutes=60 - i)) for i in range(6)]

    only_question = page_of(client, question, f"?showcomments={question.pk}")
    everything = page_of(client, question, "?comments=all")

    assert comment_ids(only_question, question) == [c.pk for c in on_question]
    assert len(comment_ids(only_question, answer)) == 5
    assert comment_ids(everything, answer) == [c.pk for c in on_answer]
    assert "more</b> comment" not in everything


def test_it_keeps_the_answer_order_in_show_more_links(client: Client, alice: User, bob: User) -> None:
    question = make_question(alice)
    for _ in range(6):
        make_comment(question, bob)

    html = page_of(client, question, "?answertab=oldest")

    assert f'href="?answertab=oldest&amp;showcomments={question.pk}#comments-{question.pk}"' in html


def test_it_serves_all_comments_of_a_post_as_a_fragment(client: Client, alice: User, bob: User) -> None:
    question = make_question(alice)
    answer = make_answer(question, bob)
    comments = [
        make_comment(answer, alice, f"Fragment comment {i}", created=ago(minutes=9 - i)) for i in range(8)
    ]

    response = client.get(f"/posts/{answer.pk}/comments")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert comment_ids(html, answer) == [c.pk for c in comments]


def test_it_shows_comment_score_author_and_date(client: Client, alice: User, bob: User) -> None:
    question = make_question(alice)
    make_comment(question, bob, "Worth a *look*", score=4)
    make_comment(question, None, "Nobody likes this", score=0, user_display_name="Gone User")

    html = page_of(client, question)

    assert "<em>look</em>" in html
    assert ">4</span>" in html
    assert f'–&nbsp;<a href="/users/{bob.pk}/bob">Bob</a>' in html
    assert '<span class="user-name">Gone User</span>' in html
    assert re.search(r'<time datetime="[^"]+" title="\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ">Commented ', html)


# ---------------------------------------------------------------- the bottom of the page


def test_it_asks_anonymous_visitors_to_log_in_to_answer(client: Client, alice: User) -> None:
    question = make_question(alice, "A question anyone can see", tags="tides moon")

    html = page_of(client, question)

    assert "You must log in to answer this question." in html
    assert 'name="body"' not in html
    assert "Not the answer you're looking for? Browse other questions tagged" in html
    assert 'href="/questions/ask">ask your own question</a>' in html


def test_it_gives_logged_in_users_the_answer_form(
    client_for: Callable[[User], Client], alice: User, bob: User
) -> None:
    question = make_question(alice)

    html = page_of(client_for(bob), question)

    assert f'<form class="answer-form" method="post" action="/questions/{question.pk}/answer">' in html
    assert '<textarea id="answer-body" name="body"' in html
    assert "You must log in" not in html


def test_it_explains_a_protected_question_to_those_without_reputation(
    client: Client, client_for: Callable[[User], Client], alice: User
) -> None:
    question = make_question(alice, protected_date=ago(days=1))
    newcomer = make_user("Newcomer", "new@example.org", reputation=1)

    anonymous = page_of(client, question)
    new_user = page_of(client_for(newcomer), question)
    established = page_of(client_for(alice), question)

    highly_active = (
        "Earn 10 reputation (not counting the association bonus) in order to answer this question."
    )
    assert highly_active in anonymous
    assert "You must log in to answer this question." in anonymous
    assert highly_active in new_user
    assert 'name="body"' not in new_user
    assert highly_active not in established
    assert 'name="body"' in established


def test_it_shows_a_duplicate_notice_with_the_original_and_no_answer_form(
    client_for: Callable[[User], Client], alice: User, bob: User
) -> None:
    original = make_question(alice, "The original question about tides")
    duplicate = make_question(
        bob, "Tides again?", closed_date=ago(hours=1), close_reason=CloseReason.DUPLICATE
    )
    link(duplicate, original, PostLinkType.DUPLICATE)

    html = page_of(client_for(alice), duplicate)

    assert "This question already has an answer here:" in html
    assert f'<a href="{original.get_absolute_url()}">The original question about tides</a>' in html
    assert "[duplicate]" in html
    assert 'id="answer-body"' not in html
    assert "This question is closed, so it does not accept new answers." in html


def test_it_shows_the_close_reason_and_the_lock(client: Client, alice: User) -> None:
    closed = make_question(alice, closed_date=ago(hours=1), close_reason=CloseReason.OPINION_BASED)
    locked = make_question(alice, locked_date=ago(hours=1))

    closed_html = page_of(client, closed)
    locked_html = page_of(client, locked)

    assert (
        "<b>Closed.</b> This question is opinion-based. It is not currently accepting answers." in closed_html
    )
    assert "<b>Locked.</b> This question and its answers are locked" in locked_html
    assert "You must log in" not in locked_html


# ---------------------------------------------------------------- the sidebar


def test_it_lists_linked_questions_both_ways_and_related_questions_by_first_tag(
    client: Client, alice: User
) -> None:
    question = make_question(alice, tags="tides moon")
    links_to = make_question(alice, "A question it links to", tags="other", score=3)
    linked_from = make_question(alice, "A question linking to it", tags="other")
    gone = delete_post(make_question(alice, "A deleted linked question", tags="other"))
    link(question, links_to)
    link(linked_from, question)
    link(question, gone)
    related_good = make_question(alice, "Related and good", tags="tides", score=10)
    related_fair = make_question(alice, "Related and fair", tags="tides other", score=2)
    make_question(alice, "Only the second tag", tags="moon", score=50)

    html = page_of(client, question)

    linked = html[html.index('id="linked"') : html.index('id="related"')]
    related = html[html.index('id="related"') :]
    assert "A question it links to" in linked
    assert "A question linking to it" in linked
    assert "A deleted linked question" not in html
    assert related.index("Related and good") < related.index("Related and fair")
    assert "Only the second tag" not in related
    assert str(related_good.pk) in related and str(related_fair.pk) in related


# ---------------------------------------------------------------- escaping


def test_it_escapes_titles_names_and_comments_and_never_shows_raw_script(client: Client, alice: User) -> None:
    evil = make_user("<script>alert('name')</script>", "evil@example.org", reputation=50)
    question = make_question(
        evil, "<script>alert('title')</script> in a title", "Body <script>alert('body')</script> text"
    )
    make_answer(question, evil, "Answer <script>alert('answer')</script> here, long enough to count")
    make_comment(question, evil, "Comment <script>alert('comment')</script> here")

    html = page_of(client, question)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; in a title" in html
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html
    assert "Comment &lt;script&gt;alert('comment')&lt;/script&gt; here" in html


# ---------------------------------------------------------------- query counts


def thread(size: int, commenters: list[User]) -> Post:
    """A question with ``size`` answers and ``5 * size`` comments spread over all posts."""
    asker = commenters[0]
    question = make_question(asker, tags="tides moon")
    link(question, make_question(asker, tags="tides"))
    award(asker, BadgeClass.GOLD)
    posts = [question]
    for i in range(size):
        answerer = commenters[i % len(commenters)]
        posts.append(make_answer(question, answerer, score=i, accepted=(i == 0), last_editor=asker))
    for i in range(5 * size if size > 1 else 0):
        make_comment(posts[i % len(posts)], commenters[i % len(commenters)], score=i % 3)
    return question


@pytest.mark.parametrize("size", [1, 20])
def test_it_reads_a_question_page_in_a_fixed_number_of_queries(
    size: int,
    client: Client,
    client_for: Callable[[User], Client],
    django_assert_num_queries: DjangoAssertNumQueries,
    alice: User,
    bob: User,
    charlie: User,
) -> None:
    question = thread(size, [alice, bob, charlie])
    # Days old, so no date on the page reads "N secs ago" (blocks showing one live a second).
    days_ago = timezone.now() - timedelta(days=3)
    Post.objects.update(creation_date=days_ago, last_activity_date=days_ago, last_edit_date=None)
    Comment.objects.update(creation_date=days_ago)
    url = question.get_absolute_url()
    logged_in = client_for(bob)

    # Anonymous, nothing cached: 1 the question with owner and last editor, 2 the answers
    # with owners and editors; for the blocks, 3 the comments with their authors and 4 badge
    # counts of everyone on a card; for the sidebar, 5 linked and 6 related questions.
    cache.clear()
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    # Logged in, nothing cached: 1 the session (from the database, then cached) and 2 the
    # viewer, the same six, then 9 the viewer's marks: their votes on the posts (up, down,
    # bookmark, follow), comment upvotes and comments. Pending suggested edits come with the
    # question and answer rows.
    cache.clear()
    with django_assert_num_queries(9):
        assert logged_in.get(url).status_code == 200
    # Session, column, blocks and the answers' facts cached: the viewer, the question, and the
    # viewer's marks.
    with django_assert_num_queries(3):
        assert logged_in.get(url).status_code == 200
    # The asker has other facts on every post: their column and blocks are rendered around the
    # answers' whole rows (the answers' facts came from the cache): the viewer, the question,
    # their marks, the answers, then the blocks' comments and badge counts.
    asker = client_for(alice)
    with django_assert_num_queries(6):
        assert asker.get(url).status_code == 200


def test_it_redirects_a_slugless_url_in_one_query(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, alice: User
) -> None:
    question = make_question(alice)

    with django_assert_num_queries(1):
        assert client.get(f"/questions/{question.pk}").status_code == 301


def test_the_vote_partial_renders_alone(alice: User) -> None:
    question = make_question(alice, score=12)

    html = render_to_string("posts/partials/vote.html", {"post": question, "csrf_input": ""})

    assert f'id="vote-{question.pk}"' in html
    assert 'action="/users/login"' in html  # no viewer: the buttons ask to log in
    assert 'data-value="12">12</div>' in html
