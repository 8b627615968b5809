"""Models with every odd relation shape that Django itself survives."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .fields import FlaglessForeignKey, TaggedObject, generic_references


class Edition(models.Model):
    objects: ClassVar[models.Manager[Edition]] = models.Manager()
    isbn_prefix = models.CharField(max_length=5)
    isbn = models.CharField(max_length=13)
    title = models.CharField(max_length=100)
    # Three of the four cardinality flags (with many_to_many, Django's own
    # migrations fail on a field without remote_field: see
    # tests/test_schema_odd_fields.py).
    cited_by = generic_references("one_to_many")()
    cover_of = generic_references("many_to_one")(blank=True)
    sole_review = generic_references("one_to_one")(blank=True)

    class Meta:
        unique_together = [("isbn_prefix", "isbn")]

    def __str__(self) -> str:
        return self.title


class Copy(models.Model):
    """Points at an Edition over two columns (ForeignObject)."""

    objects: ClassVar[models.Manager[Copy]] = models.Manager()
    isbn_prefix = models.CharField(max_length=5)
    isbn = models.CharField(max_length=13)
    edition = models.ForeignObject(
        Edition,
        on_delete=models.CASCADE,
        from_fields=["isbn_prefix", "isbn"],
        to_fields=["isbn_prefix", "isbn"],
        related_name="copies",
    )
    shelf = FlaglessForeignKey(
        "odd.Shelf", null=True, on_delete=models.SET_NULL, related_name="copies"
    )


class Shelf(models.Model):
    objects: ClassVar[models.Manager[Shelf]] = models.Manager()
    name = models.CharField(max_length=20)


class Stock(models.Model):
    """A composite primary key (Django 5.2+)."""

    objects: ClassVar[models.Manager[Stock]] = models.Manager()
    pk = models.CompositePrimaryKey("shop", "sku")
    shop = models.CharField(max_length=10)
    sku = models.CharField(max_length=10)
    quantity = models.IntegerField(default=0)


class StockNote(models.Model):
    objects: ClassVar[models.Manager[StockNote]] = models.Manager()
    shop = models.CharField(max_length=10)
    sku = models.CharField(max_length=10)
    stock = models.ForeignObject(
        Stock,
        on_delete=models.CASCADE,
        from_fields=["shop", "sku"],
        to_fields=["shop", "sku"],
        related_name="notes",
    )
    text = models.TextField()


class Tag(models.Model):
    objects: ClassVar[models.Manager[Tag]] = models.Manager()
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    tagged = TaggedObject("content_type", "object_id")
    name = models.CharField(max_length=20)


class Scrapbook(models.Model):
    """A field no table can be made of: left unmanaged, as such projects do."""

    # A lazy reference to an app that is not installed (Django reports it as
    # fields.E307; erviz answers for everything else).
    archive = models.ForeignKey(
        "notinstalled.Archive", null=True, on_delete=models.SET_NULL
    )

    class Meta:
        managed = False


class Ring(models.Model):
    """With Keeper, a cascade cycle through two models: each deleted ring
    deletes its keepers, each deleted keeper the rings it keeps."""

    objects: ClassVar[models.Manager[Ring]] = models.Manager()
    keeper = models.ForeignKey(
        "Keeper", null=True, on_delete=models.CASCADE, related_name="kept"
    )


class Keeper(models.Model):
    objects: ClassVar[models.Manager[Keeper]] = models.Manager()
    ring = models.ForeignKey(Ring, on_delete=models.CASCADE, related_name="keepers")
