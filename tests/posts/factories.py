"""Build questions, answers, comments, links and badges through the ORM with their counters
kept true (answer_count, comment_count, is_answered, PostTag rows, Tag.count, rendered HTML).

The ORM helpers build states the actions cannot (old dates, given scores, deleted posts, imported
rows); ``ask``, ``answer`` and ``comment`` at the end go through the actions, as people do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from django.db.models import F
from django.utils import timezone

from quaestio.accounts.models import User
from quaestio.badges.models import Badge, BadgeClass
from quaestio.lib.markdown import render_comment, render_markdown
from quaestio.lib.tags import parse_tags
from quaestio.posts.actions import add_comment, ask_question, post_answer
from quaestio.posts.models import Comment, Post, PostLink, PostLinkType, PostTag, PostType, Tag

_sequence = count(1)


def ago(**delta: float) -> datetime:
    """A moment in the past: ``ago(days=3)``."""
    return timezone.now() - timedelta(**delta)


def make_tag(name: str, excerpt: str = "") -> Tag:
    """A tag, with an excerpt post when ``excerpt`` is given."""
    tag, _ = Tag.objects.get_or_create(name=name)
    if excerpt:
        post = Post.objects.create(
            post_type=PostType.TAG_WIKI_EXCERPT, body_markdown=excerpt, body_html=render_markdown(excerpt)
        )
        tag.excerpt_post = post
        tag.save(update_fields=["excerpt_post"])
    return tag


def make_question(
    owner: User | None,
    title: str | None = None,
    body: str = "What is the meaning of this, and how would one find out more about it?",
    tags: str = "meta",
    *,
    created: datetime | None = None,
    last_activity_date: datetime | None = None,
    **fields: object,
) -> Post:
    """A question with its PostTag rows; each tag's count goes up by one."""
    names = parse_tags(tags)
    created = created or timezone.now()
    question = Post.objects.create(
        post_type=PostType.QUESTION,
        title=title or f"A question worth asking, number {next(_sequence)}",
        body_markdown=body,
        body_html=render_markdown(body, names),
        tags=" ".join(names),
        owner=owner,
        creation_date=created,
        last_activity_date=last_activity_date or created,
        **fields,
    )
    for name in names:
        tag, _ = Tag.objects.get_or_create(name=name)
        PostTag.objects.create(post=question, tag=tag)
        Tag.objects.filter(pk=tag.pk).update(count=F("count") + 1)
    return question


def make_answer(
    question: Post,
    owner: User | None,
    body: str = "Here is an answer that explains it well enough, with some detail.",
    *,
    score: int = 0,
    accepted: bool = False,
    created: datetime | None = None,
    last_activity_date: datetime | None = None,
    **fields: object,
) -> Post:
    """An answer; the question's answer_count, is_answered, activity and acceptance follow."""
    created = created or timezone.now()
    answer = Post.objects.create(
        post_type=PostType.ANSWER,
        parent=question,
        body_markdown=body,
        body_html=render_markdown(body, question.tag_list),
        owner=owner,
        score=score,
        creation_date=created,
        last_activity_date=last_activity_date or created,
        **fields,
    )
    if answer.deletion_date is None:
        updates: dict[str, object] = {"answer_count": F("answer_count") + 1}
        if accepted:
            updates["accepted_answer"] = answer
        if accepted or score > 0:
            updates["is_answered"] = True
        if created > question.last_activity_date:
            updates["last_activity_date"] = created
        Post.objects.filter(pk=question.pk).update(**updates)
        question.refresh_from_db()
    return answer


def make_comment(
    post: Post,
    user: User | None,
    text: str = "A comment that asks for a little clarification.",
    *,
    score: int = 0,
    created: datetime | None = None,
    **fields: object,
) -> Comment:
    """A comment; the post's comment_count goes up."""
    comment = Comment.objects.create(
        post=post,
        user=user,
        text=text,
        text_html=render_comment(text),
        score=score,
        creation_date=created or timezone.now(),
        **fields,
    )
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    return comment


def delete_post(post: Post) -> Post:
    """Mark a post deleted; an answer leaves its question's answer_count."""
    Post.objects.filter(pk=post.pk).update(deletion_date=timezone.now())
    if post.post_type == PostType.ANSWER and post.deletion_date is None and post.parent_id is not None:
        Post.objects.filter(pk=post.parent_id).update(answer_count=F("answer_count") - 1)
    post.refresh_from_db()
    return post


def link(post: Post, related: Post, link_type: PostLinkType = PostLinkType.LINKED) -> PostLink:
    """``post`` links to (or duplicates) ``related``."""
    return PostLink.objects.create(post=post, related_post=related, link_type=link_type)


def award(user: User, badge_class: BadgeClass, times: int = 1, name: str = "Nice Answer") -> None:
    """Give ``user`` ``times`` badges of ``badge_class``."""
    Badge.objects.bulk_create(Badge(user=user, name=name, badge_class=badge_class) for _ in range(times))


# ---------------------------------------------------------------- through the actions
# The write URLs' tests build their state the way people do, so counters, history and the
# reputation ledger stay true.

QUESTION_BODY = "What makes the tides follow the moon so closely, and why twice a day?"
ANSWER_BODY = "Because the pull of the moon differs across the Earth: the near side is pulled more."


def ask(owner: User, title: str = "How do tides follow the moon?", tags: str = "tides", **kw: str) -> Post:
    """A question asked through ``ask_question``; its tags are created first, so no privilege
    to create tags is needed."""
    for name in parse_tags(tags):
        Tag.objects.get_or_create(name=name)
    return ask_question(owner, title, kw.get("body", QUESTION_BODY), tags)


def answer(question: Post, owner: User, body: str = ANSWER_BODY) -> Post:
    """An answer posted through ``post_answer``."""
    return post_answer(owner, question.pk, body)


def comment(post: Post, user: User, text: str = "Could you say which moon phase you mean?") -> Comment:
    """A comment added through ``add_comment``."""
    return add_comment(user, post.pk, text)
