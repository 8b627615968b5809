"""Thin views: parse and check parameters, call schema/render, respond."""
