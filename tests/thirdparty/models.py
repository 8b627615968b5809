"""Models built on third-party relation fields and on the corners of Django's
relation API: subclasses (TreeForeignKey), managers (TaggableManager),
wrapped on_delete handlers (django-polymorphic), hidden reverse relations,
to_field, custom on_delete callables."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from mptt.models import MPTTModel, TreeForeignKey
from polymorphic.models import PolymorphicModel
from taggit.managers import TaggableManager
from treebeard.mp_tree import MP_Node


def archive_instead(collector: Any, field: Any, sub_objs: Any, using: str) -> None:
    """A project's own on_delete: keep the rows, mark them archived."""
    collector.add_field_update(field, None, sub_objs)


class Topic(MPTTModel):
    name = models.CharField(max_length=50)
    parent = TreeForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )


class Article(models.Model):
    title = models.CharField(max_length=100)
    topic = TreeForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    tags = TaggableManager(blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=archive_instead,
        null=True,
        related_name="+",
        related_query_name="edited_article",
    )


class Folder(MP_Node):
    name = models.CharField(max_length=50)
    node_order_by = ["name"]


class Document(models.Model):
    folder = models.ForeignKey(Folder, on_delete=models.SET_NULL, null=True)
    publisher = models.ForeignKey(
        "demo_models.Publisher",
        to_field="name",
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="documents",
    )
    shelved_books = models.ManyToManyField("demo_models.Book", related_name="+")


class Asset(PolymorphicModel):
    """django-polymorphic wraps this model's own on_delete handlers."""

    name = models.CharField(max_length=50)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="assets",
    )


class ImageAsset(Asset):
    width = models.PositiveIntegerField()


class AssetUse(models.Model):
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="uses")
    image = models.ForeignKey(
        ImageAsset, on_delete=models.SET_NULL, null=True, related_name="image_uses"
    )


class Marked(models.Model):
    """User content with markup, quotes and Graphviz escapes in every label."""

    note = models.CharField(
        max_length=50, help_text='<script>alert("x")</script> & \\N \\G {a|b}'
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="marked_items"
    )

    class Meta:
        verbose_name = '<b>"x" & y</b>'
