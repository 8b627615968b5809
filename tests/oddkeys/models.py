"""Primary keys of every kind Django allows, for the row pages and commands:
a UUID key, a text key that holds any character, and (Django 5.2+) a
composite key."""

from __future__ import annotations

import uuid

from django.db import models


class Ticket(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.name


class Stub(models.Model):
    code = models.CharField(primary_key=True, max_length=50)
    ticket = models.ForeignKey(Ticket, models.CASCADE, related_name="stubs")

    def __str__(self) -> str:
        return f"stub {self.code}"


class Seat(models.Model):
    """A seat of a hall: its key is the pair (hall, number)."""

    pk = models.CompositePrimaryKey("hall", "number")
    hall = models.CharField(max_length=10)
    number = models.IntegerField()
    ticket = models.ForeignKey(
        Ticket, models.SET_NULL, null=True, blank=True, related_name="seats"
    )

    def __str__(self) -> str:
        return f"{self.hall}-{self.number}"
