"""Relation fields of shapes that break Django's own migrations or reverse
relations, in an isolated registry: ``build_schema()``, every format and the
lint still answer, and each odd field is noted once. (The shapes Django
itself survives are tested through every page in tests/oddproject.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import models
from django.test.utils import isolate_apps

from erviz.render import FORMATS, notation, render
from erviz.render.options import DiagramOptions
from erviz.review.lint import lint
from erviz.schema import Schema, build_schema

APP = "oddapp"


class _Flagged(models.TextField):
    """A text column that says it is a relation, with no remote_field."""

    related_model: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_relation = True


def flagged(flag: str, **attributes: Any) -> models.Field[Any, Any]:
    flags = dict.fromkeys(
        ("many_to_one", "one_to_one", "one_to_many", "many_to_many"), False
    )
    return type(
        f"Flagged_{flag}",
        (_Flagged,),
        {**flags, flag: True, **attributes, "__module__": __name__},
    )()


class _Raises:
    """``related_model`` as a property that raises when read."""

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        raise RuntimeError("the registry is not ready for this field")


@pytest.fixture(scope="module")
def schema() -> Iterator[Schema]:
    with isolate_apps(f"tests.{APP}") as registry:
        assert registry is not None
        meta = type("Meta", (), {"app_label": APP})
        target = type(
            "Target",
            (models.Model,),
            {"__module__": __name__, "Meta": meta, "name": models.CharField()},
        )
        type(
            "Holder",
            (models.Model,),
            {
                "__module__": __name__,
                "Meta": meta,
                # No remote_field, with the many_to_many flag.
                "pages": flagged("many_to_many"),
                # A target but no remote_field: a shape erviz does not know.
                "pointer": flagged("many_to_one", related_model=target),
                # Raises while erviz reads it: noted and left out.
                "broken": flagged("many_to_one", related_model=_Raises()),
                "target": models.ForeignKey(target, on_delete=models.CASCADE),
            },
        )
        yield build_schema(registry)


def test_each_shape_is_listed_or_noted(schema):
    relations = schema.relations_by_id
    assert relations["oddapp.Holder.pages"][2:4] == (None, "generic_foreign_key")
    assert relations["oddapp.Holder.pages"].cardinality == "many_to_many"
    assert relations["oddapp.Holder.pointer"][2:4] == ("oddapp.Target", "other")
    assert "oddapp.Holder.broken" not in relations
    # The rest of the model is read as usual.
    assert relations["oddapp.Holder.target"].reverse_accessor == "holder_set"
    notes = {note.id: note for note in schema.notes}
    assert sorted(notes) == ["oddapp.Holder.broken", "oddapp.Holder.pointer"]
    broken = notes["oddapp.Holder.broken"]
    assert broken.problem == "unreadable"
    assert "RuntimeError" in broken.message
    assert broken.field_type.endswith("Flagged_many_to_one")
    assert notes["oddapp.Holder.pointer"].problem == "unknown_shape"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_them(schema, fmt):
    labels = [model.label for model in schema.models]
    data = render(schema, labels, fmt, DiagramOptions())
    assert data
    if fmt in ("dot", "svg"):
        # The unknown shape is drawn, grey and dotted, and said in the legend.
        text = data.decode().replace("&#45;", "-")
        assert "erviz-relation-oddapp.Holder.pointer" in text
        assert "unknown relation" in text
    if fmt == "dot":
        edge = data.decode().split('key="oddapp.Holder.pointer"')[1].split("];")[0]
        assert "style=dotted" in edge and f'color="{notation.UNKNOWN.color}"' in edge


def test_lint_answers(schema):
    assert isinstance(lint(schema), list)
