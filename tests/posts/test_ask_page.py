"""/questions/ask: the form for members, a log-in for everybody else. Posting the form is
tested in test_write_ask.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from quaestio.accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_log_in_first(client: Client) -> None:
    response = client.get("/questions/ask")

    assert response.status_code == 302
    assert response["Location"] == "/users/login?next=/questions/ask"


def test_it_gives_members_the_form_with_guidance(client_for: Callable[[User], Client], alice: User) -> None:
    response = client_for(alice).get("/questions/ask")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="form form-card ask-form" method="post" action="/questions/ask">' in html
    assert 'name="title"' in html
    assert 'name="body"' in html
    assert 'name="tags"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Writing a good question" in html
    assert "<title>Ask a question - quaestio</title>" in html
