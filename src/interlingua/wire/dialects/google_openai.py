"""Gemini's OpenAI-compatible endpoint (``google.openai``):
``https://generativelanguage.googleapis.com/v1beta/openai/chat/completions``.

Differences from ``openai.chat`` (ai.google.dev "OpenAI compatibility" and "Thought
signatures"):

* Thinking: ``reasoning_effort`` ("minimal", "low", "medium", "high", "none"; Gemini 3 maps
  it to its thinking levels) or, not together with it, the Gemini-specific
  ``extra_body: {"google": {"thinking_config": {"thinking_budget" | "thinking_level",
  "include_thoughts"}}}`` (the literal key ``extra_body`` sits in the JSON body; other
  ``extra_body.google`` keys such as ``cached_content`` ride as extras).
* Thought signatures: in ``extra_content.google.thought_signature`` on tool calls (and on the
  message or delta for a text part). Gemini 3 requires them back on the function calls of the
  current turn (400 "Function call is missing a thought_signature"); with parallel calls only
  the first carries one. They are read with the Gemini API as their origin
  (``google.gemini``), so they go back to Gemini natively too, and never to another vendor.
  A history from another vendor has none: ``Options.thought_signature_bypass`` writes the
  documented bypass value (reported); otherwise the missing signature is reported.
* Thought summaries (``include_thoughts``) come inside ``<thought>...</thought>`` in content.
* Usage: ``completion_tokens`` count the answer only; the thought tokens are in
  ``total_tokens`` (``total = prompt + completion + thoughts``), so they are inferred from it
  when no ``reasoning_tokens`` are given, and written the same way.
* No ``developer`` role; ``max_tokens``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from ... import ir, models
from ...context import Context
from ...reasoning import clamp, effort_for_budget, nearest_effort
from .._check import obj, opt_bool, opt_int, opt_string
from ..openai_chat.stream import ChatStreamReader, ChatStreamWriter
from . import _tags
from ._compat import CompatChat
from ._provenance import GEMINI, family, is_opaque, kind, origin_format, visible_text

THOUGHT = ("<thought>", "</thought>")
#: The documented value that skips thought-signature validation (Gemini thought-signatures
#: docs, for histories not produced by Gemini 3).
BYPASS = "skip_thought_signature_validator"
EFFORTS = ("none", "minimal", "low", "medium", "high")


def _signature(extra: Any) -> str | None:
    google = extra.get("google") if isinstance(extra, dict) else None
    sig = google.get("thought_signature") if isinstance(google, dict) else None
    return sig if isinstance(sig, str) else None


def _extra(sig: str) -> dict[str, Any]:
    return {"google": {"thought_signature": sig}}


class GoogleOpenAI(CompatChat):
    """Gemini through the OpenAI SDK: thinking config in ``extra_body.google``, thought
    signatures in ``extra_content.google``."""

    id = "google.openai"
    title = "Gemini OpenAI-compatible Chat Completions"
    VENDOR = "Gemini"
    REPLAYS = frozenset({GEMINI})
    DEFAULT_REPLAY = "thought_signature"
    STREAM_REASONING_FIELD = None
    COMPLETION_EXCLUDES_REASONING = True
    assistant_extension_keys: frozenset[str] = frozenset({"extra_content"})

    # -- requests: reading -----------------------------------------------------------------

    def read_request_hints(self, payload: Mapping[str, Any], req: ir.Request,
                           hints: dict[str, Any]) -> None:
        fmt = self.id
        eb = payload.get("extra_body")
        if eb is None:
            return
        eb = obj(eb, "$.extra_body", fmt)
        google = obj(eb.get("google", {}), "$.extra_body.google", fmt)
        tc = google.get("thinking_config")
        if tc is None:
            return
        path = "$.extra_body.google.thinking_config"
        tc = obj(tc, path, fmt)
        cfg = req.reasoning or ir.ReasoningConfig()
        budget = opt_int(tc.get("thinking_budget"), path, fmt, ".thinking_budget")
        level = opt_string(tc.get("thinking_level"), path, fmt, ".thinking_level")
        if budget is not None:
            if budget == 0:
                cfg.mode = "disabled"
            elif budget < 0:
                cfg.mode = "adaptive"
            else:
                cfg.mode, cfg.budget_tokens = "enabled", budget
        if level is not None:
            cfg.effort = level.lower()
            cfg.mode = cfg.mode or "enabled"
        cfg.include_thoughts = opt_bool(tc.get("include_thoughts"), path, fmt,
                                        ".include_thoughts")
        cfg.path = path
        req.reasoning = cfg
        hints["extra_body"] = eb
        extras = dict(req.extras or {})
        rest_google = {k: v for k, v in google.items() if k != "thinking_config"}
        rest = {k: v for k, v in eb.items() if k != "google"}
        if rest_google:
            rest["google"] = rest_google
        if rest:
            extras["extra_body"] = rest
        else:
            extras.pop("extra_body", None)
        req.extras = extras or None

    def read_assistant_reasoning(self, m: dict[str, Any], path: str, origin: ir.Origin,
                                 msg: ir.Message) -> None:
        sig = _signature(m.get("extra_content"))
        if sig is not None:
            msg.parts.append(ir.Reasoning(signature=sig, path=f"{path}.extra_content",
                                          origin=ir.Origin(format=GEMINI, model=origin.model)))

    def read_tool_call(self, tc: Any, path: str) -> ir.ToolCall:
        call = super().read_tool_call(tc, path)
        if call.extras and "extra_content" in call.extras:
            sig = _signature(call.extras["extra_content"])
            if sig is not None:
                call.signature = sig
                call.origin = ir.Origin(format=GEMINI)
                call.hints = {**(call.hints or {}), "extra_content": call.extras["extra_content"]}
                rest = {k: v for k, v in call.extras.items() if k != "extra_content"}
                call.extras = rest or None
        return call

    def read_assistant(self, m: dict[str, Any], path: str, origin: ir.Origin,
                       index: int) -> ir.Message:
        msg = super().read_assistant(m, path, origin, index)
        if "extra_content" in m:
            msg.hints = {**(msg.hints or {}), "extra_content": m["extra_content"]}
        for part in msg.parts:
            if isinstance(part, ir.ToolCall) and part.signature is not None:
                part.origin = ir.Origin(format=GEMINI, model=origin.model)
        return msg

    # -- requests: writing -----------------------------------------------------------------

    def write_reasoning_part(self, part: ir.Reasoning, out: dict[str, Any], req: ir.Request,
                             ctx: Context) -> None:
        """Written per message in ``write_assistant`` (signatures go on the calls)."""

    def write_tool_call(self, call: ir.ToolCall, req: ir.Request, ctx: Context, same: bool
                        ) -> dict[str, Any]:
        if call.signature is not None:
            call = msgspec.structs.replace(call, signature=None)
        return super().write_tool_call(call, req, ctx, same)

    def write_assistant(self, msg: ir.Message, req: ir.Request, ctx: Context, same: bool
                        ) -> dict[str, Any]:
        out = super().write_assistant(msg, req, ctx, same)
        calls = [p for p in msg.parts if isinstance(p, ir.ToolCall)]
        out_calls = out.get("tool_calls") or []
        if same:
            if "extra_content" in (msg.hints or {}):
                out["extra_content"] = ctx.copy(msg.hints["extra_content"])  # type: ignore[index]
            for call, wire in zip(calls, out_calls, strict=False):
                if "extra_content" in (call.hints or {}):
                    wire["extra_content"] = ctx.copy(call.hints["extra_content"])  # type: ignore[index]
            return out
        signed: set[int] = set()
        for i, call in enumerate(calls):
            if call.signature is None or i >= len(out_calls):
                continue
            origin = origin_format(call, req.source)
            if self.mints(origin) or family(origin) == GEMINI:
                out_calls[i]["extra_content"] = _extra(call.signature)
                signed.add(i)
            else:
                ctx.dropped(call.path, f"a signature from {origin} cannot go to Gemini; "
                                       "thought signatures are never converted")
        for part in msg.parts:
            if not isinstance(part, ir.Reasoning):
                continue
            origin = origin_format(part, req.source)
            if part.signature is not None and part.data is None and (
                    self.mints(origin) or family(origin) == GEMINI):
                free = next((i for i in range(len(out_calls)) if i not in signed), None)
                if free is not None:
                    out_calls[free]["extra_content"] = _extra(part.signature)
                    signed.add(free)
                else:
                    out["extra_content"] = _extra(part.signature)
                if part.text:
                    ctx.dropped(part.path, "Gemini's OpenAI-compatible endpoint takes thought "
                                           "signatures back, not thought text")
            elif visible_text(part) is not None or is_opaque(part):
                what = kind(part)
                ctx.dropped(part.path, f"{what} reasoning from {origin} cannot go back to "
                                       "Gemini (it takes only its own thought signatures)")
        if out_calls:
            ctx.notes.setdefault("google.openai.signed", []).append(
                (msg, out, bool(signed) and 0 in signed))
        return out

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        out = super().write_request(req, ctx)
        if self.carries(req.source):
            if "extra_body" in (req.hints or {}):
                out["extra_body"] = ctx.copy(req.hints["extra_body"])  # type: ignore[index]
            return out
        caps = models.lookup(req.model)
        if caps is not None and caps.reasoning.replay == "required_on_function_calls":
            self.check_current_turn(req, out, ctx)
        return out

    def check_current_turn(self, req: ir.Request, out: dict[str, Any], ctx: Context) -> None:
        """Gemini 3 validates signatures on the function calls of the current turn (since the
        last user message that is not a tool result): the first call of each step."""
        written: list[tuple[ir.Message, dict[str, Any], bool]] = ctx.notes.get(
            "google.openai.signed", [])
        last_user = max((i for i, m in enumerate(out["messages"]) if m["role"] == "user"),
                        default=-1)
        current = {id(o) for o in out["messages"][last_user + 1:]}
        for msg, wire, first_signed in written:
            if id(wire) not in current or first_signed:
                continue
            call = wire["tool_calls"][0]
            if ctx.options.thought_signature_bypass:
                call["extra_content"] = _extra(BYPASS)
                ctx.approximated(msg.path, f"the function call {call['function']['name']!r} "
                                           f"of the current turn has no Gemini thought "
                                           f"signature; the documented bypass value was sent")
            else:
                ctx.dropped(msg.path, f"{req.model!r} requires a thought signature on the "
                                      "function calls of the current turn and this history has "
                                      "none (signatures are never invented); the request will "
                                      "be refused unless Options.thought_signature_bypass is "
                                      "set")

    def write_reasoning(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                        caps: models.ModelInfo | None) -> None:
        st = self.state(ctx)
        r = req.reasoning
        if st.same:
            if r is not None and (req.hints or {}).get("reasoning_effort"):
                out["reasoning_effort"] = r.effort
            return
        if r is None:
            return
        path = r.path
        rc = caps.reasoning if caps is not None else models.Reasoning()
        levels = rc.levels
        config: dict[str, Any] = {}
        if rc.supported is False:
            if r.mode != "disabled" and r.effort != "none":
                ctx.dropped(path, f"model {req.model!r} does not think; reasoning settings "
                                  "dropped")
            return
        if r.mode == "disabled" or r.effort == "none":
            if rc.required:
                ctx.approximated(path, f"model {req.model!r} cannot turn thinking off; "
                                       "thinking left to the model's default")
            else:
                out["reasoning_effort"] = "none"
        elif r.effort is not None:
            allowed = list(levels) if levels else [e for e in EFFORTS if e != "none"]
            effort = nearest_effort(r.effort, allowed)
            if effort != r.effort:
                ctx.approximated(path, f"reasoning effort {r.effort!r} sent as {effort!r} "
                                       f"({req.model!r} takes {', '.join(allowed)})")
            out["reasoning_effort"] = effort
            if r.budget_tokens is not None:
                ctx.dropped(path, "Gemini takes a reasoning effort or a thinking budget, "
                                  "not both; the effort was kept")
        elif r.budget_tokens is not None:
            if levels:
                reference = rc.budget_max or req.sampling.max_output_tokens or \
                    (caps.max_output_tokens if caps else None) or 32768
                effort = nearest_effort(effort_for_budget(r.budget_tokens, reference),
                                        list(levels))
                out["reasoning_effort"] = effort
                ctx.approximated(path, f"thinking budget {r.budget_tokens} sent as "
                                       f"reasoning_effort {effort!r} ({req.model!r} takes "
                                       "thinking levels, not budgets)")
            else:
                budget = clamp(r.budget_tokens, rc.budget_min, rc.budget_max)
                if budget != r.budget_tokens:
                    ctx.approximated(path, f"thinking budget {r.budget_tokens} clamped to "
                                           f"{budget} for {req.model!r}")
                config["thinking_budget"] = budget
        if r.include_thoughts:
            config["include_thoughts"] = True
        if r.display is not None:
            ctx.dropped(path, f"thinking display {r.display!r} has no {self.id} equivalent")
        if r.summary is not None:
            ctx.dropped(path, f"reasoning summary {r.summary!r} has no {self.id} equivalent")
        if config:
            out["extra_body"] = {"google": {"thinking_config": config}}

    # -- responses -------------------------------------------------------------------------

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> ir.Response:
        resp = super().read_response(body, ctx)
        if resp.usage is not None and _thoughts_from_total(resp.usage):
            resp.hints = {**(resp.hints or {}), "thoughts_in_total": True}
        return resp

    def write_usage(self, usage: ir.Usage, resp: ir.Response, ctx: Context, same: bool
                    ) -> dict[str, Any]:
        out = super().write_usage(usage, resp, ctx, same)
        if same and (resp.hints or {}).get("thoughts_in_total"):
            details = out.get("completion_tokens_details")
            if isinstance(details, dict):
                details.pop("reasoning_tokens", None)
                if not details and "completion_tokens_details" not in (usage.extras or {}):
                    del out["completion_tokens_details"]
        return out

    def read_choice(self, c: Any, path: str, origin: ir.Origin) -> ir.Choice:
        choice = super().read_choice(c, path, origin)
        m = c.get("message") if isinstance(c, dict) else None
        if not isinstance(m, dict):
            return choice
        gem = ir.Origin(format=GEMINI, model=origin.model)
        parts: list[ir.AnyPart] = []
        keep: dict[str, Any] = {}
        sig = _signature(m.get("extra_content"))
        if sig is not None:
            parts.append(ir.Reasoning(signature=sig, origin=gem,
                                      path=f"{path}.message.extra_content"))
            keep["extra_content"] = m["extra_content"]
            mextras = {k: v for k, v in ((choice.extras or {}).get("message") or {}).items()
                       if k != "extra_content"}
            extras = {k: v for k, v in (choice.extras or {}).items() if k != "message"}
            if mextras:
                extras["message"] = mextras
            choice.extras = extras or None
        content = m.get("content")
        for part in choice.parts:
            if isinstance(part, ir.ToolCall) and part.signature is not None:
                part.origin = gem
            if isinstance(part, ir.Text) and isinstance(content, str) and part.text == content \
                    and content.lstrip().startswith(THOUGHT[0]):
                thought, rest = _tags.split(content, *THOUGHT)
                if thought is not None:
                    parts.append(ir.Reasoning(text=thought, origin=gem, path=part.path))
                    keep["content"] = content
                    part.text = rest
            parts.append(part)
        choice.parts = parts
        if keep:
            choice.hints = {**(choice.hints or {}), "google": keep}
        return choice

    def response_tool_call(self, call: ir.ToolCall, ctx: Context) -> dict[str, Any]:
        out = super().response_tool_call(call, ctx)
        if call.hints and "extra_content" in call.hints:
            out["extra_content"] = ctx.copy(call.hints["extra_content"])
        elif call.signature is not None and family(
                call.origin.format if call.origin else None) == GEMINI:
            out["extra_content"] = _extra(call.signature)
        return out

    def call_signature(self, call: ir.ToolCall, out: dict[str, Any], resp: ir.Response,
                       ctx: Context) -> None:
        if "extra_content" not in out:   # written by response_tool_call when Gemini's
            super().call_signature(call, out, resp, ctx)

    def text_signature(self, part: ir.Text, message: dict[str, Any], resp: ir.Response,
                       ctx: Context) -> None:
        """Gemini's signature on its answer's text: the message's ``extra_content``."""
        if family(origin_format(part, resp.source)) == GEMINI and \
                "extra_content" not in message:
            message["extra_content"] = _extra(part.signature or "")
        else:
            super().text_signature(part, message, resp, ctx)

    def write_choice(self, choice: ir.Choice, resp: ir.Response, ctx: Context, same: bool
                     ) -> dict[str, Any]:
        out = super().write_choice(choice, resp, ctx, same)
        message = out["message"]
        thought = message.pop("__thought__", None)
        keep = (choice.hints or {}).get("google") if same else None
        if keep is not None:
            if "content" in keep:
                message["content"] = keep["content"]
            if "extra_content" in keep:
                message["extra_content"] = ctx.copy(keep["extra_content"])
            return out
        calls = message.get("tool_calls") or []
        for part in choice.parts:
            if isinstance(part, ir.Reasoning) and part.signature is not None and \
                    family(origin_format(part, resp.source)) == GEMINI:
                free = next((c for c in calls if "extra_content" not in c), None)
                if free is not None:
                    free["extra_content"] = _extra(part.signature)
                else:
                    message["extra_content"] = _extra(part.signature)
        if thought:
            message["content"] = f"{THOUGHT[0]}{thought}{THOUGHT[1]}" + (
                message.get("content") or "")
        return out

    def write_response_reasoning(self, part: ir.Reasoning, message: dict[str, Any],
                                 resp: ir.Response, ctx: Context) -> None:
        text = visible_text(part)
        if text:
            old = message.get("__thought__")
            message["__thought__"] = text if not old else f"{old}\n\n{text}"
        origin = origin_format(part, resp.source)
        if is_opaque(part) and not (family(origin) == GEMINI and part.data is None):
            ctx.dropped(part.path, f"{kind(part)} reasoning state from {origin} has no place "
                                   f"in a {self.id} response")

    # -- streams ---------------------------------------------------------------------------

    def stream_reader(self, ctx: Context) -> ChatStreamReader:
        return GoogleOpenAIStreamReader(ctx, self.id)

    def stream_writer(self, ctx: Context) -> ChatStreamWriter:
        return GoogleOpenAIStreamWriter(ctx, self.id)


