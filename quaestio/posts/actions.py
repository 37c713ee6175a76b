"""Everything a person can do to posts: ask, answer, comment, vote, accept, bookmark, follow.

Each public action checks the actor's privileges and input, then writes in one transaction:
the rows, the counters (with ``F()`` expressions, so concurrent writers do not lose updates),
the post history and the reputation ledger. It raises an ``ActionError`` with a readable
sentence when the action is refused, and then nothing has changed.

Concurrency: every action locks the actor's user row first (``select_for_update``), so the same
person double-clicking is serialised; on SQLite, IMMEDIATE transactions serialise all writers.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from quaestio.accounts import rules
from quaestio.accounts.access import require_active, require_privilege
from quaestio.accounts.models import ReputationEvent, User
from quaestio.accounts.reputation import grant, lock_users, reverse_grant
from quaestio.accounts.rules import Privilege
from quaestio.badges.actions import enqueue_badge_checks
from quaestio.lib.errors import Conflict, InvalidInput, NotFound, NotPermitted, RateLimited
from quaestio.lib.markdown import html_to_text, render_comment, render_markdown
from quaestio.lib.tags import format_tags, parse_tags
from quaestio.posts.history import revisions
from quaestio.posts.models import (
    Comment,
    CommentVote,
    Post,
    PostHistory,
    PostHistoryType,
    PostTag,
    PostType,
    SuggestedEdit,
    SuggestedEditVote,
    Tag,
    TagSynonym,
    Vote,
    VoteType,
)
from quaestio.web.page_cache import touch_question

Kind = ReputationEvent.Kind
_TAG_NAME = re.compile(r"^[a-z0-9#+.][a-z0-9#+.\-]*$")


# ------------------------------------------------------------------ lookups


def _lock_actor(actor: User) -> User:
    """Lock and reload the actor, so their reputation and limits are read as of now."""
    locked = User.objects.select_for_update().get(pk=actor.pk)
    require_active(locked)
    return locked


def access_post(post_id: int, *, for_update: bool = False) -> Post:
    """A live post by id; deleted and missing posts raise the same ``NotFound``."""
    queryset = Post.objects.select_for_update() if for_update else Post.objects.all()
    post = queryset.filter(pk=post_id, deletion_date__isnull=True).first()
    if post is None:
        raise NotFound("This post does not exist or has been deleted.")
    return post


def access_question(question_id: int, *, for_update: bool = False) -> Post:
    """A live question by id."""
    post = access_post(question_id, for_update=for_update)
    if post.post_type != PostType.QUESTION:
        raise NotFound("This question does not exist or has been deleted.")
    return post


def access_comment(comment_id: int) -> Comment:
    """A live comment on a live post."""
    comment = (
        Comment.objects.select_related("post")
        .filter(pk=comment_id, deletion_date__isnull=True, post__deletion_date__isnull=True)
        .first()
    )
    if comment is None:
        raise NotFound("This comment does not exist or has been deleted.")
    return comment


def _require_unlocked(post: Post, what: str) -> None:
    if post.is_locked():
        raise Conflict(f"This post is locked, so you cannot {what}.")


# ------------------------------------------------------------------ validation


def _check_length(value: str, field: str, label: str, minimum: int, maximum: int) -> str:
    value = value.strip()
    if len(value) < minimum:
        raise InvalidInput(f"{label} must be at least {minimum} characters; you entered {len(value)}.", field)
    if len(value) > maximum:
        raise InvalidInput(
            f"{label} cannot be longer than {maximum:,} characters; you entered {len(value):,}.", field
        )
    return value


def _check_body(body: str) -> tuple[str, str]:
    """The body's source and its visible text (the minimum counts visible characters)."""
    source = body.strip()
    if len(source) > rules.BODY_MAX_LENGTH:
        raise InvalidInput(
            f"Body cannot be longer than {rules.BODY_MAX_LENGTH:,} characters; you entered {len(source):,}.",
            "body",
        )
    visible = html_to_text(render_markdown(source))
    if len(visible) < rules.BODY_MIN_LENGTH:
        raise InvalidInput(
            f"Body must be at least {rules.BODY_MIN_LENGTH} characters; you entered {len(visible)}.", "body"
        )
    return source, visible


def _resolve_tags(actor: User, raw: str) -> list[Tag]:
    """Parse, check and resolve tag names (synonyms applied); creating one needs the privilege."""
    names = parse_tags(raw)
    if len(names) < rules.MIN_TAGS:
        raise InvalidInput(
            "Please enter at least one tag; see a list of popular tags on the tags page.", "tags"
        )
    if len(names) > rules.MAX_TAGS:
        raise InvalidInput(f"Please enter no more than {rules.MAX_TAGS} tags.", "tags")
    for name in names:
        if len(name) > rules.TAG_MAX_LENGTH:
            raise InvalidInput(
                f"Tag “{name}” is too long; tags are at most {rules.TAG_MAX_LENGTH} characters.", "tags"
            )
        if not _TAG_NAME.match(name):
            raise InvalidInput(
                f"Tag “{name}” has characters tags cannot use; use letters, digits and - + # .", "tags"
            )
    synonyms = dict(
        TagSynonym.objects.filter(source_tag_name__in=names).values_list(
            "source_tag_name", "target_tag__name"
        )
    )
    names = list(dict.fromkeys(synonyms.get(name, name) for name in names))
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [name for name in names if name not in existing]
    if missing and _site_has_tag_vocabulary():
        require_privilege(actor, Privilege.CREATE_TAGS, f"create the new tag “{missing[0]}”")
    moderator_only = [tag.name for tag in existing.values() if tag.is_moderator_only]
    if moderator_only and not actor.is_moderator:
        raise NotPermitted(f"Only moderators can use the tag “{moderator_only[0]}”.")
    now = timezone.now()
    for name in missing:
        existing[name] = Tag.objects.create(name=name, creation_date=now)
    return [existing[name] for name in names]


