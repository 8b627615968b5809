"""erviz path: the lookups it prints are the ones Django accepts, from
either end, and the command answers bad input with exit 2."""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.core.management import CommandError, call_command

from erviz.schema.paths import LookupPath, find_paths, hops_from

pytestmark = pytest.mark.django_db

PAIRS = [
    ("demo_models.OrderLine", "auth.User"),
    ("auth.User", "demo_models.Book"),
    ("demo_models.Book", "demo_models.Category"),
    ("demo_models.Author", "demo_models.Review"),
    ("demo_models.Employee", "demo_models.Project"),
    ("thirdparty.Article", "taggit.Tag"),
]


def check_with_django(start: str, path) -> None:
    """Each string of ``path`` works as Django reads it."""
    source = apps.get_model(start)
    target = apps.get_model(path.end)
    # A filter from either end compiles (FieldError otherwise).
    str(source._default_manager.filter(**{f"{path.lookup}__isnull": False}).query)
    if path.reverse_lookup is not None:
        str(
            target._default_manager.filter(
                **{f"{path.reverse_lookup}__isnull": False}
            ).query
        )
    if path.select_related:
        str(source._default_manager.select_related(path.select_related).query)
    if path.prefetch_related:
        list(source._default_manager.prefetch_related(path.prefetch_related)[:3])
    # The attribute chain names descriptors Django installed, hop by hop.
    model = source
    for hop in path.hops:
        if hop.attribute is None:
            break
        assert hasattr(model, hop.attribute), (model, hop.attribute)
        model = apps.get_model(hop.end)


@pytest.mark.parametrize(("start", "end"), PAIRS)
def test_every_path_is_one_django_accepts(schema, seeded, start, end):
    paths = find_paths(schema, start, end, max_hops=4, limit=5).paths
    assert paths, (start, end)
    lengths = [len(path.hops) for path in paths]
    assert lengths == sorted(lengths)  # shortest first
    for path in paths:
        assert path.end == end
        models = [start, *(hop.end for hop in path.hops)]
        assert len(models) == len(set(models))  # simple paths
        check_with_django(start, path)


def every_path(schema, start: str, end: str, max_hops: int) -> list[LookupPath]:
    """Every simple path of at most ``max_hops`` hops, by brute force: the
    reference the search must agree with."""
    found = []

    def walk(here, path, seen):
        for hop in hops_from(schema, here):
            if hop.end == end:
                found.append(LookupPath(start, (*path, hop)))
            elif (
                len(path) + 1 < max_hops
                and hop.end not in seen
                and not schema.models_by_label[hop.end].auto_created
            ):
                walk(hop.end, (*path, hop), seen | {hop.end})

    walk(start, (), {start})
    return [p for p in found if not any(map(_contradicts, p.hops, p.hops[1:]))]


def _contradicts(before, hop) -> bool:
    """Read from Django's fields, not the schema: into a generic model
    through one GenericRelation and out through another over the same
    content type field, which would ask one row to belong to two objects."""
    if (before.direction, hop.direction) != ("forward", "reverse"):
        return False
    fields = [
        apps.get_model(h.relation.source)._meta.get_field(h.relation.field)
        for h in (before, hop)
    ]
    if not all(isinstance(f, GenericRelation) for f in fields):
        return False
    first, second = fields
    return (
        first.related_model is second.related_model
        and first.model is not second.model
        and first.content_type_field_name == second.content_type_field_name
    )


def ranked(paths):
    return sorted((len(p.hops), p.fans_out, p.lookup) for p in paths)


@pytest.mark.parametrize("max_hops", [1, 2, 3])
def test_the_search_finds_what_trying_every_path_finds(schema, max_hops):
    """The same shortest paths as enumerating every simple path, for pairs
    across the test project's apps, hubs (the user model, ContentType) too."""
    labels = sorted(
        m.label
        for m in schema.models
        if not m.auto_created and m.app_label in ("demo_models", "auth", "thirdparty")
    )
    rng = random.Random(max_hops)
    pairs = [tuple(rng.sample(labels, 2)) for _ in range(60)]
    pairs += [(label, "auth.User") for label in labels[:10]]
    compared = 0
    for start, end in pairs:
        search = find_paths(schema, start, end, max_hops, limit=4)
        assert search.complete
        reference = every_path(schema, start, end, max_hops)
        if not reference:
            assert search.paths == []
            continue
        compared += 1
        # The shortest length, and as many paths as there are up to the
        # length the search stopped at.
        shortest = min(len(p.hops) for p in reference)
        assert len(search.paths[0].hops) == shortest
        longest = len(search.paths[-1].hops)
        expected = ranked(p for p in reference if len(p.hops) <= longest)[:4]
        assert ranked(search.paths) == expected, (start, end)
    assert compared >= 5


