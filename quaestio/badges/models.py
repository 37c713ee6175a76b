"""Badges as the dump records them: one row per award."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class BadgeClass(models.IntegerChoices):
    GOLD = 1, "gold"
    SILVER = 2, "silver"
    BRONZE = 3, "bronze"


class Badge(models.Model):
    """An award of the badge ``name`` to ``user`` (for a tag badge, ``name`` is the tag)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges")
    name = models.CharField(max_length=100)
    date = models.DateTimeField(default=timezone.now)
    badge_class = models.SmallIntegerField(choices=BadgeClass.choices)
    tag_based = models.BooleanField(default=False)
    # The post that earned it, where the badge is for a post (Nice Answer, Famous Question…).
    post_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            # The badges on a user's profile, by class.
            models.Index(fields=["user", "badge_class"], name="badge_user_class_idx"),
            # /help/badges/<id>: recipients of one badge, newest first.
            models.Index(fields=["name", "-date"], name="badge_name_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_badge_class_display()}) for {self.user_id}"