def _site_has_tag_vocabulary() -> bool:
    """Whether the site is past its first questions, after which new tags need the privilege."""
    threshold = rules.OPEN_TAG_CREATION_BELOW_QUESTIONS
    if threshold <= 0:
        return True
    live = Post.objects.filter(post_type=PostType.QUESTION, deletion_date__isnull=True)
    return live[:threshold].count() >= threshold


def _require_interval(actor: User, post_type: int, interval_seconds: float, what: str) -> None:
    """New users wait between posts of one kind (se-rules §12)."""
    if actor.reputation >= rules.NEW_USER_REPUTATION or actor.is_moderator:
        return
    last = (
        Post.objects.filter(owner=actor, post_type=post_type)
        .order_by("-creation_date")
        .values_list("creation_date", flat=True)
        .first()
    )
    if last is None:
        return
    retry_at = last + timedelta(seconds=interval_seconds)
    if retry_at > timezone.now():
        raise RateLimited(
            f"You can only {what} once every {_duration(interval_seconds)} until you have "
            f"{rules.NEW_USER_REPUTATION} reputation; please try again {_when(retry_at)}.",
            retry_at,
        )


def _duration(seconds: float) -> str:
    if seconds >= 60:
        minutes = round(seconds / 60)
        return f"{minutes} minute" + ("s" if minutes != 1 else "")
    return f"{round(seconds)} seconds"


def _when(moment: datetime) -> str:
    remaining = (moment - timezone.now()).total_seconds()
    if remaining < 60:
        return f"in {max(1, round(remaining))} seconds"
    minutes = round(remaining / 60)
    return f"in {minutes} minute" + ("s" if minutes != 1 else "")


def _history(
    post: Post, actor: User, kind: int, text: str, guid: str, when: datetime, comment: str = ""
) -> None:
    PostHistory.objects.create(
        post=post,
        post_history_type=kind,
        revision_guid=guid,
        creation_date=when,
        user=actor,
        text=text,
        comment=comment,
        content_license=post.content_license,
    )


# ------------------------------------------------------------------ asking and answering


@transaction.atomic
def ask_question(actor: User, title: str, body: str, tags: str) -> Post:
    """Post a new question. Needs: an active account, title 15–150 characters, body 30–30,000,
    1–5 tags (new ones need the create-tags privilege), and for new users 40 minutes since
    their last question. Writes the post, its tags, and history rows 1, 2 and 3 under one GUID."""
    actor = _lock_actor(actor)
    require_privilege(actor, Privilege.CREATE_POSTS, "ask a question")
    title = _check_length(title, "title", "Title", rules.TITLE_MIN_LENGTH, rules.TITLE_MAX_LENGTH)
    source, _visible = _check_body(body)
    tag_objects = _resolve_tags(actor, tags)
    _require_interval(
        actor, PostType.QUESTION, rules.NEW_USER_QUESTION_INTERVAL.total_seconds(), "ask a question"
    )
    names = [tag.name for tag in tag_objects]
    now = timezone.now()
    question = Post.objects.create(
        post_type=PostType.QUESTION,
        title=title,
        body_markdown=source,
        body_html=render_markdown(source, names),
        tags=" ".join(names),
        owner=actor,
        creation_date=now,
        last_activity_date=now,
    )
    PostTag.objects.bulk_create([PostTag(post=question, tag=tag) for tag in tag_objects])
    Tag.objects.filter(pk__in=[tag.pk for tag in tag_objects]).update(count=F("count") + 1)
    guid = str(uuid.uuid4())
    _history(question, actor, PostHistoryType.INITIAL_TITLE, title, guid, now)
    _history(question, actor, PostHistoryType.INITIAL_BODY, source, guid, now)
    _history(question, actor, PostHistoryType.INITIAL_TAGS, format_tags(names), guid, now)
    touch_question(question.pk)
    return question


def can_answer_protected(actor: User) -> bool:
    """Protected questions need 10 reputation earned on this site, not counting the
    association bonus (se-rules §7)."""
    if actor.is_moderator:
        return True
    bonus = (
        ReputationEvent.objects.filter(user=actor, kind=Kind.ASSOCIATION_BONUS).count()
        * rules.ASSOCIATION_BONUS
    )
    earned = actor.reputation - rules.STARTING_REPUTATION - bonus
    return earned >= rules.PROTECTED_ANSWER_MIN_EARNED_REPUTATION


@transaction.atomic
def post_answer(actor: User, question_id: int, body: str) -> Post:
    """Answer a live question that is not closed or locked (protected questions need 10
    earned reputation). Bumps the question's answer count and activity, writes history row 2."""
    actor = _lock_actor(actor)
    require_privilege(actor, Privilege.CREATE_POSTS, "answer")
    question = access_question(question_id, for_update=True)
    _require_unlocked(question, "answer it")
    if question.is_closed:
        raise Conflict("This question is closed, so it is not accepting answers.")
    if question.is_protected and not can_answer_protected(actor):
        raise NotPermitted(
            "This question is protected: you need to earn 10 reputation on this site "
            "(the association bonus does not count) before you can answer it."
        )
    source, _visible = _check_body(body)
    _require_interval(
        actor, PostType.ANSWER, rules.NEW_USER_ANSWER_INTERVAL.total_seconds(), "post an answer"
    )
    now = timezone.now()
    answer = Post.objects.create(
        post_type=PostType.ANSWER,
        parent=question,
        body_markdown=source,
        body_html=render_markdown(source, question.tag_list),
        owner=actor,
        creation_date=now,
        last_activity_date=now,
        community_owned_date=now if question.is_community_wiki else None,
    )
    Post.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1, last_activity_date=now)
    _history(answer, actor, PostHistoryType.INITIAL_BODY, source, str(uuid.uuid4()), now)
    touch_question(question.pk)
    return answer


# ------------------------------------------------------------------ comments


