"""Badges as the dump records them (one row per award), and the queue of badge checks.

Which badges exist and what earns each is data in ``definitions.py``; a ``Badge`` row only
names its badge, as Badges.xml does, so imported awards and our own look the same.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class BadgeClass(models.IntegerChoices):
    GOLD = 1, "gold"
    SILVER = 2, "silver"
    BRONZE = 3, "bronze"


class Badge(models.Model):
    """An award of the badge ``name`` to ``user`` (for a tag badge, ``name`` is the tag)."""

    id = models.BigAutoField(primary_key=True)
    # Looked up through badge_user_class_idx, which starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges", db_index=False
    )
    name = models.CharField(max_length=100)
    date = models.DateTimeField(default=timezone.now)
    badge_class = models.SmallIntegerField(choices=BadgeClass.choices)
    tag_based = models.BooleanField(default=False)
    # The post that earned it, where the badge is for a post (Nice Answer, Famous Question…).
    post_id = models.BigIntegerField(null=True, blank=True)
    # Dump attributes with no column of their own (quaestio/dumps): optional attributes whose
    # presence differs from the exporter's rule, unknown attributes, references that were
    # cleared on import. NULL for almost every row, and for everything the site writes itself.
    dump_extra = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            # The badges on a user's profile, by class.
            models.Index(fields=["user", "badge_class"], name="badge_user_class_idx"),
            # /help/badges/<id>: recipients of one badge, newest first.
            models.Index(fields=["name", "-date"], name="badge_name_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_badge_class_display()}) for {self.user_id}"


class BadgeCheckReason(models.TextChoices):
    """What happened that may have earned someone a badge; it chooses which rules to run."""

    VOTE = "vote", "vote cast or received"
    ACCEPT = "accept", "answer accepted"
    COMMENT = "comment", "comment posted"
    EDIT = "edit", "post edited"
    PROFILE = "profile", "profile edited"
    FLAG = "flag", "post flagged"
    ALL = "all", "every rule"


class BadgeCheck(models.Model):
    """One unit of work for ``quaestio worker``: evaluate the badge rules for ``user``.

    Rows are written when the action that may earn a badge commits, claimed by a worker with
    an ``update()`` that must touch exactly one row, and kept with ``finished_at`` set (the
    daily sweep prunes old ones), so an operator can see what ran and what failed.
    """

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The post the triggering action was about, for the operator's log; the rules look at
    # everything the user has, since one vote can cross several thresholds at once.
    post_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=BadgeCheckReason.choices)
    created = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The error, when evaluating the rules failed; the row is finished either way so that one
    # bad row cannot stop the queue.
    error = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            # The worker's "next pending check": unfinished rows in id order.
            models.Index(fields=["id"], name="badgecheck_pending_idx", condition=Q(finished_at__isnull=True)),
            # The sweep's pruning of old finished rows.
            models.Index(fields=["finished_at"], name="badgecheck_finished_idx"),
        ]

    def __str__(self) -> str:
        return f"badge check {self.pk} for {self.user_id} ({self.reason})"
