from django.apps import AppConfig

from ..strings import HOSTILE


class EvilConfig(AppConfig):
    name = "tests.hostile.evil"
    label = "evil"
    verbose_name = HOSTILE[0] + HOSTILE[5]
