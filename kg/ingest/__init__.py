"""Ingest: read listing files into entries, then merge entries into papers."""

from kg.ingest.merge import Ingested, ingest
from kg.ingest.result import ReadResult
from kg.ingest.sources import FORMATS, detect_format, read_path, read_text

__all__ = ["FORMATS", "Ingested", "ReadResult", "detect_format", "ingest", "read_path", "read_text"]