def _thoughts_from_total(u: ir.Usage) -> bool:
    """Thought tokens that only show in ``total_tokens`` (Gemini's compatible usage)."""
    if u.reasoning_tokens is None and u.total_tokens is not None and \
            u.input_tokens is not None and u.output_tokens is not None:
        thoughts = u.total_tokens - u.input_tokens - u.output_tokens
        if thoughts > 0:
            u.reasoning_tokens = thoughts
            u.output_tokens += thoughts
            return True
    return False


class GoogleOpenAIStreamReader(ChatStreamReader):
    """Thought signatures become reasoning blocks of Gemini origin (before the call they
    belong to); ``<thought>`` content becomes reasoning deltas."""

    def __init__(self, ctx: Context, fmt: str) -> None:
        super().__init__(ctx, fmt, excludes_reasoning=True)
        self.splitters: dict[int, _tags.TagSplitter] = {}
        self.nsig = 0

    def feed(self, chunk: dict[str, Any]) -> list[ir.AnyEvent]:
        choices = chunk.get("choices")
        if not isinstance(choices, list):
            return super().feed(chunk)
        events: list[ir.AnyEvent] = []
        rewritten = []
        for choice in choices:
            delta = choice.get("delta") if isinstance(choice, dict) else None
            if not isinstance(delta, dict):
                rewritten.append(choice)
                continue
            c = choice.get("index", 0)
            delta = dict(delta)
            sigs = []
            if (sig := _signature(delta.pop("extra_content", None))) is not None:
                sigs.append(sig)
            calls = []
            for tc in delta.get("tool_calls") or ():
                if isinstance(tc, dict) and "extra_content" in tc:
                    if (sig := _signature(tc.get("extra_content"))) is not None:
                        sigs.append(sig)
                    tc = {k: v for k, v in tc.items() if k != "extra_content"}
                calls.append(tc)
            if "tool_calls" in delta:
                delta["tool_calls"] = calls
            for sig in sigs:
                if not self.started:
                    self.started = True
                    events.append(ir.Start(id=chunk.get("id"), model=chunk.get("model"),
                                           created=chunk.get("created")))
                self.nsig += 1
                index, opened = self.blocks.switch(c, "reasoning", ("sig", self.nsig),
                                                   origin=GEMINI)
                events += opened
                events.append(ir.SignatureDelta(choice=c, index=index, signature=sig,
                                                origin=GEMINI))
            content = delta.get("content")
            sp = self.splitters.setdefault(c, _tags.TagSplitter(*THOUGHT))
            pieces = sp.feed(content) if isinstance(content, str) and content else []
            if choice.get("finish_reason") is not None:
                pieces += sp.flush()
            if pieces or (isinstance(content, str) and content):
                thought = "".join(p for k, p in pieces if k == "reasoning")
                delta["content"] = "".join(p for k, p in pieces if k == "text")
                if thought:
                    delta["reasoning_content"] = thought
            rewritten.append({**choice, "delta": delta})
        events += super().feed({**chunk, "choices": rewritten})
        for ev in events:
            if isinstance(ev, ir.UsageUpdate):
                _thoughts_from_total(ev.usage)
        return events


