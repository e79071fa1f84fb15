from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from golden_snapshot import GoldenJSON


@pytest.fixture
def golden(snapshot):  # type: ignore[no-untyped-def]
    """Snapshot assertion whose files live under golden/ (see golden_snapshot.py)."""
    return snapshot.use_extension(GoldenJSON)
