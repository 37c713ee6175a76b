"""Users and the reputation ledger.

``User.reputation`` is a cache of the sum of the user's ``ReputationEvent`` rows (floored at 1,
as Stack Exchange does); ``quaestio recalc-reputation`` rebuilds it from the ledger.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from quaestio.lib.slugs import slugify_title
from quaestio.lib.urls import reverse_cached

COMMUNITY_USER_ID = -1


class UserManager(BaseUserManager["User"]):
    """Creates users keyed by e-mail address, the login name on the site."""

    def create_user(self, email: str | None, password: str | None = None, **fields: Any) -> User:
        """A confirmed, active user with a hashed password (or an unusable one)."""
        user = self.model(email=self.normalize_email(email) if email else None, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        """An administrator: staff, superuser and ♦ moderator."""
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("is_moderator", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of the site, shaped like a row of the dump's Users.xml.

    Imported users have no e-mail address and no usable password; they appear on the site but
    cannot log in until an operator gives them credentials.
    """

    # Ids are the dump's (Community is -1), so the API and old links keep working.
    id = models.BigAutoField(primary_key=True)
    email = models.EmailField("e-mail address", unique=True, null=True, blank=True)
    display_name = models.CharField(max_length=100)
    reputation = models.IntegerField(default=1)
    creation_date = models.DateTimeField(default=timezone.now)
    last_access_date = models.DateTimeField(default=timezone.now)
    website_url = models.CharField(max_length=500, blank=True, default="")
    location = models.CharField(max_length=200, blank=True, default="")
    about_markdown = models.TextField(blank=True, default="")
    about_html = models.TextField(blank=True, default="")
    views = models.IntegerField(default=0)
    up_votes = models.IntegerField(default=0)
    down_votes = models.IntegerField(default=0)
    profile_image_url = models.CharField(max_length=500, blank=True, default="")
    account_id = models.IntegerField(null=True, blank=True)
    is_moderator = models.BooleanField(default=False)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    # Dump attributes with no column of their own (quaestio/dumps): optional attributes whose
    # presence differs from the exporter's rule, unknown attributes, references that were
    # cleared on import. NULL for almost every row, and for everything the site writes itself.
    dump_extra = models.JSONField(null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        # The /users tabs: active users in each tab's order. Each index ends with the column of
        # its condition, because SQLite reads a partial index as covering only when it holds
        # every column the query names, and a page reached by number skips rows through it.
        indexes = [
            # /users, by reputation.
            models.Index(
                fields=["-reputation", "id", "is_active"],
                name="user_reputation_idx",
                condition=models.Q(is_active=True),
            ),
            # /users?tab=newusers.
            models.Index(
                fields=["-creation_date", "-id", "is_active"],
                name="user_creation_idx",
                condition=models.Q(is_active=True),
            ),
            # /users?tab=name, by name ignoring case. It holds the name itself too: SQLite
            # reads an index on an expression as covering only when it holds the columns the
            # expression reads.
            models.Index(
                Lower("display_name"),
                F("id"),
                F("is_active"),
                F("display_name"),
                name="user_name_idx",
                condition=models.Q(is_active=True),
            ),
            # /users?filter=NAME searches by display name.
            models.Index(fields=["display_name"], name="user_display_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(reputation__gte=1), name="user_reputation_at_least_1"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse_cached("accounts:profile", self.pk, self.slug)

    @property
    def slug(self) -> str:
        return slugify_title(self.display_name) or "user"

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def is_community(self) -> bool:
        return self.pk == COMMUNITY_USER_ID


class ReputationEvent(models.Model):
    """One line of the reputation ledger: who gained or lost how much, when and why."""

    class Kind(models.IntegerChoices):
        # The values follow the API's reputation_history_type where one exists.
        OPENING_BALANCE = 0, "opening balance"
        ASKER_ACCEPTS_ANSWER = 1, "asker accepts answer"
        ASKER_UNACCEPTS_ANSWER = 2, "asker unaccepts answer"
        ANSWER_ACCEPTED = 3, "answer accepted"
        ANSWER_UNACCEPTED = 4, "answer unaccepted"
        VOTER_DOWNVOTES = 5, "voter downvotes"
        VOTER_UNDOWNVOTES = 6, "voter undownvotes"
        POST_DOWNVOTED = 7, "post downvoted"
        POST_UNDOWNVOTED = 8, "post undownvoted"
        POST_UPVOTED = 9, "post upvoted"
        POST_UNUPVOTED = 10, "post unupvoted"
        SUGGESTED_EDIT_APPROVAL_RECEIVED = 11, "suggested edit approval received"
        POST_FLAGGED_AS_SPAM = 12, "post flagged as spam"
        POST_FLAGGED_AS_OFFENSIVE = 13, "post flagged as offensive"
        BOUNTY_GIVEN = 14, "bounty given"
        BOUNTY_EARNED = 15, "bounty earned"
        BOUNTY_CANCELLED = 16, "bounty cancelled"
        POST_DELETED = 17, "post deleted"
        POST_UNDELETED = 18, "post undeleted"
        ASSOCIATION_BONUS = 19, "association bonus"
        ARBITRARY_REPUTATION_CHANGE = 20, "arbitrary reputation change"
        VOTE_FRAUD_REVERSAL = 21, "vote fraud reversal"
        POST_MIGRATED = 22, "post migrated"
        USER_DELETION = 23, "user deletion"

    # Looked up through repevent_user_date_idx, which starts with it.
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reputation_events", db_index=False)
    kind = models.SmallIntegerField(choices=Kind.choices)
    amount = models.IntegerField()
    # The post the event is about, and the user whose action caused it (the voter, the
    # acceptor); plain ids because the ledger outlives deleted posts and users.
    post_id = models.BigIntegerField(null=True, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    creation_date = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The user's reputation tab, newest first, and the daily-cap sum for one UTC day.
            models.Index(fields=["user", "-creation_date"], name="repevent_user_date_idx"),
            # Undoing a vote finds the event the vote caused.
            models.Index(fields=["post_id", "actor_id", "kind"], name="repevent_post_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.amount:+d} ({self.get_kind_display()})"
