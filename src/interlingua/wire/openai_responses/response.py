"""OpenAI Responses: response bodies and error bodies, to and from the IR.

A Response's ``output`` is a list of items; the IR has one choice whose parts keep the item
order:

* a ``message`` item -> its content parts (``output_text`` -> ``Text``, annotations as
  citations, logprobs on the choice; ``refusal`` -> ``Refusal``); the item shell (id,
  status, phase...) sits in the first part's ``hints["item"]`` and every part of the item
  carries ``hints["msg"]`` (its output index), so that a Responses writer regroups them;
* ``reasoning`` -> ``Reasoning`` (id, summary, text = content, data = encrypted_content,
  origin openai.responses and the model);
* ``function_call`` / ``custom_tool_call`` -> ``ToolCall`` (``id`` = call_id; the item id and
  status are bookkeeping, ``namespace`` / ``caller`` are extras);
* every other item (built-in tool calls and outputs, MCP items, compaction, provider items)
  -> ``Opaque`` (replayed only to Responses, reported elsewhere).

Each part keeps its raw wire object in ``hints["raw"]`` so that a Responses writer gives the
same JSON back. The finish reason comes from ``status`` (``incomplete_details.reason`` for an
incomplete response; "completed" with function calls is ``tool_calls``). Top-level keys that
echo the request (tools, reasoning, text, store...) are bookkeeping: a Responses client gets
them back, any other format leaves them out without a loss.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import apierrors, finish, ir
from ..._json import dumps
from ...context import Context
from ...names import synthetic_id
from .._check import arr, fail, leftovers, obj, opt_string, string
from .._usage import detail_extras, responses_in, responses_out
from .._write import arguments_text
from .reader import ResponsesReader
from .tables import (
    ANNOTATION_TYPES,
    CALL_ITEMS,
    ECHO_KEYS,
    FAILED_CODES,
    SERVICE_TIERS,
    SUMMARY_ORIGINS,
    XAI_SERVER_CALL,
)

#: Top-level keys the IR models.
MODELED = frozenset({"id", "created_at", "status", "error", "incomplete_details", "model",
                     "output", "usage", "service_tier"})
USAGE_TOP = ("input_tokens", "output_tokens", "total_tokens")
USAGE_COUNTED = {"input_tokens_details": ("cached_tokens", "cache_write_tokens"),
                 "output_tokens_details": ("reasoning_tokens",)}
FUNCTION_ITEM_KEYS = frozenset({"type", "id", "call_id", "name", "arguments", "status"})
CUSTOM_ITEM_KEYS = frozenset({"type", "id", "call_id", "name", "input", "status"})
ERROR_KEYS = frozenset({"message", "type", "code", "param"})


def item_id(prefix: str, response_id: str | None, index: int) -> str:
    """A deterministic id for an output item another vendor gave none (message, reasoning or
    call items need one in Responses): ``msg_interlingua_<16 hex>``, a pure function of the
    response id and the output index, marked so that nobody takes it for an OpenAI id."""
    return synthetic_id(prefix + "interlingua_", response_id or "", index)[:len(prefix) + 28]


def client_call(item: dict[str, Any]) -> bool:
    """Whether a call item asks the client to run a tool. ``function_call`` and
    ``custom_tool_call`` items do, except xAI's: xAI reports its own server-side X search
    tools (``x_keyword_search``, ``view_x_video``..., call ids ``xs_call_...``) as custom tool
    calls it has already run; those are kept verbatim like any built-in tool item (decided
    from the item alone, so a body and a stream of it read alike)."""
    call_id = item.get("call_id")
    return not (item.get("type") == "custom_tool_call" and isinstance(call_id, str)
                and call_id.startswith(XAI_SERVER_CALL))


def summary_style(origin: str | None) -> bool:
    """Whether another vendor's reasoning text goes to a Responses client as a summary."""
    return origin is not None and origin.split(".", 1)[0] in SUMMARY_ORIGINS


