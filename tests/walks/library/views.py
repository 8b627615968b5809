"""Views with known ways of walking relations. Each applies the eager
loads the query string asks for (``?select_related=author``,
``?prefetch_related=book_set``) to its root queryset, so that a test can
apply erviz's advice and count the queries again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from .models import Author, Biography, Book, Genre, Note


def advised(request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
    for lookup in request.GET.getlist("select_related"):
        queryset = queryset.select_related(lookup)
    for lookup in request.GET.getlist("prefetch_related"):
        queryset = queryset.prefetch_related(lookup)
    return queryset


def lines(*texts: object) -> HttpResponse:
    return HttpResponse("\n".join(str(t) for t in texts), content_type="text/plain")


def forward(request: HttpRequest) -> HttpResponse:
    return lines(*(book.author.name for book in advised(request, Book.objects.all())))


def reverse(request: HttpRequest) -> HttpResponse:
    return lines(
        *(
            len(author.book_set.all())
            for author in advised(request, Author.objects.order_by("pk"))
        )
    )


def related_name(request: HttpRequest) -> HttpResponse:
    return lines(
        *(book.reviews.count() for book in advised(request, Book.objects.all()))
    )


def many_to_many(request: HttpRequest) -> HttpResponse:
    return lines(
        *(
            [genre.name for genre in book.genres.all()]
            for book in advised(request, Book.objects.all())
        )
    )


def many_to_many_reverse(request: HttpRequest) -> HttpResponse:
    return lines(
        *(list(genre.books.all()) for genre in advised(request, Genre.objects.all()))
    )


def two_hops(request: HttpRequest) -> HttpResponse:
    return lines(
        *(book.author.publisher.name for book in advised(request, Book.objects.all()))
    )


def reverse_one(request: HttpRequest) -> HttpResponse:
    texts = []
    for author in advised(request, Author.objects.all()):
        try:
            texts.append(author.biography.text)
        except Biography.DoesNotExist:
            texts.append("-")
    return lines(*texts)


def generic(request: HttpRequest) -> HttpResponse:
    return lines(*(note.target for note in advised(request, Note.objects.all())))


def nested(request: HttpRequest) -> HttpResponse:
    authors = advised(request, Author.objects.prefetch_related("book_set"))
    return lines(
        *(
            len(book.reviews.all())
            for author in authors
            for book in author.book_set.all()
        )
    )


def defeated(request: HttpRequest) -> HttpResponse:
    authors = advised(request, Author.objects.prefetch_related("book_set"))
    return lines(
        *(author.book_set.filter(title__startswith="B").count() for author in authors)
    )


def correct(request: HttpRequest) -> HttpResponse:
    books = Book.objects.select_related("author__publisher").prefetch_related("genres")
    return lines(
        *(
            (book.author.publisher.name, [genre.name for genre in book.genres.all()])
            for book in books
        )
    )


def aggregates(request: HttpRequest) -> HttpResponse:
    """A different aggregate per row: distinct queries, no N+1."""
    kinds = [Max, Min, Count]
    return lines(
        *(
            author.book_set.aggregate(value=kinds[number % 3]("pk"))
            for number, author in enumerate(Author.objects.order_by("pk")[:3])
        )
    )


def page(request: HttpRequest) -> HttpResponse:
    """An HTML page (where the debug toolbar shows) with an N+1."""
    items = "".join(
        f"<li>{escape(book.title)} by {escape(book.author.name)}</li>"
        for book in advised(request, Book.objects.all())
    )
    return HttpResponse(f"<!doctype html><html><body><ul>{items}</ul></body></html>")


def broken(request: HttpRequest) -> HttpResponse:
    """An N+1, then an error: the report still has the walks."""
    names = [book.author.name for book in Book.objects.all()]
    raise RuntimeError(f"broken after {len(names)} books")


VIEWS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "forward": forward,
    "reverse": reverse,
    "related-name": related_name,
    "many-to-many": many_to_many,
    "many-to-many-reverse": many_to_many_reverse,
    "two-hops": two_hops,
    "reverse-one": reverse_one,
    "generic": generic,
    "nested": nested,
    "defeated": defeated,
    "correct": correct,
    "aggregates": aggregates,
    "page": page,
    "broken": broken,
}
