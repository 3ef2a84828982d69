"""Fetch daily listings from their sources into a local cache: Hugging Face Daily Papers and the arXiv API.

``kg fetch`` and ``kg daily`` use :func:`fetch`; what lands in the cache is
each source's own raw answer, which ``kg build`` reads like any saved listing.
"""

from kg.fetch.cache import Cache, default_cache_dir
from kg.fetch.days import DayOutcome, Fetcher, FetchReport, Source, day_range, fetch, parse_source
from kg.fetch.http import FetchError, HttpPolicy, HttpStats

__all__ = [
    "Cache", "DayOutcome", "FetchError", "FetchReport", "Fetcher", "HttpPolicy", "HttpStats", "Source",
    "day_range", "default_cache_dir", "fetch", "parse_source",
]
