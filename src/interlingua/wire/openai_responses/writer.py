"""IR -> OpenAI Responses request.

Crossing into Responses:

* a leading system message of one plain text becomes ``instructions``; every other turn
  becomes input items: user / system / developer messages, assistant text as an easy
  assistant message (a string: the full output-message form needs an id only OpenAI mints),
  tool calls as ``function_call`` / ``custom_tool_call`` items (``call_id`` pairs them with
  their ``function_call_output``), tool results as output items placed before the rest of
  their turn;
* reasoning is replayed only when OpenAI minted it (``origin`` openai.responses): a reasoning
  item needs an OpenAI id, and Anthropic signatures or Gemini thought signatures are never
  turned into ``encrypted_content``;
* a stateless source says nothing about storage, and Responses stores by default: the writer
  sends ``store: false`` so nothing is retained that the source would not have retained, and
  then asks for ``reasoning.encrypted_content`` on reasoning models so that the reasoning can
  be replayed on the next turn (without it OpenAI answers "Item with id 'rs_...' not found").
"""

from __future__ import annotations

from typing import Any, ClassVar

from ... import ir, models
from ...context import Context
from ...errors import ConversionError
from ...names import OPENAI_TOOL_NAME, IdRules
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
from .tables import (
    CACHE_TTLS,
    INCLUDE_LOGPROBS,
    INCLUDE_REASONING,
    MIN_OUTPUT_TOKENS,
    RESPONSES_CALL_ID,
    SERVICE_TIER_IN,
    SERVICE_TIERS,
    SHARED_WITH_CHAT,
)

EMPTY_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}


