"""Django 6.1's database-level on_delete actions (installed only there).

The app has no migrations and relates only to itself, so the test runner can
create its tables on any database.
"""

from __future__ import annotations

from django.db import models


class Account(models.Model):
    name = models.CharField(max_length=50)


class Session(models.Model):
    account = models.ForeignKey(
        Account, on_delete=models.DB_CASCADE, related_name="sessions"
    )
    previous = models.ForeignKey(
        "self", on_delete=models.DB_SET_NULL, null=True, related_name="+"
    )
