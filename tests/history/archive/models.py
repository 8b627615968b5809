from django.db import models

from tests.history.ledger.models import Customer, Group


class Archived(models.Model):
    customer = models.ForeignKey(Customer, models.CASCADE)
    group = models.ForeignKey(Group, models.SET_NULL, null=True)
