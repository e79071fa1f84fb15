"""Anthropic Messages streams: events to canonical events and back."""

from __future__ import annotations

from typing import Any

import msgspec

from ... import apierrors, finish, ir
from ...context import Context
from ...envelope import seal
from ...streaming import StreamReader, StreamWriter, merge_usage
from .._usage import anthropic_in, anthropic_out


class MessagesStreamReader(StreamReader):
    def __init__(self, ctx: Context, fmt: str, read_block: Any) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.read_block = read_block
        self.origin = ir.Origin(format=fmt)
        self.kinds: dict[int, str] = {}
        self.opaque: dict[int, dict[str, Any]] = {}
        self.partial: dict[int, list[str]] = {}
        self.stop_reason: str | None = None
        self.stop_sequence: str | None = None
        self.finished = False
        self.ended = False
        self.started = False
        self.offset = 0          # index shift after a spliced message_start (a retried stream)
        self.open: set[int] = set()
        self.top = -1

    def feed(self, event: dict[str, Any]) -> list[ir.AnyEvent]:
        t = event.get("type")
        if t == "content_block_delta":
            index = event.get("index", 0) + self.offset
            delta = event.get("delta") or {}
            dt = delta.get("type")
            if dt == "text_delta":
                return [ir.TextDelta(index=index, text=delta.get("text", ""))]
            if dt == "input_json_delta":
                if index in self.opaque:
                    self.partial.setdefault(index, []).append(delta.get("partial_json", ""))
                    return []
                return [ir.ArgumentsDelta(index=index, text=delta.get("partial_json", ""))]
            if dt == "thinking_delta":
                return [ir.ReasoningDelta(index=index, text=delta.get("thinking", ""))]
            if dt == "signature_delta":
                return [ir.SignatureDelta(index=index, signature=delta.get("signature", ""),
                                          origin=self.fmt)]
            if dt == "citations_delta":
                return [ir.CitationDelta(index=index, citation=delta.get("citation") or {})]
            self.ctx.dropped("$", f"unknown delta type {dt!r}")
            return []
        if t == "content_block_start":
            index = event.get("index", 0) + self.offset
            self.open.add(index)
            self.top = max(self.top, index)
            block = event.get("content_block") or {}
            kind = block.get("type")
            if kind == "text":
                out: list[ir.AnyEvent] = [ir.BlockStart(index=index, kind="text")]
                if block.get("text"):
                    out.append(ir.TextDelta(index=index, text=block["text"]))
                return out
            if kind == "tool_use":
                return [ir.BlockStart(index=index, kind="tool_call", id=block.get("id"),
                                      name=block.get("name"))]
            if kind == "thinking":
                return [ir.BlockStart(index=index, kind="reasoning", origin=self.fmt)]
            if kind == "redacted_thinking":
                return [ir.BlockStart(index=index, kind="reasoning", origin=self.fmt,
                                      data=block.get("data"))]
            self.opaque[index] = dict(block)
            return [ir.BlockStart(index=index, kind="opaque", value=block, origin=self.fmt)]
        if t == "content_block_stop":
            index = event.get("index", 0) + self.offset
            self.open.discard(index)
            block = self.opaque.pop(index, None)
            if block is not None:
                partial = "".join(self.partial.pop(index, []))
                if partial:
                    try:
                        block["input"] = msgspec.json.decode(partial)
                    except msgspec.DecodeError:
                        block["input"] = {}
                return [ir.BlockEnd(index=index, part=ir.Opaque(value=block,
                                                                origin=self.origin))]
            return [ir.BlockEnd(index=index)]
        if t == "message_start":
            m = event.get("message") or {}
            usage = m.get("usage")
            if self.started:
                # A message_start inside a message: the upstream retried (spliced) or
                # repeated it. Close what was open and go on numbering after it.
                closing: list[ir.AnyEvent] = [ir.BlockEnd(index=i) for i in sorted(self.open)]
                self.open.clear()
                self.offset = self.top + 1
                return closing
            self.started = True
            out = [ir.Start(id=m.get("id"), model=m.get("model"),
                            usage=anthropic_in(usage) if isinstance(usage, dict) else None)]
            # A message can arrive whole in its message_start (programmatic tool calling).
            for i, block in enumerate(m.get("content") or ()):
                part = self.read_block(block, f"$.message.content[{i}]", self.origin)
                out.extend(_whole_block(i, part, block))
                self.top = i
            if m.get("stop_reason") is not None:
                native = m["stop_reason"]
                out.append(ir.Finish(finish=finish.from_native("anthropic", native),
                                     native_finish=native, stop_sequence=m.get("stop_sequence")))
            return out
        if t == "message_delta":
            delta = event.get("delta") or {}
            out = []
            if delta.get("stop_reason") is not None:
                native = delta["stop_reason"]
                out.append(ir.Finish(finish=finish.from_native("anthropic", native),
                                     native_finish=native, stop_sequence=delta.get(
                                         "stop_sequence")))
                self.finished = True
            usage = event.get("usage")
            if isinstance(usage, dict):
                out.append(ir.UsageUpdate(usage=_partial_usage(usage)))
            return out
        if t == "message_stop":
            self.ended = True
            return [ir.End()]
        if t == "error":
            err = event.get("error") or {}
            native = err.get("type")
            return [ir.StreamError(error=ir.Error(
                kind=apierrors.kind_of("anthropic", native, None),
                message=str(err.get("message") or ""), native_type=native))]
        return []  # ping, and event types newer than this reader


