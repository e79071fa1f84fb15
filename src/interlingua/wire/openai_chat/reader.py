"""OpenAI Chat Completions request -> IR."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import ir
from ...context import Context
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

REQUEST_KEYS = frozenset({
    "messages", "model", "frequency_penalty", "presence_penalty", "function_call",
    "functions", "logit_bias", "logprobs", "top_logprobs", "max_completion_tokens",
    "max_tokens", "metadata", "n", "parallel_tool_calls", "prompt_cache_key",
    "prompt_cache_retention", "prompt_cache_options", "reasoning_effort", "response_format",
    "safety_identifier", "seed", "service_tier", "stop", "store", "stream", "stream_options",
    "temperature", "top_p", "tool_choice", "tools", "user", "web_search_options", "verbosity",
})
ROLES = ("system", "developer", "user", "assistant", "tool", "function")
MESSAGE_KEYS = {
    "system": frozenset({"role", "content", "name"}),
    "developer": frozenset({"role", "content", "name"}),
    "user": frozenset({"role", "content", "name"}),
    "assistant": frozenset({"role", "content", "name", "refusal", "tool_calls",
                            "function_call"}),
    "tool": frozenset({"role", "content", "tool_call_id"}),
    "function": frozenset({"role", "content", "name"}),
}
TEXT_KEYS = frozenset({"type", "text", "prompt_cache_breakpoint"})
IMAGE_KEYS = frozenset({"type", "image_url", "prompt_cache_breakpoint"})
IMAGE_URL_KEYS = frozenset({"url", "detail"})
AUDIO_KEYS = frozenset({"type", "input_audio", "prompt_cache_breakpoint"})
FILE_KEYS = frozenset({"type", "file", "prompt_cache_breakpoint"})
FILE_FILE_KEYS = frozenset({"file_data", "file_id", "filename"})
TOOL_CALL_KEYS = frozenset({"id", "type", "function", "custom"})
TOOL_KEYS = frozenset({"type", "function", "custom"})
FUNCTION_KEYS = frozenset({"name", "description", "parameters", "strict"})


#: Top-level scalars read into ``Request.sampling`` (same name) and ``Request``.
SAMPLING_FIELDS = (("temperature", opt_number), ("top_p", opt_number), ("seed", opt_int),
                   ("presence_penalty", opt_number), ("frequency_penalty", opt_number),
                   ("logprobs", opt_bool), ("top_logprobs", opt_int), ("n", opt_int))
SIMPLE_FIELDS = (("user", opt_string), ("safety_identifier", opt_string),
                 ("service_tier", opt_string), ("store", opt_bool), ("stream", opt_bool),
                 ("verbosity", opt_string), ("parallel_tool_calls", opt_bool))


class ChatReader(Format):
    """Reads Chat Completions requests. Dialects override the ``read_*`` hooks."""



    # -- request ---------------------------------------------------------------------------

    def read_request(self, payload: Mapping[str, Any], ctx: Context) -> ir.Request:
        fmt = self.id
        p = payload
        if "messages" not in p:
            fail("$.messages", "required field is missing", fmt)
        model = opt_string(p.get("model"), "$.model", fmt)
        origin = ir.Origin(format=fmt, model=model)
        hints: dict[str, Any] = {}
        messages = self.read_messages(arr(p["messages"], "$.messages", fmt), origin, ctx)
        req = ir.Request(source=fmt, model=model, messages=messages)

        tools: list[ir.AnyTool] = []
        if (raw_tools := p.get("tools")) is not None:
            for i, t in enumerate(arr(raw_tools, "$.tools", fmt)):
                tools.append(self.read_tool(t, f"$.tools[{i}]"))
        if (functions := p.get("functions")) is not None:
            hints["functions"] = True
            for i, f in enumerate(arr(functions, "$.functions", fmt)):
                tools.append(self.read_function_tool(obj(f, f"$.functions[{i}]", fmt),
                                                 f"$.functions[{i}]"))
        if (wso := p.get("web_search_options")) is not None:
            tools.append(self.read_web_search(obj(wso, "$.web_search_options", fmt)))
        if tools:
            req.tools = tools

        if (tc := p.get("tool_choice")) is not None:
            req.tool_choice = self.read_tool_choice(tc, "$.tool_choice")
        elif (fc := p.get("function_call")) is not None:
            hints["function_call"] = True
            req.tool_choice = self.read_tool_choice(
                fc if isinstance(fc, str) else {"type": "function", "function": fc},
                "$.function_call")

        if (effort := p.get("reasoning_effort")) is not None:
            effort = opt_string(effort, "$.reasoning_effort", fmt)
            req.reasoning = ir.ReasoningConfig(
                mode="disabled" if effort == "none" else "enabled", effort=effort,
                path="$.reasoning_effort")
        if (rf := p.get("response_format")) is not None:
            req.output = self.read_response_format(obj(rf, "$.response_format", fmt))

        paths: dict[str, str] = {}
        s = req.sampling
        for key, check in SAMPLING_FIELDS:
            if (value := p.get(key)) is not None:
                setattr(s, key, check(value, f"$.{key}", fmt))
                paths[key] = f"$.{key}"
        if (lb := p.get("logit_bias")) is not None:
            s.logit_bias = obj(lb, "$.logit_bias", fmt)
            paths["logit_bias"] = "$.logit_bias"
        if (stop := p.get("stop")) is not None:
            paths["stop"] = "$.stop"
            if isinstance(stop, str):
                s.stop = [stop]
                hints["stop_string"] = True
            else:
                s.stop = [string(x, f"$.stop[{i}]", fmt)
                          for i, x in enumerate(arr(stop, "$.stop", fmt))]
        mct = opt_int(p.get("max_completion_tokens"), "$.max_completion_tokens", fmt)
        mt = opt_int(p.get("max_tokens"), "$.max_tokens", fmt)
        if mct is not None:
            s.max_output_tokens = mct
            paths["max_output_tokens"] = "$.max_completion_tokens"
            if mt is not None:
                hints["max_tokens"] = mt
        elif mt is not None:
            s.max_output_tokens = mt
            paths["max_output_tokens"] = "$.max_tokens"
            hints["max_tokens_field"] = "max_tokens"

        cache_key = opt_string(p.get("prompt_cache_key"), "$.prompt_cache_key", fmt)
        retention = opt_string(p.get("prompt_cache_retention"), "$.prompt_cache_retention", fmt)
        pco = opt_obj(p.get("prompt_cache_options"), "$.prompt_cache_options", fmt)
        if cache_key is not None or retention is not None or pco is not None:
            req.cache = ir.PromptCache(key=cache_key, retention=retention)
            paths.update({"cache.key": "$.prompt_cache_key",
                          "cache.retention": "$.prompt_cache_retention",
                          "cache.options": "$.prompt_cache_options"})
            if pco is not None:
                req.cache.mode = opt_string(pco.get("mode"), "$.prompt_cache_options.mode", fmt)
                req.cache.ttl = opt_string(pco.get("ttl"), "$.prompt_cache_options.ttl", fmt)
                if len(pco) != (("mode" in pco) + ("ttl" in pco)):
                    hints["prompt_cache_options"] = pco

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
            req.stream_options = ir.StreamOptions(
                include_usage=opt_bool(so.get("include_usage"),
                                       "$.stream_options.include_usage", fmt),
                extras=leftovers(so, frozenset({"include_usage"})))
        req.extras = leftovers(dict(p), REQUEST_KEYS)
        self.read_request_extensions(p, req, ctx)
        req.hints = hints or None
        req.paths = paths
        return req

    def read_request_extensions(self, payload: Mapping[str, Any], req: ir.Request,
                                ctx: Context) -> None:
        """Hook for dialects: read their own top-level fields (remove them from extras)."""

    # -- messages --------------------------------------------------------------------------

    def read_messages(self, raw: list[Any], origin: ir.Origin, ctx: Context
                      ) -> list[ir.Message]:
        fmt = self.id
        out: list[ir.Message] = []
        pending: dict[str, str] = {}      # call id -> name, of the latest assistant tool calls
        legacy_call: str | None = None    # synthetic id of the latest legacy function call
        Text, Message = ir.Text, ir.Message
        for i, m in enumerate(raw):
            path = f"$.messages[{i}]"
            if type(m) is not dict:
                m = obj(m, path, fmt)
            role = m.get("role")
            content = m.get("content")
            # Fast path: the commonest message, a role and a string.
            if type(content) is str and len(m) == 2 and role in ("user", "system",
                                                                   "developer"):
                out.append(Message(role=role, parts=[Text(text=content, path=path + ".content")],
                                   form="string", path=path))
                continue
            if role not in ROLES:
                one_of(role, ROLES, path, fmt, ".role")
            if role == "assistant":
                msg = self.read_assistant(m, path, origin, i)
                pending = {}
                legacy_call = None
                for part in msg.parts:
                    if isinstance(part, ir.ToolCall) and part.id is not None:
                        pending[part.id] = part.name
                        if msg.hints and msg.hints.get("function_call"):
                            legacy_call = part.id
            elif role == "tool":
                msg = self.read_tool_message(m, path)
                result = msg.parts[0]
                assert isinstance(result, ir.ToolResult)
                if result.call_id not in pending:
                    fail(f"{path}.tool_call_id",
                         f"tool result for {result.call_id!r} does not answer a tool call of "
                         "the preceding assistant message", fmt)
                result.name = pending[result.call_id]
            elif role == "function":
                msg = self.read_function_message(m, path)
                result = msg.parts[0]
                assert isinstance(result, ir.ToolResult)
                if legacy_call is None:
                    fail(path, "function message does not answer a function_call of the "
                               "preceding assistant message", fmt)
                result.call_id = legacy_call
                legacy_call = None
            else:
                msg = self.read_content_message(m, role, path)
            out.append(msg)
        return out

    def read_content_message(self, m: dict[str, Any], role: str, path: str) -> ir.Message:
        fmt = self.id
        if "content" not in m:
            fail(f"{path}.content", "required field is missing", fmt)
        content = m["content"]
        msg = ir.Message(role=role, parts=[], path=path)  # type: ignore[arg-type]
        if isinstance(content, str):
            msg.parts.append(ir.Text(text=content, path=f"{path}.content"))
            msg.form = "string"
        else:
            for j, part in enumerate(arr(content, path, fmt, ".content")):
                msg.parts.append(self.read_part(part, f"{path}.content[{j}]", role))
        msg.name = opt_string(m.get("name"), path, fmt, ".name")
        msg.extras = leftovers(m, MESSAGE_KEYS[role])
        return msg

    def read_assistant(self, m: dict[str, Any], path: str, origin: ir.Origin,
                       index: int) -> ir.Message:
        fmt = self.id
        msg = ir.Message(role="assistant", parts=[], path=path)
        hints: dict[str, Any] = {}
        self.read_assistant_reasoning(m, path, origin, msg)
        content = m.get("content")
        if "content" not in m:
            msg.form = "absent"
        elif content is None:
            msg.form = "null"
        elif isinstance(content, str):
            msg.form = "string"
            msg.parts.append(ir.Text(text=content, path=f"{path}.content"))
        else:
            for j, part in enumerate(arr(content, path, fmt, ".content")):
                msg.parts.append(self.read_part(part, f"{path}.content[{j}]", "assistant"))
        if (refusal := m.get("refusal")) is not None:
            msg.parts.append(ir.Refusal(text=string(refusal, path, fmt, ".refusal"),
                                        path=f"{path}.refusal"))
            hints["refusal_field"] = True
        if (tool_calls := m.get("tool_calls")) is not None:
            for j, tc in enumerate(arr(tool_calls, path, fmt, ".tool_calls")):
                msg.parts.append(self.read_tool_call(tc, f"{path}.tool_calls[{j}]"))
        if (fc := m.get("function_call")) is not None:
            fpath = f"{path}.function_call"
            fc = obj(fc, fpath, fmt)
            msg.parts.append(ir.ToolCall(
                id=f"call_fn_{index}",
                name=string(fc.get("name"), fpath, fmt, ".name"),
                arguments=string(fc.get("arguments", ""), fpath, fmt, ".arguments"),
                path=fpath))
            hints["function_call"] = True
        if (name := m.get("name")) is not None:
            msg.name = opt_string(name, path, fmt, ".name")
        if not m.keys() <= self.assistant_keys or None in m.values():
            msg.extras = leftovers(m, self.assistant_keys)
        if hints:
            msg.hints = hints
        return msg

    @property
    def assistant_keys(self) -> frozenset[str]:
        return MESSAGE_KEYS["assistant"] | self.assistant_extension_keys

    #: assistant-message keys a dialect reads in ``read_assistant_reasoning``.
    assistant_extension_keys: frozenset[str] = frozenset()

    def read_assistant_reasoning(self, m: dict[str, Any], path: str, origin: ir.Origin,
                                 msg: ir.Message) -> None:
        """Hook for dialects that replay reasoning on assistant messages."""

    def read_tool_call(self, tc: Any, path: str) -> ir.ToolCall:
        # Fast path: {"id", "type": "function", "function": {"name", "arguments"}}.
        if type(tc) is dict and len(tc) == 3 and tc.get("type") == "function":
            f = tc.get("function")
            if type(f) is dict and len(f) == 2:
                call_id, name, args = tc.get("id"), f.get("name"), f.get("arguments")
                if type(call_id) is str and type(name) is str and type(args) is str:
                    return ir.ToolCall(id=call_id, name=name, arguments=args, path=path)
        fmt = self.id
        tc = obj(tc, path, fmt)
        kind = tc.get("type", "function")
        call_id = string(tc.get("id"), path, fmt, ".id")
        if kind == "custom":
            c = obj(tc.get("custom"), path, fmt, ".custom")
            call = ir.ToolCall(id=call_id, name=string(c.get("name"), path, fmt, ".custom.name"),
                               input=string(c.get("input"), path, fmt, ".custom.input"),
                               kind="custom", path=path)
        elif kind == "function":
            f = obj(tc.get("function"), path, fmt, ".function")
            call = ir.ToolCall(
                id=call_id, name=string(f.get("name"), path, fmt, ".function.name"),
                arguments=string(f.get("arguments"), path, fmt, ".function.arguments"),
                path=path)
        else:
            fail(f"{path}.type", f"unknown tool call type {kind!r}", fmt)
        call.extras = leftovers(tc, TOOL_CALL_KEYS)
        if "type" not in tc:
            call.extras = {**(call.extras or {}), "type": None}
        return call

    def read_tool_message(self, m: dict[str, Any], path: str) -> ir.Message:
        content, call_id = m.get("content"), m.get("tool_call_id")
        if len(m) == 3 and type(content) is str and type(call_id) is str:  # fast path
            text = ir.Text(text=content, path=path + ".content")
            return ir.Message(role="tool", path=path, parts=[
                ir.ToolResult(call_id=call_id, content=[text], form="string", path=path)])
        fmt = self.id
        call_id = string(m.get("tool_call_id"), path, fmt, ".tool_call_id")
        result = ir.ToolResult(call_id=call_id, path=path)
        self.read_result_content(m, path, result)
        return ir.Message(role="tool", parts=[result], path=path,
                          extras=leftovers(m, MESSAGE_KEYS["tool"]))

    def read_function_message(self, m: dict[str, Any], path: str) -> ir.Message:
        fmt = self.id
        result = ir.ToolResult(name=string(m.get("name"), path, fmt, ".name"), path=path)
        self.read_result_content(m, path, result)
        return ir.Message(role="tool", parts=[result], path=path, form="function",
                          extras=leftovers(m, MESSAGE_KEYS["function"]))

    def read_result_content(self, m: dict[str, Any], path: str, result: ir.ToolResult) -> None:
        fmt = self.id
        if "content" not in m:
            fail(f"{path}.content", "required field is missing", fmt)
        content = m["content"]
        if content is None:
            result.form = "null"
        elif isinstance(content, str):
            result.content = [ir.Text(text=content, path=f"{path}.content")]
            result.form = "string"
        else:
            result.content = [self.read_part(part, f"{path}.content[{j}]", "tool")
                              for j, part in enumerate(arr(content, path, fmt, ".content"))]

    # -- content parts ---------------------------------------------------------------------

    def read_part(self, part: Any, path: str, role: str) -> ir.AnyPart:
        fmt = self.id
        part = obj(part, path, fmt)
        kind = part.get("type")
        out: ir.AnyPart
        if kind == "text":
            out = ir.Text(text=string(part.get("text"), path, fmt, ".text"),
                          extras=leftovers(part, TEXT_KEYS))
        elif kind == "image_url":
            iu = obj(part.get("image_url"), path, fmt, ".image_url")
            url = string(iu.get("url"), path, fmt, ".image_url.url")
            img = ir.Image(detail=opt_string(iu.get("detail"), path, fmt, ".image_url.detail"))
            parsed = parse_data_uri(url)
            if parsed is not None:
                img.media_type, img.data = parsed
            else:
                img.url = url
            nested = leftovers(iu, IMAGE_URL_KEYS)
            img.extras = leftovers(part, IMAGE_KEYS)
            if nested:
                img.extras = {**(img.extras or {}), "image_url": nested}
            out = img
        elif kind == "input_audio":
            ia = obj(part.get("input_audio"), path, fmt, ".input_audio")
            out = ir.Audio(data=string(ia.get("data"), path, fmt, ".input_audio.data"),
                           format=string(ia.get("format"), path, fmt, ".input_audio.format"),
                           extras=leftovers(part, AUDIO_KEYS))
        elif kind == "file":
            f = obj(part.get("file"), path, fmt, ".file")
            file = ir.File(file_id=opt_string(f.get("file_id"), path, fmt, ".file.file_id"),
                           filename=opt_string(f.get("filename"), path, fmt, ".file.filename"))
            if (data := f.get("file_data")) is not None:
                data = string(data, path, fmt, ".file.file_data")
                parsed = parse_data_uri(data)
                if parsed is not None:
                    file.media_type, file.data = parsed
                else:
                    file.data = data
            nested = leftovers(f, FILE_FILE_KEYS)
            file.extras = leftovers(part, FILE_KEYS)
            if nested:
                file.extras = {**(file.extras or {}), "file": nested}
            out = file
        elif kind == "refusal":
            out = ir.Refusal(text=string(part.get("refusal"), path, fmt, ".refusal"),
                             extras=leftovers(part, frozenset({"type", "refusal"})))
        elif isinstance(kind, str):
            # A part type this reader does not know: kept verbatim for a same-format writer.
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

    # -- tools -----------------------------------------------------------------------------

    def read_tool(self, t: Any, path: str) -> ir.AnyTool:
        # Fast path: a plain function tool with well-typed, known fields.
        if type(t) is dict and t.get("type") == "function" and len(t) == 2:
            f = t.get("function")
            if type(f) is dict and f.keys() <= FUNCTION_KEYS and None not in f.values():
                name, desc, params = f.get("name"), f.get("description"), f.get("parameters")
                strict = f.get("strict")
                if type(name) is str and (desc is None or type(desc) is str) and (
                        params is None or type(params) is dict) and (
                        strict is None or type(strict) is bool):
                    return ir.FunctionTool(name=name, description=desc, parameters=params,
                                           strict=strict, path=path)
        fmt = self.id
        t = obj(t, path, fmt)
        kind = t.get("type")
        if kind == "function":
            tool = self.read_function_tool(obj(t.get("function"), path, fmt, ".function"),
                                       f"{path}.function")
            tool.path = path
            nested = tool.extras
            tool.extras = leftovers(t, TOOL_KEYS)
            if nested:
                tool.extras = {**(tool.extras or {}), "function": nested}
            return tool
        if kind == "custom":
            c = obj(t.get("custom"), path, fmt, ".custom")
            return ir.CustomTool(
                name=string(c.get("name"), path, fmt, ".custom.name"),
                description=opt_string(c.get("description"), path, fmt, ".custom.description"),
                format=opt_obj(c.get("format"), path, fmt, ".custom.format"),
                extras=leftovers(c, frozenset({"name", "description", "format"})), path=path)
        if isinstance(kind, str):
            return ir.BuiltinTool(kind=kind, origin=fmt, raw=t, path=path)
        fail(f"{path}.type", "tool has no type", fmt)

    def read_function_tool(self, f: dict[str, Any], path: str) -> ir.FunctionTool:
        fmt = self.id
        params = f.get("parameters")
        return ir.FunctionTool(
            name=string(f.get("name"), path, fmt, ".name"),
            description=opt_string(f.get("description"), path, fmt, ".description"),
            parameters=opt_obj(params, path, fmt, ".parameters"),
            strict=opt_bool(f.get("strict"), path, fmt, ".strict"),
            extras=leftovers(f, FUNCTION_KEYS), path=path)

    def read_web_search(self, wso: dict[str, Any]) -> ir.BuiltinTool:
        config: dict[str, Any] = {}
        if (size := wso.get("search_context_size")) is not None:
            config["search_context_size"] = size
        loc = wso.get("user_location")
        if isinstance(loc, dict) and isinstance(loc.get("approximate"), dict):
            config["user_location"] = {k: v for k, v in loc["approximate"].items()
                                       if v is not None}
        return ir.BuiltinTool(kind="web_search", config=config or None, origin=self.id,
                              raw=wso, path="$.web_search_options")

    def read_tool_choice(self, tc: Any, path: str) -> ir.ToolChoice:
        fmt = self.id
        if isinstance(tc, str):
            mode = one_of(tc, ("auto", "none", "required"), path, fmt)
            return ir.ToolChoice(mode=mode, path=path)  # type: ignore[arg-type]
        tc = obj(tc, path, fmt)
        kind = tc.get("type")
        if kind == "function":
            f = obj(tc.get("function"), path, fmt, ".function")
            return ir.ToolChoice(mode="tool", tool_type="function",
                                 name=string(f.get("name"), path, fmt, ".function.name"),
                                 path=path)
        if kind == "custom":
            c = obj(tc.get("custom"), path, fmt, ".custom")
            return ir.ToolChoice(mode="tool", tool_type="custom",
                                 name=string(c.get("name"), path, fmt, ".custom.name"),
                                 path=path)
        if kind == "allowed_tools":
            at = obj(tc.get("allowed_tools"), path, fmt, ".allowed_tools")
            mode = one_of(at.get("mode"), ("auto", "required"), f"{path}.allowed_tools.mode",
                          fmt)
            refs = []
            for i, x in enumerate(arr(at.get("tools"), path, fmt, ".allowed_tools.tools")):
                x = obj(x, f"{path}.allowed_tools.tools[{i}]", fmt)
                ref_type = x.get("type", "function")
                if not isinstance(ref_type, str):
                    fail(f"{path}.allowed_tools.tools[{i}].type", "expected a string", fmt)
                inner = x.get(ref_type)
                name = inner.get("name") if isinstance(inner, dict) else x.get("name")
                refs.append({"type": ref_type, "name": name} if name is not None else x)
            return ir.ToolChoice(mode="allowed", allowed=refs, allowed_mode=mode, path=path)
        fail(f"{path}.type", f"unknown tool_choice type {kind!r}", fmt)

    def read_response_format(self, rf: dict[str, Any]) -> ir.OutputFormat:
        fmt = self.id
        kind = one_of(rf.get("type"), ("text", "json_object", "json_schema"),
                      "$.response_format.type", fmt)
        out = ir.OutputFormat(type=kind, path="$.response_format")  # type: ignore[arg-type]
        if kind == "json_schema":
            js = obj(rf.get("json_schema"), "$.response_format.json_schema", fmt)
            out.name = string(js.get("name"), "$.response_format.json_schema.name", fmt)
            out.description = opt_string(js.get("description"),
                                         "$.response_format.json_schema.description", fmt)
            out.schema = opt_obj(js.get("schema"), "$.response_format.json_schema.schema", fmt)
            out.strict = opt_bool(js.get("strict"), "$.response_format.json_schema.strict", fmt)
        return out
