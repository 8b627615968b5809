"""``manage.py erviz``: one command, one subcommand per job."""

from __future__ import annotations

import contextlib
import difflib
import json
import logging
import sys
from argparse import ArgumentParser
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, models, router

from erviz.conf import get_config
from erviz.graphviz.client import DrawingFailed
from erviz.picture_cache import cached_render
from erviz.render import REGISTRY, format_for_extension
from erviz.render.json_export import schema_document
from erviz.render.options import DETAILS, LAYOUTS, THEMES, DiagramOptions, Level
from erviz.render.scene import readable_level
from erviz.render.visible import visible_text
from erviz.review import diff_report
from erviz.review.diff import FAIL_ON, diff_documents
from erviz.review.document import (
    load_document,
    parse_document,
    schema_from_document,
)
from erviz.review.levels import (
    LEVELS,
    RANK,
    baseline_document,
    identity,
    level_of,
    read_baseline,
    rule_level,
)
from erviz.review.lint import RULES, lint
from erviz.review.locations import locate
from erviz.review.reading import FileRejected, read_bytes
from erviz.review.sarif import (
    diff_github_lines,
    diff_sarif_document,
    github_lines,
    sarif_document,
)
from erviz.row_urls import pk_from_text
from erviz.rows.database import (
    DatabaseFault,
    on_answering_database,
    preview_database,
)
from erviz.rows.delete_preview import RowPreview, preview_row
from erviz.rows.lookup import NoSuchRow, find_row
from erviz.rows.preview_report import preview_lines
from erviz.rows.related import RelatedRows, related_lines, related_rows
from erviz.schema import ModelNode, Schema, build_schema
from erviz.schema.cascade_plan import plan_cascade
from erviz.schema.cascade_report import plan_document, tree_lines
from erviz.schema.paths import ENUMERATION_LIMIT, MAX_HOPS_CEILING, find_paths
from erviz.schema.select import (
    DEPTH_CEILING,
    DIRECTIONS,
    SelectionError,
    neighbourhood,
    select,
)

if TYPE_CHECKING:
    from argparse import _SubParsersAction

    Subcommands = _SubParsersAction[ArgumentParser]

USAGE_ERROR = 2
T = TypeVar("T")


