"""Anthropic Messages request -> IR."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import ir, models
from ...context import Context
from ...envelope import is_envelope, open_envelope
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
    string,
)
from ..base import Format
from .tables import BUILTIN_KINDS, PORTABLE_CONFIG

REQUEST_KEYS = frozenset({
    "model", "max_tokens", "messages", "system", "metadata", "stop_sequences", "stream",
    "temperature", "top_p", "top_k", "thinking", "tool_choice", "tools", "output_config",
    "output_format", "service_tier", "cache_control",
})
ROLES = ("user", "assistant", "system")
MESSAGE_KEYS = frozenset({"role", "content"})
TEXT_KEYS = frozenset({"type", "text", "cache_control", "citations"})
IMAGE_KEYS = frozenset({"type", "source", "cache_control"})
DOCUMENT_KEYS = frozenset({"type", "source", "cache_control", "title", "context", "citations"})
THINKING_KEYS = frozenset({"type", "thinking", "signature"})
REDACTED_KEYS = frozenset({"type", "data"})
TOOL_USE_KEYS = frozenset({"type", "id", "name", "input", "cache_control"})
TOOL_RESULT_KEYS = frozenset({"type", "tool_use_id", "content", "is_error", "cache_control"})
TOOL_KEYS = frozenset({"name", "description", "input_schema", "cache_control", "strict", "type"})
FAST_TOOL_KEYS = frozenset({"name", "description", "input_schema", "strict"})


#: Top-level scalars: wire key, IR field (``Request.sampling``), check.
SAMPLING_FIELDS = (("max_tokens", "max_output_tokens", opt_int),
                   ("temperature", "temperature", opt_number),
                   ("top_p", "top_p", opt_number), ("top_k", "top_k", opt_int))
SIMPLE_FIELDS = (("service_tier", opt_string), ("stream", opt_bool))


#: Marks an envelope that carries a tool call's foreign signature (see envelope.py).
TOOL_SIGNATURE = "interlingua_tool_signature"


def _unseal(part: ir.Reasoning, sealed: str) -> ir.Reasoning:
    """The reasoning an interlingua envelope carried, with its true origin restored."""
    opened = open_envelope(sealed)
    if opened is None:
        return part
    origin, values = opened
    if "ts" in values:
        return ir.Reasoning(signature=values["ts"], origin=origin, path=part.path,
                            extras={TOOL_SIGNATURE: values.get("call")})
    text = None if values.get("vt") == "sm" else (part.text or None)
    return ir.Reasoning(text=text, summary=values.get("sm"), data=values.get("d"),
                        redacted=values.get("d") is not None, id=values.get("id"),
                        signature=values.get("s"), origin=origin, path=part.path)


class MessagesReader(Format):
    """Reads Anthropic Messages requests."""

    def read_request(self, payload: Mapping[str, Any], ctx: Context) -> ir.Request:
        fmt = self.id
        p = payload
        if "messages" not in p:
            fail("$.messages", "required field is missing", fmt)
        model = opt_string(p.get("model"), "$.model", fmt)
        origin = ir.Origin(format=fmt, model=model)
        hints: dict[str, Any] = {}
        extras = leftovers(dict(p), REQUEST_KEYS) or {}

        messages: list[ir.Message] = []
        if (system := p.get("system")) is not None:
            messages.append(self.read_system(system, "$.system"))
        messages.extend(self.read_messages(arr(p["messages"], "$.messages", fmt), origin))
        req = ir.Request(source=fmt, model=model, messages=messages)

        if (tools := p.get("tools")) is not None:
            req.tools = [self.read_tool(t, f"$.tools[{i}]")
                         for i, t in enumerate(arr(tools, "$.tools", fmt))]
        if (tc := p.get("tool_choice")) is not None:
            tc = obj(tc, "$.tool_choice", fmt)
            kind = one_of(tc.get("type"), ("auto", "any", "tool", "none"), "$.tool_choice.type",
                          fmt)
            mode = {"any": "required"}.get(kind, kind)
            req.tool_choice = ir.ToolChoice(mode=mode, path="$.tool_choice")  # type: ignore[arg-type]
            if kind == "tool":
                req.tool_choice.name = string(tc.get("name"), "$.tool_choice.name", fmt)
                req.tool_choice.tool_type = "function"
            disable = opt_bool(tc.get("disable_parallel_tool_use"),
                               "$.tool_choice.disable_parallel_tool_use", fmt)
            if disable is not None:
                req.parallel_tool_calls = not disable
            req.tool_choice.extras = leftovers(
                tc, frozenset({"type", "name", "disable_parallel_tool_use"}))

        self.read_reasoning(p, req, extras)
        self.read_output(p, req, extras, hints)

        s = req.sampling
        paths: dict[str, str] = {}
        for key, field, check in SAMPLING_FIELDS:
            if (value := p.get(key)) is not None:
                setattr(s, field, check(value, f"$.{key}", fmt))
                paths[field] = f"$.{key}"
        if (stop := p.get("stop_sequences")) is not None:
            paths["stop"] = "$.stop_sequences"
            s.stop = [string(x, f"$.stop_sequences[{i}]", fmt)
                      for i, x in enumerate(arr(stop, "$.stop_sequences", fmt))]
        if (md := p.get("metadata")) is not None:
            md = obj(md, "$.metadata", fmt)
            req.user = opt_string(md.get("user_id"), "$.metadata.user_id", fmt)
            paths["user"] = "$.metadata.user_id"
            if (rest := leftovers(md, frozenset({"user_id"}))) is not None:
                extras["metadata"] = rest
        for key, simple in SIMPLE_FIELDS:
            if (value := p.get(key)) is not None:
                setattr(req, key, simple(value, f"$.{key}", fmt))
                paths[key] = f"$.{key}"
        if (cc := p.get("cache_control")) is not None:
            req.cache = ir.PromptCache(auto=self.read_cache(cc, "$.cache_control"))
            paths["cache.auto"] = "$.cache_control"
        req.extras = extras or None
        req.hints = hints or None
        req.paths = paths
        return req

    # -- instructions and messages ---------------------------------------------------------

    def read_system(self, system: Any, path: str) -> ir.Message:
        fmt = self.id
        if isinstance(system, str):
            return ir.Message(role="system", parts=[ir.Text(text=system, path=path)],
                              form="string", path=path)
        parts: list[ir.AnyPart] = []
        for i, block in enumerate(arr(system, path, fmt)):
            part = self.read_block(block, f"{path}[{i}]", None)
            if not isinstance(part, ir.Text):
                fail(f"{path}[{i}].type", "system blocks must be text", fmt)
            parts.append(part)
        return ir.Message(role="system", parts=parts, path=path)

    def read_messages(self, raw: list[Any], origin: ir.Origin) -> list[ir.Message]:
        fmt = self.id
        out: list[ir.Message] = []
        calls: dict[str, str] = {}   # tool_use id -> name, from the latest assistant message
        read_block = self.read_block
        for i, m in enumerate(raw):
            path = f"$.messages[{i}]"
            if type(m) is not dict:
                m = obj(m, path, fmt)
            role = m.get("role")
            if role not in ROLES:
                one_of(role, ROLES, path, fmt, ".role")
            if "content" not in m:
                fail(f"{path}.content", "required field is missing", fmt)
            content = m["content"]
            msg = ir.Message(role=role, parts=[], path=path)
            if type(content) is str:
                msg.parts.append(ir.Text(text=content, path=path + ".content"))
                msg.form = "string"
            else:
                prefix = path + ".content["
                msg.parts = [read_block(block, f"{prefix}{j}]", origin)
                             for j, block in enumerate(arr(content, path, fmt, ".content"))]
            if role == "assistant":
                msg.parts = self.attach_envelopes(msg.parts)
                calls = {p.id: p.name for p in msg.parts
                         if isinstance(p, ir.ToolCall) and p.id is not None}
            elif role == "user":
                for part in msg.parts:
                    if isinstance(part, ir.ToolResult):
                        if part.call_id not in calls:
                            fail(f"{part.path}.tool_use_id",
                                 f"tool_result for {part.call_id!r} does not answer a tool_use "
                                 "of the preceding assistant message", fmt)
                        part.name = calls[part.call_id]
            else:
                msg.hints = {"in_messages": True}
            if len(m) > 2:
                msg.extras = leftovers(m, MESSAGE_KEYS)
            out.append(msg)
        return out

    @staticmethod
    def attach_envelopes(parts: list[ir.AnyPart]) -> list[ir.AnyPart]:
        """Give back to their tool calls the foreign signatures an envelope carried."""
        if not any(isinstance(p, ir.Reasoning) and p.extras and TOOL_SIGNATURE in p.extras
                   for p in parts):
            return parts
        calls = {p.id: p for p in parts if isinstance(p, ir.ToolCall)}
        out: list[ir.AnyPart] = []
        for p in parts:
            if isinstance(p, ir.Reasoning) and p.extras and TOOL_SIGNATURE in p.extras:
                call = calls.get(p.extras[TOOL_SIGNATURE])
                if call is not None:
                    call.signature, call.origin = p.signature, p.origin
                continue
            out.append(p)
        return out

    # -- blocks ----------------------------------------------------------------------------

    def read_block(self, block: Any, path: str, origin: ir.Origin | None) -> ir.AnyPart:
        fmt = self.id
        b = block if type(block) is dict else obj(block, path, fmt)
        kind = b.get("type")
        # Fast paths: plain text, tool_use and string tool_result blocks.
        if len(b) == 2 and kind == "text" and type(text := b.get("text")) is str:
            return ir.Text(text=text, path=path)
        if len(b) == 4 and kind == "tool_use":
            call_id, name, arguments = b.get("id"), b.get("name"), b.get("input")
            if type(call_id) is str and type(name) is str and type(arguments) is dict:
                return ir.ToolCall(id=call_id, name=name, input=arguments, path=path)
        if len(b) == 3 and kind == "tool_result":
            call_id, content = b.get("tool_use_id"), b.get("content")
            if type(call_id) is str and type(content) is str:
                return ir.ToolResult(call_id=call_id, form="string", path=path, content=[
                    ir.Text(text=content, path=path + ".content")])
        part: ir.AnyPart
        if kind == "text":
            part = ir.Text(text=string(b.get("text"), path, fmt, ".text"),
                           extras=leftovers(b, TEXT_KEYS))
            if (cit := b.get("citations")) is not None:
                part.citations = arr(cit, path, fmt, ".citations")
        elif kind == "image":
            part = self.read_image(b, path)
        elif kind == "document":
            part = self.read_document(b, path)
        elif kind == "tool_use":
            part = ir.ToolCall(id=string(b.get("id"), path, fmt, ".id"),
                               name=string(b.get("name"), path, fmt, ".name"),
                               input=obj(b.get("input"), path, fmt, ".input"),
                               extras=leftovers(b, TOOL_USE_KEYS))
        elif kind == "tool_result":
            part = self.read_tool_result(b, path)
        elif kind == "thinking":
            signature = opt_string(b.get("signature"), path, fmt, ".signature")
            part = ir.Reasoning(text=string(b.get("thinking"), path, fmt, ".thinking"),
                                signature=signature, origin=origin,
                                extras=leftovers(b, THINKING_KEYS))
            if signature is not None and is_envelope(signature):
                part = _unseal(part, signature)
        elif kind == "redacted_thinking":
            data = string(b.get("data"), path, fmt, ".data")
            part = ir.Reasoning(data=data, redacted=True, origin=origin,
                                extras=leftovers(b, REDACTED_KEYS))
            if is_envelope(data):
                part = _unseal(part, data)
        elif isinstance(kind, str):
            # Server tool blocks, search results, container uploads, compaction...: verbatim.
            part = ir.Opaque(value=b, origin=ir.Origin(format=fmt))
        else:
            fail(f"{path}.type", "content block has no type", fmt)
        if (cc := b.get("cache_control")) is not None and not isinstance(part, ir.Opaque):
            part.cache = self.read_cache(cc, f"{path}.cache_control")
        part.path = path
        return part

    def read_cache(self, cc: Any, path: str) -> ir.CacheMark:
        cc = obj(cc, path, self.id)
        return ir.CacheMark(ttl=opt_string(cc.get("ttl"), path, self.id, ".ttl"), path=path)

    def read_image(self, b: dict[str, Any], path: str) -> ir.Image:
        fmt = self.id
        src = obj(b.get("source"), path, fmt, ".source")
        kind = src.get("type")
        img = ir.Image(extras=leftovers(b, IMAGE_KEYS))
        if kind == "base64":
            img.data = string(src.get("data"), path, fmt, ".source.data")
            img.media_type = string(src.get("media_type"), path, fmt, ".source.media_type")
            known = frozenset({"type", "data", "media_type"})
        elif kind == "url":
            img.url = string(src.get("url"), path, fmt, ".source.url")
            known = frozenset({"type", "url"})
        elif kind == "file":
            img.file_id = string(src.get("file_id"), path, fmt, ".source.file_id")
            known = frozenset({"type", "file_id"})
        else:
            fail(f"{path}.source.type", f"unknown image source type {kind!r}", fmt)
        if (rest := leftovers(src, known)) is not None:
            img.extras = {**(img.extras or {}), "source": rest}
        return img

    def read_document(self, b: dict[str, Any], path: str) -> ir.AnyPart:
        fmt = self.id
        src = obj(b.get("source"), path, fmt, ".source")
        kind = src.get("type")
        doc = ir.File(title=opt_string(b.get("title"), path, fmt, ".title"),
                      context=opt_string(b.get("context"), path, fmt, ".context"),
                      extras=leftovers(b, DOCUMENT_KEYS))
        if (cit := opt_obj(b.get("citations"), path, fmt, ".citations")) is not None:
            doc.citations = opt_bool(cit.get("enabled"), path, fmt, ".citations.enabled")
            if (rest := leftovers(cit, frozenset({"enabled"}))) is not None:
                doc.extras = {**(doc.extras or {}), "citations": rest}
        if kind == "base64":
            doc.data = string(src.get("data"), path, fmt, ".source.data")
            doc.media_type = string(src.get("media_type"), path, fmt, ".source.media_type")
            known = frozenset({"type", "data", "media_type"})
        elif kind == "text":
            doc.text = string(src.get("data"), path, fmt, ".source.data")
            doc.media_type = opt_string(src.get("media_type"), path, fmt, ".source.media_type")
            known = frozenset({"type", "data", "media_type"})
        elif kind == "url":
            doc.url = string(src.get("url"), path, fmt, ".source.url")
            known = frozenset({"type", "url"})
        elif kind == "file":
            doc.file_id = string(src.get("file_id"), path, fmt, ".source.file_id")
            known = frozenset({"type", "file_id"})
        else:
            # Content-block sources and future kinds: kept verbatim.
            return ir.Opaque(value=b, origin=ir.Origin(format=fmt))
        if (rest := leftovers(src, known)) is not None:
            doc.extras = {**(doc.extras or {}), "source": rest}
        return doc

    def read_tool_result(self, b: dict[str, Any], path: str) -> ir.ToolResult:
        fmt = self.id
        result = ir.ToolResult(call_id=string(b.get("tool_use_id"), path, fmt, ".tool_use_id"),
                               is_error=opt_bool(b.get("is_error"), path, fmt, ".is_error"),
                               extras=leftovers(b, TOOL_RESULT_KEYS))
        content = b.get("content")
        if "content" not in b:
            result.form = "absent"
        elif content is None:
            result.form = "null"
        elif isinstance(content, str):
            result.content = [ir.Text(text=content, path=f"{path}.content")]
            result.form = "string"
        else:
            result.content = [self.read_block(x, f"{path}.content[{i}]", None)
                              for i, x in enumerate(arr(content, path, fmt, ".content"))]
        return result

    # -- tools -----------------------------------------------------------------------------

    def read_tool(self, t: Any, path: str) -> ir.AnyTool:
        fmt = self.id
        t = t if type(t) is dict else obj(t, path, fmt)
        kind = t.get("type")
        if kind is None and t.keys() <= FAST_TOOL_KEYS and None not in t.values():
            name, desc, schema = t.get("name"), t.get("description"), t.get("input_schema")
            strict = t.get("strict")
            if type(name) is str and type(schema) is dict and (
                    desc is None or type(desc) is str) and (
                    strict is None or type(strict) is bool):
                return ir.FunctionTool(name=name, description=desc, parameters=schema,
                                       strict=strict, path=path)
        tool: ir.AnyTool
        if kind is None or kind == "custom":
            tool = ir.FunctionTool(
                name=string(t.get("name"), path, fmt, ".name"),
                description=opt_string(t.get("description"), path, fmt, ".description"),
                parameters=obj(t.get("input_schema"), path, fmt, ".input_schema"),
                strict=opt_bool(t.get("strict"), path, fmt, ".strict"),
                extras=leftovers(t, TOOL_KEYS), path=path)
            if kind == "custom":
                tool.extras = {**(tool.extras or {}), "type": "custom"}
        else:
            kind = string(kind, path, fmt, ".type")
            canonical = next((k for prefix, k in BUILTIN_KINDS if kind.startswith(prefix)), kind)
            config = {k: t[k] for k in PORTABLE_CONFIG if t.get(k) is not None}
            if isinstance(loc := config.get("user_location"), dict):
                config["user_location"] = {k: v for k, v in loc.items()
                                           if k != "type" and v is not None}
            tool = ir.BuiltinTool(kind=canonical, name=opt_string(t.get("name"),
                                                                  f"{path}.name", fmt),
                                  config=config or None, origin=fmt, raw=t, path=path)
        if (cc := t.get("cache_control")) is not None:
            tool.cache = self.read_cache(cc, f"{path}.cache_control")
        return tool

    # -- generation settings ---------------------------------------------------------------

    def read_reasoning(self, p: Mapping[str, Any], req: ir.Request,
                       extras: dict[str, Any]) -> None:
        fmt = self.id
        cfg: ir.ReasoningConfig | None = None
        if (th := p.get("thinking")) is not None:
            th = obj(th, "$.thinking", fmt)
            mode = one_of(th.get("type"), ("enabled", "disabled", "adaptive", "between_tools"),
                          "$.thinking.type", fmt)
            cfg = ir.ReasoningConfig(mode=mode, path="$.thinking")
            if mode == "enabled":
                cfg.budget_tokens = opt_int(th.get("budget_tokens"),
                                            "$.thinking.budget_tokens", fmt)
            cfg.display = opt_string(th.get("display"), "$.thinking.display", fmt)
            if cfg.display is None and mode not in ("disabled", None):
                info = models.lookup(req.model)
                if info is not None and info.reasoning is not None:
                    cfg.display_default = info.reasoning.display_default
            if (rest := leftovers(th, frozenset({"type", "budget_tokens", "display"}))):
                extras["thinking"] = rest
        oc = opt_obj(p.get("output_config"), "$.output_config", fmt)
        if oc is not None and (effort := oc.get("effort")) is not None:
            if cfg is None:
                cfg = ir.ReasoningConfig(path="$.output_config.effort")
            cfg.effort = string(effort, "$.output_config.effort", fmt)
        req.reasoning = cfg

    def read_output(self, p: Mapping[str, Any], req: ir.Request, extras: dict[str, Any],
                    hints: dict[str, Any]) -> None:
        fmt = self.id
        oc = opt_obj(p.get("output_config"), "$.output_config", fmt)
        fmt_obj = None
        fpath = "$.output_config.format"
        if oc is not None:
            fmt_obj = opt_obj(oc.get("format"), fpath, fmt)
            if (rest := leftovers(oc, frozenset({"effort", "format"}))) is not None:
                extras["output_config"] = rest
            hints["output_config"] = True
        if fmt_obj is None and (legacy := p.get("output_format")) is not None:
            fpath = "$.output_format"
            fmt_obj = obj(legacy, fpath, fmt)
            hints["output_format"] = True
        if fmt_obj is not None:
            one_of(fmt_obj.get("type"), ("json_schema",), fpath, fmt, ".type")
            req.output = ir.OutputFormat(type="json_schema",
                                         schema=obj(fmt_obj.get("schema"), fpath, fmt, ".schema"),
                                         path=fpath)
