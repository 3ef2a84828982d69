"""Ingest: read listing files (saved pages, JSON, CSV, the Hub's JSON, arXiv Atom feeds) into entries, then merge entries into papers."""

from kg.ingest.merge import Ingested, ingest
from kg.ingest.result import ReadResult
from kg.ingest.sources import FORMATS, detect_format, read_path, read_text

__all__ = ["FORMATS", "Ingested", "ReadResult", "detect_format", "ingest", "read_path", "read_text"]
