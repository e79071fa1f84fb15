"""IR -> Anthropic Messages request."""

from __future__ import annotations

from typing import Any, ClassVar

from ... import ir, models
from ...context import Context
from ...errors import ConversionError
from ...names import ANTHROPIC_CALL_ID, ANTHROPIC_TOOL_NAME, IdRules
from ...reasoning import budget_for_effort, clamp, effort_for_budget, nearest_effort
from .._check import parse_data_uri
from .._write import arguments_object, output_limit
from ..base import Format
from .tables import (
    BUILTIN_SETTINGS,
    BUILTIN_WRITE,
    IMAGE_MEDIA_TYPES,
    MAX_CACHE_BREAKPOINTS,
    SERVICE_TIER_OUT,
)

#: max_tokens when neither the source, the options nor the model table give one.
FALLBACK_MAX_TOKENS = 4096
#: Smallest thinking budget the API accepts.
MIN_BUDGET = 1024
#: Effort used when thinking is asked for with neither a budget nor an effort.
DEFAULT_EFFORT = "high"
THINKING_BLOCKS = ("thinking", "redacted_thinking")


class MessagesWriter(Format):
    """Writes Anthropic Messages requests."""

    TOOL_NAME: ClassVar[IdRules] = ANTHROPIC_TOOL_NAME
    CALL_ID: ClassVar[IdRules] = ANTHROPIC_CALL_ID

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        same = self.carries(req.source)
        hints = (req.hints or {}) if same else {}
        caps = models.lookup(req.model)
        if req.model is None:
            raise ConversionError("$.model", f"{self.id} requires a model; pass model=")
        out: dict[str, Any] = {"model": req.model,
                               "max_tokens": self.max_tokens(req, ctx, caps)}
        self.register_tool_names(req, ctx)
        system, messages = self.write_conversation(req, ctx, same)
        if system is not None:
            out["system"] = system
        out["messages"] = messages
        self.write_tools(req, out, ctx, same)
        thinking_on = self.write_reasoning(req, out, ctx, caps)
        self.write_output(req, out, ctx, hints)
        self.write_sampling(req, out, ctx, caps, thinking_on)
        if req.user is not None or req.safety_identifier is not None:
            user_id = req.safety_identifier or req.user
            out["metadata"] = {"user_id": user_id}
            if req.user is not None and req.safety_identifier is not None \
                    and req.user != req.safety_identifier:
                ctx.dropped(req.where("user"), "Anthropic has one user id; safety_identifier was kept")
        if req.metadata is not None:
            ctx.dropped(req.where("metadata"), f"request metadata has no {self.id} equivalent (only "
                                      "metadata.user_id)")
        if req.service_tier is not None:
            tier = req.service_tier if same else SERVICE_TIER_OUT.get(req.service_tier)
            if tier is None:
                ctx.dropped(req.where("service_tier"), f"service tier {req.service_tier!r} has no "
                                              f"{self.id} equivalent")
            else:
                out["service_tier"] = tier
                if tier != req.service_tier and req.service_tier != "default":
                    ctx.approximated(req.where("service_tier"),
                                     f"service tier {req.service_tier!r} sent as {tier!r}")
        if req.store is not None and req.store is not False and not same:
            ctx.dropped(req.where("store"), f"{self.id} does not store completions")
        if req.stream is not None:
            out["stream"] = req.stream
        if (so := req.stream_options) is not None and not same:
            if so.extras and any(v is not None for v in so.extras.values()):
                ctx.dropped(req.where("stream_options"), f"stream options have no {self.id} "
                                                "equivalent (usage is always streamed)")
        self.write_cache(req, out, ctx)
        if req.verbosity is not None:
            ctx.dropped(req.where("verbosity"), f"verbosity has no {self.id} equivalent")
        if not same:
            self.limit_cache_breakpoints(out, ctx)
            self.order_cache_ttls(out, ctx)
            self.trim_final_assistant(out, ctx)
        if req.extras:
            self.emit_extras(out, req.extras, req.source, "$", ctx)
        return out

    def max_tokens(self, req: ir.Request, ctx: Context, caps: models.ModelInfo | None) -> int:
        if req.sampling.max_output_tokens is not None:
            if self.carries(req.source):
                return req.sampling.max_output_tokens
            return output_limit(req.sampling.max_output_tokens, req, ctx)
        if ctx.options.default_max_tokens is not None:
            return ctx.options.default_max_tokens
        if caps is not None and caps.max_output_tokens:
            return caps.max_output_tokens
        ctx.approximated("$", f"{self.id} requires max_tokens and the source has none; "
                              f"model {req.model!r} is not in the capability table, so "
                              f"{FALLBACK_MAX_TOKENS} was used (set default_max_tokens)")
        return FALLBACK_MAX_TOKENS

    # -- conversation ----------------------------------------------------------------------

    def write_conversation(self, req: ir.Request, ctx: Context, same: bool
                           ) -> tuple[Any, list[dict[str, Any]]]:
        msgs = req.messages
        i = 0
        leading: list[ir.Message] = []
        while i < len(msgs) and msgs[i].role in ("system", "developer") and not (
                msgs[i].hints and msgs[i].hints.get("in_messages")):  # type: ignore[union-attr]
            leading.append(msgs[i])
            i += 1
        system = self.write_system(leading, req, ctx) if leading else None
        out: list[dict[str, Any]] = []
        where: list[str | None] = []   # the source path of each turn written
        results_turn: dict[str, Any] | None = None  # user turn holding tool results, open
        for msg in msgs[i:]:
            opened = len(out)
            role = msg.role
            if role == "system" or role == "developer":
                out.append({"role": "system",
                            "content": self.instruction_content([msg], req, ctx)})
                self.emit_extras(out[-1], msg.extras, req.source, msg.path, ctx)
                results_turn = None
            elif role == "assistant":
                out.append(self.write_assistant(msg, req, ctx, same))
                ctx.notes["last_assistant"] = msg.path
                results_turn = None
            elif role == "tool":
                results = [self.write_tool_result(p, req, ctx, same) for p in msg.parts
                           if isinstance(p, ir.ToolResult)]
                others = [b for p in msg.parts if not isinstance(p, ir.ToolResult)
                          and (b := self.write_block(p, req, ctx)) is not None]
                content = results + others
                if results_turn is None:
                    results_turn = {"role": "user", "content": content}
                    out.append(results_turn)
                else:
                    results_turn["content"].extend(content)
                if not same:
                    if msg.extras:
                        self.emit_extras(results_turn, msg.extras, req.source, msg.path, ctx)
            else:
                turn = self.write_user(msg, req, ctx, same)
                if results_turn is not None:
                    content = turn["content"]
                    if isinstance(content, str):
                        content = [{"type": "text", "text": content}] if content else []
                    results_turn["content"].extend(content)
                    ctx_extras = turn.keys() - {"role", "content"}
                    for key in ctx_extras:
                        results_turn[key] = turn[key]
                else:
                    out.append(turn)
                results_turn = None
            where.extend([msg.path] * (len(out) - opened))
        if not same:
            out = self.drop_empty_turns(out, where, ctx)
        return system, out

    def drop_empty_turns(self, turns: list[dict[str, Any]], where: list[str | None],
                         ctx: Context) -> list[dict[str, Any]]:
        """Anthropic rejects a turn with no content (but a final assistant prefill): a turn
        whose every part was dropped goes too, reported at the source turn."""
        if all(t["content"] for t in turns):
            return turns
        kept: list[dict[str, Any]] = []
        for i, turn in enumerate(turns):
            if turn["content"] or (i == len(turns) - 1 and turn["role"] == "assistant"):
                kept.append(turn)
            else:
                ctx.dropped(where[i], f"this {turn['role']} turn is left empty once what {self.id} "
                                      "cannot carry was dropped")
        return kept

    def write_system(self, leading: list[ir.Message], req: ir.Request, ctx: Context) -> Any:
        content = self.instruction_content(leading, req, ctx)
        for msg in leading:
            self.emit_extras({}, msg.extras, req.source, msg.path, ctx)
        return content

    def instruction_content(self, msgs: list[ir.Message], req: ir.Request, ctx: Context
                            ) -> Any:
        blocks: list[dict[str, Any]] = []
        for msg in msgs:
            if msg.role == "developer":
                ctx.approximated(msg.path,
                                 f"developer instructions sent as system ({self.id} has no "
                                 "developer role)")
            if msg.name is not None:
                ctx.dropped(msg.path,
                            f"message names have no {self.id} equivalent")
            for part in msg.parts:
                if isinstance(part, ir.Text) or (isinstance(part, ir.Opaque)
                                                 and self.carries(_origin(part))):
                    block = self.write_block(part, req, ctx)
                    if block is not None:
                        blocks.append(block)
                else:
                    ctx.dropped(part.path, f"{self.id} instructions take text only")
        if len(msgs) == 1 and msgs[0].form == "string" and len(blocks) == 1 \
                and len(blocks[0]) == 2:
            return blocks[0]["text"]
        return blocks

    def write_user(self, msg: ir.Message, req: ir.Request, ctx: Context, same: bool
                   ) -> dict[str, Any]:
        if msg.form == "string" and len(msg.parts) == 1 and msg.name is None \
                and msg.extras is None:
            part = msg.parts[0]
            if type(part) is ir.Text and part.cache is None and part.extras is None:
                return {"role": "user", "content": part.text}
        results: list[dict[str, Any]] = []
        others: list[dict[str, Any]] = []
        for part in msg.parts:
            if isinstance(part, ir.ToolResult):
                results.append(self.write_tool_result(part, req, ctx, same))
            else:
                block = self.write_block(part, req, ctx)
                if block is not None:
                    others.append(block)
        if msg.name is not None:
            ctx.dropped(msg.path,
                        f"message names have no {self.id} equivalent")
        content: Any = results + others   # tool results first, as Anthropic requires
        if msg.form == "string" and not results and len(others) == 1 and len(others[0]) == 2 \
                and others[0]["type"] == "text":
            content = others[0]["text"]
        turn: dict[str, Any] = {"role": "user", "content": content}
        if msg.extras:
            self.emit_extras(turn, msg.extras, req.source, msg.path, ctx)
        return turn

    def write_assistant(self, msg: ir.Message, req: ir.Request, ctx: Context, same: bool
                        ) -> dict[str, Any]:
        blocks: list[dict[str, Any]] = []
        for part in msg.parts:
            if isinstance(part, ir.ToolCall):
                blocks.append(self.write_tool_use(part, req, ctx))
            elif isinstance(part, ir.Reasoning):
                block = self.write_reasoning_part(part, req, ctx)
                if block is not None:
                    blocks.append(block)
            elif isinstance(part, ir.Refusal):
                ctx.approximated(part.path, "refusal replayed as assistant text")
                blocks.append({"type": "text", "text": part.text})
            else:
                block = self.write_block(part, req, ctx)
                if block is not None:
                    blocks.append(block)
        if msg.name is not None:
            ctx.dropped(msg.path,
                        f"message names have no {self.id} equivalent")
        content: Any = blocks
        if msg.form == "string" and len(blocks) == 1 and len(blocks[0]) == 2 \
                and blocks[0]["type"] == "text":
            content = blocks[0]["text"]
        elif not blocks and msg.form in ("string", "null", "absent"):
            content = ""
        turn: dict[str, Any] = {"role": "assistant", "content": content}
        if msg.extras:
            self.emit_extras(turn, msg.extras, req.source, msg.path, ctx)
        return turn

    # -- blocks ----------------------------------------------------------------------------

    def write_block(self, part: ir.AnyPart, req: ir.Request, ctx: Context
                    ) -> dict[str, Any] | None:
        out: dict[str, Any]
        if type(part) is ir.Text and part.cache is None and part.extras is None \
                and part.citations is None and part.signature is None and part.text.strip():
            return {"type": "text", "text": part.text}   # the common case, inline
        if isinstance(part, ir.Text):
            if not self.carries(req.source) and not part.text.strip() and not part.cache:
                if part.text:
                    ctx.dropped(part.path, f"whitespace-only text block ({self.id} rejects "
                                           "them)")
                if part.signature is not None:   # Gemini signs empty text parts too
                    ctx.dropped(part.path, f"signature from {_origin(part)} cannot be "
                                           f"replayed to {self.id}")
                if part.extras:
                    ctx.dropped(part.path, "fields of an empty text block: "
                                           + ", ".join(part.extras))
                return None
            out = {"type": "text", "text": part.text}
            if part.citations is not None:
                if self.carries(req.source):
                    out["citations"] = ctx.copy(part.citations)
                else:
                    ctx.dropped(part.path,
                                f"citations from {req.source} cannot be replayed to {self.id}")
        elif isinstance(part, ir.Image):
            out = self.write_image(part, ctx)
            if not out:
                return None
        elif isinstance(part, ir.File):
            out = self.write_document(part, req, ctx)
            if not out:
                return None
        elif isinstance(part, ir.Opaque):
            if self.carries(_origin(part)):
                return ctx.copy(part.value)  # type: ignore[no-any-return]
            ctx.dropped(part.path, f"{part.kind!r} content has no "
                                   f"{self.id} equivalent")
            return None
        elif isinstance(part, ir.Audio):
            ctx.dropped(part.path, f"{self.id} does not accept audio input")
            return None
        elif isinstance(part, ir.Refusal):
            ctx.approximated(part.path, "refusal sent as text")
            out = {"type": "text", "text": part.text}
        elif isinstance(part, ir.ToolCall):
            return self.write_tool_use(part, req, ctx)
        elif isinstance(part, ir.Reasoning):
            return self.write_reasoning_part(part, req, ctx)
        else:
            ctx.dropped(part.path, f"{type(part).__name__.lower()} has no place here in "
                                   f"{self.id}")
            return None
        self.finish_block(part, out, req, ctx)
        return out

    def finish_block(self, part: ir.Part, out: dict[str, Any], req: ir.Request,
                     ctx: Context) -> None:
        if part.cache is None and part.signature is None and part.extras is None:
            return
        if part.cache is not None:
            out["cache_control"] = self.cache_control(part.cache, part.path, ctx)
            ctx.notes.setdefault("cache_marks", []).append((out, part.cache.path or part.path))
        if part.signature is not None and not self.carries(_origin(part)):
            ctx.dropped(part.path, f"signature from {_origin(part)} cannot be replayed to "
                                   f"{self.id}")
        if part.extras:
            self.emit_extras(out, part.extras, req.source, part.path, ctx)

    def cache_control(self, mark: ir.CacheMark, path: str | None, ctx: Context
                      ) -> dict[str, Any]:
        cc: dict[str, Any] = {"type": "ephemeral"}
        ttl = mark.ttl
        if ttl is None or ttl in ("5m", "1h"):
            if ttl is not None:
                cc["ttl"] = ttl
            return cc
        # OpenAI ttls are minimum lifetimes: 30m and longer map to Anthropic's longest, 1h.
        cc["ttl"] = "1h"
        ctx.approximated(mark.path or path,
                         f"cache ttl {ttl!r} sent as '1h' (Anthropic offers 5m and 1h)")
        return cc

    def write_image(self, part: ir.Image, ctx: Context) -> dict[str, Any]:
        data, media_type = part.data, part.media_type
        if data is None and part.url is not None and part.url.startswith("data:"):
            parsed = parse_data_uri(part.url)
            if parsed is not None:
                media_type, data = parsed
        if data is not None:
            if media_type not in IMAGE_MEDIA_TYPES:
                ctx.dropped(part.path, f"image type {media_type!r} is not accepted by "
                                       f"{self.id} (jpeg, png, gif, webp)")
                return {}
            source: dict[str, Any] = {"type": "base64", "media_type": media_type, "data": data}
        elif part.url is not None:
            source = {"type": "url", "url": part.url}
        elif part.file_id is not None and self.carries(_origin(part) or ctx.source):
            source = {"type": "file", "file_id": part.file_id}
        else:
            ctx.dropped(part.path, f"image given by file id {part.file_id!r} cannot be sent "
                                   f"to {self.id} (file ids are vendor-specific)")
            return {}
        if part.detail is not None and part.detail != "auto":
            ctx.dropped(part.path,
                        f"image detail {part.detail!r} has no {self.id} equivalent")
        return {"type": "image", "source": source}

    def write_document(self, part: ir.File, req: ir.Request, ctx: Context
                       ) -> dict[str, Any]:
        source: dict[str, Any]
        if part.text is not None:
            source = {"type": "text", "media_type": part.media_type or "text/plain",
                      "data": part.text}
        elif part.data is not None:
            if part.media_type == "application/pdf":
                source = {"type": "base64", "media_type": "application/pdf", "data": part.data}
            elif part.media_type is None and self.carries(req.source):
                source = {"type": "base64", "data": part.data}
            else:
                ctx.dropped(part.path, f"document of type {part.media_type!r} cannot be sent "
                                       f"to {self.id} as base64 (PDF only)")
                return {}
        elif part.url is not None:
            if part.media_type not in (None, "application/pdf") and not self.carries(req.source):
                # URL document sources are fetched as PDFs; a video or audio URL is rejected.
                ctx.dropped(part.path, f"document of type {part.media_type!r} cannot be sent "
                                       f"to {self.id} by URL (PDF only)")
                return {}
            source = {"type": "url", "url": part.url}
        elif part.file_id is not None and self.carries(req.source):
            source = {"type": "file", "file_id": part.file_id}
        else:
            ctx.dropped(part.path, f"document given by file id {part.file_id!r} cannot be "
                                   f"sent to {self.id} (file ids are vendor-specific)")
            return {}
        out: dict[str, Any] = {"type": "document", "source": source}
        title = part.title
        if title is None and part.filename is not None:
            title = part.filename
            ctx.approximated(part.path, "file name sent as the document title")
        if title is not None:
            out["title"] = title
        if part.context is not None:
            out["context"] = part.context
        if part.citations is not None:
            out["citations"] = {"enabled": part.citations}
        return out

    def write_tool_use(self, call: ir.ToolCall, req: ir.Request, ctx: Context
                       ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "tool_use",
            "id": ctx.call_id(call.id or "", self.CALL_ID, call.path),
            "name": ctx.tool_name(call.name, self.TOOL_NAME, call.path),
            "input": ctx.copy(call.input) if isinstance(call.input, dict)
            else arguments_object(call, ctx),
        }
        self.finish_block(call, out, req, ctx)
        return out

    def write_tool_result(self, result: ir.ToolResult, req: ir.Request, ctx: Context,
                          same: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "tool_result",
            "tool_use_id": ctx.call_id(result.call_id or "", self.CALL_ID, result.path),
        }
        content = result.content
        if result.form == "string" and len(content) == 1 and type(content[0]) is ir.Text \
                and content[0].cache is None and content[0].extras is None:
            out["content"] = content[0].text
        elif result.form != "absent":
            blocks = [b for p in content if (b := self.write_block(p, req, ctx)) is not None]
            if result.form == "null" and same:
                out["content"] = None
            elif result.form == "string" and len(blocks) == 1 and len(blocks[0]) == 2 \
                    and blocks[0]["type"] == "text":
                out["content"] = blocks[0]["text"]
            elif result.form == "string" and not blocks:
                out["content"] = ""
            elif blocks or same:
                out["content"] = blocks
        if result.is_error is not None:
            out["is_error"] = result.is_error
        self.finish_block(result, out, req, ctx)
        return out

    def write_reasoning_part(self, part: ir.Reasoning, req: ir.Request, ctx: Context
                             ) -> dict[str, Any] | None:
        origin = _origin(part)
        if not self.carries(origin):
            ctx.dropped(part.path, f"reasoning from {origin} cannot be replayed to "
                                   f"{self.id}: thinking blocks need an Anthropic signature")
            return None
        out: dict[str, Any]
        if part.redacted:
            out = {"type": "redacted_thinking", "data": part.data}
        elif part.signature is None and part.text is not None and not self.carries(req.source):
            ctx.dropped(part.path, "thinking without a signature cannot be replayed")
            return None
        else:
            out = {"type": "thinking", "thinking": part.text or ""}
            if part.signature is not None:
                out["signature"] = part.signature
        if part.cache is not None:
            out["cache_control"] = self.cache_control(part.cache, part.path, ctx)
            ctx.notes.setdefault("cache_marks", []).append((out, part.cache.path or part.path))
        if part.extras:
            self.emit_extras(out, part.extras, origin or req.source, part.path, ctx)
        return out

    # -- tools -----------------------------------------------------------------------------

    def write_tools(self, req: ir.Request, out: dict[str, Any], ctx: Context, same: bool
                    ) -> None:
        tools: list[dict[str, Any]] = []
        for tool in req.tools or ():
            if isinstance(tool, ir.FunctionTool):
                entry: dict[str, Any] = {
                    "name": ctx.tool_name(tool.name or "", self.TOOL_NAME, tool.path)}
                if tool.description is not None:
                    entry["description"] = tool.description
                entry["input_schema"] = (ctx.copy(tool.parameters) if tool.parameters is not None
                                         else {"type": "object", "properties": {}})
                if tool.strict is not None:
                    entry["strict"] = tool.strict
                if tool.cache is not None:
                    entry["cache_control"] = self.cache_control(tool.cache, tool.path, ctx)
                    ctx.notes.setdefault("cache_marks", []).append((entry, tool.cache.path or tool.path))
                if tool.extras:
                    self.emit_extras(entry, tool.extras, req.source, tool.path, ctx)
                tools.append(entry)
            elif isinstance(tool, ir.CustomTool):
                ctx.approximated(tool.path, f"custom (free-text) tool {tool.name!r} sent as a "
                                            'function taking {"input": string}')
                if tool.format is not None:
                    ctx.dropped(tool.path,
                                f"custom tool grammar has no {self.id} equivalent")
                entry = {"name": ctx.tool_name(tool.name or "", self.TOOL_NAME, tool.path),
                         "input_schema": {"type": "object",
                                          "properties": {"input": {"type": "string"}},
                                          "required": ["input"]}}
                if tool.description is not None:
                    entry["description"] = tool.description
                tools.append(entry)
            elif isinstance(tool, ir.BuiltinTool):
                entry_or_none = self.write_builtin(tool, req, ctx)
                if entry_or_none is not None:
                    tools.append(entry_or_none)
        if tools or (same and req.tools is not None):
            out["tools"] = tools
        self.write_tool_choice(req, out, ctx, same, bool(tools))

    def write_builtin(self, tool: ir.BuiltinTool, req: ir.Request, ctx: Context
                      ) -> dict[str, Any] | None:
        if tool.raw is not None and self.carries(tool.origin):
            return ctx.copy(tool.raw)  # type: ignore[no-any-return]
        template = BUILTIN_WRITE.get(tool.kind)
        if template is None:
            ctx.dropped(tool.path, f"built-in tool {tool.kind!r} has no {self.id} equivalent")
            return None
        entry: dict[str, Any] = dict(template)
        allowed = BUILTIN_SETTINGS[tool.kind]
        for key, value in (tool.config or {}).items():
            if key in allowed:
                entry[key] = ({"type": "approximate", **ctx.copy(value)}
                              if key == "user_location" else ctx.copy(value))
            else:
                ctx.dropped(tool.path,
                            f"{tool.kind} setting {key!r} has no {self.id} equivalent")
        if tool.cache is not None:
            entry["cache_control"] = self.cache_control(tool.cache, tool.path, ctx)
            ctx.notes.setdefault("cache_marks", []).append((entry, tool.cache.path or tool.path))
        return entry

    def write_tool_choice(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                          same: bool, have_tools: bool) -> None:
        choice = req.tool_choice
        parallel = req.parallel_tool_calls
        if choice is None and parallel is None:
            return
        if not have_tools and not same:
            if choice is not None and choice.mode != "none":
                ctx.dropped(choice.path, "tool_choice without tools")
            if parallel is not None:
                ctx.dropped(req.where("parallel_tool_calls"), "no tools to call in parallel")
            return
        tc: dict[str, Any]
        mode = choice.mode if choice is not None else "auto"
        if mode == "required":
            tc = {"type": "any"}
        elif mode == "tool":
            assert choice is not None
            tc = {"type": "tool", "name": ctx.tool_name(choice.name or "", self.TOOL_NAME,
                                                         choice.path)}
            if choice.tool_type not in (None, "function", "custom"):
                tc = {"type": "any"}
                ctx.approximated(choice.path, f"forcing built-in tool {choice.tool_type!r} "
                                              "sent as 'any'")
        elif mode == "allowed":
            assert choice is not None
            tc = {"type": "any" if choice.allowed_mode == "required" else "auto"}
            ctx.approximated(choice.path, f"{self.id} cannot restrict the callable tools to "
                                          f"a subset; sent as {tc['type']!r}")
        else:
            tc = {"type": mode}
        if parallel is not None:
            if tc["type"] == "none":
                if not same:
                    ctx.dropped(req.where("parallel_tool_calls"), "meaningless with tool_choice none")
            else:
                tc["disable_parallel_tool_use"] = not parallel
        if choice is not None:
            if choice.extras:
                self.emit_extras(tc, choice.extras, req.source, choice.path, ctx)
        out["tool_choice"] = tc

    # -- generation settings ---------------------------------------------------------------

    def write_reasoning(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                        caps: models.ModelInfo | None) -> bool:
        """Write ``thinking`` and ``output_config.effort``; return whether thinking is on."""
        r = req.reasoning
        if r is None:
            return False
        if self.carries(req.source):
            return self.write_reasoning_verbatim(r, out)
        path = r.path
        rc = caps.reasoning if caps is not None else models.Reasoning()
        types = rc.thinking_types
        max_tokens: int = out["max_tokens"]
        thinking: dict[str, Any] | None = None
        effort = r.effort
        mode = r.mode or ("disabled" if effort == "none" else "enabled")
        effort_from_budget = False
        if mode == "disabled":
            effort = None
            if types is None or "disabled" in types:
                thinking = {"type": "disabled"}
            else:
                ctx.approximated(path, f"model {req.model!r} cannot turn thinking off; "
                                       "thinking left to the model's default")
        elif self.thinking_allowed(req, out, ctx, required=bool(rc.required)):
            thinking = self.thinking_config(r, mode, effort, types, rc, max_tokens, req, ctx)
            if thinking is not None and thinking["type"] == "adaptive" and effort is None \
                    and r.budget_tokens is not None:
                effort = effort_for_budget(r.budget_tokens, max_tokens)
                effort_from_budget = True
                ctx.approximated(path, f"thinking budget {r.budget_tokens} sent as adaptive "
                                       f"thinking with effort {effort!r}")
        if r.display is not None:
            if thinking is not None and thinking["type"] in ("enabled", "adaptive"):
                thinking["display"] = r.display
            else:
                ctx.dropped(path, "thinking display without thinking")
        elif r.include_thoughts is False and thinking is not None \
                and thinking["type"] in ("enabled", "adaptive"):
            thinking["display"] = "omitted"
            ctx.approximated(path, "includeThoughts false sent as thinking display 'omitted'")
        if r.summary is not None:
            ctx.dropped(path, f"reasoning summary {r.summary!r} has no {self.id} equivalent")
        on = thinking is not None and thinking["type"] != "disabled"
        if thinking is not None:
            out["thinking"] = thinking
        if effort is not None and effort != "none":
            if rc.efforts:
                new = nearest_effort(effort, rc.efforts)
                if new != effort and not effort_from_budget:
                    ctx.approximated(path, f"effort {effort!r} is not supported by "
                                           f"{req.model!r}; sent as {new!r}")
                out.setdefault("output_config", {})["effort"] = new
            elif thinking is not None and thinking["type"] == "adaptive":
                out.setdefault("output_config", {})["effort"] = effort
            elif thinking is not None and r.budget_tokens is not None:
                # Both a budget and an effort, on a model with no known effort setting.
                ctx.dropped(path, f"effort {effort!r} is not supported by {req.model!r}")
        return on

    def write_reasoning_verbatim(self, r: ir.ReasoningConfig, out: dict[str, Any]) -> bool:
        """Same-format: the source's thinking settings, exactly."""
        if r.mode is not None:
            thinking: dict[str, Any] = {"type": r.mode}
            if r.budget_tokens is not None:
                thinking["budget_tokens"] = r.budget_tokens
            if r.display is not None:
                thinking["display"] = r.display
            out["thinking"] = thinking
        if r.effort is not None:
            out.setdefault("output_config", {})["effort"] = r.effort
        return r.mode not in (None, "disabled")

    def thinking_config(self, r: ir.ReasoningConfig, mode: str, effort: str | None,
                        types: list[str] | None, rc: models.Reasoning, max_tokens: int,
                        req: ir.Request, ctx: Context) -> dict[str, Any] | None:
        path = r.path
        if types is not None and mode not in types:
            if mode == "between_tools":
                ctx.dropped(path, f"model {req.model!r} cannot think only between tools")
                return None
            alternative = "adaptive" if "adaptive" in types else (
                "enabled" if "enabled" in types else None)
            if alternative is None:
                ctx.dropped(path, f"model {req.model!r} does not think")
                return None
            if mode == "enabled" and r.budget_tokens is None:
                return {"type": alternative} if alternative == "adaptive" else \
                    self.budget_config(r, effort, rc, max_tokens, req, ctx)
            ctx.approximated(path, f"thinking type {mode!r} is not supported by "
                                   f"{req.model!r}; sent as {alternative!r}")
            mode = alternative
        elif mode == "enabled" and r.budget_tokens is None and types is not None \
                and "adaptive" in types:
            # An effort without a budget: adaptive thinking carries it without inventing one.
            return {"type": "adaptive"}
        if mode == "adaptive" or mode == "between_tools":
            return {"type": mode}
        return self.budget_config(r, effort, rc, max_tokens, req, ctx)

    def budget_config(self, r: ir.ReasoningConfig, effort: str | None, rc: models.Reasoning,
                      max_tokens: int, req: ir.Request, ctx: Context) -> dict[str, Any] | None:
        path = r.path
        low = max(MIN_BUDGET, rc.budget_min or 0)
        high = max_tokens - 1
        if rc.budget_max is not None:
            high = min(high, rc.budget_max)
        if high < low:
            ctx.dropped(path, f"thinking needs a budget of at least {low} tokens below "
                              f"max_tokens ({max_tokens}); thinking left off")
            return None
        budget = r.budget_tokens
        if budget is None or budget < 0:
            want = effort if effort not in (None, "none") else DEFAULT_EFFORT
            budget = clamp(budget_for_effort(want or DEFAULT_EFFORT, max_tokens), low, high)
            ctx.approximated(path, f"reasoning effort {want!r} sent as a thinking budget of "
                                   f"{budget} tokens (see interlingua.reasoning)")
            return {"type": "enabled", "budget_tokens": budget}
        fitted = clamp(budget, low, high)
        if fitted != budget:
            ctx.approximated(path, f"thinking budget {budget} clamped to {fitted} "
                                   f"(allowed {low}..{high} with max_tokens {max_tokens})")
        return {"type": "enabled", "budget_tokens": fitted}

    def thinking_allowed(self, req: ir.Request, out: dict[str, Any], ctx: Context, *,
                         required: bool = False) -> bool:
        """Check the rules that make Anthropic refuse thinking, and report the one that fails.

        A model that always thinks (``required``) keeps thinking: a forced tool choice is
        relaxed to "auto" instead.
        """
        path = req.reasoning.path if req.reasoning else None
        tc = out.get("tool_choice")
        if tc is not None and tc.get("type") in ("any", "tool"):
            if required:
                ctx.approximated(req.tool_choice.path if req.tool_choice else path,
                                 f"model {req.model!r} always thinks and Anthropic refuses "
                                 "forced tool use with thinking; tool_choice sent as 'auto'")
                tc["type"] = "auto"
                tc.pop("name", None)
                return True
            ctx.dropped(path, "Anthropic refuses thinking when tool_choice forces tool use; "
                              "thinking left off to keep the forced tool choice")
            return False
        messages = out["messages"]
        last_assistant = next((m for m in reversed(messages) if m["role"] == "assistant"), None)
        if last_assistant is not None:
            content = last_assistant["content"]
            blocks = content if isinstance(content, list) else []
            in_loop = messages[-1] is last_assistant or (any(
                b.get("type") == "tool_use" for b in blocks) and _after_last_user_text(
                messages, last_assistant))
            if in_loop and not (blocks and blocks[0].get("type") in THINKING_BLOCKS):
                ctx.dropped(path, "Anthropic requires the last assistant turn of a tool loop "
                                  "to start with a signed thinking block when thinking is on; "
                                  "the history has none (signatures cannot be invented), so "
                                  "thinking is left off for this request")
                return required
        return True

    def write_output(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                     hints: dict[str, Any]) -> None:
        o = req.output
        if o is None:
            return
        if o.type == "text":
            if not self.carries(req.source):
                pass
            return
        if o.type == "json_object":
            ctx.dropped(o.path, f"JSON mode without a schema has no {self.id} equivalent")
            return
        fmt = {"type": "json_schema", "schema": ctx.copy(o.schema or {})}
        if o.name is not None:
            ctx.dropped(o.path,
                        f"schema name has no {self.id} equivalent")
        if o.description is not None:
            ctx.dropped(o.path,
                        f"schema description has no {self.id} equivalent")
        if o.strict is False:
            ctx.approximated(o.path,
                             f"{self.id} structured output is always strict")
        if hints.get("output_format") and not hints.get("output_config"):
            out["output_format"] = fmt
        else:
            out.setdefault("output_config", {})["format"] = fmt

    def write_sampling(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                       caps: models.ModelInfo | None, thinking_on: bool) -> None:
        s = req.sampling
        same = self.carries(req.source)
        sc = caps.sampling if caps is not None else models.Sampling()
        temperature, top_p, top_k = s.temperature, s.top_p, s.top_k
        if not same:
            if temperature is not None and sc.temperature is False:
                ctx.dropped(req.where("temperature"), f"model {req.model!r} does not accept temperature")
                temperature = None
            if top_p is not None and sc.top_p is False:
                ctx.dropped(req.where("top_p"), f"model {req.model!r} does not accept top_p")
                top_p = None
            if top_k is not None and sc.top_k is False:
                ctx.dropped(req.where("top_k"), f"model {req.model!r} does not accept top_k")
                top_k = None
            if thinking_on:
                if temperature is not None and temperature != 1:
                    ctx.dropped(req.where("temperature"), "Anthropic only accepts temperature 1 with "
                                                 "thinking")
                    temperature = None
                if top_k is not None:
                    ctx.dropped(req.where("top_k"), "Anthropic refuses top_k with thinking")
                    top_k = None
                if top_p is not None and not 0.95 <= top_p <= 1:
                    ctx.dropped(req.where("top_p"), "Anthropic only accepts top_p in 0.95..1 with "
                                           "thinking")
                    top_p = None
            if temperature is not None and top_p is not None and sc.temperature_top_p_exclusive:
                ctx.dropped(req.where("top_p"), f"model {req.model!r} refuses temperature and top_p "
                                       "together; temperature kept")
                top_p = None
        if temperature is not None:
            out["temperature"] = temperature
        if top_p is not None:
            out["top_p"] = top_p
        if top_k is not None:
            out["top_k"] = top_k
        if s.stop is not None:
            out["stop_sequences"] = list(s.stop)
        for key, label in (("seed", "seed"), ("presence_penalty", "presence_penalty"),
                           ("frequency_penalty", "frequency_penalty"),
                           ("logit_bias", "logit_bias"), ("top_logprobs", "top_logprobs")):
            if getattr(s, key) is not None:
                ctx.dropped(req.where(key), f"{label} has no {self.id} equivalent")
        if s.logprobs:
            ctx.dropped(req.where("logprobs"), f"{self.id} does not return log probabilities")
        if s.n is not None and s.n != 1:
            ctx.dropped(req.where("n"), f"{self.id} returns one completion per request (n={s.n})")

    def write_cache(self, req: ir.Request, out: dict[str, Any], ctx: Context) -> None:
        c = req.cache
        if c is None:
            return
        if c.auto is not None:
            out["cache_control"] = self.cache_control(c.auto, "$", ctx)
        if c.key is not None:
            ctx.dropped(req.where("cache.key"), f"prompt cache keys have no {self.id} "
                                              "equivalent")
        if c.retention is not None:
            ctx.dropped(req.where("cache.retention"), "cache retention has no "
                                                    f"{self.id} equivalent")
        if c.mode is not None or c.ttl is not None:
            ctx.dropped(req.where("cache.options"), f"prompt cache options have no {self.id} "
                                                  "equivalent")

    def limit_cache_breakpoints(self, out: dict[str, Any], ctx: Context) -> None:
        """Anthropic takes at most 4 breakpoints: keep the last ones (the longest prefixes)."""
        marks: list[tuple[dict[str, Any], str | None]] = ctx.notes.get("cache_marks", [])
        budget = MAX_CACHE_BREAKPOINTS - (1 if "cache_control" in out else 0)
        if len(marks) <= budget:
            return
        marks = [(block, path) for block, path in marks if "cache_control" in block]
        # Tools come first in the prompt, then system, then messages: order by position.
        order = {id(block): i for i, block in enumerate(_blocks_in_order(out))}
        marks.sort(key=lambda m: order.get(id(m[0]), -1))
        for block, path in marks[: max(0, len(marks) - budget)]:
            del block["cache_control"]
            ctx.dropped(path,
                        f"{self.id} takes at most {MAX_CACHE_BREAKPOINTS} cache breakpoints; "
                        "the earliest were removed")


    def order_cache_ttls(self, out: dict[str, Any], ctx: Context) -> None:
        """Anthropic: "a ttl='1h' cache_control block must not come after a ttl='5m'
        cache_control block". Breakpoints before a 1h one are raised to 1h (their prefixes
        are inside the 1h prefix anyway), each reported."""
        marks: list[tuple[dict[str, Any], str | None]] = ctx.notes.get("cache_marks", [])
        if not any(b.get("cache_control", {}).get("ttl") == "1h" for b, _ in marks):
            return
        order = {id(block): i for i, block in enumerate(_blocks_in_order(out))}
        ordered = sorted((m for m in marks if "cache_control" in m[0]),
                         key=lambda m: order.get(id(m[0]), -1))
        last_1h = max(i for i, (b, _) in enumerate(ordered)
                      if b["cache_control"].get("ttl") == "1h")
        for block, path in ordered[:last_1h]:
            if block["cache_control"].get("ttl") != "1h":
                block["cache_control"] = {**block["cache_control"], "ttl": "1h"}
                ctx.approximated(path, "cache ttl raised to '1h': Anthropic refuses a 1h "
                                       "breakpoint after a 5m one")

    def trim_final_assistant(self, out: dict[str, Any], ctx: Context) -> None:
        """Anthropic: "final assistant content cannot end with trailing whitespace"."""
        messages = out["messages"]
        if not messages or messages[-1]["role"] != "assistant":
            return
        last = messages[-1]
        content = last["content"]
        if isinstance(content, str):
            if content != content.rstrip():
                last["content"] = content.rstrip()
                ctx.approximated(ctx.notes.get("last_assistant"),
                                 "trailing whitespace of the final assistant text (a prefill) "
                                 "removed: Anthropic refuses it")
        elif content and content[-1].get("type") == "text":
            text = content[-1]["text"]
            if text != text.rstrip():
                content[-1] = {**content[-1], "text": text.rstrip()}
                ctx.approximated(ctx.notes.get("last_assistant"),
                                 "trailing whitespace of the final assistant text (a prefill) "
                                 "removed: Anthropic refuses it")


def _blocks_in_order(out: dict[str, Any]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = list(out.get("tools", ()))
    if isinstance(out.get("system"), list):
        blocks.extend(out["system"])
    for message in out["messages"]:
        content = message["content"]
        if isinstance(content, list):
            for block in content:
                blocks.append(block)
                inner = block.get("content")
                if isinstance(inner, list):
                    blocks.extend(b for b in inner if isinstance(b, dict))
    return blocks


def _origin(part: ir.Part) -> str | None:
    return part.origin.format if part.origin is not None else None


def _after_last_user_text(messages: list[dict[str, Any]], assistant: dict[str, Any]) -> bool:
    """Whether ``assistant`` is part of the current tool loop (no plain user turn after it)."""
    index = next(i for i in range(len(messages) - 1, -1, -1) if messages[i] is assistant)
    for message in messages[index + 1:]:
        content = message["content"]
        if message["role"] == "user" and (isinstance(content, str) or not any(
                isinstance(b, dict) and b.get("type") == "tool_result" for b in content)):
            return False
    return True
