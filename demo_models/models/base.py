from __future__ import annotations

from django.conf import settings
from django.db import models


class Tracked(models.Model):
    """Who created a row. The related_name interpolates per concrete model,
    so a user gets ``demo_models_order_set``, ``demo_models_review_set``..."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
