from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction


class Profile(models.Model):
    """One per user, created by a post_save receiver (see ``signals.py``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    bio = models.TextField(blank=True)
    website = models.URLField(blank=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"


def create_user_with_profile(username: str, **profile_fields: Any) -> Any:
    """Create a user and fill in its profile, both or neither."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username)
        profile = user.profile  # made by the post_save receiver
        for name, value in profile_fields.items():
            Profile._meta.get_field(name)  # a typo raises FieldDoesNotExist
            setattr(profile, name, value)
        profile.save()
        return user


def get_sentinel_user() -> Any:
    """Posts of a deleted user are kept and handed to this placeholder."""
    return get_user_model().objects.get_or_create(username="deleted")[0]


class AuditEntry(models.Model):
    """Audit history outlives the users it mentions: no cascade, and no
    database constraint that would refuse the user's deletion."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="audit_entries",
        help_text="Kept after the user is deleted; may point at no row.",
    )
    action = models.CharField(max_length=100)
    at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} by #{self.user_id}"
