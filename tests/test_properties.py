"""Property-based tests: round trips on generated payloads, and malformed input never crashes."""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import interlingua
from cases import TARGET_MODELS
from conformance import REQUEST_CHECKERS, RESPONSE_CHECKERS
from features import missing
from strategies import (
    anthropic_messages,
    corrupt,
    gemini,
    gemini_response,
    json_objects,
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


# -- the way back ------------------------------------------------------------------------------

def _answer(resp: Any) -> list[Any]:
    """Texts, calls and canonical finish per choice (what must survive any response format)."""
    out: list[Any] = []
    for choice in resp.choices:
        texts = "".join(p.text for p in choice.parts if isinstance(p, interlingua.ir.Text))
        calls = [(p.name, p.input if p.input is not None else json.loads(p.arguments or "{}"))
                 for p in choice.parts if isinstance(p, interlingua.ir.ToolCall)]
        finish = "stop" if choice.finish == "tool_calls" else choice.finish
        out.append((choice.index, texts, calls, finish))
    return out


@SETTINGS
@given(gemini_response())
def test_gemini_responses_round_trip(body: dict[str, Any]) -> None:
    """Gemini -> Gemini is exact (bodies and streams); Gemini -> OpenAI chat -> Gemini keeps
    the texts, calls, finishes and usage; as a stream, aggregated, the same answer."""
    before = copy.deepcopy(body)
    g = "google.gemini"
    assert interlingua.convert_response(body, g, g) == body
    assert interlingua.aggregate_stream(interlingua.stream_response(body, g), g) == body
    want = _answer(interlingua.read_response(body, g))
    chat = interlingua.convert_response(body, g, "openai.chat", on_loss="ignore")
    assert not RESPONSE_CHECKERS["openai.chat"](chat)
    back = interlingua.convert_response(chat, "openai.chat", g, on_loss="ignore")
    assert not RESPONSE_CHECKERS[g](back)
    got = interlingua.read_response(back, g)
    assert [(i, t, c) for i, t, c, _ in _answer(got)] == [(i, t, c) for i, t, c, _ in want]
    u, v = interlingua.read_response(body, g).usage, got.usage
    assert u is not None and v is not None
    assert (u.input_tokens, u.output_tokens, u.cache_read_tokens, u.total()) == \
        (v.input_tokens, v.output_tokens, v.cache_read_tokens, v.total())
    for target in ("anthropic.messages", "openai.responses", "google.vertex"):
        out = interlingua.convert_response(body, g, target, on_loss="ignore")
        assert not RESPONSE_CHECKERS[target](out), RESPONSE_CHECKERS[target](out)
    assert body == before


@st.composite
def _pieces(draw: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An arguments object and the partialArgs a Vertex stream would send for it: every leaf
    in document order, strings cut in random pieces ending with one without willContinue."""
    args = draw(json_objects.filter(lambda a: not _has_empty(a)))
    pieces: list[dict[str, Any]] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict) and value:
            for key, child in value.items():
                walk(child, f"{path}.{key}")
        elif isinstance(value, list) and value:
            for i, child in enumerate(value):
                walk(child, f"{path}[{i}]")
        elif isinstance(value, str):
            cuts = sorted(draw(st.sets(st.integers(0, len(value)), max_size=3)))
            bounds = [0, *cuts, len(value)]
            for a, b in itertools.pairwise(bounds):
                pieces.append({"jsonPath": path, "stringValue": value[a:b],
                               "willContinue": True})
            pieces.append({"jsonPath": path, "stringValue": ""})
        elif isinstance(value, bool):
            pieces.append({"jsonPath": path, "boolValue": value})
        elif value is None:
            pieces.append({"jsonPath": path, "nullValue": "NULL_VALUE"})
        elif isinstance(value, int):
            pieces.append({"jsonPath": path, "numberValue": value})

    walk(args, "$")
    return args, pieces


def _has_empty(value: Any) -> bool:
    """Whether an object or array inside is empty (partialArgs have no value for one)."""
    if isinstance(value, dict):
        return any((isinstance(v, (dict, list)) and not v) or _has_empty(v)
                   for v in value.values())
    if isinstance(value, list):
        return any((isinstance(v, (dict, list)) and not v) or _has_empty(v) for v in value)
    return False


@SETTINGS
@given(_pieces())
def test_vertex_partial_arguments_assemble(case: tuple[dict[str, Any], list[Any]]) -> None:
    from interlingua.wire.google_gemini.stream import PartialCall

    args, pieces = case
    pc = PartialCall(0, "c", "f")
    text = "".join(pc.add(p) for p in pieces) + pc.close()
    assert not pc.broken
    assert json.loads(text) == pc.root == args
