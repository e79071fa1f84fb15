"""Server-sent events: a sans-IO parser for bytes arriving in arbitrary chunks, and a writer.

The parser follows the WHATWG event-stream rules: lines end in LF, CRLF or CR (a chunk may
split a CRLF), a line starting with ":" is a comment, ``data:`` lines of one event join with
"\\n", an empty line dispatches the event, ``event:``, ``id:`` and ``retry:`` fields are kept,
a UTF-8 BOM at the start is skipped. OpenAI's ``data: [DONE]`` is framing, not an event:
``iter_json`` skips it.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from typing import Any

import msgspec

_decode_json = msgspec.json.Decoder().decode
_encode_json = msgspec.json.Encoder().encode


class SSEEvent(msgspec.Struct, kw_only=True, frozen=True):
    """One dispatched event: its ``data`` text and optional ``event`` name, ``id``, ``retry``."""

    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    @property
    def done(self) -> bool:
        """Whether this is OpenAI's ``[DONE]`` end-of-stream marker."""
        return self.data.strip() == "[DONE]"

    def json(self) -> Any:
        return _decode_json(self.data)


class SSEParser:
    """Feed it bytes (or text) as they arrive; it returns the events completed so far."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._buffer = ""
        self._pending_cr = False
        self._started = False
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None
        self._last_id: str | None = None

    def feed(self, chunk: bytes | str) -> list[SSEEvent]:
        text = self._decoder.decode(chunk) if isinstance(chunk, bytes) else chunk
        if not self._started and text:
            self._started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        if self._pending_cr and text.startswith("\n"):
            text = text[1:]  # the LF of a CRLF split across chunks
        self._pending_cr = False
        self._buffer += text
        events: list[SSEEvent] = []
        buf = self._buffer
        start = 0
        n = len(buf)
        while start < n:
            nl = buf.find("\n", start)
            cr = buf.find("\r", start)
            if nl < 0 and cr < 0:
                break
            if cr >= 0 and (nl < 0 or cr < nl):
                end = cr
                if cr + 1 < n:
                    nxt = cr + 2 if buf[cr + 1] == "\n" else cr + 1
                else:
                    self._pending_cr = True
                    nxt = cr + 1
            else:
                end, nxt = nl, nl + 1
            self._line(buf[start:end], events)
            start = nxt
        self._buffer = buf[start:]
        return events

    def close(self) -> list[SSEEvent]:
        """End of input: a last event not followed by a blank line is dispatched too."""
        events: list[SSEEvent] = []
        tail = self._buffer + self._decoder.decode(b"", final=True)
        self._buffer = ""
        if tail:
            self._line(tail, events)
        self._line("", events)
        return events

    def _line(self, line: str, events: list[SSEEvent]) -> None:
        if not line:
            if self._data or self._event is not None:
                if self._data:
                    events.append(SSEEvent(data="\n".join(self._data), event=self._event,
                                           id=self._last_id, retry=self._retry))
                self._data = []
                self._event = None
                self._retry = None
            return
        if line[0] == ":":
            return
        field, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id":
            if "\0" not in value:
                self._last_id = value
        elif field == "retry":
            if value.isdigit():
                self._retry = int(value)


def parse(chunks: Iterable[bytes | str]) -> Iterator[SSEEvent]:
    """Every event of an SSE byte stream given as chunks split anywhere."""
    parser = SSEParser()
    for chunk in chunks:
        yield from parser.feed(chunk)
    yield from parser.close()


def iter_json(chunks: Iterable[bytes | str]) -> Iterator[dict[str, Any]]:
    """The JSON payloads of an SSE stream's events (``[DONE]`` skipped)."""
    for event in parse(chunks):
        if not event.done:
            yield event.json()


def encode(data: Any, event: str | None = None, newline: bytes = b"\n") -> bytes:
    """One SSE event: ``event: <name>`` when given, then ``data: <json>``, then a blank line
    (lines end with ``newline``: LF, or CRLF as Gemini sends)."""
    body = data if isinstance(data, (bytes, str)) else _encode_json(data)
    if isinstance(body, str):
        body = body.encode()
    head = b"event: " + event.encode() + newline if event else b""
    return head + b"data: " + body + newline + newline


DONE = b"data: [DONE]\n\n"


def write(events: Iterable[dict[str, Any]], format: str, *, done: bool = True
          ) -> Iterator[bytes]:
    """Encode a stream of ``format`` events as SSE, with the ``event:`` names the format uses
    (Anthropic and Responses name every event), its line endings (Gemini: CRLF) and, for
    OpenAI Chat Completions and legacy Completions, the closing ``data: [DONE]`` when
    ``done``."""
    from .registry import get_format

    fmt = get_format(format)
    newline = fmt.SSE_NEWLINE
    for event in events:
        yield encode(event, fmt.sse_event_name(event), newline)
    if done and fmt.SSE_DONE:
        yield DONE
