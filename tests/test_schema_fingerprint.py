from __future__ import annotations

from erviz.schema.fingerprint import schema_fingerprint


def test_same_models_give_the_same_fingerprint(schema):
    assert schema_fingerprint(schema.models, schema.relations) == schema.fingerprint


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
    assert schema_fingerprint(schema.models, schema.relations[1:]) != schema.fingerprint
