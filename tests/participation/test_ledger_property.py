"""After any sequence of votes, accepts and undos, the cached reputation equals the ledger.

Hypothesis draws the sequences; each example runs in its own transaction (hypothesis's Django
TestCase), and refused actions (own post, vote lock, quota) simply change nothing.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from quaestio.accounts.models import ReputationEvent, User
from quaestio.accounts.reputation import fold_reputation, recalculate
from quaestio.lib.errors import ActionError
from quaestio.posts.actions import ask_question, cast_vote, post_answer, toggle_accept
from quaestio.posts.models import Post, Tag, Vote
from tests.conftest import make_user
from tests.participation.conftest import BODY

# (actor index, post index, what): what 2/3 = vote up/down (again = undo), 1 = accept.
STEP = st.tuples(st.integers(0, 4), st.integers(0, 3), st.sampled_from([1, 2, 3]))


class LedgerPropertyTest(TestCase):
    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(STEP, min_size=1, max_size=15), st.lists(st.integers(1, 300), min_size=5, max_size=5))
    def test_cached_reputation_always_equals_the_rebuilt_ledger(
        self, steps: list[tuple[int, int, int]], reputations: list[int]
    ) -> None:
        # The asker starts past the new-user interval, so two questions can be asked at once.
        reputations[0] = max(reputations[0], 200)
        users = [make_user(f"U{i}", f"u{i}@example.org", reputation=rep) for i, rep in enumerate(reputations)]
        Tag.objects.get_or_create(name="physics")
        questions = [
            ask_question(users[0], "How do tides depend on the moon?", BODY, "physics"),
        ]
        questions.append(ask_question(users[0], "Why is the sky blue at noon?", BODY, "physics"))
        answers = [post_answer(users[1], questions[0].pk, BODY), post_answer(users[2], questions[1].pk, BODY)]
        posts: list[Post] = [*questions, *answers]
        for actor_index, post_index, what in steps:
            actor = User.objects.get(pk=users[actor_index].pk)
            post = posts[post_index]
            try:
                if what == 1:
                    toggle_accept(actor, post.pk)
                else:
                    cast_vote(actor, post.pk, what)
            except ActionError:
                pass
        cached = dict(User.objects.values_list("pk", "reputation"))
        for user_id in cached:
            amounts = ReputationEvent.objects.filter(user_id=user_id).order_by("creation_date", "id")
            assert fold_reputation(amounts.values_list("amount", flat=True)) == cached[user_id]
        assert recalculate() == 0
        for post in posts:
            ups = Vote.objects.filter(post=post, vote_type=2).count()
            downs = Vote.objects.filter(post=post, vote_type=3).count()
            assert Post.objects.get(pk=post.pk).score == ups - downs
