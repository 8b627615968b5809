from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "tests.history.ledger"
    label = "ledger"
