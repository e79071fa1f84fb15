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