def can_comment(actor: User, post: Post) -> bool:
    """Anyone may comment on their own posts and on answers to their questions; elsewhere it
    takes the comment-everywhere privilege."""
    if post.owner_id == actor.pk:
        return True
    if post.post_type == PostType.ANSWER and post.parent is not None and post.parent.owner_id == actor.pk:
        return True
    return actor.is_moderator or actor.reputation >= rules.threshold(Privilege.COMMENT_EVERYWHERE)


@transaction.atomic
def add_comment(actor: User, post_id: int, text: str) -> Comment:
    """Comment on a live, unlocked post: 15–600 characters of comment mini-markdown."""
    actor = _lock_actor(actor)
    post = access_post(post_id, for_update=True)
    if post.post_type not in (PostType.QUESTION, PostType.ANSWER):
        raise NotFound("Only questions and answers take comments.")
    if post.post_type == PostType.ANSWER and post.parent_id is not None:
        post.parent = Post.objects.only("owner_id").get(pk=post.parent_id)
    _require_unlocked(post, "comment on it")
    if not can_comment(actor, post):
        require_privilege(actor, Privilege.COMMENT_EVERYWHERE, "comment on other people's posts")
    text = _check_length(text, "body", "Comment", rules.COMMENT_MIN_LENGTH, rules.COMMENT_MAX_LENGTH)
    if actor.reputation < rules.NEW_USER_REPUTATION and not actor.is_moderator:
        last = (
            Comment.objects.filter(user=actor)
            .order_by("-creation_date")
            .values_list("creation_date", flat=True)
            .first()
        )
        interval = rules.NEW_USER_COMMENT_INTERVAL
        if last is not None and last + interval > timezone.now():
            raise RateLimited(
                f"You can only comment once every {_duration(interval.total_seconds())}; "
                f"please try again {_when(last + interval)}.",
                last + interval,
            )
    now = timezone.now()
    comment = Comment.objects.create(
        post=post, text=text, text_html=render_comment(text), user=actor, creation_date=now
    )
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    enqueue_badge_checks([actor.pk], post_id=post.pk, reason="comment")
    touch_question(post.parent_id or post.pk)
    return comment


@transaction.atomic
def delete_comment(actor: User, comment_id: int) -> Comment:
    """The author or a moderator deletes a comment (kept, marked deleted)."""
    actor = _lock_actor(actor)
    comment = access_comment(comment_id)
    if comment.user_id != actor.pk and not actor.is_moderator:
        raise NotPermitted("You can only delete your own comments.")
    now = timezone.now()
    Comment.objects.filter(pk=comment.pk).update(deletion_date=now)
    Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)
    comment.deletion_date = now
    touch_question(comment.post.parent_id or comment.post_id)
    return comment


@dataclass(frozen=True)
class CommentVoteState:
    comment_id: int
    score: int
    voted: bool


@transaction.atomic
def toggle_comment_upvote(actor: User, comment_id: int) -> CommentVoteState:
    """Upvote a comment, or take the upvote back. Needs the vote-up privilege; not on your
    own comments; at most 30 comment upvotes a UTC day."""
    actor = _lock_actor(actor)
    comment = access_comment(comment_id)
    _require_unlocked(comment.post, "vote on its comments")
    existing = CommentVote.objects.filter(comment=comment, user=actor).first()
    if existing is not None:
        existing.delete()
        Comment.objects.filter(pk=comment.pk).update(score=F("score") - 1)
        touch_question(comment.post.parent_id or comment.post_id)
        return CommentVoteState(comment.pk, comment.score - 1, voted=False)
    require_privilege(actor, Privilege.VOTE_UP, "upvote comments")
    if comment.user_id == actor.pk:
        raise NotPermitted("You can't vote for your own comment.")
    now = timezone.now()
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if (
        CommentVote.objects.filter(user=actor, creation_date__gte=day_start).count()
        >= rules.COMMENT_UPVOTES_PER_DAY
    ):
        raise RateLimited(
            f"You have used your {rules.COMMENT_UPVOTES_PER_DAY} comment votes for today; "
            "more become available at midnight UTC.",
            day_start + timedelta(days=1),
        )
    CommentVote.objects.create(comment=comment, user=actor, creation_date=now)
    Comment.objects.filter(pk=comment.pk).update(score=F("score") + 1)
    touch_question(comment.post.parent_id or comment.post_id)
    return CommentVoteState(comment.pk, comment.score + 1, voted=True)


# ------------------------------------------------------------------ votes


@dataclass(frozen=True)
class VoteState:
    """What the voter sees after a vote: the post's score and their own marks on it."""

    post_id: int
    score: int
    upvoted: bool
    downvoted: bool
    bookmarked: bool
    accepted: bool
    following: bool


def vote_state(actor: User, post_id: int) -> VoteState:
    """The viewer's marks on one post, read in two queries."""
    post = Post.objects.only("score", "parent_id", "accepted_answer_id").get(pk=post_id)
    mine = set(
        Vote.objects.filter(post_id=post_id, user=actor, vote_type__in=[2, 3, 5, 21]).values_list(
            "vote_type", flat=True
        )
    )
    accepted = False
    if post.parent_id is not None:
        accepted = Post.objects.filter(pk=post.parent_id, accepted_answer_id=post_id).exists()
    return VoteState(
        post_id=post_id,
        score=post.score,
        upvoted=VoteType.UP_MOD in mine,
        downvoted=VoteType.DOWN_MOD in mine,
        bookmarked=VoteType.FAVORITE in mine,
        accepted=accepted,
        following=VoteType.FOLLOW in mine,
    )


def _refresh_is_answered(question_id: int) -> None:
    """A question is answered when it has an accepted answer or a live answer scoring > 0."""
    positive = Post.objects.filter(parent_id=question_id, deletion_date__isnull=True, score__gt=0)
    Post.objects.filter(pk=question_id).update(
        is_answered=Q(accepted_answer__isnull=False) | Q(pk__in=positive.values("parent_id"))
    )


