"""erviz.queries on views with known walks: each N+1 names its relation,
its accessor and the model it was read on; its advice, applied to the
view's queryset, makes the request run exactly the predicted number of
queries; the correct view and the loop of distinct aggregates get none."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from erviz.queries import Walk, watch

from .library.models import Author, Book, Genre, Note

#: view -> the N+1 walks it must show, each as
#: (relation, from, accessor, method, lookup, on).
EXPECTED: dict[str, list[tuple[str, ...]]] = {
    "forward": [
        ("library.Book.author", "library.Book", "author",
         "select_related", "author", "library.Book"),
    ],
    "reverse": [
        ("library.Book.author", "library.Author", "book_set",
         "prefetch_related", "book_set", "library.Author"),
    ],
    "related-name": [
        ("library.Review.book", "library.Book", "reviews",
         "prefetch_related", "reviews", "library.Book"),
    ],
    "many-to-many": [
        ("library.Book.genres", "library.Book", "genres",
         "prefetch_related", "genres", "library.Book"),
    ],
    "many-to-many-reverse": [
        ("library.Book.genres", "library.Genre", "books",
         "prefetch_related", "books", "library.Genre"),
    ],
    "two-hops": [
        ("library.Book.author", "library.Book", "author",
         "select_related", "author", "library.Book"),
        ("library.Author.publisher", "library.Author", "publisher",
         "select_related", "author__publisher", "library.Book"),
    ],
    "reverse-one": [
        ("library.Biography.author", "library.Author", "biography",
         "select_related", "biography", "library.Author"),
    ],
    "generic": [
        ("library.Note.target", "library.Note", "target",
         "prefetch_related", "target", "library.Note"),
    ],
    "nested": [
        ("library.Review.book", "library.Book", "reviews",
         "prefetch_related", "book_set__reviews", "library.Author"),
    ],
}  # fmt: skip


def request(client: Any, view: str, **advice: str) -> tuple[Any, int]:
    """The view's response and the queries it ran, as Django counts them."""
    url = f"/{view}/" + (f"?{urlencode(advice)}" if advice else "")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HOST="library.example")
    assert response.status_code == 200, response.content[:300]
    return response, len(captured)


def walked(client: Any, view: str) -> tuple[list[Walk], int]:
    with watch() as watched:
        request(client, view)
    return watched.walks(), len(watched.queries)


def described(walk: Walk) -> tuple[str, ...]:
    assert walk.advice is not None, walk
    return (
        walk.relation, walk.model, walk.accessor,
        walk.advice.method, walk.advice.lookup, walk.advice.on,
    )  # fmt: skip


@pytest.mark.parametrize("view", sorted(EXPECTED))
def test_each_n_plus_one_is_named_and_its_advice_removes_it(library, client, view):
    _, unwatched = request(client, view)
    walks, counted = walked(client, view)
    # The watch counts what Django counts around the request.
    assert counted == unwatched
    n_plus_ones = [walk for walk in walks if walk.n_plus_one]
    assert sorted(map(described, n_plus_ones)) == sorted(EXPECTED[view])
    for walk in n_plus_ones:
        assert walk.advice is not None
        _, after = request(client, view, **{walk.advice.method: walk.advice.lookup})
        assert after == walk.advice.queries_after, walk
        assert after < counted
        # Applied, the walk is gone.
        assert not any(
            w.n_plus_one and w.relation == walk.relation
            for w in walked_with(client, view, walk)
        )


def walked_with(client: Any, view: str, walk: Walk) -> list[Walk]:
    assert walk.advice is not None
    with watch() as watched:
        request(client, view, **{walk.advice.method: walk.advice.lookup})
    return [
        w
        for w in watched.walks()
        if w.path == walk.path and w.accessor == walk.accessor
    ]


@pytest.mark.parametrize(
    ("model", "method", "lookup"),
    [
        (model, method, lookup)
        for walks in EXPECTED.values()
        for _, _, _, method, lookup, label in walks
        for model in [
            {
                "library.Book": Book,
                "library.Author": Author,
                "library.Genre": Genre,
                "library.Note": Note,
            }[label]
        ]
    ],
)
def test_every_advised_lookup_compiles_for_its_model(library, model, method, lookup):
    list(getattr(model.objects.all(), method)(lookup))


@pytest.mark.parametrize("view", ["correct", "aggregates"])
def test_a_correct_view_and_distinct_aggregates_get_no_advice(library, client, view):
    walks, counted = walked(client, view)
    assert counted >= 1
    assert [walk for walk in walks if walk.n_plus_one or walk.advice] == []


def test_a_prefetch_defeated_by_a_filter_is_named_with_a_prefetch_object(
    library, client
):
    walks, _ = walked(client, "defeated")
    (walk,) = [walk for walk in walks if walk.defeated_prefetch]
    assert (walk.relation, walk.model, walk.accessor) == (
        "library.Book.author",
        "library.Author",
        "book_set",
    )
    assert walk.advice is not None and walk.advice.method == "Prefetch"
    assert walk.advice.lookup == "book_set" and walk.advice.on == "library.Author"
    assert walk.advice.queryset == "Book.objects.filter(title__startswith='B')"
    # The advice as code, added to the view's queryset: one query for the
    # filtered books instead of one per author.
    prefetch = Prefetch(
        "book_set",
        queryset=Book.objects.filter(title__startswith="B"),
        to_attr=walk.advice.to_attr,
    )
    with CaptureQueriesContext(connection) as captured:
        counts = [
            len(getattr(author, walk.advice.to_attr or ""))
            for author in Author.objects.prefetch_related("book_set", prefetch)
        ]
    assert len(captured) == walk.advice.queries_after
    assert counts == [
        author.book_set.filter(title__startswith="B").count()
        for author in Author.objects.all()
    ]


def test_an_eager_load_nothing_reads_is_named(library, client):
    """``correct`` reads both of its eager loads; with one more that it
    never reads, that one (and only it) is unused."""
    with watch(unused=True) as watched:
        request(client, "correct")
    assert watched.unused() == []
    with watch(unused=True) as watched:
        request(client, "forward", select_related="author__publisher")
    unused = [(u.method, u.lookup, u.on) for u in watched.unused()]
    assert unused == [("select_related", "author__publisher", "library.Book")]
    with watch(unused=True) as watched:
        request(client, "reverse", prefetch_related="book_set__genres")
    unused = [(u.method, u.lookup, u.on) for u in watched.unused()]
    assert unused == [("prefetch_related", "book_set__genres", "library.Author")]
    with watch(unused=True) as watched:
        request(client, "reverse", prefetch_related="book_set")
    assert watched.unused() == []
    # Not asked for on a Python without sys.monitoring: not guessed.
    with watch(unused=False) as watched:
        request(client, "correct")
    with pytest.raises(RuntimeError):
        watched.unused()


def test_a_watch_attributes_a_bounded_number_of_queries(library, client):
    """Past its limit a watch counts queries without keeping them; the
    report says it is partial, and its counts stay the request's."""
    _, counted = request(client, "forward")
    with watch(limit=5) as watched:
        request(client, "forward")
    assert len(watched.queries) == 5 and watched.partial
    assert watched.count == counted
    (walk,) = watched.walks()
    assert walk.queries == 4 and walk.advice is not None
    # An upper bound: only the attributed queries are known to go.
    assert walk.advice.queries_after == counted - 4
