"""erviz: see a Django project's model relationships inside the admin."""

__version__ = "0.1.0"
