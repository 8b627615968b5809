"""An empty app for models declared inside isolate_apps() in the review tests."""
