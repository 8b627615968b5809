from __future__ import annotations

from typing import ClassVar

from django.db import models

# The type checker reads the main test project's settings, where this app is
# not installed, so the managers are declared for it.


class Customer(models.Model):
    objects: ClassVar[models.Manager[Customer]] = models.Manager()
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Order(models.Model):
    objects: ClassVar[models.Manager[Order]] = models.Manager()
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="orders"
    )
    reference = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.reference


class Invoice(models.Model):
    """Invoices are kept: an order that has one cannot be deleted."""

    objects: ClassVar[models.Manager[Invoice]] = models.Manager()

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.number