def status_of(reason: str | None, family: str = "openai_responses"
              ) -> tuple[str, str | None, bool]:
    """(status, incomplete reason, exact) for a canonical finish reason."""
    if reason is None:
        return "completed", None, True
    native, exact = finish.to_native(family, reason)
    if native == "completed":
        return "completed", None, exact
    if native == "failed":
        return "failed", None, exact
    return "incomplete", native, exact


def logprob_out(x: ir.TokenLogprob) -> dict[str, Any]:
    return {"token": x.token, "bytes": x.bytes if x.bytes is not None else list(x.token.encode()),
            "logprob": x.logprob,
            "top_logprobs": [{"token": t.token,
                              "bytes": t.bytes if t.bytes is not None else list(t.token.encode()),
                              "logprob": t.logprob} for t in x.top or ()]}


def logprobs_in(items: Any) -> list[ir.TokenLogprob]:
    out = []
    for x in items if isinstance(items, list) else ():
        if isinstance(x, dict) and isinstance(x.get("token"), str):
            top = x.get("top_logprobs")
            out.append(ir.TokenLogprob(
                token=x["token"], logprob=float(x.get("logprob") or 0.0), bytes=x.get("bytes"),
                top=[ir.TokenLogprob(token=t["token"], logprob=float(t.get("logprob") or 0.0),
                                     bytes=t.get("bytes"))
                     for t in top if isinstance(t, dict) and isinstance(t.get("token"), str)]
                if isinstance(top, list) else None))
    return out


# -- OpenAI-shaped error bodies (Responses and legacy Completions) ----------------------------

def openai_error_in(body: Any, status: int | None, family: str = "openai") -> ir.Error:
    """``{"error": {message, type, param, code}}`` (Open Responses types included), or any
    other body: its text becomes the message and the status decides the kind."""
    err = body.get("error") if isinstance(body, dict) else None
    if not isinstance(err, dict):
        text = body if isinstance(body, str) else dumps(body)
        return ir.Error(kind=apierrors.kind_of(family, None, status), message=text,
                        status=status)
    native = err.get("type") if isinstance(err.get("type"), str) else None
    code = err.get("code")
    kind = apierrors.kind_of(family, native, status)
    if isinstance(code, str) and code in ("rate_limit_exceeded", "insufficient_quota"):
        kind = apierrors.kind_of(family, code, status)
    return ir.Error(kind=kind, message=str(err.get("message") or ""), status=status,
                    code=code if isinstance(code, str) else None,
                    param=err.get("param") if isinstance(err.get("param"), str) else None,
                    native_type=native, extras=leftovers(err, ERROR_KEYS))


def openai_error_out(error: ir.Error, same: bool, family: str = "openai"
                     ) -> tuple[int, dict[str, Any]]:
    native = error.native_type if same and error.native_type else \
        apierrors.TO_NATIVE[family][error.kind]
    status = error.status if same and error.status else apierrors.status_of(family, error.kind)
    body: dict[str, Any] = {"message": error.message, "type": native, "param": error.param,
                            "code": error.code}
    if same and error.extras:
        body.update(error.extras)
    return status, {"error": body}


