"""Posts and everything attached to them, shaped like the Stack Exchange data dump.

One table holds questions, answers and tag wikis (``post_type`` is the dump's PostTypeId); votes,
history and links carry the dump's type ids too, so import, export and the API map 1:1.
Bodies are kept twice: the markdown source the author wrote and the sanitised HTML rendered
from it at write time, so reading a page never renders markdown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from quaestio.lib.slugs import slugify_title
from quaestio.lib.tags import format_tags, parse_tags
from quaestio.lib.urls import reverse_cached


class PostType(models.IntegerChoices):
    QUESTION = 1, "Question"
    ANSWER = 2, "Answer"
    ORPHANED_TAG_WIKI = 3, "Orphaned tag wiki"
    TAG_WIKI_EXCERPT = 4, "Tag wiki excerpt"
    TAG_WIKI = 5, "Tag wiki"
    MODERATOR_NOMINATION = 6, "Moderator nomination"
    WIKI_PLACEHOLDER = 7, "Wiki placeholder"
    PRIVILEGE_WIKI = 8, "Privilege wiki"
    ARTICLE = 9, "Article"
    HELP_ARTICLE = 10, "Help article"
    COLLECTION = 12, "Collection"
    MODERATOR_QUESTIONNAIRE_RESPONSE = 13, "Moderator questionnaire response"
    ANNOUNCEMENT = 14, "Announcement"
    COLLECTIVE_DISCUSSION = 15, "Collective discussion"
    COLLECTIVE_COLLECTION = 17, "Collective collection"


class VoteType(models.IntegerChoices):
    INFORM_MODERATOR = -1, "Inform moderator"
    UNDO_MOD = 0, "Undo mod"
    ACCEPTED_BY_ORIGINATOR = 1, "Accepted by originator"
    UP_MOD = 2, "Up"
    DOWN_MOD = 3, "Down"
    OFFENSIVE = 4, "Offensive"
    FAVORITE = 5, "Bookmark"
    CLOSE = 6, "Close"
    REOPEN = 7, "Reopen"
    BOUNTY_START = 8, "Bounty start"
    BOUNTY_CLOSE = 9, "Bounty close"
    DELETION = 10, "Deletion"
    UNDELETION = 11, "Undeletion"
    SPAM = 12, "Spam"
    NOMINATE_MODERATOR = 14, "Nominate moderator"
    MODERATOR_REVIEW = 15, "Moderator review"
    APPROVE_EDIT_SUGGESTION = 16, "Approve edit suggestion"
    REACTION1 = 17, "Reaction 1"
    HELPFUL = 18, "Helpful"
    THANK_YOU = 19, "Thank you"
    WELL_WRITTEN = 20, "Well written"
    FOLLOW = 21, "Follow"
    REACTION2 = 22, "Reaction 2"
    REACTION3 = 23, "Reaction 3"
    REACTION4 = 24, "Reaction 4"
    REACTION5 = 25, "Reaction 5"
    REACTION6 = 26, "Reaction 6"
    REACTION7 = 27, "Reaction 7"
    REACTION8 = 28, "Reaction 8"
    OUTDATED = 29, "Outdated"
    NOT_OUTDATED = 30, "Not outdated"
    PRE_VOTE = 31, "Pre-vote"
    COLLECTIVE_DISCUSSION_UPVOTE = 32, "Collective discussion upvote"
    COLLECTIVE_DISCUSSION_DOWNVOTE = 33, "Collective discussion downvote"
    PRIVATE_AI_ANSWER_CORRECT = 35, "AI answer correct"
    PRIVATE_AI_ANSWER_INCORRECT = 36, "AI answer incorrect"
    PRIVATE_AI_ANSWER_PARTIALLY_CORRECT = 37, "AI answer partially correct"


class PostHistoryType(models.IntegerChoices):
    INITIAL_TITLE = 1, "Initial title"
    INITIAL_BODY = 2, "Initial body"
    INITIAL_TAGS = 3, "Initial tags"
    EDIT_TITLE = 4, "Edit title"
    EDIT_BODY = 5, "Edit body"
    EDIT_TAGS = 6, "Edit tags"
    ROLLBACK_TITLE = 7, "Rollback title"
    ROLLBACK_BODY = 8, "Rollback body"
    ROLLBACK_TAGS = 9, "Rollback tags"
    POST_CLOSED = 10, "Post closed"
    POST_REOPENED = 11, "Post reopened"
    POST_DELETED = 12, "Post deleted"
    POST_UNDELETED = 13, "Post undeleted"
    POST_LOCKED = 14, "Post locked"
    POST_UNLOCKED = 15, "Post unlocked"
    COMMUNITY_OWNED = 16, "Community owned"
    POST_MIGRATED = 17, "Post migrated"
    QUESTION_MERGED = 18, "Question merged"
    QUESTION_PROTECTED = 19, "Question protected"
    QUESTION_UNPROTECTED = 20, "Question unprotected"
    POST_DISASSOCIATED = 21, "Post disassociated"
    QUESTION_UNMERGED = 22, "Question unmerged"
    UNKNOWN_DEV_EVENT = 23, "Unknown developer event"
    SUGGESTED_EDIT_APPLIED = 24, "Suggested edit applied"
    POST_TWEETED = 25, "Post tweeted"
    VOTE_NULLIFICATION = 26, "Vote nullification"
    UNMIGRATED = 27, "Unmigrated"
    UNKNOWN_SUGGESTION_EVENT = 28, "Unknown suggestion event"
    UNKNOWN_MODERATOR_EVENT = 29, "Unknown moderator event"
    UNKNOWN_EVENT = 30, "Unknown event"
    COMMENTS_MOVED_TO_CHAT = 31, "Comment discussion moved to chat"
    POST_NOTICE_ADDED = 33, "Post notice added"
    POST_NOTICE_REMOVED = 34, "Post notice removed"
    POST_MIGRATED_AWAY = 35, "Post migrated away"
    POST_MIGRATED_HERE = 36, "Post migrated here"
    POST_MERGE_SOURCE = 37, "Post merge source"
    POST_MERGE_DESTINATION = 38, "Post merge destination"
    BUMPED_BY_COMMUNITY = 50, "Bumped by Community user"
    HOT_QUESTION = 52, "Became a hot question"
    REMOVED_FROM_HOT = 53, "Removed from hot questions"
    CREATED_FROM_ASK_WIZARD = 66, "Created from Ask Wizard"


class PostLinkType(models.IntegerChoices):
    LINKED = 1, "Linked"
    DUPLICATE = 3, "Duplicate"


class CloseReason(models.IntegerChoices):
    """PostHistory.Comment for a closure: the old reasons and the current ones."""

    EXACT_DUPLICATE = 1, "Exact duplicate"
    OFF_TOPIC_OLD = 2, "Off-topic"
    SUBJECTIVE = 3, "Subjective and argumentative"
    NOT_A_REAL_QUESTION = 4, "Not a real question"
    TOO_LOCALIZED = 7, "Too localized"
    GENERAL_REFERENCE = 10, "General reference"
    NOISE = 20, "Noise or pointless"
    DUPLICATE = 101, "Duplicate"
    OFF_TOPIC = 102, "Off-topic"
    NEEDS_DETAILS = 103, "Needs details or clarity"
    NEEDS_FOCUS = 104, "Needs more focus"
    OPINION_BASED = 105, "Opinion-based"


class Post(models.Model):
    """A question, an answer, a tag wiki or excerpt, or another kind of post from a dump."""

    id = models.BigAutoField(primary_key=True)
    post_type = models.SmallIntegerField(choices=PostType.choices)
    # Looked up through post_parent_score_idx, which starts with it (an index of its own would
    # only cost every write and the import's index builds).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    accepted_answer = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    creation_date = models.DateTimeField(default=timezone.now)
    deletion_date = models.DateTimeField(null=True, blank=True)
    score = models.IntegerField(default=0)
    view_count = models.IntegerField(default=0)
    body_markdown = models.TextField(blank=True, default="")
    body_html = models.TextField(blank=True, default="")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    # The name shown when the owner's account is gone (the dump's OwnerDisplayName).
    owner_display_name = models.CharField(max_length=100, blank=True, default="")
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_editor_display_name = models.CharField(max_length=100, blank=True, default="")
    last_edit_date = models.DateTimeField(null=True, blank=True)
    last_activity_date = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=250, blank=True, default="")
    # Tag names separated by spaces, in the author's order; PostTag rows index them.
    tags = models.CharField(max_length=250, blank=True, default="")
    answer_count = models.IntegerField(default=0)
    comment_count = models.IntegerField(default=0)
    favorite_count = models.IntegerField(default=0)
    # True when the question has an accepted answer or an answer with a positive score, as the
    # API's is_answered; the Unanswered tab lists questions where it is false.
    is_answered = models.BooleanField(default=False)
    closed_date = models.DateTimeField(null=True, blank=True)
    close_reason = models.SmallIntegerField(choices=CloseReason.choices, null=True, blank=True)
    community_owned_date = models.DateTimeField(null=True, blank=True)
    locked_date = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    protected_date = models.DateTimeField(null=True, blank=True)
    content_license = models.CharField(max_length=30, blank=True, default="CC BY-SA 4.0")
    # Dump attributes with no column of their own (quaestio/dumps): optional attributes whose
    # presence differs from the exporter's rule, unknown attributes, references that were
    # cleared on import. NULL for almost every row, and for everything the site writes itself.
    dump_extra = models.JSONField(null=True, blank=True)

    class Meta:
        # The lists' indexes end with the columns of their condition: SQLite reads a partial
        # index as covering only when it holds every column the query names, and a list that
        # skips rows (a direct ?page=N) must not read the table for each row it skips.
        indexes = [
            # /questions?tab=Newest: live questions, newest first.
            models.Index(
                fields=["-creation_date", "-id", "post_type", "deletion_date"],
                name="question_newest_idx",
                condition=Q(post_type=1, deletion_date__isnull=True),
            ),
            # /questions?tab=Active: live questions by last activity.
            models.Index(
                fields=["-last_activity_date", "-id", "post_type", "deletion_date"],
                name="question_active_idx",
                condition=Q(post_type=1, deletion_date__isnull=True),
            ),
            # /questions?tab=Score.
            models.Index(
                fields=["-score", "-id", "post_type", "deletion_date"],
                name="question_score_idx",
                condition=Q(post_type=1, deletion_date__isnull=True),
            ),
            # /questions?tab=Unanswered.
            models.Index(
                fields=["-creation_date", "-id", "post_type", "deletion_date", "is_answered"],
                name="question_unanswered_idx",
                condition=Q(post_type=1, deletion_date__isnull=True, is_answered=False),
            ),
            # The answers of a question page, best first.
            models.Index(fields=["parent", "-score"], name="post_parent_score_idx"),
            # A user's live questions and answers on the profile page: their counts and the
            # best of each.
            models.Index(
                fields=["owner", "post_type", "-score", "-id", "deletion_date"],
                name="post_owner_type_score_idx",
                condition=Q(deletion_date__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(post_type=2, parent__isnull=False) | (~Q(post_type=2) & Q(parent__isnull=True)),
                name="post_answer_has_parent_others_not",
            ),
            models.CheckConstraint(
                condition=Q(accepted_answer__isnull=True) | Q(post_type=1),
                name="post_only_questions_accept",
            ),
            models.CheckConstraint(condition=Q(answer_count__gte=0), name="post_answer_count_gte_0"),
            models.CheckConstraint(condition=Q(comment_count__gte=0), name="post_comment_count_gte_0"),
            models.CheckConstraint(condition=Q(view_count__gte=0), name="post_view_count_gte_0"),
            models.CheckConstraint(condition=Q(favorite_count__gte=0), name="post_favorite_count_gte_0"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_post_type_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        if self.post_type == PostType.ANSWER and self.parent_id is not None:
            return reverse_cached("posts:answer_permalink", self.pk)
        return reverse_cached("posts:question", self.pk, self.slug)

    @property
    def slug(self) -> str:
        return slugify_title(self.title) or "question"

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split()

    @property
    def dump_tags(self) -> str:
        """The tags in the dump's ``<a><b>`` form."""
        return format_tags(self.tag_list)

    def set_tags(self, raw: str) -> None:
        """Accept tags as ``a b``, ``<a><b>`` or ``|a|b|``."""
        self.tags = " ".join(parse_tags(raw))

    @property
    def is_question(self) -> bool:
        return self.post_type == PostType.QUESTION

    @property
    def is_deleted(self) -> bool:
        return self.deletion_date is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_date is not None

    @property
    def is_protected(self) -> bool:
        return self.protected_date is not None

    @property
    def is_community_wiki(self) -> bool:
        return self.community_owned_date is not None

    def is_locked(self, now: object = None) -> bool:
        if self.locked_date is None:
            return False
        moment = now if now is not None else timezone.now()
        return self.locked_until is None or self.locked_until > moment  # type: ignore[operator]


