"""A syrupy extension that keeps golden outputs as readable JSON files under ``golden/``.

A snapshot is addressed by its path relative to ``golden/`` (without ``.json``), e.g.
``snapshot(name="requests/openai.chat/01-agent-loop/anthropic.messages")``. Files are pretty
JSON in the vendor's own key order, so a reviewer reads them as the vendor would.
``pytest --snapshot-update`` writes new or changed outputs; it never deletes anything (golden
inputs live beside the outputs), so discovery of "unused" snapshots is turned off.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from syrupy.data import SnapshotCollections
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def dump(data: Any) -> str:
    """Pretty JSON; a list of objects (a stream's events) gets one compact object per line,
    so a stream reads top to bottom as it was sent."""
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        rows = (json.dumps(x, ensure_ascii=False) for x in data)
        return "[\n" + ",\n".join(rows) + "\n]\n"
    if isinstance(data, list) and data and all(
            isinstance(x, list) and x and all(isinstance(y, dict) for y in x) for x in data):
        groups = ("[\n" + ",\n".join(json.dumps(y, ensure_ascii=False) for y in x) + "\n]"
                  for x in data)
        return "[\n" + ",\n".join(groups) + "\n]\n"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class GoldenJSON(SingleFileSnapshotExtension):
    file_extension = "json"
    _write_mode = WriteMode.TEXT

    def serialize(self, data: Any, **kwargs: Any) -> str:
        return dump(data)

    @classmethod
    def dirname(cls, *, test_location: Any) -> str:
        return str(GOLDEN)

    @classmethod
    def get_file_basename(cls, *, test_location: Any, index: Any) -> str:
        return str(index)

    @classmethod
    def get_snapshot_name(cls, *, test_location: Any, index: Any = 0) -> str:
        return str(index).rsplit("/", 1)[-1]

    def discover_snapshots(self, *, test_location: Any, ignore_extensions: Any = None
                           ) -> SnapshotCollections:
        return SnapshotCollections()
