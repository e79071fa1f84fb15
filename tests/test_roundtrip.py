"""Round trips on every golden case: X -> X is exact and lossless; X -> Y -> X keeps what Y
can carry (every fact of the input is still there, or a loss of either hop names it)."""

from __future__ import annotations

import pytest

import interlingua
from cases import Case, request_cases, targets
from features import missing

CASES = request_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_identity(case: Case) -> None:
    out = interlingua.convert_request(case.payload, case.source, case.source, on_loss="raise",
                                      options=case.options())
    assert out == case.payload
    assert out is not case.payload


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@pytest.mark.parametrize("via", targets())
def test_there_and_back(case: Case, via: str) -> None:
    if via == case.source:
        return
    there = interlingua.translate_request(case.payload, case.source, via,
                                          model=case.model_for(via), on_loss="ignore",
                                          options=case.options())
    back = interlingua.translate_request(there.body, via, case.source,
                                         model=case.payload.get("model"), on_loss="ignore")
    original = interlingua.read_request(case.payload, case.source)
    returned = interlingua.read_request(back.body, case.source)
    # Losses of the second hop are reported against the intermediate payload's paths; the
    # first hop's losses and renames are what bound the comparison.
    lost = missing(original, returned, there.losses, there.renames)
    assert not lost, f"lost on the way {case.source} -> {via} -> {case.source}: {lost}"
