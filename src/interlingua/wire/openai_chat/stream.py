"""OpenAI Chat Completions streams: chunks to canonical events and back."""

from __future__ import annotations

from typing import Any

import msgspec

from ... import finish, ir
from ...context import Context
from ...streaming import Blocks, StreamReader, StreamWriter
from .._usage import openai_in, openai_out
from .response import REASONING_FIELDS, logprobs_in, logprobs_out


class ChatStreamReader(StreamReader):
    def __init__(self, ctx: Context, fmt: str, *, excludes_reasoning: bool = False) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.started = False
        self.blocks = Blocks()
        self.finished: set[int] = set()
        self.seen: set[int] = set()
        self.excludes_reasoning = excludes_reasoning

    def feed(self, chunk: dict[str, Any]) -> list[ir.AnyEvent]:
        events: list[ir.AnyEvent] = []
        if "error" in chunk and "choices" not in chunk:
            err = chunk.get("error")
            events.append(ir.StreamError(error=ir.Error(
                kind="server", message=str(err.get("message") if isinstance(err, dict) else err),
                native_type=err.get("type") if isinstance(err, dict) else None)))
            return events
        if not self.started and chunk.get("id"):
            self.started = True
            events.append(ir.Start(id=chunk.get("id"), model=chunk.get("model"),
                                   created=chunk.get("created")))
        blocks = self.blocks
        for choice in chunk.get("choices") or ():
            c = choice.get("index", 0)
            self.seen.add(c)
            delta = choice.get("delta") or {}
            for field in REASONING_FIELDS:
                text = delta.get(field)
                if isinstance(text, str) and text:
                    index, opened = blocks.switch(c, "reasoning", origin=self.fmt)
                    events += opened
                    events.append(ir.ReasoningDelta(choice=c, index=index, text=text))
            text = delta.get("content")
            if isinstance(text, str) and text:
                index, opened = blocks.switch(c, "text")
                events += opened
                lp = choice.get("logprobs")
                events.append(ir.TextDelta(choice=c, index=index, text=text,
                                           logprobs=logprobs_in(lp.get("content"))
                                           if isinstance(lp, dict) else None))
            refusal = delta.get("refusal")
            if isinstance(refusal, str) and refusal:
                index, opened = blocks.switch(c, "refusal")
                events += opened
                events.append(ir.TextDelta(choice=c, index=index, text=refusal))
            for tc in delta.get("tool_calls") or ():
                fn = tc.get("function") or tc.get("custom") or {}
                key = ("tool", tc.get("index", 0))
                index = blocks.keys.get((c, key), -1)
                if index < 0:   # a new call (calls stream one after another)
                    index, opened = blocks.switch(
                        c, "tool_call", key, id=tc.get("id"), name=fn.get("name"),
                        call_kind="custom" if "custom" in tc else None)
                    events += opened
                args = fn.get("arguments", fn.get("input"))
                if isinstance(args, str) and args:
                    events.append(ir.ArgumentsDelta(choice=c, index=index, text=args))
            fc = delta.get("function_call")
            if isinstance(fc, dict):
                key = ("function_call", 0)
                if fc.get("name"):
                    index, opened = blocks.switch(c, "tool_call", key, name=fc.get("name"))
                    events += opened
                index = blocks.keys.get((c, key), 0)
                if isinstance(fc.get("arguments"), str) and fc["arguments"]:
                    events.append(ir.ArgumentsDelta(choice=c, index=index,
                                                    text=fc["arguments"]))
            native = choice.get("finish_reason")
            if native is not None:
                events += blocks.close(c)
                events.append(ir.Finish(choice=c, finish=finish.from_native("openai", native),
                                        native_finish=native))
                self.finished.add(c)
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            events.append(ir.UsageUpdate(usage=openai_in(
                usage, completion_excludes_reasoning=self.excludes_reasoning)))
        return events

    def close(self) -> list[ir.AnyEvent]:
        if self.started and self.seen and self.seen <= self.finished:
            return [ir.End()]
        return []


