"""Streaming input: JSONL lines from arbitrary chunks, and the items of one JSON array inside a
large JSON document (a Message Batches create body, a Gemini inline batch), without ever
holding more than one item (and one chunk) in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO

import msgspec

_BOM = b"\xef\xbb\xbf"
_decode = msgspec.json.Decoder().decode


def _as_bytes(chunk: bytes | bytearray | memoryview | str) -> bytes:
    if isinstance(chunk, str):
        return chunk.encode("utf-8")
    return bytes(chunk) if not isinstance(chunk, bytes) else chunk


class Blocks:
    """An input read in fixed-size blocks (``read_blocks(fh)``): chunk boundaries mean
    nothing, unlike an iterable of lines, where each item ends a line."""

    __slots__ = ("chunks",)

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.chunks)


def read_blocks(fh: IO[bytes], size: int = 1 << 20) -> Blocks:
    """A binary file as fixed-size blocks: lines of any length, and JSON documents of any
    size on one line, stream with bounded memory."""
    return Blocks(iter(lambda: fh.read(size), b""))


def iter_lines(chunks: Iterable[bytes | str], *, blocks: bool = False) -> Iterator[bytes]:
    """Split the input into lines (without their line ending).

    By default every item ends a line (a file iterated line by line, a list of strings with
    or without their newline; an item may also hold several lines). With ``blocks`` items
    are arbitrary chunks (``read_blocks``). A UTF-8 byte order mark at the start is dropped.
    """
    pending = b""
    first = True
    for raw in chunks:
        chunk = _as_bytes(raw)
        if first and chunk:
            first = False
            if chunk.startswith(_BOM):
                chunk = chunk[3:]
        if not pending:
            nl = chunk.find(b"\n")
            if nl < 0:
                if blocks:
                    pending = chunk
                else:
                    yield chunk
                continue
            if nl == len(chunk) - 1:  # one whole line: the common case
                yield chunk[:-1]
                continue
            data = chunk
        else:
            data = pending + chunk
        parts = data.split(b"\n")
        pending = parts.pop()
        yield from parts
        if pending and not blocks:
            yield pending
            pending = b""
    if pending:
        yield pending


_FIRST_KEY = re.compile(rb'\s*\{\s*"((?:[^"\\]|\\.)*)"')
_SNIFF_LIMIT = 1 << 16


def sniff(chunks: Iterator[bytes | str]) -> tuple[bytes, str | None, list[bytes]]:
    """Look at the start of a stream without consuming it.

    Returns the first non-space byte (``b"{"``, ``b"["``, or ``b""`` for an empty stream),
    the first key of a top-level object when it is within the first 64 KB, and the chunks
    read so far (to be chained in front of the rest).
    """
    seen: list[bytes] = []
    head = b""
    for raw in chunks:
        chunk = _as_bytes(raw)
        seen.append(chunk)
        head += chunk
        stripped = head.lstrip()
        if stripped.startswith(_BOM):
            stripped = stripped[3:].lstrip()
        if not stripped:
            continue
        first = stripped[:1]
        if first != b"{":
            return first, None, seen
        match = _FIRST_KEY.match(stripped)
        if match is not None:
            try:
                key = _decode(b'"' + match.group(1) + b'"')
            except msgspec.DecodeError:
                key = None
            return first, key if isinstance(key, str) else None, seen
        if len(head) > _SNIFF_LIMIT or re.match(rb"\s*\{\s*[^\s\"]", stripped):
            return first, None, seen
    stripped = head.lstrip()
    return stripped[:1], None, seen


class DocumentError(ValueError):
    """The JSON document around the items is malformed or truncated."""


_STRUCT = re.compile(rb'[{}\[\]"]')
_SCALAR_END = re.compile(rb"[,\]}\s]")
_WS = b" \t\r\n"


class _Reader:
    """A pull parser over chunks that only understands enough JSON to find an array and cut
    out its items; each item is decoded (and validated) separately by the caller."""

    __slots__ = ("buf", "chunks", "pos", "seen_array")

    def __init__(self, chunks: Iterable[bytes | str]) -> None:
        self.chunks = iter(chunks)
        self.buf = b""
        self.pos = 0
        self.seen_array = False

    def _more(self, keep: int) -> int:
        """Append the next chunk, dropping what precedes ``keep``; return the shift applied
        to indexes (0 at the end of the stream: check with ``len(buf)``)."""
        for raw in self.chunks:
            chunk = _as_bytes(raw)
            if not chunk:
                continue
            self.buf = self.buf[keep:] + chunk
            self.pos -= keep
            return keep
        return -1

    def peek(self) -> int | None:
        """The next non-space byte (not consumed), or None at the end."""
        while True:
            buf, pos = self.buf, self.pos
            n = len(buf)
            while pos < n and buf[pos] in _WS:
                pos += 1
            self.pos = pos
            if pos < n:
                return buf[pos]
            if self._more(pos) < 0:
                return None

    def value_span(self) -> tuple[int, int] | None:
        """The span of the value at ``pos`` (after ``peek``); None if the stream ends first.
        The value's bytes are kept in the buffer until the caller moves ``pos`` past it."""
        start = self.pos
        c = self.buf[start]
        if c == 0x22:  # '"'
            end = self._string_end(start)
            return None if end is None else (self.pos, end)
        if c not in (0x7B, 0x5B):  # a scalar
            p = start
            while True:
                m = _SCALAR_END.search(self.buf, p)
                if m is not None:
                    return self.pos, m.start()
                p = len(self.buf)
                shift = self._more(self.pos)
                if shift < 0:
                    return (self.pos, len(self.buf)) if len(self.buf) > self.pos else None
                p -= shift
        depth = 0
        p = start
        while True:
            m = _STRUCT.search(self.buf, p)
            if m is None:
                p = len(self.buf)
                shift = self._more(self.pos)
                if shift < 0:
                    return None
                p -= shift
                continue
            c = self.buf[m.start()]
            if c == 0x22:
                end = self._string_end(m.start())
                if end is None:
                    return None
                p = end
                continue
            if c in (0x7B, 0x5B):
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    return self.pos, m.start() + 1
            p = m.start() + 1

    def _string_end(self, quote: int) -> int | None:
        """Index after the closing quote of the string opening at ``quote`` (may pull more
        data; indexes are relative to the buffer after the call)."""
        q = quote + 1
        while True:
            buf = self.buf
            q = buf.find(b'"', q)
            if q < 0:
                q = len(buf)
                shift = self._more(self.pos)
                if shift < 0:
                    return None
                q -= shift
                continue
            k = q - 1
            while buf[k] == 0x5C:  # backslash
                k -= 1
            if (q - 1 - k) % 2 == 0:
                return q + 1
            q += 1

    def read_key(self) -> str:
        span = self.value_span()
        if span is None:
            raise DocumentError("the document ends inside an object key")
        start, end = span
        self.pos = end
        try:
            key = _decode(self.buf[start:end])
        except msgspec.DecodeError as exc:
            raise DocumentError(f"bad object key: {exc}") from None
        if not isinstance(key, str):
            raise DocumentError("expected an object key")
        return key

    def expect(self, byte: int) -> None:
        c = self.peek()
        if c != byte:
            found = "the end" if c is None else repr(chr(c))
            raise DocumentError(f"expected {chr(byte)!r}, found {found}")
        self.pos += 1

    def skip_value(self) -> None:
        if self.peek() is None:
            raise DocumentError("the document ends where a value was expected")
        span = self.value_span()
        if span is None:
            raise DocumentError("the document ends inside a value")
        self.pos = span[1]