def _whole_block(index: int, part: ir.AnyPart, block: dict[str, Any]) -> list[ir.AnyEvent]:
    """Canonical events for a block that arrived complete."""
    if isinstance(part, ir.ToolCall):
        return [ir.BlockStart(index=index, kind="tool_call", id=part.id, name=part.name),
                ir.ArgumentsDelta(index=index, text=msgspec.json.encode(part.input).decode()),
                ir.BlockEnd(index=index, part=part)]
    if isinstance(part, ir.Text):
        return [ir.BlockStart(index=index, kind="text"),
                ir.TextDelta(index=index, text=part.text), ir.BlockEnd(index=index, part=part)]
    if isinstance(part, ir.Reasoning):
        return [ir.BlockStart(index=index, kind="reasoning", data=part.data,
                              origin=part.origin.format if part.origin else None),
                ir.BlockEnd(index=index, part=part)]
    return [ir.BlockStart(index=index, kind="opaque", value=block,
                          origin=part.origin.format if part.origin else None),
            ir.BlockEnd(index=index, part=part)]


def _partial_usage(u: dict[str, Any]) -> ir.Usage:
    """message_delta usage: cumulative counts, only those present."""
    full = anthropic_in(u)
    if "input_tokens" not in u and "cache_read_input_tokens" not in u \
            and "cache_creation_input_tokens" not in u:
        full.input_tokens = None
    return full


class _Foreign:
    """Another vendor's reasoning block in flight: shown as thinking, sealed at its end."""

    __slots__ = ("data", "index", "origin", "signature", "summary", "summary_part", "text")

    def __init__(self, origin: ir.Origin, data: str | None) -> None:
        self.origin = origin
        self.data = data
        self.index: int | None = None      # Anthropic index once the block is opened
        self.signature = ""
        self.summary: list[str] = []
        self.summary_part = -1
        self.text = False                  # whether visible text was streamed


