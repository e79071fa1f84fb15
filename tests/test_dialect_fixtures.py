"""Responses and streams of the dialects with no recording in tests/data/recorded, converted
to every format that has the way back: the same checks as test_recorded.py (SDK types plus the
dialect allowlists, stream conventions, aggregation, exact same-format round trips) and golden
snapshots under golden/responses/dialects/ and golden/streams/dialects/.

The fixtures in tests/data/dialects/ are modelled on each vendor's documented examples and on
public client code (see the README there); they are not recordings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import test_recorded as recorded_tests
from recorded import Recording, response_formats

DATA = Path(__file__).resolve().parent / "data" / "dialects"
TARGETS = response_formats()


def _fixtures(kind: str) -> list[Recording]:
    out = []
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if path.name.endswith((".json", ".chunks.txt")):
                rec = Recording(path, f"dialects/{folder.name}", folder.name)
                if rec.kind == kind:
                    out.append(rec)
    return out


RESPONSES = _fixtures("response")
STREAMS = _fixtures("stream")
RPAIRS = [(r, t) for r in RESPONSES for t in TARGETS]
SPAIRS = [(r, t) for r in STREAMS for t in TARGETS]


@pytest.mark.parametrize(("rec", "target"), RPAIRS, ids=[f"{r.id}->{t}" for r, t in RPAIRS])
def test_dialect_response(rec: Recording, target: str, golden: Any) -> None:
    recorded_tests.test_response(rec, target, golden)


@pytest.mark.parametrize(("rec", "target"), SPAIRS, ids=[f"{r.id}->{t}" for r, t in SPAIRS])
def test_dialect_stream(rec: Recording, target: str, golden: Any) -> None:
    recorded_tests.test_stream(rec, target, golden)


@pytest.mark.parametrize(("rec", "target"), SPAIRS, ids=[f"{r.id}->{t}" for r, t in SPAIRS])
def test_dialect_cut_stream_still_ends_well(rec: Recording, target: str) -> None:
    recorded_tests.test_cut_stream_still_ends_well(rec, target)


def test_every_dialect_has_fixtures() -> None:
    """Each dialect without recorded traffic has a doc-modelled response fixture."""
    covered = {r.format for r in RESPONSES} | {"xai.chat", "deepseek.chat", "moonshot.chat"}
    dialects = {"openrouter.chat", "vllm.chat", "xai.chat", "deepseek.chat", "zhipu.chat",
                "zhipu.anthropic", "moonshot.chat", "minimax.chat", "google.openai",
                "vertex.anthropic", "bedrock.anthropic"}
    assert dialects <= covered