#: An item cut out of a document: its 1-based index and its bytes (None: the document ended
#: inside it).
DocItem = tuple[int, bytes | None]


def iter_document_items(chunks: Iterable[bytes | str],
                        want: Callable[[tuple[str, ...]], bool]) -> Iterator[DocItem]:
    """Yield each item of the first array whose key path ``want`` accepts.

    The key path is the tuple of object keys from the root (``("requests",)``; ``"*"`` stands
    for an array level); the root array, if the document is one, has the path ``()``.
    Raises ``DocumentError`` when the document around the items is malformed, and when no
    wanted array is found.
    """
    reader = _Reader(chunks)
    found = False
    if reader.peek() is None:
        raise DocumentError("the document is empty")
    for item in _walk(reader, (), want):
        found = True
        yield item
        if item[1] is None:
            return
    if not found and not reader.seen_array:
        raise DocumentError("no array of batch items found in the document")


def _walk(reader: _Reader, path: tuple[str, ...],
          want: Callable[[tuple[str, ...]], bool]) -> Iterator[DocItem]:
    c = reader.peek()
    if c is None:
        raise DocumentError("the document ends where a value was expected")
    if c == 0x7B:  # {
        reader.pos += 1
        while True:
            c = reader.peek()
            if c is None:
                raise DocumentError("the document ends inside an object")
            if c == 0x7D:
                reader.pos += 1
                return
            if c == 0x2C:
                reader.pos += 1
                continue
            key = reader.read_key()
            reader.expect(0x3A)  # :
            yield from _walk(reader, (*path, key), want)
    elif c == 0x5B:  # [
        if want(path):
            yield from _items(reader)
            return
        reader.pos += 1
        while True:
            c = reader.peek()
            if c is None:
                raise DocumentError("the document ends inside an array")
            if c == 0x5D:
                reader.pos += 1
                return
            if c == 0x2C:
                reader.pos += 1
                continue
            yield from _walk(reader, (*path, "*"), want)
    else:
        reader.skip_value()


def _items(reader: _Reader) -> Iterator[DocItem]:
    reader.seen_array = True
    reader.pos += 1  # [
    index = 0
    while True:
        c = reader.peek()
        if c is None:
            raise DocumentError("the document ends inside the array of batch items")
        if c == 0x5D:
            reader.pos += 1
            return
        if c == 0x2C:
            reader.pos += 1
            continue
        index += 1
        span = reader.value_span()
        if span is None:
            yield index, None
            return
        start, end = span
        reader.pos = end
        yield index, reader.buf[start:end]
