"""Every text Django takes, hostile: verbose names, help texts, choices,
db_table, related and query names, ``__str__`` and a field name."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from ..strings import HOSTILE, LONG


class Target(models.Model):
    name = models.CharField(
        max_length=20, help_text=" | ".join(HOSTILE), verbose_name=HOSTILE[1]
    )
    kind = models.CharField(
        max_length=5, choices=[(str(i), text) for i, text in enumerate(HOSTILE)]
    )
    objects: ClassVar[models.Manager[Target]] = models.Manager()

    class Meta:
        verbose_name = HOSTILE[1]
        verbose_name_plural = HOSTILE[4]
        db_table = "evil_<script>target'"

    def __str__(self) -> str:
        return HOSTILE[self.pk % len(HOSTILE)] + " " + LONG


class Pointer(models.Model):
    target = models.ForeignKey(
        Target,
        on_delete=models.CASCADE,
        related_name="pointers",
        related_query_name=HOSTILE[5],
        help_text=LONG,
    )
    other = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        related_query_name=HOSTILE[6],  # drawn: its accessor is hidden
        verbose_name=HOSTILE[7],
    )
    objects: ClassVar[models.Manager[Pointer]] = models.Manager()

    class Meta:
        verbose_name = HOSTILE[8]

    def __str__(self) -> str:
        return HOSTILE[(self.pk + 3) % len(HOSTILE)]


# A field whose name is no identifier, added the way apps add fields.
# (Django writes column names inside double quotes unescaped: its column is
# given a plain name.)
models.CharField(
    max_length=5, default="", help_text=HOSTILE[2], db_column="evil_name"
).contribute_to_class(Pointer, "evil<i>name")
