from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The project's own users, under the label Django's auth would take."""

    name = "tests.bareproject.accounts"
    label = "auth"
