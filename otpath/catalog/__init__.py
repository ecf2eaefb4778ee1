"""The role catalog: non-clinical roles with their sourced facts."""

from .loader import DATA_DIR, default_catalog, load_catalog
from .models import Catalog, Citation, Family, Item, Role, Source

__all__ = [
    "DATA_DIR",
    "Catalog",
    "Citation",
    "Family",
    "Item",
    "Role",
    "Source",
    "default_catalog",
    "load_catalog",
]