class Verdict(CommandError):
    """A result that sets exit status 1 (findings, a stale file, changes
    that --fail-on names): said as a result on the command line, not as
    Django's ``CommandError: ...`` of a command that failed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=1)


class Command(BaseCommand):
    help = "Export, review and preview the project's model relationships (erviz)."
    # The project's system checks take half of a CI job's erviz run on a
    # large project and say nothing about its models' relations: skipped,
    # unless --system-checks asks for them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--system-checks",
            action="store_true",
            help="Run the project's system checks first, as most commands do.",
        )
        subcommands = parser.add_subparsers(
            dest="subcommand",
            metavar="{export,cascade,diff,lint,path,rows}",
            required=True,
        )
        _add_export_arguments(subcommands)
        _add_cascade_arguments(subcommands)
        _add_diff_arguments(subcommands)
        _add_lint_arguments(subcommands)
        _add_path_arguments(subcommands)
        _add_rows_arguments(subcommands)

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except Verdict as verdict:
            if not getattr(self, "_called_from_command_line", False):
                raise  # call_command() callers read the returncode
            self.stderr.write(str(verdict))
            sys.exit(verdict.returncode)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["system_checks"]:
            self.check()
        if options["subcommand"] == "cascade" and options["pk"] is not None:
            self.preview(
                options["model"], options["pk"], options["format"], options["database"]
            )
        elif options["subcommand"] == "cascade":
            self.cascade(options["model"], options["format"])
        elif options["subcommand"] == "path":
            self.path(
                options["start"],
                options["end"],
                options["max_hops"],
                options["limit"],
                options["format"],
            )
        elif options["subcommand"] == "rows":
            self.rows(
                options["model"], options["pk"], options["format"], options["database"]
            )
        elif options["subcommand"] == "lint":
            self.lint(options["app_labels"], options["format"], options)
        elif options["subcommand"] == "diff":
            self.diff(options["old"], options["new"], options["format"], options)
        else:
            self.export(**options)

    def schema(self) -> Schema:
        """The project's schema; each relation field erviz could not fully
        read is said once, on stderr, so that a picture's gaps are known."""
        schema = build_schema()
        if not getattr(self, "_noted", False):
            for note in schema.notes:
                self.stderr.write(
                    f"warning: {note.id}: {note.message} ({note.field_type})."
                )
            self._noted = True
        return schema

    def preview(self, label: str, pk: str, fmt: str, using: str | None) -> None:
        model = apps.get_model(_model(self.schema(), label).label)

        def attempt(using: str) -> tuple[Any, RowPreview]:
            row = _row(model, pk, using)
            preview = preview_row(model, row, using, may_name=lambda label: True)
            if preview.fault:
                raise DatabaseFault(using, preview.fault)
            return row, preview

        row, preview = self.answered(model, using, preview_database(model), attempt)
        if preview.error:
            raise _usage(preview.error)
        if fmt == "json":
            self.stdout.write(json.dumps(preview.document(), indent=2, default=str))
            return
        title = preview.names.get((model._meta.label, row), str(row))
        self.stdout.write("\n".join(preview_lines(preview, title)))

    def rows(self, label: str, pk: str, fmt: str, using: str | None) -> None:
        model = apps.get_model(_model(self.schema(), label).label)

        def attempt(using: str) -> RelatedRows:
            found = related_rows(model, _row(model, pk, using), using)
            if found.fault:
                raise DatabaseFault(using, found.fault)
            return found

        found = self.answered(model, using, router.db_for_read(model), attempt)
        if fmt == "json":
            self.stdout.write(json.dumps(found.document(), indent=2, default=str))
            return
        self.stdout.write("\n".join(related_lines(found)))

    def answered(
        self,
        model: type[models.Model],
        chosen: str | None,
        default: str,
        attempt: Callable[[str], T],
    ) -> T:
        """``attempt`` on the ``--database`` ``chosen``, else on ``default``
        or, where that does not answer and PREVIEW_DATABASE_FALLBACK allows
        it, on the write database (said on stderr); exit 2 where no database
        answers."""
        try:
            answered = on_answering_database(
                model, chosen or default, attempt, fallback=chosen is None
            )
        except DatabaseFault as fault:
            raise _usage(_fault(fault)) from fault
        if answered.unanswered is not None:
            self.stderr.write(
                f"warning: {_fault(answered.unanswered)} Read on "
                f"{answered.using!r} instead (PREVIEW_DATABASE_FALLBACK)."
            )
        return answered.value

    def cascade(self, label: str, fmt: str) -> None:
        schema = self.schema()
        model = _model(schema, label)
        plan = plan_cascade(schema, model.label)
        if fmt == "json":
            document = plan_document(plan, schema)
            self.stdout.write(json.dumps(document, indent=2, sort_keys=True))
        else:
            self.stdout.write("\n".join(tree_lines(plan, schema)))

    def diff(
        self, old: str, new: str | None, fmt: str, options: dict[str, Any]
    ) -> None:
        if options["max_models"] < 1:
            raise _usage("--max-models must be 1 or more.")
        try:
            before = load_document(old)
            if new is None:
                after = schema_document(self.schema())
            else:
                after = load_document(new)
        except FileRejected as error:
            raise _usage(str(error)) from error
        changes = diff_documents(before, after)
        if fmt in ("sarif", "github"):
            root = options["root"]

            def where(change: Any) -> Any:
                app, model, field = [*change.subject.split("."), ""][:3]
                return locate(f"{app}.{model}", field or None, root)

            if fmt == "sarif":
                document = diff_sarif_document(changes.changes, where)
                self.stdout.write(json.dumps(document, indent=2))
            else:
                for line in diff_github_lines(changes.changes, where):
                    self.stdout.write(line)
        elif fmt == "json":
            self.stdout.write(diff_report.render_json(changes), ending="")
        elif fmt == "markdown":
            schema = schema_from_document(after)
            markdown = diff_report.render_markdown(
                changes, schema, options["max_models"]
            )
            self.stdout.write(markdown, ending="")
        else:
            self.stdout.write(diff_report.render_text(changes, self.colour), ending="")
        failing = changes.matching(options["fail_on"])
        if failing:
            raise Verdict(
                _counted(len(failing), "change matches", "changes match")
                + f" --fail-on {', '.join(options['fail_on'])}: exit status 1."
            )

    def path(self, start: str, end: str, max_hops: int, limit: int, fmt: str) -> None:
        """The chains of relations that join two models, as lookups."""
        if not 1 <= max_hops <= MAX_HOPS_CEILING:
            raise _usage(f"--max-hops must be between 1 and {MAX_HOPS_CEILING}.")
        if not 1 <= limit <= 100:
            raise _usage("--limit must be between 1 and 100.")
        schema = self.schema()
        source, target = _model(schema, start), _model(schema, end)
        if source.label == target.label:
            raise _usage("Give two different models.")
        search = find_paths(schema, source.label, target.label, max_hops, limit)
        paths = search.paths
        if not search.complete:
            self.stderr.write(
                "The search stopped before it had seen every path this short "
                f"(more than {ENUMERATION_LIMIT} of one length): the shortest "
                "it found."
            )
        if not paths:
            raise _usage(
                f"No path from {source.label} to {target.label} within "
                f"{max_hops} hop{'s' if max_hops != 1 else ''}: try --max-hops."
            )
        variable = source.model_name
        if fmt == "json":
            document = {
                "from": source.label,
                "to": target.label,
                "paths": [path.document(variable) for path in paths],
            }
            self.stdout.write(json.dumps(document, indent=2))
            return
        for number, found in enumerate(paths, start=1):
            hops = " → ".join(
                f"{hop.lookup} ({'many' if hop.many else 'one'})" for hop in found.hops
            )
            lines = [
                f"{number}. {source.name} → {hops}",
                f"   {source.name}.objects.filter({found.lookup}=...)",
            ]
            if found.reverse_lookup:
                lines.append(
                    f"   {target.name}.objects.filter({found.reverse_lookup}=...)"
                )
            attribute = found.attribute(variable)
            if attribute:
                lines.append(f"   {attribute}")
            if found.select_related:
                lines.append(f'   .select_related("{found.select_related}")')
            elif found.prefetch_related:
                lines.append(f'   .prefetch_related("{found.prefetch_related}")')
            if found.fans_out:
                lines.append(
                    "   fans out: a filter across a many-valued hop repeats rows; "
                    "add .distinct()"
                )
            for hub in found.through_hub:
                lines.append(f"   passes {hub}, which joins rows of many models")
            self.stdout.write("\n".join(lines))

    def lint(self, app_labels: list[str], fmt: str, options: dict[str, Any]) -> None:
        schema = self.schema()
        unknown = sorted(set(app_labels) - set(schema.apps_by_label))
        if unknown:
            raise _usage(f"Unknown app label(s): {', '.join(unknown)}.")
        findings = lint(schema, frozenset(app_labels) if app_labels else None)
        if options["write_baseline"]:
            text = json.dumps(baseline_document(findings), indent=2) + "\n"
            _write_file(Path(options["write_baseline"]), text.encode())
            self.stdout.write(
                f"{options['write_baseline']}: "
                + _counted(len(findings), "finding", "findings")
                + " accepted."
            )
            return
        accepted = len(findings)
        if options["baseline"]:
            try:
                known = read_baseline(options["baseline"])
            except FileRejected as error:
                raise _usage(str(error)) from error
            findings = [f for f in findings if identity(f) not in known]
        accepted -= len(findings)
        config = get_config()
        levels = {f: level_of(f, config) for f in findings}
        root = options["root"]
        located = [(f, locate(f.model, f.field, root)) for f in findings]
        if fmt == "json":
            document = {
                "findings": [
                    {
                        **finding.document(),
                        "file": where.path if where else None,
                        "line": where.line if where else None,
                        "level": levels[finding],
                    }
                    for finding, where in located
                ]
            }
            self.stdout.write(json.dumps(document, indent=2, sort_keys=True))
        elif fmt == "sarif":
            rule_levels = {rule: rule_level(rule, config) for rule in RULES}
            document = sarif_document(located, levels, rule_levels)
            self.stdout.write(json.dumps(document, indent=2))
        elif fmt == "github":
            for line in github_lines(located, levels):
                self.stdout.write(line)
        else:
            for finding in findings:
                subject, message, hint = (
                    visible_text(text)
                    for text in (finding.subject, finding.message, finding.hint)
                )
                self.stdout.write(
                    f"{self.style.WARNING(finding.rule.id)} {subject}: "
                    f"{message}\n    {finding.rule.explanation}\n"
                    f"    Fix: {hint}"
                )
            self.stdout.write(_counted(len(findings), "finding", "findings") + ".")
        if accepted:
            self.stderr.write(
                f"{_counted(accepted, 'finding', 'findings')} in the baseline "
                "not shown."
            )
        floor = RANK[options["fail_level"]]
        failing = [f for f in findings if RANK[levels[f]] >= floor]
        if failing:
            level = options["fail_level"]
            at = "" if level == "note" else f" at level {level} or above"
            raise Verdict(
                f"erviz lint: {_counted(len(failing), 'finding', 'findings')}{at}: "
                "exit status 1."
            )

    def colour(self, kind: str, line: str) -> str:
        if kind.endswith("removed") or "⚠" in line:
            return self.style.ERROR(line)
        if kind.endswith("added"):
            return self.style.SUCCESS(line)
        return self.style.WARNING(line)

    def export(self, **options: Any) -> None:
        if options["all_applications"] and options["app_labels"]:
            raise _usage("Give app labels or --all-applications, not both.")
        if not 1 <= options["depth"] <= DEPTH_CEILING:
            raise _usage(f"--depth must be between 1 and {DEPTH_CEILING}.")
        if not 18 <= options["dpi"] <= 600:
            raise _usage("--dpi must be between 18 and 600.")
        budget = options["time_budget"]
        if budget is not None and not 0 < budget <= 86_400:
            raise _usage("--time-budget must be a number of seconds above 0.")
        diagram = DiagramOptions(
            detail=options["fields"],
            layout=options["layout"],
            theme=options["theme"] or get_config()["DEFAULT_THEME"],
            dpi=options["dpi"],
            max_pixels=get_config()["PNG_MAX_PIXELS"],
            time_budget=budget,
        )
        schema = self.schema()
        if options["per_app"]:
            self.export_per_app(schema, options, diagram)
            return
        output = options["check"] or options["output"]
        fmt = options["format"] or _format_from_path(output) or "json"
        labels = _selection(schema, options)
        diagram = replace(diagram, level=self.level(schema, labels, fmt, options))
        with self.render_warnings():
            data = cached_render(schema, labels, fmt, diagram)
        if options["check"]:
            self.check_export(options["check"], fmt, data)
        else:
            self.write(data, fmt, output)

    @contextlib.contextmanager
    def render_warnings(self) -> Iterator[None]:
        """Say on stderr what the renderers warn of (a PNG drawn at a lower
        resolution than asked, to stay under PNG_MAX_PIXELS), and end with a
        clear error (exit 1) when Graphviz drew nothing."""
        command = self

        class ToStderr(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                command.stderr.write(f"warning: {record.getMessage()}.")

        handler = ToStderr(logging.WARNING)
        renderers = logging.getLogger("erviz.render")
        renderers.addHandler(handler)
        try:
            yield
        except DrawingFailed as failure:
            why = {
                "timeout": "it took longer than --time-budget",
                "crash": "Graphviz stopped while laying it out",
                "error": "Graphviz refused it",
            }[failure.reason]
            raise CommandError(
                f"No picture: {why} ({failure.detail}).", returncode=1
            ) from failure
        finally:
            renderers.removeHandler(handler)

    def check_export(self, path: str, fmt: str, data: bytes) -> None:
        """Exit 1 with a short summary when ``path`` is not what the models
        give now."""
        if not REGISTRY[fmt].checkable:
            raise _usage(
                "--check compares text exports: JSON, Mermaid, PlantUML or DOT."
            )
        try:
            committed = read_bytes(path)
        except FileRejected as error:
            raise _usage(str(error)) from error
        if committed == data:
            self.stdout.write(f"{path} is up to date.")
            return
        if fmt == "json":
            try:
                changes = diff_documents(
                    parse_document(committed, path), parse_document(data)
                )
            except FileRejected as error:
                raise _usage(str(error)) from error
            summary = diff_report.summary_line(changes)
            details = [
                f"  {visible_text(change.describe())}"
                for change in changes.changes[:10]
            ]
        else:
            summary, details = _text_difference(committed, data)
        self.stdout.write("\n".join([f"{path} is stale: {summary}", *details]))
        self.stdout.write(
            "Write it again with the same command and -o instead of --check."
        )
        raise Verdict(f"{path} is stale: exit status 1.")

    def level(
        self, schema: Schema, labels: frozenset[str], fmt: str, options: dict[str, Any]
    ) -> Level:
        if options["level"] != "auto":
            return cast(Level, options["level"])
        limit = get_config()["OVERVIEW_MAX_MODELS"]
        if REGISTRY[fmt].picture and readable_level(schema, labels, limit) == "apps":
            models = len(labels - {m.label for m in schema.models if m.auto_created})
            self.stderr.write(
                f"{models} models is more than a readable picture holds "
                f"(OVERVIEW_MAX_MODELS={limit}): drawing apps. Use --level models "
                "for every model, or --per-app for one picture per app."
            )
            return "apps"
        return "models"

    def export_per_app(
        self, schema: Schema, options: dict[str, Any], diagram: DiagramOptions
    ) -> None:
        fmt = options["format"] or "png"
        directory = Path(options["per_app"])
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _usage(
                f"Cannot make the directory {directory}: {error.strerror}."
            ) from error
        app_labels = options["app_labels"] or [
            app.label for app in schema.apps if app.models
        ]
        for number, app_label in enumerate(app_labels, start=1):
            labels = _selection(schema, {**options, "app_labels": [app_label]})
            path = directory / f"{app_label}.{REGISTRY[fmt].extensions[0]}"
            with self.render_warnings():
                data = cached_render(schema, labels, fmt, diagram)
            _write_file(path, data)
            done = "#" * (20 * number // len(app_labels))
            self.stderr.write(
                f"\r[{done:<20}] {number}/{len(app_labels)} {path}",
                ending="\n" if number == len(app_labels) else "",
            )
            self.stderr.flush()

    def write(self, data: bytes, fmt: str, output: str | None) -> None:
        if output and output != "-":
            _write_file(Path(output), data)
        elif REGISTRY[fmt].binary:
            stream = getattr(self.stdout._out, "buffer", None)
            if stream is None or stream.isatty():
                raise _usage(f"{fmt} is binary: write it to a file with -o FILE.")
            stream.write(data)
            stream.flush()
        else:
            self.stdout.write(data.decode(), ending="")


def _add_export_arguments(subcommands: Subcommands) -> None:
    """``erviz export``: graph_models' options, and erviz's own."""
    export = subcommands.add_parser(
        "export",
        help="Draw or write the relationship graph of some or all apps.",
        description=(
            "Options are named like django-extensions' graph_models. "
            "With no app label, every app is exported."
        ),
    )
    export.add_argument("app_labels", nargs="*", metavar="APP_LABEL")
    export.add_argument(
        "-a",
        "--all-applications",
        action="store_true",
        help="Every installed app (the default when no app label is given).",
    )
    export.add_argument(
        "-I",
        "--include-models",
        action="append",
        default=[],
        help="Comma-separated model names or labels, * wildcards allowed.",
    )
    export.add_argument(
        "-X",
        "--exclude-models",
        action="append",
        default=[],
        help="Comma-separated model names, labels, app labels or db_tables.",
    )
    export.add_argument(
        "--model",
        metavar="APP_LABEL.Model",
        help="Draw this model and its neighbours (see --depth, --direction).",
    )
    export.add_argument(
        "--depth",
        type=int,
        default=1,
        help=f"Neighbourhood depth for --model (1-{DEPTH_CEILING}, default 1).",
    )
    export.add_argument(
        "--direction",
        choices=DIRECTIONS,
        default="both",
        help="Follow relations out of, into, or both ways (default both).",
    )
    export.add_argument(
        "-o", "--output", help="Write to this file instead of standard output."
    )
    export.add_argument(
        "--format",
        choices=tuple(REGISTRY),
        help="Output format (default: from the --output extension, else json).",
    )
    export.add_argument(
        "--per-app",
        metavar="DIR",
        help="Write one diagram per app into DIR (format from --format).",
    )
    export.add_argument(
        "--fields",
        choices=DETAILS,
        default="all",
        help="Fields listed in each model: all, keys (keys and relations), none.",
    )
    export.add_argument(
        "--disable-fields",
        action="store_const",
        const="none",
        dest="fields",
        help="Same as --fields none (graph_models' name).",
    )
    export.add_argument(
        "--relation-fields-only",
        action="store_const",
        const="keys",
        dest="fields",
        help="Same as --fields keys (graph_models' name).",
    )
    export.add_argument(
        "--level",
        choices=("auto", "models", "apps"),
        default="auto",
        help=(
            "Draw models, or apps with their links. auto (the default) draws "
            "apps when an svg/png/pdf of more than OVERVIEW_MAX_MODELS models "
            "would be too large to read."
        ),
    )
    export.add_argument("--layout", choices=LAYOUTS, default="dot")
    export.add_argument("--theme", choices=THEMES)
    export.add_argument(
        "--dpi", type=int, default=72, help="PNG resolution (default 72)."
    )
    export.add_argument(
        "--time-budget",
        type=float,
        metavar="SECONDS",
        help=(
            "Give up on a picture (svg, png, pdf) that takes longer than this "
            "to lay out and draw (default: no limit)."
        ),
    )
    export.add_argument(
        "--check",
        metavar="FILE",
        help=(
            "Compare with FILE (a committed JSON, Mermaid, PlantUML or DOT "
            "export, format from its extension) instead of writing: exit 1 "
            "with a short summary when the models no longer give FILE."
        ),
    )


def _add_cascade_arguments(subcommands: Subcommands) -> None:
    """``erviz cascade APP_LABEL.Model [--pk PK]``"""
    cascade = subcommands.add_parser(
        "cascade",
        help="What deleting a row of a model would reach.",
        description=(
            "The tree of models one deleted row reaches, following "
            "Django's Collector rules, read from the schema."
        ),
    )
    cascade.add_argument("model", metavar="APP_LABEL.Model")
    cascade.add_argument(
        "--pk",
        help=(
            "Preview deleting this row: exact counts, read-only (a composite "
            "key's parts separated by commas: hall,12)."
        ),
    )
    cascade.add_argument("--format", choices=("text", "json"), default="text")
    cascade.add_argument(
        "--database",
        choices=tuple(connections),
        help="The database to preview the delete on (default: "
        'ERVIZ["PREVIEW_DATABASE"], else where the '
        "project's routers send a write of the model, as the admin does).",
    )


def _add_diff_arguments(subcommands: Subcommands) -> None:
    """``erviz diff OLD.json [NEW.json]``"""
    diff = subcommands.add_parser(
        "diff",
        help="What changed between two schema exports.",
        description=(
            "Compare two `erviz export --format json` files, or one with "
            "the project as it is now. Relations are matched by (model, "
            "field name)."
        ),
    )
    diff.add_argument("old", metavar="OLD.json")
    diff.add_argument(
        "new", metavar="NEW.json", nargs="?", help="Default: the live project."
    )
    diff.add_argument(
        "--format",
        choices=("text", "markdown", "json", "sarif", "github"),
        default="text",
    )
    diff.add_argument(
        "--root",
        default=".",
        help="Paths in sarif and github are relative to this directory.",
    )
    diff.add_argument(
        "--max-models",
        type=int,
        default=diff_report.MAX_MODELS,
        help="The most models the Markdown picture draws "
        f"(default {diff_report.MAX_MODELS}).",
    )
    diff.add_argument(
        "--fail-on",
        action="append",
        choices=sorted(FAIL_ON),
        default=[],
        help="Exit with status 1 on such changes: "
        + "; ".join(f"{name}: {meaning}" for name, meaning in FAIL_ON.items()),
    )


def _add_path_arguments(subcommands: Subcommands) -> None:
    """``erviz path APP.From APP.To``"""
    path = subcommands.add_parser(
        "path",
        help="How to get from one model to another: lookups, attributes.",
        description=(
            "The shortest chains of relations (forward, reverse, many-to-many, "
            "generic) from one model to another, as filter lookups from either "
            "end, attribute chains and select_related / prefetch_related."
        ),
    )
    path.add_argument("start", metavar="APP_LABEL.From")
    path.add_argument("end", metavar="APP_LABEL.To")
    path.add_argument(
        "--max-hops",
        type=int,
        default=4,
        help=f"The longest path, in relations (1-{MAX_HOPS_CEILING}, default 4).",
    )
    path.add_argument(
        "--limit", type=int, default=5, help="How many paths (default 5)."
    )
    path.add_argument("--format", choices=("text", "json"), default="text")


def _row(model: type[models.Model], pk: str, using: str) -> Any:
    """The primary key of the ``model`` row written ``pk``, or exit 2 (a
    database that does not answer is :class:`DatabaseFault`)."""
    try:
        return find_row(model, pk_from_text(pk, model), using)
    except NoSuchRow as error:
        raise _usage(f"No {model._meta.label} with pk {pk[:50]!r}.") from error


def _fault(fault: DatabaseFault) -> str:
    return (
        f"The database {fault.using!r} did not answer ({fault.kind}): a table "
        "may be missing (has migrate run?) or the connection is down."
    )


def _add_rows_arguments(subcommands: Subcommands) -> None:
    """``erviz rows APP_LABEL.Model --pk PK``"""
    rows = subcommands.add_parser(
        "rows",
        help="What one row is connected to: the rows it points at, and counts.",
        description=(
            "The row's foreign keys (the rows they point at) and every "
            "accessor to many rows (reverse relations, many-to-many, generic "
            "relations) with its count, read-only, within the time budget."
        ),
    )
    rows.add_argument("model", metavar="APP_LABEL.Model")
    rows.add_argument(
        "--pk",
        required=True,
        help="The row's primary key (a composite key's parts separated by commas).",
    )
    rows.add_argument("--format", choices=("text", "json"), default="text")
    rows.add_argument(
        "--database",
        choices=tuple(connections),
        help="The database to read (default: where the project's routers "
        "send a read of the model).",
    )


def _add_lint_arguments(subcommands: Subcommands) -> None:
    """``erviz lint [APP_LABEL ...]``"""
    lint_parser = subcommands.add_parser(
        "lint",
        help="Relations real projects get wrong: risky cascades and more.",
        description=(
            "Rules: "
            + "; ".join(f"{r.id} {r.name}" for r in RULES.values())
            + ". Exit status 1 on findings. Silence with "
            'ERVIZ["LINT_IGNORE"] or a # erviz: ignore[ID] comment.'
        ),
    )
    lint_parser.add_argument("app_labels", nargs="*", metavar="APP_LABEL")
    lint_parser.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="text, json, sarif (SARIF 2.1.0, for code scanning) or github "
        "(workflow commands: annotations on the pull request).",
    )
    lint_parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="Findings accepted in FILE (see --write-baseline) neither show nor fail.",
    )
    lint_parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="Write today's findings to FILE as accepted, and exit 0.",
    )
    lint_parser.add_argument(
        "--fail-level",
        choices=LEVELS,
        default="note",
        help='The least level that makes the exit status 1 (ERVIZ["LINT_LEVELS"] '
        "sets a rule's level; default note: every finding fails).",
    )
    lint_parser.add_argument(
        "--root",
        default=".",
        help="Paths in sarif, github and json are relative to this directory "
        "(default: the current one).",
    )


