"""A page computes its CSRF token once, however many forms print it."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from quaestio.accounts.models import User
from quaestio.posts.actions import add_comment, ask_question, post_answer
from quaestio.posts.models import Tag

BODY = "This body is long enough to pass the thirty character minimum for posts."


def test_every_form_on_a_question_page_carries_the_same_token_and_it_works(
    alice: User, bob: User, client_for: Callable[[User], Client]
) -> None:
    Tag.objects.create(name="physics")
    question = ask_question(alice, "How do tides depend on the moon?", BODY, "physics")
    answer = post_answer(bob, question.pk, BODY)
    add_comment(alice, answer.pk, "A comment that carries its own forms.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    page = client.get(question.get_absolute_url()).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) > 5
    assert len(set(tokens)) == 1
    response = client.post(f"/posts/{answer.pk}/vote/2", {"csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302
