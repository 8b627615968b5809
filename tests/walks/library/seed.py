"""The library's rows: every relation has rows on both ends, and notes
point at two models."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from .models import Author, Biography, Book, Genre, Note, Publisher, Review


def seed_library(authors: int, books_per_author: int) -> None:
    genres = [Genre.objects.create(name=f"genre {n}") for n in range(3)]
    publishers = [Publisher.objects.create(name=f"publisher {n}") for n in range(2)]
    for number in range(authors):
        author = Author.objects.create(
            name=f"author {number}", publisher=publishers[number % 2]
        )
        if number % 2:
            Biography.objects.create(author=author, text=f"life {number}")
        for index in range(books_per_author):
            book = Book.objects.create(
                title=f"{'AB'[index % 2]}ook {index}", author=author
            )
            book.genres.set(genres[: index % 3 + 1])
            for stars in (3, 5):
                Review.objects.create(book=book, stars=stars)
            Note.objects.create(target=book, text="about a book")
        Note.objects.create(target=author, text="about an author")
    # As in a process that has served requests: the content types cached.
    for content_type in ContentType.objects.all():
        ContentType.objects.get_for_id(content_type.pk)
