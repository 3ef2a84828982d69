"""One kg pipeline for every extraction test: building it reads the gazetteer, so it is built once."""

from __future__ import annotations

import pytest

from kg.extract.pipeline import build_nlp


@pytest.fixture(scope="session")
def nlp():
    return build_nlp()
