"""Every recorded response, stream and error, converted to every format.

Each output is checked against the official SDK types (stream event unions included) and
the target's stream conventions, compared with its golden snapshot, and streams are checked
to aggregate to the same answer as the converted aggregate of the source stream.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

import interlingua
from conformance import RESPONSE_CHECKERS, STREAM_EVENT_CHECKERS
from recorded import Recording, recordings, response_formats
from stream_order import ORDER_CHECKERS

RESPONSES = recordings("response")
STREAMS = recordings("stream")
ERRORS = recordings("error")
TARGETS = response_formats()


def _pairs(recs: list[Recording]) -> list[tuple[Recording, str]]:
    return [(r, t) for r in recs for t in TARGETS]


def _losses(losses: list[Any]) -> list[str]:
    return [f"{x.path}: {x.kind}: {x.reason}" for x in losses]


@pytest.mark.parametrize(("rec", "target"), _pairs(RESPONSES),
                         ids=[f"{r.id}->{t}" for r, t in _pairs(RESPONSES)])
def test_response(rec: Recording, target: str, golden: Any) -> None:
    body = rec.load()
    before = copy.deepcopy(body)
    result = interlingua.translate_response(body, rec.format, target, on_loss="ignore")
    assert body == before
    check = RESPONSE_CHECKERS[target]
    if target == rec.format:
        assert result.body == body, "a same-format response must come back unchanged"
    if target != rec.format or not check(body):   # dialect recordings carry extra fields
        errors = check(result.body)
        assert not errors, "\n".join(errors)
    assert result.body == golden(name=rec.snapshot(target))
    assert _losses(result.losses) == golden(name=rec.snapshot(f"{target}.losses"))


@pytest.mark.parametrize(("rec", "target"), _pairs(STREAMS),
                         ids=[f"{r.id}->{t}" for r, t in _pairs(STREAMS)])
def test_stream(rec: Recording, target: str, golden: Any) -> None:
    outputs, losses = [], []
    for events in rec.streams():
        out, conv_losses = _check_stream(rec, events, target)
        outputs.append(out)
        losses.append(conv_losses)
    assert (outputs if len(outputs) > 1 else outputs[0]) == golden(name=rec.snapshot(target))
    flat = [x for group in losses for x in group]
    assert flat == golden(name=rec.snapshot(f"{target}.losses"))


def _check_stream(rec: Recording, events: list[dict[str, Any]], target: str
                  ) -> tuple[list[dict[str, Any]], list[str]]:
    request = {"stream_options": {"include_usage": True}}
    conv = interlingua.StreamConverter(rec.format, target, on_loss="ignore", request=request)
    out = [e for ev in events for e in conv.feed(ev)] + conv.close()
    if target == rec.format:
        assert out == events, "a same-format stream passes through unchanged"
        return out, _losses(conv.losses)
    check = STREAM_EVENT_CHECKERS[target]
    for i, e in enumerate(out):
        errors = check(e)
        assert not errors, f"event {i}: " + "\n".join(errors)
    order = ORDER_CHECKERS.get(target)
    if order is not None:
        kw = {"include_usage": conv.usage is not None} if target == "openai.chat" else {}
        errors = order(out, **kw)
        assert not errors, "\n".join(errors)
    # Converting then aggregating gives what aggregating then converting gives.
    via_stream = interlingua.aggregate_stream(out, target, on_loss="ignore")
    via_body = interlingua.convert_response(
        interlingua.aggregate_stream(events, rec.format, on_loss="ignore"),
        rec.format, target, on_loss="ignore")
    assert _answer(via_stream, target) == _answer(via_body, target)
    return out, _losses(conv.losses)


def _answer(body: dict[str, Any], fmt: str) -> list[tuple[str, str]]:
    """The text and tool calls of a response, for comparison across shapes."""
    resp = interlingua.read_response(body, fmt)
    out = []
    for choice in resp.choices:
        for part in choice.parts:
            if isinstance(part, interlingua.ir.Text):
                if part.text:
                    out.append(("text", part.text))
            elif isinstance(part, interlingua.ir.ToolCall):
                out.append(("call", f"{part.name}:{_args(part)}"))
        out.append(("finish", str(choice.finish)))
    return out


@pytest.mark.parametrize(("rec", "target"), _pairs(STREAMS),
                         ids=[f"{r.id}->{t}" for r, t in _pairs(STREAMS)])
def test_cut_stream_still_ends_well(rec: Recording, target: str) -> None:
    events = rec.streams()[0]
    first_finish = next((i for i, ev in enumerate(events) if _finishes(ev)), len(events))
    cuts = sorted({1, len(events) // 3, len(events) // 2, len(events) - 1} - {0})
    for cut in cuts:
        conv = interlingua.StreamConverter(rec.format, target, on_loss="ignore")
        fed = [e for ev in events[:cut] for e in conv.feed(ev)]
        ending = conv.close()
        cut_early = any(loss.reason.startswith("the stream ended") for loss in conv.losses)
        if cut <= first_finish:
            assert cut_early, f"cut at {cut}: not reported"
        if cut_early:
            assert conv.usage is not None and conv.usage.estimated
        # Everything interlingua wrote conforms (a same-format stream passes the source's
        # own events through; only the ending is ours).
        ours = ending if target == rec.format else fed + ending
        for e in ours:
            assert not STREAM_EVENT_CHECKERS[target](e), STREAM_EVENT_CHECKERS[target](e)
        order = ORDER_CHECKERS.get(target)
        if order is not None and target != rec.format:
            assert not order(fed + ending), order(fed + ending)


def _finishes(ev: dict[str, Any]) -> bool:
    if ev.get("type") == "message_delta":
        return (ev.get("delta") or {}).get("stop_reason") is not None
    if ev.get("type") == "message_start":
        return (ev.get("message") or {}).get("stop_reason") is not None
    if "candidates" in ev:   # Gemini
        return any(isinstance(c, dict) and c.get("finishReason") for c in ev["candidates"])
    return any(isinstance(c, dict) and c.get("finish_reason") for c in ev.get("choices") or ())


@pytest.mark.parametrize(("rec", "target"), _pairs(ERRORS),
                         ids=[f"{r.id}->{t}" for r, t in _pairs(ERRORS)])
def test_error(rec: Recording, target: str, golden: Any) -> None:
    body = rec.load()
    status, out = interlingua.convert_error(body, rec.format, target, status=400)
    assert status == golden(name=rec.snapshot(f"{target}.status"))
    assert out == golden(name=rec.snapshot(target))


def test_streams_convert_event_by_event() -> None:
    """Deltas flow as they arrive: no text delta is held back until the end."""
    for rec in STREAMS:
        events = rec.streams()[0]
        for target in TARGETS:
            if target == rec.format:
                continue
            conv = interlingua.StreamConverter(rec.format, target, on_loss="ignore")
            for ev in events:
                out = conv.feed(ev)
                if _has_text(ev):
                    assert out, f"{rec.id} -> {target}: a text delta produced nothing"
            conv.close()


def _args(call: Any) -> str:
    if call.input is not None:
        return json.dumps(call.input, sort_keys=True)
    try:
        return json.dumps(json.loads(call.arguments or "{}"), sort_keys=True)
    except json.JSONDecodeError:
        return "{}"  # cut by the upstream: object-argument formats can only carry {}


def _has_text(ev: dict[str, Any]) -> bool:
    if ev.get("type") == "content_block_delta":
        return bool((ev.get("delta") or {}).get("text"))
    if "candidates" in ev:   # Gemini: a text part that is not a thought
        return any(isinstance(p, dict) and p.get("text") and not p.get("thought")
                   for c in ev["candidates"] or () if isinstance(c, dict)
                   for p in (c.get("content") or {}).get("parts") or ())
    return any(isinstance(c, dict) and (c.get("delta") or {}).get("content")
               for c in ev.get("choices") or ())

