from decimal import Decimal
from typing import Any

from django.db import models


class Money:
    """Not a Django field: an object that puts itself in ``_meta`` as a
    private field, as some money and translation apps do: it says it is no
    relation (Django's ``add_field`` asks) and has none of a field's other
    attributes."""

    is_relation = False
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
