"""Another app adding a relation field to odd.Edition at import time, as
apps such as django-mptt's registrations do."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tests.oddproject.odd.models import Edition

models.ForeignKey(
    settings.AUTH_USER_MODEL,
    null=True,
    blank=True,
    on_delete=models.SET_NULL,
    related_name="curated_editions",
).contribute_to_class(Edition, "curator")
