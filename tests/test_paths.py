"""erviz path: the lookups it prints are the ones Django accepts, from
either end, and the command answers bad input with exit 2."""

from __future__ import annotations

import itertools
import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from erviz.schema.paths import find_paths

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
    paths = find_paths(schema, start, end, max_hops=4, limit=5)
    assert paths, (start, end)
    lengths = [len(path.hops) for path in paths]
    assert lengths == sorted(lengths)  # shortest first
    for path in paths:
        assert path.end == end
        models = [start, *(hop.end for hop in path.hops)]
        assert len(models) == len(set(models))  # simple paths
        check_with_django(start, path)


def test_all_pairs_of_a_small_app_give_valid_lookups(schema):
    labels = [
        m.label
        for m in schema.models
        if m.app_label == "demo_models" and not m.auto_created
    ][:12]
    for start, end in itertools.permutations(labels, 2):
        for path in find_paths(schema, start, end, max_hops=2, limit=2):
            check_with_django(start, path)


def test_hidden_reverse_sides_are_no_hop(schema):
    """A related_name ending in "+" has no query name: no path goes back
    through it."""
    for relation in schema.relations:
        if relation.reverse_query_name is None and relation.target:
            for path in find_paths(schema, relation.target, relation.source, 1, 10):
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