def _vote_reputation(post: Post, vote_type: int) -> tuple[int, int]:
    """(owner's change, voter's change) for an up or down vote on ``post``."""
    if post.is_community_wiki:
        return 0, 0
    if vote_type == VoteType.UP_MOD:
        return (rules.QUESTION_UPVOTED if post.is_question else rules.ANSWER_UPVOTED), 0
    if post.is_question:
        return rules.QUESTION_DOWNVOTED, 0
    return rules.ANSWER_DOWNVOTED, rules.VOTER_DOWNVOTES_ANSWER


def _require_vote_quota(actor: User, post: Post) -> None:
    """40 votes a UTC day: 30 for anything, and 10 more for questions only (se-rules §3)."""
    now = timezone.now()
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    today = Vote.objects.filter(user=actor, vote_type__in=[2, 3], creation_date__gte=day_start)
    used = today.count()
    tomorrow = day_start + timedelta(days=1)
    if used >= rules.VOTES_PER_DAY:
        raise RateLimited(
            f"You have used all {rules.VOTES_PER_DAY} of your votes for today; "
            "more become available at midnight UTC.",
            tomorrow,
        )
    answer_votes = today.filter(post__post_type=PostType.ANSWER).count()
    general = rules.VOTES_PER_DAY - rules.QUESTION_ONLY_VOTES_PER_DAY
    if not post.is_question and answer_votes >= general:
        raise RateLimited(
            f"You have {rules.VOTES_PER_DAY - used} votes left today, "
            "and they can only be used on questions.",
            tomorrow,
        )


def _undo_vote_reputation(post: Post, vote: Vote, actor: User) -> None:
    if post.owner_id is None:
        return
    if vote.vote_type == VoteType.UP_MOD:
        reverse_grant(
            post.owner_id, Kind.POST_UPVOTED, Kind.POST_UNUPVOTED, post_id=post.pk, actor_id=actor.pk
        )
    else:
        reverse_grant(
            post.owner_id, Kind.POST_DOWNVOTED, Kind.POST_UNDOWNVOTED, post_id=post.pk, actor_id=actor.pk
        )
        reverse_grant(
            actor.pk, Kind.VOTER_DOWNVOTES, Kind.VOTER_UNDOWNVOTES, post_id=post.pk, actor_id=actor.pk
        )


def _apply_vote_reputation(post: Post, vote_type: int, actor: User) -> None:
    if post.owner_id is None:
        return
    owner_change, voter_change = _vote_reputation(post, vote_type)
    if vote_type == VoteType.UP_MOD:
        grant(post.owner_id, Kind.POST_UPVOTED, owner_change, post_id=post.pk, actor_id=actor.pk, capped=True)
    else:
        grant(
            post.owner_id, Kind.POST_DOWNVOTED, owner_change, post_id=post.pk, actor_id=actor.pk, capped=True
        )
        if voter_change:
            grant(actor.pk, Kind.VOTER_DOWNVOTES, voter_change, post_id=post.pk, actor_id=actor.pk)


@transaction.atomic
def cast_vote(actor: User, post_id: int, vote_type: int) -> VoteState:
    """Vote a post up (2) or down (3); the same vote again takes it back, the other vote
    replaces it. Needs the vote-up / vote-down privilege, not on one's own post, within the
    daily quota; a vote locks five minutes after it is cast unless the post is edited since.
    Moves the score, the owner's reputation (capped) and, for answer downvotes, the voter's."""
    if vote_type not in (VoteType.UP_MOD, VoteType.DOWN_MOD):
        raise InvalidInput("Only up (2) and down (3) votes are cast this way.")
    post = access_post(post_id)
    lock_users(actor.pk, post.owner_id)
    actor = _lock_actor(actor)
    if post.post_type not in (PostType.QUESTION, PostType.ANSWER):
        raise NotFound("Only questions and answers can be voted on.")
    _require_unlocked(post, "vote on it")
    if vote_type == VoteType.UP_MOD:
        require_privilege(actor, Privilege.VOTE_UP, "vote up")
    else:
        require_privilege(actor, Privilege.VOTE_DOWN, "vote down")
    if post.owner_id == actor.pk:
        raise NotPermitted("You can't vote for your own post.")
    existing = Vote.objects.filter(post=post, user=actor, vote_type__in=[2, 3]).first()
    now = timezone.now()
    if existing is not None:
        locked_since = existing.creation_date + rules.VOTE_LOCK_AFTER
        edited_after_vote = post.last_edit_date is not None and post.last_edit_date > existing.creation_date
        if now > locked_since and not edited_after_vote:
            raise Conflict(
                "You last voted on this post more than 5 minutes ago, and your vote is now locked "
                "in unless the post is edited."
            )
        _undo_vote_reputation(post, existing, actor)
        existing.delete()
        _count_vote(post, actor, existing.vote_type, -1)
        if existing.vote_type == vote_type:
            return vote_state(actor, post.pk)
    else:
        _require_vote_quota(actor, post)
    Vote.objects.create(post=post, user=actor, vote_type=vote_type, creation_date=now)
    _apply_vote_reputation(post, vote_type, actor)
    _count_vote(post, actor, vote_type, +1)
    enqueue_badge_checks([actor.pk, post.owner_id], post_id=post.pk, reason="vote")
    return vote_state(actor, post.pk)


def _count_vote(post: Post, actor: User, vote_type: int, direction: int) -> None:
    """Add (+1) or take away (-1) one up or down vote: the post's score, the voter's
    up/down counter, the question's answered state, and the cached pages."""
    up = vote_type == VoteType.UP_MOD
    counter = "up_votes" if up else "down_votes"
    Post.objects.filter(pk=post.pk).update(score=F("score") + (direction if up else -direction))
    User.objects.filter(pk=actor.pk).update(**{counter: F(counter) + direction})
    if post.parent_id is not None:
        _refresh_is_answered(post.parent_id)
    touch_question(post.parent_id or post.pk)


