"""SSE parsing on real recordings split at every possible point, and SSE writing."""

from __future__ import annotations

import json
import random

import pytest

import interlingua
from interlingua import sse
from recorded import recordings

STREAMS = recordings("stream")


def _wire(rec_events: list[dict[str, object]], fmt: str, crlf: bool = False) -> bytes:
    raw = b"".join(sse.write(rec_events, fmt))
    return raw.replace(b"\n", b"\r\n") if crlf else raw


@pytest.mark.parametrize("rec", STREAMS[:6], ids=[r.id for r in STREAMS[:6]])
@pytest.mark.parametrize("crlf", [False, True])
def test_every_split_point(rec, crlf: bool) -> None:  # type: ignore[no-untyped-def]
    events = rec.load()[:12]
    raw = _wire(events, rec.format, crlf)
    want = [(e.event, e.data) for e in sse.parse([raw])]
    assert [json.loads(d) for _, d in want if d != "[DONE]"] == events
    for cut in range(1, len(raw)):
        got = [(e.event, e.data) for e in sse.parse([raw[:cut], raw[cut:]])]
        assert got == want, f"split at byte {cut}"


@pytest.mark.parametrize("rec", STREAMS, ids=[r.id for r in STREAMS])
def test_random_chunkings(rec) -> None:  # type: ignore[no-untyped-def]
    events = rec.load()
    raw = _wire(events, rec.format, crlf=len(events) % 2 == 0)
    rng = random.Random(rec.id)
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(raw)), min(len(raw) - 1, rng.randint(1, 60))))
        chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
        assert list(sse.iter_json(chunks)) == events


def test_event_names_comments_multiline_and_done() -> None:
    text = (": keep-alive\n\n"
            "event: message_start\ndata: {\"type\":\ndata: \"message_start\"}\n\n"
            "id: 7\nretry: 1500\ndata: {\"a\": 1}\n\n"
            "data: [DONE]\n\n")
    events = list(sse.parse([text.encode()]))
    assert events[0].event == "message_start"
    assert events[0].data == '{"type":\n"message_start"}'
    assert events[1].id == "7" and events[1].retry == 1500
    assert events[2].done
    assert list(sse.iter_json([text])) == [{"type": "message_start"}, {"a": 1}]


def test_utf8_split_inside_a_character_and_bom() -> None:
    raw = "\ufeffdata: {\"text\": \"héllo 🌍\"}\n\n".encode()
    for cut in range(1, len(raw)):
        assert list(sse.iter_json([raw[:cut], raw[cut:]])) == [{"text": "héllo 🌍"}]


def test_last_event_without_blank_line_is_dispatched() -> None:
    assert list(sse.iter_json([b"data: {\"a\": 1}"])) == [{"a": 1}]


def test_writer_names_events_per_format() -> None:
    anth = [{"type": "message_start", "message": {}}, {"type": "message_stop"}]
    out = b"".join(sse.write(anth, "anthropic.messages"))
    assert out.startswith(b"event: message_start\ndata: ")
    assert not out.endswith(sse.DONE)
    chat = [{"id": "x", "choices": []}]
    out = b"".join(sse.write(chat, "openai.chat"))
    assert out.startswith(b"data: ") and out.endswith(sse.DONE)
    # Gemini: data lines only, CRLF line ends, no [DONE].
    gemini = [{"candidates": []}, {"candidates": []}]
    out = b"".join(sse.write(gemini, "google.gemini"))
    assert out == b'data: {"candidates":[]}\r\n\r\n' * 2
    assert b"".join(sse.write(gemini, "google.vertex")) == out


def test_end_to_end_proxy_bytes() -> None:
    """Bytes from an Anthropic upstream, in odd chunks, to an OpenAI client's SSE bytes."""
    rec = next(r for r in STREAMS if r.path.name == "anthropic-json-output-format.1.chunks.txt")
    raw = _wire(rec.load(), "anthropic.messages")
    chunks = [raw[i:i + 37] for i in range(0, len(raw), 37)]
    parser = sse.SSEParser()
    conv = interlingua.StreamConverter("anthropic.messages", "openai.chat")
    out = b""
    for chunk in chunks:
        for event in parser.feed(chunk):
            out += b"".join(sse.write(conv.feed(event.json()), "openai.chat", done=False))
    for event in parser.close():
        out += b"".join(sse.write(conv.feed(event.json()), "openai.chat", done=False))
    out += b"".join(sse.write(conv.close(), "openai.chat"))
    chunks_out = list(sse.iter_json([out]))
    assert chunks_out[0]["choices"][0]["delta"]["role"] == "assistant"
    assert out.endswith(sse.DONE)
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks_out
                   if c["choices"])
    source_text = "".join(e["delta"].get("text", "") for e in rec.load()
                          if e.get("type") == "content_block_delta")
    assert text == source_text