class GoogleOpenAIStreamWriter(ChatStreamWriter):
    """Thought text in ``<thought>`` content, signatures in ``extra_content``."""

    def __init__(self, ctx: Context, fmt: str) -> None:
        super().__init__(ctx, fmt, excludes_reasoning=True, reasoning_field=None)
        self.thinking: set[tuple[int, int]] = set()
        self.origins: dict[tuple[int, int], str | None] = {}

    def write(self, ev: ir.AnyEvent) -> list[dict[str, Any]]:
        if isinstance(ev, ir.BlockStart) and ev.kind == "reasoning":
            self.origins[(ev.choice, ev.index)] = ev.origin
            if ev.data is not None:
                self.once(f"data:{ev.origin}", f"encrypted reasoning from {ev.origin} has no "
                                               f"place in {self.fmt} chunks")
            return []
        if isinstance(ev, ir.ReasoningDelta):
            key = (ev.choice, ev.index)
            text = ev.text if key in self.thinking else f"{THOUGHT[0]}{ev.text}"
            self.thinking.add(key)
            return self.delta(ev.choice, {"content": text})
        if isinstance(ev, ir.BlockEnd) and (ev.choice, ev.index) in self.thinking:
            self.thinking.discard((ev.choice, ev.index))
            return self.delta(ev.choice, {"content": THOUGHT[1]})
        if isinstance(ev, ir.SignatureDelta):
            if family(ev.origin or self.origins.get((ev.choice, ev.index))) != GEMINI:
                self.once(f"sig:{ev.origin}", f"signatures from {ev.origin} have no place in "
                                              f"{self.fmt} chunks")
                return []
            k = self.tool_index.get((ev.choice, ev.index))
            if k is not None:
                return self.delta(ev.choice, {"tool_calls": [{
                    "index": k, "extra_content": _extra(ev.signature)}]})
            return self.delta(ev.choice, {"extra_content": _extra(ev.signature)})
        return super().write(ev)
