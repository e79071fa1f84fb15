"""Stream machinery shared by every format: readers and writers of canonical events, the
aggregator (events -> a whole response), the synthesizer (a response -> events), and the
sans-IO ``StreamConverter`` a proxy feeds one event at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from . import ir
from .context import Context, Options, Renames
from .errors import LossError
from .loss import Loss, OnLoss, apply_policy, check_on_loss
from .registry import get_format

#: Rough characters-per-token for estimates (no tokenizer is downloaded).
CHARS_PER_TOKEN = 4


class StreamReader:
    """Turns one format's stream events into canonical events. One instance per stream."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def feed(self, event: dict[str, Any]) -> list[ir.AnyEvent]:
        raise NotImplementedError

    def close(self) -> list[ir.AnyEvent]:
        """Events that end the stream well if the source stopped early (else nothing)."""
        return []


class StreamWriter:
    """Turns canonical events into one format's stream events. One instance per stream."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def write(self, event: ir.AnyEvent) -> list[dict[str, Any]]:
        raise NotImplementedError

    def close(self) -> list[dict[str, Any]]:
        return []


class Blocks:
    """Numbering of content blocks for readers whose format does not delimit them (OpenAI
    chat chunks, Gemini chunks): opens a block when a new kind of content starts and closes
    the previous one, so writers always see BlockStart ... BlockEnd."""

    def __init__(self) -> None:
        self.open: dict[int, tuple[int, str, Any]] = {}   # choice -> (index, kind, key)
        self.next: dict[int, int] = {}
        self.keys: dict[tuple[int, Any], int] = {}

    def switch(self, choice: int, kind: str, key: Any = None, **start: Any
               ) -> tuple[int, list[ir.AnyEvent]]:
        """The block index for content of ``kind`` (and ``key``: a tool call index), with the
        events that close the current block and open a new one when needed."""
        current = self.open.get(choice)
        if current is not None and current[1] == kind and current[2] == key:
            return current[0], []
        events: list[ir.AnyEvent] = []
        if current is not None:
            events.append(ir.BlockEnd(choice=choice, index=current[0]))
        index = self.next.get(choice, 0)
        self.next[choice] = index + 1
        self.open[choice] = (index, kind, key)
        self.keys[(choice, key)] = index
        events.append(ir.BlockStart(choice=choice, index=index, kind=kind, **start))
        return index, events

    def close(self, choice: int | None = None) -> list[ir.AnyEvent]:
        events: list[ir.AnyEvent] = []
        for c in ([choice] if choice is not None else sorted(self.open)):
            current = self.open.pop(c, None)
            if current is not None:
                events.append(ir.BlockEnd(choice=c, index=current[0]))
        return events


class _Builder:
    __slots__ = ("chunks", "kind", "part")

    def __init__(self, kind: str, part: ir.AnyPart) -> None:
        self.kind = kind
        self.part = part
        self.chunks: list[str] = []


class Aggregator:
    """Builds the whole response from canonical events (for aggregation, response.completed
    events, usage estimates of cut streams)."""

    def __init__(self, source: str) -> None:
        self.response = ir.Response(source=source)
        self._choices: dict[int, ir.Choice] = {}
        self._blocks: dict[tuple[int, int], _Builder] = {}
        self.started = False
        self.finished: set[int] = set()
        self.ended = False
        self.error: ir.Error | None = None
        self.chars = 0

    def choice(self, index: int) -> ir.Choice:
        c = self._choices.get(index)
        if c is None:
            c = self._choices[index] = ir.Choice(index=index, parts=[])
        return c

    def add(self, ev: ir.AnyEvent) -> None:
        t = type(ev)
        if t is ir.ArgumentsDelta:   # the commonest deltas first, by exact type (hot path)
            assert isinstance(ev, ir.ArgumentsDelta)
            b = self._blocks.get((ev.choice, ev.index)) or self._open(ir.BlockStart(
                choice=ev.choice, index=ev.index, kind="tool_call"))
            b.chunks.append(ev.text)
            self.chars += len(ev.text)
        elif isinstance(ev, ir.TextDelta):
            b = self._blocks.get((ev.choice, ev.index)) or self._open(
                ir.BlockStart(choice=ev.choice, index=ev.index, kind="text"))
            b.chunks.append(ev.text)
            self.chars += len(ev.text)
            if ev.logprobs:
                c = self.choice(ev.choice)
                c.logprobs = (c.logprobs or []) + ev.logprobs
        elif isinstance(ev, ir.ReasoningDelta):
            b = self._blocks.get((ev.choice, ev.index)) or self._open(ir.BlockStart(
                choice=ev.choice, index=ev.index, kind="reasoning"))
            if ev.summary and isinstance(b.part, ir.Reasoning):
                summary = b.part.summary = list(b.part.summary or [])
                while len(summary) <= ev.summary_part:
                    summary.append("")
                summary[ev.summary_part] += ev.text
            else:
                b.chunks.append(ev.text)
            self.chars += len(ev.text)
        elif isinstance(ev, ir.BlockStart):
            self._open(ev)
        elif isinstance(ev, ir.BlockEnd):
            self._close(ev)
        elif isinstance(ev, ir.SignatureDelta):
            sb = self._blocks.get((ev.choice, ev.index))
            if sb is not None:
                sb.part.signature = (sb.part.signature or "") + ev.signature
                if ev.origin and sb.part.origin is None:
                    sb.part.origin = ir.Origin(format=ev.origin)
        elif isinstance(ev, ir.CitationDelta):
            cb = self._blocks.get((ev.choice, ev.index))
            if cb is not None and isinstance(cb.part, ir.Text):
                cb.part.citations = [*(cb.part.citations or []), ev.citation]
        elif isinstance(ev, ir.Start):
            self.started = True
            r = self.response
            r.id = ev.id or r.id
            r.model = ev.model or r.model
            r.created = ev.created if ev.created is not None else r.created
            if ev.usage is not None:
                r.usage = merge_usage(r.usage, ev.usage)
            if ev.extras:
                r.extras = {**(r.extras or {}), **ev.extras}
        elif isinstance(ev, ir.Finish):
            c = self.choice(ev.choice)
            c.finish = ev.finish
            c.native_finish = ev.native_finish
            c.stop_sequence = ev.stop_sequence
            self.finished.add(ev.choice)
        elif isinstance(ev, ir.UsageUpdate):
            self.response.usage = merge_usage(self.response.usage, ev.usage)
        elif isinstance(ev, ir.StreamError):
            self.error = ev.error
        elif isinstance(ev, ir.End):
            self.ended = True

    def _open(self, ev: ir.BlockStart) -> _Builder:
        part: ir.AnyPart
        kind = ev.kind
        if kind == "text":
            part = ir.Text(text="")
        elif kind == "reasoning":
            part = ir.Reasoning(data=ev.data, redacted=ev.data is not None,
                                origin=ir.Origin(format=ev.origin) if ev.origin else None)
        elif kind == "tool_call":
            part = ir.ToolCall(id=ev.id, name=ev.name or "",
                               kind="custom" if ev.call_kind == "custom" else "function")
        elif kind == "refusal":
            part = ir.Refusal(text="")
        else:
            part = ir.Opaque(value=dict(ev.value or {}),
                             origin=ir.Origin(format=ev.origin or self.response.source))
        b = _Builder(kind, part)
        self._blocks[(ev.choice, ev.index)] = b
        self.choice(ev.choice).parts.append(part)
        return b

    def _close(self, ev: ir.BlockEnd) -> None:
        b = self._blocks.pop((ev.choice, ev.index), None)
        if b is None:
            if ev.part is not None:
                self.choice(ev.choice).parts.append(ev.part)
            return
        self._finish_builder(b)
        if ev.part is not None:
            parts = self.choice(ev.choice).parts
            for i, p in enumerate(parts):
                if p is b.part:
                    parts[i] = ev.part
                    break

    @staticmethod
    def _finish_builder(b: _Builder) -> None:
        text = "".join(b.chunks)
        part = b.part
        if isinstance(part, ir.Text | ir.Refusal):
            part.text = text
        elif isinstance(part, ir.Reasoning):
            if b.chunks:
                part.text = text
        elif isinstance(part, ir.ToolCall):
            part.arguments = text if part.kind == "function" else None
            if part.kind == "custom":
                part.input = text

    def result(self) -> ir.Response:
        """The response so far; open blocks are closed with what they have."""
        for key in list(self._blocks):
            self._finish_builder(self._blocks.pop(key))
        r = self.response
        r.choices = [self._choices[i] for i in sorted(self._choices)]
        return r


def merge_usage(old: ir.Usage | None, new: ir.Usage) -> ir.Usage:
    """Later counts win; counts a later update does not give are kept."""
    if old is None:
        return new
    merged = ir.Usage(**{f: getattr(new, f) if getattr(new, f) is not None else getattr(old, f)
                         for f in ("input_tokens", "output_tokens", "cache_read_tokens",
                                   "cache_write_tokens", "cache_write_1h_tokens",
                                   "reasoning_tokens", "tool_use_prompt_tokens",
                                   "total_tokens")})
    merged.estimated = old.estimated or new.estimated
    if old.extras or new.extras:
        merged.extras = {**(old.extras or {}), **(new.extras or {})}
    return merged


def events_from_response(resp: ir.Response) -> list[ir.AnyEvent]:
    """A well-formed canonical stream that carries the whole response."""
    events: list[ir.AnyEvent] = [ir.Start(id=resp.id, model=resp.model, created=resp.created,
                                          extras=resp.extras)]
    for choice in resp.choices:
        for index, part in enumerate(choice.parts):
            c = choice.index
            if isinstance(part, ir.Text):
                events.append(ir.BlockStart(choice=c, index=index, kind="text"))
                if part.text:
                    events.append(ir.TextDelta(choice=c, index=index, text=part.text,
                                               logprobs=choice.logprobs if index == 0 else None))
                for citation in part.citations or ():
                    events.append(ir.CitationDelta(choice=c, index=index, citation=citation))
            elif isinstance(part, ir.Reasoning):
                events.append(ir.BlockStart(choice=c, index=index, kind="reasoning",
                                            data=part.data if part.redacted else None,
                                            origin=part.origin.format if part.origin else None))
                for n, summary in enumerate(part.summary or ()):
                    events.append(ir.ReasoningDelta(choice=c, index=index, text=summary,
                                                    summary=True, summary_part=n))
                if part.text:
                    events.append(ir.ReasoningDelta(choice=c, index=index, text=part.text))
                if part.signature:
                    events.append(ir.SignatureDelta(
                        choice=c, index=index, signature=part.signature,
                        origin=part.origin.format if part.origin else None))
            elif isinstance(part, ir.ToolCall):
                events.append(ir.BlockStart(choice=c, index=index, kind="tool_call", id=part.id,
                                            name=part.name, call_kind=part.kind))
                text = part.arguments if part.arguments is not None else (
                    part.input if isinstance(part.input, str) else None)
                if text is None and part.input is not None:
                    import msgspec
                    text = msgspec.json.encode(part.input).decode()
                if text:
                    events.append(ir.ArgumentsDelta(choice=c, index=index, text=text))
            elif isinstance(part, ir.Refusal):
                events.append(ir.BlockStart(choice=c, index=index, kind="refusal"))
                events.append(ir.TextDelta(choice=c, index=index, text=part.text))
            else:
                events.append(ir.BlockStart(choice=c, index=index, kind="opaque",
                                            value=getattr(part, "value", None),
                                            origin=part.origin.format if part.origin else None))
            events.append(ir.BlockEnd(choice=c, index=index, part=part))
        events.append(ir.Finish(choice=choice.index, finish=choice.finish,
                                native_finish=choice.native_finish,
                                stop_sequence=choice.stop_sequence))
    if resp.usage is not None:
        events.append(ir.UsageUpdate(usage=resp.usage))
    events.append(ir.End())
    return events


def estimate_tokens(chars: int) -> int:
    return (chars + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


class StreamConverter:
    """Converts a stream one event at a time: no I/O, for sync and async servers alike.

        conv = StreamConverter("anthropic.messages", "openai.chat")
        for event in upstream_events:          # dicts: the JSON of each SSE data line
            for out in conv.feed(event):
                send(out)
        for out in conv.close():               # always call: ends a cut stream well
            send(out)

    ``losses`` lists what could not be carried; ``usage`` the canonical usage so far (with
    ``estimated=True`` when the stream was cut and counts were estimated); ``response()`` the
    aggregate so far as a canonical ``ir.Response``.
    """

    def __init__(self, source: str, target: str, *, model: str | None = None,
                 on_loss: OnLoss = "warn", renames: Renames | None = None,
                 request: dict[str, Any] | None = None,
                 options: Options | Mapping[str, Any] | None = None, **option_kw: Any) -> None:
        from .api import _options
        self.on_loss = check_on_loss(on_loss)
        src, dst = get_format(source), get_format(target)
        self.source, self.target = src.id, dst.id
        self.ctx = Context(src.id, dst.id, _options(options, option_kw), model)
        if renames is not None:
            self.ctx.renames = renames
        if request is not None:
            self.ctx.notes["request"] = request
        self.reader: StreamReader = src.stream_reader(self.ctx)
        self.writer: StreamWriter = dst.stream_writer(self.ctx)
        self.passthrough = src.id == dst.id
        self.aggregator = Aggregator(src.id)
        self._reported = 0
        self._closed = False

    @property
    def losses(self) -> list[Loss]:
        return self.ctx.losses

    @property
    def usage(self) -> ir.Usage | None:
        return self.aggregator.response.usage

    def response(self) -> ir.Response:
        return self.aggregator.result()

    def feed(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """Convert one source event; returns the target events it produces (maybe none)."""
        events = self.reader.feed(event)
        out = self._emit(events)
        return [event] if self.passthrough else out

    def close(self) -> list[dict[str, Any]]:
        """End the stream. If the source stopped early, returns the events that end the
        target stream well, with a usage estimate (reported as an approximation)."""
        if self._closed:
            return []
        self._closed = True
        out = self._emit(self.reader.close())
        agg = self.aggregator
        cut = not agg.ended
        if not agg.ended:
            ending: list[ir.AnyEvent] = [] if agg.started else [ir.Start()]
            ending += [ir.BlockEnd(choice=c, index=i) for c, i in list(agg._blocks)]
            for c in sorted(agg._choices) or [0]:
                if c not in agg.finished:
                    ending.append(ir.Finish(choice=c, finish="length"))
            if agg.finished and len(agg.finished) >= len(agg._choices or {0: 0}) and \
                    not agg._blocks and agg.started:
                # Every choice finished: only the end marker was missing (normal for
                # formats whose last event carries no end of stream).
                out += self._emit([ir.End()])
            else:
                ending += [ir.UsageUpdate(usage=self._estimate()), ir.End()]
                self.ctx.approximated("$", "the stream ended before its last event; it was "
                                           "closed with finish reason 'length' and an estimate "
                                           "of the usage")
                out += self._emit(ending)
        out += self.writer.close()
        self._policy()
        if self.passthrough and not cut:
            return []  # a same-format stream went out as it came; only a cut one needs more
        return out

    def _emit(self, events: list[ir.AnyEvent]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        renames = self.ctx.renames
        for ev in events:
            if type(ev) is ir.BlockStart and ev.name and renames.tool_names:
                ev.name = renames.restore_tool_name(ev.name)
            self.aggregator.add(ev)
            out.extend(self.writer.write(ev))
        if len(self.ctx.losses) > self._reported:
            self._policy()
        return out

    def _estimate(self) -> ir.Usage:
        agg = self.aggregator
        have = agg.response.usage
        output = estimate_tokens(agg.chars)
        if have is not None and have.output_tokens is not None:
            output = max(output, have.output_tokens)
        usage = ir.Usage(input_tokens=have.input_tokens if have else None,
                         output_tokens=output, estimated=True)
        if have is not None:
            usage.cache_read_tokens = have.cache_read_tokens
            usage.cache_write_tokens = have.cache_write_tokens
        return usage

    def _policy(self) -> None:
        fresh = self.ctx.losses[self._reported:]
        self._reported = len(self.ctx.losses)
        if fresh and self.on_loss == "raise":
            raise LossError(fresh)
        apply_policy(fresh, self.on_loss, stacklevel=4)


def convert_events(events: Iterable[dict[str, Any]], converter: StreamConverter
                   ) -> Iterator[dict[str, Any]]:
    for event in events:
        yield from converter.feed(event)
    yield from converter.close()