class ChatStreamWriter(StreamWriter):
    def __init__(self, ctx: Context, fmt: str, *, excludes_reasoning: bool = False,
                 reasoning_field: str | None = None) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.id = "chatcmpl-interlingua"
        self.model = ctx.model or "unknown"
        self.created = 0
        self.tool_index: dict[tuple[int, int], int] = {}
        self.next_tool: dict[int, int] = {}
        self.kinds: dict[tuple[int, int], str] = {}
        self.opened: set[int] = set()
        self.usage: ir.Usage | None = None
        self.reported: set[str] = set()
        self.excludes_reasoning = excludes_reasoning
        self.reasoning_field = reasoning_field
        self.custom: set[tuple[int, int]] = set()
        request = ctx.notes.get("request")
        so = request.get("stream_options") if isinstance(request, dict) else None
        asked = so.get("include_usage") if isinstance(so, dict) else None
        self.include_usage = bool(asked if asked is not None else ctx.options.include_usage)

    def chunk(self, choices: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        return {"id": self.id, "object": "chat.completion.chunk", "created": self.created,
                "model": self.model, "choices": choices, **extra}

    def delta(self, choice: int, delta: dict[str, Any], **extra: Any) -> list[dict[str, Any]]:
        out = []
        if choice not in self.opened:
            # The opening chunk: the role and empty content, as OpenAI sends it.
            self.opened.add(choice)
            out.append(self.chunk([{"index": choice,
                                    "delta": {"role": "assistant", "content": ""},
                                    "logprobs": None, "finish_reason": None}]))
        out.append(self.chunk([{"index": choice, "delta": delta, "logprobs": None,
                                "finish_reason": None, **extra}]))
        return out

    def write(self, ev: ir.AnyEvent) -> list[dict[str, Any]]:
        if isinstance(ev, ir.TextDelta):
            if self.kinds.get((ev.choice, ev.index)) == "refusal":
                return self.delta(ev.choice, {"refusal": ev.text})
            extra = {}
            if ev.logprobs:
                extra["logprobs"] = {"content": logprobs_out(ev.logprobs), "refusal": None}
            out = self.delta(ev.choice, {"content": ev.text})
            if extra:
                out[-1]["choices"][0].update(extra)
            return out
        if isinstance(ev, ir.ArgumentsDelta):
            k = self.tool_index.get((ev.choice, ev.index))
            if k is None:
                return []
            text = ev.text
            if (ev.choice, ev.index) in self.custom:  # free text inside {"input": "..."}
                text = msgspec.json.encode(text).decode()[1:-1]
            return self.delta(ev.choice, {"tool_calls": [{"index": k, "function": {
                "arguments": text}}]})
        if isinstance(ev, ir.ReasoningDelta):
            if self.reasoning_field is not None and not ev.summary:
                return self.delta(ev.choice, {self.reasoning_field: ev.text})
            self.once("reasoning", f"streamed reasoning has no place in {self.fmt} chunks")
            return []
        if isinstance(ev, ir.BlockStart):
            self.kinds[(ev.choice, ev.index)] = ev.kind
            if ev.kind == "tool_call":
                k = self.next_tool.get(ev.choice, 0)
                self.next_tool[ev.choice] = k + 1
                self.tool_index[(ev.choice, ev.index)] = k
                call: dict[str, Any] = {"index": k, "id": ev.id or f"call_{k}", "type": "function",
                        "function": {"name": ev.name or "", "arguments": ""}}
                if ev.call_kind == "custom":
                    # Chunks carry function calls only: a custom tool's free-text input
                    # streams inside {"input": "..."}, as the body writers wrap it.
                    self.custom.add((ev.choice, ev.index))
                    call["function"]["arguments"] = '{"input": "'
                    self.once("custom", "custom (free-text) tool calls streamed as function "
                                        'calls taking {"input": <text>}')
                return self.delta(ev.choice, {"tool_calls": [call]})
            if ev.kind == "opaque":
                kind = (ev.value or {}).get("type", "opaque")
                self.once(f"opaque:{kind}", f"{kind!r} content has no place in {self.fmt} "
                                            "chunks")
            return []
        if isinstance(ev, ir.BlockEnd):
            key = (ev.choice, ev.index)
            if key in self.custom:
                self.custom.discard(key)
                return self.delta(ev.choice, {"tool_calls": [{
                    "index": self.tool_index[key], "function": {"arguments": '"}'}}]})
            return []
        if isinstance(ev, ir.CitationDelta):
            self.once("citation", f"citations have no place in {self.fmt} chunks")
            return []
        if isinstance(ev, ir.SignatureDelta):   # dialects that carry some override this
            self.once(f"sig:{ev.origin}", f"signatures from {ev.origin} have no place in "
                                          f"{self.fmt} chunks")
            return []
        if isinstance(ev, ir.Start):
            self.id = ev.id or self.id
            self.model = ev.model or self.model
            self.created = ev.created or self.created
            if ev.usage is not None:
                self.usage = ev.usage
            return self.delta(0, {})[:1] if 0 not in self.opened else []
        if isinstance(ev, ir.Finish):
            native, exact = finish.to_native("openai", ev.finish)
            if not exact:
                self.once(f"finish:{ev.finish}", f"finish reason {ev.finish!r} sent as "
                                                 f"{native!r}")
            out = [] if ev.choice in self.opened else self.delta(ev.choice, {})[:1]
            self.opened.add(ev.choice)
            out.append(self.chunk([{"index": ev.choice, "delta": {}, "logprobs": None,
                                    "finish_reason": native}]))
            return out
        if isinstance(ev, ir.UsageUpdate):
            from ...streaming import merge_usage
            self.usage = merge_usage(self.usage, ev.usage)
            return []
        if isinstance(ev, ir.End):
            if self.include_usage and self.usage is not None:
                return [self.chunk([], usage=openai_out(
                    self.usage, completion_excludes_reasoning=self.excludes_reasoning))]
            if self.usage is not None and not self.include_usage:
                pass  # not asked for: a usage chunk would break clients (vendor-rules.md)
            return []
        if isinstance(ev, ir.StreamError):
            from ... import apierrors
            return [{"error": {"message": ev.error.message,
                               "type": apierrors.TO_NATIVE["openai"][ev.error.kind],
                               "param": ev.error.param, "code": ev.error.code}}]
        return []

    def once(self, key: str, reason: str) -> None:
        if key not in self.reported:
            self.reported.add(key)
            self.ctx.dropped("$", reason)
