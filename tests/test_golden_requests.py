"""Golden request conversions: every case to every format, reviewed snapshots.

For each case under golden/requests/<source>/<case>/input.json and each registered target:
  * the output matches its snapshot golden/requests/<source>/<case>/<target>.json and the
    losses match <target>.losses.json;
  * the output conforms to the target vendor's official SDK types (unknown keys rejected);
  * every fact of the input survives, or a loss names its path (features.py).
The canonical IR of each input is snapshotted as ir.json.
"""

from __future__ import annotations

import copy
from typing import Any

import msgspec
import pytest

import interlingua
from cases import Case, request_cases, targets
from conformance import REQUEST_CHECKERS
from features import missing

CASES = request_cases()
PAIRS = [(case, target) for case in CASES for target in targets()]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_golden_ir(case: Case, golden: Any) -> None:
    ir_dump = msgspec.to_builtins(interlingua.read_request(case.payload, case.source,
                                                           options=case.options()))
    assert ir_dump == golden(name=case.snapshot_name("ir"))


@pytest.mark.parametrize(("case", "target"), PAIRS, ids=[f"{c.id}->{t}" for c, t in PAIRS])
def test_golden_request(case: Case, target: str, golden: Any) -> None:
    before = copy.deepcopy(case.payload)
    result = interlingua.translate_request(case.payload, case.source, target,
                                           model=case.model_for(target), on_loss="ignore",
                                           options=case.options())
    assert case.payload == before, "the input was mutated"
    checker = REQUEST_CHECKERS.get(target)
    if checker is not None:
        errors = checker(result.body)
        assert not errors, f"{target} output does not conform:\n" + "\n".join(errors)
    reread = interlingua.read_request(result.body, target)
    lost = missing(result.ir, reread, result.losses, result.renames)
    assert not lost, f"{target} lost without a report: {lost}"
    assert result.body == golden(name=case.snapshot_name(target))
    losses = [f"{x.path}: {x.kind}: {x.reason}" for x in result.losses]
    assert losses == golden(name=case.snapshot_name(f"{target}.losses"))