@transaction.atomic
def toggle_bookmark(actor: User, post_id: int) -> VoteState:
    """Bookmark a question or answer (vote type 5), or remove the bookmark."""
    actor = _lock_actor(actor)
    post = access_post(post_id)
    existing = Vote.objects.filter(post=post, user=actor, vote_type=VoteType.FAVORITE).first()
    if existing is not None:
        existing.delete()
        Post.objects.filter(pk=post.pk).update(favorite_count=F("favorite_count") - 1)
    else:
        Vote.objects.create(post=post, user=actor, vote_type=VoteType.FAVORITE)
        Post.objects.filter(pk=post.pk).update(favorite_count=F("favorite_count") + 1)
    touch_question(post.parent_id or post.pk)
    return vote_state(actor, post.pk)


@transaction.atomic
def toggle_follow(actor: User, post_id: int) -> VoteState:
    """Follow a post (vote type 21) to hear of its activity, or stop following it."""
    actor = _lock_actor(actor)
    post = access_post(post_id)
    deleted, _ = Vote.objects.filter(post=post, user=actor, vote_type=VoteType.FOLLOW).delete()
    if not deleted:
        Vote.objects.create(post=post, user=actor, vote_type=VoteType.FOLLOW)
    return vote_state(actor, post.pk)


# ------------------------------------------------------------------ accepting


@transaction.atomic
def toggle_accept(actor: User, answer_id: int) -> VoteState:
    """The asker accepts an answer (vote type 1), replacing any earlier accept, or unaccepts
    it. +15 to the answerer and +2 to the asker, neither capped; nothing for accepting one's
    own answer or a community-wiki answer."""
    answer = access_post(answer_id)
    if answer.post_type != PostType.ANSWER or answer.parent_id is None:
        raise InvalidInput("Only answers can be accepted.")
    question = access_question(answer.parent_id, for_update=True)
    previous_owner = (
        Post.objects.filter(pk=question.accepted_answer_id).values_list("owner_id", flat=True).first()
        if question.accepted_answer_id
        else None
    )
    lock_users(actor.pk, answer.owner_id, previous_owner)
    actor = _lock_actor(actor)
    if question.owner_id != actor.pk:
        raise NotPermitted("Only the person who asked the question can accept an answer.")
    _require_unlocked(question, "accept an answer")
    previous_id = question.accepted_answer_id
    if previous_id is not None:
        previous = Post.objects.get(pk=previous_id)
        Vote.objects.filter(post_id=previous_id, vote_type=VoteType.ACCEPTED_BY_ORIGINATOR).delete()
        if previous.owner_id is not None:
            reverse_grant(
                previous.owner_id,
                Kind.ANSWER_ACCEPTED,
                Kind.ANSWER_UNACCEPTED,
                post_id=previous_id,
                actor_id=actor.pk,
            )
        reverse_grant(
            actor.pk,
            Kind.ASKER_ACCEPTS_ANSWER,
            Kind.ASKER_UNACCEPTS_ANSWER,
            post_id=previous_id,
            actor_id=actor.pk,
        )
        Post.objects.filter(pk=question.pk).update(accepted_answer=None)
    if previous_id != answer.pk:
        Post.objects.filter(pk=question.pk).update(accepted_answer=answer)
        Vote.objects.create(post=answer, vote_type=VoteType.ACCEPTED_BY_ORIGINATOR, user=None)
        rewarded = (
            answer.owner_id is not None and answer.owner_id != actor.pk and not answer.is_community_wiki
        )
        if rewarded and answer.owner_id is not None:
            grant(
                answer.owner_id,
                Kind.ANSWER_ACCEPTED,
                rules.ANSWER_ACCEPTED,
                post_id=answer.pk,
                actor_id=actor.pk,
            )
            grant(
                actor.pk,
                Kind.ASKER_ACCEPTS_ANSWER,
                rules.ACCEPTOR_BONUS,
                post_id=answer.pk,
                actor_id=actor.pk,
            )
    _refresh_is_answered(question.pk)
    enqueue_badge_checks([actor.pk, answer.owner_id], post_id=answer.pk, reason="accept")
    touch_question(question.pk)
    return vote_state(actor, answer.pk)


# ------------------------------------------------------------------ editing


@dataclass(frozen=True)
class EditOutcome:
    """An edit either changed the post or became a suggestion waiting for review."""

    post: Post
    suggested_edit: SuggestedEdit | None = None

    @property
    def is_suggestion(self) -> bool:
        return self.suggested_edit is not None


def can_edit_directly(actor: User, post: Post) -> bool:
    """Owners edit their posts; community wiki takes 100 reputation; anything else takes
    the edit-questions-and-answers privilege (1,000 on beta sites). Moderators edit all."""
    if actor.is_moderator or post.owner_id == actor.pk:
        return True
    if post.is_community_wiki and actor.reputation >= rules.threshold(Privilege.EDIT_COMMUNITY_WIKI):
        return True
    return actor.reputation >= rules.threshold(Privilege.EDIT_QUESTIONS_AND_ANSWERS)


def _proposed_state(
    actor: User, post: Post, title: str | None, body: str, tags: str | None
) -> tuple[str, str, list[Tag]]:
    """Check an edit's fields; questions carry a title and tags, answers only a body."""
    source, _visible = _check_body(body)
    if not post.is_question:
        return "", source, []
    new_title = _check_length(title or "", "title", "Title", rules.TITLE_MIN_LENGTH, rules.TITLE_MAX_LENGTH)
    return new_title, source, _resolve_tags(actor, tags if tags is not None else post.tags)


