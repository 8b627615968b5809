from __future__ import annotations

from django.conf import settings
from django.db import models


class Department(models.Model):
    name = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class Employee(models.Model):
    name = models.CharField(max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="employees"
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
    )

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    name = models.CharField(max_length=200)
    lead = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="led_projects",
        help_text="Hand the project over before the lead can be deleted.",
    )
    members = models.ManyToManyField(Employee, related_name="projects", blank=True)

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    name = models.CharField(max_length=200)
    friends = models.ManyToManyField("self", blank=True)

    class Meta:
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    name = models.CharField(max_length=128)
    members = models.ManyToManyField(
        Person,
        through="Membership",
        through_fields=("group", "person"),
        related_name="groups",
    )

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner"
        MEMBER = "member"

    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    inviter = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membership_invites",
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    date_joined = models.DateField()

    class Meta:
        unique_together = [("group", "person")]
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(role="owner"),
                name="demo_membership_one_owner_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.group}"
