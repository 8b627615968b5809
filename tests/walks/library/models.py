"""The library: every kind of relation a view can walk."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Publisher(models.Model):
    objects: ClassVar[models.Manager[Publisher]] = models.Manager()
    name = models.CharField(max_length=50)


class Author(models.Model):
    objects: ClassVar[models.Manager[Author]] = models.Manager()
    name = models.CharField(max_length=50)
    publisher = models.ForeignKey(Publisher, models.CASCADE, related_name="authors")
    if TYPE_CHECKING:
        book_set: Any  # the reverse manager Django adds


class Biography(models.Model):
    objects: ClassVar[models.Manager[Biography]] = models.Manager()
    author = models.OneToOneField(Author, models.CASCADE, related_name="biography")
    text = models.TextField()


class Genre(models.Model):
    objects: ClassVar[models.Manager[Genre]] = models.Manager()
    name = models.CharField(max_length=50)


class Book(models.Model):
    objects: ClassVar[models.Manager[Book]] = models.Manager()
    title = models.CharField(max_length=50)
    author = models.ForeignKey(Author, models.CASCADE)  # author.book_set
    genres = models.ManyToManyField(Genre, related_name="books")


class Review(models.Model):
    objects: ClassVar[models.Manager[Review]] = models.Manager()
    book = models.ForeignKey(Book, models.CASCADE, related_name="reviews")
    stars = models.PositiveSmallIntegerField()


class Note(models.Model):
    objects: ClassVar[models.Manager[Note]] = models.Manager()
    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey()
    text = models.CharField(max_length=50)