class MessagesStreamWriter(StreamWriter):
    def __init__(self, ctx: Context, fmt: str, carries: Any) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.carries = carries
        self.started = False
        self.index: dict[tuple[int, int], int] = {}
        self.kinds: dict[int, str] = {}
        self.next = 0
        self.foreign: dict[tuple[int, int], _Foreign] = {}
        self.custom: set[int] = set()          # custom tool calls: input wrapped as JSON
        self.summary_part: dict[int, int] = {}
        self.stop_reason: str | None = None
        self.stop_sequence: str | None = None
        self.usage: ir.Usage | None = None
        self.reported: set[str] = set()
        self.id = "msg_interlingua"
        self.model = ctx.model or "unknown"

    def start(self) -> list[dict[str, Any]]:
        if self.started:
            return []
        self.started = True
        usage = anthropic_out(self.usage or ir.Usage(input_tokens=0, output_tokens=0))
        return [{"type": "message_start", "message": {
            "id": self.id, "type": "message", "role": "assistant", "model": self.model,
            "content": [], "stop_reason": None, "stop_sequence": None, "usage": usage}}]

    def open(self, key: tuple[int, int], block: dict[str, Any]) -> list[dict[str, Any]]:
        i = self.next
        self.next += 1
        self.index[key] = i
        self.kinds[i] = block["type"]
        out = self.start()
        out.append({"type": "content_block_start", "index": i, "content_block": block})
        return out

    def write(self, ev: ir.AnyEvent) -> list[dict[str, Any]]:
        if isinstance(ev, ir.TextDelta):
            i = self.index.get((ev.choice, ev.index))
            if i is None:
                return []
            return [{"type": "content_block_delta", "index": i,
                     "delta": {"type": "text_delta", "text": ev.text}}]
        if isinstance(ev, ir.ArgumentsDelta):
            i = self.index.get((ev.choice, ev.index))
            if i is None:
                return []
            text = ev.text
            if i in self.custom:  # free text streamed inside {"input": "..."}
                text = msgspec.json.encode(text).decode()[1:-1]
            return [{"type": "content_block_delta", "index": i,
                     "delta": {"type": "input_json_delta", "partial_json": text}}]
        if isinstance(ev, ir.ReasoningDelta):
            return self.reasoning(ev)
        if isinstance(ev, ir.SignatureDelta):
            key = (ev.choice, ev.index)
            f = self.foreign.get(key)
            if f is not None:
                f.signature += ev.signature
                return []
            i = self.index.get(key)
            if i is None or self.kinds.get(i) != "thinking":
                self.once(f"sig:{ev.origin}", f"signatures from {ev.origin} on a block that is "
                                              f"not thinking have no {self.fmt} form")
                return []
            return [{"type": "content_block_delta", "index": i,
                     "delta": {"type": "signature_delta", "signature": ev.signature}}]
        if isinstance(ev, ir.BlockStart):
            return self.block_start(ev)
        if isinstance(ev, ir.BlockEnd):
            return self.block_end(ev)
        if isinstance(ev, ir.CitationDelta):
            i = self.index.get((ev.choice, ev.index))
            if i is not None and self.carries(self.ctx.source):
                return [{"type": "content_block_delta", "index": i,
                         "delta": {"type": "citations_delta", "citation": ev.citation}}]
            self.once("citation", f"citations from {self.ctx.source} have no {self.fmt} form")
            return []
        if isinstance(ev, ir.Start):
            self.id = ev.id or self.id
            self.model = ev.model or self.model
            if ev.usage is not None:
                self.usage = ev.usage
            return self.start()
        if isinstance(ev, ir.Finish):
            if ev.choice != 0:
                return []
            native, exact = finish.to_native("anthropic", ev.finish)
            if not exact:
                self.once(f"finish:{ev.finish}", f"finish reason {ev.finish!r} sent as "
                                                 f"{native!r}")
            if native == "end_turn" and ev.stop_sequence is not None:
                native = "stop_sequence"
            self.stop_reason = native
            self.stop_sequence = ev.stop_sequence
            return []
        if isinstance(ev, ir.UsageUpdate):
            self.usage = merge_usage(self.usage, ev.usage)
            return []
        if isinstance(ev, ir.End):
            out = self.start()
            usage = anthropic_out(self.usage or ir.Usage(output_tokens=0))
            out.append({"type": "message_delta",
                        "delta": {"stop_reason": self.stop_reason or "end_turn",
                                  "stop_sequence": self.stop_sequence},
                        "usage": usage})
            out.append({"type": "message_stop"})
            return out
        if isinstance(ev, ir.StreamError):
            return [{"type": "error", "error": {
                "type": apierrors.TO_NATIVE["anthropic"][ev.error.kind],
                "message": ev.error.message}}]
        return []

    def reasoning(self, ev: ir.ReasoningDelta) -> list[dict[str, Any]]:
        key = (ev.choice, ev.index)
        out: list[dict[str, Any]] = []
        f = self.foreign.get(key)
        if f is not None:
            if ev.summary:
                while len(f.summary) <= ev.summary_part:
                    f.summary.append("")
                f.summary[ev.summary_part] += ev.text
            if key not in self.index:   # the visible thinking opens on its first text
                out += self.open(key, {"type": "thinking", "thinking": "", "signature": ""})
            f.text = True
        i = self.index.get(key)
        if i is None or self.kinds.get(i) != "thinking":
            return out
        text = ev.text
        if ev.summary:
            last = self.summary_part.get(i)
            if last is not None and last != ev.summary_part:
                text = "\n\n" + text   # summary parts read as paragraphs
            self.summary_part[i] = ev.summary_part
        out.append({"type": "content_block_delta", "index": i,
                    "delta": {"type": "thinking_delta", "thinking": text}})
        return out

    def block_start(self, ev: ir.BlockStart) -> list[dict[str, Any]]:
        if ev.choice != 0:
            self.once("choices", f"{self.fmt} streams one message; other choices dropped")
            return []
        key = (ev.choice, ev.index)
        kind = ev.kind
        block: dict[str, Any]
        if kind == "text" or kind == "refusal":
            block = {"type": "text", "text": ""}
        elif kind == "tool_call":
            block = {"type": "tool_use", "id": ev.id or "toolu_interlingua",
                     "name": ev.name or "", "input": {}}
            if ev.call_kind == "custom":
                out = self.open(key, block)
                self.custom.add(self.index[key])
                self.once("custom", "custom (free-text) tool input streamed as "
                                    '{"input": <text>}: the target has no free-text tools')
                out.append({"type": "content_block_delta", "index": self.index[key],
                            "delta": {"type": "input_json_delta",
                                      "partial_json": '{"input": "'}})
                return out
        elif kind == "reasoning":
            if self.carries(ev.origin):
                block = ({"type": "redacted_thinking", "data": ev.data} if ev.data is not None
                         else {"type": "thinking", "thinking": "", "signature": ""})
            else:
                # Another vendor's reasoning: opened on its first visible text, or at its
                # end as redacted thinking; its opaque state is sealed at the end.
                self.foreign[key] = _Foreign(ir.Origin(format=ev.origin or self.ctx.source),
                                             ev.data)
                return []
        elif kind == "opaque" and self.carries(ev.origin):
            block = dict(ev.value or {})
        else:
            what = (ev.value or {}).get("type", kind)
            self.once(f"opaque:{what}", f"{what!r} content has no {self.fmt} stream form")
            return []
        return self.open(key, block)

    def block_end(self, ev: ir.BlockEnd) -> list[dict[str, Any]]:
        key = (ev.choice, ev.index)
        f = self.foreign.pop(key, None)
        out: list[dict[str, Any]] = []
        if f is not None:
            part = ev.part if isinstance(ev.part, ir.Reasoning) else None
            origin = part.origin if part is not None and part.origin else f.origin
            sealed = seal(origin, s=(part.signature if part else None) or f.signature or None,
                          d=(part.data if part else None) or f.data,
                          id=part.id if part else None,
                          sm=(part.summary if part else None) or f.summary or None,
                          vt="sm" if f.text and (part.text if part else None) is None else None)
            if key not in self.index:
                # Nothing visible was streamed: the sealed state travels as redacted thinking.
                out += self.open(key, {"type": "redacted_thinking", "data": sealed})
            else:
                out.append({"type": "content_block_delta", "index": self.index[key],
                            "delta": {"type": "signature_delta", "signature": sealed}})
        i = self.index.get(key)
        if i is None:
            return out
        if i in self.custom:
            out.append({"type": "content_block_delta", "index": i,
                        "delta": {"type": "input_json_delta", "partial_json": '"}'}})
        out.append({"type": "content_block_stop", "index": i})
        return out

    def once(self, key: str, reason: str) -> None:
        if key not in self.reported:
            self.reported.add(key)
            self.ctx.dropped("$", reason)
