"""/help/badges and /help/badges/<id>/<slug>: content, paging, redirects, 404s, query counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.badges.definitions import BADGES, BY_ID, BY_NAME
from quaestio.badges.models import Badge
from quaestio.badges.queries import RECIPIENTS_PER_PAGE
from tests.badges.conftest import Check, answer, ask, upvote
from tests.conftest import make_user


def test_badge_ids_and_names_are_unique() -> None:
    assert len(BY_ID) == len(BY_NAME) == len(BADGES)


@pytest.fixture
def awarded(asker: User, answerer: User, make_voters: Callable[[int], list[User]], check: Check) -> int:
    """Asker earns Student for a question, answerer Teacher; both have a physics tag badge."""
    question = ask(asker)
    reply = answer(answerer, question)
    voter = make_voters(1)[0]
    upvote(question, [voter])
    upvote(reply, [voter])
    check([asker.pk, answerer.pk, voter.pk], reply.pk)
    for user in (asker, answerer):
        Badge.objects.create(user=user, name="physics", badge_class=3, tag_based=True)
    return question.pk


def test_the_list_shows_every_badge_by_class_with_its_count(
    client: Client, awarded: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # One query: the award counts of every badge, named and tag.
    with django_assert_num_queries(1):
        response = client.get("/help/badges")
    assert response.status_code == 200
    html = response.content.decode()
    for badge in BADGES:
        assert badge.get_absolute_url() in html
    assert html.index("Gold badges") < html.index("Silver badges") < html.index("Bronze badges")
    assert 'href="/help/badges/2/student"' in html
    assert "× 1" in html
    assert 'href="/help/badges/tag/bronze/physics"' in html
    assert "× 2" in html


def test_a_badge_page_lists_its_recipients_newest_first(
    client: Client, awarded: int, asker: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # Three queries: the count, the page of awards with their users, the posts they name.
    with django_assert_num_queries(3):
        response = client.get("/help/badges/2/student")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Asked first question with score of 1 or more" in html
    assert asker.display_name in html
    assert f"/questions/{awarded}/" in html


def test_recipients_are_paged(client: Client, db: None) -> None:
    users = [make_user(f"Member {n}", f"m{n}@example.org") for n in range(RECIPIENTS_PER_PAGE + 1)]
    Badge.objects.bulk_create([Badge(user=user, name="Supporter", badge_class=3) for user in users])
    first = client.get("/help/badges/6/supporter").content.decode()
    second = client.get("/help/badges/6/supporter?page=2").content.decode()
    assert "Member 0<" in second and "Member 0<" not in first
    assert 'rel="next"' in first
    assert client.get("/help/badges/6/supporter?page=3").status_code == 404


def test_the_slug_is_optional_and_redirects_to_the_canonical_url(client: Client, db: None) -> None:
    response = client.get("/help/badges/2?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/help/badges/2/student?page=1"
    assert client.get("/help/badges/2/wrong-slug")["Location"] == "/help/badges/2/student"


def test_unknown_badges_are_not_found(client: Client, db: None) -> None:
    assert client.get("/help/badges/999999/nothing").status_code == 404
    assert client.get("/help/badges/tag/bronze/physics").status_code == 404
    assert client.get("/help/badges/tag/platinum/physics").status_code == 404


def test_a_tag_badge_page_lists_its_recipients(
    client: Client, awarded: int, answerer: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # Two queries: the count and the page of awards (tag badges name no post).
    with django_assert_num_queries(2):
        response = client.get("/help/badges/tag/bronze/physics")
    assert response.status_code == 200
    html = response.content.decode()
    assert "in the physics tag" in html
    assert answerer.display_name in html
