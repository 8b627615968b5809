from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    # Not in any migration: migration state has no generic relations.
    notes = GenericRelation("Note")


class Label(models.Model):
    name = models.CharField(max_length=50)


class Order(models.Model):
    buyer = models.ForeignKey(Customer, models.CASCADE, related_name="orders")
    labels = models.ManyToManyField(Label, blank=True)


class Profile(models.Model):
    customer = models.ForeignKey(Customer, models.SET_NULL, null=True)


class Place(models.Model):
    name = models.CharField(max_length=50)


class Restaurant(Place):
    serves_pizza = models.BooleanField(default=False)


class Group(models.Model):
    name = models.CharField(max_length=50)
    members = models.ManyToManyField(Customer, through="Membership")


class Membership(models.Model):
    customer = models.ForeignKey(Customer, models.CASCADE)
    group = models.ForeignKey(Group, models.CASCADE, related_name="memberships")


class Note(models.Model):
    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey()