def _write_file(path: Path, data: bytes) -> None:
    """Write ``path``, or say in one line why not (exit 2)."""
    try:
        path.write_bytes(data)
    except OSError as error:
        raise _usage(f"Cannot write {path}: {error.strerror or error}.") from error


def _selection(schema: Schema, options: dict[str, Any]) -> frozenset[str]:
    try:
        if options["model"]:
            return neighbourhood(
                schema, options["model"], options["depth"], options["direction"]
            )
        return select(
            schema,
            app_labels=options["app_labels"],
            include_models=_split(options["include_models"]),
            exclude_models=_split(options["exclude_models"]),
        )
    except SelectionError as error:
        raise _usage(str(error)) from error


def _model(schema: Schema, label: str) -> ModelNode:
    model = schema.find_model(label)
    if model is not None:
        return model
    raise _usage(f"Unknown model {label!r}: use APP_LABEL.ModelName, e.g. auth.User.")


def _counted(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def _text_difference(old: bytes, new: bytes) -> tuple[str, list[str]]:
    """How many lines differ, and the first few of them."""
    lines = list(
        difflib.unified_diff(
            old.decode(errors="replace").splitlines(),
            new.decode(errors="replace").splitlines(),
            "committed",
            "models",
            n=0,
            lineterm="",
        )
    )
    changed = [line for line in lines[2:] if line[:1] in "+-"]
    removed = sum(1 for line in changed if line.startswith("-"))
    summary = f"{removed} line(s) removed, {len(changed) - removed} added."
    # The committed file is anyone's text: one line each, nothing hidden.
    return summary, [f"  {visible_text(line)}" for line in changed[:10]]


def _split(values: list[str]) -> list[str]:
    return [
        item.strip() for value in values for item in value.split(",") if item.strip()
    ]


def _format_from_path(output: str | None) -> str | None:
    if not output or output == "-":
        return None
    suffix = Path(output).suffix.lstrip(".").lower()
    format = format_for_extension(suffix)
    if format is None:
        known = ", ".join(sorted(e for f in REGISTRY.values() for e in f.extensions))
        raise _usage(
            f"Cannot tell the format from {output!r}: use --format "
            f"({', '.join(REGISTRY)}) or one of the extensions {known}."
        )
    return format.name
