"""A bookstore and its organisation: every classic relationship pattern.

Each module is one corner of the domain; together they use every on_delete
action where it makes sense, both kinds of many-to-many, a generic relation,
multi-table inheritance, a proxy and an abstract base with an interpolated
related_name.
"""

from .accounts import AuditEntry, Profile, create_user_with_profile, get_sentinel_user
from .catalog import Author, AuthorBook, BestSeller, Book, Category, Publisher
from .community import Comment, Course, Note, Post, Student, Tag
from .organisation import Department, Employee, Group, Membership, Person, Project
from .shop import (
    Customer,
    Order,
    OrderLine,
    Place,
    Product,
    ProductCategory,
    Review,
    Store,
    TaxClass,
)

__all__ = [
    "AuditEntry",
    "Author",
    "AuthorBook",
    "BestSeller",
    "Book",
    "Category",
    "Comment",
    "Course",
    "Customer",
    "Department",
    "Employee",
    "Group",
    "Membership",
    "Note",
    "Order",
    "OrderLine",
    "Person",
    "Place",
    "Post",
    "Product",
    "ProductCategory",
    "Profile",
    "Project",
    "Publisher",
    "Review",
    "Store",
    "Student",
    "Tag",
    "TaxClass",
    "create_user_with_profile",
    "get_sentinel_user",
]
