"""OpenAI Responses request -> IR.

The Responses ``input`` is a flat list of items; the IR is a list of turns. The reader groups
items into turns the way every other format writes them:

* a user, system or developer message item is one IR message;
* what the model produced in one go (reasoning items, assistant message items, function and
  custom tool calls) is one ``assistant`` message, whose parts keep the item order (a second
  assistant message item starts a new turn, so each assistant turn has at most one message
  item, whose bookkeeping sits on the message);
* each ``function_call_output`` / ``custom_tool_call_output`` is one ``tool`` message;
* every other item (built-in tool calls and their outputs, MCP items, ``item_reference``,
  ``compaction``, provider-prefixed extension items, unknown types) is an ``Opaque`` part of
  the assistant turn in progress, else of the previous turn (else of the next one): a writer
  of another format drops it with a loss and the turn around it stays valid. Opaque items
  are replayed only to ``openai.responses``.

Item ids, statuses and similar bookkeeping go to ``hints`` (same-format only, never a loss);
keys that mean something (``phase``, ``namespace``...) go to ``extras`` and are reported by
other writers.

State: ``previous_response_id`` and ``conversation`` name history held by OpenAI. Converting
to a format that keeps that state (``openai.responses``) keeps the reference. Converting to a
stateless format expands it from ``Options.history`` (the earlier items, or a callable
``ref -> items``), or fails with a ``ConversionError``: never a silent truncation. Items that
came from the history are addressed as ``$.previous_response_id[i]`` (``$.conversation[i]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import ir
from ...context import Context
from ...errors import ConversionError
from ...registry import get_format
from .._check import (
    arr,
    fail,
    leftovers,
    obj,
    one_of,
    opt_bool,
    opt_int,
    opt_number,
    opt_obj,
    opt_string,
    parse_data_uri,
    string,
)
from ..base import Format
from .tables import BUILTIN_KINDS, CONFIG_NAMES, INCLUDE_LOGPROBS

REQUEST_KEYS = frozenset({
    "model", "input", "instructions", "tools", "tool_choice", "parallel_tool_calls", "text",
    "reasoning", "max_output_tokens", "temperature", "top_p", "top_logprobs", "metadata",
    "user", "safety_identifier", "service_tier", "store", "stream", "stream_options",
    "prompt_cache_key", "prompt_cache_retention", "prompt_cache_options", "include",
    "presence_penalty", "frequency_penalty",
})
MESSAGE_ROLES = ("user", "system", "developer", "assistant")
MESSAGE_KEYS = frozenset({"type", "role", "content", "id", "status"})
#: Item keys that are bookkeeping (hints), by item kind.
ITEM_BOOKKEEPING = ("id", "status")
INPUT_TEXT_KEYS = frozenset({"type", "text", "prompt_cache_breakpoint"})
OUTPUT_TEXT_KEYS = frozenset({"type", "text", "annotations", "logprobs"})
IMAGE_KEYS = frozenset({"type", "image_url", "file_id", "detail", "prompt_cache_breakpoint"})
FILE_KEYS = frozenset({"type", "file_id", "file_url", "file_data", "filename",
                       "prompt_cache_breakpoint"})
AUDIO_KEYS = frozenset({"type", "input_audio"})
FUNCTION_CALL_KEYS = frozenset({"type", "id", "call_id", "name", "arguments", "status"})
CUSTOM_CALL_KEYS = frozenset({"type", "id", "call_id", "name", "input", "status"})
OUTPUT_KEYS = frozenset({"type", "id", "call_id", "output", "status", "name"})
REASONING_KEYS = frozenset({"type", "id", "summary", "content", "encrypted_content", "status"})
FUNCTION_KEYS = frozenset({"type", "name", "description", "parameters", "strict"})
CUSTOM_KEYS = frozenset({"type", "name", "description", "format"})
FORMAT_KEYS = frozenset({"type", "name", "schema", "description", "strict"})

SAMPLING_FIELDS = (("temperature", opt_number), ("top_p", opt_number),
                   ("top_logprobs", opt_int), ("max_output_tokens", opt_int),
                   # Open Responses only (OpenAI has no penalties in Responses):
                   ("presence_penalty", opt_number), ("frequency_penalty", opt_number))
SIMPLE_FIELDS = (("user", opt_string), ("safety_identifier", opt_string),
                 ("service_tier", opt_string), ("store", opt_bool), ("stream", opt_bool),
                 ("parallel_tool_calls", opt_bool))


class _Turns:
    """The IR messages being built from a run of items, and the grouping state."""

    __slots__ = ("calls", "group", "group_has_message", "out", "pending", "unpaired_ok")

    def __init__(self, unpaired_ok: bool) -> None:
        self.out: list[ir.Message] = []
        self.group: ir.Message | None = None       # the assistant turn in progress
        self.group_has_message = False
        self.pending: list[ir.AnyPart] = []          # role-less items waiting for a turn
        self.calls: dict[str, str] = {}              # call_id -> tool name
        #: Whether a tool output may answer a call this request does not show (state).
        self.unpaired_ok = unpaired_ok

    def add(self, msg: ir.Message) -> None:
        if self.pending:
            msg.parts[:0] = self.pending
            self.pending = []
        self.out.append(msg)
        self.group = None

    def assistant(self, path: str) -> ir.Message:
        if self.group is None:
            self.group = ir.Message(role="assistant", parts=self.pending, path=path)
            self.pending = []
            self.group_has_message = False
            self.out.append(self.group)
        return self.group

    def loose(self, part: ir.AnyPart) -> None:
        """An item kept verbatim outside an assistant turn in progress: it joins the previous
        turn (a writer of another format drops it there, with a loss, and the turn's text
        still goes), or the next one when there is none (or it is a tool turn)."""
        if self.group is not None:
            self.group.parts.append(part)
        elif self.out and self.out[-1].role != "tool":
            self.out[-1].parts.append(part)
        else:
            self.pending.append(part)

    def finish(self) -> list[ir.Message]:
        if self.pending:
            if self.out and self.out[-1].role != "tool":
                self.out[-1].parts.extend(self.pending)
            else:
                self.out.append(ir.Message(role="user", parts=self.pending,
                                           path=self.pending[0].path))
            self.pending = []
        return self.out


class ResponsesReader(Format):
    """Reads Responses requests (OpenAI's, and the Open Responses request side)."""

    def read_request(self, payload: Mapping[str, Any], ctx: Context) -> ir.Request:
        fmt = self.id
        p = payload
        model = opt_string(p.get("model"), "$.model", fmt)
        origin = ir.Origin(format=fmt, model=model)
        hints: dict[str, Any] = {}
        extras = leftovers(dict(p), REQUEST_KEYS) or {}
        messages: list[ir.Message] = []
        if (instructions := p.get("instructions")) is not None:
            messages.append(ir.Message(
                role="system", parts=[ir.Text(text=string(instructions, "$.instructions", fmt),
                                              path="$.instructions")],
                form="string", hints={"instructions": True}, path="$.instructions"))

        ref_key = None
        paths: dict[str, str] = {}
        if p.get("previous_response_id") is not None:
            ref_key = "previous_response_id"
            if p.get("conversation") is not None:
                fail("$.conversation", "cannot be used together with previous_response_id", fmt)
        elif p.get("conversation") is not None:
            ref_key = "conversation"
        keep_state = self.keeps_state(ctx)
        turns = _Turns(unpaired_ok=ref_key is not None)
        history: list[Any] | None = None
        if ref_key is not None:
            ref = self.reference(p[ref_key], ref_key)
            if not keep_state:
                history = self.history(ref, ref_key, ctx)
                del extras[ref_key]
                self.read_items(history, f"$.{ref_key}", turns, origin, ctx, history)

        raw_input = p.get("input")
        if isinstance(raw_input, str):
            hints["input"] = "string"
            turns.add(ir.Message(role="user", parts=[ir.Text(text=raw_input, path="$.input")],
                                 form="string", path="$.input"))
        elif raw_input is not None:
            hints["input"] = "list"
            self.read_items(arr(raw_input, "$.input", fmt), "$.input", turns, origin, ctx,
                            history, keep_state=keep_state)
        messages.extend(turns.finish())
        req = ir.Request(source=fmt, model=model, messages=messages)

        if (tools := p.get("tools")) is not None:
            req.tools = [self.read_tool(t, f"$.tools[{i}]")
                         for i, t in enumerate(arr(tools, "$.tools", fmt))]
        if (tc := p.get("tool_choice")) is not None:
            req.tool_choice = self.read_tool_choice(tc, "$.tool_choice", hints)
        if (text := p.get("text")) is not None:
            self.read_text(obj(text, "$.text", fmt), req, extras, hints, paths)
        if (reasoning := p.get("reasoning")) is not None:
            self.read_reasoning(obj(reasoning, "$.reasoning", fmt), req, extras, hints)

        s = req.sampling
        for key, check in SAMPLING_FIELDS:
            if (value := p.get(key)) is not None:
                setattr(s, key, check(value, f"$.{key}", fmt))
                paths[key] = f"$.{key}"
        if (include := p.get("include")) is not None:
            values = [string(v, f"$.include[{i}]", fmt)
                      for i, v in enumerate(arr(include, "$.include", fmt))]
            if INCLUDE_LOGPROBS in values:
                s.logprobs = True
                paths["logprobs"] = "$.include"
            if any(v != INCLUDE_LOGPROBS for v in values):
                extras["include"] = include   # response-shaping for Responses-only items
            else:
                hints["include"] = include
        if s.top_logprobs is not None and s.logprobs is None:
            s.logprobs = True
            paths["logprobs"] = "$.top_logprobs"
        self.read_cache(p, req, extras, paths)
        if (md := p.get("metadata")) is not None:
            req.metadata = obj(md, "$.metadata", fmt)
            paths["metadata"] = "$.metadata"
        for key, simple in SIMPLE_FIELDS:
            if (value := p.get(key)) is not None:
                setattr(req, key, simple(value, f"$.{key}", fmt))
                paths[key] = f"$.{key}"
        if (so := p.get("stream_options")) is not None:
            so = obj(so, "$.stream_options", fmt)
            paths["stream_options"] = "$.stream_options"
            hints["stream_options"] = True
            req.stream_options = ir.StreamOptions(extras=leftovers(so, frozenset()))
        if req.stream:
            # Responses streams always end with the usage (response.completed): say so, so
            # that a target where usage is opt-in (Chat Completions) still gets it.
            if req.stream_options is None:
                req.stream_options = ir.StreamOptions()
            req.stream_options.include_usage = True
        req.extras = extras or None
        req.hints = hints or None
        req.paths = paths
        return req

    # -- state -----------------------------------------------------------------------------

    def keeps_state(self, ctx: Context) -> bool:
        """Whether the target of this conversion keeps OpenAI-held state by reference."""
        return ctx.target == self.id or get_format(ctx.target).carries(self.id)

    def reference(self, value: Any, key: str) -> str:
        fmt = self.id
        if key == "conversation" and not isinstance(value, str):
            return string(obj(value, "$.conversation", fmt).get("id"), "$.conversation.id", fmt)
        return string(value, f"$.{key}", fmt)

    def history(self, ref: str, key: str, ctx: Context) -> list[Any]:
        supplied = ctx.options.history
        items = supplied(ref) if callable(supplied) else supplied
        if items is None:
            raise ConversionError(
                f"$.{key}", f"the request continues {ref!r}, whose history is held by OpenAI; "
                            f"{ctx.target} is stateless, so the earlier items are needed: pass "
                            "Options.history (the items, or a callable ref -> items)")
        if not isinstance(items, (list, tuple)):
            raise ConversionError(f"$.{key}", "Options.history must be a list of Responses "
                                              f"items or return one, got {type(items).__name__}")
        return list(items)

    def resolve_reference(self, item_id: str, history: list[Any] | None, path: str,
                          ctx: Context) -> list[Any]:
        """The items an ``item_reference`` stands for, for a stateless target."""
        supplied = ctx.options.history
        if history is None and isinstance(supplied, (list, tuple)):
            history = list(supplied)
        if history is not None:
            for item in history:
                if isinstance(item, dict) and item.get("id") == item_id:
                    return [item]
        if callable(supplied):
            found = supplied(item_id)
            if isinstance(found, (list, tuple)) and found:
                return list(found)
        raise ConversionError(path, f"item_reference {item_id!r} names an item held by OpenAI; "
                                    f"{ctx.target} is stateless: pass Options.history with "
                                    "that item")

    # -- items -----------------------------------------------------------------------------

    def read_items(self, items: list[Any], base: str, turns: _Turns, origin: ir.Origin,
                   ctx: Context, history: list[Any] | None, *, keep_state: bool = False,
                   single: bool = False) -> None:
        fmt = self.id
        Text, Message = ir.Text, ir.Message
        for i, it in enumerate(items):
            path = base if single else f"{base}[{i}]"
            if type(it) is not dict:
                it = obj(it, path, fmt)
            kind = it.get("type")
            role = it.get("role")
            # Fast path: the commonest item, an easy input message with a string.
            if kind is None and len(it) == 2 and role in ("user", "system", "developer"):
                content = it.get("content")
                if type(content) is str:
                    turns.add(Message(role=role, parts=[Text(text=content,
                                                             path=path + ".content")],
                                      form="string", path=path))
                    continue
            if kind == "function_call":
                call = self.read_function_call(it, path)
                turns.calls[call.id or ""] = call.name
                turns.assistant(path).parts.append(call)
            elif kind == "function_call_output" or kind == "custom_tool_call_output":
                result = self.read_call_output(it, path, kind)
                if result.call_id in turns.calls:
                    if result.name is None:
                        result.name = turns.calls[result.call_id or ""]
                elif not turns.unpaired_ok:
                    fail(f"{path}.call_id", f"{kind} for {result.call_id!r} answers no "
                                            "earlier call of this request", fmt)
                turns.add(Message(role="tool", parts=[result], path=path))
            elif kind == "message" or (kind is None and role is not None):
                self.read_message_item(it, path, turns)
            elif kind == "reasoning":
                turns.assistant(path).parts.append(self.read_reasoning_item(it, path, origin))
            elif kind == "custom_tool_call":
                call = self.read_custom_call(it, path)
                turns.calls[call.id or ""] = call.name
                turns.assistant(path).parts.append(call)
            elif kind == "item_reference" and not keep_state:
                item_id = string(it.get("id"), path, fmt, ".id")
                turns.unpaired_ok = True
                resolved = self.resolve_reference(item_id, history, path, ctx)
                self.read_items(resolved, path, turns, origin, ctx, history,
                                single=len(resolved) == 1)
            elif isinstance(kind, str):
                part = ir.Opaque(value=it, origin=ir.Origin(format=fmt), path=path,
                                 hints={"item": True})
                if kind == "item_reference" or kind == "compaction":
                    turns.unpaired_ok = True
                turns.loose(part)
            else:
                fail(f"{path}.type", "item has no type", fmt)

    def read_message_item(self, it: dict[str, Any], path: str, turns: _Turns) -> None:
        fmt = self.id
        role: str = one_of(it.get("role"), MESSAGE_ROLES, path, fmt, ".role")
        if "content" not in it:
            fail(f"{path}.content", "required field is missing", fmt)
        content = it["content"]
        bookkeeping = {k: it[k] for k in ("type", "id", "status") if it.get(k) is not None}
        extras = leftovers(it, MESSAGE_KEYS)
        if role == "assistant":
            if turns.group is not None and turns.group_has_message:
                turns.group = None
            msg = turns.assistant(path)
            turns.group_has_message = True
            msg.path = path
        else:
            msg = ir.Message(role=role, parts=[], path=path)  # type: ignore[arg-type]
        if isinstance(content, str):
            msg.parts.append(ir.Text(text=content, path=f"{path}.content"))
            msg.form = "string"
        else:
            prefix = f"{path}.content["
            msg.parts.extend(self.read_content(part, f"{prefix}{j}]", role)
                             for j, part in enumerate(arr(content, path, fmt, ".content")))
        hints: dict[str, Any] = {"keys": bookkeeping} if bookkeeping else {}
        if role == "assistant":
            hints["message"] = True
        msg.hints = hints or None
        msg.extras = extras
        if role != "assistant":
            turns.add(msg)

    def read_content(self, part: Any, path: str, role: str) -> ir.AnyPart:
        fmt = self.id
        part = part if type(part) is dict else obj(part, path, fmt)
        kind = part.get("type")
        out: ir.AnyPart
        if kind == "input_text" or kind == "output_text":
            text = part.get("text")
            if len(part) == 2 and type(text) is str and (kind == "input_text") == (
                    role != "assistant"):
                return ir.Text(text=text, path=path)
            out = ir.Text(text=string(text, path, fmt, ".text"))
            hints: dict[str, Any] = {}
            if (kind == "output_text") != (role == "assistant"):
                hints["type"] = kind
            if kind == "output_text":
                annotations = part.get("annotations")
                if annotations:
                    out.citations = arr(annotations, path, fmt, ".annotations")
                elif "annotations" in part:
                    hints["annotations"] = annotations
                if "logprobs" in part:
                    hints["logprobs"] = part["logprobs"]
                out.extras = leftovers(part, OUTPUT_TEXT_KEYS)
                if out.extras is not None:
                    out.extras = {k: v for k, v in out.extras.items()
                                  if k not in ("annotations", "logprobs")} or None
            else:
                out.extras = leftovers(part, INPUT_TEXT_KEYS)
            out.hints = hints or None
        elif kind == "input_image":
            img = ir.Image(detail=opt_string(part.get("detail"), path, fmt, ".detail"),
                           file_id=opt_string(part.get("file_id"), path, fmt, ".file_id"),
                           extras=leftovers(part, IMAGE_KEYS))
            url = opt_string(part.get("image_url"), path, fmt, ".image_url")
            if url is not None:
                parsed = parse_data_uri(url)
                if parsed is not None:
                    img.media_type, img.data = parsed
                else:
                    img.url = url
            out = img
        elif kind == "input_file":
            file = ir.File(file_id=opt_string(part.get("file_id"), path, fmt, ".file_id"),
                           url=opt_string(part.get("file_url"), path, fmt, ".file_url"),
                           filename=opt_string(part.get("filename"), path, fmt, ".filename"),
                           extras=leftovers(part, FILE_KEYS))
            if (data := part.get("file_data")) is not None:
                data = string(data, path, fmt, ".file_data")
                parsed = parse_data_uri(data)
                if parsed is not None:
                    file.media_type, file.data = parsed
                else:
                    file.data = data
            out = file
        elif kind == "refusal":
            out = ir.Refusal(text=string(part.get("refusal"), path, fmt, ".refusal"),
                             extras=leftovers(part, frozenset({"type", "refusal"})))
        elif kind == "input_audio":
            audio = obj(part.get("input_audio"), path, fmt, ".input_audio")
            out = ir.Audio(data=string(audio.get("data"), path, fmt, ".input_audio.data"),
                           format=string(audio.get("format"), path, fmt, ".input_audio.format"),
                           extras=leftovers(part, AUDIO_KEYS))
        elif isinstance(kind, str):
            # input_video (Open Responses), future content types: kept verbatim.
            return ir.Opaque(value=part, origin=ir.Origin(format=fmt), path=path)
        else:
            fail(f"{path}.type", "content part has no type", fmt)
        if (bp := part.get("prompt_cache_breakpoint")) is not None:
            bp = obj(bp, path, fmt, ".prompt_cache_breakpoint")
            out.cache = ir.CacheMark(
                ttl=opt_string(bp.get("ttl"), path, fmt, ".prompt_cache_breakpoint.ttl"),
                path=f"{path}.prompt_cache_breakpoint")
        out.path = path
        return out

    def read_function_call(self, it: dict[str, Any], path: str) -> ir.ToolCall:
        call_id, name, args = it.get("call_id"), it.get("name"), it.get("arguments")
        fast = type(call_id) is str and type(name) is str and type(args) is str
        if fast and it.keys() <= FUNCTION_CALL_KEYS and None not in it.values():
            call = ir.ToolCall(id=call_id, name=name, arguments=args,  # type: ignore[arg-type]
                               path=path)
            if len(it) > 4:
                call.hints = {k: it[k] for k in ITEM_BOOKKEEPING if k in it}
            return call
        fmt = self.id
        call = ir.ToolCall(id=string(call_id, path, fmt, ".call_id"),
                           name=string(name, path, fmt, ".name"),
                           arguments=string(args, path, fmt, ".arguments"), path=path,
                           extras=leftovers(it, FUNCTION_CALL_KEYS))
        call.hints = {k: it[k] for k in ITEM_BOOKKEEPING if it.get(k) is not None} or None
        return call

    def read_custom_call(self, it: dict[str, Any], path: str) -> ir.ToolCall:
        fmt = self.id
        call = ir.ToolCall(id=string(it.get("call_id"), path, fmt, ".call_id"),
                           name=string(it.get("name"), path, fmt, ".name"),
                           input=string(it.get("input"), path, fmt, ".input"), kind="custom",
                           path=path, extras=leftovers(it, CUSTOM_CALL_KEYS))
        call.hints = {k: it[k] for k in ITEM_BOOKKEEPING if it.get(k) is not None} or None
        return call

    def read_call_output(self, it: dict[str, Any], path: str, kind: str) -> ir.ToolResult:
        call_id, output = it.get("call_id"), it.get("output")
        if len(it) == 3 and type(call_id) is str and type(output) is str:
            result = ir.ToolResult(call_id=call_id, form="string", path=path, content=[
                ir.Text(text=output, path=path + ".output")])
        else:
            fmt = self.id
            result = ir.ToolResult(call_id=opt_string(call_id, path, fmt, ".call_id"),
                                   path=path, extras=leftovers(it, OUTPUT_KEYS))
            if "output" not in it:
                fail(f"{path}.output", "required field is missing", fmt)
            if isinstance(output, str):
                result.content = [ir.Text(text=output, path=f"{path}.output")]
                result.form = "string"
            else:
                prefix = f"{path}.output["
                result.content = [self.read_content(x, f"{prefix}{j}]", "tool")
                                  for j, x in enumerate(arr(output, path, fmt, ".output"))]
            hints = {k: it[k] for k in ITEM_BOOKKEEPING if it.get(k) is not None}
            if (name := it.get("name")) is not None:
                result.name = hints["name"] = string(name, path, fmt, ".name")
            result.hints = hints or None
        if kind == "custom_tool_call_output":
            result.hints = {**(result.hints or {}), "type": kind}
        return result

    def read_reasoning_item(self, it: dict[str, Any], path: str, origin: ir.Origin
                            ) -> ir.Reasoning:
        fmt = self.id
        part = ir.Reasoning(id=opt_string(it.get("id"), path, fmt, ".id"), origin=origin,
                            path=path, extras=leftovers(it, REASONING_KEYS))
        hints: dict[str, Any] = {}
        summary = it.get("summary")
        if summary is not None:
            texts = []
            plain = True
            for j, s in enumerate(arr(summary, path, fmt, ".summary")):
                s = obj(s, f"{path}.summary[{j}]", fmt)
                texts.append(string(s.get("text"), f"{path}.summary[{j}]", fmt, ".text"))
                plain = plain and len(s) == 2 and s.get("type") == "summary_text"
            part.summary = texts
            if not plain:
                hints["summary"] = summary
        if (content := it.get("content")) is not None:
            texts = []
            for j, c in enumerate(arr(content, path, fmt, ".content")):
                c = obj(c, f"{path}.content[{j}]", fmt)
                texts.append(string(c.get("text"), f"{path}.content[{j}]", fmt, ".text"))
            part.text = "\n\n".join(texts)
            first = content[0] if content else None
            if not (len(content) == 1 and isinstance(first, dict) and len(first) == 2
                    and first.get("type") == "reasoning_text"):
                hints["content"] = content
        part.data = opt_string(it.get("encrypted_content"), path, fmt, ".encrypted_content")
        if (status := it.get("status")) is not None:
            hints["status"] = status
        part.hints = hints or None
        return part

    # -- tools -----------------------------------------------------------------------------

    def read_tool(self, t: Any, path: str) -> ir.AnyTool:
        # Fast path: a plain function tool with well-typed, known fields.
        if type(t) is dict and t.get("type") == "function" and t.keys() <= FUNCTION_KEYS \
                and None not in t.values():
            name, desc, params, strict = (t.get("name"), t.get("description"),
                                          t.get("parameters"), t.get("strict"))
            if type(name) is str and (desc is None or type(desc) is str) and (
                    params is None or type(params) is dict) and (
                    strict is None or type(strict) is bool):
                return ir.FunctionTool(name=name, description=desc, parameters=params,
                                       strict=strict, path=path)
        fmt = self.id
        t = obj(t, path, fmt)
        kind = t.get("type")
        if kind == "function":
            return ir.FunctionTool(
                name=string(t.get("name"), path, fmt, ".name"),
                description=opt_string(t.get("description"), path, fmt, ".description"),
                parameters=opt_obj(t.get("parameters"), path, fmt, ".parameters"),
                strict=opt_bool(t.get("strict"), path, fmt, ".strict"),
                extras=leftovers(t, FUNCTION_KEYS), path=path)
        if kind == "custom":
            return ir.CustomTool(
                name=string(t.get("name"), path, fmt, ".name"),
                description=opt_string(t.get("description"), path, fmt, ".description"),
                format=_nested_format(opt_obj(t.get("format"), path, fmt, ".format")),
                extras=leftovers(t, CUSTOM_KEYS), path=path)
        if isinstance(kind, str):
            return ir.BuiltinTool(kind=BUILTIN_KINDS.get(kind, kind),
                                  config=self.read_config(t, path), origin=fmt, raw=t,
                                  path=path)
        fail(f"{path}.type", "tool has no type", fmt)

    def read_tool_choice(self, tc: Any, path: str, hints: dict[str, Any]) -> ir.ToolChoice:
        fmt = self.id
        if isinstance(tc, str):
            mode = one_of(tc, ("auto", "none", "required"), path, fmt)
            return ir.ToolChoice(mode=mode, path=path)  # type: ignore[arg-type]
        tc = obj(tc, path, fmt)
        kind = tc.get("type")
        if kind == "function" or kind == "custom":
            return ir.ToolChoice(mode="tool", tool_type=kind,
                                 name=string(tc.get("name"), path, fmt, ".name"), path=path)
        hints["tool_choice"] = tc
        if kind == "allowed_tools":
            mode = tc.get("mode", "auto")   # Open Responses leaves it out
            one_of(mode, ("auto", "required"), f"{path}.mode", fmt)
            refs = []
            for i, x in enumerate(arr(tc.get("tools"), path, fmt, ".tools")):
                x = obj(x, f"{path}.tools[{i}]", fmt)
                name = opt_string(x.get("name"), f"{path}.tools[{i}].name", fmt)
                ref_type = opt_string(x.get("type"), f"{path}.tools[{i}].type", fmt)
                refs.append({"type": ref_type or "function", "name": name}
                            if name is not None and len(x) <= 2 else x)
            return ir.ToolChoice(mode="allowed", allowed=refs, allowed_mode=mode, path=path)
        if isinstance(kind, str):
            return ir.ToolChoice(mode="tool", tool_type=BUILTIN_KINDS.get(kind, kind),
                                 name=opt_string(tc.get("name"), path, fmt, ".name"),
                                 path=path)
        fail(f"{path}.type", "tool_choice has no type", fmt)

    def read_config(self, t: dict[str, Any], path: str) -> dict[str, Any] | None:
        """A built-in tool's settings under the IR's portable names (the others as they are,
        so that a writer that cannot carry them reports them)."""
        fmt = self.id
        config: dict[str, Any] = {}
        for key, value in t.items():
            if key == "type" or value is None:
                continue
            if key == "user_location":
                value = {k: opt_string(v, f"{path}.user_location.{k}", fmt)
                         for k, v in obj(value, path, fmt, ".user_location").items()
                         if k != "type" and v is not None}
            elif key == "filters" and t.get("type", "").startswith("web_search"):
                filters = obj(value, path, fmt, ".filters")
                if (domains := filters.get("allowed_domains")) is not None:
                    config["allowed_domains"] = [
                        string(d, f"{path}.filters.allowed_domains[{i}]", fmt)
                        for i, d in enumerate(arr(domains, path, fmt,
                                                  ".filters.allowed_domains"))]
                config.update({k: v for k, v in filters.items()
                               if k != "allowed_domains" and v is not None})
                continue
            elif key == "search_context_size":
                value = string(value, path, fmt, ".search_context_size")
            elif key in CONFIG_NAMES:
                value = opt_int(value, path, fmt, f".{key}")
            config[CONFIG_NAMES.get(key, key)] = value
        return config or None

    # -- settings --------------------------------------------------------------------------

    def read_text(self, text: dict[str, Any], req: ir.Request, extras: dict[str, Any],
                  hints: dict[str, Any], paths: dict[str, str]) -> None:
        fmt = self.id
        hints["text"] = True
        if (f := text.get("format")) is not None:
            f = obj(f, "$.text.format", fmt)
            kind = one_of(f.get("type"), ("text", "json_object", "json_schema"),
                          "$.text.format.type", fmt)
            out = ir.OutputFormat(type=kind, path="$.text.format")  # type: ignore[arg-type]
            if kind == "json_schema":
                out.name = opt_string(f.get("name"), "$.text.format.name", fmt)
                out.schema = obj(f.get("schema"), "$.text.format.schema", fmt)
                out.description = opt_string(f.get("description"),
                                             "$.text.format.description", fmt)
                out.strict = opt_bool(f.get("strict"), "$.text.format.strict", fmt)
            if (rest := leftovers(f, FORMAT_KEYS)) is not None:
                extras["text"] = {"format": rest}
            req.output = out
        if (verbosity := text.get("verbosity")) is not None:
            req.verbosity = string(verbosity, "$.text.verbosity", fmt)
            paths["verbosity"] = "$.text.verbosity"
        if (rest := leftovers(text, frozenset({"format", "verbosity"}))) is not None:
            extras["text"] = {**extras.get("text", {}), **rest}

    def read_reasoning(self, r: dict[str, Any], req: ir.Request, extras: dict[str, Any],
                       hints: dict[str, Any]) -> None:
        fmt = self.id
        effort = opt_string(r.get("effort"), "$.reasoning.effort", fmt)
        summary = opt_string(r.get("summary"), "$.reasoning.summary", fmt)
        if summary is None and r.get("generate_summary") is not None:
            summary = string(r["generate_summary"], "$.reasoning.generate_summary", fmt)
            hints["generate_summary"] = True
        mode = None if effort is None else ("disabled" if effort == "none" else "enabled")
        req.reasoning = ir.ReasoningConfig(mode=mode, effort=effort, summary=summary,
                                           path="$.reasoning")
        handled = frozenset({"effort", "summary", "generate_summary"})
        if (rest := leftovers(r, handled)) is not None:
            if hints.get("generate_summary"):
                rest.pop("generate_summary", None)
            extras["reasoning"] = rest

    def read_cache(self, p: Mapping[str, Any], req: ir.Request, extras: dict[str, Any],
                   paths: dict[str, str]) -> None:
        fmt = self.id
        key = opt_string(p.get("prompt_cache_key"), "$.prompt_cache_key", fmt)
        retention = opt_string(p.get("prompt_cache_retention"), "$.prompt_cache_retention", fmt)
        options = opt_obj(p.get("prompt_cache_options"), "$.prompt_cache_options", fmt)
        if key is None and retention is None and options is None:
            return
        req.cache = ir.PromptCache(key=key, retention=retention)
        paths.update({"cache.key": "$.prompt_cache_key",
                      "cache.retention": "$.prompt_cache_retention",
                      "cache.options": "$.prompt_cache_options"})
        if options is not None:
            req.cache.mode = opt_string(options.get("mode"), "$.prompt_cache_options.mode", fmt)
            req.cache.ttl = opt_string(options.get("ttl"), "$.prompt_cache_options.ttl", fmt)
            # prewarm, comparison_response_id: Responses-only (reported elsewhere).
            if (rest := leftovers(options, frozenset({"mode", "ttl"}))) is not None:
                extras["prompt_cache_options"] = rest
            elif not options:
                extras["prompt_cache_options"] = {}


def _nested_format(f: dict[str, Any] | None) -> dict[str, Any] | None:
    """A custom tool's grammar in the IR's (Chat Completions') nested shape:
    ``{"type": "grammar", "grammar": {"definition", "syntax"}}``; Responses writes it flat."""
    if f is None or f.get("type") != "grammar" or "grammar" in f:
        return f
    return {"type": "grammar", "grammar": {k: v for k, v in f.items() if k != "type"}}