class ResponsesWriter(Format):
    """Writes Responses requests."""

    TOOL_NAME: ClassVar[IdRules] = OPENAI_TOOL_NAME
    CALL_ID: ClassVar[IdRules] = RESPONSES_CALL_ID

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        same = self.carries(req.source)
        hints = (req.hints or {}) if same else {}
        caps = models.lookup(req.model)
        if req.model is None:
            raise ConversionError("$.model", f"{self.id} requires a model; pass model=")
        out: dict[str, Any] = {"model": req.model}
        self.register_tool_names(req, ctx)
        self.write_input(req, out, ctx, same, hints, caps)
        self.write_tools(req, out, ctx, same)
        self.write_reasoning(req, out, ctx, caps, same)
        self.write_text(req, out, ctx)
        self.write_sampling(req, out, ctx, caps, same)
        self.write_cache(req, out, ctx)
        if req.metadata is not None:
            out["metadata"] = ctx.copy(req.metadata)
        if req.user is not None:
            out["user"] = req.user
        if req.safety_identifier is not None:
            out["safety_identifier"] = req.safety_identifier
        if req.service_tier is not None:
            tier = req.service_tier if same else SERVICE_TIER_IN.get(req.service_tier,
                                                                     req.service_tier)
            if tier in SERVICE_TIERS or same:
                out["service_tier"] = tier
                if tier != req.service_tier:
                    ctx.approximated(req.where("service_tier"),
                                     f"service tier {req.service_tier!r} sent as {tier!r}")
            else:
                ctx.dropped(req.where("service_tier"), f"service tier {req.service_tier!r} has "
                                                       f"no {self.id} equivalent")
        if req.store is not None:
            out["store"] = req.store
        elif not same:
            out["store"] = False
        if req.stream is not None:
            out["stream"] = req.stream
        self.write_stream_options(req, out, ctx, same, hints)
        self.write_include(req, out, ctx, caps, same, hints)
        if req.extras:
            if not same and req.source == "openai.chat":
                shared = {k: v for k, v in req.extras.items() if k in SHARED_WITH_CHAT}
                for key, value in shared.items():
                    if value is not None:
                        out[key] = ctx.copy(value)
                rest = {k: v for k, v in req.extras.items() if k not in SHARED_WITH_CHAT}
                self.emit_extras(out, rest, req.source, "$", ctx)
            else:
                self.emit_extras(out, req.extras, req.source, "$", ctx)
        return out

    # -- input -----------------------------------------------------------------------------

    def write_input(self, req: ir.Request, out: dict[str, Any], ctx: Context, same: bool,
                    hints: dict[str, Any], caps: models.ModelInfo | None) -> None:
        msgs = req.messages
        start = 0
        if msgs:
            first = msgs[0]
            if same:
                if first.hints and first.hints.get("instructions"):
                    out["instructions"] = _text_of(first)
                    start = 1
            elif self.as_instructions(first, caps):
                out["instructions"] = _text_of(first)
                self.write_text_marks(first, req, ctx)
                start = 1
        form = hints.get("input")
        if form == "string" or (not same and len(msgs) - start == 1 and _plain_user(msgs[-1])):
            out["input"] = _text_of(msgs[-1])
            return
        items: list[dict[str, Any]] = []
        kinds: dict[str, str] = {}   # call id -> "custom" for custom tool calls
        for msg in msgs[start:]:
            if msg.role == "assistant":
                self.write_assistant(msg, items, kinds, req, ctx, same)
            else:
                self.write_turn(msg, items, kinds, req, ctx, same)
        if items or form == "list" or not same:
            out["input"] = items

    def as_instructions(self, msg: ir.Message, caps: models.ModelInfo | None) -> bool:
        """A leading system message that ``instructions`` carries without a loss."""
        if msg.role != "system" or len(msg.parts) != 1 or msg.name is not None or msg.extras:
            return False
        part = msg.parts[0]
        if type(part) is not ir.Text or part.citations or part.extras:
            return False
        # A breakpoint the model can take needs a content part.
        return part.cache is None or not (caps is not None and caps.params.cache_breakpoints)

    def write_text_marks(self, msg: ir.Message, req: ir.Request, ctx: Context) -> None:
        for part in msg.parts:
            if part.cache is not None:
                self.breakpoint(part.cache, req, ctx)

    def write_turn(self, msg: ir.Message, items: list[dict[str, Any]], kinds: dict[str, str],
                   req: ir.Request, ctx: Context, same: bool) -> None:
        """A user, system, developer or tool turn: results and loose items, then a message."""
        role = msg.role
        # Fast path: a role and a string.
        if msg.form == "string" and len(msg.parts) == 1 and msg.extras is None and (
                msg.hints is None or not same) and msg.name is None and role != "tool":
            part = msg.parts[0]
            if type(part) is ir.Text and part.cache is None and part.extras is None \
                    and part.hints is None and not part.citations:
                items.append({"role": role, "content": part.text})
                return
        message: dict[str, Any] | None = None
        content: list[dict[str, Any]] = []
        for part in msg.parts:
            if isinstance(part, ir.ToolResult):
                items.append(self.write_result(part, kinds, req, ctx, same))
            elif isinstance(part, ir.Opaque) and part.hints and part.hints.get("item"):
                self.write_opaque_item(part, items, ctx)
            else:
                written = self.write_content(part, role, req, ctx, same)
                if written is None:
                    continue
                if message is None:
                    message = {"role": role, "content": content}
                    items.append(message)
                content.append(written)
        if role == "tool":
            if same and msg.extras:
                self.emit_extras(items[-1], msg.extras, req.source, msg.path, ctx)
            elif msg.extras:
                self.emit_extras({}, msg.extras, req.source, msg.path, ctx)
            return
        if message is None:
            if same and not any(isinstance(p, (ir.ToolResult, ir.Opaque))
                                for p in msg.parts):
                message = {"role": role, "content": content}
                items.append(message)
            else:
                if msg.name is not None:
                    ctx.dropped(msg.path, f"message names have no {self.id} equivalent")
                return
        self.finish_message(msg, message, content, req, ctx, same)

    def finish_message(self, msg: ir.Message, message: dict[str, Any],
                       content: list[dict[str, Any]], req: ir.Request, ctx: Context,
                       same: bool) -> None:
        if msg.form == "string" and len(content) == 1 and len(content[0]) == 2 \
                and content[0]["type"] in ("input_text", "output_text"):
            message["content"] = content[0]["text"]
        if msg.name is not None:
            ctx.dropped(msg.path, f"message names have no {self.id} equivalent")
        if same:
            if msg.hints and "keys" in msg.hints:
                keys = ctx.copy(msg.hints["keys"])
                ordered = {k: keys[k] for k in ("type", "id") if k in keys}
                ordered.update(message)
                ordered.update(keys)
                message.clear()
                message.update(ordered)
            if msg.extras:
                self.emit_extras(message, msg.extras, req.source, msg.path, ctx)
        elif msg.extras:
            self.emit_extras(message, msg.extras, req.source, msg.path, ctx)

    def write_assistant(self, msg: ir.Message, items: list[dict[str, Any]],
                        kinds: dict[str, str], req: ir.Request, ctx: Context, same: bool
                        ) -> None:
        message: dict[str, Any] | None = None
        content: list[dict[str, Any]] = []
        run: list[str] | None = None   # across formats: texts of one easy assistant message
        start = len(items)
        for part in msg.parts:
            if isinstance(part, ir.ToolCall):
                items.append(self.write_call(part, kinds, req, ctx, same))
            elif isinstance(part, ir.Reasoning):
                item = self.write_reasoning_item(part, req, ctx)
                if item is not None:
                    items.append(item)
            elif isinstance(part, ir.Opaque) and part.hints and part.hints.get("item"):
                self.write_opaque_item(part, items, ctx)
            elif isinstance(part, ir.ToolResult):
                items.append(self.write_result(part, kinds, req, ctx, same))
            elif same:
                written = self.write_content(part, "assistant", req, ctx, same)
                if written is not None:
                    if message is None:
                        message = {"role": "assistant", "content": content}
                        items.append(message)
                    content.append(written)
                continue
            else:
                text = self.assistant_text(part, ctx)
                if text is not None:
                    if run is None:
                        run = []
                        items.append({"role": "assistant", "content": run})
                    run.append(text)
                    continue
            run = None   # text after something that is not text starts a new message
        if same:
            if message is None and msg.hints and msg.hints.get("message"):
                # An assistant message item with empty content.
                message = {"role": "assistant", "content": "" if msg.form == "string" else []}
                items.append(message)
            if message is not None:
                self.finish_message(msg, message, content, req, ctx, same)
            return
        wrote = False
        for item in items[start:]:
            if item.get("role") == "assistant":
                item["content"] = "".join(item["content"])
                wrote = True
        if msg.name is not None:
            ctx.dropped(msg.path, f"message names have no {self.id} equivalent")
        if msg.extras:
            self.emit_extras({}, msg.extras, req.source, msg.path, ctx)
        if wrote and msg is req.messages[-1]:
            ctx.approximated(msg.path, f"a final assistant turn (prefill) is not continued by "
                                       f"{self.id}: the model answers with a new message")

    def assistant_text(self, part: ir.AnyPart, ctx: Context) -> str | None:
        """Assistant content from another format, as text of an easy assistant message."""
        if isinstance(part, ir.Text):
            if part.citations:
                ctx.dropped(part.path, f"citations cannot be replayed to {self.id}")
            if part.cache is not None:
                ctx.dropped(part.cache.path or part.path,
                            f"cache breakpoints on assistant text have no place in {self.id}")
            if part.extras:
                self.emit_extras({}, part.extras, ctx.source, part.path, ctx)
            return part.text
        if isinstance(part, ir.Refusal):
            ctx.approximated(part.path, "refusal replayed as assistant text (a refusal part "
                                        "needs the output-message form, whose id only "
                                        "OpenAI mints)")
            return part.text
        ctx.dropped(part.path, f"{_kind(part)} cannot be replayed in an assistant message of "
                               f"{self.id}")
        return None

    def write_opaque_item(self, part: ir.Opaque, items: list[dict[str, Any]],
                          ctx: Context) -> None:
        if self.carries(part.origin.format if part.origin else None):
            items.append(ctx.copy(part.value))
        else:
            ctx.dropped(part.path, f"{_kind(part)} has no {self.id} equivalent")

    def write_call(self, call: ir.ToolCall, kinds: dict[str, str], req: ir.Request,
                   ctx: Context, same: bool) -> dict[str, Any]:
        call_id = ctx.call_id(call.id or "", self.CALL_ID, call.path)
        name = ctx.tool_name(call.name, self.TOOL_NAME, call.path)
        out: dict[str, Any] = {"type": "function_call"}
        if same and call.hints and "id" in call.hints:
            out["id"] = call.hints["id"]
        out["call_id"] = call_id
        out["name"] = name
        if call.kind == "custom":
            kinds[call_id] = "custom"
            out["type"] = "custom_tool_call"
            out["input"] = arguments_text(call)
        else:
            out["arguments"] = arguments_text(call)
        if same:
            if call.hints:
                out.update(ctx.copy(call.hints))
        else:
            if call.signature is not None:
                ctx.dropped(call.path, f"signature on a tool call has no place in {self.id}")
            if call.cache is not None:
                ctx.dropped(call.cache.path or call.path,
                            f"cache breakpoint on a tool call has no place in {self.id}")
        if call.extras:
            self.emit_extras(out, call.extras, req.source, call.path, ctx)
        return out

    def write_result(self, result: ir.ToolResult, kinds: dict[str, str], req: ir.Request,
                     ctx: Context, same: bool) -> dict[str, Any]:
        call_id = ctx.call_id(result.call_id or "", self.CALL_ID, result.path)
        kind = "function_call_output"
        if same:
            if result.hints and "type" in result.hints:
                kind = result.hints["type"]
        elif kinds.get(call_id) == "custom":
            kind = "custom_tool_call_output"
        out: dict[str, Any] = {"type": kind}
        if same and result.hints and "id" in result.hints:
            out["id"] = result.hints["id"]
        out["call_id"] = call_id
        content = result.content
        if result.form == "string" and len(content) == 1 and type(content[0]) is ir.Text \
                and content[0].cache is None and content[0].extras is None:
            out["output"] = content[0].text
        else:
            parts = [w for p in content
                     if (w := self.write_content(p, "tool", req, ctx, same)) is not None]
            if same:
                out["output"] = (parts[0]["text"] if parts else "") \
                    if result.form == "string" else parts
            elif not parts:
                out["output"] = ""
            elif len(parts) == 1 and len(parts[0]) == 2 and parts[0]["type"] == "input_text":
                out["output"] = parts[0]["text"]
            else:
                out["output"] = parts
        if same:
            if result.hints:
                out.update(ctx.copy(result.hints))
                if "type" in result.hints:
                    out["type"] = result.hints["type"]
            if result.call_id is None:
                del out["call_id"]
        else:
            if result.is_error:
                ctx.dropped(result.path, f"{self.id} tool outputs have no error flag")
            if result.cache is not None:
                ctx.dropped(result.cache.path or result.path,
                            f"cache breakpoint on a tool result has no place in {self.id}")
        if result.extras:
            self.emit_extras(out, result.extras, req.source, result.path, ctx)
        return out

    def write_reasoning_item(self, part: ir.Reasoning, req: ir.Request, ctx: Context
                             ) -> dict[str, Any] | None:
        origin = part.origin.format if part.origin is not None else None
        if not self.carries(origin):
            what = "a thinking signature" if part.signature else "reasoning"
            ctx.dropped(part.path, f"{what} from {origin} cannot be replayed to {self.id}: "
                                   "reasoning items carry OpenAI-minted ids and encrypted "
                                   "content, which are never invented")
            return None
        out: dict[str, Any] = {"type": "reasoning"}
        hints = part.hints or {}
        if part.id is not None:
            out["id"] = part.id
        if part.summary is not None:
            out["summary"] = ctx.copy(hints["summary"]) if "summary" in hints else [
                {"type": "summary_text", "text": s} for s in part.summary]
        if "content" in hints:
            out["content"] = ctx.copy(hints["content"])
        elif part.text is not None:
            out["content"] = [{"type": "reasoning_text", "text": part.text}]
        if part.data is not None:
            out["encrypted_content"] = part.data
        if "status" in hints:
            out["status"] = hints["status"]
        if part.extras:
            self.emit_extras(out, part.extras, origin or req.source, part.path, ctx)
        return out

    # -- content parts ---------------------------------------------------------------------

    def write_content(self, part: ir.AnyPart, role: str, req: ir.Request, ctx: Context,
                      same: bool) -> dict[str, Any] | None:
        out: dict[str, Any]
        if type(part) is ir.Text and part.cache is None and part.extras is None \
                and part.hints is None and part.citations is None:
            return {"type": "output_text" if role == "assistant" else "input_text",
                    "text": part.text}
        if isinstance(part, ir.Text):
            kind = "output_text" if role == "assistant" else "input_text"
            out = {"type": kind, "text": part.text}
            if part.citations is not None:
                if same and kind == "output_text":
                    out["annotations"] = ctx.copy(part.citations)
                elif part.citations:
                    ctx.dropped(part.path, f"citations cannot be sent in {self.id} input text")
        elif isinstance(part, ir.Image):
            out = {"type": "input_image"}
            if part.data is not None:
                out["image_url"] = data_uri(part.media_type, part.data)
            elif part.url is not None:
                out["image_url"] = part.url
            elif part.file_id is not None and (same or req.source.startswith("openai.")):
                out["file_id"] = part.file_id
            else:
                ctx.dropped(part.path, f"image given by file id {part.file_id!r} cannot be "
                                       f"sent to {self.id} (file ids are vendor-specific)")
                return None
            if part.file_id is not None and "file_id" not in out:
                out["file_id"] = part.file_id
            if part.detail is not None:
                out["detail"] = part.detail
            elif not same and role != "tool":
                out["detail"] = "auto"   # required on message images
        elif isinstance(part, ir.File):
            written = self.write_file(part, req, ctx, same)
            if written is None:
                return None
            out = written
        elif isinstance(part, ir.Refusal):
            if role != "assistant" or not same:
                ctx.approximated(part.path, "refusal sent as text")
                out = {"type": "output_text" if role == "assistant" else "input_text",
                       "text": part.text}
            else:
                out = {"type": "refusal", "refusal": part.text}
        elif isinstance(part, ir.Audio):
            fmt = part.format or MEDIA_TO_AUDIO_FORMAT.get(part.media_type or "")
            if not same or part.data is None or fmt is None:
                ctx.dropped(part.path, f"audio cannot be sent to {self.id}: input messages "
                                       "take text, images and files")
                return None
            out = {"type": "input_audio", "input_audio": {"data": part.data, "format": fmt}}
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
        if same:
            if part.hints:
                out.update(ctx.copy(part.hints))
        elif part.signature is not None:
            ctx.dropped(part.path, f"signature has no place in {self.id}")
        if part.extras:
            self.emit_extras(out, part.extras, req.source, part.path, ctx)
        return out

    def write_file(self, part: ir.File, req: ir.Request, ctx: Context, same: bool
                   ) -> dict[str, Any] | None:
        out: dict[str, Any] = {"type": "input_file"}
        native = same or req.source.startswith("openai.")
        if part.data is not None:
            out["file_data"] = (data_uri(part.media_type, part.data)
                                if part.media_type is not None else part.data)
        elif part.url is not None:
            out["file_url"] = part.url
        elif part.file_id is not None and native:
            out["file_id"] = part.file_id
        elif part.text is not None:
            ctx.approximated(part.path, "plain-text document sent as a text part")
            return {"type": "input_text", "text": part.text}
        else:
            ctx.dropped(part.path, f"document given by file id {part.file_id!r} cannot be sent "
                                   f"to {self.id} (file ids are vendor-specific)")
            return None
        if part.file_id is not None and "file_id" not in out and native:
            out["file_id"] = part.file_id
        filename = part.filename
        if filename is None and part.title is not None and not same:
            filename = part.title
            ctx.approximated(part.path, "document title sent as the file name")
        if filename is None and "file_data" in out and not same:
            filename = "document.pdf" if part.media_type == "application/pdf" else "file"
        if filename is not None:
            out["filename"] = filename
        if not same:
            if part.context is not None:
                ctx.dropped(part.path, f"document context has no {self.id} equivalent")
            if part.citations is not None:
                ctx.dropped(part.path, f"document citations setting has no {self.id} "
                                       "equivalent")
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
        ttl = mark.ttl
        if ttl is not None and ttl not in CACHE_TTLS:
            new = "12h" if ttl == "1h" else None
            ctx.approximated(mark.path, f"cache ttl {ttl!r} has no {self.id} equivalent; "
                                        f"{'using ' + repr(new) if new else 'using the default (30m)'}")
            ttl = new
        if ttl is not None:
            bp["ttl"] = ttl
        return bp

    # -- tools -----------------------------------------------------------------------------

    def write_tools(self, req: ir.Request, out: dict[str, Any], ctx: Context, same: bool
                    ) -> None:
        tools: list[dict[str, Any]] = []
        for tool in req.tools or ():
            if isinstance(tool, ir.FunctionTool):
                tools.append(self.write_function(tool, req, ctx, same))
            elif isinstance(tool, ir.CustomTool):
                entry: dict[str, Any] = {"type": "custom", "name": ctx.tool_name(
                    tool.name or "", self.TOOL_NAME, tool.path)}
                if tool.description is not None:
                    entry["description"] = tool.description
                if tool.format is not None:
                    entry["format"] = _flat_format(ctx.copy(tool.format))
                if tool.extras:
                    self.emit_extras(entry, tool.extras, req.source, tool.path, ctx)
                tools.append(entry)
            elif isinstance(tool, ir.BuiltinTool):
                written = self.write_builtin(tool, req, ctx)
                if written is not None:
                    tools.append(written)
        if tools or (same and req.tools is not None):
            out["tools"] = tools
        if req.tool_choice is not None:
            choice = self.write_tool_choice(req, ctx, same, bool(tools))
            if choice is not None:
                out["tool_choice"] = choice
        if req.parallel_tool_calls is not None:
            if tools or same:
                out["parallel_tool_calls"] = req.parallel_tool_calls
            else:
                ctx.dropped(_parallel_path(req), "no tools to call in parallel")

    def write_function(self, tool: ir.FunctionTool, req: ir.Request, ctx: Context, same: bool
                       ) -> dict[str, Any]:
        entry: dict[str, Any] = {"type": "function",
                                 "name": ctx.tool_name(tool.name or "", self.TOOL_NAME,
                                                       tool.path)}
        if tool.description is not None:
            entry["description"] = tool.description
        if tool.parameters is not None:
            entry["parameters"] = ctx.copy(tool.parameters)
        elif not same:
            entry["parameters"] = dict(EMPTY_SCHEMA)
        if tool.strict is not None:
            entry["strict"] = tool.strict
            if tool.strict and not same and not strict_compatible(
                    tool.parameters or {"type": "object", "properties": {},
                                        "additionalProperties": False}):
                entry["strict"] = False
                ctx.approximated(tool.path, f"strict tool {tool.name!r} has optional or open "
                                            f"properties, which {self.id} strict mode rejects; "
                                            "sent without strict")
        elif not same:
            # Responses functions are strict unless told otherwise; the source's were not.
            entry["strict"] = False
        if tool.cache is not None:
            ctx.dropped(tool.cache.path or tool.path,
                        f"{self.id} has no cache breakpoints on tools (it caches the tool "
                        "prefix automatically)")
        if tool.extras:
            self.emit_extras(entry, tool.extras, req.source, tool.path, ctx)
        return entry

    def write_builtin(self, tool: ir.BuiltinTool, req: ir.Request, ctx: Context
                      ) -> dict[str, Any] | None:
        if tool.raw is not None and self.carries(tool.origin):
            return ctx.copy(tool.raw)  # type: ignore[no-any-return]
        config = dict(tool.config or {})
        entry: dict[str, Any]
        if tool.kind == "web_search":
            entry = {"type": "web_search"}
            if (size := config.pop("search_context_size", None)) is not None:
                entry["search_context_size"] = size
            loc = config.get("user_location")
            if isinstance(loc, dict):
                entry["user_location"] = {"type": "approximate", **ctx.copy(config.pop(
                    "user_location"))}
            domains = config.get("allowed_domains")
            if isinstance(domains, list):
                entry["filters"] = {"allowed_domains": ctx.copy(config.pop("allowed_domains"))}
            if tool.origin == "openai.chat":
                ctx.approximated(tool.path, "web_search_options (search models always search) "
                                            "sent as the web_search tool (the model decides "
                                            "when to search)")
        elif tool.kind == "code_execution":
            entry = {"type": "code_interpreter", "container": {"type": "auto"}}
            ctx.approximated(tool.path, f"{tool.kind} tool sent as code_interpreter with an "
                                        "automatic container")
        else:
            client = as_function(tool.kind, tool.name)
            if client is None:
                ctx.dropped(tool.path, f"built-in tool {tool.kind!r} has no {self.id} "
                                       "equivalent")
                return None
            name, spec = client
            ctx.approximated(tool.path, f"{tool.kind} tool sent as a function with its "
                                        "documented input schema (the client still runs it)")
            return {"type": "function", "name": ctx.tool_name(name, self.TOOL_NAME, tool.path),
                    "description": spec["description"],
                    "parameters": ctx.copy(spec["parameters"]), "strict": False}
        for key in config:
            ctx.dropped(tool.path, f"{tool.kind} setting {key!r} has no {self.id} equivalent")
        if tool.cache is not None:
            ctx.dropped(tool.cache.path or tool.path,
                        f"{self.id} has no cache breakpoints on tools")
        return entry

    def write_tool_choice(self, req: ir.Request, ctx: Context, same: bool, have_tools: bool
                          ) -> Any:
        choice = req.tool_choice
        assert choice is not None
        mode = choice.mode
        if same and req.hints and "tool_choice" in req.hints:
            return ctx.copy(req.hints["tool_choice"])
        if not have_tools and not same and mode != "none":
            ctx.dropped(choice.path, "tool_choice without tools")
            return None
        if mode in ("auto", "none", "required"):
            return mode
        if mode == "tool":
            kind = choice.tool_type or "function"
            if kind in ("function", "custom"):
                return {"type": kind, "name": ctx.tool_name(choice.name or "", self.TOOL_NAME,
                                                            choice.path)}
            ctx.approximated(choice.path, f"forcing built-in tool {kind!r} sent as 'required'")
            return "required"
        refs = []
        for ref in choice.allowed or ():
            kind = ref.get("type", "function")
            if "name" in ref and kind in ("function", "custom"):
                refs.append({"type": kind, "name": ctx.tool_name(ref["name"], self.TOOL_NAME,
                                                                 choice.path)})
            else:
                refs.append(ctx.copy(ref))
        return {"type": "allowed_tools", "mode": choice.allowed_mode or "auto", "tools": refs}

    # -- generation settings ---------------------------------------------------------------

    def write_reasoning(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                        caps: models.ModelInfo | None, same: bool) -> None:
        r = req.reasoning
        if r is None:
            return
        reasoning: dict[str, Any] = {}
        if same:
            if r.effort is not None:
                reasoning["effort"] = r.effort
            if r.summary is not None:
                key = "generate_summary" if (req.hints or {}).get("generate_summary") \
                    else "summary"
                reasoning[key] = r.summary
            out["reasoning"] = reasoning
            return
        path = r.path
        usable, effort = openai_effort(r, req, ctx, caps, self.id, "reasoning effort")
        if not usable:
            return
        if effort is not None:
            reasoning["effort"] = effort
        if r.summary is not None:
            reasoning["summary"] = r.summary
        elif r.display == "summarized" or r.include_thoughts:
            reasoning["summary"] = "auto"
            what = f"thinking display {r.display!r}" if r.display else "includeThoughts"
            ctx.approximated(path, f"{what} sent as reasoning summary 'auto' (OpenAI returns "
                                   "summaries of its reasoning, never the reasoning itself)")
        if reasoning:
            out["reasoning"] = reasoning

    def write_text(self, req: ir.Request, out: dict[str, Any], ctx: Context) -> None:
        text: dict[str, Any] = {}
        o = req.output
        if o is not None:
            if o.type != "json_schema":
                text["format"] = {"type": o.type}
            else:
                f: dict[str, Any] = {"type": "json_schema"}
                same = self.carries(req.source)
                if o.name is not None or not same:
                    name = o.name or "response"
                    if not self.TOOL_NAME.accepts(name):
                        name = ctx.tool_name(name, self.TOOL_NAME, o.path)
                    f["name"] = name
                if o.description is not None:
                    f["description"] = o.description
                if o.schema is not None or not same:
                    f["schema"] = ctx.copy(o.schema or {})
                if o.strict is not None:
                    f["strict"] = o.strict
                text["format"] = f
        if req.verbosity is not None:
            text["verbosity"] = req.verbosity
        if text or (req.hints and req.hints.get("text") and self.carries(req.source)):
            out["text"] = text

    def write_sampling(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                       caps: models.ModelInfo | None, same: bool) -> None:
        s = req.sampling
        fixed = caps.sampling.fixed_temperature if caps else None
        if s.temperature is not None:
            if not same and ((caps and caps.sampling.temperature is False) or (
                    fixed is not None and s.temperature != fixed)):
                ctx.dropped(req.where("temperature"), f"model {req.model!r} only accepts the "
                                                      "default temperature")
            else:
                out["temperature"] = s.temperature
        if s.top_p is not None:
            if not same and caps and (caps.sampling.top_p is False or (
                    fixed is not None and s.top_p != 1)):
                ctx.dropped(req.where("top_p"), f"model {req.model!r} does not accept top_p")
            else:
                out["top_p"] = s.top_p
        if s.top_logprobs is not None:
            out["top_logprobs"] = s.top_logprobs
        if s.max_output_tokens is not None:
            value = s.max_output_tokens
            if value < MIN_OUTPUT_TOKENS and not same:
                ctx.approximated(req.where("max_output_tokens"),
                                 f"max output tokens {value} raised to {MIN_OUTPUT_TOKENS}, "
                                 f"the least {self.id} accepts")
                value = MIN_OUTPUT_TOKENS
            if not same:
                value = output_limit(value, req, ctx)
            out["max_output_tokens"] = value
        for key in ("presence_penalty", "frequency_penalty"):   # Open Responses has them
            if getattr(s, key) is not None:
                if same:
                    out[key] = getattr(s, key)
                else:
                    ctx.dropped(req.where(key), f"{self.id} has no {key}")
        for key in ("top_k", "seed", "logit_bias"):
            if getattr(s, key) is not None:
                ctx.dropped(req.where(key), f"{self.id} has no {key}")
        if s.n is not None and s.n != 1:
            ctx.dropped(req.where("n"), f"{self.id} returns one response per request "
                                        f"(n={s.n})")
        if s.stop:
            ctx.dropped(req.where("stop"), f"{self.id} has no stop sequences")

    def write_cache(self, req: ir.Request, out: dict[str, Any], ctx: Context) -> None:
        c = req.cache
        if c is None:
            return
        if c.key is not None:
            out["prompt_cache_key"] = c.key
        if c.retention is not None:
            out["prompt_cache_retention"] = c.retention
        if c.mode is not None or c.ttl is not None:
            options: dict[str, Any] = {}
            if c.mode is not None:
                options["mode"] = c.mode
            if c.ttl is not None:
                options["ttl"] = c.ttl
            out["prompt_cache_options"] = options
        if c.auto is not None:
            ctx.approximated(req.where("cache.auto"), f"{self.id} caches prompt prefixes "
                                                      "automatically; no explicit marker sent")

    def write_stream_options(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                             same: bool, hints: dict[str, Any]) -> None:
        so = req.stream_options
        if so is None:
            return
        options: dict[str, Any] = {}
        if so.extras:
            if not same and req.source == "openai.chat":
                if (obfuscation := so.extras.get("include_obfuscation")) is not None:
                    options["include_obfuscation"] = obfuscation
                rest = {k: v for k, v in so.extras.items() if k != "include_obfuscation"}
                self.emit_extras(options, rest, req.source, req.where("stream_options"), ctx)
            else:
                self.emit_extras(options, so.extras, req.source, req.where("stream_options"),
                                 ctx)
        if so.include_usage is False and not same:
            ctx.dropped(req.where("stream_options"), f"{self.id} streams always report usage")
        if options or hints.get("stream_options"):
            out["stream_options"] = options

    def write_include(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                      caps: models.ModelInfo | None, same: bool, hints: dict[str, Any]) -> None:
        if same:
            if "include" in hints:
                out["include"] = ctx.copy(hints["include"])
            return
        include: list[str] = []
        if req.sampling.logprobs:
            include.append(INCLUDE_LOGPROBS)
        if out.get("store") is False and caps is not None and caps.reasoning.supported:
            include.append(INCLUDE_REASONING)
        if include:
            out["include"] = include