def test_a_search_past_its_deadline_says_it_stopped(schema):
    search = find_paths(
        schema, "demo_models.OrderLine", "auth.User", 8, 5, time.monotonic() - 1
    )
    assert not search.complete


def test_all_pairs_of_a_small_app_give_valid_lookups(schema):
    labels = [
        m.label
        for m in schema.models
        if m.app_label == "demo_models" and not m.auto_created
    ][:12]
    checked = 0
    for start, end in itertools.permutations(labels, 2):
        for path in find_paths(schema, start, end, max_hops=2, limit=2).paths:
            check_with_django(start, path)
            checked += 1
    assert checked > 20, "the pairs must have paths for the test to mean anything"


def test_hidden_reverse_sides_are_no_hop(schema):
    """A related_name ending in "+" has no query name: no path goes back
    through it."""
    hidden = [
        relation
        for relation in schema.relations
        if relation.reverse_query_name is None and relation.target
    ]
    assert hidden, "the project must have hidden reverse sides to test"
    for relation in hidden:
        for path in find_paths(schema, relation.target, relation.source, 1, 10).paths:
            assert all(
                hop.relation.id != relation.id or hop.direction == "forward"
                for hop in path.hops
            )


def test_the_command_prints_paths_and_json():
    out = StringIO()
    call_command(
        "erviz", "path", "demo_models.OrderLine", "auth.User", "--format", "json",
        stdout=out,
    )  # fmt: skip
    document = json.loads(out.getvalue())
    assert document["from"] == "demo_models.OrderLine" and document["to"] == "auth.User"
    first = document["paths"][0]
    assert set(first) >= {
        "hops", "lookup", "reverse_lookup", "attribute", "select_related",
        "prefetch_related", "fans_out",
    }  # fmt: skip
    assert first["select_related"] == first["lookup"]  # single-valued forward
    text = StringIO()
    call_command("erviz", "path", "auth.User", "demo_models.Book", stdout=text)
    assert "fans out" in text.getvalue() and ".distinct()" in text.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["demo_models.Nope", "auth.User"],
        ["demo_models.Book", "demo_models.Book"],
        ["demo_models.Book", "auth.User", "--max-hops", "0"],
        ["demo_models.Book", "auth.User", "--max-hops", "99"],
        ["demo_models.Book", "auth.User", "--limit", "0"],
        ["sessions.Session", "demo_models.Book"],  # nothing joins them
    ],
)
def test_bad_input_is_a_clear_exit_2(args):
    with pytest.raises(CommandError) as error:
        call_command("erviz", "path", *args, stdout=StringIO())
    assert error.value.returncode == 2


def test_the_path_page_lists_and_draws_the_paths(admin_client):
    page = admin_client.get("/admin/erviz/models/demo_models.OrderLine/path/auth.User/")
    assert page.status_code == 200
    text = page.content.decode().replace("<wbr>", "")
    assert "OrderLine.objects.filter(order__customer__user=...)" in text
    assert 'class="erviz-diagram erviz-picture"' in text and "from here" in text
    # The panel's form leads there.
    panel = admin_client.get("/admin/erviz/models/demo_models.OrderLine/panel/")
    assert 'action="/admin/erviz/models/demo_models.OrderLine/path/"' in (
        panel.content.decode()
    )
    search = admin_client.get(
        "/admin/erviz/models/demo_models.OrderLine/path/?to=auth.User"
    )
    assert search.status_code == 200
    assert "order__customer__user" in search.content.decode().replace("<wbr>", "")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/admin/erviz/models/demo_models.Nope/path/auth.User/", 404),
        ("/admin/erviz/models/demo_models.Book/path/demo_models.Nope/", 404),
        ("/admin/erviz/models/demo_models.Book/path/demo_models.Book/", 400),
        ("/admin/erviz/models/demo_models.Book/path/auth.User/?max_hops=0", 400),
        ("/admin/erviz/models/demo_models.Book/path/auth.User/?max_hops=abc", 400),
        ("/admin/erviz/models/demo_models.Book/path/", 400),
    ],
)
def test_bad_path_pages_are_clear_4xx(admin_client, url, status):
    assert admin_client.get(url).status_code == status


def test_no_path_within_the_hops_says_so(admin_client):
    page = admin_client.get(
        "/admin/erviz/models/sessions.Session/path/demo_models.Book/?max_hops=2"
    )
    assert page.status_code == 200
    assert "No path from Session to Book within 2 hops." in page.content.decode()


