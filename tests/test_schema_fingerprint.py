from __future__ import annotations

from dataclasses import replace

from erviz.schema.model import FieldNote, schema_fingerprint


def test_same_models_give_the_same_fingerprint(schema):
    assert (
        schema_fingerprint(schema.models, schema.relations, schema.apps, schema.notes)
        == schema.fingerprint
    )


def test_any_relation_change_gives_a_new_fingerprint(schema):
    relations = list(schema.relations)
    index = next(
        i for i, r in enumerate(relations) if r.id == "demo_models.Book.publisher"
    )
    seen = {schema.fingerprint}
    for change in (
        {"on_delete": "CASCADE"},
        {"null": True},
        {"reverse_accessor": "published_books"},
        {"target": "demo_models.Author"},
        {"db_constraint": False},
    ):
        changed = [*relations]
        changed[index] = relations[index]._replace(**change)
        seen.add(schema_fingerprint(schema.models, changed))
    assert len(seen) == 6


def test_a_removed_relation_gives_a_new_fingerprint(schema):
    assert (
        schema_fingerprint(schema.models, schema.relations[1:], schema.apps)
        != schema.fingerprint
    )


def test_every_input_of_a_picture_is_in_the_fingerprint(schema):
    """An app's new verbose name (drawn on the app map and in titles) or a
    new field note (listed by the export) is a new fingerprint, so no kept
    picture or export is served for the old one."""
    apps = list(schema.apps)
    renamed = [apps[0]._replace(verbose_name="Renamed"), *apps[1:]]
    notes = list(schema.notes)
    noted = [
        *notes,
        FieldNote("demo_models.Book", "odd", "x.Odd", "unreadable", "it raised"),
    ]
    seen = {
        schema.fingerprint,
        schema_fingerprint(schema.models, schema.relations, renamed, schema.notes),
        schema_fingerprint(schema.models, schema.relations, schema.apps, noted),
        replace(schema, apps=tuple(renamed)).fingerprint,
    }
    assert len(seen) == 3
