"""fazhi (法治): an open platform for a justice bureau's law-based-government work."""

__version__ = "0.1.0"
