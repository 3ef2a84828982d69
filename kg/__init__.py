"""kg: machine-learning paper listings -> a knowledge graph of papers, methods,
datasets, tasks and code repositories.

Nothing heavy is imported here; the pipeline loads when first used.
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.errors import InputError, KgError, OutputError, UnknownFormat
from kg.model import Entity, EntityLink, Entry, Listing, Mention, Paper, Sighting

__all__ = [
    "Entity",
    "EntityLink",
    "Entry",
    "InputError",
    "KgError",
    "Listing",
    "Mention",
    "OutputError",
    "Paper",
    "Sighting",
    "UnknownFormat",
    "__version__",
]
