from decimal import Decimal
from typing import Any

import django
from django.db import models


class Money:
    """Not a Django field: an object that puts itself in ``_meta`` as a
    private field, as some money and translation apps do. It has only the
    attributes Django itself reads from every field (``is_relation`` in
    ``add_field``, ``concrete``, ``column`` and ``generated`` in a model's
    ``__init__``, ``auto_created`` in the delete; Django 6's checks add
    ``related_model``): erviz must not need more."""

    is_relation = False
    if django.VERSION >= (6,):
        # Django 6's own model checks read it from every field: an object
        # without it stops Django itself there, not only erviz.
        related_model = None
    concrete = False
    column = None
    generated = False
    auto_created = False

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        self.name = name
        self.model = cls
        cls._meta.add_field(self, private=True)  # type: ignore[arg-type]

    def __get__(self, instance: Any, owner: Any) -> Decimal:
        return Decimal("1.00")


class Order(models.Model):
    buyer = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="orders"
    )
    total = Money()


class Line(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
