from __future__ import annotations

from django.conf import settings
from django.db import models

from .base import Tracked
from .catalog import Book

#: Created by migration 0002; products fall back to it when their class goes.
STANDARD_TAX_CLASS_ID = 1


class TaxClass(models.Model):
    name = models.CharField(max_length=50, unique=True)
    rate = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        verbose_name_plural = "tax classes"

    def __str__(self) -> str:
        return self.name


class ProductCategory(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name_plural = "product categories"

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300)

    def __str__(self) -> str:
        return self.name


class Store(Place):
    """A place that sells: multi-table inheritance (``place.store``)."""

    opening_hours = models.CharField(max_length=100)


class Product(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(max_length=200)
    sku = models.CharField("SKU", max_length=32, unique=True)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    categories = models.ManyToManyField(
        ProductCategory, related_name="products", blank=True
    )
    book = models.OneToOneField(
        Book,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="product",
    )
    tax_class = models.ForeignKey(
        TaxClass,
        on_delete=models.SET_DEFAULT,
        default=STANDARD_TAX_CLASS_ID,
        related_name="products",
    )

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer"
    )
    phone = models.CharField(max_length=30, blank=True)

    def __str__(self) -> str:
        return str(self.user)


class Order(Tracked):
    class Status(models.TextChoices):
        OPEN = "open"
        PAID = "paid"
        SHIPPED = "shipped"

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="orders"
    )
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=10, choices=Status.choices)

    def __str__(self) -> str:
        return f"Order #{self.pk}"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product,
        on_delete=models.RESTRICT,
        related_name="order_lines",
        help_text="A sold product stays unless its store (and so the order) goes.",
    )
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=8, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"


class Review(Tracked):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.rating}/5 for {self.product}"
