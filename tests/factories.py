"""Small builders for tests that need a few demo rows."""

from __future__ import annotations

from demo_models.models import Author, Book, Publisher


def create_book(publisher: Publisher | None = None) -> Book:
    """One book, with its author and (unless given) its publisher."""
    return Book.objects.create(
        title="Kindred",
        isbn="9780807083697",
        publication_date="1979-06-01",
        page_count=264,
        price="9.99",
        author=Author.objects.create(name="Octavia Butler"),
        publisher=publisher
        or Publisher.objects.create(name="Doubleday", country="United States"),
    )