def _text_of(msg: ir.Message) -> str:
    return "".join(p.text for p in msg.parts if isinstance(p, ir.Text))


def _plain_user(msg: ir.Message) -> bool:
    """A user turn that is one plain string: written as ``input: "..."``."""
    if msg.role != "user" or msg.form != "string" or len(msg.parts) != 1 or msg.extras \
            or msg.name is not None:
        return False
    part = msg.parts[0]
    return type(part) is ir.Text and part.cache is None and not part.extras \
        and not part.citations


def _kind(part: object) -> str:
    if isinstance(part, ir.Opaque):
        what = "item" if part.hints and part.hints.get("item") else "block"
        return f"{part.kind!r} {what}"
    return type(part).__name__.lower()


def _parallel_path(req: ir.Request) -> str:
    """Where the source said parallel_tool_calls (Anthropic: inside tool_choice)."""
    where = req.where("parallel_tool_calls")
    if where == "$" and req.tool_choice is not None and req.tool_choice.path:
        return req.tool_choice.path
    return where


def _flat_format(f: dict[str, Any]) -> dict[str, Any]:
    """The IR's nested grammar format, flat as Responses writes it."""
    grammar = f.get("grammar")
    if f.get("type") != "grammar" or not isinstance(grammar, dict):
        return f
    return {"type": "grammar", **grammar}
