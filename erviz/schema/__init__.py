"""The schema graph: what erviz knows about the project's models."""

from __future__ import annotations

from .introspect import build_schema
from .model import App, Field, ModelNode, Relation, Schema

__all__ = ["App", "Field", "ModelNode", "Relation", "Schema", "build_schema"]
