"""otpath: a career navigator for occupational therapy practitioners moving into non-clinical work."""

__version__ = "0.1.0"
__all__ = ["__version__"]