def _apply_content(
    post: Post,
    editor: User,
    title: str,
    body: str,
    tag_objects: list[Tag],
    *,
    summary: str,
    kinds: tuple[int, int, int],
    guid: str,
    now: datetime,
    fold_into: list[PostHistory] | None = None,
) -> set[str]:
    """Write the new title/body/tags onto the post and its history; returns the changed fields.

    ``kinds`` are the history types for (title, body, tags): edit or rollback. With
    ``fold_into`` (an edit inside the author's grace period) the latest revision's rows are
    rewritten instead of adding a new revision.
    """
    names = [tag.name for tag in tag_objects]
    changed: set[str] = set()
    if post.is_question and title != post.title:
        changed.add("title")
    if body != post.body_markdown:
        changed.add("body")
    if post.is_question and names != post.tag_list:
        changed.add("tags")
    if not changed:
        return changed
    texts = {"title": title, "body": body, "tags": format_tags(names)}
    kind_of = dict(zip(("title", "body", "tags"), kinds, strict=True))
    if fold_into is not None:
        by_field = {_field_of(row.post_history_type): row for row in fold_into}
        for name in sorted(changed):
            row = by_field.get(name)
            if row is not None:
                PostHistory.objects.filter(pk=row.pk).update(text=texts[name], comment=summary or row.comment)
            else:
                _history(
                    post,
                    editor,
                    kind_of[name],
                    texts[name],
                    fold_into[0].revision_guid,
                    fold_into[0].creation_date,
                    summary,
                )
    else:
        for name in ("title", "body", "tags"):
            if name in changed:
                _history(post, editor, kind_of[name], texts[name], guid, now, summary)
    if "tags" in changed:
        old_ids = set(PostTag.objects.filter(post=post).values_list("tag_id", flat=True))
        new_ids = {tag.pk for tag in tag_objects}
        PostTag.objects.filter(post=post, tag_id__in=old_ids - new_ids).delete()
        PostTag.objects.bulk_create([PostTag(post=post, tag_id=tag_id) for tag_id in new_ids - old_ids])
        if post.deletion_date is None:
            Tag.objects.filter(pk__in=old_ids - new_ids).update(count=F("count") - 1)
            Tag.objects.filter(pk__in=new_ids - old_ids).update(count=F("count") + 1)
    tag_source = (
        names if post.is_question else (post.parent.tag_list if post.parent_id and post.parent else [])
    )
    updates: dict[str, object] = {
        "body_markdown": body,
        "body_html": render_markdown(body, tag_source),
        "last_edit_date": now,
        "last_editor": editor,
        "last_activity_date": now,
    }
    if post.is_question:
        updates.update(title=title, tags=" ".join(names))
    Post.objects.filter(pk=post.pk).update(**updates)
    if post.parent_id is not None:
        Post.objects.filter(pk=post.parent_id).update(last_activity_date=now)
    for name, value in updates.items():
        setattr(post, name, value)
    touch_question(post.parent_id or post.pk)
    return changed


def _field_of(history_type: int) -> str:
    if history_type in (
        PostHistoryType.INITIAL_TITLE,
        PostHistoryType.EDIT_TITLE,
        PostHistoryType.ROLLBACK_TITLE,
    ):
        return "title"
    if history_type in (
        PostHistoryType.INITIAL_BODY,
        PostHistoryType.EDIT_BODY,
        PostHistoryType.ROLLBACK_BODY,
    ):
        return "body"
    return "tags"


def _grace_revision(post: Post, actor: User, now: datetime) -> list[PostHistory] | None:
    """The latest revision's rows when the same author wrote it within the grace period."""
    latest = (
        PostHistory.objects.filter(post=post, post_history_type__in=[1, 2, 3, 4, 5, 6, 7, 8, 9])
        .order_by("-creation_date", "-id")
        .first()
    )
    if latest is None or latest.user_id != actor.pk or now - latest.creation_date > rules.EDIT_GRACE_PERIOD:
        return None
    return list(PostHistory.objects.filter(post=post, revision_guid=latest.revision_guid))


@transaction.atomic
def edit_post(
    actor: User, post_id: int, *, title: str | None, body: str, tags: str | None, summary: str = ""
) -> EditOutcome:
    """Edit a question (title, body, tags) or an answer (body), with an edit summary.

    Users who may edit directly (see ``can_edit_directly``) change the post at once: history
    rows 4/5/6 share one GUID, and an author's edits within five minutes of their previous
    revision fold into it. Everyone else's edit becomes a ``SuggestedEdit`` for review (one
    pending per post). An edit that changes nothing is refused.
    """
    actor = _lock_actor(actor)
    post = access_post(post_id, for_update=True)
    if post.post_type not in (PostType.QUESTION, PostType.ANSWER):
        raise NotFound("Only questions and answers can be edited here.")
    _require_unlocked(post, "edit it")
    summary = summary.strip()
    if len(summary) > rules.EDIT_SUMMARY_MAX_LENGTH:
        raise InvalidInput(
            f"The edit summary cannot be longer than {rules.EDIT_SUMMARY_MAX_LENGTH} characters.", "summary"
        )
    if post.parent_id is not None:
        post.parent = Post.objects.only("tags").get(pk=post.parent_id)
    new_title, source, tag_objects = _proposed_state(actor, post, title, body, tags)
    names = [tag.name for tag in tag_objects]
    unchanged = source == post.body_markdown and (
        not post.is_question or (new_title == post.title and names == post.tag_list)
    )
    if unchanged:
        raise InvalidInput("Your edit does not change anything.", "body")
    now = timezone.now()
    if not can_edit_directly(actor, post):
        if SuggestedEdit.objects.filter(
            post=post, approval_date__isnull=True, rejection_date__isnull=True
        ).exists():
            raise Conflict(
                "This post already has a suggested edit waiting for review; please try again later."
            )
        suggestion = SuggestedEdit.objects.create(
            post=post,
            owner=actor,
            creation_date=now,
            comment=summary,
            title=new_title,
            text=source,
            tags=" ".join(names),
        )
        return EditOutcome(post=post, suggested_edit=suggestion)
    _apply_content(
        post,
        actor,
        new_title,
        source,
        tag_objects,
        summary=summary,
        kinds=(PostHistoryType.EDIT_TITLE, PostHistoryType.EDIT_BODY, PostHistoryType.EDIT_TAGS),
        guid=str(uuid.uuid4()),
        now=now,
        fold_into=_grace_revision(post, actor, now),
    )
    enqueue_badge_checks([actor.pk], post_id=post.pk, reason="edit")
    return EditOutcome(post=post)


