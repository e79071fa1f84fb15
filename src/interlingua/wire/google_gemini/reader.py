"""Gemini ``generateContent`` request body -> IR (Developer API and Vertex AI).

Keys may be camelCase or snake_case (the proto3 JSON mapping); every structural object is
normalised to camelCase as it is read and the snake_case names are recorded in
``Request.hints["snake"]`` so that a same-format writer gives them back. Loss and error
paths name fields in camelCase.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import ir
from ..._json import dumps
from ...context import Context
from ...gemini_schema import to_json_schema
from .._check import (
    arr,
    fail,
    leftovers,
    obj,
    opt_bool,
    opt_int,
    opt_number,
    opt_obj,
    opt_string,
    string,
)
from ..base import Format
from .tables import BUILTIN_KINDS, SEARCH_CONFIG, is_file_reference, media_type_of, norm

REQUEST_KEYS = frozenset({"contents", "systemInstruction", "tools", "toolConfig",
                          "generationConfig", "serviceTier", "store", "model"})
CONTENT_KEYS = frozenset({"role", "parts"})
CALL_KEYS = frozenset({"id", "name", "args"})
RESPONSE_KEYS = frozenset({"id", "name", "response", "parts"})
BLOB_KEYS = frozenset({"mimeType", "data"})
FILE_DATA_KEYS = frozenset({"mimeType", "fileUri"})
DECLARATION_KEYS = frozenset({"name", "description", "parameters", "parametersJsonSchema"})
CALLING_KEYS = frozenset({"mode", "allowedFunctionNames"})
THINKING_KEYS = frozenset({"thinkingBudget", "thinkingLevel", "includeThoughts"})
#: Part fields that hold the part's data (one per part).
DATA_KEYS = ("text", "functionCall", "functionResponse", "inlineData", "fileData")
#: Built-in tool fields whose settings are objects the reader normalises.
FLAT_BUILTINS = frozenset({"googleSearch", "codeExecution", "urlContext", "computerUse",
                           "googleMaps", "fileSearch", "enterpriseWebSearch"})
#: Part fields kept verbatim as Opaque parts whose settings are normalised.
FLAT_PART_FIELDS = frozenset({"executableCode", "codeExecutionResult", "toolCall",
                              "toolResponse"})

#: Marks a part that was only a signature (no text key) until the contents reader notes it.
BARE = "\x00bare"

#: generationConfig scalars: wire key, IR field (``Request.sampling``), check.
SAMPLING_FIELDS = (("temperature", "temperature", opt_number), ("topP", "top_p", opt_number),
                   ("topK", "top_k", opt_int), ("candidateCount", "n", opt_int),
                   ("maxOutputTokens", "max_output_tokens", opt_int),
                   ("presencePenalty", "presence_penalty", opt_number),
                   ("frequencyPenalty", "frequency_penalty", opt_number),
                   ("seed", "seed", opt_int), ("responseLogprobs", "logprobs", opt_bool),
                   ("logprobs", "top_logprobs", opt_int))
GENERATION_KEYS = frozenset({k for k, _, _ in SAMPLING_FIELDS} | {
    "stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema",
    "thinkingConfig"})

#: functionCallingConfig.mode (upper-cased) -> what a writer sends for the IR choice read
#: from it; a mode written differently is kept in ``hints["fc_mode"]``.
CANONICAL_MODE = {"AUTO": "AUTO", "NONE": "NONE", "ANY": "ANY", "VALIDATED": "VALIDATED"}


class _Read:
    """State of one read: the snake_case names seen, hints, pending function calls."""

    __slots__ = ("fmt", "hints", "no_id", "origin", "pending", "seen")

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.seen: set[str] = set()
        self.hints: dict[str, Any] = {}
        self.origin = ir.Origin(format=fmt)
        self.pending: list[ir.ToolCall] = []
        self.no_id: list[str] = []


class GeminiReader(Format):
    """Reads ``generateContent`` / ``streamGenerateContent`` request bodies."""

    def read_request(self, payload: Mapping[str, Any], ctx: Context) -> ir.Request:
        fmt = self.id
        r = _Read(fmt)
        p = norm(payload if type(payload) is dict else dict(payload), r.seen)
        if "contents" not in p:
            fail("$.contents", "required field is missing", fmt)
        model = opt_string(p.get("model"), "$.model", fmt)
        if model is not None:
            r.hints["model_in_body"] = True
        messages: list[ir.Message] = []
        if (si := p.get("systemInstruction")) is not None:
            messages.append(self.read_system(si, r))
        messages.extend(self.read_contents(arr(p["contents"], "$.contents", fmt), r))
        req = ir.Request(source=fmt, model=model, messages=messages)
        extras = leftovers(p, REQUEST_KEYS) or {}
        paths: dict[str, str] = {}
        if (tools := p.get("tools")) is not None:
            req.tools = self.read_tools(arr(tools, "$.tools", fmt), r)
        if (tc := p.get("toolConfig")) is not None:
            self.read_tool_config(obj(tc, "$.toolConfig", fmt), req, extras, r)
        if (gc := p.get("generationConfig")) is not None:
            self.read_generation(obj(gc, "$.generationConfig", fmt), req, extras, paths, r)
        if (tier := p.get("serviceTier")) is not None:
            req.service_tier = string(tier, "$.serviceTier", fmt)
            paths["service_tier"] = "$.serviceTier"
        if (store := p.get("store")) is not None:
            req.store = opt_bool(store, "$.store", fmt)
            paths["store"] = "$.store"
        if r.no_id:
            r.hints["no_id"] = r.no_id
        if r.seen:
            r.hints["snake"] = sorted(r.seen)
        req.extras = extras or None
        req.hints = r.hints or None
        req.paths = paths
        return req

    # -- contents --------------------------------------------------------------------------

    def read_system(self, si: Any, r: _Read) -> ir.Message:
        path = "$.systemInstruction"
        c = norm(obj(si, path, r.fmt), r.seen)
        if "role" in c:
            r.hints["system_role"] = c["role"]
        parts = [self.read_part(x, f"{path}.parts[{j}]", r)
                 for j, x in enumerate(arr(c.get("parts", []), path, r.fmt, ".parts"))]
        return ir.Message(role="system", parts=parts, path=path,
                          extras=leftovers(c, CONTENT_KEYS | {"role"}))

    def read_contents(self, raw: list[Any], r: _Read) -> list[ir.Message]:
        fmt = self.id
        out: list[ir.Message] = []
        read_part = self.read_part
        for i, c in enumerate(raw):
            path = f"$.contents[{i}]"
            if type(c) is not dict:
                c = obj(c, path, fmt)
            c = norm(c, r.seen)
            role = c.get("role")
            hints: dict[str, Any] | None = None
            if role == "model":
                ir_role = "assistant"
            elif role == "user":
                ir_role = "user"
            elif role is None or role == "function":   # "function": the legacy role of results
                ir_role = "user"
                hints = {"role": role}
            else:
                fail(f"{path}.role", f"expected 'user' or 'model', got {role!r}", fmt)
            raw_parts = c.get("parts")
            if raw_parts is None:   # absent (or null, which extras bring back)
                hints = {**(hints or {}), "parts": False}
                raw_parts = []
            prefix = path + ".parts["
            parts = [read_part(x, f"{prefix}{j}]", r)
                     for j, x in enumerate(arr(raw_parts, path, fmt, ".parts"))]
            bare = [j for j, x in enumerate(parts) if type(x) is ir.Reasoning and x.id is BARE]
            if bare:
                for j in bare:
                    parts[j].id = None  # type: ignore[union-attr]
                hints = {**(hints or {}), "bare": bare}
            msg = ir.Message(role=ir_role, parts=parts, path=path, hints=hints)  # type: ignore[arg-type]
            if len(c) > 2 or None in c.values():
                msg.extras = leftovers(c, CONTENT_KEYS)
            if ir_role == "assistant":
                r.pending = [p for p in parts if isinstance(p, ir.ToolCall)]
                for j, part in enumerate(parts):
                    if isinstance(part, ir.ToolCall) and part.id is None:
                        part.id = f"call_gemini_{i}_{j}"
                        r.no_id.append(part.path or "")
            else:
                for part in parts:
                    if isinstance(part, ir.ToolResult):
                        self.match_call(part, r)
            out.append(msg)
        return out

    def match_call(self, result: ir.ToolResult, r: _Read) -> None:
        """Give a function response the id of the call it answers (Gemini ids are optional:
        a response without one answers the first unanswered call of the same name)."""
        path = f"{result.path}.functionResponse"
        pending = r.pending
        if result.call_id is not None:
            call = next((c for c in pending if c.id == result.call_id), None)
            if call is None:
                fail(f"{path}.id", f"function response {result.call_id!r} does not answer a "
                                   "functionCall of the preceding model turn", r.fmt)
        else:
            call = next((c for c in pending if c.name == result.name), None)
            if call is None:
                fail(f"{path}.name", f"function response for {result.name!r} does not answer "
                                     "a functionCall of the preceding model turn", r.fmt)
            result.call_id = call.id
            r.no_id.append(result.path or "")
        pending.remove(call)

    # -- parts -----------------------------------------------------------------------------

    def read_part(self, p: Any, path: str, r: _Read) -> ir.AnyPart:
        fmt = r.fmt
        if type(p) is not dict:
            p = obj(p, path, fmt)
        if len(p) == 1:   # fast path: a plain text part
            text = p.get("text")
            if type(text) is str:
                return ir.Text(text=text, path=path)
        p = norm(p, r.seen)
        sig = p.get("thoughtSignature")
        if sig is not None:
            sig = string(sig, path, fmt, ".thoughtSignature")
        kind = next((k for k in DATA_KEYS if k in p), None)
        part: ir.AnyPart
        handled: frozenset[str]
        if kind == "text":
            text = string(p["text"], path, fmt, ".text")
            if text == "" and sig is not None and p.get("thought") is not True:
                # An empty text that only carries a signature (as Gemini streams it):
                # reasoning state with nothing visible.
                part = ir.Reasoning(redacted=True)
                handled = frozenset({"text", "thoughtSignature"})
            elif p.get("thought") is True:
                part = ir.Reasoning(text=text)
                handled = frozenset({"text", "thought", "thoughtSignature"})
            else:
                part = ir.Text(text=text)
                handled = frozenset({"text", "thoughtSignature"})
        elif kind == "functionCall":
            part = self.read_call(p["functionCall"], f"{path}.functionCall", r)
            handled = frozenset({"functionCall", "thoughtSignature"})
        elif kind == "functionResponse":
            part = self.read_function_response(p["functionResponse"], path, r)
            handled = frozenset({"functionResponse", "thoughtSignature"})
        elif kind == "inlineData" or kind == "fileData":
            part = self.read_media(p[kind], kind, f"{path}.{kind}", r)
            handled = frozenset({kind, "thoughtSignature"})
        elif any(k in p for k in FLAT_PART_FIELDS) or (p.keys() - {
                "thoughtSignature", "thought"}):
            # executableCode, codeExecutionResult, server-side tool calls, future kinds.
            value = {k: norm(v, r.seen) if k in FLAT_PART_FIELDS and type(v) is dict else v
                     for k, v in p.items() if k != "thoughtSignature"}
            part = ir.Opaque(value=value, origin=r.origin, signature=sig, path=path)
            if sig is not None:
                part.origin = r.origin
            return part
        else:
            # Only a signature (and maybe the thought flag, kept in extras): reasoning state
            # with no visible text; the contents reader records that it had no text key.
            part = ir.Reasoning(redacted=True, id=BARE)
            handled = frozenset({"thoughtSignature"})
        if sig is not None:
            part.signature = sig
            part.origin = r.origin
        elif isinstance(part, ir.Reasoning):
            part.origin = r.origin
        if not p.keys() <= handled or None in p.values():
            extras = leftovers(p, handled)
            if extras and type(extras.get("videoMetadata")) is dict:
                extras["videoMetadata"] = norm(extras["videoMetadata"], r.seen)
            part.extras = _merge(part.extras, extras)
        part.path = path
        return part

    def read_call(self, fc: Any, path: str, r: _Read) -> ir.ToolCall:
        fmt = r.fmt
        fc = norm(obj(fc, path, fmt), r.seen)
        call = ir.ToolCall(id=opt_string(fc.get("id"), path, fmt, ".id"),
                           name=string(fc.get("name"), path, fmt, ".name"),
                           input=opt_obj(fc.get("args"), path, fmt, ".args"))
        if not fc.keys() <= CALL_KEYS or None in fc.values():
            call.extras = _dotted("functionCall", leftovers(fc, CALL_KEYS))
        return call

    def read_function_response(self, fr: Any, part_path: str, r: _Read) -> ir.ToolResult:
        fmt = r.fmt
        path = f"{part_path}.functionResponse"
        fr = norm(obj(fr, path, fmt), r.seen)
        result = ir.ToolResult(call_id=opt_string(fr.get("id"), path, fmt, ".id"),
                               name=string(fr.get("name"), path, fmt, ".name"), path=part_path)
        response = opt_obj(fr.get("response"), path, fmt, ".response")
        rpath = f"{path}.response"
        content: list[ir.AnyPart] = []
        if response is None:
            result.form = "no_response"
        elif len(response) == 1 and type(response.get("output")) is str:
            content.append(ir.Text(text=response["output"], path=f"{rpath}.output"))
            result.form = "output"
        elif len(response) == 1 and type(response.get("error")) is str:
            content.append(ir.Text(text=response["error"], path=f"{rpath}.error"))
            result.form = "error"
            result.is_error = True
        else:
            content.append(ir.Text(text=dumps(response), path=rpath))
            result.form = "object"
        if (parts := fr.get("parts")) is not None:
            for k, x in enumerate(arr(parts, path, fmt, ".parts")):
                ppath = f"{path}.parts[{k}]"
                x = norm(obj(x, ppath, fmt), r.seen)
                kind = "inlineData" if "inlineData" in x else "fileData" if "fileData" in x \
                    else None
                if kind is None:
                    content.append(ir.Opaque(value=x, origin=r.origin, path=ppath))
                    continue
                media = self.read_media(x[kind], kind, f"{ppath}.{kind}", r)
                media.path = ppath
                if len(x) > 1:
                    media.extras = _merge(media.extras, leftovers(x, frozenset({kind})))
                content.append(media)
        result.content = content
        if not fr.keys() <= RESPONSE_KEYS or None in fr.values():
            result.extras = _dotted("functionResponse", leftovers(fr, RESPONSE_KEYS))
        return result

    def read_media(self, raw: Any, kind: str, path: str, r: _Read) -> ir.AnyPart:
        fmt = r.fmt
        d = norm(obj(raw, path, fmt), r.seen)
        name = opt_string(d.get("displayName"), path, fmt, ".displayName")
        part: ir.AnyPart
        if kind == "inlineData":
            media = string(d.get("mimeType"), path, fmt, ".mimeType")
            data = string(d.get("data"), path, fmt, ".data")
            if media.startswith("image/"):
                part = ir.Image(data=data, media_type=media)
            elif media.startswith("audio/"):
                part = ir.Audio(data=data, media_type=media)
            else:
                part = ir.File(data=data, media_type=media, filename=name)
            known = BLOB_KEYS
        else:
            uri = string(d.get("fileUri"), path, fmt, ".fileUri")
            media_opt = opt_string(d.get("mimeType"), path, fmt, ".mimeType")
            kind_of = media_opt or media_type_of(uri=uri) or ""
            ref = is_file_reference(uri)
            if kind_of.startswith("image/"):
                part = ir.Image(file_id=uri) if ref else ir.Image(url=uri)
                part.media_type = media_opt
            elif kind_of.startswith("audio/"):
                part = ir.Audio(file_id=uri) if ref else ir.Audio(url=uri)
                part.media_type = media_opt
            else:
                part = ir.File(file_id=uri) if ref else ir.File(url=uri)
                part.media_type = media_opt
                part.filename = name
            known = FILE_DATA_KEYS
        if isinstance(part, ir.File) and name is not None:
            known = known | {"displayName"}
        if not d.keys() <= known or None in d.values():
            part.extras = _dotted(kind, leftovers(d, known))
        return part

    # -- tools -----------------------------------------------------------------------------

    def read_tools(self, raw: list[Any], r: _Read) -> list[ir.AnyTool]:
        fmt = r.fmt
        tools: list[ir.AnyTool] = []
        layout: list[list[Any]] = []
        schemas: dict[str, Any] = {}
        for i, t in enumerate(raw):
            tpath = f"$.tools[{i}]"
            t = norm(obj(t, tpath, fmt), r.seen)
            group: list[Any] = []
            for key, value in t.items():
                if key == "functionDeclarations":
                    decls = arr(value, tpath, fmt, ".functionDeclarations")
                    for j, d in enumerate(decls):
                        tools.append(self.read_declaration(
                            d, f"{tpath}.functionDeclarations[{j}]", schemas, r))
                    group.append([key, len(decls)])
                    continue
                if type(value) is dict:
                    if key in FLAT_BUILTINS:
                        value = norm(value, r.seen)
                    elif key == "googleSearchRetrieval":
                        value = norm(value, r.seen)
                        if type(drc := value.get("dynamicRetrievalConfig")) is dict:
                            value = {**value, "dynamicRetrievalConfig": norm(drc, r.seen)}
                config = None
                if key == "googleSearch" and type(value) is dict:
                    config = {ir_key: value[wire] for ir_key, wire in SEARCH_CONFIG.items()
                              if value.get(wire) is not None} or None
                tools.append(ir.BuiltinTool(kind=BUILTIN_KINDS.get(key, key), config=config,
                                            origin=fmt, raw={key: value},
                                            path=f"{tpath}.{key}"))
                group.append([key, 1])
            layout.append(group)
        if layout != _default_layout(tools):
            r.hints["tools"] = layout
        if schemas:
            r.hints["schemas"] = schemas
        return tools

    def read_declaration(self, d: Any, path: str, schemas: dict[str, Any], r: _Read
                         ) -> ir.FunctionTool:
        fmt = r.fmt
        d = norm(obj(d, path, fmt), r.seen)
        tool = ir.FunctionTool(name=string(d.get("name"), path, fmt, ".name"),
                               description=opt_string(d.get("description"), path, fmt,
                                                      ".description"), path=path)
        if (js := d.get("parametersJsonSchema")) is not None:
            tool.parameters = opt_obj(js, path, fmt, ".parametersJsonSchema")
            known = DECLARATION_KEYS - {"parameters"}
        elif (g := d.get("parameters")) is not None:
            g = obj(g, path, fmt, ".parameters")
            tool.parameters = to_json_schema(g)
            schemas[path] = g
            known = DECLARATION_KEYS
        else:
            known = DECLARATION_KEYS
        if not d.keys() <= known or None in d.values():
            tool.extras = leftovers(d, known)
        return tool

    def read_tool_config(self, tc: dict[str, Any], req: ir.Request, extras: dict[str, Any],
                         r: _Read) -> None:
        fmt = r.fmt
        tc = norm(tc, r.seen)
        objects = r.hints.setdefault("objects", [])
        if not tc:
            objects.append("toolConfig")
        if (fcc := tc.get("functionCallingConfig")) is not None:
            path = "$.toolConfig.functionCallingConfig"
            fcc = norm(obj(fcc, path, fmt), r.seen)
            if not fcc:
                objects.append("toolConfig.functionCallingConfig")
            mode = opt_string(fcc.get("mode"), path, fmt, ".mode")
            names = fcc.get("allowedFunctionNames")
            if names is not None:
                names = [string(n, f"{path}.allowedFunctionNames[{k}]", fmt)
                         for k, n in enumerate(arr(names, path, fmt, ".allowedFunctionNames"))]
            if mode is not None:
                req.tool_choice = _choice(mode.upper(), names, path)
                if mode != _written_mode(req.tool_choice):
                    r.hints["fc_mode"] = mode
                if names is not None and req.tool_choice.mode in ("auto", "none", "required"):
                    r.hints["fc_names"] = names   # names beside a mode that ignores them
            elif names is not None:
                r.hints["fc_names"] = names
            if (rest := leftovers(fcc, CALLING_KEYS)) is not None:
                extras.update(_dotted("toolConfig.functionCallingConfig", rest))
        if (rc := tc.get("retrievalConfig")) is not None and type(rc) is dict:
            rc = norm(rc, r.seen)
            if type(ll := rc.get("latLng")) is dict:
                rc = {**rc, "latLng": norm(ll, r.seen)}
            tc = {**tc, "retrievalConfig": rc}
        if (rest := leftovers(tc, frozenset({"functionCallingConfig"}))) is not None:
            extras.update(_dotted("toolConfig", rest))
        if not objects:
            del r.hints["objects"]

    # -- generation settings ---------------------------------------------------------------

    def read_generation(self, gc: dict[str, Any], req: ir.Request, extras: dict[str, Any],
                        paths: dict[str, str], r: _Read) -> None:
        fmt = r.fmt
        base = "$.generationConfig"
        gc = norm(gc, r.seen)
        if not gc:
            r.hints.setdefault("objects", []).append("generationConfig")
        s = req.sampling
        for key, field, check in SAMPLING_FIELDS:
            if (value := gc.get(key)) is not None:
                setattr(s, field, check(value, f"{base}.{key}", fmt))
                paths[field] = f"{base}.{key}"
        if (stop := gc.get("stopSequences")) is not None:
            paths["stop"] = f"{base}.stopSequences"
            s.stop = [string(x, f"{base}.stopSequences[{k}]", fmt)
                      for k, x in enumerate(arr(stop, base, fmt, ".stopSequences"))]
        rest = leftovers(gc, GENERATION_KEYS) or {}
        self.read_output(gc, req, rest, r)
        if (th := gc.get("thinkingConfig")) is not None:
            self.read_thinking(obj(th, f"{base}.thinkingConfig", fmt), req, rest, r)
        if rest:
            extras.update(_dotted("generationConfig", rest))

    def read_output(self, gc: dict[str, Any], req: ir.Request, rest: dict[str, Any],
                    r: _Read) -> None:
        fmt = r.fmt
        base = "$.generationConfig"
        mime = opt_string(gc.get("responseMimeType"), base, fmt, ".responseMimeType")
        schema = gc.get("responseSchema")
        json_schema = gc.get("responseJsonSchema")
        if mime == "application/json" or (mime is None and (schema or json_schema)):
            if mime is None:
                r.hints["no_mime"] = True
            if json_schema is not None:
                req.output = ir.OutputFormat(
                    type="json_schema", path=f"{base}.responseJsonSchema",
                    schema=obj(json_schema, base, fmt, ".responseJsonSchema"))
                if schema is not None:
                    rest["responseSchema"] = schema
            elif schema is not None:
                g = obj(schema, base, fmt, ".responseSchema")
                req.output = ir.OutputFormat(type="json_schema", schema=to_json_schema(g),
                                             path=f"{base}.responseSchema")
                r.hints.setdefault("schemas", {})[f"{base}.responseSchema"] = g
            else:
                req.output = ir.OutputFormat(type="json_object",
                                             path=f"{base}.responseMimeType")
        elif mime == "text/plain" and schema is None and json_schema is None:
            req.output = ir.OutputFormat(type="text", path=f"{base}.responseMimeType")
        else:   # enum mode (text/x.enum) and other types: Gemini-only
            for key, value in (("responseMimeType", mime), ("responseSchema", schema),
                               ("responseJsonSchema", json_schema)):
                if value is not None:
                    rest[key] = value

    def read_thinking(self, th: dict[str, Any], req: ir.Request, rest: dict[str, Any],
                      r: _Read) -> None:
        fmt = r.fmt
        path = "$.generationConfig.thinkingConfig"
        th = norm(th, r.seen)
        budget = opt_int(th.get("thinkingBudget"), path, fmt, ".thinkingBudget")
        level = opt_string(th.get("thinkingLevel"), path, fmt, ".thinkingLevel")
        cfg = ir.ReasoningConfig(path=path, include_thoughts=opt_bool(
            th.get("includeThoughts"), path, fmt, ".includeThoughts"))
        if level is not None:
            cfg.mode = "enabled"
            cfg.effort = level.lower()
            if level != cfg.effort:
                r.hints["thinking_level"] = level
        if budget is not None:
            if budget > 0:
                cfg.mode = "enabled"
                cfg.budget_tokens = budget
            else:
                r.hints["thinking_budget"] = budget   # 0 = off, -1 = dynamic
                if level is None:
                    cfg.mode = "disabled" if budget == 0 else "adaptive"
        if not th:
            r.hints.setdefault("objects", []).append("generationConfig.thinkingConfig")
        if (more := leftovers(th, THINKING_KEYS)) is not None:
            rest.update(_dotted("thinkingConfig", more))
        if cfg.mode is not None or cfg.include_thoughts is not None or th:
            req.reasoning = cfg


def _dotted(prefix: str, extras: dict[str, Any] | None) -> dict[str, Any]:
    """Nested vendor-only keys as ``"parent.key"`` extras, so that another writer reports
    each at its own path (``$.generationConfig.speechConfig``)."""
    return {f"{prefix}.{k}": v for k, v in (extras or {}).items()}


def _merge(a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any] | None:
    if not a:
        return b
    if not b:
        return a
    return {**a, **b}


def _choice(mode: str, names: list[str] | None, path: str) -> ir.ToolChoice:
    refs = [{"type": "function", "name": n} for n in names or ()]
    if mode == "NONE":
        return ir.ToolChoice(mode="none", path=path)
    if mode == "ANY":
        if not names:
            return ir.ToolChoice(mode="required", path=path)
        if len(names) == 1:
            return ir.ToolChoice(mode="tool", name=names[0], tool_type="function", path=path)
        return ir.ToolChoice(mode="allowed", allowed=refs, allowed_mode="required", path=path)
    if names:   # VALIDATED (or AUTO, which ignores them) restricted to some functions
        return ir.ToolChoice(mode="allowed", allowed=refs, allowed_mode="auto", path=path)
    return ir.ToolChoice(mode="auto", path=path)


def _written_mode(choice: ir.ToolChoice) -> str:
    """The functionCallingConfig.mode a writer sends for ``choice``."""
    if choice.mode == "allowed":
        return "ANY" if choice.allowed_mode == "required" else "VALIDATED"
    return {"auto": "AUTO", "none": "NONE", "required": "ANY", "tool": "ANY"}[choice.mode]


def _default_layout(tools: list[ir.AnyTool]) -> list[list[Any]]:
    """How a writer groups tools by default: one Tool with every function declaration,
    then one Tool per built-in."""
    layout: list[list[Any]] = []
    functions = sum(1 for t in tools if not isinstance(t, ir.BuiltinTool))
    if functions:
        layout.append([["functionDeclarations", functions]])
    for t in tools:
        if isinstance(t, ir.BuiltinTool) and t.raw:
            layout.append([[next(iter(t.raw)), 1]])
    return layout
