"""OpenAI Responses streams: events to canonical events and back.

Reading: ``response.created`` starts the stream; each output item opens canonical blocks
(a reasoning, tool-call or opaque block per item, one text or refusal block per content part
of a message); deltas pass on as they arrive (a ``.done`` event without deltas before it
gives its whole text); ``output_item.done`` closes the item's blocks with the complete part
(raw item kept, so a Responses client gets it back exactly); ``response.completed`` /
``incomplete`` / ``failed`` give the finish reason and the usage and end the stream;
``error`` is a stream error. Built-in tool progress events (``web_search_call.searching``...)
carry nothing another format can use: they pass through to a Responses client only.

Writing: ``response.created`` and ``response.in_progress``, then per item
``output_item.added``, ``content_part.added`` / deltas / ``.done`` / ``content_part.done``
(``reasoning_summary_part`` for summaries), ``output_item.done``, and one final
``response.completed`` / ``response.incomplete`` / ``response.failed`` carrying the whole
response (the items as streamed, the status, the usage); ``sequence_number`` increases by
one from 0. Consecutive text blocks share one message item, so its ``output_item.done``
waits for the next item or the end (deltas are never held back).

A same-format stream passes through unchanged; the writer then stays idle and, if the
upstream stops early, ends the stream from what the reader saw: the open content parts and
items are closed with the upstream's ids and indices (status ``incomplete``, no partial
``encrypted_content``), ``sequence_number`` goes on from the upstream's, and the last event is
``response.incomplete`` (``max_output_tokens``: the canonical "length" of a cut stream) with an
estimated usage, or ``response.failed`` after an upstream ``error``. That final response
carries an empty ``output``: the client already received every item, and an upstream's own
items are not repeated by interlingua.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import apierrors, ir
from ...context import Context
from ...streaming import StreamReader, StreamWriter, merge_usage
from .._usage import detail_extras, responses_in
from .._write import arguments_text
from .response import (
    USAGE_COUNTED,
    USAGE_TOP,
    client_call,
    item_id,
    logprob_out,
    logprobs_in,
    status_of,
    summary_style,
)
from .tables import CALL_ITEMS, FAILED_CODES

if TYPE_CHECKING:
    from . import OpenAIResponses

#: ``Context.notes`` key under which the reader of a conversion shows its state to the writer
#: of the same conversion (a same-format stream cut short is ended from the upstream's ids).
UPSTREAM = "openai.responses:upstream"
TERMINAL = frozenset({"response.completed", "response.incomplete", "response.failed"})


class _Content:
    __slots__ = ("block", "chunks", "done", "kind")

    def __init__(self, block: int, kind: str) -> None:
        self.block = block
        self.kind = kind            # text, refusal
        self.chunks: list[str] = []
        self.done: dict[str, Any] | None = None


class _Item:
    __slots__ = ("args", "args_done", "block", "content", "content_done", "kind", "parts",
                 "raw", "summary", "summary_done")

    def __init__(self, kind: str, raw: dict[str, Any], block: int = -1) -> None:
        self.kind = kind            # message, reasoning, call, custom, opaque
        self.raw = raw
        self.block = block
        self.parts: dict[int, _Content] = {}
        self.summary: list[list[str]] = []
        self.summary_done = 0
        self.content: list[list[str]] = []
        self.content_done = 0
        self.args: list[str] = []
        self.args_done = False


class ResponsesStreamReader(StreamReader):
    def __init__(self, ctx: Context, fmt: OpenAIResponses) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.id = fmt.id
        self.origin = ir.Origin(format=fmt.id)
        self.items: dict[int, _Item] = {}
        self.next_block = 0
        self.calls = False
        self.any_items = False
        self.started = False
        self.ended = False
        self.closing = False
        self.error_seen = False
        self.seq: int | None = None
        self.count = 0
        self.shell: dict[str, Any] | None = None
        ctx.notes[UPSTREAM] = self

    def feed(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        self.count += 1
        seq = ev.get("sequence_number")
        if seq is not None:
            self.seq = seq
        t = ev.get("type")
        if t == "response.output_text.delta":
            c = self._content(ev)
            if c is None:
                return self._late_content(ev, "text")
            text = ev.get("delta") or ""
            c.chunks.append(text)
            lp = ev.get("logprobs")
            return [ir.TextDelta(index=c.block, text=text,
                                 logprobs=logprobs_in(lp) if lp else None)]
        handler = _HANDLERS.get(t)  # type: ignore[arg-type]
        if handler is None:
            return []   # built-in tool progress, keep-alives, event types newer than this
        out: list[ir.AnyEvent] = handler(self, ev)
        return out

    # -- helpers ---------------------------------------------------------------------------

    def _content(self, ev: dict[str, Any]) -> _Content | None:
        it = self.items.get(ev.get("output_index", 0))
        if it is None:
            return None
        return it.parts.get(ev.get("content_index", 0))

    def _late_content(self, ev: dict[str, Any], kind: str) -> list[ir.AnyEvent]:
        """A delta for a content part whose ``content_part.added`` never came: open it."""
        out: list[ir.AnyEvent] = []
        oi = ev.get("output_index", 0)
        it = self.items.get(oi)
        if it is None:
            out += self._start()
            it = self.items[oi] = _Item("message", {"id": ev.get("item_id"), "type": "message",
                                                     "status": "in_progress", "content": [],
                                                     "role": "assistant"})
            self.any_items = True
        c = it.parts[ev.get("content_index", 0)] = _Content(self._block(), kind)
        out.append(ir.BlockStart(index=c.block, kind=kind))
        text = ev.get("delta") or ""
        c.chunks.append(text)
        out.append(ir.TextDelta(index=c.block, text=text))
        return out

    def _block(self) -> int:
        b = self.next_block
        self.next_block = b + 1
        return b

    def _start(self, r: dict[str, Any] | None = None) -> list[ir.AnyEvent]:
        if self.started:
            return []
        self.started = True
        r = r or {}
        self.shell = r
        created = r.get("created_at")
        model = r.get("model")
        self.origin = ir.Origin(format=self.id, model=model if isinstance(model, str) else None)
        return [ir.Start(id=r.get("id"), model=model,
                         created=int(created) if isinstance(created, int | float) else None)]

    @staticmethod
    def _tail(chunks: list[str], full: Any) -> str | None:
        """What a ``.done`` text adds to the deltas seen (all of it when none came)."""
        if not isinstance(full, str) or not full:
            return None
        if not chunks:
            return full
        have = "".join(chunks)
        if len(full) > len(have) and full.startswith(have):
            return full[len(have):]
        return None

    # -- handlers --------------------------------------------------------------------------

    def created(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        r = ev.get("response")
        return self._start(r if isinstance(r, dict) else None)

    def item_added(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        item = ev.get("item")
        if not isinstance(item, dict):
            return []
        out = self._start()
        oi = ev.get("output_index", 0)
        kind = item.get("type")
        self.any_items = True
        if kind == "message":
            self.items[oi] = _Item("message", item)
            return out
        block = self._block()
        if kind == "reasoning":
            self.items[oi] = _Item("reasoning", item, block)
            out.append(ir.BlockStart(index=block, kind="reasoning", origin=self.id))
        elif kind in CALL_ITEMS and client_call(item):
            custom = kind == "custom_tool_call"
            it = self.items[oi] = _Item("custom" if custom else "call", item, block)
            out.append(ir.BlockStart(index=block, kind="tool_call", id=item.get("call_id"),
                                     name=item.get("name"),
                                     call_kind="custom" if custom else None))
            text = item.get("input" if custom else "arguments")
            if isinstance(text, str) and text:
                it.args.append(text)
                out.append(ir.ArgumentsDelta(index=block, text=text))
        else:
            self.items[oi] = _Item("opaque", item, block)
            out.append(ir.BlockStart(index=block, kind="opaque", value=item, origin=self.id))
        return out

    def part_added(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        part = ev.get("part")
        if it is None or not isinstance(part, dict):
            return []
        kind = part.get("type")
        if it.kind == "reasoning":
            if kind == "reasoning_text":
                it.content.append([])
                if len(it.content) > 1:
                    return [ir.ReasoningDelta(index=it.block, text="\n\n")]
            return []
        if it.kind != "message" or kind not in ("output_text", "refusal"):
            return []
        ci = ev.get("content_index", len(it.parts))
        c = it.parts[ci] = _Content(self._block(), "text" if kind == "output_text" else "refusal")
        out: list[ir.AnyEvent] = [ir.BlockStart(index=c.block, kind=c.kind)]
        text = part.get("text" if kind == "output_text" else "refusal")
        if isinstance(text, str) and text:
            c.chunks.append(text)
            out.append(ir.TextDelta(index=c.block, text=text))
        return out

    def part_done(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        part = ev.get("part")
        if it is None or not isinstance(part, dict):
            return []
        if it.kind == "reasoning":
            it.content_done += 1
            return []
        c = it.parts.get(ev.get("content_index", 0))
        if c is None:
            return []
        c.done = part
        tail = self._tail(c.chunks, part.get("text" if c.kind == "text" else "refusal"))
        if tail is None:
            return []
        c.chunks.append(tail)
        return [ir.TextDelta(index=c.block, text=tail)]

    def text_done(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        c = self._content(ev)
        if c is None:
            return []
        tail = self._tail(c.chunks, ev.get("text" if c.kind == "text" else "refusal"))
        if tail is None:
            return []
        c.chunks.append(tail)
        return [ir.TextDelta(index=c.block, text=tail)]

    def refusal_delta(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        c = self._content(ev)
        if c is None:
            return self._late_content(ev, "refusal")
        text = ev.get("delta") or ""
        c.chunks.append(text)
        return [ir.TextDelta(index=c.block, text=text)]

    def annotation(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        c = self._content(ev)
        ann = ev.get("annotation")
        if c is None or not isinstance(ann, dict):
            return []
        return [ir.CitationDelta(index=c.block, citation=ann)]

    def summary_part_added(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        if it is None or it.kind != "reasoning":
            return []
        it.summary.append([])
        return []

    def summary_part_done(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        if it is not None:
            it.summary_done += 1
        return []

    def summary_delta(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        if it is None or it.kind != "reasoning":
            return []
        if not it.summary:
            it.summary.append([])
        text = ev.get("delta") or ""
        it.summary[-1].append(text)
        return [ir.ReasoningDelta(index=it.block, text=text, summary=True,
                                  summary_part=len(it.summary) - 1)]

    def summary_done(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        if it is None or it.kind != "reasoning":
            return []
        if not it.summary:
            it.summary.append([])
        tail = self._tail(it.summary[-1], ev.get("text"))
        if tail is None:
            return []
        it.summary[-1].append(tail)
        return [ir.ReasoningDelta(index=it.block, text=tail, summary=True,
                                  summary_part=len(it.summary) - 1)]

    def reasoning_delta(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        if it is None or it.kind != "reasoning":
            return []
        if not it.content:
            it.content.append([])
        text = ev.get("delta") or ""
        it.content[-1].append(text)
        return [ir.ReasoningDelta(index=it.block, text=text)]

    def reasoning_done(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        if it is None or it.kind != "reasoning":
            return []
        if not it.content:
            it.content.append([])
        tail = self._tail(it.content[-1], ev.get("text"))
        if tail is None:
            return []
        it.content[-1].append(tail)
        return [ir.ReasoningDelta(index=it.block, text=tail)]

    def args_delta(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        if it is None or it.kind not in ("call", "custom"):
            return []
        text = ev.get("delta") or ""
        it.args.append(text)
        return [ir.ArgumentsDelta(index=it.block, text=text)]

    def args_done(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        it = self.items.get(ev.get("output_index", 0))
        if it is None or it.kind not in ("call", "custom"):
            return []
        it.args_done = True
        tail = self._tail(it.args, ev.get("input" if it.kind == "custom" else "arguments"))
        if tail is None:
            return []
        it.args.append(tail)
        return [ir.ArgumentsDelta(index=it.block, text=tail)]

    def item_done(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        item = ev.get("item")
        oi = ev.get("output_index", 0)
        it = self.items.pop(oi, None)
        if not isinstance(item, dict):
            return self._close_item(it) if it is not None else []
        out: list[ir.AnyEvent] = []
        path = f"$.output[{oi}]"
        if it is None:   # an item that arrives whole
            out += self._start()
            self.any_items = True
            for part in self._parts(item, oi, path):
                if isinstance(part, ir.ToolCall):
                    self.calls = True
                out += self._whole(part)
            return out
        if it.kind == "message":
            parts = self.fmt.read_message_output(item, oi, path) if item.get("content") else []
            for ci, part in enumerate(parts):
                c = it.parts.pop(ci, None)
                if c is None:
                    out += self._whole(part)
                    continue
                if isinstance(part, ir.Text | ir.Refusal):
                    tail = self._tail(c.chunks, part.text)
                    if tail is not None:
                        out.append(ir.TextDelta(index=c.block, text=tail))
                out.append(ir.BlockEnd(index=c.block, part=part))
            out += [ir.BlockEnd(index=c.block) for c in it.parts.values()]
            if not parts and not it.parts:
                out += self._whole(ir.Opaque(value=item, origin=self.origin, path=path,
                                             hints={"item": True}))
            return out
        if it.kind == "reasoning":
            part = self.fmt.read_reasoning_output(item, path, self.origin)
            if not any(it.summary) and not any(it.content):
                out += [ir.ReasoningDelta(index=it.block, text=s, summary=True, summary_part=n)
                        for n, s in enumerate(part.summary or ()) if s]
                if part.text:
                    out.append(ir.ReasoningDelta(index=it.block, text=part.text))
            out.append(ir.BlockEnd(index=it.block, part=part))
            return out
        if it.kind in ("call", "custom"):
            self.calls = True
            call = self.fmt.read_call_output_item(item, path)
            tail = self._tail(it.args, arguments_text(call))
            if tail is not None:
                out.append(ir.ArgumentsDelta(index=it.block, text=tail))
            out.append(ir.BlockEnd(index=it.block, part=call))
            return out
        out.append(ir.BlockEnd(index=it.block, part=ir.Opaque(
            value=item, origin=ir.Origin(format=self.id), path=path, hints={"item": True})))
        return out

    def _parts(self, item: dict[str, Any], oi: int, path: str) -> list[ir.AnyPart]:
        parts, _ = self.fmt.read_output([item], "$.output", self.origin)
        for p in parts:
            if p.hints and "msg" in p.hints:
                p.hints["msg"] = oi
            p.path = path if not isinstance(p, ir.Text | ir.Refusal) else p.path
        return parts

    def _whole(self, part: ir.AnyPart) -> list[ir.AnyEvent]:
        """Canonical events for a part that arrived complete."""
        b = self._block()
        out: list[ir.AnyEvent]
        if isinstance(part, ir.Text | ir.Refusal):
            out = [ir.BlockStart(index=b, kind="text" if isinstance(part, ir.Text)
                                 else "refusal")]
            if part.text:
                out.append(ir.TextDelta(index=b, text=part.text))
            if isinstance(part, ir.Text):
                out += [ir.CitationDelta(index=b, citation=c) for c in part.citations or ()
                        if isinstance(c, dict)]
        elif isinstance(part, ir.Reasoning):
            out = [ir.BlockStart(index=b, kind="reasoning", origin=self.id)]
            out += [ir.ReasoningDelta(index=b, text=s, summary=True, summary_part=n)
                    for n, s in enumerate(part.summary or ()) if s]
            if part.text:
                out.append(ir.ReasoningDelta(index=b, text=part.text))
        elif isinstance(part, ir.ToolCall):
            out = [ir.BlockStart(index=b, kind="tool_call", id=part.id, name=part.name,
                                 call_kind=part.kind if part.kind == "custom" else None)]
            text = arguments_text(part)
            if text:
                out.append(ir.ArgumentsDelta(index=b, text=text))
        else:
            out = [ir.BlockStart(index=b, kind="opaque", value=getattr(part, "value", None),
                                 origin=self.id)]
        out.append(ir.BlockEnd(index=b, part=part))
        return out

    def _close_item(self, it: _Item) -> list[ir.AnyEvent]:
        if it.kind == "message":
            return [ir.BlockEnd(index=c.block) for c in it.parts.values()]
        return [ir.BlockEnd(index=it.block)]

    def terminal(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        r = ev.get("response")
        r = r if isinstance(r, dict) else {}
        out = self._start(r)
        for oi in sorted(self.items):
            out += self._close_item(self.items[oi])
        self.items.clear()
        output = r.get("output")
        if not self.any_items and isinstance(output, list) and output:
            # A server that sends the output in the final event only.
            for oi, item in enumerate(output):
                if isinstance(item, dict):
                    for part in self._parts(item, oi, f"$.output[{oi}]"):
                        if isinstance(part, ir.ToolCall):
                            self.calls = True
                        out += self._whole(part)
        status = r.get("status")
        if not isinstance(status, str):
            status = ev["type"].rpartition(".")[2]
        details = r.get("incomplete_details")
        reason = details.get("reason") if isinstance(details, dict) else None
        if status == "failed" and not self.error_seen:
            err = r.get("error")
            out.append(ir.StreamError(error=_error(err if isinstance(err, dict) else {})))
        native, fin = self.fmt.finish_of(status, reason, self.calls)
        out.append(ir.Finish(finish=fin, native_finish=native))
        usage = r.get("usage")
        if isinstance(usage, dict):
            u = responses_in(usage)
            u.extras = detail_extras(usage, USAGE_COUNTED, USAGE_TOP)
            out.append(ir.UsageUpdate(usage=u))
        out.append(ir.End())
        self.ended = True
        return out

    def error(self, ev: dict[str, Any]) -> list[ir.AnyEvent]:
        self.error_seen = True
        err = ev.get("error")
        return [ir.StreamError(error=_error(err if isinstance(err, dict) else ev))]

    def close(self) -> list[ir.AnyEvent]:
        if not self.ended:
            self.closing = True
        return []


def _error(err: dict[str, Any]) -> ir.Error:
    """A stream ``error`` event (the API's top-level fields, or an ``error`` object as some
    servers send it) or a failed response's ``error``."""
    code = err.get("code") if isinstance(err.get("code"), str) else None
    native = err.get("type") if isinstance(err.get("type"), str) else None
    if native == "error":
        native = None
    kind = apierrors.kind_of("openai", native or code, None)
    if kind == "unknown" and code is not None:
        kind = apierrors.kind_of("openai", code, None)
    return ir.Error(kind=kind, message=str(err.get("message") or ""), code=code,
                    param=err.get("param") if isinstance(err.get("param"), str) else None,
                    native_type=native or code)


