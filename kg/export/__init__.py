"""Exporters: the graph and its tables as files, Neo4j (push and bulk CSV), the HTML viewer."""

from kg.export.files import extraction_records, paper_records, write_outputs

__all__ = ["extraction_records", "paper_records", "write_outputs"]
