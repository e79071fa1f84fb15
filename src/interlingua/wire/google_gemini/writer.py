"""IR -> Gemini ``generateContent`` request body (Developer API; Vertex AI by subclass).

The rules that make Gemini refuse a request, applied to every conversion from another
format (a same-format conversion returns its input unchanged):

* roles alternate user / model ("Please ensure that multiturn requests alternate between
  user and model"): consecutive turns of one role are merged;
* the turn after a model turn with N ``functionCall`` parts carries exactly N
  ``functionResponse`` parts, in the order of the calls ("Please ensure that the number of
  function response parts is equal to the number of function call parts of the function
  call turn"): results spread over several tool messages are gathered, results come first
  in their user turn and the rest of the turn follows; a call without a result or a result
  without its call is removed (reported);
* Gemini 3 needs a thought signature on the first function call of each step of the
  current turn ("Function call is missing a thought_signature in functionCall parts");
  signatures are replayed only to the surface that minted them, never invented; the opt-in
  ``Options.thought_signature_bypass`` sends the documented bypass value instead;
* built-in tools beside function declarations need Gemini 3 on the Developer API (with
  ``toolConfig.includeServerSideToolInvocations``); elsewhere the built-ins are removed;
* at most 5 stop sequences; thinking budgets in the model's range, levels the model has,
  never a budget and a level together; no ``functionCallingConfig`` without functions.
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec

from ... import ir, models
from ...context import Context
from ...gemini_schema import to_gemini, to_json_schema
from ...names import IdRules
from ...reasoning import budget_for_effort, clamp, effort_for_budget, level_for_effort
from .._check import parse_data_uri
from .._client_tools import as_function
from .._write import AUDIO_FORMAT_TO_MEDIA, arguments_object
from ..base import Format
from .tables import (
    BUILTIN_WRITE,
    GEMINI_TOOL_NAME,
    MAX_STOP,
    OPENAPI_ONLY_MODELS,
    REQUEST_TREE,
    SEARCH_CONFIG,
    SIGNATURE_BYPASS,
    VERTEX_ONLY,
    media_type_of,
    to_snake,
)

#: Gemini service tiers for the other formats' values.
SERVICE_TIER_OUT = {"flex": "flex", "priority": "priority", "standard": "standard",
                    "default": "standard", "standard_only": "standard"}
#: Where a format family keeps a function's JSON Schema, relative to the tool's path
#: (``openai.chat`` and its dialects, ``anthropic.messages`` and its hosts; else
#: ``.parameters``), and a structured-output schema relative to ``OutputFormat.path``.
SCHEMA_FIELD = {".chat": ".function.parameters", ".messages": ".input_schema",
                ".anthropic": ".input_schema"}
OUTPUT_SCHEMA_FIELD = {".chat": ".json_schema.schema", ".gemini": "", ".vertex": ""}
#: Levels assumed for a model the capability table does not know.
DEFAULT_LEVELS = ("minimal", "low", "medium", "high")
#: The budget an effort is a share of on a model with levels (Gemini 3) when the request
#: gives no max output tokens: Gemini 2.5 Pro's largest budget.
LEVEL_REFERENCE = 32768


class _Write:
    """The state of one conversion."""

    __slots__ = ("call_paths", "caps", "ctx", "exact", "family", "hints", "no_id", "openapi",
                 "req")

    def __init__(self, req: ir.Request, ctx: Context, exact: bool, family: bool) -> None:
        self.req = req
        self.ctx = ctx
        self.exact = exact
        self.family = family
        self.hints: dict[str, Any] = (req.hints or {}) if family else {}
        caps = models.lookup(req.model)
        #: The target model's entry; another vendor's model name (left from the source when
        #: no model= is given) says nothing about Gemini.
        self.caps = caps if caps is not None and caps.vendor == "google" else None
        self.no_id: frozenset[str] = frozenset(self.hints.get("no_id", ())) if exact \
            else frozenset()
        #: id(functionCall part) -> source path of the call, for the signature rule.
        self.call_paths: dict[int, str | None] = {}
        #: Whether schemas are lowered to the classic OpenAPI fields (decided once).
        self.openapi: bool | None = None


class GeminiWriter(Format):
    """Writes ``generateContent`` request bodies. The Vertex AI subclass changes the
    class flags below."""

    TOOL_NAME: ClassVar[IdRules] = GEMINI_TOOL_NAME
    #: Fields only the other surface accepts, by object: removed (reported) from values
    #: carried over from it.
    FOREIGN_FIELDS: ClassVar[dict[str, frozenset[str]]] = VERTEX_ONLY
    #: The other surface's name, for loss reasons.
    OTHER_SURFACE: ClassVar[str] = "Vertex AI"
    #: Whether the body has ``store`` (request logging).
    STORE: ClassVar[bool] = True
    #: Whether built-in tools may sit beside function declarations (Gemini 3, with
    #: ``toolConfig.includeServerSideToolInvocations``).
    TOOL_COMBINATION: ClassVar[bool] = True
    #: Whether the classic ``Schema`` takes ``additionalProperties``.
    SCHEMA_ADDITIONAL_PROPERTIES: ClassVar[bool] = False

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        st = _Write(req, ctx, req.source == self.id, self.carries(req.source))
        hints = st.hints
        out: dict[str, Any] = {}
        if st.exact and hints.get("model_in_body") and req.model is not None:
            out["model"] = req.model
        self.register_tool_names(req, ctx)
        if st.family:
            system, contents = self.write_native(st)
        else:
            system, contents = self.write_conversation(st)
        if system is not None:
            out["systemInstruction"] = system
        out["contents"] = contents
        self.write_tools(st, out)
        gc: dict[str, Any] = {}
        self.write_sampling(st, gc)
        self.write_output(st, gc)
        self.write_reasoning(st, gc)
        self.json_mode_rule(st, out, gc)
        if gc or "generationConfig" in hints.get("objects", ()):
            out["generationConfig"] = gc
        self.write_settings(st, out)
        if req.extras:
            self.put_extras(st, out, req.extras, "$")
        if st.family and not st.exact:
            self.prune(st, out)
        self.check_signatures(st, out["contents"])
        if st.exact and hints.get("snake"):
            out = to_snake(out, REQUEST_TREE, frozenset(hints["snake"]))
        return out

    # -- conversation: the same body format (Gemini or Vertex source) ----------------------

    def write_native(self, st: _Write) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """One content per message, parts in place: the source was a Gemini body."""
        system = None
        contents: list[dict[str, Any]] = []
        for msg in st.req.messages:
            parts = []
            bare = (msg.hints or {}).get("bare", ()) if st.exact else ()
            for j, part in enumerate(msg.parts):
                if j in bare:
                    w = self.write_part(part, st)
                    if w is not None:
                        del w["text"]
                        parts.append(w)
                elif isinstance(part, ir.ToolResult):
                    fr, moved = self.function_response(part, st)
                    parts.append(fr)
                    parts.extend(moved)
                else:
                    w = self.write_part(part, st)
                    if w is not None:
                        parts.append(w)
            hints = (msg.hints or {}) if st.exact else {}
            if msg.role == "system" or msg.role == "developer":
                if system is None and not contents:
                    system = {}
                    if "system_role" in st.hints and st.exact:
                        system["role"] = st.hints["system_role"]
                    system["parts"] = parts
                    if msg.extras:
                        self.put_extras(st, system, msg.extras, msg.path)
                    continue
                contents.append({"role": "user", "parts": parts})
                st.ctx.approximated(msg.path, "instructions in the conversation sent as user "
                                              "text (Gemini has one systemInstruction)")
                continue
            content: dict[str, Any] = {}
            role = "model" if msg.role == "assistant" else "user"
            if "role" in hints:
                if hints["role"] is not None:
                    content["role"] = hints["role"]
            else:
                content["role"] = role
            if parts or hints.get("parts", True):
                content["parts"] = parts
            if msg.extras:
                self.put_extras(st, content, msg.extras, msg.path)
            contents.append(content)
        return system, contents

    # -- conversation: from another format ----------------------------------------------------

    def write_conversation(self, st: _Write
                           ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        msgs = st.req.messages
        ctx = st.ctx
        i = 0
        while i < len(msgs) and msgs[i].role in ("system", "developer"):
            i += 1
        system = self.write_system(msgs[:i], st) if i else None
        turns: list[_Turn] = []
        for msg in msgs[i:]:
            role = "model" if msg.role == "assistant" else "user"
            if not turns or turns[-1].role != role:
                turns.append(_Turn(role))
            turn = turns[-1]
            if msg.name is not None:
                ctx.dropped(f"{msg.path}.name" if msg.path else None,
                            "message names have no Gemini equivalent")
            if msg.extras:
                self.emit_extras({}, msg.extras, st.req.source, msg.path, ctx)
            if msg.role == "system" or msg.role == "developer":
                ctx.approximated(msg.path, f"{msg.role} message in the conversation sent as "
                                           "user text (Gemini has one systemInstruction)")
            items = turn.items
            detached: dict[str, Any] | None = None
            for part in msg.parts:
                t = type(part)
                if t is ir.Text:
                    if part.signature is None and part.extras is None and part.cache is None \
                            and part.citations is None:   # type: ignore[union-attr]
                        if part.text:   # type: ignore[union-attr]
                            items.append({"text": part.text})   # type: ignore[union-attr]
                        continue
                elif t is ir.ToolCall:
                    if role != "model":
                        ctx.dropped(part.path, "a tool call in a user turn has no Gemini form")
                        continue
                    fc = self.function_call(part, st)   # type: ignore[arg-type]
                    if detached is not None and items and items[-1] is detached and \
                            "thoughtSignature" not in fc:
                        # A call's signature that a stream carried just before the call
                        # (sealed for an Anthropic client): Gemini wants it on the call.
                        fc["thoughtSignature"] = items.pop()["thoughtSignature"]
                    items.append(fc)
                    turn.calls.append((part, fc))   # type: ignore[arg-type]
                    continue
                elif t is ir.ToolResult:
                    if role == "model":
                        ctx.dropped(part.path, "a tool result in an assistant turn has no "
                                               "Gemini form")
                        continue
                    fr, moved = self.function_response(part, st)   # type: ignore[arg-type]
                    turn.results.append((part, fr, moved))   # type: ignore[arg-type]
                    continue
                w = self.write_part(part, st)
                if w is not None and not (w.get("text") == "" and len(w) == 1):
                    items.append(w)
                    if t is ir.Reasoning and set(w) == {"text", "thoughtSignature"} and \
                            not part.redacted:   # type: ignore[union-attr]
                        detached = w
        return system, self.pair_turns(turns, st)

    def pair_turns(self, turns: list[_Turn], st: _Write) -> list[dict[str, Any]]:
        """Contents where each model turn with N function calls is followed by a user turn
        whose first parts are exactly N function responses, in the order of the calls."""
        ctx = st.ctx
        answered: set[int] = set()
        for k, turn in enumerate(turns):
            if turn.role != "model" or not turn.calls:
                continue
            nxt = turns[k + 1] if k + 1 < len(turns) else None
            if nxt is None:
                continue   # the conversation ends with the calls: nothing to answer yet
            by_id = {x[0].call_id: x for x in reversed(nxt.results) if x[0].call_id is not None}
            unnamed = [x for x in nxt.results if x[0].call_id is None]
            ordered: list[dict[str, Any]] = []
            moved: list[dict[str, Any]] = []
            for call, fc in turn.calls:
                match = by_id.pop(call.id, None) if call.id is not None else None
                if match is None:
                    match = next((x for x in unnamed if x[0].name == call.name), None)
                    if match is not None:
                        unnamed.remove(match)
                if match is None:
                    turn.items.remove(fc)
                    ctx.dropped(call.path, f"function call {call.name!r} has no result in the "
                                           "next turn; Gemini requires one function response "
                                           "per function call")
                    continue
                answered.add(id(match[0]))
                ordered.append(match[1])
                moved.extend(match[2])
            nxt.ordered = ordered + moved
        contents: list[dict[str, Any]] = []
        for turn in turns:
            if turn.role == "user":
                for result, _, _ in turn.results:
                    if id(result) not in answered:
                        ctx.dropped(result.path, "tool result does not answer a function call "
                                                 "of the preceding model turn")
                parts = turn.ordered + turn.items
            else:
                parts = turn.items
            if not parts:
                continue
            if contents and contents[-1]["role"] == turn.role:
                contents[-1]["parts"].extend(parts)
            else:
                contents.append({"role": turn.role, "parts": parts})
        return contents

    def write_system(self, msgs: list[ir.Message], st: _Write) -> dict[str, Any]:
        parts: list[dict[str, Any]] = []
        for msg in msgs:
            if msg.role == "developer":
                st.ctx.approximated(msg.path, "developer instructions sent as the system "
                                              "instruction (Gemini has no developer role)")
            if msg.name is not None:
                st.ctx.dropped(msg.path, "message names have no Gemini equivalent")
            if msg.extras:
                self.emit_extras({}, msg.extras, st.req.source, msg.path, st.ctx)
            for part in msg.parts:
                if isinstance(part, ir.Text) or (isinstance(part, ir.Opaque)
                                                 and self.carries(_origin(part))):
                    w = self.write_part(part, st)
                    if w is not None and not (w.get("text") == "" and len(w) == 1):
                        parts.append(w)
                else:
                    st.ctx.dropped(part.path, "Gemini's system instruction takes text only")
        return {"parts": parts}

    # -- parts -----------------------------------------------------------------------------

    def write_part(self, part: ir.AnyPart, st: _Write) -> dict[str, Any] | None:
        ctx = st.ctx
        out: dict[str, Any]
        t = type(part)
        if t is ir.Text:
            assert isinstance(part, ir.Text)
            if part.signature is None and part.extras is None and part.cache is None \
                    and part.citations is None:
                return {"text": part.text}   # the common case
            out = {"text": part.text}
            if part.citations and not st.family:
                ctx.dropped(part.path, "citations cannot be sent in Gemini requests")
        elif t is ir.Reasoning:
            assert isinstance(part, ir.Reasoning)
            w = self.write_reasoning_part(part, st)
            if w is None:
                return None
            out = w
        elif t is ir.ToolCall:
            assert isinstance(part, ir.ToolCall)
            return self.function_call(part, st)
        elif t is ir.Image or t is ir.Audio or t is ir.File:
            w = self.write_media(part, st)
            if w is None:
                return None
            out = w
        elif t is ir.Refusal:
            assert isinstance(part, ir.Refusal)
            ctx.approximated(part.path, "refusal sent as text")
            out = {"text": part.text}
        elif t is ir.Opaque:
            assert isinstance(part, ir.Opaque)
            if not self.carries(_origin(part)):
                ctx.dropped(part.path, f"{_kind(part)} has no Gemini equivalent")
                return None
            out = dict(ctx.copy(part.value))
        else:
            ctx.dropped(part.path, f"{type(part).__name__.lower()} has no place here in "
                                   f"{self.id}")
            return None
        self.finish_part(part, out, st)
        return out

    def finish_part(self, part: ir.Part, out: dict[str, Any], st: _Write) -> None:
        if part.signature is not None:
            if self.signs(part):
                out["thoughtSignature"] = part.signature
            else:
                st.ctx.dropped(part.path, f"thought signature from {_origin(part)} cannot be "
                                          f"replayed to {self.id} (signatures are bound to "
                                          "the service that minted them)")
        if part.cache is not None and not st.exact:
            st.ctx.approximated(part.cache.path or part.path,
                                "Gemini caches prompt prefixes implicitly (explicit caches are "
                                "cachedContent resources); the breakpoint was not sent")
        if part.extras:
            self.put_extras(st, out, part.extras, part.path)

    def signs(self, part: ir.Part) -> bool:
        """Whether this surface takes the part's thought signature (it minted it)."""
        return part.origin is not None and part.origin.format == self.id

    def write_reasoning_part(self, part: ir.Reasoning, st: _Write) -> dict[str, Any] | None:
        if not self.carries(_origin(part)):
            st.ctx.dropped(part.path, f"reasoning from {_origin(part)} cannot be replayed to "
                                      f"{self.id}")
            return None
        if part.text is not None:
            return {"text": part.text, "thought": True}
        if part.signature is None or part.data is not None or not self.signs(part):
            if part.signature is not None or part.data is not None:
                st.ctx.dropped(part.path, f"reasoning state from {_origin(part)} cannot be "
                                          f"replayed to {self.id}")
            return None
        # A signature alone goes on an empty text part, as Gemini streams it (a Gemini body
        # that had it as a bare part gets that back: see write_native).
        return {"text": ""}

    def write_media(self, part: ir.AnyPart, st: _Write) -> dict[str, Any] | None:
        ctx = st.ctx
        data = getattr(part, "data", None)
        url = getattr(part, "url", None)
        file_id = getattr(part, "file_id", None)
        media = getattr(part, "media_type", None)
        if isinstance(part, ir.Audio) and media is None and part.format is not None:
            media = AUDIO_FORMAT_TO_MEDIA.get(part.format)
        if data is None and url is not None and url.startswith("data:"):
            parsed = parse_data_uri(url)
            if parsed is not None:
                media, data = parsed
                url = None
        filename = getattr(part, "filename", None)
        if isinstance(part, ir.File):
            if part.text is not None and data is None:
                ctx.approximated(part.path, "plain-text document sent as a text part")
                return {"text": part.text}
            if part.title is not None:
                if filename is None:
                    filename = part.title
                    ctx.approximated(part.path, "document title sent as the display name")
                else:
                    ctx.dropped(part.path, "document title has no Gemini equivalent")
            if part.context is not None:
                ctx.dropped(part.path, "document context has no Gemini equivalent")
            if part.citations is not None and not st.family:
                ctx.dropped(part.path, "document citations setting has no Gemini equivalent")
        if isinstance(part, ir.Image) and part.detail not in (None, "auto"):
            ctx.dropped(part.path, f"image detail {part.detail!r} has no Gemini equivalent "
                                   "in a content part")
        out: dict[str, Any]
        if data is not None:
            media = media or media_type_of(data=data, filename=filename)
            if media is None:
                ctx.dropped(part.path, f"{type(part).__name__.lower()} of unknown media type "
                                       "cannot be sent to Gemini (inlineData needs one)")
                return None
            blob: dict[str, Any] = {"mimeType": media, "data": data}
            if filename is not None:
                blob["displayName"] = filename
            out = {"inlineData": blob}
        elif url is not None or (file_id is not None and self.carries(
                _origin(part) or st.req.source)):
            uri = url if url is not None else file_id
            assert uri is not None
            media = media or media_type_of(uri=uri, filename=filename)
            fd: dict[str, Any] = {}
            if media is not None:
                fd["mimeType"] = media
            elif not st.family:
                ctx.approximated(part.path, f"{uri!r} sent without a media type (unknown); "
                                            "Gemini infers it")
            fd["fileUri"] = uri
            if filename is not None and isinstance(part, ir.File):
                fd["displayName"] = filename
            out = {"fileData": fd}
        else:
            ctx.dropped(part.path, f"{type(part).__name__.lower()} given by file id "
                                   f"{file_id!r} cannot be sent to {self.id} (file ids are "
                                   "vendor-specific)")
            return None
        return out

    def function_call(self, call: ir.ToolCall, st: _Write) -> dict[str, Any]:
        fc: dict[str, Any] = {}
        if call.id is not None and call.path not in st.no_id:
            fc["id"] = call.id
        fc["name"] = st.ctx.tool_name(call.name, self.TOOL_NAME, call.path)
        if isinstance(call.input, dict):
            fc["args"] = st.ctx.copy(call.input)
        elif call.input is not None or call.arguments is not None or not st.family:
            fc["args"] = arguments_object(call, st.ctx)
        out: dict[str, Any] = {"functionCall": fc}
        st.call_paths[id(out)] = call.path
        self.finish_part(call, out, st)
        return out

    def function_response(self, result: ir.ToolResult, st: _Write
                          ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The functionResponse part, and media parts that must follow the responses."""
        ctx = st.ctx
        content = result.content
        if not st.family and len(content) == 1 and result.name and result.signature is None \
                and result.cache is None and result.extras is None:
            text = content[0]   # the commonest result: one plain text
            if type(text) is ir.Text and text.cache is None and text.extras is None:
                plain: dict[str, Any] = {"id": result.call_id} \
                    if result.call_id is not None else {}
                plain["name"] = ctx.tool_name(result.name, self.TOOL_NAME, result.path)
                plain["response"] = {"error" if result.is_error else "output": text.text}
                return {"functionResponse": plain}, []
        fr: dict[str, Any] = {}
        if result.call_id is not None and result.path not in st.no_id:
            fr["id"] = result.call_id
        name = result.name or ""
        if not name:
            ctx.approximated(result.path, "tool result without a function name (Gemini "
                                          "requires one)")
        fr["name"] = ctx.tool_name(name, self.TOOL_NAME, result.path) if name else "unknown"
        form = result.form if st.family else None
        rest: list[ir.AnyPart]
        if form in ("output", "error", "object") and content and \
                isinstance(content[0], ir.Text):
            first = content[0]
            rest = content[1:]
            if form == "object":
                fr["response"] = msgspec.json.decode(first.text)
            else:
                fr["response"] = {form: first.text}
        elif form == "no_response":
            rest = content
        else:
            texts = [p for p in content if isinstance(p, (ir.Text, ir.Refusal))]
            rest = [p for p in content if not isinstance(p, (ir.Text, ir.Refusal))]
            if len(texts) > 1:
                ctx.approximated(result.path, f"{len(texts)} text parts of a tool result "
                                              "joined into one function output")
            fr["response"] = {"error" if result.is_error else "output":
                              "".join(p.text for p in texts)}
            for t in texts:
                if t.cache is not None:
                    ctx.approximated(t.cache.path or t.path, "Gemini caches prompt prefixes "
                                                             "implicitly; the breakpoint was "
                                                             "not sent")
        moved: list[dict[str, Any]] = []
        parts: list[dict[str, Any]] = []
        multimodal = st.family or _gen3(st.caps)
        for p in rest:
            if isinstance(p, (ir.Image, ir.Audio, ir.File)) and not (
                    isinstance(p, ir.File) and p.text is not None):
                w = self.write_media(p, st)
                if w is None:
                    continue
                if multimodal:
                    if p.extras:
                        self.put_extras(st, w, p.extras, p.path)
                    parts.append(w)
                else:
                    moved.append(w)
                    ctx.approximated(p.path, "media in a tool result sent after the function "
                                             f"responses of the turn (model {st.req.model!r} "
                                             "takes no multimodal function responses)")
            elif isinstance(p, ir.Opaque) and self.carries(_origin(p)):
                parts.append(ctx.copy(p.value))
            else:
                w = self.write_part(p, st) if not isinstance(p, ir.ToolResult) else None
                if w is not None and "text" in w:
                    fr.setdefault("response", {"output": ""})
                    key = next(iter(fr["response"]))
                    fr["response"][key] = f"{fr['response'][key]}{w['text']}"
                    ctx.approximated(p.path, "document text in a tool result sent as part of "
                                             "the function's output")
                elif w is not None:
                    moved.append(w)
        if parts:
            fr["parts"] = parts
        if result.cache is not None and not st.exact:
            ctx.approximated(result.cache.path or result.path,
                             "Gemini caches prompt prefixes implicitly; the breakpoint was "
                             "not sent")
        out: dict[str, Any] = {"functionResponse": fr}
        if result.signature is not None:
            if self.signs(result):
                out["thoughtSignature"] = result.signature
            else:
                ctx.dropped(result.path, f"thought signature from {_origin(result)} cannot "
                                         f"be replayed to {self.id}")
        if result.extras:
            self.put_extras(st, out, result.extras, result.path)
        return out, moved

    # -- tools -----------------------------------------------------------------------------

    def write_tools(self, st: _Write, out: dict[str, Any]) -> None:
        req, ctx = st.req, st.ctx
        decls: list[dict[str, Any]] = []
        builtins: list[tuple[ir.BuiltinTool, str, Any]] = []
        for tool in req.tools or ():
            if isinstance(tool, ir.FunctionTool):
                decls.append(self.declaration(tool, st))
            elif isinstance(tool, ir.CustomTool):
                ctx.approximated(tool.path, f"custom (free-text) tool {tool.name!r} sent as a "
                                            'function taking {"input": string}')
                if tool.format is not None:
                    ctx.dropped(tool.path, "custom tool grammar has no Gemini equivalent")
                decl: dict[str, Any] = {"name": ctx.tool_name(tool.name or "", self.TOOL_NAME,
                                                               tool.path)}
                if tool.description is not None:
                    decl["description"] = tool.description
                decl["parametersJsonSchema"] = {
                    "type": "object", "properties": {"input": {"type": "string"}},
                    "required": ["input"]}
                decls.append(decl)
            elif isinstance(tool, ir.BuiltinTool):
                self.write_builtin(tool, st, decls, builtins)
        if decls and builtins and not st.exact:
            caps = st.caps
            if self.TOOL_COMBINATION and (caps is None or caps.params.builtin_tools_with_functions):
                # Gemini 3 on the Developer API (an unknown model is taken to be current).
                tc = out.setdefault("toolConfig", {})
                tc["includeServerSideToolInvocations"] = True
                ctx.approximated(builtins[0][0].path, "built-in tools beside function "
                                                      "declarations: toolConfig."
                                                      "includeServerSideToolInvocations set, "
                                                      "as Gemini 3 requires (responses carry "
                                                      "toolCall / toolResponse parts)")
            else:
                why = (f"model {req.model!r} refuses built-in tools together with function "
                       "declarations ('Tool use with function calling is unsupported')"
                       if self.TOOL_COMBINATION else
                       f"{self.id} cannot combine built-in tools with function declarations "
                       "(it has no toolConfig.includeServerSideToolInvocations)")
                for tool, _, _ in builtins:
                    ctx.dropped(tool.path, f"built-in tool {tool.kind!r} removed: {why}; the "
                                           "functions were kept")
                builtins = []
        tools = self.group_tools(st, decls, builtins)
        if tools or (st.exact and req.tools is not None):
            out["tools"] = tools
        self.write_tool_choice(st, out, bool(decls))

    def group_tools(self, st: _Write, decls: list[dict[str, Any]],
                    builtins: list[tuple[ir.BuiltinTool, str, Any]]) -> list[dict[str, Any]]:
        layout = st.hints.get("tools")
        if layout is not None:
            grouped: list[dict[str, Any]] = []
            d = b = 0
            for group in layout:
                tool: dict[str, Any] = {}
                for key, count in group:
                    if key == "functionDeclarations":
                        tool[key] = decls[d:d + count]
                        d += count
                    elif b < len(builtins) and builtins[b][1] == key:
                        tool[key] = builtins[b][2]
                        b += 1
                grouped.append(tool)
            if d == len(decls) and b == len(builtins):
                return grouped
        tools: list[dict[str, Any]] = []
        if decls:
            tools.append({"functionDeclarations": decls})
        tools.extend({key: value} for _, key, value in builtins)
        return tools

    def declaration(self, tool: ir.FunctionTool, st: _Write) -> dict[str, Any]:
        ctx = st.ctx
        decl: dict[str, Any] = {"name": ctx.tool_name(tool.name or "", self.TOOL_NAME,
                                                       tool.path)}
        if tool.description is not None:
            decl["description"] = tool.description
        params = tool.parameters
        if params is not None:
            original = st.hints.get("schemas", {}).get(tool.path) if st.exact else None
            if original is not None and to_json_schema(original) == params:
                decl["parameters"] = ctx.copy(original)
            elif st.exact or not self.lower_schemas(st):
                decl["parametersJsonSchema"] = ctx.copy(params)
            else:
                lowered = self.lower(params, tool.path or "$",
                                     _schema_path(tool.path, st.req.source, st.hints), st)
                if lowered not in ({"type": "OBJECT"}, {"type": "OBJECT", "properties": {}}):
                    decl["parameters"] = lowered
        if tool.strict and not st.exact:
            ctx.approximated(tool.path, "strict has no Gemini equivalent (calls follow the "
                                        "schema closely but are not validated unless the mode "
                                        "is VALIDATED or ANY)")
        if tool.cache is not None and not st.exact:
            ctx.dropped(tool.cache.path or tool.path, "Gemini has no cache breakpoints on "
                                                      "tools (it caches prefixes implicitly)")
        if tool.extras:
            self.put_extras(st, decl, tool.extras, tool.path)
        return decl

    def lower_schemas(self, st: _Write) -> bool:
        """Whether schemas go in the classic OpenAPI fields (else in the JSON Schema ones)."""
        if st.openapi is None:
            choice = st.ctx.options.gemini_schema
            if choice not in ("auto", "json_schema", "openapi"):
                raise ValueError(f"gemini_schema must be 'auto', 'json_schema' or 'openapi', "
                                 f"not {choice!r}")
            model = (st.req.model or "").lower().removeprefix("models/")
            st.openapi = choice == "openapi" or (choice == "auto" and model.startswith(
                OPENAPI_ONLY_MODELS))
        return st.openapi

    def lower(self, schema: dict[str, Any], owner: str, path: str, st: _Write
              ) -> dict[str, Any]:
        """``schema`` lowered to the classic ``Schema``, each loss reported at its path. The
        result is memoized: a proxy sends the same tools on every turn."""
        ctx = st.ctx
        key = (msgspec.json.encode(schema), self.SCHEMA_ADDITIONAL_PROPERTIES)
        hit = _LOWERED.get(key)
        if hit is None:
            found: list[tuple[str, str, str]] = []
            lowered = to_gemini(schema, path="", report=lambda *loss: found.append(loss),
                                additional_properties=self.SCHEMA_ADDITIONAL_PROPERTIES)
            if len(_LOWERED) >= 1024:
                _LOWERED.clear()
            hit = _LOWERED[key] = (lowered, found, to_json_schema(lowered) != schema)
        lowered, found, rewritten = hit
        for where, kind, reason in found:
            if kind == "dropped":
                ctx.dropped(path + where, reason)
            else:
                ctx.approximated(path + where, reason)
        if rewritten:
            ctx.approximated(owner, "schema lowered to Gemini's OpenAPI subset (the same "
                                    "meaning unless a keyword is reported below it); set "
                                    "gemini_schema='json_schema' to send JSON Schema")
        return ctx.copy(lowered)  # type: ignore[no-any-return]

    def write_builtin(self, tool: ir.BuiltinTool, st: _Write, decls: list[dict[str, Any]],
                      builtins: list[tuple[ir.BuiltinTool, str, Any]]) -> None:
        ctx = st.ctx
        if tool.raw is not None and self.carries(tool.origin) and len(tool.raw) == 1:
            key, value = next(iter(tool.raw.items()))
            builtins.append((tool, key, ctx.copy(value)))
            return
        field = BUILTIN_WRITE.get(tool.kind)
        if field is not None:
            settings: dict[str, Any] = {}
            if tool.kind == "web_fetch":
                ctx.approximated(tool.path, "web fetch sent as urlContext (Gemini reads the "
                                            "URLs given in the prompt)")
            for key, setting in (tool.config or {}).items():
                wire = SEARCH_CONFIG.get(key) if field == "googleSearch" else None
                if wire is not None and wire not in self.FOREIGN_FIELDS.get("googleSearch",
                                                                            ()):
                    settings[wire] = ctx.copy(setting)
                else:
                    ctx.dropped(tool.path, f"{tool.kind} setting {key!r} has no {self.id} "
                                           "equivalent")
            builtins.append((tool, field, settings))
            return
        client = as_function(tool.kind, tool.name)
        if client is not None:
            name, spec = client
            ctx.approximated(tool.path, f"{tool.kind} tool sent as a function with its "
                                        "documented input schema (the client still runs it)")
            decls.append({"name": ctx.tool_name(name, self.TOOL_NAME, tool.path),
                          "description": spec["description"],
                          "parametersJsonSchema": ctx.copy(spec["parameters"])})
            return
        ctx.dropped(tool.path, f"built-in tool {tool.kind!r} has no {self.id} equivalent")

    def write_tool_choice(self, st: _Write, out: dict[str, Any], have_functions: bool) -> None:
        req, ctx, hints = st.req, st.ctx, st.hints
        choice = req.tool_choice
        if not st.exact and req.parallel_tool_calls is not None:
            where = req.where("parallel_tool_calls")
            if where == "$" and choice is not None:
                where = choice.path or where   # Anthropic: inside tool_choice
            if not req.tools:
                ctx.dropped(where, "no tools to call in parallel")
            elif req.parallel_tool_calls:
                ctx.approximated(where, "Gemini has no parallel-calls setting (it may call "
                                        "several functions at once by default)")
            else:
                ctx.dropped(where, "Gemini cannot be told to call one function at a time")
        fcc: dict[str, Any] | None = None
        if choice is not None:
            if not have_functions and not st.exact:
                ctx.dropped(choice.path, "Gemini rejects a functionCallingConfig without "
                                         "function declarations ('Function calling config is "
                                         "set without function_declarations')")
            else:
                fcc = self.calling_config(choice, st)
        elif "fc_names" in hints and st.exact:
            fcc = {}
        if fcc is not None and st.exact and "fc_names" in hints:
            fcc["allowedFunctionNames"] = list(hints["fc_names"])
        if fcc is not None or "toolConfig.functionCallingConfig" in hints.get("objects", ()):
            out.setdefault("toolConfig", {})["functionCallingConfig"] = fcc or {}
        elif "toolConfig" in hints.get("objects", ()):
            out.setdefault("toolConfig", {})

    def calling_config(self, choice: ir.ToolChoice, st: _Write) -> dict[str, Any]:
        ctx = st.ctx
        mode = choice.mode
        names: list[str] | None = None
        if mode == "auto":
            wire = "AUTO"
        elif mode == "none":
            wire = "NONE"
        elif mode == "required":
            wire = "ANY"
        elif mode == "tool":
            if choice.tool_type not in (None, "function", "custom"):
                ctx.approximated(choice.path, f"Gemini cannot force built-in tool "
                                              f"{choice.tool_type!r}; sent as AUTO")
                wire = "AUTO"
            else:
                wire = "ANY"
                names = [ctx.tool_name(choice.name or "", self.TOOL_NAME, choice.path)]
        else:
            wire = "ANY" if choice.allowed_mode == "required" else "VALIDATED"
            names = []
            for ref in choice.allowed or ():
                if ref.get("type", "function") in ("function", "custom") and "name" in ref:
                    names.append(ctx.tool_name(ref["name"], self.TOOL_NAME, choice.path))
                else:
                    ctx.dropped(choice.path, f"allowed tool {ref!r} is not a function; Gemini "
                                             "restricts function calls only")
        if st.exact and "fc_mode" in st.hints:
            wire = st.hints["fc_mode"]
        fcc: dict[str, Any] = {"mode": wire}
        if names:
            fcc["allowedFunctionNames"] = names
        if choice.extras:
            self.emit_extras(fcc, choice.extras, st.req.source, choice.path, ctx)
        return fcc

    # -- generation settings ---------------------------------------------------------------

    def write_sampling(self, st: _Write, gc: dict[str, Any]) -> None:
        req, ctx = st.req, st.ctx
        s = req.sampling
        sc = st.caps.sampling if st.caps is not None else models.Sampling()
        for key, wire, allowed in (("temperature", "temperature", sc.temperature),
                                   ("top_p", "topP", sc.top_p), ("top_k", "topK", sc.top_k)):
            value = getattr(s, key)
            if value is not None:
                if allowed is False and not st.exact:
                    ctx.dropped(req.where(key), f"model {req.model!r} does not accept {key}")
                else:
                    gc[wire] = value
        if s.n is not None:
            gc["candidateCount"] = s.n
        if s.max_output_tokens is not None:
            gc["maxOutputTokens"] = s.max_output_tokens
        if s.stop is not None:
            stop = s.stop
            if len(stop) > MAX_STOP and not st.exact:
                ctx.dropped(req.where("stop"), f"Gemini takes at most {MAX_STOP} stop "
                                               f"sequences; dropped {stop[MAX_STOP:]!r}")
                stop = stop[:MAX_STOP]
            gc["stopSequences"] = list(stop)
        for key, wire in (("presence_penalty", "presencePenalty"),
                          ("frequency_penalty", "frequencyPenalty"), ("seed", "seed"),
                          ("logprobs", "responseLogprobs"), ("top_logprobs", "logprobs")):
            value = getattr(s, key)
            if value is not None:
                gc[wire] = value
        if s.logit_bias is not None:
            ctx.dropped(req.where("logit_bias"), "logit_bias has no Gemini equivalent")

    def write_output(self, st: _Write, gc: dict[str, Any]) -> None:
        o = st.req.output
        if o is None:
            return
        ctx = st.ctx
        if o.type == "text":
            if st.family:
                gc["responseMimeType"] = "text/plain"
            return
        if not (st.exact and st.hints.get("no_mime")):
            gc["responseMimeType"] = "application/json"
        if o.type == "json_object" or o.schema is None:
            return
        original = st.hints.get("schemas", {}).get(o.path) if st.exact else None
        if original is not None and to_json_schema(original) == o.schema:
            gc["responseSchema"] = ctx.copy(original)
        elif st.exact or not self.lower_schemas(st):
            gc["responseJsonSchema"] = ctx.copy(o.schema)
        else:
            path = (o.path or "$") + _family_field(OUTPUT_SCHEMA_FIELD, st.req.source,
                                                   ".schema")
            gc["responseSchema"] = self.lower(o.schema, o.path or "$", path, st)
        if not st.family:
            if o.name is not None:
                ctx.dropped(o.path, "schema name has no Gemini equivalent")
            if o.description is not None:
                ctx.dropped(o.path, "schema description has no Gemini equivalent")
            if o.strict is False:
                ctx.approximated(o.path, "Gemini constrains structured output to the schema "
                                         "(always strict)")

    def write_reasoning(self, st: _Write, gc: dict[str, Any]) -> None:
        r = st.req.reasoning
        hints = st.hints
        if r is None:
            if "generationConfig.thinkingConfig" in hints.get("objects", ()):
                gc["thinkingConfig"] = {}
            return
        if st.exact:
            gc["thinkingConfig"] = self.thinking_verbatim(r, hints)
            return
        ctx = st.ctx
        path = r.path
        thinking: dict[str, Any] = {}
        caps = st.caps
        rc = caps.reasoning if caps is not None else None
        mode = r.mode or ("disabled" if r.effort == "none" else
                          "enabled" if r.effort is not None or r.budget_tokens else None)
        if rc is not None and rc.supported is False:
            if mode not in (None, "disabled") or r.include_thoughts:
                ctx.dropped(path, f"model {st.req.model!r} does not think; thinking settings "
                                  "dropped")
            return
        if mode is not None:
            if rc is not None and rc.levels:
                self.thinking_level(r, mode, rc.levels, st, thinking)
            elif rc is not None and rc.budget_max is not None:
                self.thinking_budget(r, mode, rc, st, thinking)
            else:
                self.thinking_unknown(r, mode, st, thinking)
        include = r.include_thoughts
        if include is None:
            if r.display is not None:
                include = r.display != "omitted"
                ctx.approximated(path, f"thinking display {r.display!r} sent as includeThoughts "
                                       f"{str(include).lower()}")
            elif r.summary is not None:
                include = True
                ctx.approximated(path, f"reasoning summary {r.summary!r} sent as includeThoughts "
                                       "(Gemini returns thought summaries)")
            elif r.display_default is not None and mode not in (None, "disabled"):
                # What the source model shows by default (Claude 4.x up to 4.6: summarized
                # thinking; from Opus 4.7: none), so the client sees what it would have seen.
                include = r.display_default != "omitted"
        elif r.display is not None:
            ctx.dropped(path, f"thinking display {r.display!r} has no Gemini equivalent")
        if include is not None and thinking.get("thinkingBudget") != 0:
            thinking["includeThoughts"] = include
        if thinking:
            gc["thinkingConfig"] = thinking

    def thinking_verbatim(self, r: ir.ReasoningConfig, hints: dict[str, Any]
                          ) -> dict[str, Any]:
        th: dict[str, Any] = {}
        if r.effort is not None:
            th["thinkingLevel"] = hints.get("thinking_level", r.effort)
        if "thinking_budget" in hints:
            th["thinkingBudget"] = hints["thinking_budget"]
        elif r.budget_tokens is not None:
            th["thinkingBudget"] = r.budget_tokens
        if r.include_thoughts is not None:
            th["includeThoughts"] = r.include_thoughts
        return th

    def thinking_level(self, r: ir.ReasoningConfig, mode: str, levels: list[str],
                       st: _Write, thinking: dict[str, Any]) -> None:
        """Gemini 3: ``thinkingLevel``; thinking cannot be turned off."""
        ctx, path = st.ctx, r.path
        if mode == "disabled":
            level = levels[0]
            ctx.approximated(path, f"model {st.req.model!r} cannot turn thinking off; sent "
                                   f"its lowest thinkingLevel {level!r}")
        elif r.effort is not None and r.effort != "none":
            level = level_for_effort(r.effort, levels)
            if level != r.effort:
                ctx.approximated(path, f"effort {r.effort!r} sent as thinkingLevel {level!r} "
                                       f"(the nearest {st.req.model!r} has)")
        elif r.budget_tokens is not None and r.budget_tokens > 0:
            reference = st.req.sampling.max_output_tokens or LEVEL_REFERENCE
            level = level_for_effort(effort_for_budget(r.budget_tokens, reference), levels)
            ctx.approximated(path, f"thinking budget {r.budget_tokens} sent as thinkingLevel "
                                   f"{level!r} (its share of {reference} tokens, see "
                                   "interlingua.reasoning)")
        else:
            if mode == "between_tools":
                ctx.approximated(path, "thinking between tools sent as the model's default "
                                       "thinking")
            return   # adaptive: Gemini 3 thinks dynamically at its default level
        thinking["thinkingLevel"] = level

    def thinking_budget(self, r: ir.ReasoningConfig, mode: str, rc: models.Reasoning,
                        st: _Write, thinking: dict[str, Any]) -> None:
        """Gemini 2.5: ``thinkingBudget`` in the model's range (0 off, -1 dynamic)."""
        ctx, path, model = st.ctx, r.path, st.req.model
        low = rc.budget_min or 0
        high = rc.budget_max or 0
        if mode == "disabled":
            if rc.required:
                thinking["thinkingBudget"] = max(low, 1)
                ctx.approximated(path, f"model {model!r} cannot turn thinking off; sent its "
                                       f"smallest thinkingBudget {thinking['thinkingBudget']}")
            else:
                thinking["thinkingBudget"] = 0
            return
        if r.budget_tokens is not None and r.budget_tokens > 0:
            budget = clamp(r.budget_tokens, max(low, 1), high)
            if budget != r.budget_tokens:
                ctx.approximated(path, f"thinking budget {r.budget_tokens} clamped to {budget} "
                                       f"(model {model!r} takes {low}..{high})")
            thinking["thinkingBudget"] = budget
        elif r.effort is not None and r.effort != "none":
            budget = clamp(budget_for_effort(r.effort, high), max(low, 1), high)
            thinking["thinkingBudget"] = budget
            ctx.approximated(path, f"effort {r.effort!r} sent as thinkingBudget {budget} "
                                   f"(its share of the model's largest budget {high}, see "
                                   "interlingua.reasoning)")
        else:
            thinking["thinkingBudget"] = -1   # adaptive, or on without a size: dynamic
            if mode == "between_tools":
                ctx.approximated(path, "thinking between tools sent as dynamic thinking")

    def thinking_unknown(self, r: ir.ReasoningConfig, mode: str, st: _Write,
                         thinking: dict[str, Any]) -> None:
        """A model the capability table does not know: the request's own numbers."""
        if mode == "disabled":
            thinking["thinkingBudget"] = 0
        elif r.budget_tokens is not None and r.budget_tokens > 0:
            thinking["thinkingBudget"] = r.budget_tokens
        elif r.effort is not None and r.effort != "none":
            level = level_for_effort(r.effort, DEFAULT_LEVELS)
            if level != r.effort:
                st.ctx.approximated(r.path, f"effort {r.effort!r} sent as thinkingLevel "
                                            f"{level!r}")
            thinking["thinkingLevel"] = level
        else:
            thinking["thinkingBudget"] = -1

    def write_settings(self, st: _Write, out: dict[str, Any]) -> None:
        req, ctx = st.req, st.ctx
        if req.service_tier is not None:
            tier = req.service_tier if st.family else SERVICE_TIER_OUT.get(req.service_tier)
            if tier is None:
                ctx.dropped(req.where("service_tier"), f"service tier {req.service_tier!r} has "
                                                       "no Gemini equivalent")
            else:
                out["serviceTier"] = tier
                if tier != req.service_tier:
                    ctx.approximated(req.where("service_tier"),
                                     f"service tier {req.service_tier!r} sent as {tier!r}")
        if req.store is not None:
            if self.STORE:
                out["store"] = req.store
                if req.store and not st.family:
                    ctx.approximated(req.where("store"), "store: true sent as Gemini's store, "
                                                         "which turns on request logging")
            elif req.store:
                ctx.dropped(req.where("store"), f"{self.id} has no store setting")
        if st.family:
            return
        if req.user is not None:
            ctx.dropped(req.where("user"), "Gemini has no end-user id")
        if req.safety_identifier is not None:
            ctx.dropped(req.where("safety_identifier"), "Gemini has no safety identifier")
        if req.metadata is not None:
            ctx.dropped(req.where("metadata"), "request metadata has no Gemini equivalent")
        if req.verbosity is not None:
            ctx.dropped(req.where("verbosity"), "verbosity has no Gemini equivalent")
        if req.stream:
            ctx.dropped(req.where("stream"), "Gemini streams through the streamGenerateContent "
                                             "endpoint; the body has no stream flag")
        if (so := req.stream_options) is not None and so.extras:
            self.emit_extras({}, so.extras, req.source, req.where("stream_options"), ctx)
        c = req.cache
        if c is not None:
            if c.key is not None:
                ctx.dropped(req.where("cache.key"), "prompt cache keys have no Gemini "
                                                    "equivalent")
            if c.retention is not None:
                ctx.dropped(req.where("cache.retention"), "cache retention has no Gemini "
                                                          "equivalent")
            if c.mode is not None or c.ttl is not None:
                ctx.dropped(req.where("cache.options"), "prompt cache options have no Gemini "
                                                        "equivalent")
            if c.auto is not None:
                ctx.approximated(req.where("cache.auto"), "Gemini caches prompt prefixes "
                                                          "implicitly; no marker sent")

    # -- vendor rules on the finished body -------------------------------------------------

    def json_mode_rule(self, st: _Write, out: dict[str, Any], gc: dict[str, Any]) -> None:
        """Gemini 2.x refuses JSON mode beside function declarations: the functions (which
        the history may call) are kept."""
        caps = st.caps
        if st.exact or caps is None or caps.params.json_mode_with_functions is not False \
                or gc.get("responseMimeType") != "application/json" \
                or not any("functionDeclarations" in t for t in out.get("tools", ())):
            return
        for key in ("responseMimeType", "responseSchema", "responseJsonSchema"):
            gc.pop(key, None)
        o = st.req.output
        st.ctx.dropped(o.path if o else None,
                       f"model {st.req.model!r} refuses JSON mode together with function "
                       "calling ('Function calling with a response mime type: "
                       "'application/json' is unsupported'); the structured output was "
                       "dropped and the functions kept")

    def check_signatures(self, st: _Write, contents: list[dict[str, Any]]) -> None:
        """Gemini 3 validates the first function call of each step of the current turn (the
        contents after the last user text): it must carry a thought signature."""
        caps = st.caps
        if caps is None or caps.reasoning.replay != "required_on_function_calls":
            return
        start = 0
        for k in range(len(contents) - 1, -1, -1):
            c = contents[k]
            if c.get("role", "user") != "model" and any(
                    "functionResponse" not in p for p in c.get("parts", ())):
                start = k + 1
                break
        ctx = st.ctx
        for c in contents[start:]:
            if c.get("role") != "model":
                continue
            first = next((p for p in c.get("parts", ()) if "functionCall" in p), None)
            if first is None or first.get("thoughtSignature"):
                continue
            path = st.call_paths.get(id(first))
            name = first["functionCall"].get("name")
            if ctx.options.thought_signature_bypass:
                first["thoughtSignature"] = SIGNATURE_BYPASS
                ctx.approximated(path, f"function call {name!r} has no thought signature "
                                       f"from {self.id}; the documented bypass value was sent "
                                       "(thought_signature_bypass)")
            else:
                ctx.dropped(path, f"model {st.req.model!r} requires a thought signature on "
                                  f"the first function call of each step of the current turn "
                                  f"(Gemini 3 rule: 'Function call is missing a "
                                  f"thought_signature in functionCall parts'); call {name!r} "
                                  f"came from {st.req.source} without one and signatures "
                                  "cannot be invented, so Gemini will reject this request. "
                                  "Pass thought_signature_bypass=True to send the documented "
                                  "bypass value")

    def prune(self, st: _Write, out: dict[str, Any]) -> None:
        """Remove fields only the other surface accepts from values carried over from it.
        Carried values are shared with the input: a node is copied before it changes."""
        f = self.FOREIGN_FIELDS
        ctx = st.ctx
        other = self.OTHER_SURFACE

        def clean(node: Any, kind: str, path: str) -> Any:
            if not isinstance(node, dict):
                return node
            gone = [key for key in f.get(kind, ()) if key in node]
            for key in gone:
                ctx.dropped(f"{path}.{key}", f"{key!r} is only accepted by {other}")
            return {k: v for k, v in node.items() if k not in gone} if gone else node

        def child(parent: dict[str, Any], key: str, kind: str, path: str) -> None:
            if key in parent:
                parent[key] = clean(parent[key], kind, f"{path}.{key}")

        for key in f.get("request", ()):
            if key in out:
                del out[key]
                ctx.dropped(f"$.{key}", f"{key!r} is only accepted by {other}")
        gc = out.get("generationConfig")
        if isinstance(gc, dict):
            out["generationConfig"] = gc = clean(gc, "generationConfig", "$.generationConfig")
            child(gc, "imageConfig", "imageConfig", "$.generationConfig")
        if isinstance(out.get("safetySettings"), list):
            out["safetySettings"] = [clean(x, "safetySetting", f"$.safetySettings[{i}]")
                                     for i, x in enumerate(out["safetySettings"])]
        tc = out.get("toolConfig")
        if isinstance(tc, dict):
            out["toolConfig"] = clean(tc, "toolConfig", "$.toolConfig")
            if tc and not out["toolConfig"]:
                del out["toolConfig"]   # nothing left of it
            else:
                child(out["toolConfig"], "functionCallingConfig", "functionCallingConfig",
                      "$.toolConfig")
        tools = []
        for i, t in enumerate(out.get("tools") or ()):
            path = f"$.tools[{i}]"
            t = clean(t, "tool", path)
            if isinstance(t, dict):
                t = dict(t)
                child(t, "googleSearch", "googleSearch", path)
                child(t, "googleMaps", "googleMaps", path)
                if isinstance(t.get("mcpServers"), list):
                    t["mcpServers"] = [clean(m, "mcpServer", f"{path}.mcpServers[{j}]")
                                       for j, m in enumerate(t["mcpServers"])]
                if not t:
                    continue
            tools.append(t)
        if "tools" in out:
            if tools:
                out["tools"] = tools
            else:
                del out["tools"]
        contents = [("$.systemInstruction", out["systemInstruction"])] \
            if "systemInstruction" in out else []
        contents += [(f"$.contents[{i}]", c) for i, c in enumerate(out["contents"])]
        foreign_parts = f.get("part", frozenset())
        for cpath, c in contents:
            kept = []
            for j, p in enumerate(c.get("parts") or ()):
                ppath = f"{cpath}.parts[{j}]"
                kind = next((k for k in foreign_parts if k in p), None)
                if kind is not None and not any(k in p for k in _DATA if k != kind):
                    # the part is nothing but the foreign field
                    ctx.dropped(ppath, f"{kind!r} parts are only accepted by {other}")
                    continue
                p = clean(p, "part", ppath)
                child(p, "functionCall", "functionCall", ppath)
                fr = p.get("functionResponse")
                if isinstance(fr, dict):
                    p["functionResponse"] = fr = clean(fr, "functionResponse",
                                                       f"{ppath}.functionResponse")
                    if isinstance(fr.get("parts"), list):
                        fr["parts"] = [clean(q, "functionResponsePart",
                                             f"{ppath}.functionResponse.parts[{k}]")
                                       for k, q in enumerate(fr["parts"])]
                kept.append(p)
            if "parts" in c:
                c["parts"] = kept

    # -- extras ----------------------------------------------------------------------------

    def put_extras(self, st: _Write, out: dict[str, Any], extras: dict[str, Any],
                   path: str | None) -> None:
        """Re-emit vendor-only keys (``"a.b"`` keys are nested) or report them."""
        if not self.carries(st.req.source):
            self.emit_extras(out, extras, st.req.source, path, st.ctx)
            return
        put_dotted(out, extras, st.ctx)


#: Lowered schemas by (JSON text, additionalProperties kept): result, losses (paths relative
#: to the schema), whether the result reads back differently.
_LOWERED: dict[tuple[bytes, bool], tuple[dict[str, Any], list[tuple[str, str, str]], bool]] = {}

#: Part fields that hold a part's data (one per part).
_DATA = ("text", "inlineData", "fileData", "functionCall", "functionResponse",
         "executableCode", "codeExecutionResult", "toolCall", "toolResponse")


class _Turn:
    """A content being built: its parts, and the calls or results that must pair."""

    __slots__ = ("calls", "items", "ordered", "results", "role")

    def __init__(self, role: str) -> None:
        self.role = role
        self.items: list[dict[str, Any]] = []
        self.calls: list[tuple[ir.ToolCall, dict[str, Any]]] = []
        self.results: list[tuple[ir.ToolResult, dict[str, Any], list[dict[str, Any]]]] = []
        self.ordered: list[dict[str, Any]] = []


def _origin(part: ir.Part) -> str | None:
    return part.origin.format if part.origin is not None else None


def _kind(part: ir.Opaque) -> str:
    value = part.value
    key = value.get("type") if isinstance(value.get("type"), str) else next(iter(value), None)
    return f"{key!r} content"


def _gen3(caps: models.ModelInfo | None) -> bool:
    """Gemini 3 and later (thinking levels; signatures required on function calls)."""
    return caps is not None and bool(caps.reasoning.levels)


def _schema_path(tool_path: str | None, source: str, hints: dict[str, Any]) -> str:
    base = tool_path or "$"
    if source.startswith("google."):
        return base + (".parameters" if base in hints.get("schemas", {}) else
                       ".parametersJsonSchema")
    if base.startswith("$.functions"):
        return base + ".parameters"
    return base + _family_field(SCHEMA_FIELD, source, ".parameters")


def _family_field(table: dict[str, str], source: str, default: str) -> str:
    return table.get(source[source.rfind("."):], default)


def put_dotted(out: dict[str, Any], extras: dict[str, Any], ctx: Context) -> None:
    """Re-emit same-format extras; ``"a.b"`` keys go into nested objects."""
    for key, value in extras.items():
        node = out
        *parents, last = key.split(".")
        for name in parents:
            child = node.get(name)
            if not isinstance(child, dict):
                child = node[name] = {}
            node = child
        if last not in node:
            node[last] = ctx.copy(value)