_HANDLERS: dict[str, Any] = {
    "response.created": ResponsesStreamReader.created,
    "response.output_item.added": ResponsesStreamReader.item_added,
    "response.output_item.done": ResponsesStreamReader.item_done,
    "response.content_part.added": ResponsesStreamReader.part_added,
    "response.content_part.done": ResponsesStreamReader.part_done,
    "response.output_text.done": ResponsesStreamReader.text_done,
    "response.output_text.annotation.added": ResponsesStreamReader.annotation,
    "response.refusal.delta": ResponsesStreamReader.refusal_delta,
    "response.refusal.done": ResponsesStreamReader.text_done,
    "response.reasoning_summary_part.added": ResponsesStreamReader.summary_part_added,
    "response.reasoning_summary_part.done": ResponsesStreamReader.summary_part_done,
    "response.reasoning_summary_text.delta": ResponsesStreamReader.summary_delta,
    "response.reasoning_summary_text.done": ResponsesStreamReader.summary_done,
    "response.reasoning_text.delta": ResponsesStreamReader.reasoning_delta,
    "response.reasoning_text.done": ResponsesStreamReader.reasoning_done,
    "response.function_call_arguments.delta": ResponsesStreamReader.args_delta,
    "response.function_call_arguments.done": ResponsesStreamReader.args_done,
    "response.custom_tool_call_input.delta": ResponsesStreamReader.args_delta,
    "response.custom_tool_call_input.done": ResponsesStreamReader.args_done,
    "response.completed": ResponsesStreamReader.terminal,
    "response.incomplete": ResponsesStreamReader.terminal,
    "response.failed": ResponsesStreamReader.terminal,
    "error": ResponsesStreamReader.error,
}