class ResponsesResponses(ResponsesReader):
    """Responses response and error bodies."""

    FINISH_FAMILY = "openai_responses"
    ERROR_FAMILY = "openai"

    # -- reading ---------------------------------------------------------------------------

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> ir.Response:
        fmt = self.id
        b = obj(body, "$", fmt)
        if "output" not in b:
            fail("$.output", "required field is missing", fmt)
        model = opt_string(b.get("model"), "$", fmt, ".model")
        resp = ir.Response(source=fmt, id=opt_string(b.get("id"), "$", fmt, ".id"), model=model)
        hints: dict[str, Any] = {"keys": list(b)}
        created = b.get("created_at")
        if type(created) is int:
            resp.created = created
        elif isinstance(created, float):
            resp.created = int(created)
            hints["created_at"] = created
        elif created is not None:
            fail("$.created_at", "expected a number", fmt)
        origin = ir.Origin(format=fmt, model=model)
        parts, calls = self.read_output(arr(b["output"], "$", fmt, ".output"), "$.output",
                                        origin)
        status = opt_string(b.get("status"), "$", fmt, ".status")
        details = b.get("incomplete_details")
        reason = details.get("reason") if isinstance(details, dict) else None
        choice = ir.Choice(index=0, parts=parts, path="$")
        choice.native_finish, choice.finish = self.finish_of(status, reason, calls)
        logprobs = [lp for p in parts if isinstance(p, ir.Text) and p.hints
                    for lp in logprobs_in((p.hints.get("raw") or {}).get("logprobs"))]
        if logprobs:
            choice.logprobs = logprobs
        resp.choices = [choice]
        for key in ("status", "incomplete_details", "error"):
            if key in b:
                hints[key] = b[key]
        if isinstance(u := b.get("usage"), dict):
            resp.usage = responses_in(u)
            resp.usage.extras = detail_extras(u, USAGE_COUNTED, USAGE_TOP)
        elif "usage" in b:
            hints["usage"] = b["usage"]
        if (tier := b.get("service_tier")) is not None:
            resp.service_tier = opt_string(tier, "$", fmt, ".service_tier")
        elif "service_tier" in b:
            hints["service_tier"] = None
        echo = {k: v for k, v in b.items() if k in ECHO_KEYS}
        if echo:
            hints["echo"] = echo
        resp.extras = {k: v for k, v in b.items()
                       if k not in MODELED and k not in ECHO_KEYS} or None
        resp.hints = hints
        return resp

    def finish_of(self, status: str | None, reason: Any, calls: bool
                  ) -> tuple[str | None, str | None]:
        """(native, canonical) finish of a response status."""
        if status == "completed":
            return "completed", "tool_calls" if calls else "stop"
        if status == "incomplete":
            native = reason if isinstance(reason, str) else "incomplete"
            return native, finish.from_native(self.FINISH_FAMILY, native)
        if status in ("failed", "cancelled"):
            return status, finish.from_native(self.FINISH_FAMILY, status)
        return status, None   # in_progress, queued: not finished (background responses)

    def read_output(self, items: list[Any], base: str, origin: ir.Origin
                    ) -> tuple[list[ir.AnyPart], bool]:
        """The parts of the output items, and whether the model called client tools."""
        parts: list[ir.AnyPart] = []
        calls = False
        for i, it in enumerate(items):
            path = f"{base}[{i}]"
            item = obj(it, path, self.id)
            kind = item.get("type")
            if kind == "message" and item.get("content"):
                parts.extend(self.read_message_output(item, i, path))
            elif kind == "reasoning":
                parts.append(self.read_reasoning_output(item, path, origin))
            elif kind in CALL_ITEMS and client_call(item):
                parts.append(self.read_call_output_item(item, path))
                calls = True
            elif isinstance(kind, str):
                parts.append(ir.Opaque(value=item, origin=ir.Origin(format=self.id), path=path,
                                       hints={"item": True}))
            else:
                fail(f"{path}.type", "output item has no type", self.id)
        return parts, calls

    def read_message_output(self, item: dict[str, Any], index: int, path: str
                            ) -> list[ir.AnyPart]:
        fmt = self.id
        shell = {k: v for k, v in item.items() if k != "content"}
        out: list[ir.AnyPart] = []
        for j, c in enumerate(arr(item["content"], path, fmt, ".content")):
            cpath = f"{path}.content[{j}]"
            c = obj(c, cpath, fmt)
            kind = c.get("type")
            part: ir.AnyPart
            if kind == "output_text":
                text = ir.Text(text=string(c.get("text"), cpath, fmt, ".text"), path=cpath)
                annotations = c.get("annotations")
                if annotations:
                    text.citations = arr(annotations, cpath, fmt, ".annotations")
                part = text
            elif kind == "refusal":
                part = ir.Refusal(text=string(c.get("refusal"), cpath, fmt, ".refusal"),
                                  path=cpath)
            else:
                part = ir.Opaque(value=c, origin=ir.Origin(format=fmt), path=cpath)
            part.hints = {"msg": index, "raw": c}
            if not out:
                part.hints["item"] = shell
            out.append(part)
        return out

    def read_reasoning_output(self, item: dict[str, Any], path: str, origin: ir.Origin
                              ) -> ir.Reasoning:
        part = self.read_reasoning_item(item, path, origin)
        part.extras = None   # the raw item carries everything back to Responses
        part.hints = {"raw": item}
        return part

    def read_call_output_item(self, item: dict[str, Any], path: str) -> ir.ToolCall:
        fmt = self.id
        if item.get("type") == "custom_tool_call":
            call = ir.ToolCall(id=string(item.get("call_id"), path, fmt, ".call_id"),
                               name=string(item.get("name"), path, fmt, ".name"),
                               input=string(item.get("input"), path, fmt, ".input"),
                               kind="custom", path=path,
                               extras=leftovers(item, CUSTOM_ITEM_KEYS))
        else:
            call = ir.ToolCall(id=string(item.get("call_id"), path, fmt, ".call_id"),
                               name=string(item.get("name"), path, fmt, ".name"),
                               arguments=string(item.get("arguments"), path, fmt,
                                                ".arguments"),
                               path=path, extras=leftovers(item, FUNCTION_ITEM_KEYS))
        if call.extras:
            call.extras = {k: v for k, v in call.extras.items() if v is not None} or None
        call.hints = {"raw": item}
        return call

    # -- writing ---------------------------------------------------------------------------

    def write_response(self, resp: ir.Response, ctx: Context) -> dict[str, Any]:
        same = self.carries(resp.source)
        if len(resp.choices) > 1:
            ctx.dropped("$.choices", f"{self.id} returns one output; choices after the first "
                                     "were dropped")
        choice = resp.choices[0] if resp.choices else ir.Choice(index=0, parts=[])
        output = self.write_output(choice, resp, ctx, same)
        if choice.extras and not same:
            # A choice's or candidate's vendor-only fields (Gemini safety ratings, grounding
            # metadata...) have no place in a Response: reported.
            extras = {k: v for k, v in choice.extras.items() if v not in ([], {})}
            message = extras.pop("message", None)
            self.emit_extras({}, extras, resp.source, choice.path, ctx)
            if isinstance(message, dict):   # empty lists and objects say nothing
                self.emit_extras({}, {k: v for k, v in message.items() if v not in ([], {})},
                                 resp.source, f"{choice.path or '$'}.message", ctx)
        return self.response_body(resp, choice, output, ctx, same)

    def response_body(self, resp: ir.Response, choice: ir.Choice, output: list[dict[str, Any]],
                      ctx: Context, same: bool, *, status: str | None = None,
                      error: ir.Error | None = None, report: bool = True,
                      stream: bool = False) -> dict[str, Any]:
        """The Response object around ``output``: ids, status, usage, echo fields.

        A Responses source read from a body comes back key for key; anything else gets the
        API's layout, with the request echo fields at the API's defaults (the client knows
        its own request) unless a Responses source carried them. ``stream``: the response
        object of a stream event written by interlingua: the API's layout with the echo
        fields at their defaults and every usage field, whatever the source."""
        hints = (resp.hints or {}) if same else {}
        if stream:
            hints = {k: v for k, v in hints.items() if k in ("created_at", "status", "error",
                                                             "incomplete_details")}
        fields: dict[str, Any] = {"id": resp.id or "resp_interlingua", "object": "response",
                                  "created_at": hints.get("created_at", resp.created or 0)}
        if status is None and "status" in hints:
            fields["status"] = hints["status"]
            fields["error"] = hints.get("error")
            fields["incomplete_details"] = hints.get("incomplete_details")
        else:
            self.write_status(fields, choice, ctx, status=status, error=error, report=report)
            if fields["status"] == "incomplete" and output:
                last = output[-1]
                if last.get("type") in ("message", "function_call") and \
                        last.get("status") == "completed":
                    last["status"] = "incomplete"
        fields["model"] = resp.model or ctx.model or "unknown"
        fields["output"] = output
        if resp.usage is not None:
            fields["usage"] = self.write_usage(resp.usage, ctx, same and not stream,
                                               report=report)
        else:
            fields["usage"] = hints.get("usage")
        if resp.service_tier is not None:
            tier = resp.service_tier
            if not same and tier not in SERVICE_TIERS:
                tier = "default"
            fields["service_tier"] = tier
        elif "service_tier" in hints:
            fields["service_tier"] = None
        keys = hints.get("keys")
        echo = hints.get("echo") or {}
        if keys and status is None:
            # The source's own body: the same keys in the same order.
            extras = resp.extras or {}
            out: dict[str, Any] = {}
            for key in keys:
                if key in fields:
                    out[key] = fields[key]
                elif key in echo:
                    out[key] = ctx.copy(echo[key])
                elif key in extras:
                    out[key] = ctx.copy(extras[key])
            return out
        out = {k: fields[k] for k in ("id", "object", "created_at", "status", "error",
                                      "incomplete_details", "model", "output")}
        out["parallel_tool_calls"] = True
        out["tool_choice"] = "auto"
        out["tools"] = []
        for key, value in echo.items():
            if key != "object":
                out[key] = ctx.copy(value)
        out["usage"] = fields["usage"]
        if "service_tier" in fields:
            out["service_tier"] = fields["service_tier"]
        if resp.extras and report and not stream:
            self.emit_extras(out, resp.extras, resp.source, "$", ctx)
        return out

    def write_status(self, out: dict[str, Any], choice: ir.Choice, ctx: Context, *,
                     status: str | None = None, error: ir.Error | None = None,
                     report: bool = True) -> None:
        reason: str | None = None
        if status is None:
            status, reason, exact = status_of(choice.finish)
            if not exact and report:
                ctx.approximated(choice.path, f"finish reason {choice.finish!r} sent as "
                                              f"status {status!r}" +
                                 (f" ({reason})" if reason else ""))
        elif status == "incomplete":
            reason = status_of(choice.finish)[1] or "max_output_tokens"
        out["status"] = status
        out["error"] = None
        out["incomplete_details"] = {"reason": reason} if reason else None
        if status == "failed":
            if error is not None:
                out["error"] = {"code": FAILED_CODES.get(error.kind, "server_error"),
                                "message": error.message}
            else:
                out["error"] = {"code": "server_error", "message":
                                "the generation failed (finish reason "
                                f"{choice.native_finish or choice.finish!r})"}

    def write_usage(self, usage: ir.Usage, ctx: Context, same: bool, *, report: bool = True
                    ) -> dict[str, Any]:
        u = responses_out(usage, complete=not same)
        if same and usage.extras:
            for key, value in usage.extras.items():
                if isinstance(value, dict) and isinstance(u.get(key), dict):
                    u[key] = {**u[key], **value}
                else:
                    u.setdefault(key, value)
        if usage.tool_use_prompt_tokens and not same:
            if report:
                ctx.approximated("$.usage", "tool-use prompt tokens counted in input_tokens")
            u["input_tokens"] += usage.tool_use_prompt_tokens
        return u

    def write_output(self, choice: ir.Choice, resp: ir.Response, ctx: Context, same: bool
                     ) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        message: dict[str, Any] | None = None
        msg_key: Any = None
        logprobs = choice.logprobs if not same else None
        for part in choice.parts:
            if isinstance(part, ir.Text | ir.Refusal) or (
                    same and isinstance(part, ir.Opaque) and part.hints and "msg" in part.hints):
                key = part.hints.get("msg") if same and part.hints else None
                if message is None or key != msg_key:
                    message = self.message_item(part, resp.id, len(items), ctx, same)
                    items.append(message)
                    msg_key = key
                message["content"].append(self.content_part(part, resp, ctx, same, logprobs))
                if isinstance(part, ir.Text):
                    logprobs = None
                continue
            message = None
            if isinstance(part, ir.ToolCall):
                items.append(self.call_item(part, resp, len(items), ctx, same))
            elif isinstance(part, ir.Reasoning):
                item = self.reasoning_output(part, resp, len(items), ctx)
                if item is not None:
                    items.append(item)
            elif isinstance(part, ir.Opaque) and part.hints and part.hints.get("item") and \
                    self.carries(part.origin.format if part.origin else None):
                items.append(ctx.copy(part.value))
            else:
                what = (part.value.get("type") if isinstance(part, ir.Opaque) else None) or \
                    type(part).__name__.lower()
                ctx.dropped(part.path, f"{what!r} output has no {self.id} form")
        return items

    def message_item(self, part: ir.AnyPart, response_id: str | None, index: int,
                     ctx: Context, same: bool) -> dict[str, Any]:
        shell = part.hints.get("item") if same and part.hints else None
        if shell is not None:
            out = dict(ctx.copy(shell))
            out["content"] = []
            return out
        return {"id": item_id("msg_", response_id, index), "type": "message",
                "status": "completed", "content": [], "role": "assistant"}

    def content_part(self, part: ir.AnyPart, resp: ir.Response, ctx: Context, same: bool,
                     logprobs: list[ir.TokenLogprob] | None) -> dict[str, Any]:
        raw = part.hints.get("raw") if same and part.hints else None
        if isinstance(part, ir.Refusal):
            if raw is not None:
                out = dict(raw)
                out["refusal"] = part.text
                return out
            return {"type": "refusal", "refusal": part.text}
        if isinstance(part, ir.Opaque):
            return ctx.copy(part.value)  # type: ignore[no-any-return]
        assert isinstance(part, ir.Text)
        if raw is not None:
            out = dict(raw)
            out["text"] = part.text
            if part.citations:
                out["annotations"] = ctx.copy(part.citations)
            return out
        annotations = self.annotations(part, resp, ctx)
        if part.extras:
            self.emit_extras({}, part.extras, resp.source, part.path, ctx)
        if part.signature is not None:
            ctx.dropped(part.path, f"the thought signature on this text has no {self.id} field "
                                   "(it is never turned into encrypted content)")
        return {"type": "output_text", "annotations": annotations,
                "logprobs": [logprob_out(x) for x in logprobs or ()], "text": part.text}

    def annotations(self, part: ir.Text, resp: ir.Response, ctx: Context
                    ) -> list[dict[str, Any]]:
        """Another format's citations as Responses annotations: url citations keep their
        offsets (Chat Completions) or span the text they cite (Anthropic web search)."""
        out: list[dict[str, Any]] = []
        for c in part.citations or ():
            if not isinstance(c, dict):
                continue
            kind = c.get("type")
            nested = c.get("url_citation")
            if kind == "url_citation" and isinstance(nested, dict) and nested.get("url"):
                out.append({"type": "url_citation",
                            "start_index": nested.get("start_index", 0),
                            "end_index": nested.get("end_index", len(part.text)),
                            "title": nested.get("title") or "", "url": nested["url"]})
            elif kind in ANNOTATION_TYPES and kind != "url_citation":
                out.append(ctx.copy(c))
            elif isinstance(c.get("url"), str):
                out.append({"type": "url_citation",
                            "start_index": c.get("start_index", 0)
                            if kind == "url_citation" else 0,
                            "end_index": c.get("end_index", len(part.text))
                            if kind == "url_citation" else len(part.text),
                            "title": c.get("title") or "", "url": c["url"]})
            else:
                ctx.dropped(part.path, f"citation of kind {kind!r} has no {self.id} form")
        return out

    def call_item(self, call: ir.ToolCall, resp: ir.Response, index: int, ctx: Context,
                  same: bool) -> dict[str, Any]:
        raw = call.hints.get("raw") if same and call.hints else None
        if raw is not None:
            out = dict(raw)
            out["call_id"] = call.id
            out["name"] = call.name
            if call.kind == "custom":
                out["input"] = arguments_text(call)
            else:
                out["arguments"] = arguments_text(call)
            return out
        call_id = call.id or item_id("call_", resp.id, index)
        if call.kind == "custom":
            out = {"id": item_id("ctc_", resp.id, index), "type": "custom_tool_call",
                   "call_id": call_id, "input": arguments_text(call), "name": call.name}
        else:
            out = {"id": item_id("fc_", resp.id, index), "type": "function_call",
                   "status": "completed", "arguments": arguments_text(call),
                   "call_id": call_id, "name": call.name}
        if call.extras:
            self.emit_extras(out, call.extras, resp.source, call.path, ctx)
        if call.signature is not None and not self.carries(
                call.origin.format if call.origin else None):
            ctx.dropped(call.path, f"the thought signature of this tool call has no "
                                   f"{self.id} field (it is never turned into encrypted "
                                   "content)")
        return out

    def reasoning_output(self, part: ir.Reasoning, resp: ir.Response, index: int,
                         ctx: Context) -> dict[str, Any] | None:
        """A reasoning item. OpenAI's own reasoning as it came; another vendor's visible
        reasoning as summary text (Anthropic, Gemini: their visible thinking is a summary)
        or reasoning text (OpenAI-compatible servers' raw reasoning), never with an invented
        ``encrypted_content``: its signature or redacted data is reported as dropped."""
        origin = part.origin.format if part.origin is not None else None
        if self.carries(origin):
            raw = part.hints.get("raw") if part.hints else None
            if raw is not None:
                return dict(ctx.copy(raw))
            out: dict[str, Any] = {"id": part.id or item_id("rs_", resp.id, index),
                                   "type": "reasoning",
                                   "summary": [{"type": "summary_text", "text": s}
                                               for s in part.summary or ()]}
            if part.text is not None:
                out["content"] = [{"type": "reasoning_text", "text": part.text}]
            if part.data is not None:
                out["encrypted_content"] = part.data
            return out
        if part.signature is not None or part.data is not None:
            what = "redacted reasoning" if part.redacted else "the reasoning's signature"
            ctx.dropped(part.path, f"{what} from {origin} has no {self.id} field (it is never "
                                   "turned into encrypted_content)")
        texts = list(part.summary or ())
        text = part.text
        if not texts and not text:
            return None
        out = {"id": item_id("rs_", resp.id, index), "type": "reasoning", "summary": []}
        if summary_style(origin):
            out["summary"] = [{"type": "summary_text", "text": s}
                              for s in (texts or [text or ""])]
            if texts and text:
                out["content"] = [{"type": "reasoning_text", "text": text}]
        else:
            out["summary"] = [{"type": "summary_text", "text": s} for s in texts]
            if text:
                out["content"] = [{"type": "reasoning_text", "text": text}]
        return out

    # -- errors ----------------------------------------------------------------------------

    def read_error(self, body: Any, status: int | None, ctx: Context) -> ir.Error:
        return openai_error_in(body, status, self.ERROR_FAMILY)

    def write_error(self, error: ir.Error, ctx: Context) -> tuple[int, dict[str, Any]]:
        return openai_error_out(error, ctx.source == self.id, self.ERROR_FAMILY)