def test_a_path_answer_is_kept_and_read_back(schema, admin_client):
    """The page keeps its answer (keyed on the schema fingerprint, which is
    the user's visible set of models, and the query); a second visit and
    the function read it back."""
    from django.test import override_settings

    from erviz.picture_cache import cached_paths, local_cache

    with override_settings(ERVIZ={"CACHE_ALIAS": None}):
        local_cache.clear()
        url = "/admin/erviz/models/demo_models.OrderLine/path/auth.User/"
        first = admin_client.get(url)
        assert first.status_code == 200
        kept = [key for key in local_cache._entries if key.startswith("erviz:paths:")]
        assert len(kept) == 1
        again = cached_paths(schema, "demo_models.OrderLine", "auth.User", 4, 5)
        assert again == find_paths(schema, "demo_models.OrderLine", "auth.User", 4, 5)
        lookups = re.compile(rb'data-lookup="([^"]*)"')
        second = admin_client.get(url)
        assert lookups.findall(second.content) == lookups.findall(first.content)
        assert lookups.findall(first.content)


@pytest.mark.django_db
def test_no_path_asks_a_generic_row_to_belong_to_two_objects(schema, seeded):
    """``book.notes`` then ``post`` joins notes of a book to the post they
    belong to: a note belongs to one object, so Django finds no book that
    way, although books and posts have notes. The path finder does not
    offer it, and still answers Book → Customer."""
    from demo_models import models as demo

    assert demo.Note.objects.filter(book__isnull=False).exists()
    assert demo.Note.objects.filter(post__isnull=False).exists()
    assert not demo.Book.objects.filter(notes__post__isnull=False).exists()
    search = find_paths(schema, "demo_models.Book", "demo_models.Customer", 4)
    assert search.paths
    assert not [p.lookup for p in search.paths if "notes__post" in p.lookup]
    for path in search.paths:
        check_with_django("demo_models.Book", path)


def _page_text(response) -> str:
    return response.content.decode().replace("<wbr>", "")


def _chosen_lookup(text: str) -> str:
    found = re.search(r'erviz-path-chosen[^>]*data-lookup="([^"]+)"', text)
    assert found, "no chosen path on the page"
    return found[1]


def _drawn(text: str) -> set[str]:
    return set(re.findall(r'<g id="erviz&#45;model&#45;([^"]+)" class="node"', text))


@pytest.mark.parametrize(
    "typed", ["customer", "Customer", "demo_models.customer", "customers", " CUSTOMER "]
)
def test_the_path_finder_takes_a_model_as_people_type_it(admin_client, typed):
    page = admin_client.get("/admin/erviz/models/demo_models.Book/path/", {"to": typed})
    assert page.status_code == 200
    text = _page_text(page)
    assert "From Book to Customer" in text
    # The chosen answer (the first) comes before the picture and the list,
    # and the picture draws its models alone, its relations numbered.
    chosen = text.index('class="erviz-path-chosen')
    assert chosen < text.index('class="erviz-diagram') < text.index("erviz-paths")
    lookup = _chosen_lookup(text)
    assert lookup == "product__order_lines__order__customer"
    assert f"Book.objects.filter({lookup}=...)" in text
    assert _drawn(text) == {
        "demo_models.Book", "demo_models.Product", "demo_models.OrderLine",
        "demo_models.Order", "demo_models.Customer",
    }  # fmt: skip
    assert ">1 product<" in text and ">4 customer<" in text


def test_another_answer_can_be_chosen_and_is_drawn_alone(admin_client, schema):
    url = "/admin/erviz/models/demo_models.Book/path/"
    first = _page_text(admin_client.get(url, {"to": "customer"}))
    links = re.findall(r'<a href="(\?[^"]+path=2[^"]*)"', first)
    assert links
    second = _page_text(admin_client.get(url + links[0].replace("&amp;", "&")))
    lookup = _chosen_lookup(second)
    assert lookup != "product__order_lines__order__customer"
    path = find_paths(schema, "demo_models.Book", "demo_models.Customer", 4).paths[1]
    assert path.lookup == lookup
    assert _drawn(second) == {"demo_models.Book", *(hop.end for hop in path.hops)}


def test_a_name_several_models_have_is_a_choice(admin_client):
    page = admin_client.get("/admin/erviz/models/demo_models.Book/path/", {"to": "tag"})
    assert page.status_code == 200
    text = _page_text(page)
    tags = sorted(
        m._meta.label for m in apps.get_models() if m._meta.object_name == "Tag"
    )
    assert len(tags) == 2
    for label in tags:
        assert f"?to={label}&amp;max_hops=4" in text


def test_an_unknown_name_is_a_404_page_with_the_closest_names(admin_client, settings):
    settings.DEBUG = True  # never Django's debug page
    page = admin_client.get(
        "/admin/erviz/models/demo_models.Book/path/", {"to": "custmer"}
    )
    assert page.status_code == 404
    text = _page_text(page)
    assert "No model is called “custmer”." in text
    assert "to=demo_models.Customer" in text
    assert "technical_404" not in text and "Using the URLconf" not in text