# -- writing -----------------------------------------------------------------------------------

class _Out:
    """An item being written: its output index, the item as added, and what its done events
    need."""

    __slots__ = ("carried", "chunks", "ci", "citations", "content", "item", "key", "kind",
                 "logprobs", "oi", "part", "style", "summary", "texts")

    def __init__(self, kind: str, oi: int, item: dict[str, Any]) -> None:
        self.kind = kind        # message, reasoning, call, custom, opaque
        self.oi = oi
        self.item = item
        self.key: Any = None    # message: the source message it came from (same format)
        self.content: list[dict[str, Any]] = []   # message: finished content parts
        self.ci = -1            # message: index of the open content part
        self.part = ""          # the open part: text / refusal (message), summary / text
        self.style = ""         # reasoning: "summary" when another vendor's text is shown
        self.carried = False    # reasoning: minted by Responses
        self.chunks: list[str] = []
        self.citations: list[Any] = []
        self.logprobs: list[dict[str, Any]] = []
        self.summary: list[str] = []   # reasoning: finished summary texts
        self.texts: list[str] = []     # reasoning: finished reasoning_text texts


class ResponsesStreamWriter(StreamWriter):
    def __init__(self, ctx: Context, fmt: OpenAIResponses) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.seq = 0
        self.oi = 0
        self.started = False
        self.ended = False
        self.id: str | None = None
        self.model = ctx.model
        self.created: int | None = None
        self.usage: ir.Usage | None = None
        self.finish: str | None = None
        self.native: str | None = None
        self.error: ir.Error | None = None
        self.output: list[dict[str, Any]] = []
        self.message: _Out | None = None
        self.blocks: dict[int, _Out | None] = {}     # canonical block index -> item
        self.reported: set[str] = set()
        self.same = fmt.carries(ctx.source)
        #: The whole response, when this stream is synthesized from one (ids come from it).
        resp = ctx.notes.get("response")
        self.source: ir.Response | None = resp if isinstance(resp, ir.Response) else None
        #: The reader of a same-format conversion (see the module docstring).
        self.upstream: ResponsesStreamReader | None = None
        if ctx.source == fmt.id and ctx.target == fmt.id:
            up = ctx.notes.get(UPSTREAM)
            self.upstream = up if isinstance(up, ResponsesStreamReader) else None
        self.mirror: _Mirror | None = None

    # -- helpers ---------------------------------------------------------------------------

    def ev(self, kind: str, **fields: Any) -> dict[str, Any]:
        out = {"type": kind, "sequence_number": self.seq, **fields}
        self.seq += 1
        return out

    def once(self, key: str, reason: str, kind: str = "dropped") -> None:
        if key not in self.reported:
            self.reported.add(key)
            if kind == "dropped":
                self.ctx.dropped("$", reason)
            else:
                self.ctx.approximated("$", reason)

    def source_part(self, ev: ir.BlockStart) -> ir.AnyPart | None:
        """The part a synthetic stream's block carries (same format: ids and shells)."""
        src = self.source
        if src is None or not self.same:
            return None
        for choice in src.choices:
            if choice.index == ev.choice and 0 <= ev.index < len(choice.parts):
                return choice.parts[ev.index]
        return None

    def response(self, status: str, output: list[dict[str, Any]], *, final: bool
                 ) -> dict[str, Any]:
        """The Response object of a lifecycle event."""
        src = self.source if self.same else None
        if src is not None:
            resp = ir.Response(source=src.source, id=src.id, model=src.model,
                               created=src.created, service_tier=src.service_tier,
                               extras=src.extras, hints=src.hints)
        else:
            resp = ir.Response(source=self.ctx.source, id=self.id, model=self.model,
                               created=self.created)
        resp.usage = self.usage if final else None
        choice = ir.Choice(index=0, finish=self.finish, native_finish=self.native)
        # A stream synthesized from a Responses body ends with that body's own status.
        exact = final and src is not None and self.error is None and bool(src.hints) and \
            (src.hints or {}).get("status") == status
        body = self.fmt.response_body(resp, choice, output, self.ctx, self.same,
                                      status=None if exact else status, error=self.error,
                                      report=False, stream=True)
        if not final:
            body["usage"] = None
        return body

    def start(self) -> list[dict[str, Any]]:
        if self.started:
            return []
        self.started = True
        return [self.ev("response.created", response=self.response("in_progress", [],
                                                                   final=False)),
                self.ev("response.in_progress", response=self.response("in_progress", [],
                                                                       final=False))]

    def add_item(self, kind: str, item: dict[str, Any], added: dict[str, Any] | None = None
                 ) -> tuple[_Out, list[dict[str, Any]]]:
        out = self.close_message()
        out += self.start()
        o = _Out(kind, self.oi, item)
        self.oi += 1
        out.append(self.ev("response.output_item.added", output_index=o.oi,
                           item=added if added is not None else dict(item)))
        return o, out

    def close_message(self, status: str = "completed") -> list[dict[str, Any]]:
        m = self.message
        if m is None:
            return []
        self.message = None
        item = dict(m.item)
        if "status" in item:
            item["status"] = status
        item["content"] = m.content
        self.output.append(item)
        return [self.ev("response.output_item.done", output_index=m.oi, item=item)]

    def error_event(self, error: ir.Error) -> dict[str, Any]:
        code = error.code
        if code is None:
            code = error.native_type if self.same and error.native_type else \
                FAILED_CODES.get(error.kind, apierrors.TO_NATIVE["openai"][error.kind])
        return self.ev("error", code=code, message=error.message, param=error.param)

    # -- canonical events ------------------------------------------------------------------

    def write(self, ev: ir.AnyEvent) -> list[dict[str, Any]]:
        if self.upstream is not None:
            if not self.upstream.closing:
                return []   # a same-format stream passes through: nothing to write
            if self.upstream.started:
                if self.mirror is None:
                    self.mirror = _Mirror(self, self.upstream)
                return self.mirror.write(ev)
        if type(ev) is ir.TextDelta:
            return self.text(ev)
        if isinstance(ev, ir.ReasoningDelta):
            return self.reasoning(ev)
        if isinstance(ev, ir.ArgumentsDelta):
            return self.arguments(ev)
        if isinstance(ev, ir.BlockStart):
            return self.block_start(ev)
        if isinstance(ev, ir.BlockEnd):
            return self.block_end(ev)
        if isinstance(ev, ir.CitationDelta):
            o = self.blocks.get(ev.index) if ev.choice == 0 else None
            if o is not None and o.kind == "message":
                o.citations.append(ev.citation)
            return []
        if isinstance(ev, ir.SignatureDelta):
            if ev.choice == 0 and not self.fmt.carries(ev.origin):
                self.once("signature", f"reasoning signatures from {ev.origin} have no "
                                       f"{self.fmt.id} field (never turned into "
                                       "encrypted_content)")
            return []
        if isinstance(ev, ir.Start):
            self.id = ev.id or self.id
            self.model = ev.model or self.model
            self.created = ev.created if ev.created is not None else self.created
            if ev.usage is not None:
                self.usage = ev.usage
            return self.start()
        if isinstance(ev, ir.Finish):
            if ev.choice != 0:
                self.once("choices", f"{self.fmt.id} streams one response; other choices "
                                     "dropped")
                return []
            self.finish = ev.finish
            self.native = ev.native_finish if self.same else None
            return []
        if isinstance(ev, ir.UsageUpdate):
            self.usage = merge_usage(self.usage, ev.usage)
            return []
        if isinstance(ev, ir.StreamError):
            self.error = ev.error
            out = self.start()
            out.append(self.error_event(ev.error))
            return out
        if isinstance(ev, ir.End):
            return self.end()
        return []

    def text(self, ev: ir.TextDelta) -> list[dict[str, Any]]:
        o = self.blocks.get(ev.index) if ev.choice == 0 else None
        if o is None:
            return []
        o.chunks.append(ev.text)
        if o.part == "refusal":
            return [self.ev("response.refusal.delta", item_id=o.item["id"], output_index=o.oi,
                            content_index=o.ci, delta=ev.text)]
        lp = [logprob_out(x) for x in ev.logprobs] if ev.logprobs else []
        if lp:
            o.logprobs += lp
        return [self.ev("response.output_text.delta", item_id=o.item["id"], output_index=o.oi,
                        content_index=o.ci, delta=ev.text, logprobs=lp)]

    def arguments(self, ev: ir.ArgumentsDelta) -> list[dict[str, Any]]:
        o = self.blocks.get(ev.index) if ev.choice == 0 else None
        if o is None:
            return []
        o.chunks.append(ev.text)
        kind = "response.custom_tool_call_input.delta" if o.kind == "custom" else \
            "response.function_call_arguments.delta"
        return [self.ev(kind, item_id=o.item["id"], output_index=o.oi, delta=ev.text)]

    def reasoning(self, ev: ir.ReasoningDelta) -> list[dict[str, Any]]:
        o = self.blocks.get(ev.index) if ev.choice == 0 else None
        if o is None:
            return []
        rid = o.item["id"]
        out: list[dict[str, Any]] = []
        if ev.summary or o.style == "summary":
            # Summary fragments join within their summary_part; a new number opens a new
            # part. Another vendor's visible thinking streams into one summary part.
            if o.part and (o.part != "summary" or (ev.summary and ev.summary_part
                                                   != len(o.summary))):
                out += self.close_part(o)
            if not o.part:
                o.part = "summary"
                out.append(self.ev("response.reasoning_summary_part.added", item_id=rid,
                                   output_index=o.oi, summary_index=len(o.summary),
                                   part={"type": "summary_text", "text": ""}))
            o.chunks.append(ev.text)
            out.append(self.ev("response.reasoning_summary_text.delta", item_id=rid,
                               output_index=o.oi, summary_index=len(o.summary),
                               delta=ev.text))
            return out
        if o.part == "summary":
            out += self.close_part(o)
        if not o.part:
            o.part = "text"
            out.append(self.ev("response.content_part.added", item_id=rid, output_index=o.oi,
                               content_index=len(o.texts),
                               part={"type": "reasoning_text", "text": ""}))
        o.chunks.append(ev.text)
        out.append(self.ev("response.reasoning_text.delta", item_id=rid, output_index=o.oi,
                           content_index=len(o.texts), delta=ev.text))
        return out

    def close_part(self, o: _Out) -> list[dict[str, Any]]:
        """The done events of a reasoning item's open summary or reasoning_text part."""
        kind = o.part
        if not kind:
            return []
        o.part = ""
        text = "".join(o.chunks)
        o.chunks = []
        rid = o.item["id"]
        if kind == "text":
            ci = len(o.texts)
            o.texts.append(text)
            return [self.ev("response.reasoning_text.done", item_id=rid, output_index=o.oi,
                            content_index=ci, text=text),
                    self.ev("response.content_part.done", item_id=rid, output_index=o.oi,
                            content_index=ci, part={"type": "reasoning_text", "text": text})]
        si = len(o.summary)
        o.summary.append(text)
        return [self.ev("response.reasoning_summary_text.done", item_id=rid, output_index=o.oi,
                        summary_index=si, text=text),
                self.ev("response.reasoning_summary_part.done", item_id=rid, output_index=o.oi,
                        summary_index=si, part={"type": "summary_text", "text": text})]

    def block_start(self, ev: ir.BlockStart) -> list[dict[str, Any]]:
        if ev.choice != 0:
            self.once("choices", f"{self.fmt.id} streams one response; other choices dropped")
            return []
        kind = ev.kind
        src = self.source_part(ev)
        hints = src.hints if src is not None and src.hints else {}
        if kind == "text" or kind == "refusal":
            return self.content_start(ev, kind, hints)
        if kind == "reasoning":
            origin = ev.origin or self.ctx.source
            carried = self.fmt.carries(origin)
            if not carried and ev.data is not None:
                self.blocks[ev.index] = None
                self.once("redacted", f"redacted reasoning from {origin} has no "
                                      f"{self.fmt.id} field (never turned into "
                                      "encrypted_content)")
                return []
            rid = src.id if isinstance(src, ir.Reasoning) and src.id else \
                item_id("rs_", self.id, self.oi)
            item = {"id": rid, "type": "reasoning", "summary": []}
            o, out = self.add_item("reasoning", item, dict(item, summary=[]))
            o.carried = carried
            o.style = "summary" if not carried and summary_style(origin) else "text"
            self.blocks[ev.index] = o
            return out
        if kind == "tool_call":
            custom = ev.call_kind == "custom"
            raw = hints.get("raw") if isinstance(src, ir.ToolCall) else None
            if isinstance(raw, dict):
                item = dict(raw)
                item["input" if custom else "arguments"] = ""
                if "status" in item:
                    item["status"] = "in_progress"
            elif custom:
                item = {"id": item_id("ctc_", self.id, self.oi), "type": "custom_tool_call",
                        "call_id": ev.id or item_id("call_", self.id, self.oi), "input": "",
                        "name": ev.name or ""}
            else:
                item = {"id": item_id("fc_", self.id, self.oi), "type": "function_call",
                        "status": "in_progress", "arguments": "",
                        "call_id": ev.id or item_id("call_", self.id, self.oi),
                        "name": ev.name or ""}
            o, out = self.add_item("custom" if custom else "call", item)
            self.blocks[ev.index] = o
            return out
        if ev.value is not None and self.fmt.carries(ev.origin) and (
                src is None or hints.get("item")):
            o, out = self.add_item("opaque", dict(ev.value))
            self.blocks[ev.index] = o
            return out
        self.blocks[ev.index] = None
        what = (ev.value or {}).get("type", kind)
        self.once(f"opaque:{what}", f"{what!r} content has no {self.fmt.id} stream form")
        return []

    def content_start(self, ev: ir.BlockStart, kind: str, hints: dict[str, Any]
                      ) -> list[dict[str, Any]]:
        """A text or refusal block: a content part of the open message item (one message
        item holds consecutive text blocks, as in a body)."""
        out: list[dict[str, Any]] = []
        key = hints.get("msg")
        m = self.message
        if m is None or key != m.key:
            out += self.close_message()
            out += self.start()
            shell = hints.get("item")
            if isinstance(shell, dict):
                item = dict(shell)
                if "status" in item:
                    item["status"] = "in_progress"
            else:
                item = {"id": item_id("msg_", self.id, self.oi), "type": "message",
                        "status": "in_progress", "content": [], "role": "assistant"}
            item["content"] = []
            m = self.message = _Out("message", self.oi, item)
            self.oi += 1
            m.key = key
            out.append(self.ev("response.output_item.added", output_index=m.oi,
                               item=dict(item, content=[])))
        m.ci = len(m.content)
        m.part = kind
        m.chunks = []
        m.citations = []
        m.logprobs = []
        part: dict[str, Any] = {"type": "output_text", "annotations": [], "logprobs": [],
                                "text": ""} if kind == "text" else {"type": "refusal",
                                                                     "refusal": ""}
        out.append(self.ev("response.content_part.added", item_id=m.item["id"],
                           output_index=m.oi, content_index=m.ci, part=part))
        self.blocks[ev.index] = m
        return out

    def block_end(self, ev: ir.BlockEnd) -> list[dict[str, Any]]:
        o = self.blocks.pop(ev.index, None) if ev.choice == 0 else None
        if o is None:
            return []
        if o.kind == "message":
            return self.content_end(o, ev.part)
        if o.kind == "reasoning":
            return self.reasoning_end(o, ev.part)
        part = ev.part
        rid = o.item["id"]
        if o.kind in ("call", "custom"):
            text = "".join(o.chunks)
            if not o.chunks and isinstance(part, ir.ToolCall):
                text = arguments_text(part)
            item = dict(o.item)
            if o.kind == "custom":
                item["input"] = text
                out = [self.ev("response.custom_tool_call_input.done", item_id=rid,
                               output_index=o.oi, input=text)]
            else:
                item["arguments"] = text
                item["status"] = "completed"
                out = [self.ev("response.function_call_arguments.done", item_id=rid,
                               output_index=o.oi, arguments=text)]
            if isinstance(part, ir.ToolCall):
                if self.same and part.hints and "raw" in part.hints:
                    item = self.fmt.call_item(part, self._resp(), o.oi, self.ctx, True)
                elif part.extras:
                    self.fmt.emit_extras(item, part.extras, self.ctx.source, part.path,
                                         self.ctx)
            self.output.append(item)
            out.append(self.ev("response.output_item.done", output_index=o.oi, item=item))
            return out
        item = dict(part.value) if isinstance(part, ir.Opaque) else dict(o.item)
        self.output.append(item)
        return [self.ev("response.output_item.done", output_index=o.oi, item=item)]

    def content_end(self, o: _Out, part: ir.AnyPart | None) -> list[dict[str, Any]]:
        text = "".join(o.chunks)
        rid = o.item["id"]
        out: list[dict[str, Any]] = []
        raw = part.hints.get("raw") if self.same and part is not None and part.hints else None
        body: dict[str, Any]
        if o.part == "refusal":
            body = dict(raw, refusal=text) if isinstance(raw, dict) else {
                "type": "refusal", "refusal": text}
            out.append(self.ev("response.refusal.done", item_id=rid, output_index=o.oi,
                               content_index=o.ci, refusal=text))
        else:
            if isinstance(raw, dict):
                body = dict(raw, text=text)
                if isinstance(part, ir.Text) and part.citations:
                    body["annotations"] = part.citations
                annotations = body.get("annotations") or []
            else:
                citations = part.citations if isinstance(part, ir.Text) and part.citations \
                    else o.citations
                annotations = self.fmt.annotations(
                    ir.Text(text=text, citations=citations,
                            path=part.path if part is not None else None),
                    self._resp(), self.ctx) if citations else []
                body = {"type": "output_text", "annotations": annotations,
                        "logprobs": o.logprobs, "text": text}
            for i, a in enumerate(annotations):
                out.append(self.ev("response.output_text.annotation.added", item_id=rid,
                                   output_index=o.oi, content_index=o.ci, annotation_index=i,
                                   annotation=a))
            out.append(self.ev("response.output_text.done", item_id=rid, output_index=o.oi,
                               content_index=o.ci, text=text,
                               logprobs=body.get("logprobs") or []))
        out.append(self.ev("response.content_part.done", item_id=rid, output_index=o.oi,
                           content_index=o.ci, part=body))
        o.content.append(body)
        o.part = ""
        return out

    def reasoning_end(self, o: _Out, part: ir.AnyPart | None) -> list[dict[str, Any]]:
        out = self.close_part(o)
        raw = part.hints.get("raw") if self.same and isinstance(part, ir.Reasoning) and \
            part.hints else None
        if isinstance(raw, dict):
            item = dict(raw)
        else:
            item = {"id": o.item["id"], "type": "reasoning",
                    "summary": [{"type": "summary_text", "text": s} for s in o.summary]}
            if o.texts:
                item["content"] = [{"type": "reasoning_text", "text": s} for s in o.texts]
            if isinstance(part, ir.Reasoning):
                if o.carried:
                    if part.data is not None:
                        item["encrypted_content"] = part.data
                elif part.signature is not None or part.data is not None:
                    self.once("signature", f"reasoning signatures from "
                                           f"{part.origin.format if part.origin else None} "
                                           f"have no {self.fmt.id} field (never turned into "
                                           "encrypted_content)")
        self.output.append(item)
        out.append(self.ev("response.output_item.done", output_index=o.oi, item=item))
        return out

    def _resp(self) -> ir.Response:
        return ir.Response(source=self.ctx.source, id=self.id)

    def end(self) -> list[dict[str, Any]]:
        if self.ended:
            return []
        self.ended = True
        out = self.start()
        status, _, exact = status_of(self.finish)
        if self.error is not None:
            status = "failed"
        elif not exact:
            self.once(f"finish:{self.finish}", f"finish reason {self.finish!r} sent as status "
                                               f"{status!r}", "approximated")
        out += self.close_message("incomplete" if status == "incomplete" else "completed")
        if self.error is None and self.source is not None and self.same and \
                self.source.hints and isinstance(self.source.hints.get("status"), str):
            status = self.source.hints["status"]
        body = self.response(status, self.output, final=True)
        kind = {"incomplete": "response.incomplete",
                "failed": "response.failed"}.get(status, "response.completed")
        out.append(self.ev(kind, response=body))
        return out


