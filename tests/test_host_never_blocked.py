"""erviz never stops a host's commands: with its URLs not included and the
cache down, ``migrate``, ``check`` and erviz's own CLI exit 0 (run as a
user runs them, in a process of their own)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_without_erviz_urls",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'host.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("migrate", "--no-input"),
        ("check",),
        ("erviz", "export", "demo_models", "--format", "mermaid"),
        ("erviz", "cascade", "demo_models.Author"),
    ],
)
def test_host_commands_run_without_erviz_urls_and_with_the_cache_down(tmp_path, args):
    result = manage(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    if args[0] == "check":
        assert "erviz.W020" in result.stderr
    if args[0] == "erviz" and args[1] == "export":
        assert result.stdout.startswith("erDiagram")


BARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
from tests.bareproject.accounts.models import User
from tests.bareproject.shop.models import Line, Order
user = User.objects.create(email="a@example.com")
order = Order.objects.create(buyer=user)
Line.objects.create(order=order)
call_command("check")
call_command("erviz", "export", "--format", "mermaid")
call_command("erviz", "rows", "shop.Order", "--pk", str(order.pk))
call_command("erviz", "cascade", "auth.User", "--pk", str(user.pk))
call_command("erviz", "path", "shop.Line", "auth.User")
call_command("erviz", "lint")
# The pages, through the project's own panel.
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
anonymous, staff = Client(), Client(headers={"X-Gateway-Role": "staff"})
login = anonymous.get("/panel/erviz/")
print("anonymous", login.status_code, login["Location"])
for url in [
    "/panel/erviz/",
    "/panel/erviz/apps/shop/",
    "/panel/erviz/models/shop.Order/",
    "/panel/erviz/models/auth.User/cascade/",
    "/panel/erviz/models/shop.Line/path/?to=auth.User",
    "/panel/erviz/search/?q=ord",
    "/panel/erviz/export/svg/?model=shop.Order",
    f"/panel/erviz/models/shop.Order/rows/{order.pk}/",
    f"/panel/erviz/models/auth.User/rows/{user.pk}/delete-preview/",
]:
    response = staff.get(url)
    print("page", response.status_code, url)
"""


def test_every_command_runs_in_a_project_with_none_of_djangos_optional_apps():
    """No admin, sessions, contenttypes or django.contrib.auth, a user app
    of the project's own under the label ``auth``, and an object in
    ``_meta`` that is not a Django field (tests/bareproject)."""
    result = subprocess.run(
        [sys.executable, "-c", BARE],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.bareproject.settings",
            "PYTHONPATH": str(ROOT),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "shop__Order }o--|| auth__User" in result.stdout
    assert "buyer -> auth.User 1 (a@example.com)" in result.stdout
    assert "1  deleted: shop.Order" in result.stdout
    assert "line.order.buyer" in result.stdout
    pages = re.findall(r"^page (\d+) (\S+)$", result.stdout, re.M)
    assert len(pages) == 9
    rows = [url for _status, url in pages if "/rows/" in url]
    # The schema to the panel's staff; no row without a permission system.
    assert {status for status, url in pages if url not in rows} == {"200"}, pages
    assert {status for status, url in pages if url in rows} == {"403"}, pages
    assert "anonymous 302 /login/?next=/panel/erviz/" in result.stdout