@transaction.atomic
def rollback_post(actor: User, post_id: int, revision_number: int) -> Post:
    """Restore the post's title, body and tags as they were at ``revision_number``: history
    rows 7/8/9 for what differs, with the summary "Rollback to Revision N". Needs the right
    to edit the post directly."""
    actor = _lock_actor(actor)
    post = access_post(post_id, for_update=True)
    _require_unlocked(post, "roll it back")
    if not can_edit_directly(actor, post):
        require_privilege(actor, Privilege.EDIT_QUESTIONS_AND_ANSWERS, "roll back other people's posts")
    found, _events = revisions(post.pk)
    if not 1 <= revision_number <= len(found):
        raise NotFound(f"This post has no revision {revision_number}.")
    if revision_number == len(found):
        raise InvalidInput(
            f"Revision {revision_number} is the current revision; there is nothing to roll back."
        )
    target = found[revision_number - 1]
    if post.parent_id is not None:
        post.parent = Post.objects.only("tags").get(pk=post.parent_id)
    tag_objects = list(Tag.objects.filter(name__in=target.tags))
    tag_objects.sort(key=lambda tag: target.tags.index(tag.name))
    changed = _apply_content(
        post,
        actor,
        target.title,
        target.body,
        tag_objects,
        summary=f"Rollback to Revision {revision_number}",
        kinds=(PostHistoryType.ROLLBACK_TITLE, PostHistoryType.ROLLBACK_BODY, PostHistoryType.ROLLBACK_TAGS),
        guid=str(uuid.uuid4()),
        now=timezone.now(),
    )
    if not changed:
        raise InvalidInput(f"The post is already as it was at revision {revision_number}.")
    return post


def can_review_suggested_edits(actor: User) -> bool:
    """Reviewers hold the edit privilege (1,000 on beta sites) or are moderators."""
    return actor.is_moderator or actor.reputation >= rules.threshold(Privilege.EDIT_QUESTIONS_AND_ANSWERS)


@transaction.atomic
def review_suggested_edit(
    actor: User, suggested_edit_id: int, *, approve: bool, comment: str = ""
) -> SuggestedEdit:
    """Vote to approve or reject a pending suggested edit. Two votes of a kind decide it; the
    post owner's or a moderator's vote decides alone. An approved edit is applied as its
    author's (history rows 24 and 4/5/6) and earns them +2 reputation, up to 1,000 in all."""
    suggestion = (
        SuggestedEdit.objects.select_for_update().select_related("post").filter(pk=suggested_edit_id).first()
    )
    if suggestion is None or suggestion.post.deletion_date is not None:
        raise NotFound("This suggested edit does not exist.")
    lock_users(actor.pk, suggestion.owner_id)
    actor = _lock_actor(actor)
    binding = actor.is_moderator or suggestion.post.owner_id == actor.pk
    if not binding and not can_review_suggested_edits(actor):
        require_privilege(actor, Privilege.EDIT_QUESTIONS_AND_ANSWERS, "review suggested edits")
    if not suggestion.is_pending:
        raise Conflict("This suggested edit has already been reviewed.")
    if suggestion.owner_id == actor.pk:
        raise NotPermitted("You can't review your own suggested edit.")
    if SuggestedEditVote.objects.filter(suggested_edit=suggestion, user=actor).exists():
        raise Conflict("You have already reviewed this suggested edit.")
    kind = SuggestedEditVote.Kind.APPROVE if approve else SuggestedEditVote.Kind.REJECT
    SuggestedEditVote.objects.create(
        suggested_edit=suggestion, user=actor, vote_type=kind, comment=comment.strip()
    )
    votes = SuggestedEditVote.objects.filter(suggested_edit=suggestion, vote_type=kind).count()
    if not binding and votes < rules.SUGGESTED_EDIT_VOTES_NEEDED:
        return suggestion
    now = timezone.now()
    if not approve:
        SuggestedEdit.objects.filter(pk=suggestion.pk).update(rejection_date=now)
        suggestion.rejection_date = now
        return suggestion
    post = Post.objects.select_for_update().get(pk=suggestion.post_id)
    if post.parent_id is not None:
        post.parent = Post.objects.only("tags").get(pk=post.parent_id)
    author = User.objects.get(pk=suggestion.owner_id) if suggestion.owner_id is not None else actor
    names = suggestion.tags.split()
    tag_objects = sorted(Tag.objects.filter(name__in=names), key=lambda tag: names.index(tag.name))
    guid = str(uuid.uuid4())
    _history(post, author, PostHistoryType.SUGGESTED_EDIT_APPLIED, "", guid, now, suggestion.comment)
    _apply_content(
        post,
        author,
        suggestion.title,
        suggestion.text,
        tag_objects,
        summary=suggestion.comment,
        kinds=(PostHistoryType.EDIT_TITLE, PostHistoryType.EDIT_BODY, PostHistoryType.EDIT_TAGS),
        guid=guid,
        now=now,
    )
    SuggestedEdit.objects.filter(pk=suggestion.pk).update(approval_date=now, revision_guid=guid)
    suggestion.approval_date = now
    enqueue_badge_checks([author.pk], post_id=post.pk, reason="edit")
    if suggestion.owner_id is not None:
        earned = (
            ReputationEvent.objects.filter(
                user_id=suggestion.owner_id, kind=Kind.SUGGESTED_EDIT_APPROVAL_RECEIVED
            ).aggregate(total=Sum("amount"))["total"]
            or 0
        )
        amount = min(rules.SUGGESTED_EDIT_APPROVED, max(0, rules.SUGGESTED_EDIT_LIFETIME_CAP - earned))
        if amount:
            grant(
                suggestion.owner_id,
                Kind.SUGGESTED_EDIT_APPROVAL_RECEIVED,
                amount,
                post_id=post.pk,
                actor_id=actor.pk,
                capped=True,
            )
    return suggestion


