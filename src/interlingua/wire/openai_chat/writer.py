"""IR -> OpenAI Chat Completions request."""

from __future__ import annotations

from typing import Any, ClassVar

from ... import ir, models
from ...context import Context
from ...errors import ConversionError
from ...names import OPENAI_CALL_ID, OPENAI_TOOL_NAME, IdRules
from .._client_tools import as_function
from .._strict import strict_compatible
from .._write import (
    MEDIA_TO_AUDIO_FORMAT,
    arguments_text,
    data_uri,
    openai_effort,
    output_limit,
)
from ..base import Format

#: Anthropic service tiers -> OpenAI.
SERVICE_TIER_IN = {"standard_only": "default"}
#: OpenAI accepts these cache breakpoint ttls.
CACHE_TTLS = ("30m", "12h")


class ChatWriter(Format):
    """Writes Chat Completions requests. Dialects override class flags and ``write_*`` hooks."""


    #: Most stop sequences the API takes.
    MAX_STOP = 4
    TOOL_NAME: ClassVar[IdRules] = OPENAI_TOOL_NAME
    CALL_ID: ClassVar[IdRules] = OPENAI_CALL_ID
    #: Field for max output tokens when the model table says nothing.
    MAX_TOKENS_FIELD = "max_completion_tokens"
    #: Whether the format has the ``developer`` role.
    DEVELOPER_ROLE = True
    #: ``prompt_cache_options.ttl`` values the API takes.
    CACHE_OPTION_TTLS: ClassVar[tuple[str, ...]] = ("30m",)
    #: Keys that mean the same in these formats' requests (carried, not reported).
    SHARED_EXTRAS: ClassVar[dict[str, frozenset[str]]] = {
        "openai.responses": frozenset({"moderation", "include_obfuscation"})}

    # -- request ---------------------------------------------------------------------------

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        same = self.carries(req.source)
        hints = (req.hints or {}) if same else {}
        caps = models.lookup(req.model)
        out: dict[str, Any] = {}
        if req.model is None:
            raise ConversionError("$.model", f"{self.id} requires a model; pass model=")
        out["model"] = req.model
        self.register_tool_names(req, ctx)
        out["messages"] = self.write_messages(req, ctx, same, caps)
        self.write_tools(req, out, ctx, same, hints)
        self.write_reasoning(req, out, ctx, caps)
        self.write_output(req, out, ctx)
        self.write_sampling(req, out, ctx, caps, hints)
        self.write_cache(req, out, ctx, hints)
        if req.metadata is not None:
            out["metadata"] = ctx.copy(req.metadata)
        if req.user is not None:
            out["user"] = req.user
        if req.safety_identifier is not None:
            out["safety_identifier"] = req.safety_identifier
        if req.service_tier is not None:
            tier = req.service_tier if same else SERVICE_TIER_IN.get(req.service_tier,
                                                                     req.service_tier)
            if tier in ("auto", "default", "flex", "scale", "priority", "fast"):
                out["service_tier"] = tier
                if tier != req.service_tier:
                    ctx.approximated(req.where("service_tier"),
                                     f"service tier {req.service_tier!r} sent as {tier!r}")
            else:
                ctx.dropped(req.where("service_tier"), f"service tier {req.service_tier!r} has no "
                                              f"{self.id} equivalent")
        if req.store is not None:
            out["store"] = req.store
        if req.stream is not None:
            out["stream"] = req.stream
        if (so := req.stream_options) is not None:
            options: dict[str, Any] = {}
            if so.include_usage is not None:
                options["include_usage"] = so.include_usage
            if so.extras:
                self.emit_extras(options, so.extras, req.source, "$.stream_options", ctx)
            if options or same:
                out["stream_options"] = options
        if req.verbosity is not None:
            out["verbosity"] = req.verbosity
        self.write_request_extensions(req, out, ctx)
        if req.extras:
            self.emit_extras(out, req.extras, req.source, "$", ctx)
        return out

    def write_request_extensions(self, req: ir.Request, out: dict[str, Any],
                                 ctx: Context) -> None:
        """Hook for dialects: write their own top-level fields."""

    # -- messages --------------------------------------------------------------------------

    def write_messages(self, req: ir.Request, ctx: Context, same: bool,
                       caps: models.ModelInfo | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        developer_ok = self.DEVELOPER_ROLE and (caps is None or
                                                caps.params.developer_role is not False)
        system_ok = caps is None or caps.params.system_role is not False
        for msg in req.messages:
            role = msg.role
            if role == "system" or role == "developer":
                target_role = role
                if role == "developer" and not developer_ok:
                    target_role = "system"
                elif role == "system" and not system_ok:
                    target_role = "developer"
                if target_role != role:
                    ctx.approximated(msg.path,
                                     f"{role} message sent as {target_role}: the target "
                                     "does not accept the role")
                out.append(self.write_instruction(msg, target_role, req, ctx, same))
            elif role == "user":
                self.write_user(msg, out, req, ctx, same)
            elif role == "assistant":
                out.append(self.write_assistant(msg, req, ctx, same))
            else:
                self.write_tool_results(msg, out, req, ctx, same)
        return out

    def write_content(self, msg: ir.Message, parts: list[dict[str, Any]], same: bool
                 ) -> str | list[dict[str, Any]]:
        """A bare string when the source had one and a single plain text still fits it."""
        if (msg.form == "string" and len(parts) == 1 and parts[0]["type"] == "text"
                and len(parts[0]) == 2):
            return str(parts[0]["text"])
        return parts

    def write_instruction(self, msg: ir.Message, role: str, req: ir.Request, ctx: Context,
                          same: bool) -> dict[str, Any]:
        parts = [w for p in msg.parts
                 if (w := self.write_part(p, req, ctx, same, text_only=True)) is not None]
        out: dict[str, Any] = {"role": role, "content": self.write_content(msg, parts, same)}
        if msg.name is not None:
            out["name"] = msg.name
        if msg.extras:
            self.emit_extras(out, msg.extras, req.source, msg.path, ctx)
        return out

    def write_user(self, msg: ir.Message, out: list[dict[str, Any]], req: ir.Request,
                   ctx: Context, same: bool) -> None:
        if msg.form == "string" and len(msg.parts) == 1 and msg.name is None \
                and msg.extras is None:
            part = msg.parts[0]
            if type(part) is ir.Text and part.cache is None and part.extras is None \
                    and part.citations is None:
                out.append({"role": "user", "content": part.text})
                return
        results = [p for p in msg.parts if isinstance(p, ir.ToolResult)]
        if results:
            moved: list[dict[str, Any]] = []
            for result in results:
                out.append(self.write_tool_result(result, req, ctx, same, moved))
            if moved:
                out.append({"role": "user", "content": moved})
            rest: list[ir.AnyPart] = [p for p in msg.parts if not isinstance(p, ir.ToolResult)]
            if not rest:
                return
        else:
            rest = msg.parts
        written = [w for p in rest if (w := self.write_part(p, req, ctx, same)) is not None]
        message: dict[str, Any] = {"role": "user",
                                   "content": self.write_content(msg, written, same)}
        if msg.name is not None:
            message["name"] = msg.name
        if msg.extras:
            self.emit_extras(message, msg.extras, req.source, msg.path, ctx)
        out.append(message)

    def write_tool_results(self, msg: ir.Message, out: list[dict[str, Any]],
                           req: ir.Request, ctx: Context, same: bool) -> None:
        moved: list[dict[str, Any]] = []
        for part in msg.parts:
            if isinstance(part, ir.ToolResult):
                if same and msg.form == "function":
                    message = {"role": "function", "name": part.name,
                               "content": self.write_result_content(part, req, ctx, same, moved)}
                else:
                    message = self.write_tool_result(part, req, ctx, same, moved)
                if msg.extras:
                    self.emit_extras(message, msg.extras, req.source, msg.path, ctx)
                out.append(message)
            else:
                ctx.dropped(part.path, f"{type(part).__name__.lower()} in a tool turn has no "
                                       f"{self.id} form")
        if moved:
            out.append({"role": "user", "content": moved})

    def write_tool_result(self, result: ir.ToolResult, req: ir.Request, ctx: Context,
                          same: bool, moved: list[dict[str, Any]]) -> dict[str, Any]:
        call_id = ctx.call_id(result.call_id or "", self.CALL_ID, result.path)
        content = result.content
        if result.form == "string" and len(content) == 1 and not result.is_error \
                and result.cache is None and result.extras is None:
            text = content[0]
            if type(text) is ir.Text and text.cache is None and text.extras is None:
                return {"role": "tool", "tool_call_id": call_id, "content": text.text}
        message: dict[str, Any] = {"role": "tool", "tool_call_id": call_id,
                                   "content": self.write_result_content(result, req, ctx, same,
                                                                   moved)}
        if result.is_error:
            ctx.dropped(result.path,
                        f"{self.id} tool messages have no error flag")
        if result.cache is not None:
            self.mark_tool_message(message, result.cache, req, ctx)
        if not same:
            if result.extras:
                self.emit_extras(message, result.extras, req.source, result.path, ctx)
        return message

    def mark_tool_message(self, message: dict[str, Any], mark: ir.CacheMark, req: ir.Request,
                          ctx: Context) -> None:
        """Carry a breakpoint set on a tool result to the last text part of its message."""
        bp = self.breakpoint(mark, req, ctx)
        if bp is None:
            return
        content = message["content"]
        if isinstance(content, str) or content is None:
            content = message["content"] = [{"type": "text", "text": content or ""}]
        elif not content:
            content.append({"type": "text", "text": ""})
        content[-1]["prompt_cache_breakpoint"] = bp

    def write_result_content(self, result: ir.ToolResult, req: ir.Request, ctx: Context,
                        same: bool, moved: list[dict[str, Any]]) -> Any:
        if same and result.form == "null":
            return None
        texts: list[dict[str, Any]] = []
        for p in result.content:
            if isinstance(p, ir.Text):
                w = self.write_part(p, req, ctx, same)
                if w is not None:
                    texts.append(w)
            else:
                w = self.write_part(p, req, ctx, same)
                if w is not None:
                    moved.append(w)
                    ctx.approximated(p.path, "non-text tool result content moved to a user "
                                             f"message after the tool messages ({self.id} "
                                             "tool messages carry text only)")
        if same:
            if result.form == "string":
                return texts[0]["text"] if texts else ""
            return texts
        if result.form == "absent" or not texts:
            return ""
        if all(len(t) == 2 for t in texts):
            return "".join(str(t["text"]) for t in texts) if len(texts) == 1 else texts
        return texts

    def write_assistant(self, msg: ir.Message, req: ir.Request, ctx: Context, same: bool
                        ) -> dict[str, Any]:
        out: dict[str, Any] = {"role": "assistant"}
        hints = (msg.hints or {}) if same else {}
        content: list[dict[str, Any]] = []
        calls: list[dict[str, Any]] = []
        refusals: list[str] = []
        for part in msg.parts:
            if isinstance(part, ir.ToolCall):
                calls.append(self.write_tool_call(part, req, ctx, same))
            elif isinstance(part, ir.Refusal):
                if same and not hints.get("refusal_field"):
                    w = self.write_part(part, req, ctx, same)
                    if w is not None:
                        content.append(w)
                else:
                    refusals.append(part.text)
            elif isinstance(part, ir.Reasoning):
                self.write_reasoning_part(part, out, req, ctx)
            else:
                w = self.write_part(part, req, ctx, same, assistant=True)
                if w is not None:
                    content.append(w)
        form = msg.form
        if form == "absent" and not content and same:
            pass
        elif form == "null" and not content and same:
            out["content"] = None
        elif not content:
            if not same:
                out["content"] = None if calls or refusals else ""
            else:
                out["content"] = [] if form is None else ""
        else:
            # Across formats a plain-text reply is a string, as OpenAI itself writes it.
            if (form == "string" or not same) and all(
                    c["type"] == "text" and len(c) == 2 for c in content):
                out["content"] = "".join(str(c["text"]) for c in content)
            else:
                out["content"] = content
        if refusals:
            out["refusal"] = "".join(refusals)
        if calls:
            if hints.get("function_call"):
                call = calls[0]
                out["function_call"] = call["function"]
            else:
                out["tool_calls"] = calls
        if msg.name is not None:
            out["name"] = msg.name
        if msg.extras:
            self.emit_extras(out, msg.extras, req.source, msg.path, ctx)
        return out

    def write_reasoning_part(self, part: ir.Reasoning, out: dict[str, Any], req: ir.Request,
                             ctx: Context) -> None:
        """Chat Completions has no reasoning in requests; dialects override this."""
        ctx.dropped(part.path, f"reasoning cannot be sent in {self.id} requests")

    def write_tool_call(self, call: ir.ToolCall, req: ir.Request, ctx: Context, same: bool
                        ) -> dict[str, Any]:
        call_id = ctx.call_id(call.id or "", self.CALL_ID, call.path)
        name = ctx.tool_name(call.name, self.TOOL_NAME, call.path)
        out: dict[str, Any]
        if call.kind == "custom":
            out = {"id": call_id, "type": "custom",
                   "custom": {"name": name, "input": arguments_text(call)}}
        else:
            out = {"id": call_id, "type": "function",
                   "function": {"name": name, "arguments": arguments_text(call)}}
        if call.signature is not None and not same:
            ctx.dropped(call.path,
                        f"signature on a tool call has no place in {self.id}")
        if call.cache is not None:
            ctx.dropped(call.cache.path or call.path,
                        f"cache breakpoint on a tool call has no place in {self.id}")
        if call.extras:
            self.emit_extras(out, call.extras, req.source, call.path, ctx)
        if same and out.get("type", 0) is None:
            del out["type"]
        return out

    # -- content parts ---------------------------------------------------------------------

    def write_part(self, part: ir.AnyPart, req: ir.Request, ctx: Context, same: bool, *,
                   text_only: bool = False, assistant: bool = False) -> dict[str, Any] | None:
        out: dict[str, Any]
        if isinstance(part, ir.Text):
            out = {"type": "text", "text": part.text}
            if part.citations:
                ctx.dropped(part.path,
                            f"citations cannot be sent in {self.id} requests")
        elif text_only or (assistant and not isinstance(part, ir.Refusal)):
            if isinstance(part, ir.Opaque) and self.carries(part.origin.format
                                                            if part.origin else None):
                return ctx.copy(part.value)  # type: ignore[no-any-return]
            ctx.dropped(part.path, f"{_kind(part)} is not allowed in this {self.id} message")
            return None
        elif isinstance(part, ir.Image):
            out = self.write_image(part, ctx)
            if not out:
                return None
        elif isinstance(part, ir.Audio):
            fmt = part.format or MEDIA_TO_AUDIO_FORMAT.get(part.media_type or "")
            if part.data is None or fmt not in ("wav", "mp3"):
                ctx.dropped(part.path, f"audio ({fmt or part.media_type or 'by reference'}) "
                                       f"cannot be sent to {self.id}: input_audio takes base64 "
                                       "wav or mp3")
                return None
            out = {"type": "input_audio", "input_audio": {"data": part.data, "format": fmt}}
        elif isinstance(part, ir.File):
            out = self.write_file(part, req, ctx, same)
            if not out:
                return None
        elif isinstance(part, ir.Refusal):
            out = {"type": "refusal", "refusal": part.text}
        elif isinstance(part, ir.Opaque):
            if self.carries(part.origin.format if part.origin else None):
                return ctx.copy(part.value)  # type: ignore[no-any-return]
            ctx.dropped(part.path, f"{_kind(part)} has no {self.id} equivalent")
            return None
        else:
            ctx.dropped(part.path, f"{_kind(part)} has no place here in {self.id}")
            return None
        if part.cache is not None:
            bp = self.breakpoint(part.cache, req, ctx)
            if bp is not None:
                out["prompt_cache_breakpoint"] = bp
        if part.signature is not None and not same:
            ctx.dropped(part.path, f"signature has no place in {self.id}")
        if part.extras:
            self.emit_extras(out, part.extras, req.source, part.path, ctx)
        return out

    def breakpoint(self, mark: ir.CacheMark, req: ir.Request, ctx: Context
                   ) -> dict[str, Any] | None:
        """An explicit cache breakpoint, where the model takes them (gpt-5.6 and later)."""
        if not self.carries(req.source):
            caps = models.lookup(req.model)
            if caps is None or not caps.params.cache_breakpoints:
                ctx.approximated(mark.path, f"model {req.model!r} takes no explicit cache "
                                            "breakpoints; it caches prompt prefixes "
                                            "automatically")
                return None
        bp: dict[str, Any] = {"mode": "explicit"}
        ttl = self.cache_ttl(mark.ttl, mark.path, ctx)
        if ttl is not None:
            bp["ttl"] = ttl
        return bp

    def cache_ttl(self, ttl: str | None, path: str | None, ctx: Context) -> str | None:
        if ttl is None or ttl in CACHE_TTLS:
            return ttl
        new = "12h" if ttl == "1h" else None
        ctx.approximated(path,
                         f"cache ttl {ttl!r} has no {self.id} equivalent; "
                         f"{'using ' + repr(new) if new else 'using the default (30m)'}")
        return new

    def write_image(self, part: ir.Image, ctx: Context) -> dict[str, Any]:
        if part.data is not None:
            url = data_uri(part.media_type, part.data)
        elif part.url is not None:
            url = part.url
        else:
            ctx.dropped(part.path, f"image given by file id {part.file_id!r} cannot be sent to "
                                   f"{self.id} (file ids are vendor-specific)")
            return {}
        image_url: dict[str, Any] = {"url": url}
        if part.detail is not None:
            image_url["detail"] = part.detail
        return {"type": "image_url", "image_url": image_url}

    def write_file(self, part: ir.File, req: ir.Request, ctx: Context, same: bool
                   ) -> dict[str, Any]:
        file: dict[str, Any] = {}
        native = req.source.startswith("openai.")
        if part.data is not None:
            file["file_data"] = (data_uri(part.media_type, part.data)
                                 if part.media_type is not None else part.data)
        elif part.file_id is not None and native:
            file["file_id"] = part.file_id
        elif part.text is not None:
            ctx.approximated(part.path, "plain-text document sent as a text part")
            return {"type": "text", "text": part.text}
        else:
            what = f"file id {part.file_id!r}" if part.file_id else f"URL {part.url!r}"
            ctx.dropped(part.path, f"document given by {what} cannot be sent to {self.id}")
            return {}
        filename = part.filename
        if filename is None and part.title is not None:
            filename = part.title
            ctx.approximated(part.path, "document title sent as the file name")
        if filename is None and "file_data" in file and not same:
            filename = "document.pdf" if part.media_type == "application/pdf" else "file"
        if filename is not None:
            file["filename"] = filename
        if part.context is not None:
            ctx.dropped(part.path,
                        f"document context has no {self.id} equivalent")
        if part.citations is not None and not same:
            ctx.dropped(part.path,
                        f"document citations setting has no {self.id} equivalent")
        return {"type": "file", "file": file}

    # -- tools -----------------------------------------------------------------------------

    def write_tools(self, req: ir.Request, out: dict[str, Any], ctx: Context, same: bool,
                    hints: dict[str, Any]) -> None:
        tools: list[dict[str, Any]] = []
        functions: list[dict[str, Any]] = []
        for tool in req.tools or ():
            if isinstance(tool, ir.FunctionTool):
                fn = self.write_function(tool, req, ctx)
                if same and tool.path and tool.path.startswith("$.functions"):
                    functions.append(fn)
                else:
                    entry: dict[str, Any] = {"type": "function", "function": fn}
                    if tool.extras:
                        self.emit_extras(entry, tool.extras, req.source, tool.path, ctx)
                    tools.append(entry)
            elif isinstance(tool, ir.CustomTool):
                custom: dict[str, Any] = {"name": ctx.tool_name(tool.name or "", self.TOOL_NAME,
                                                                tool.path)}
                if tool.description is not None:
                    custom["description"] = tool.description
                if tool.format is not None:
                    custom["format"] = ctx.copy(tool.format)
                if tool.extras:
                    self.emit_extras(custom, tool.extras, req.source, tool.path, ctx)
                tools.append({"type": "custom", "custom": custom})
            elif isinstance(tool, ir.BuiltinTool):
                self.write_builtin(tool, req, out, tools, ctx, same)
        if tools:
            out["tools"] = tools
        if functions:
            out["functions"] = functions
        if req.tool_choice is not None and not tools and not functions and not same \
                and req.tool_choice.mode != "none":
            ctx.dropped(req.tool_choice.path, "tool_choice without tools")
        elif req.tool_choice is not None:
            choice = self.write_tool_choice(req.tool_choice, ctx)
            if choice is not None:
                if hints.get("function_call"):
                    out["function_call"] = (choice if isinstance(choice, str)
                                            else choice["function"])
                else:
                    out["tool_choice"] = choice
        if req.parallel_tool_calls is not None:
            if tools or same:
                out["parallel_tool_calls"] = req.parallel_tool_calls
            else:
                ctx.dropped(req.where("parallel_tool_calls"), "no tools to call in parallel")

    def write_function(self, tool: ir.FunctionTool, req: ir.Request, ctx: Context
                       ) -> dict[str, Any]:
        fn: dict[str, Any] = {"name": ctx.tool_name(tool.name or "", self.TOOL_NAME, tool.path)}
        if tool.description is not None:
            fn["description"] = tool.description
        if tool.parameters is not None:
            fn["parameters"] = ctx.copy(tool.parameters)
        if tool.strict is not None:
            fn["strict"] = tool.strict
            if tool.strict and not self.carries(req.source) and not strict_compatible(
                    tool.parameters or {"type": "object", "properties": {},
                                        "additionalProperties": False}):
                fn["strict"] = False
                ctx.approximated(tool.path, f"strict tool {tool.name!r} has optional or open "
                                            f"properties, which {self.id} strict mode rejects; "
                                            "sent without strict")
        if tool.cache is not None:
            ctx.dropped(tool.cache.path or tool.path,
                        f"{self.id} has no cache breakpoints on tools (it caches the tool "
                        "prefix automatically)")
        return fn

    def write_builtin(self, tool: ir.BuiltinTool, req: ir.Request, out: dict[str, Any],
                      tools: list[dict[str, Any]], ctx: Context, same: bool) -> None:
        if same and tool.raw is not None and tool.origin == req.source:
            if tool.kind == "web_search" and tool.path == "$.web_search_options":
                out["web_search_options"] = ctx.copy(tool.raw)
            else:
                tools.append(ctx.copy(tool.raw))
            return
        if tool.kind == "web_search":
            options: dict[str, Any] = {}
            config = dict(tool.config or {})
            if (size := config.pop("search_context_size", None)) is not None:
                options["search_context_size"] = size
            if (loc := config.pop("user_location", None)) is not None:
                options["user_location"] = {"type": "approximate", "approximate": ctx.copy(loc)}
            for key in config:
                ctx.dropped(tool.path,
                            f"web search setting {key!r} has no {self.id} equivalent")
            out["web_search_options"] = options
            return
        client = as_function(tool.kind, tool.name)
        if client is not None:
            name, spec = client
            ctx.approximated(tool.path, f"{tool.kind} tool sent as a function with its documented "
                                        "input schema (the client still runs it)")
            fn: dict[str, Any] = {"name": ctx.tool_name(name, self.TOOL_NAME, tool.path),
                                  "description": spec["description"],
                                  "parameters": ctx.copy(spec["parameters"])}
            tools.append({"type": "function", "function": fn})
            return
        ctx.dropped(tool.path, f"built-in tool {tool.kind!r} has no {self.id} equivalent")

    def write_tool_choice(self, choice: ir.ToolChoice, ctx: Context) -> Any:
        """The tool_choice value, or None when the choice cannot be expressed (reported)."""
        mode = choice.mode
        if mode in ("auto", "none", "required"):
            return mode
        if mode == "tool":
            kind = choice.tool_type or "function"
            if kind not in ("function", "custom"):
                ctx.dropped(choice.path, f"forcing built-in tool {kind!r} has no {self.id} "
                                         "equivalent")
                return None
            name = ctx.tool_name(choice.name or "", self.TOOL_NAME, choice.path)
            if kind == "custom":
                return {"type": "custom", "custom": {"name": name}}
            return {"type": "function", "function": {"name": name}}
        refs = []
        for ref in choice.allowed or ():
            kind = ref.get("type", "function")
            if "name" in ref and kind in ("function", "custom"):
                refs.append({"type": kind, kind: {"name": ctx.tool_name(
                    ref["name"], self.TOOL_NAME, choice.path)}})
            else:
                refs.append(ctx.copy(ref))
        return {"type": "allowed_tools",
                "allowed_tools": {"mode": choice.allowed_mode or "auto", "tools": refs}}

    # -- generation settings ---------------------------------------------------------------

    def write_reasoning(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                        caps: models.ModelInfo | None) -> None:
        r = req.reasoning
        if r is None:
            return
        path = r.path
        usable, effort = openai_effort(r, req, ctx, caps, self.id, "reasoning_effort")
        if not usable:
            return
        if effort is not None:
            out["reasoning_effort"] = effort
        if r.display is not None:
            ctx.dropped(path, f"thinking display {r.display!r} has no {self.id} equivalent")
        if r.summary is not None:
            ctx.dropped(path, f"reasoning summary {r.summary!r} has no {self.id} equivalent")
        if r.include_thoughts:
            ctx.dropped(path, f"{self.id} does not return reasoning text")

    def write_output(self, req: ir.Request, out: dict[str, Any], ctx: Context) -> None:
        o = req.output
        if o is None:
            return
        if o.type != "json_schema":
            out["response_format"] = {"type": o.type}
            return
        js: dict[str, Any] = {"name": o.name or "response"}
        if o.name is not None and not self.TOOL_NAME.accepts(o.name):
            js["name"] = ctx.tool_name(o.name, self.TOOL_NAME, o.path)
        if o.description is not None:
            js["description"] = o.description
        if o.schema is not None:
            js["schema"] = ctx.copy(o.schema)
        if o.strict is not None:
            js["strict"] = o.strict
        out["response_format"] = {"type": "json_schema", "json_schema": js}

    def write_sampling(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                       caps: models.ModelInfo | None, hints: dict[str, Any]) -> None:
        s = req.sampling
        fixed = caps.sampling.fixed_temperature if caps else None
        if s.temperature is not None:
            if (caps and caps.sampling.temperature is False) or (
                    fixed is not None and s.temperature != fixed):
                ctx.dropped(req.where("temperature"), f"model {req.model!r} only accepts the default "
                                             "temperature")
            else:
                out["temperature"] = s.temperature
        if s.top_p is not None:
            if caps and (caps.sampling.top_p is False or (fixed is not None and s.top_p != 1)):
                ctx.dropped(req.where("top_p"), f"model {req.model!r} does not accept top_p")
            else:
                out["top_p"] = s.top_p
        if s.top_k is not None:
            ctx.dropped(req.where("top_k"), f"{self.id} has no top_k")
        for key in ("seed", "presence_penalty", "frequency_penalty", "logprobs",
                    "top_logprobs", "n"):
            value = getattr(s, key)
            if value is not None:
                out[key] = value
        if s.logit_bias is not None:
            out["logit_bias"] = ctx.copy(s.logit_bias)
        if s.stop is not None:
            if caps is not None and caps.params.stop is False:
                ctx.dropped(req.where("stop"), f"model {req.model!r} does not accept stop sequences")
            else:
                stop = s.stop
                if len(stop) > self.MAX_STOP:
                    ctx.dropped(req.where("stop"), f"{self.id} takes at most {self.MAX_STOP} stop "
                                          f"sequences; dropped {stop[self.MAX_STOP:]!r}")
                    stop = stop[: self.MAX_STOP]
                out["stop"] = stop[0] if hints.get("stop_string") and len(stop) == 1 else stop
        if s.max_output_tokens is not None:
            value = s.max_output_tokens if self.carries(req.source) else output_limit(
                s.max_output_tokens, req, ctx)
            field = hints.get("max_tokens_field") or (
                caps.params.max_tokens_field if caps and caps.params.max_tokens_field else
                self.MAX_TOKENS_FIELD)
            out[field] = value
        if "max_tokens" in hints:
            out["max_tokens"] = hints["max_tokens"]

    def write_cache(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                    hints: dict[str, Any]) -> None:
        c = req.cache
        if c is None:
            return
        if c.key is not None:
            out["prompt_cache_key"] = c.key
        if c.retention is not None:
            out["prompt_cache_retention"] = c.retention
        if c.mode is not None or c.ttl is not None or "prompt_cache_options" in hints:
            options: dict[str, Any] = dict(ctx.copy(hints.get("prompt_cache_options") or {}))
            if c.mode is not None:
                options["mode"] = c.mode
            if c.ttl is not None:
                if c.ttl in self.CACHE_OPTION_TTLS or self.carries(req.source):
                    options["ttl"] = c.ttl
                else:
                    ctx.approximated(req.where("cache.options"),
                                     f"prompt cache ttl {c.ttl!r} is not accepted by {self.id}; "
                                     "the default (30m) applies")
            out["prompt_cache_options"] = options
        if c.auto is not None:
            ctx.approximated(req.where("cache.auto"), f"{self.id} caches prompt prefixes "
                                                "automatically; no explicit marker sent")


def _kind(part: object) -> str:
    if isinstance(part, ir.Opaque):
        return f"{part.kind!r} block"
    return type(part).__name__.lower()
