"""``manage.py demo_login``: make sure the demo superuser exists, print it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "demo"
PASSWORD = "demo"


class Command(BaseCommand):
    help = "Create (or reset) the demo staff login and print it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="Where the demo serves (scripts/demo passes HOST and PORT).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = user.is_superuser = True
        user.set_password(PASSWORD)
        user.save()
        self.stdout.write(
            f"Demo login: username {USERNAME!r}, password {PASSWORD!r} "
            f"at {options['url']}admin/"
        )
