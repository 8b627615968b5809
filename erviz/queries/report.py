"""A request's walks as a report: the JSON other tools read
(``docs/contracts.md``) and the text a person reads."""

from __future__ import annotations

from typing import Any

from . import Watched
from .eager import Unused
from .walks import Advice, Walk


def report_document(url: str, status: int | None, watched: Watched) -> dict[str, Any]:
    return {
        "url": url,
        "status": status,
        "queries": watched.count,
        "walks": [walk_document(walk) for walk in watched.walks()],
        "unused": [unused_document(unused) for unused in watched.unused()],
        # More queries than a watch attributes: the walks are of the first.
        "partial": watched.partial,
    }


def walk_document(walk: Walk) -> dict[str, Any]:
    return {
        "relation": walk.relation,
        "from": walk.model,
        "accessor": walk.accessor,
        "queries": walk.queries,
        "n_plus_one": walk.n_plus_one,
        "advice": None if walk.advice is None else advice_document(walk.advice),
        "defeated_prefetch": walk.defeated_prefetch,
        "kind": walk.kind,
        "origin": walk.origin or None,
        "path": list(walk.path),
        "sql": walk.sql,
    }


def advice_document(advice: Advice) -> dict[str, Any]:
    document: dict[str, Any] = {
        "method": advice.method,
        "lookup": advice.lookup,
        "on": advice.on,
        "queries_after": advice.queries_after,
        "code": advice.code,
    }
    if advice.method == "Prefetch":
        document["queryset"] = advice.queryset
        document["to_attr"] = advice.to_attr
    return document


def unused_document(unused: Unused) -> dict[str, Any]:
    return {"method": unused.method, "lookup": unused.lookup, "on": unused.on}


def describe(walk: Walk) -> str:
    """One walk in a sentence: the relation, how it was read, how often."""
    how = f"{walk.model}.{walk.accessor}"
    where = (
        f" (instances reached by {'.'.join(walk.path)} from {walk.origin})"
        if walk.path
        else ""
    )
    kind = (
        "defeated prefetch"
        if walk.defeated_prefetch
        else "N+1"
        if walk.n_plus_one
        else "walk"
    )
    return f"{kind}: {walk.relation} read as {how}{where}, {_queries(walk.queries)}"


def advise(advice: Advice, total: int) -> str:
    model = advice.on.rsplit(".", 1)[-1]
    code = (
        f"{model}.objects.prefetch_related({advice.code})"
        if advice.method == "Prefetch"
        else f"{model}.objects{advice.code}"
    )
    return f"{code}: {_queries(advice.queries_after)} instead of {total}"


def _queries(count: int) -> str:
    return f"{count} quer{'y' if count == 1 else 'ies'}"


def render_text(
    document: dict[str, Any], walks: list[Walk], unused: list[Unused]
) -> str:
    total = document["queries"]
    lines = [f"{document['url']}: status {document['status']}, {_queries(total)}"]
    for walk in walks:
        lines.append(describe(walk))
        if walk.advice is not None:
            lines.append(f"  advice: {advise(walk.advice, total)}")
    for eager in unused:
        model = eager.on.rsplit(".", 1)[-1]
        lines.append(
            f'unused eager load: {model}.objects.{eager.method}("{eager.lookup}") '
            f"({eager.on}): nothing read it"
        )
    if not walks:
        lines.append("No relation was walked through an accessor.")
    return "\n".join(lines) + "\n"
