"""Property-based tests: round trips on generated payloads, and malformed input never crashes."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import interlingua
from cases import TARGET_MODELS
from conformance import REQUEST_CHECKERS
from features import missing
from strategies import (
    anthropic_messages,
    corrupt,
    gemini,
    openai_chat,
    openai_completions,
    openai_responses,
)

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
GENERATORS = {"openai.chat": openai_chat, "anthropic.messages": anthropic_messages,
              "openai.responses": openai_responses, "openai.completions": openai_completions,
              "google.gemini": gemini}
MODELS = {**TARGET_MODELS, "openai.chat": "gpt-4.1", "anthropic.messages": "claude-sonnet-4-5",
          "openai.responses": "gpt-5", "openai.completions": "gpt-3.5-turbo-instruct"}


def _round_trips(payload: dict[str, Any], source: str) -> None:
    before = copy.deepcopy(payload)
    assert interlingua.convert_request(payload, source, source, on_loss="raise") == payload
    for target in interlingua.formats():
        there = interlingua.translate_request(payload, source, target, model=MODELS[target],
                                              on_loss="ignore")
        check = REQUEST_CHECKERS[target]
        if target != source:   # the same format returns the input as it was (asserted above)
            assert not check(there.body), check(there.body)
        back = interlingua.translate_request(there.body, target, source,
                                             model=payload.get("model"), on_loss="ignore")
        lost = missing(interlingua.read_request(payload, source),
                       interlingua.read_request(back.body, source), there.losses,
                       there.renames)
        assert not lost, lost
    assert payload == before


@SETTINGS
@given(openai_chat())
def test_openai_chat_round_trips(payload: dict[str, Any]) -> None:
    _round_trips(payload, "openai.chat")


@SETTINGS
@given(anthropic_messages())
def test_anthropic_round_trips(payload: dict[str, Any]) -> None:
    _round_trips(payload, "anthropic.messages")


@SETTINGS
@given(openai_responses())
def test_openai_responses_round_trips(payload: dict[str, Any]) -> None:
    _round_trips(payload, "openai.responses")


@SETTINGS
@given(openai_completions())
def test_openai_completions_round_trips(payload: dict[str, Any]) -> None:
    _round_trips(payload, "openai.completions")


@SETTINGS
@given(gemini())
def test_gemini_round_trips(payload: dict[str, Any]) -> None:
    _round_trips(payload, "google.gemini")


@SETTINGS
@given(st.data(), st.sampled_from(sorted(GENERATORS)))
def test_malformed_input_gives_typed_errors(data: Any, source: str) -> None:
    payload = corrupt(data.draw(GENERATORS[source]()), data.draw)
    for target in interlingua.formats():
        try:
            interlingua.convert_request(payload, source, target, model=MODELS[target],
                                        on_loss="ignore")
        except (interlingua.InvalidPayloadError, interlingua.ConversionError) as exc:
            assert exc.path.startswith("$")
