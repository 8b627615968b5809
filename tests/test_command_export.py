"""``manage.py erviz export --format json``: the contract other tools read."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"

MODEL_KEYS = {
    "label",
    "app_label",
    "name",
    "db_table",
    "proxy",
    "auto_created",
    "fields",
}
FIELD_KEYS = {"name", "type", "null", "primary_key", "unique"}
RELATION_KEYS = {
    "source", "field", "target", "kind", "on_delete", "null", "reverse_accessor",
    "reverse_query_name", "through", "through_auto", "parent_link", "db_constraint",
}  # fmt: skip


def export(*args: str) -> str:
    out = StringIO()
    call_command("erviz", "export", *args, stdout=out)
    return out.getvalue()


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **env},
        check=False,
    )


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(
            POSTGRES_URL.replace("postgres://", "postgresql://"), connect_timeout=2
        ).close()
    except Exception:
        return False
    return True


def test_export_follows_the_contract():
    document = json.loads(export("--format", "json"))
    assert document["erviz_schema"] == 1
    assert len(document["fingerprint"]) == 64
    labels = [model["label"] for model in document["models"]]
    assert labels == sorted(
        m._meta.label for m in apps.get_models(include_auto_created=True)
    )
    for model in document["models"]:
        assert model.keys() >= MODEL_KEYS, model["label"]
        for field in model["fields"]:
            assert field.keys() >= FIELD_KEYS, model["label"]
    for relation in document["relations"]:
        assert relation.keys() >= RELATION_KEYS, relation
        assert isinstance(relation["through_auto"], bool)


def test_export_states_the_demo_relations_as_django_defines_them():
    relations = {r["id"]: r for r in json.loads(export("demo_models"))["relations"]}
    book_author = relations["demo_models.Book.author"]
    assert {
        k: book_author[k] for k in ("target", "kind", "on_delete", "reverse_accessor")
    } == {
        "target": "demo_models.Author",
        "kind": "foreign_key",
        "on_delete": "CASCADE",
        "reverse_accessor": "books",
    }
    assert relations["demo_models.Comment.post"]["reverse_query_name"] == "comment"
    assert relations["demo_models.Store.place_ptr"]["parent_link"] is True
    assert relations["demo_models.Group.members"]["through"] == "demo_models.Membership"
    assert relations["demo_models.Group.members"]["through_auto"] is False
    assert relations["demo_models.Person.friends"]["reverse_accessor"] is None
    assert relations["demo_models.AuditEntry.user"]["db_constraint"] is False
    assert relations["demo_models.Note.content_object"]["target"] is None
    assert (
        relations["demo_models.Order.created_by"]["reverse_accessor"]
        == "demo_models_order_set"
    )
    assert (
        relations["demo_models.Review.created_by"]["reverse_accessor"]
        == "demo_models_review_set"
    )


def test_every_on_delete_action_appears_in_the_demo():
    relations = json.loads(export("demo_models"))["relations"]
    used = {r["on_delete"] for r in relations}
    assert {
        "CASCADE",
        "PROTECT",
        "RESTRICT",
        "SET_NULL",
        "SET_DEFAULT",
        "SET",
        "DO_NOTHING",
    } <= used


def test_export_is_sorted_and_byte_identical_across_runs():
    first = export("-a")
    assert first == export("-a")
    assert (
        first
        == json.dumps(json.loads(first), sort_keys=True, indent=2, ensure_ascii=False)
        + "\n"
    )


def test_export_is_byte_identical_across_processes():
    runs = [
        run_manage("erviz", "export", "-a", PYTHONHASHSEED=seed).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] and runs[0] == runs[1]


@pytest.mark.skipif(not postgres_available(), reason="PostgreSQL is not reachable")
def test_export_is_byte_identical_on_sqlite_and_postgresql():
    sqlite = run_manage("erviz", "export", "-a", DATABASE_URL="sqlite:///:memory:")
    postgres = run_manage("erviz", "export", "-a", DATABASE_URL=POSTGRES_URL)
    assert sqlite.returncode == postgres.returncode == 0, postgres.stderr
    assert sqlite.stdout == postgres.stdout


def test_include_and_exclude_take_comma_separated_patterns():
    labels = {
        m["label"]
        for m in json.loads(export("demo_models", "-I", "Book*,Author"))["models"]
    }
    assert labels == {
        "demo_models.Book",
        "demo_models.Author",
        "demo_models.Book_categories",
    }
    labels = {
        m["label"]
        for m in json.loads(export("-X", "auth,contenttypes", "-X", "demo_models"))[
            "models"
        ]
    }
    assert not {label.split(".")[0] for label in labels} & {
        "auth",
        "contenttypes",
        "demo_models",
    }


def test_output_file_takes_its_format_from_the_extension(tmp_path):
    target = tmp_path / "schema.json"
    export("demo_models", "-o", str(target))
    assert json.loads(target.read_text())["erviz_schema"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "Unknown app label(s): nope"),
        (["-I", "Nothing*"], "Pattern(s) matching no model: Nothing*"),
        (["-o", "schema.xlsx"], "Cannot tell the format from 'schema.xlsx'"),
        (["-a", "demo_models"], "not both"),
    ],
)
def test_bad_selections_are_clear_errors_with_exit_status_2(args, message):
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        export(*args)
    assert error.value.returncode == 2
    result = run_manage("erviz", "export", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "/nonexistent/dir/x.svg"], "Cannot write /nonexistent/dir/x.svg"),
        (["-o", "/dev/full", "--format", "json"], "Cannot write /dev/full"),
        (["auth", "--per-app", "/dev/null"], "Cannot make the directory /dev/null"),
    ],
)
def test_files_that_cannot_be_written_are_clear_errors(args, message):
    result = run_manage("erviz", "export", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_options_and_formats_exit_2_without_traceback():
    for args in (["--bogus"], ["--format", "xlsx"], []):
        result = run_manage("erviz", *(["export", *args] if args else []))
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


SIGNATURES = {
    "svg": b"<?xml",
    "png": b"\x89PNG",
    "pdf": b"%PDF-",
    "dot": b"digraph",
    "gv": b"digraph",
    "json": b"{",
    "mmd": b"erDiagram",
    "puml": b"@startuml",
}


@pytest.mark.parametrize("extension", SIGNATURES)
def test_output_extension_chooses_the_format(tmp_path, extension):
    target = tmp_path / f"demo.{extension}"
    export("demo_models", "-o", str(target))
    assert target.read_bytes().lstrip().startswith(SIGNATURES[extension])


def test_binary_formats_go_to_a_pipe_but_not_to_a_terminal():
    result = subprocess.run(
        [sys.executable, "manage.py", "erviz", "export", "auth", "--format", "png"],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(b"\x89PNG")


def test_per_app_writes_one_diagram_per_app_with_progress(tmp_path, capsys):
    call_command(
        "erviz",
        "export",
        "auth",
        "demo_models",
        "--per-app",
        str(tmp_path),
        "--format",
        "svg",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["auth.svg", "demo_models.svg"]
    assert "2/2" in capsys.readouterr().err


def test_model_neighbourhood_export():
    document = json.loads(
        export("--model", "demo_models.Book", "--depth", "1", "--direction", "out")
    )
    assert {m["label"] for m in document["models"]} == {
        "demo_models.Book",
        "demo_models.Author",
        "demo_models.Publisher",
        "demo_models.Category",
        "demo_models.Note",
    }


@pytest.mark.parametrize(
    "args",
    [
        ["--depth", "0", "--model", "demo_models.Book"],
        ["--depth", str(10**9), "--model", "demo_models.Book"],
        ["--depth", "abc"],
        ["--model", "demo_models.Nope"],
        ["--layout", "circo"],
        ["--dpi", "100000"],
        ["--direction", "sideways"],
    ],
)
def test_bad_diagram_options_exit_2_with_a_message(args):
    result = run_manage("erviz", "export", *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_a_picture_of_too_many_models_draws_apps_unless_asked(
    tmp_path, settings, capsys
):
    settings.ERVIZ = {"OVERVIEW_MAX_MODELS": 10}
    target = tmp_path / "all.svg"
    export("-a", "-o", str(target))
    svg = target.read_text()
    assert 'data-app="demo_models"' in svg and "data-model=" not in svg
    assert "drawing apps" in capsys.readouterr().err
    export("-a", "--level", "models", "-o", str(target))
    assert 'data-model="demo_models.Book"' in target.read_text()
    # Formats that are not pictures keep every model.
    assert '"label": "demo_models.Book"' in export("-a", "--format", "json")


def test_a_png_drawn_below_the_asked_dpi_says_so(tmp_path, settings):
    settings.ERVIZ = {"PNG_MAX_PIXELS": 200_000}
    err = StringIO()
    output = tmp_path / "small.png"
    call_command(
        "erviz", "export", "demo_models", "-o", str(output), "--dpi", "300",
        stderr=err,
    )  # fmt: skip
    assert output.read_bytes().startswith(b"\x89PNG")
    assert re.search(
        r"warning: the PNG is drawn at \d+ dpi, not the 300 asked", err.getvalue()
    )
    quiet = StringIO()
    settings.ERVIZ = {"PNG_MAX_PIXELS": 1_000_000}
    call_command(
        "erviz", "export", "demo_models", "-o", str(tmp_path / "q.png"), "--dpi", "18",
        stderr=quiet,
    )  # fmt: skip
    assert "not the 18 asked" not in quiet.getvalue()


def test_the_command_leaves_the_hosts_cache_alone_and_warns_every_time(
    tmp_path, settings
):
    """A command run is not a page: it writes nothing into the project's
    cache, so a second run draws again and says its warnings again (they
    were lost when the picture came from the cache)."""
    from django.core.cache import caches

    settings.ERVIZ = {"PNG_MAX_PIXELS": 200_000}
    cache = caches["default"]
    cache.clear()
    for run in range(2):
        err = StringIO()
        call_command(
            "erviz", "export", "demo_models", "-o", str(tmp_path / f"{run}.png"),
            "--dpi", "300", stderr=err,
        )  # fmt: skip
        assert "not the 300 asked" in err.getvalue(), run
    assert not getattr(cache, "_cache", {"unknown": 1}), "the command wrote the cache"


def test_png_max_pixels_holds_for_a_picture_too_big_for_a_readable_png(
    tmp_path, settings
):
    """Where even a barely readable resolution would pass the cap, the PNG
    is drawn smaller still, within it, and the warning points to SVG."""
    settings.ERVIZ = {"PNG_MAX_PIXELS": 40_000}
    err = StringIO()
    output = tmp_path / "tiny.png"
    call_command(
        "erviz", "export", "-a", "--level", "models", "-o", str(output), stderr=err
    )
    data = output.read_bytes()
    width, height = (int.from_bytes(data[at : at + 4], "big") for at in (16, 20))
    assert width * height <= 40_000
    assert "an SVG keeps every detail" in err.getvalue()


def test_system_checks_run_only_when_asked(settings):
    """erviz's commands skip the project's checks (half a CI job's time on a
    large project); --system-checks runs them."""
    from django.core.management.base import SystemCheckError

    settings.ERVIZ = {"MAX_DEPTH": 0}  # erviz.E005: an error check
    call_command(
        "erviz", "export", "demo_models", "--format", "mermaid", stdout=StringIO()
    )
    with pytest.raises(SystemCheckError):
        call_command(
            "erviz", "--system-checks", "export", "demo_models", "--format", "mermaid",
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