# ------------------------------------------------------------------ editing comments, deleting posts


@transaction.atomic
def edit_comment(actor: User, comment_id: int, text: str) -> Comment:
    """The author edits a comment within five minutes of posting it (moderators at any time);
    15–600 characters, as when it was written."""
    actor = _lock_actor(actor)
    comment = access_comment(comment_id)
    if comment.user_id != actor.pk and not actor.is_moderator:
        raise NotPermitted("You can only edit your own comments.")
    _require_unlocked(comment.post, "edit its comments")
    now = timezone.now()
    if not actor.is_moderator and now - comment.creation_date > rules.COMMENT_EDIT_WINDOW:
        raise Conflict("Comments can only be edited for 5 minutes after they are posted.")
    text = _check_length(text, "body", "Comment", rules.COMMENT_MIN_LENGTH, rules.COMMENT_MAX_LENGTH)
    html = render_comment(text)
    Comment.objects.filter(pk=comment.pk).update(text=text, text_html=html, edit_date=now)
    comment.text, comment.text_html, comment.edit_date = text, html, now
    touch_question(comment.post.parent_id or comment.post_id)
    return comment


# Reputation a post's votes and accept gave its owner; deleting the post takes it back.
_POST_REPUTATION_KINDS = (
    Kind.POST_UPVOTED,
    Kind.POST_UNUPVOTED,
    Kind.POST_DOWNVOTED,
    Kind.POST_UNDOWNVOTED,
    Kind.ANSWER_ACCEPTED,
    Kind.ANSWER_UNACCEPTED,
)


def _reputation_from(post: Post) -> int:
    if post.owner_id is None:
        return 0
    total = ReputationEvent.objects.filter(
        user_id=post.owner_id, post_id=post.pk, kind__in=_POST_REPUTATION_KINDS
    ).aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


def _require_may_delete(actor: User, post: Post) -> None:
    """Authors delete their own posts, except an accepted answer and a question that has an
    upvoted answer or several answers (se-rules §6); moderators delete anything."""
    if actor.is_moderator:
        return
    if post.owner_id != actor.pk:
        raise NotPermitted("You can only delete your own posts.")
    if post.post_type == PostType.ANSWER:
        if (
            post.parent_id is not None
            and Post.objects.filter(pk=post.parent_id, accepted_answer_id=post.pk).exists()
        ):
            raise Conflict("You cannot delete an accepted answer.")
        return
    answers = Post.objects.filter(parent=post, deletion_date__isnull=True)
    if answers.count() > 1 or answers.filter(score__gt=0).exists():
        raise Conflict(
            "You cannot delete this question because others have invested time and effort in answering it."
        )


def _set_deleted(post: Post, actor: User, deleted: bool) -> None:
    now = timezone.now()
    Post.objects.filter(pk=post.pk).update(deletion_date=now if deleted else None)
    kind = PostHistoryType.POST_DELETED if deleted else PostHistoryType.POST_UNDELETED
    _history(post, actor, kind, "", str(uuid.uuid4()), now)
    change = -1 if deleted else 1
    if post.post_type == PostType.QUESTION:
        tag_ids = PostTag.objects.filter(post=post).values_list("tag_id", flat=True)
        Tag.objects.filter(pk__in=list(tag_ids)).update(count=F("count") + change)
    elif post.parent_id is not None:
        Post.objects.filter(pk=post.parent_id).update(answer_count=F("answer_count") + change)
        _refresh_is_answered(post.parent_id)
    touch_question(post.parent_id or post.pk)


@transaction.atomic
def delete_post(actor: User, post_id: int) -> Post:
    """Delete a question or answer (kept, marked deleted; history row 12). The reputation its
    votes and accept gave its owner is taken back (a POST_DELETED ledger event)."""
    post = access_post(post_id, for_update=True)
    if post.post_type not in (PostType.QUESTION, PostType.ANSWER):
        raise NotFound("Only questions and answers can be deleted here.")
    lock_users(actor.pk, post.owner_id)
    actor = _lock_actor(actor)
    _require_unlocked(post, "delete it")
    _require_may_delete(actor, post)
    _set_deleted(post, actor, deleted=True)
    given = _reputation_from(post)
    if given and post.owner_id is not None:
        grant(post.owner_id, Kind.POST_DELETED, -given, post_id=post.pk, actor_id=actor.pk)
    post.deletion_date = timezone.now()
    return post


@transaction.atomic
def undelete_post(actor: User, post_id: int) -> Post:
    """Restore a deleted post (history row 13): its author may undo their own deletion,
    moderators any; the reputation taken at deletion comes back."""
    post = Post.objects.select_for_update().filter(pk=post_id, deletion_date__isnull=False).first()
    if post is None:
        raise NotFound("This post is not deleted.")
    lock_users(actor.pk, post.owner_id)
    actor = _lock_actor(actor)
    if not actor.is_moderator and post.owner_id != actor.pk:
        raise NotPermitted("Only the author or a moderator can undelete this post.")
    last_deletion = (
        PostHistory.objects.filter(post=post, post_history_type=PostHistoryType.POST_DELETED)
        .order_by("-creation_date", "-id")
        .first()
    )
    if not actor.is_moderator and last_deletion is not None and last_deletion.user_id != actor.pk:
        raise NotPermitted("A moderator deleted this post; only a moderator can undelete it.")
    _set_deleted(post, actor, deleted=False)
    if post.owner_id is not None:
        taken = (
            ReputationEvent.objects.filter(user_id=post.owner_id, post_id=post.pk, kind=Kind.POST_DELETED)
            .order_by("-creation_date", "-id")
            .values_list("amount", flat=True)
            .first()
        )
        if taken:
            grant(post.owner_id, Kind.POST_UNDELETED, -taken, post_id=post.pk, actor_id=actor.pk)
    post.deletion_date = None
    return post
