"""OpenAI legacy Completions streams: ``Completion`` objects per chunk, ended by
``data: [DONE]`` (SSE framing: ``Format.SSE_DONE``).

Each chunk carries ``choices[].text`` pieces (with ``logprobs`` when asked); the last chunk of
a choice carries its ``finish_reason`` (every other chunk ``null``, as OpenAI sends them); a
last chunk with empty ``choices`` carries the usage when the client asked for it
(``stream_options.include_usage``), as in Chat Completions. Another format's stream is
flattened to its text: reasoning, tool calls and other blocks are dropped (reported once
each), a refusal is sent as text (approximated).
"""

from __future__ import annotations

from typing import Any

from ... import apierrors, finish, ir
from ...context import Context
from ...streaming import Blocks, StreamReader, StreamWriter, merge_usage
from .._usage import openai_in, openai_out
from .response import logprobs_in, logprobs_out


class CompletionsStreamReader(StreamReader):
    def __init__(self, ctx: Context, fmt: str) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.started = False
        self.blocks = Blocks()
        self.finished: set[int] = set()
        self.seen: set[int] = set()

    def feed(self, chunk: dict[str, Any]) -> list[ir.AnyEvent]:
        events: list[ir.AnyEvent] = []
        if "error" in chunk and "choices" not in chunk:
            err = chunk.get("error")
            native = err.get("type") if isinstance(err, dict) else None
            return [ir.StreamError(error=ir.Error(
                kind=apierrors.kind_of("openai", native, None) if native else "server",
                message=str(err.get("message") if isinstance(err, dict) else err),
                code=err.get("code") if isinstance(err, dict) and isinstance(
                    err.get("code"), str) else None,
                native_type=native))]
        if not self.started:
            self.started = True
            events.append(ir.Start(id=chunk.get("id"), model=chunk.get("model"),
                                   created=chunk.get("created")))
        blocks = self.blocks
        for choice in chunk.get("choices") or ():
            c = choice.get("index", 0)
            self.seen.add(c)
            text = choice.get("text")
            if isinstance(text, str) and text:
                index, opened = blocks.switch(c, "text")
                if opened:
                    events += opened
                lp = choice.get("logprobs")
                events.append(ir.TextDelta(choice=c, index=index, text=text,
                                           logprobs=logprobs_in(lp) if lp else None))
            native = choice.get("finish_reason")
            if native is not None:
                events += blocks.close(c)
                events.append(ir.Finish(choice=c, native_finish=native,
                                        finish=finish.from_native("openai_completions",
                                                                  native)))
                self.finished.add(c)
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            events.append(ir.UsageUpdate(usage=openai_in(usage)))
        return events

    def close(self) -> list[ir.AnyEvent]:
        if self.started and self.seen and self.seen <= self.finished:
            return [ir.End()]
        return []


class CompletionsStreamWriter(StreamWriter):
    def __init__(self, ctx: Context, fmt: str) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.id = "cmpl-interlingua"
        self.model = ctx.model or "unknown"
        self.created = 0
        self.kinds: dict[tuple[int, int], str] = {}
        self.offsets: dict[int, int] = {}
        self.usage: ir.Usage | None = None
        self.reported: set[str] = set()
        self.same = ctx.source == fmt
        request = ctx.notes.get("request")
        so = request.get("stream_options") if isinstance(request, dict) else None
        asked = so.get("include_usage") if isinstance(so, dict) else None
        self.include_usage = bool(asked if asked is not None else ctx.options.include_usage)

    def chunk(self, choices: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        return {"id": self.id, "object": "text_completion", "created": self.created,
                "model": self.model, "choices": choices, **extra}

    def write(self, ev: ir.AnyEvent) -> list[dict[str, Any]]:
        if type(ev) is ir.TextDelta:
            kind = self.kinds.get((ev.choice, ev.index))
            if kind is None:
                return []
            lp = None
            if ev.logprobs:
                start = self.offsets.get(ev.choice, 0)
                lp = logprobs_out(ev.logprobs, start)
            self.offsets[ev.choice] = self.offsets.get(ev.choice, 0) + len(ev.text)
            return [self.chunk([{"text": ev.text, "index": ev.choice, "logprobs": lp,
                                 "finish_reason": None}])]
        if isinstance(ev, ir.BlockStart):
            if ev.kind == "text":
                self.kinds[(ev.choice, ev.index)] = "text"
            elif ev.kind == "refusal":
                self.kinds[(ev.choice, ev.index)] = "refusal"
                self.once("refusal", "refusal sent as completion text", "approximated")
            elif ev.kind == "reasoning":
                self.once("reasoning", f"streamed reasoning has no place in {self.fmt} chunks")
            elif ev.kind == "tool_call":
                self.once("tool_call", f"tool calls have no place in {self.fmt} chunks "
                                       "(text only)")
            else:
                what = (ev.value or {}).get("type", ev.kind)
                self.once(f"opaque:{what}", f"{what!r} content has no place in {self.fmt} "
                                            "chunks")
            return []
        if isinstance(ev, ir.SignatureDelta):
            self.once(f"sig:{ev.origin}", f"signatures from {ev.origin} have no place in "
                                          f"{self.fmt} chunks")
            return []
        if isinstance(ev, ir.Finish):
            native, exact = finish.to_native("openai_completions", ev.finish)
            if self.same and ev.native_finish:
                native, exact = ev.native_finish, True
            if not exact:
                self.once(f"finish:{ev.finish}", f"finish reason {ev.finish!r} sent as "
                                                 f"{native!r}", "approximated")
            return [self.chunk([{"text": "", "index": ev.choice, "logprobs": None,
                                 "finish_reason": native or "stop"}])]
        if isinstance(ev, ir.Start):
            self.id = ev.id or self.id
            self.model = ev.model or self.model
            self.created = ev.created or self.created
            if ev.usage is not None:
                self.usage = ev.usage
            return []
        if isinstance(ev, ir.UsageUpdate):
            self.usage = merge_usage(self.usage, ev.usage)
            return []
        if isinstance(ev, ir.End):
            if self.include_usage and self.usage is not None:
                return [self.chunk([], usage=openai_out(self.usage))]
            return []
        if isinstance(ev, ir.StreamError):
            return [{"error": {"message": ev.error.message,
                               "type": apierrors.TO_NATIVE["openai"][ev.error.kind],
                               "param": ev.error.param, "code": ev.error.code}}]
        if isinstance(ev, ir.CitationDelta):
            self.once("citation", f"citations have no place in {self.fmt} chunks")
        return []

    def once(self, key: str, reason: str, kind: str = "dropped") -> None:
        if key not in self.reported:
            self.reported.add(key)
            if kind == "dropped":
                self.ctx.dropped("$", reason)
            else:
                self.ctx.approximated("$", reason)
