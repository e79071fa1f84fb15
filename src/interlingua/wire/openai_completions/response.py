"""OpenAI legacy Completions: response bodies and error bodies, to and from the IR.

A completion choice is text only: ``choices[].text``, its ``logprobs`` (parallel lists
``tokens`` / ``token_logprobs`` / ``top_logprobs`` (token -> logprob) / ``text_offset``) and a
``finish_reason`` of stop, length or content_filter. A chat-style response crossing into
Completions is flattened to its text: reasoning, tool calls and other content are dropped
with a reported loss, a refusal is sent as text (approximated), and a finish reason
Completions has no word for (tool calls, refusal...) is approximated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import finish, ir
from ...context import Context
from .._check import arr, fail, leftovers, obj, opt_int, opt_string, string
from .._usage import detail_extras, openai_in, openai_out
from ..openai_responses.response import openai_error_in, openai_error_out
from .reader import CompletionsReader

RESPONSE_KEYS = frozenset({"id", "object", "created", "model", "choices", "usage",
                           "system_fingerprint"})
CHOICE_KEYS = frozenset({"index", "text", "logprobs", "finish_reason"})
USAGE_TOP = ("prompt_tokens", "completion_tokens", "total_tokens")
USAGE_COUNTED = {"prompt_tokens_details": ("cached_tokens", "cache_write_tokens"),
                 "completion_tokens_details": ("reasoning_tokens",)}


def logprobs_in(lp: Any) -> list[ir.TokenLogprob] | None:
    """Completions logprobs (parallel lists) as canonical token logprobs."""
    if not isinstance(lp, dict):
        return None
    tokens = lp.get("tokens")
    values = lp.get("token_logprobs")
    tops = lp.get("top_logprobs")
    if not isinstance(tokens, list):
        return None
    out = []
    for i, token in enumerate(tokens):
        if not isinstance(token, str):
            continue
        value = values[i] if isinstance(values, list) and i < len(values) else None
        top = tops[i] if isinstance(tops, list) and i < len(tops) else None
        out.append(ir.TokenLogprob(
            token=token, logprob=float(value) if isinstance(value, int | float) else 0.0,
            top=[ir.TokenLogprob(token=t, logprob=float(v)) for t, v in top.items()
                 if isinstance(v, int | float)] if isinstance(top, dict) else None))
    return out


def logprobs_out(items: list[ir.TokenLogprob], offset: int = 0) -> dict[str, Any]:
    """Canonical token logprobs as Completions' parallel lists. ``text_offset`` counts
    characters from the start of the completion text (``offset``: where this piece starts)."""
    offsets = []
    for x in items:
        offsets.append(offset)
        offset += len(x.token)
    return {"tokens": [x.token for x in items], "token_logprobs": [x.logprob for x in items],
            "top_logprobs": [{t.token: t.logprob for t in x.top or ()} for x in items],
            "text_offset": offsets}


class CompletionsResponses(CompletionsReader):
    """Legacy Completions response and error bodies."""

    FINISH_FAMILY = "openai_completions"
    ERROR_FAMILY = "openai"

    # -- reading ---------------------------------------------------------------------------

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> ir.Response:
        fmt = self.id
        b = obj(body, "$", fmt)
        if "choices" not in b:
            fail("$.choices", "required field is missing", fmt)
        resp = ir.Response(source=fmt, id=opt_string(b.get("id"), "$", fmt, ".id"),
                           model=opt_string(b.get("model"), "$", fmt, ".model"),
                           created=opt_int(b.get("created"), "$", fmt, ".created"),
                           system_fingerprint=opt_string(b.get("system_fingerprint"), "$", fmt,
                                                         ".system_fingerprint"))
        resp.choices = [self.read_completion_choice(c, f"$.choices[{i}]")
                        for i, c in enumerate(arr(b["choices"], "$", fmt, ".choices"))]
        if isinstance(u := b.get("usage"), dict):
            resp.usage = openai_in(u)
            resp.usage.extras = detail_extras(u, USAGE_COUNTED, USAGE_TOP)
        resp.extras = leftovers(dict(b), RESPONSE_KEYS)
        if "usage" in b and b["usage"] is None:
            resp.hints = {**(resp.hints or {}), "usage": None}
        if "system_fingerprint" in b and b["system_fingerprint"] is None:
            resp.hints = {**(resp.hints or {}), "system_fingerprint": None}
        return resp

    def read_completion_choice(self, c: Any, path: str) -> ir.Choice:
        fmt = self.id
        c = obj(c, path, fmt)
        text = string(c.get("text"), path, fmt, ".text")
        native = opt_string(c.get("finish_reason"), path, fmt, ".finish_reason")
        choice = ir.Choice(index=opt_int(c.get("index"), path, fmt, ".index") or 0,
                           parts=[ir.Text(text=text, path=path + ".text")], path=path,
                           native_finish=native,
                           finish=finish.from_native(self.FINISH_FAMILY, native))
        lp = c.get("logprobs")
        if lp is not None:
            choice.logprobs = logprobs_in(lp)
            choice.hints = {"logprobs": lp}
        choice.extras = leftovers(c, CHOICE_KEYS)
        return choice

    # -- writing ---------------------------------------------------------------------------

    def write_response(self, resp: ir.Response, ctx: Context) -> dict[str, Any]:
        same = self.carries(resp.source)
        out: dict[str, Any] = {"id": resp.id or "cmpl-interlingua", "object": "text_completion",
                               "created": resp.created or 0,
                               "model": resp.model or ctx.model or "unknown",
                               "choices": [self.write_completion_choice(c, resp, ctx, same)
                                           for c in resp.choices]}
        hints = (resp.hints or {}) if same else {}
        if resp.system_fingerprint is not None or "system_fingerprint" in hints:
            out["system_fingerprint"] = resp.system_fingerprint
        if resp.usage is not None:
            u = openai_out(resp.usage)
            if same and resp.usage.extras:
                for key, value in resp.usage.extras.items():
                    if isinstance(value, dict) and isinstance(u.get(key), dict):
                        u[key] = {**value, **u[key]}
                    else:
                        u.setdefault(key, value)
            if resp.usage.tool_use_prompt_tokens and not same:
                ctx.approximated("$.usage", "tool-use prompt tokens counted in prompt_tokens")
                u["prompt_tokens"] += resp.usage.tool_use_prompt_tokens
            out["usage"] = u
        elif "usage" in hints:
            out["usage"] = None
        if resp.extras:
            self.emit_extras(out, resp.extras, resp.source, "$", ctx)
        return out

    def write_completion_choice(self, choice: ir.Choice, resp: ir.Response, ctx: Context,
                                same: bool) -> dict[str, Any]:
        texts: list[str] = []
        for part in choice.parts:
            if isinstance(part, ir.Text):
                if part.citations and not same:
                    ctx.dropped(part.path, f"citations have no {self.id} form")
                if part.signature is not None:
                    ctx.dropped(part.path, f"the thought signature on this text has no "
                                           f"{self.id} form")
                texts.append(part.text)
            elif isinstance(part, ir.Refusal):
                ctx.approximated(part.path, "refusal sent as completion text")
                texts.append(part.text)
            elif isinstance(part, ir.ToolCall):
                ctx.dropped(part.path, f"tool call {part.name!r} has no place in a "
                                       f"{self.id} response (text only)")
            elif isinstance(part, ir.Reasoning):
                ctx.dropped(part.path, f"reasoning has no place in a {self.id} response")
            else:
                what = (part.value.get("type") if isinstance(part, ir.Opaque) else None) or \
                    type(part).__name__.lower()
                ctx.dropped(part.path, f"{what!r} output has no {self.id} form")
        native = choice.native_finish if same else None
        if native is None:
            native, exact = finish.to_native(self.FINISH_FAMILY, choice.finish)
            if not exact:
                ctx.approximated(choice.path, f"finish reason {choice.finish!r} sent as "
                                              f"{native!r}")
        out: dict[str, Any] = {"text": "".join(texts), "index": choice.index}
        if same and choice.hints and "logprobs" in choice.hints:
            out["logprobs"] = ctx.copy(choice.hints["logprobs"])
        elif choice.logprobs:
            out["logprobs"] = logprobs_out(choice.logprobs)
        else:
            out["logprobs"] = None
        out["finish_reason"] = native or "stop"
        if choice.extras:
            self.emit_extras(out, choice.extras, resp.source, choice.path, ctx)
        return out

    # -- errors ----------------------------------------------------------------------------

    def read_error(self, body: Any, status: int | None, ctx: Context) -> ir.Error:
        return openai_error_in(body, status, self.ERROR_FAMILY)

    def write_error(self, error: ir.Error, ctx: Context) -> tuple[int, dict[str, Any]]:
        return openai_error_out(error, ctx.source == self.id, self.ERROR_FAMILY)