class Tag(models.Model):
    """A tag with its question count and, optionally, its wiki excerpt and body posts."""

    id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=35, unique=True)
    count = models.IntegerField(default=0)
    excerpt_post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    wiki_post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_moderator_only = models.BooleanField(default=False)
    is_required = models.BooleanField(default=False)
    creation_date = models.DateTimeField(default=timezone.now)
    # Dump attributes with no column of their own: see Post.dump_extra.
    dump_extra = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            # /tags?tab=popular.
            models.Index(fields=["-count", "name"], name="tag_popular_idx"),
            # /tags?tab=new (the unique name serves ?tab=name).
            models.Index(fields=["-creation_date", "-id"], name="tag_new_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(count__gte=0), name="tag_count_gte_0")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_cached("posts:tagged", self.name)


class PostTag(models.Model):
    """Which question carries which tag: the index behind /questions/tagged/<tag>.

    Each row also carries copies of its question's sort keys and state, so that one index per
    tab, (tag, key, question), orders a tag's questions without reading them: a join to the
    posts could only sort all of a tag's questions to show a page of them. The copies are kept
    by database triggers (migration 0005): a new row copies its question's values, and any
    change of those columns of a question is copied to its rows, in the same statement. So
    whatever writes a question (an action, the importer, the admin) the tag's lists follow,
    and nothing in Python writes these fields.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_tags")
    # Looked up through the unique (tag, post) index.
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="post_tags", db_index=False)
    # Copies of the question's columns of the same names (see above).
    creation_date = models.DateTimeField(default=timezone.now)
    last_activity_date = models.DateTimeField(default=timezone.now)
    score = models.IntegerField(default=0)
    is_answered = models.BooleanField(default=False)
    deletion_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Like the question lists' indexes, each ends with its condition's columns so that
        # SQLite reads it as covering.
        indexes = [
            # /questions/tagged/<tag>?tab=Newest.
            models.Index(
                fields=["tag", "-creation_date", "-post", "deletion_date"],
                name="posttag_newest_idx",
                condition=Q(deletion_date__isnull=True),
            ),
            # /questions/tagged/<tag>?tab=Active.
            models.Index(
                fields=["tag", "-last_activity_date", "-post", "deletion_date"],
                name="posttag_active_idx",
                condition=Q(deletion_date__isnull=True),
            ),
            # /questions/tagged/<tag>?tab=Score.
            models.Index(
                fields=["tag", "-score", "-post", "deletion_date"],
                name="posttag_score_idx",
                condition=Q(deletion_date__isnull=True),
            ),
            # /questions/tagged/<tag>?tab=Unanswered.
            models.Index(
                fields=["tag", "-creation_date", "-post", "deletion_date", "is_answered"],
                name="posttag_unanswered_idx",
                condition=Q(deletion_date__isnull=True, is_answered=False),
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["tag", "post"], name="posttag_unique")]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.tag_id}"


class TagSynonym(models.Model):
    """``source_tag_name`` is replaced by ``target_tag`` wherever it is used."""

    source_tag_name = models.CharField(max_length=35, unique=True)
    target_tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="synonyms")
    creation_date = models.DateTimeField(default=timezone.now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    auto_rename_count = models.IntegerField(default=0)
    last_auto_rename = models.DateTimeField(null=True, blank=True)
    score = models.IntegerField(default=0)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approval_date = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.source_tag_name} → {self.target_tag_id}"


class Comment(models.Model):
    """A comment under a post: mini-markdown source and the HTML rendered from it."""

    id = models.BigAutoField(primary_key=True)
    # Looked up through comment_post_date_idx, which starts with it.
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments", db_index=False)
    score = models.IntegerField(default=0)
    text = models.TextField()
    text_html = models.TextField(blank=True, default="")
    creation_date = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    user_display_name = models.CharField(max_length=100, blank=True, default="")
    edit_date = models.DateTimeField(null=True, blank=True)
    deletion_date = models.DateTimeField(null=True, blank=True)
    content_license = models.CharField(max_length=30, blank=True, default="CC BY-SA 4.0")
    # Dump attributes with no column of their own: see Post.dump_extra.
    dump_extra = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            # The comments of the posts on one question page, in order.
            models.Index(fields=["post", "creation_date"], name="comment_post_date_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(score__gte=0), name="comment_score_gte_0")]

    def __str__(self) -> str:
        return self.text[:60]


class CommentVote(models.Model):
    """An upvote on a comment (comments have no downvotes)."""

    # Looked up through commentvote_one_per_user, which starts with it.
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    creation_date = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="commentvote_one_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} ↑ comment {self.comment_id}"


class Vote(models.Model):
    """A vote as the dump records it (VoteTypeId): up, down, accept, bookmark, close, bounty…

    ``post`` has no database constraint: real dumps hold votes on posts that are not in the dump
    (deleted ones), and those are kept.
    """

    id = models.BigAutoField(primary_key=True)
    # Both looked up through the indexes that start with them (vote_post_type_idx,
    # vote_user_post_idx).
    post = models.ForeignKey(
        Post, on_delete=models.DO_NOTHING, db_constraint=False, related_name="votes", db_index=False
    )
    vote_type = models.SmallIntegerField(choices=VoteType.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="votes",
        db_index=False,
    )
    creation_date = models.DateTimeField(default=timezone.now)
    bounty_amount = models.IntegerField(null=True, blank=True)
    # Dump attributes with no column of their own: see Post.dump_extra.
    dump_extra = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            # The viewer's own votes on the posts of one question page.
            models.Index(fields=["user", "post"], name="vote_user_post_idx"),
            models.Index(fields=["post", "vote_type"], name="vote_post_type_idx"),
        ]
        constraints = [
            # One up-or-down vote per user and post: a change of vote replaces the row.
            models.UniqueConstraint(
                fields=["post", "user"], condition=Q(vote_type__in=[2, 3]), name="vote_one_updown_per_user"
            ),
            models.UniqueConstraint(
                fields=["post", "user", "vote_type"],
                condition=Q(vote_type__in=[5, 21]),
                name="vote_one_bookmark_follow_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_vote_type_display()} on {self.post_id}"


class PostHistory(models.Model):
    """One row per change to a post (PostHistoryTypeId); rows of one action share a GUID."""

    id = models.BigAutoField(primary_key=True)
    post_history_type = models.SmallIntegerField(choices=PostHistoryType.choices)
    # Looked up through posthistory_post_date_idx, which starts with it.
    post = models.ForeignKey(
        Post, on_delete=models.DO_NOTHING, db_constraint=False, related_name="history", db_index=False
    )
    revision_guid = models.CharField(max_length=36)
    creation_date = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_display_name = models.CharField(max_length=100, blank=True, default="")
    comment = models.TextField(blank=True, default="")
    text = models.TextField(blank=True, default="")
    content_license = models.CharField(max_length=30, blank=True, default="")
    # Dump attributes with no column of their own: see Post.dump_extra.
    dump_extra = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "post history"
        indexes = [
            # /posts/<id>/revisions, in order.
            models.Index(fields=["post", "creation_date"], name="posthistory_post_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_history_type_display()} of {self.post_id}"


class PostLink(models.Model):
    """``post`` links to ``related_post`` (1) or is a duplicate of it (3)."""

    id = models.BigAutoField(primary_key=True)
    creation_date = models.DateTimeField(default=timezone.now)
    # Looked up through postlink_unique and postlink_related_idx, which start with them.
    post = models.ForeignKey(
        Post, on_delete=models.DO_NOTHING, db_constraint=False, related_name="links", db_index=False
    )
    related_post = models.ForeignKey(
        Post, on_delete=models.DO_NOTHING, db_constraint=False, related_name="linked_from", db_index=False
    )
    link_type = models.SmallIntegerField(choices=PostLinkType.choices)
    # Dump attributes with no column of their own: see Post.dump_extra.
    dump_extra = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["related_post", "link_type"], name="postlink_related_idx")]
        constraints = [
            models.UniqueConstraint(fields=["post", "related_post", "link_type"], name="postlink_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.related_post_id} ({self.get_link_type_display()})"


class SuggestedEdit(models.Model):
    """An edit proposed by someone without the privilege to edit freely, waiting for review.

    The proposed state is stored whole (title, body, tags as they would be), as Stack
    Exchange's SuggestedEdits table does; reviewers' votes are ``SuggestedEditVote`` rows.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="suggested_edits")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggested_edits",
    )
    creation_date = models.DateTimeField(default=timezone.now)
    approval_date = models.DateTimeField(null=True, blank=True)
    rejection_date = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(max_length=300, blank=True, default="")
    title = models.CharField(max_length=250, blank=True, default="")
    text = models.TextField(blank=True, default="")
    tags = models.CharField(max_length=250, blank=True, default="")
    revision_guid = models.CharField(max_length=36, blank=True, default="")

    class Meta:
        indexes = [
            # The review queue: pending suggestions, oldest first.
            models.Index(
                fields=["creation_date"],
                name="suggestededit_pending_idx",
                condition=Q(approval_date__isnull=True, rejection_date__isnull=True),
            ),
        ]
        constraints = [
            # One pending suggestion per post at a time, as on Stack Exchange.
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(approval_date__isnull=True, rejection_date__isnull=True),
                name="suggestededit_one_pending_per_post",
            ),
            models.CheckConstraint(
                condition=Q(approval_date__isnull=True) | Q(rejection_date__isnull=True),
                name="suggestededit_not_both_approved_and_rejected",
            ),
        ]

    def __str__(self) -> str:
        return f"Suggested edit {self.pk} on {self.post_id}"

    @property
    def is_pending(self) -> bool:
        return self.approval_date is None and self.rejection_date is None


class SuggestedEditVote(models.Model):
    """A reviewer's approve (2) or reject (3) vote on a suggested edit."""

    class Kind(models.IntegerChoices):
        APPROVE = 2, "approve"
        REJECT = 3, "reject"

    # Looked up through suggestededitvote_one_per_user, which starts with it.
    suggested_edit = models.ForeignKey(
        SuggestedEdit, on_delete=models.CASCADE, related_name="votes", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vote_type = models.SmallIntegerField(choices=Kind.choices)
    creation_date = models.DateTimeField(default=timezone.now)
    comment = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suggested_edit", "user"], name="suggestededitvote_one_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.get_vote_type_display()} by {self.user_id} on {self.suggested_edit_id}"
