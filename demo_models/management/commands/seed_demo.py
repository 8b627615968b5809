"""``manage.py seed_demo [--scale N]``: deterministic, realistic demo data.

The same seed and scale always give the same rows. ``--scale`` multiplies the
row counts (about 3,000 rows at scale 1, millions at scale 1000) and every
table is filled with ``bulk_create`` so benchmarks can seed quickly.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone

from demo_models import models as demo

M = TypeVar("M", bound=models.Model)
BATCH = 2000

FIRST = [
    "Ada",
    "Alan",
    "Amara",
    "Ben",
    "Chen",
    "Dara",
    "Elena",
    "Femi",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kemal",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Priya",
    "Ravi",
    "Sofia",
    "Tomas",
    "Uma",
    "Yuki",
    "Zoe",
]
LAST = [
    "Achebe",
    "Borges",
    "Calvino",
    "Dias",
    "Eco",
    "Ferrante",
    "Garcia",
    "Hesse",
    "Ishiguro",
    "Jansson",
    "Kafka",
    "Lindgren",
    "Morrison",
    "Neruda",
    "Okri",
    "Pessoa",
    "Rushdie",
    "Smith",
    "Tolstoy",
    "Undset",
    "Woolf",
    "Xu",
    "Yeats",
    "Zola",
]
WORDS = [
    "river",
    "winter",
    "garden",
    "silent",
    "house",
    "glass",
    "city",
    "light",
    "empty",
    "hour",
    "second",
    "stone",
    "letter",
    "night",
    "summer",
    "mirror",
    "island",
    "road",
    "paper",
    "northern",
]
SUBJECTS = {
    "Fiction": ["Crime", "Fantasy", "Historical", "Science fiction"],
    "Non-fiction": ["Biography", "History", "Travel", "Essays"],
    "Science": ["Physics", "Biology", "Mathematics", "Computing"],
    "Children": ["Picture books", "Young adult", "Early readers"],
    "Arts": ["Music", "Architecture", "Photography"],
    "Reference": ["Dictionaries", "Atlases"],
}
COUNTRIES = [
    "United Kingdom",
    "France",
    "Germany",
    "Japan",
    "Brazil",
    "Nigeria",
    "Canada",
    "India",
]


def batched(items: Iterable[M], size: int = BATCH) -> Iterator[list[M]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Seeder:
    def __init__(self, scale: int, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(
            year=2026, month=11, day=1, hour=12, minute=0, second=0, microsecond=0
        )

    def n(self, per_scale: int) -> int:
        return per_scale * self.scale

    def create(self, model: type[M], rows: Iterable[M]) -> list[Any]:
        """Insert ``rows`` in batches and return their primary keys in order."""
        pks: list[Any] = []
        for chunk in batched(rows):
            pks.extend(obj.pk for obj in model._default_manager.bulk_create(chunk))
        return pks

    def person_name(self, i: int) -> str:
        return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST) + i) % len(LAST)]}"

    def title(self) -> str:
        words = self.rng.sample(WORDS, self.rng.randint(2, 4))
        return "The " + " ".join(words).title()

    def day(self, start_year: int = 1950) -> datetime.date:
        return datetime.date(start_year, 1, 1) + datetime.timedelta(
            days=self.rng.randrange(365 * (2026 - start_year))
        )

    def moment(self) -> datetime.datetime:
        return self.now - datetime.timedelta(minutes=self.rng.randrange(60 * 24 * 365))

    def pairs(
        self, left: Sequence[Any], right: Sequence[Any], per_left: int
    ) -> Iterator[tuple[Any, Any]]:
        for item in left:
            for other in self.rng.sample(right, min(per_left, len(right))):
                yield item, other

    def run(self) -> dict[str, int]:
        users = self.seed_accounts()
        books = self.seed_catalog()
        self.seed_shop(users, books)
        self.seed_organisation(users)
        self.seed_community(users, books)
        return {
            model._meta.label: model._default_manager.count()
            for model in (
                get_user_model(),
                demo.Book,
                demo.Order,
                demo.OrderLine,
                demo.Comment,
            )
        }

    def seed_accounts(self) -> list[Any]:
        user_model = get_user_model()
        password = make_password(None)
        users = self.create(
            user_model,
            (
                user_model(
                    username=f"{self.person_name(i).lower().replace(' ', '.')}.{i}",
                    email=f"user{i}@example.com",
                    password=password,
                    first_name=self.person_name(i).split()[0],
                    last_name=self.person_name(i).split()[1],
                )
                for i in range(self.n(30))
            ),
        )
        # bulk_create sends no post_save, so the profiles are made here.
        self.create(
            demo.Profile,
            (
                demo.Profile(user_id=pk, bio=f"Reader since {2000 + pk % 26}.")
                for pk in users
            ),
        )
        self.create(
            demo.AuditEntry,
            (
                demo.AuditEntry(
                    user_id=self.rng.choice(users),
                    action=self.rng.choice(
                        ["login", "export", "price change", "refund"]
                    ),
                    at=self.moment(),
                )
                for _ in range(self.n(100))
            ),
        )
        return users

    def seed_catalog(self) -> list[Any]:
        publishers = self.create(
            demo.Publisher,
            (
                demo.Publisher(
                    name=f"{LAST[i % len(LAST)]} Press {i}",
                    country=COUNTRIES[i % len(COUNTRIES)],
                )
                for i in range(self.n(8))
            ),
        )
        authors = self.create(
            demo.Author,
            (
                demo.Author(
                    name=self.person_name(i + 7),
                    email=f"author{i}@example.com",
                    birth_date=self.day(1930) if i % 5 else None,
                )
                for i in range(self.n(40))
            ),
        )
        categories: list[Any] = []
        for root_name, children in SUBJECTS.items():
            root = demo.Category.objects.create(name=root_name, slug=root_name.lower())
            categories.append(root.pk)
            categories.extend(
                self.create(
                    demo.Category,
                    (
                        demo.Category(
                            name=child,
                            slug=f"{root.slug}-{child.lower().replace(' ', '-')}",
                            parent=root,
                        )
                        for child in children
                    ),
                )
            )
        books = self.create(
            demo.Book,
            (
                demo.Book(
                    title=self.title(),
                    isbn=f"978{i:010d}",
                    publication_date=self.day(),
                    page_count=self.rng.randint(64, 900),
                    price=Decimal(self.rng.randint(499, 4999)) / 100,
                    author_id=self.rng.choice(authors),
                    publisher_id=self.rng.choice(publishers),
                )
                for i in range(self.n(200))
            ),
        )
        through = demo.Book.categories.through
        self.create(
            through,
            (
                through(book_id=b, category_id=c)
                for b, c in self.pairs(books, categories, 2)
            ),
        )
        roles = list(demo.AuthorBook.Role)
        self.create(
            demo.AuthorBook,
            (
                demo.AuthorBook(author_id=a, book_id=b, role=self.rng.choice(roles))
                for b, a in self.pairs(books[::2], authors, 1)
            ),
        )
        return books

    def seed_shop(self, users: list[Any], books: list[Any]) -> None:
        tax_classes = [
            demo.TaxClass.objects.get_or_create(
                pk=pk, defaults={"name": name, "rate": rate}
            )[0].pk
            for pk, name, rate in (
                (demo.shop.STANDARD_TAX_CLASS_ID, "Standard", "20.00"),
                (2, "Reduced", "5.00"),
                (3, "Zero", "0.00"),
            )
        ]
        product_categories = self.create(
            demo.ProductCategory,
            (
                demo.ProductCategory(name=name)
                for name in [
                    "Books",
                    "E-books",
                    "Audio",
                    "Gifts",
                    "Stationery",
                    "Games",
                    "Maps",
                    "Posters",
                    "Calendars",
                    "Gift cards",
                ]
            ),
        )
        self.create(
            demo.Place,
            (
                demo.Place(name=f"{w.title()} Warehouse", address=f"{i} Dock Road")
                for i, w in enumerate(WORDS[: self.n(2)])
            ),
        )
        # Multi-table inheritance cannot be bulk-inserted: one row at a time.
        stores = [
            demo.Store.objects.create(
                name=f"{self.rng.choice(WORDS).title()} Books {i}",
                address=f"{i + 1} High Street",
                opening_hours="Mon-Sat 9-18",
            ).pk
            for i in range(self.n(3))
        ]
        product_rows = [
            demo.Product(
                store_id=self.rng.choice(stores),
                name=f"Product {i}",
                sku=f"SKU-{i:07d}",
                price=Decimal(self.rng.randint(199, 9999)) / 100,
                book_id=books[i] if i < len(books) and i % 2 == 0 else None,
                tax_class_id=self.rng.choice(tax_classes),
            )
            for i in range(self.n(150))
        ]
        products = self.create(demo.Product, product_rows)
        # An order is sold by one store, from that store's products.
        store_products: dict[Any, list[Any]] = {}
        for row, pk in zip(product_rows, products, strict=True):
            store_products.setdefault(row.store_id, []).append(pk)
        selling = sorted(store_products)
        through = demo.Product.categories.through
        self.create(
            through,
            (
                through(product_id=p, productcategory_id=c)
                for p, c in self.pairs(products, product_categories, 1)
            ),
        )
        customers = self.create(
            demo.Customer,
            (
                demo.Customer(user_id=u, phone=f"+44 20 7946 {u % 10000:04d}")
                for u in users[::2]
            ),
        )
        statuses = list(demo.Order.Status)
        order_rows = [
            demo.Order(
                customer_id=self.rng.choice(customers),
                store_id=self.rng.choice(selling),
                status=self.rng.choice(statuses),
                created_by_id=self.rng.choice(users),
            )
            for _ in range(self.n(200))
        ]
        orders = self.create(demo.Order, order_rows)
        self.create(
            demo.OrderLine,
            (
                demo.OrderLine(
                    order_id=order,
                    product_id=product,
                    quantity=self.rng.randint(1, 4),
                    unit_price=Decimal(self.rng.randint(199, 4999)) / 100,
                )
                for row, order in zip(order_rows, orders, strict=True)
                for _order, product in self.pairs(
                    [order], store_products[row.store_id], 2
                )
            ),
        )
        self.create(
            demo.Review,
            (
                demo.Review(
                    product_id=self.rng.choice(products),
                    rating=self.rng.randint(1, 5),
                    text=self.rng.choice(
                        ["", "Loved it.", "Arrived late.", "A gift that landed well."]
                    ),
                    created_by_id=self.rng.choice(users),
                )
                for _ in range(self.n(300))
            ),
        )

    def seed_organisation(self, users: list[Any]) -> None:
        departments = self.create(
            demo.Department,
            (
                demo.Department(name=f"{name} {i // 6}")
                for i, name in enumerate(
                    ["Buying", "Sales", "Events", "Logistics", "Finance", "Editorial"]
                    * self.scale
                )
            ),
        )
        employees: list[Any] = []
        for index, department in enumerate(departments):
            # Each head of department has a login; the others do not.
            head = demo.Employee.objects.create(
                name=self.person_name(len(employees) + 3),
                department_id=department,
                user_id=users[index],
            )
            employees.append(head.pk)
            employees.extend(
                self.create(
                    demo.Employee,
                    (
                        demo.Employee(
                            name=self.person_name(len(employees) + 3 + j),
                            department_id=department,
                            manager_id=head.pk,
                        )
                        for j in range(9)
                    ),
                )
            )
        projects = self.create(
            demo.Project,
            (
                demo.Project(
                    name=f"Project {self.rng.choice(WORDS).title()} {i}",
                    lead_id=self.rng.choice(employees),
                )
                for i in range(self.n(20))
            ),
        )
        through = demo.Project.members.through
        self.create(
            through,
            (
                through(project_id=p, employee_id=e)
                for p, e in self.pairs(projects, employees, 4)
            ),
        )

        people = self.create(
            demo.Person,
            (demo.Person(name=self.person_name(i + 11)) for i in range(self.n(50))),
        )
        friendships = {
            tuple(sorted(pair))
            for pair in self.pairs(people, people, 2)
            if pair[0] != pair[1]
        }
        friends = demo.Person.friends.through
        self.create(
            friends,
            (
                friends(from_person_id=a, to_person_id=b)
                for x, y in sorted(friendships)
                for a, b in ((x, y), (y, x))
            ),
        )
        groups = self.create(
            demo.Group,
            (
                demo.Group(name=f"{self.rng.choice(WORDS).title()} reading circle {i}")
                for i in range(self.n(8))
            ),
        )
        memberships = []
        for group in groups:
            members = self.rng.sample(people, min(15, len(people)))
            for position, person in enumerate(members):
                memberships.append(
                    demo.Membership(
                        group_id=group,
                        person_id=person,
                        inviter_id=members[0] if position else None,
                        role=demo.Membership.Role.OWNER
                        if position == 0
                        else demo.Membership.Role.MEMBER,
                        date_joined=self.day(2015),
                    )
                )
        self.create(demo.Membership, memberships)

    def seed_community(self, users: list[Any], books: list[Any]) -> None:
        tags = self.create(demo.Tag, (demo.Tag(name=w) for w in WORDS))
        posts = self.create(
            demo.Post,
            (
                demo.Post(
                    author_id=self.rng.choice(users),
                    title=self.title(),
                    body="A few thoughts on what we read this month.",
                    published_at=self.moment() if i % 4 else None,
                )
                for i in range(self.n(100))
            ),
        )
        through = demo.Post.tags.through
        self.create(
            through,
            (through(post_id=p, tag_id=t) for p, t in self.pairs(posts, tags, 3)),
        )
        self.create(
            demo.Comment,
            (
                demo.Comment(
                    post_id=self.rng.choice(posts),
                    author_id=self.rng.choice(users),
                    body=self.rng.choice(
                        ["Agreed!", "Not sure about this one.", "Adding it to my list."]
                    ),
                    created_at=self.moment(),
                )
                for _ in range(self.n(300))
            ),
        )
        book_type = ContentType.objects.get_for_model(demo.Book)
        post_type = ContentType.objects.get_for_model(demo.Post)
        self.create(
            demo.Note,
            (
                demo.Note(content_type=content_type, object_id=pk, text=text)
                for content_type, pks, text in (
                    (book_type, books[::3], "Check the reprint date."),
                    (post_type, posts[::4], "Featured in the newsletter."),
                )
                for pk in pks
            ),
        )
        students = self.create(
            demo.Student,
            (
                demo.Student(
                    name=self.person_name(i + 5), email=f"student{i}@example.com"
                )
                for i in range(self.n(80))
            ),
        )
        courses = self.create(
            demo.Course,
            (
                demo.Course(
                    title=f"Reading {self.rng.choice(WORDS)} literature",
                    code=f"LIT{i:05d}",
                )
                for i in range(self.n(12))
            ),
        )
        enrolments = demo.Course.students.through
        self.create(
            enrolments,
            (
                enrolments(course_id=c, student_id=s)
                for s, c in self.pairs(students, courses, 3)
            ),
        )


class Command(BaseCommand):
    help = "Fill the demo tables with deterministic, realistic data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply row counts (1: about 3,000 rows).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")

    def handle(self, *args: Any, scale: int, seed: int, **options: Any) -> None:
        if scale < 1:
            raise CommandError("--scale must be a positive integer.")
        if demo.Book.objects.exists():
            self.stdout.write("The demo data is already there; nothing to do.")
            return
        with transaction.atomic():
            counts = Seeder(scale, seed).run()
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Seeded the demo: {summary}."))
