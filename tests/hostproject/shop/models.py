from __future__ import annotations

from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Order(models.Model):
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="orders"
    )
    reference = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.reference


class Invoice(models.Model):
    """Invoices are kept: an order that has one cannot be deleted."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.number
