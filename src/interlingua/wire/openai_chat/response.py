"""OpenAI Chat Completions: response bodies and error bodies, to and from the IR."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import apierrors, finish, ir
from ..._json import dumps
from ...context import Context
from ...names import synthetic_id
from .._check import arr, fail, leftovers, obj, opt_int, opt_string, string
from .._usage import openai_in, openai_out
from .._write import arguments_text
from .reader import ChatReader

RESPONSE_KEYS = frozenset({"id", "object", "created", "model", "choices", "usage",
                           "service_tier", "system_fingerprint"})
CHOICE_KEYS = frozenset({"index", "message", "finish_reason", "logprobs"})
MESSAGE_KEYS = frozenset({"role", "content", "refusal", "tool_calls", "function_call",
                          "annotations"})
#: Reasoning fields OpenAI-compatible servers add to messages and deltas (vLLM, DeepSeek,
#: xAI, Qwen: ``reasoning_content``; OpenRouter, Groq: ``reasoning``). OpenAI itself sends
#: none; reading them costs nothing and keeps a proxy's reasoning.
REASONING_FIELDS = ("reasoning_content", "reasoning")


def logprobs_in(items: Any) -> list[ir.TokenLogprob] | None:
    if not isinstance(items, list):
        return None
    out = []
    for x in items:
        if isinstance(x, dict) and isinstance(x.get("token"), str):
            top = x.get("top_logprobs")
            out.append(ir.TokenLogprob(
                token=x["token"], logprob=float(x.get("logprob") or 0.0), bytes=x.get("bytes"),
                top=[ir.TokenLogprob(token=t["token"], logprob=float(t.get("logprob") or 0.0),
                                     bytes=t.get("bytes"))
                     for t in top if isinstance(t, dict) and isinstance(t.get("token"), str)]
                if isinstance(top, list) else None))
    return out


def logprobs_out(items: list[ir.TokenLogprob]) -> list[dict[str, Any]]:
    return [{"token": x.token, "logprob": x.logprob, "bytes": x.bytes,
             "top_logprobs": [{"token": t.token, "logprob": t.logprob, "bytes": t.bytes}
                              for t in x.top or ()]} for x in items]


class ChatResponses(ChatReader):
    """Chat Completions response and error bodies. Dialects override the hooks."""

    FINISH_FAMILY = "openai"
    ERROR_FAMILY = "openai"
    #: Whether completion tokens exclude reasoning tokens (xAI).
    COMPLETION_EXCLUDES_REASONING = False

    # -- reading ---------------------------------------------------------------------------

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> ir.Response:
        fmt = self.id
        b = obj(body, "$", fmt)
        resp = ir.Response(source=fmt, id=opt_string(b.get("id"), "$", fmt, ".id"),
                           model=opt_string(b.get("model"), "$", fmt, ".model"),
                           created=opt_int(b.get("created"), "$", fmt, ".created"),
                           service_tier=opt_string(b.get("service_tier"), "$", fmt,
                                                   ".service_tier"),
                           system_fingerprint=opt_string(b.get("system_fingerprint"), "$", fmt,
                                                         ".system_fingerprint"))
        if "choices" not in b:
            fail("$.choices", "required field is missing", fmt)
        origin = ir.Origin(format=fmt, model=resp.model)
        resp.choices = [self.read_choice(c, f"$.choices[{i}]", origin)
                        for i, c in enumerate(arr(b["choices"], "$", fmt, ".choices"))]
        if isinstance(u := b.get("usage"), dict):
            resp.usage = openai_in(u, completion_excludes_reasoning=self
                                   .COMPLETION_EXCLUDES_REASONING)
            resp.usage.extras = _usage_extras(u)
        resp.extras = leftovers(dict(b), RESPONSE_KEYS)
        return resp

    def read_choice(self, c: Any, path: str, origin: ir.Origin) -> ir.Choice:
        fmt = self.id
        c = obj(c, path, fmt)
        m = obj(c.get("message"), path, fmt, ".message")
        choice = ir.Choice(index=opt_int(c.get("index"), path, fmt, ".index") or 0, parts=[],
                           path=path)
        mpath = path + ".message"
        for field in REASONING_FIELDS:
            if isinstance(text := m.get(field), str) and text:
                choice.parts.append(ir.Reasoning(text=text, origin=origin, path=mpath + "." + field,
                                                 extras={"field": field}))
        content = m.get("content")
        if isinstance(content, str):
            text = ir.Text(text=content, path=mpath + ".content")
            ann = m.get("annotations")
            if isinstance(ann, list) and ann:
                text.citations = ann
            choice.parts.append(text)
        elif isinstance(content, list):
            for j, p in enumerate(content):
                if isinstance(p, dict) and p.get("type") == "text":
                    choice.parts.append(ir.Text(text=string(p.get("text"), mpath, fmt,
                                                            f".content[{j}].text"),
                                                path=f"{mpath}.content[{j}]"))
        if isinstance(refusal := m.get("refusal"), str):
            choice.parts.append(ir.Refusal(text=refusal, path=mpath + ".refusal"))
        if "content" not in m:
            choice.hints = {"content": "absent"}
        for j, tc in enumerate(m.get("tool_calls") or ()):
            choice.parts.append(self.read_tool_call(tc, f"{mpath}.tool_calls[{j}]"))
        if isinstance(fc := m.get("function_call"), dict):
            choice.parts.append(ir.ToolCall(id=None, name=string(fc.get("name"), mpath, fmt,
                                                                 ".function_call.name"),
                                            arguments=fc.get("arguments") or "",
                                            path=mpath + ".function_call"))
            choice.hints = {**(choice.hints or {}), "function_call": True}
        if isinstance(audio := m.get("audio"), dict):
            choice.parts.append(ir.Opaque(value={"type": "audio", "audio": audio},
                                          origin=ir.Origin(format=fmt), path=mpath + ".audio"))
        native = opt_string(c.get("finish_reason"), path, fmt, ".finish_reason")
        choice.native_finish = native
        choice.finish = finish.from_native(self.FINISH_FAMILY, native)
        lp = c.get("logprobs")
        if isinstance(lp, dict):
            choice.logprobs = logprobs_in(lp.get("content"))
        extras = leftovers(c, CHOICE_KEYS) or {}
        if lp is not None and (not isinstance(lp, dict) or set(lp) != {"content"}):
            extras["logprobs"] = lp
        keys = MESSAGE_KEYS | frozenset(REASONING_FIELDS) | {"audio"}
        mextras = {k: v for k, v in m.items() if k not in keys or v is None
                   or (k == "annotations" and not v)}
        if mextras:
            extras["message"] = mextras
        choice.extras = extras or None
        return choice

    # -- writing ---------------------------------------------------------------------------

    def write_response(self, resp: ir.Response, ctx: Context) -> dict[str, Any]:
        same = self.carries(resp.source)
        out: dict[str, Any] = {"id": resp.id or "chatcmpl-interlingua",
                               "object": "chat.completion", "created": resp.created or 0,
                               "model": resp.model or ctx.model or "unknown",
                               "choices": [self.write_choice(c, resp, ctx, same)
                                           for c in resp.choices]}
        if resp.service_tier is not None:
            tier = resp.service_tier
            if not same and tier not in ("auto", "default", "flex", "scale", "priority", "fast"):
                tier = {"standard": "default"}.get(tier, "default")
            out["service_tier"] = tier
        if resp.system_fingerprint is not None:
            out["system_fingerprint"] = resp.system_fingerprint
        if resp.usage is not None:
            out["usage"] = self.write_usage(resp.usage, resp, ctx, same)
        if resp.extras:
            self.emit_extras(out, resp.extras, resp.source, "$", ctx)
        return out

    def write_usage(self, usage: ir.Usage, resp: ir.Response, ctx: Context, same: bool
                    ) -> dict[str, Any]:
        u = openai_out(usage, completion_excludes_reasoning=self.COMPLETION_EXCLUDES_REASONING)
        if same and usage.extras:
            for key, value in usage.extras.items():
                if isinstance(value, dict) and isinstance(u.get(key), dict):
                    u[key] = {**value, **u[key]}
                else:
                    u.setdefault(key, value)
        if usage.tool_use_prompt_tokens and not same:
            ctx.approximated("$.usage", "tool-use prompt tokens counted in prompt_tokens")
            u["prompt_tokens"] += usage.tool_use_prompt_tokens
        return u

    def write_choice(self, choice: ir.Choice, resp: ir.Response, ctx: Context, same: bool
                     ) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant"}
        texts: list[str] = []
        annotations: list[Any] = []
        calls: list[dict[str, Any]] = []
        refusal: list[str] = []
        offset = 0
        for part in choice.parts:
            if isinstance(part, ir.Text):
                if part.citations:
                    annotations.extend(self.annotations(part, offset, resp, ctx, same))
                if part.signature is not None:
                    self.text_signature(part, message, resp, ctx)
                texts.append(part.text)
                offset += len(part.text)
            elif isinstance(part, ir.ToolCall):
                call = self.response_tool_call(part, ctx)
                if part.signature is not None:
                    self.call_signature(part, call, resp, ctx)
                if part.extras:
                    self.emit_extras(call, part.extras, resp.source, part.path, ctx)
                calls.append(call)
            elif isinstance(part, ir.Refusal):
                refusal.append(part.text)
            elif isinstance(part, ir.Reasoning):
                self.write_response_reasoning(part, message, resp, ctx)
            elif isinstance(part, ir.Opaque) and self.carries(
                    part.origin.format if part.origin else None) and "audio" in part.value:
                message["audio"] = ctx.copy(part.value["audio"])
            else:
                ctx.dropped(part.path, f"{type(part).__name__.lower()} output has no "
                                       f"{self.id} response form")
        if texts or not (same and choice.hints and choice.hints.get("content") == "absent"):
            message["content"] = "".join(texts) if texts else None
        if refusal:
            message["refusal"] = "".join(refusal)
        if annotations:
            message["annotations"] = annotations
        if calls:
            if same and choice.hints and choice.hints.get("function_call"):
                message["function_call"] = calls[0]["function"]
            else:
                message["tool_calls"] = calls
        native = choice.native_finish if same else None
        if native is None:
            native, exact = finish.to_native(self.FINISH_FAMILY, choice.finish)
            if not exact:
                ctx.approximated(f"{choice.path}" if choice.path else None,
                                 f"finish reason {choice.finish!r} sent as {native!r}")
        out: dict[str, Any] = {"index": choice.index, "message": message,
                               "finish_reason": native or "stop"}
        if choice.logprobs is not None:
            out["logprobs"] = {"content": logprobs_out(choice.logprobs), "refusal": None}
        elif not same:
            out["logprobs"] = None
        if choice.extras:
            extras = dict(choice.extras)
            mextras = extras.pop("message", None)
            if mextras:
                self.emit_extras(message, mextras, resp.source, choice.path, ctx)
            self.emit_extras(out, extras, resp.source, choice.path, ctx)
        return out

    def response_tool_call(self, call: ir.ToolCall, ctx: Context) -> dict[str, Any]:
        call_id = call.id or synthetic_id("call_", call.name, call.path)
        if call.kind == "custom":
            return {"id": call_id, "type": "custom",
                    "custom": {"name": call.name, "input": arguments_text(call)}}
        return {"id": call_id, "type": "function",
                "function": {"name": call.name, "arguments": arguments_text(call)}}

    def text_signature(self, part: ir.Text, message: dict[str, Any], resp: ir.Response,
                       ctx: Context) -> None:
        """A signature on a text part (Gemini signs its last part): no field here. Dialects
        that carry Gemini signatures override this."""
        origin = part.origin.format if part.origin else resp.source
        if not self.carries(origin):
            ctx.dropped(part.path, f"the thought signature on this text from {origin} has no "
                                   f"{self.id} response field")

    def call_signature(self, call: ir.ToolCall, out: dict[str, Any], resp: ir.Response,
                       ctx: Context) -> None:
        """A tool call's signature (Gemini): no field here. Dialects that carry it override
        this."""
        origin = call.origin.format if call.origin else resp.source
        if not self.carries(origin):
            ctx.dropped(call.path, f"the thought signature of tool call {call.name!r} from "
                                   f"{origin} has no {self.id} response field")

    def write_response_reasoning(self, part: ir.Reasoning, message: dict[str, Any],
                                 resp: ir.Response, ctx: Context) -> None:
        """OpenAI's own responses carry no reasoning; a same-format response keeps the
        field an OpenAI-compatible server used. Dialects override this."""
        field = (part.extras or {}).get("field")
        if field and self.carries(resp.source) and part.text is not None:
            message[field] = part.text
            return
        ctx.dropped(part.path, f"reasoning has no place in a {self.id} response")

    def annotations(self, part: ir.Text, offset: int, resp: ir.Response, ctx: Context,
                    same: bool) -> list[Any]:
        if same:
            return ctx.copy(part.citations)  # type: ignore[no-any-return]
        out = []
        for c in part.citations or ():
            url = c.get("url") if isinstance(c, dict) else None
            if url:
                # Offsets within this text when the source gave them (Responses url
                # citations), else the whole text the citation is attached to.
                start, end = c.get("start_index"), c.get("end_index")
                if not (isinstance(start, int) and isinstance(end, int)):
                    start, end = 0, len(part.text)
                out.append({"type": "url_citation", "url_citation": {
                    "url": url, "title": c.get("title") or "", "start_index": offset + start,
                    "end_index": offset + end}})
            else:
                ctx.dropped(part.path, f"citation of kind {c.get('type')!r} has no "
                                       f"{self.id} form" if isinstance(c, dict) else
                            "citation has no form here")
        return out

    # -- errors ----------------------------------------------------------------------------

    def read_error(self, body: Any, status: int | None, ctx: Context) -> ir.Error:
        err = body.get("error") if isinstance(body, dict) else None
        if not isinstance(err, dict):
            text = body if isinstance(body, str) else dumps(body)
            return ir.Error(kind=apierrors.kind_of(self.ERROR_FAMILY, None, status),
                            message=text, status=status)
        native = err.get("type") if isinstance(err.get("type"), str) else None
        code = err.get("code")
        kind = apierrors.kind_of(self.ERROR_FAMILY, native, status)
        if isinstance(code, str) and code in ("rate_limit_exceeded", "insufficient_quota"):
            kind = apierrors.kind_of(self.ERROR_FAMILY, code, status)
        return ir.Error(kind=kind, message=str(err.get("message") or ""), status=status,
                        code=code if isinstance(code, str) else None,
                        param=err.get("param") if isinstance(err.get("param"), str) else None,
                        native_type=native,
                        extras=leftovers(err, frozenset({"message", "type", "code", "param"})))

    def write_error(self, error: ir.Error, ctx: Context) -> tuple[int, dict[str, Any]]:
        same = ctx.source == self.id
        native = error.native_type if same and error.native_type else \
            apierrors.TO_NATIVE[self.ERROR_FAMILY][error.kind]
        status = error.status if same and error.status else apierrors.status_of(
            self.ERROR_FAMILY, error.kind)
        body: dict[str, Any] = {"message": error.message, "type": native,
                                "param": error.param, "code": error.code}
        if same and error.extras:
            body.update(error.extras)
        return status, {"error": body}


def _usage_extras(u: dict[str, Any]) -> dict[str, Any] | None:
    """Usage keys the canonical model does not hold (kept for same-format round trips)."""
    extras: dict[str, Any] = {}
    for key, value in u.items():
        if key in ("prompt_tokens", "completion_tokens", "total_tokens"):
            continue
        if key == "prompt_tokens_details" and isinstance(value, dict):
            rest = {k: v for k, v in value.items()
                    if k not in ("cached_tokens", "cache_write_tokens")}
            if rest or not value:
                extras[key] = rest
        elif key == "completion_tokens_details" and isinstance(value, dict):
            rest = {k: v for k, v in value.items() if k != "reasoning_tokens"}
            if rest or not value:
                extras[key] = rest
        else:
            extras[key] = value
    return extras or None
