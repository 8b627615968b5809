"""What deleting a model's row does, following Django's Collector rules."""
