"""/tags: popular, name and new tabs, the name filter, paging, tag cards."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from quaestio.accounts.models import User
from quaestio.posts.models import Tag
from tests.posts.factories import ago, make_question, make_tag

pytestmark = pytest.mark.django_db


def names(html: str) -> list[str]:
    return re.findall(
        r'<div><a class="post-tag" href="/questions/tagged/[^"]+" rel="tag">([^<]+)</a></div>', html
    )


def get(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture
def tags(alice: User) -> None:
    for name, questions, days in (("python", 3, 30), ("django", 2, 1), ("algebra", 1, 10)):
        Tag.objects.create(name=name, creation_date=ago(days=days))
        for _ in range(questions):
            make_question(alice, tags=name)


def test_it_lists_popular_tags_first(client: Client, tags: None) -> None:
    html = get(client, "/tags")

    assert names(html) == ["python", "django", "algebra"]
    assert '<div class="tag-card-count">3 questions</div>' in html
    assert '<div class="tag-card-count">1 question</div>' in html


def test_it_sorts_by_name_or_by_age(client: Client, tags: None) -> None:
    assert names(get(client, "/tags?tab=name")) == ["algebra", "django", "python"]
    assert names(get(client, "/tags?tab=NEW")) == ["django", "algebra", "python"]
    assert names(get(client, "/tags?tab=whatever")) == ["python", "django", "algebra"]


def test_it_filters_by_part_of_the_name(client: Client, tags: None) -> None:
    html = get(client, "/tags?filter=YTH")

    assert names(html) == ["python"]
    assert 'value="YTH"' in html
    assert "No tag name contains" in get(client, "/tags?filter=zzz")


def test_it_shows_each_tag_excerpt_as_text(client: Client, db: None) -> None:
    make_tag("python", "Python is a *dynamically typed* language <script>x()</script>.")

    html = get(client, "/tags")

    assert '<p class="tag-card-excerpt">Python is a dynamically typed language' in html
    assert "<script>x()" not in html


def test_it_pages_by_thirty_six(client: Client, db: None) -> None:
    Tag.objects.bulk_create(Tag(name=f"tag-{i:02}", count=100 - i) for i in range(40))

    assert len(names(get(client, "/tags"))) == 36
    second = get(client, "/tags?page=2")
    assert names(second) == [f"tag-{i:02}" for i in range(36, 40)]
    assert 'href="/tags?tab=popular" rel="prev"' in second
    assert client.get("/tags?page=3").status_code == 404


@pytest.mark.parametrize("count", [1, 36])
def test_it_reads_the_tags_page_in_two_queries(
    count: int, client: Client, django_assert_num_queries: DjangoAssertNumQueries, db: None
) -> None:
    for i in range(count):
        make_tag(f"tag-{i}", f"Excerpt of tag {i}.")

    # The first request also counts the tags for the pager.
    with django_assert_num_queries(3):
        assert client.get("/tags").status_code == 200
    # 1 the page's keys from the tab's index, 2 the tags with their excerpts.
    with django_assert_num_queries(2):
        assert client.get("/tags?tab=name").status_code == 200
