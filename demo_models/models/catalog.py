from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models


class Publisher(models.Model):
    name = models.CharField(max_length=200, unique=True)
    country = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Author(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    birth_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A tree of subjects; deleting a subject deletes its subtree."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Book(models.Model):
    title = models.CharField(max_length=300)
    isbn = models.CharField("ISBN", max_length=13, unique=True)
    publication_date = models.DateField()
    page_count = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=8, decimal_places=2)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    publisher = models.ForeignKey(
        Publisher,
        on_delete=models.PROTECT,
        related_name="books",
        help_text="A publisher with books in the catalogue cannot be deleted.",
    )
    categories = models.ManyToManyField(Category, related_name="books", blank=True)
    contributors = models.ManyToManyField(
        Author, through="AuthorBook", related_name="contributions", blank=True
    )
    notes = GenericRelation("Note", related_query_name="book")

    def __str__(self) -> str:
        return self.title


class AuthorBook(models.Model):
    """Who else worked on a book, and as what."""

    class Role(models.TextChoices):
        CO_AUTHOR = "co-author"
        EDITOR = "editor"
        TRANSLATOR = "translator"
        ILLUSTRATOR = "illustrator"

    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["author", "book", "role"], name="demo_authorbook_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} ({self.role}) on {self.book}"


class BestSeller(Book):
    """Books that sold well: same table, another admin list."""

    class Meta:
        proxy = True
