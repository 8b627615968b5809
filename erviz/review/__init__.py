"""Schema review: diffs of exports and lint rules."""