class _Mirror:
    """Ends a same-format stream cut short, from what its reader saw."""

    def __init__(self, writer: ResponsesStreamWriter, up: ResponsesStreamReader) -> None:
        self.w = writer
        self.up = up
        writer.seq = (up.seq + 1) if up.seq is not None else up.count
        self.closed: set[int] = set()

    def write(self, ev: ir.AnyEvent) -> list[dict[str, Any]]:
        w = self.w
        if isinstance(ev, ir.BlockEnd):
            return self.close_items()
        if isinstance(ev, ir.Finish):
            w.finish = ev.finish
            return []
        if isinstance(ev, ir.UsageUpdate):
            w.usage = merge_usage(w.usage, ev.usage)
            return []
        if isinstance(ev, ir.StreamError):
            w.error = ev.error
            return [w.error_event(ev.error)]
        if isinstance(ev, ir.End):
            out = self.close_items()
            r = self.up.shell or {}
            w.id = r.get("id") if isinstance(r.get("id"), str) else w.id
            w.model = r.get("model") if isinstance(r.get("model"), str) else w.model
            created = r.get("created_at")
            w.created = int(created) if isinstance(created, int | float) else w.created
            w.same = False   # interlingua's own response object (upstream items not repeated)
            status = "failed" if w.error is not None or self.up.error_seen else \
                status_of(w.finish)[0]
            if status == "completed":
                status = "incomplete"
            body = w.response(status, [], final=True)
            kind = "response.failed" if status == "failed" else "response.incomplete"
            out.append(w.ev(kind, response=body))
            return out
        return []

    def close_items(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for oi in sorted(self.up.items):
            if oi in self.closed:
                continue
            self.closed.add(oi)
            out += self.close_item(oi, self.up.items[oi])
        return out

    def close_item(self, oi: int, it: _Item) -> list[dict[str, Any]]:
        w = self.w
        rid = it.raw.get("id")
        out: list[dict[str, Any]] = []
        item = dict(it.raw)
        if it.kind == "message":
            content = []
            for ci in sorted(it.parts):
                c = it.parts[ci]
                if c.done is not None:
                    content.append(c.done)
                    continue
                text = "".join(c.chunks)
                if c.kind == "refusal":
                    part: dict[str, Any] = {"type": "refusal", "refusal": text}
                    out.append(w.ev("response.refusal.done", item_id=rid, output_index=oi,
                                    content_index=ci, refusal=text))
                else:
                    part = {"type": "output_text", "annotations": [], "logprobs": [],
                            "text": text}
                    out.append(w.ev("response.output_text.done", item_id=rid, output_index=oi,
                                    content_index=ci, text=text, logprobs=[]))
                out.append(w.ev("response.content_part.done", item_id=rid, output_index=oi,
                                content_index=ci, part=part))
                content.append(part)
            item["status"] = "incomplete"
            item["content"] = content
        elif it.kind == "reasoning":
            summary = ["".join(s) for s in it.summary]
            if it.summary and it.summary_done < len(it.summary):
                si = len(summary) - 1
                out.append(w.ev("response.reasoning_summary_text.done", item_id=rid,
                                output_index=oi, summary_index=si, text=summary[si]))
                out.append(w.ev("response.reasoning_summary_part.done", item_id=rid,
                                output_index=oi, summary_index=si,
                                part={"type": "summary_text", "text": summary[si]}))
            texts = ["".join(s) for s in it.content]
            if it.content and it.content_done < len(it.content):
                ci = len(texts) - 1
                out.append(w.ev("response.reasoning_text.done", item_id=rid, output_index=oi,
                                content_index=ci, text=texts[ci]))
                out.append(w.ev("response.content_part.done", item_id=rid, output_index=oi,
                                content_index=ci,
                                part={"type": "reasoning_text", "text": texts[ci]}))
            item["summary"] = [{"type": "summary_text", "text": s} for s in summary]
            if texts:
                item["content"] = [{"type": "reasoning_text", "text": s} for s in texts]
            item.pop("encrypted_content", None)   # possibly partial: never replayable
            if "status" in item:
                item["status"] = "incomplete"
        elif it.kind in ("call", "custom"):
            text = "".join(it.args)
            if it.kind == "custom":
                item["input"] = text
                if not it.args_done:
                    out.append(w.ev("response.custom_tool_call_input.done", item_id=rid,
                                    output_index=oi, input=text))
            else:
                item["arguments"] = text
                item["status"] = "incomplete"
                if not it.args_done:
                    out.append(w.ev("response.function_call_arguments.done", item_id=rid,
                                    output_index=oi, arguments=text))
        out.append(w.ev("response.output_item.done", output_index=oi, item=item))
        return out
