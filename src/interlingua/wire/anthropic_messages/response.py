"""Anthropic Messages: response bodies and error bodies, to and from the IR."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import apierrors, finish, ir
from ..._json import dumps
from ...context import Context
from ...envelope import seal
from .._check import arr, fail, leftovers, obj, opt_string
from .._usage import anthropic_in, anthropic_out
from .._write import arguments_object
from .reader import MessagesReader

RESPONSE_KEYS = frozenset({"id", "type", "role", "model", "content", "stop_reason",
                           "stop_sequence", "usage"})
USAGE_KEYS = frozenset({"input_tokens", "output_tokens", "cache_creation_input_tokens",
                        "cache_read_input_tokens"})


class MessagesResponses(MessagesReader):
    """Anthropic response and error bodies."""

    FINISH_FAMILY = "anthropic"
    ERROR_FAMILY = "anthropic"

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> ir.Response:
        fmt = self.id
        b = obj(body, "$", fmt)
        if "content" not in b:
            fail("$.content", "required field is missing", fmt)
        model = opt_string(b.get("model"), "$", fmt, ".model")
        origin = ir.Origin(format=fmt, model=model)
        parts = [self.read_block(x, f"$.content[{i}]", origin)
                 for i, x in enumerate(arr(b["content"], "$", fmt, ".content"))]
        native = opt_string(b.get("stop_reason"), "$", fmt, ".stop_reason")
        choice = ir.Choice(index=0, parts=self.attach_envelopes(parts), native_finish=native,
                           finish=finish.from_native(self.FINISH_FAMILY, native),
                           stop_sequence=opt_string(b.get("stop_sequence"), "$", fmt,
                                                    ".stop_sequence"), path="$")
        resp = ir.Response(source=fmt, id=opt_string(b.get("id"), "$", fmt, ".id"),
                           model=model, choices=[choice])
        if isinstance(u := b.get("usage"), dict):
            resp.usage = anthropic_in(u)
            resp.usage.extras = leftovers(u, USAGE_KEYS)
            if isinstance(u.get("service_tier"), str):
                resp.service_tier = u["service_tier"]
        resp.extras = leftovers(dict(b), RESPONSE_KEYS)
        if "stop_sequence" not in b:
            resp.hints = {"stop_sequence": "absent"}
        return resp

    def write_response(self, resp: ir.Response, ctx: Context) -> dict[str, Any]:
        same = self.carries(resp.source)
        if len(resp.choices) > 1:
            ctx.dropped("$.choices", f"{self.id} returns one message; choices after the first "
                                     "were dropped")
        choice = resp.choices[0] if resp.choices else ir.Choice(index=0, parts=[])
        content = self.response_blocks(choice.parts, resp, ctx)
        native = choice.native_finish if same else None
        if native is None:
            native, exact = finish.to_native(self.FINISH_FAMILY, choice.finish)
            if not exact:
                ctx.approximated(choice.path, f"finish reason {choice.finish!r} sent as "
                                              f"{native!r}")
            if native == "end_turn" and choice.stop_sequence is not None:
                native = "stop_sequence"
        out: dict[str, Any] = {"id": resp.id or "msg_interlingua", "type": "message",
                               "role": "assistant", "model": resp.model or ctx.model or "unknown",
                               "content": content, "stop_reason": native,
                               "stop_sequence": choice.stop_sequence}
        if same and resp.hints and resp.hints.get("stop_sequence") == "absent":
            del out["stop_sequence"]
        usage = resp.usage or ir.Usage(input_tokens=0, output_tokens=0)
        u = anthropic_out(usage)
        if same and usage.extras:
            for key, value in usage.extras.items():
                u.setdefault(key, value)
        out["usage"] = u
        if choice.logprobs:
            ctx.dropped(choice.path, f"{self.id} returns no log probabilities")
        if resp.extras:
            self.emit_extras(out, resp.extras, resp.source, "$", ctx)
        return out

    def response_blocks(self, parts: list[ir.AnyPart], resp: ir.Response, ctx: Context
                        ) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = []
        for part in parts:
            if isinstance(part, ir.Text):
                block: dict[str, Any] = {"type": "text", "text": part.text}
                if part.citations:
                    if self.carries(resp.source):
                        block["citations"] = ctx.copy(part.citations)
                    else:
                        ctx.dropped(part.path, f"citations from {resp.source} have no "
                                               f"{self.id} form (they need Anthropic's ids)")
                if part.signature is not None and not self.carries(_origin(part)):
                    ctx.dropped(part.path, f"the thought signature on this text from "
                                           f"{_origin(part)} has no {self.id} form")
                if part.extras:
                    self.emit_extras(block, part.extras, resp.source, part.path, ctx)
                blocks.append(block)
            elif isinstance(part, ir.ToolCall):
                if part.signature is not None and not self.carries(_origin(part)):
                    # Keep the foreign signature (Gemini) for the next turn: see envelope.py.
                    blocks.append({"type": "redacted_thinking", "data": seal(
                        part.origin, ts=part.signature, call=part.id)})
                block = {"type": "tool_use", "id": part.id or "toolu_interlingua",
                         "name": part.name, "input": arguments_object(part, ctx)}
                if part.extras:
                    self.emit_extras(block, part.extras, resp.source, part.path, ctx)
                blocks.append(block)
            elif isinstance(part, ir.Reasoning):
                block = self.response_reasoning(part, ctx)
                if part.extras and self.carries(_origin(part)):
                    self.emit_extras(block, part.extras, resp.source, part.path, ctx)
                blocks.append(block)
            elif isinstance(part, ir.Refusal):
                ctx.approximated(part.path, "refusal sent as text (stop_reason tells a refusal)")
                blocks.append({"type": "text", "text": part.text})
            elif isinstance(part, ir.Opaque) and self.carries(_origin(part)):
                blocks.append(ctx.copy(part.value))
            else:
                ctx.dropped(part.path, f"{type(part).__name__.lower()} output has no "
                                       f"{self.id} form")
        return blocks

    def response_reasoning(self, part: ir.Reasoning, ctx: Context) -> dict[str, Any]:
        """Anthropic reasoning as is; another vendor's reasoning with its opaque state sealed
        in an envelope (never a fake signature)."""
        if self.carries(_origin(part)):
            if part.redacted:
                return {"type": "redacted_thinking", "data": part.data or ""}
            return {"type": "thinking", "thinking": part.text or "",
                    "signature": part.signature or ""}
        sealed = seal(part.origin, s=part.signature, d=part.data, id=part.id,
                      sm=part.summary if part.summary else None,
                      vt="sm" if part.text is None and part.summary else None)
        text = part.text if part.text is not None else "\n\n".join(part.summary or ())
        if not text and part.data is not None:
            return {"type": "redacted_thinking", "data": sealed}
        return {"type": "thinking", "thinking": text, "signature": sealed}

    # -- errors ----------------------------------------------------------------------------

    def read_error(self, body: Any, status: int | None, ctx: Context) -> ir.Error:
        err = body.get("error") if isinstance(body, dict) else None
        if not isinstance(err, dict):
            text = body if isinstance(body, str) else dumps(body)
            return ir.Error(kind=apierrors.kind_of(self.ERROR_FAMILY, None, status),
                            message=text, status=status)
        native = err.get("type") if isinstance(err.get("type"), str) else None
        extras = leftovers(err, frozenset({"type", "message"}))
        if isinstance(body, dict) and body.get("request_id") is not None:
            extras = {**(extras or {}), "request_id": body["request_id"]}
        return ir.Error(kind=apierrors.kind_of(self.ERROR_FAMILY, native, status),
                        message=str(err.get("message") or ""), status=status,
                        native_type=native, extras=extras)

    def write_error(self, error: ir.Error, ctx: Context) -> tuple[int, dict[str, Any]]:
        same = ctx.source == self.id
        native = error.native_type if same and error.native_type else \
            apierrors.TO_NATIVE[self.ERROR_FAMILY][error.kind]
        status = error.status if same and error.status else apierrors.status_of(
            self.ERROR_FAMILY, error.kind)
        body: dict[str, Any] = {"type": "error", "error": {"type": native,
                                                            "message": error.message}}
        if same and error.extras:
            extras = dict(error.extras)
            if "request_id" in extras:
                body["request_id"] = extras.pop("request_id")
            body["error"].update(extras)
        return status, body


def _origin(part: ir.Part) -> str | None:
    return part.origin.format if part.origin is not None else None
