"""Turning a schema (or a part of it) into bytes, one module per format."""
