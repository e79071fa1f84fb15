"""Gemini generateContent (Developer API and Vertex AI): structure and model rules.

The REST surface takes camelCase and snake_case keys (the proto3 JSON mapping); every lookup
here accepts both and reports the path with the key the payload used.
"""

from __future__ import annotations

import re
from typing import Any

from ._core import Ctx, as_list, fix, key_path, move, pointer, remove, replace
from .limits import Image

_SNAKE = re.compile(r"(?<=[a-z0-9])([A-Z])")


def _snake(key: str) -> str:
    return _SNAKE.sub(lambda m: "_" + m.group(1).lower(), key)


def get(d: Any, key: str) -> tuple[str | None, Any]:
    """``(actual key, value)`` of ``key`` in ``d`` (camelCase or snake_case)."""
    if not isinstance(d, dict):
        return None, None
    if key in d:
        return key, d[key]
    snake = _snake(key)
    if snake in d:
        return snake, d[snake]
    return None, None


def val(d: Any, key: str) -> Any:
    return get(d, key)[1]


DATA_FIELDS = ("text", "inlineData", "fileData", "functionCall", "functionResponse",
               "executableCode", "codeExecutionResult", "toolCall", "toolResponse")
BUILTIN_TOOLS = ("googleSearch", "googleSearchRetrieval", "codeExecution", "urlContext",
                 "googleMaps", "fileSearch", "computerUse", "retrieval", "enterpriseWebSearch")
#: Keys of the classic ``Schema`` (google-genai ``types.Schema``); the Developer API lacks
#: additionalProperties (google-genai raises for it outside Vertex mode).
SCHEMA_KEYS = frozenset({"anyOf", "default", "description", "enum", "example", "format",
                         "items", "maxItems", "maxLength", "maxProperties", "maximum",
                         "minItems", "minLength", "minProperties", "minimum", "nullable",
                         "pattern", "properties", "propertyOrdering", "required", "title",
                         "type", "defs", "ref"})
VERTEX_SCHEMA_KEYS = SCHEMA_KEYS | {"additionalProperties"}
_FUNCTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,63}\Z")
_JSON_SCHEMA_ONLY = frozenset({"$ref", "$defs", "$schema", "$id", "definitions", "const",
                               "oneOf", "allOf", "not", "exclusiveMinimum", "exclusiveMaximum",
                               "additionalProperties", "patternProperties", "propertyNames",
                               "examples", "if", "then", "else", "dependentRequired",
                               "unevaluatedProperties", "prefixItems", "uniqueItems",
                               "multipleOf", "contains"})


def check_request(ctx: Ctx, images: list[Image]) -> None:
    p = ctx.payload
    if not isinstance(p, dict):
        return
    ckey, contents = get(p, "contents")
    if contents == []:
        ctx.report("gemini.contents.empty", f"$.{ckey}", "contents is empty")
    contents = as_list(contents)
    _contents(ctx, ckey or "contents", contents, images)
    tkey, tools = get(p, "tools")
    functions = _tools(ctx, tkey or "tools", as_list(tools))
    _tool_config(ctx, p, functions)
    _generation(ctx, p, functions)


# -- contents -----------------------------------------------------------------------------

def _kinds(part: Any) -> list[str]:
    return [k for k in DATA_FIELDS if get(part, k)[0] is not None]


def _contents(ctx: Ctx, ckey: str, contents: list[Any], images: list[Image]) -> None:
    calls: list[int] = []          # number of function calls per content
    responses: list[int] = []
    roles: list[str] = []
    for i, content in enumerate(contents):
        path = f"$.{ckey}[{i}]"
        role = val(content, "role")
        roles.append(role if isinstance(role, str) else "user")
        if role is not None and role not in ("user", "model"):
            ctx.report("gemini.role", f"{path}.role",
                       f"role {role!r}: Gemini takes 'user' and 'model' only")
        pkey, parts = get(content, "parts")
        n_calls = n_resp = 0
        if isinstance(content, dict) and (parts == [] or pkey is None):
            ctx.report("gemini.parts.empty", f"{path}.{pkey or 'parts'}",
                       f"content {i} has no parts", index=i)
        for j, part in enumerate(as_list(parts)):
            ppath = f"{path}.{pkey}[{j}]"
            if not isinstance(part, dict):
                continue
            kinds = _kinds(part)
            if not kinds:
                ctx.report("gemini.part.data", ppath,
                           "the part carries no data (text, inlineData, functionCall, ...)",
                           index=i, part=j)
            elif len(kinds) > 1:
                ctx.report("gemini.part.data", ppath,
                           f"the part carries {' and '.join(kinds)}: one per part",
                           vendor_error=f"Invalid value at '{ckey}[{i}].parts[{j}].data' "
                                        f"(oneof), oneof field 'data' is already set. Cannot "
                                        f"set '{_snake(kinds[1])}'")
            tk, text = get(part, "text")
            if text == "" and val(part, "thoughtSignature") is None and len(kinds) == 1:
                ctx.report("gemini.text.empty", f"{ppath}.{tk}", "empty text part")
            if get(part, "functionCall")[0] is not None:
                n_calls += 1
            if get(part, "functionResponse")[0] is not None:
                n_resp += 1
            ik, inline = get(part, "inlineData")
            if isinstance(inline, dict):
                data = val(inline, "data")
                images.append(Image(f"{ppath}.{ik}.data", data if isinstance(data, str)
                                    else None, val(inline, "mimeType")))
        calls.append(n_calls)
        responses.append(n_resp)
    for i in range(len(contents)):
        path = f"$.{ckey}[{i}]"
        if calls[i] and roles[i] == "model":
            if i == 0 or roles[i - 1] != "user":
                ctx.report("gemini.function_call.position", path,
                           "a function call turn must come right after a user turn (or a "
                           "function response turn)")
            if i + 1 < len(contents) and responses[i + 1] != calls[i]:
                ctx.report("gemini.function_response.count", f"$.{ckey}[{i + 1}]",
                           f"content {i} makes {calls[i]} function call(s); content {i + 1} "
                           f"answers {responses[i + 1]}")
        if responses[i] and (i == 0 or not calls[i - 1] or roles[i - 1] != "model"):
            ctx.report("gemini.function_response.position", path,
                       "a function response turn must come right after the model's function "
                       "call turn")
    _signatures(ctx, ckey, contents, roles, calls)


def _signatures(ctx: Ctx, ckey: str, contents: list[Any], roles: list[str],
                calls: list[int]) -> None:
    """Gemini 3: in the current turn (since the last user message that is not a function
    response), the first function call of each model step carries a thought signature."""
    model = ctx.model
    if model is None or model.reasoning.replay != "required_on_function_calls":
        return
    start = 0
    for i, content in enumerate(contents):
        if roles[i] == "user":
            parts = as_list(val(content, "parts"))
            if any(isinstance(pt, dict) and get(pt, "functionResponse")[0] is None
                   for pt in parts):
                start = i + 1
    for i in range(start, len(contents)):
        if roles[i] != "model" or not calls[i]:
            continue
        pkey, parts = get(contents[i], "parts")
        for j, part in enumerate(as_list(parts)):
            if isinstance(part, dict) and get(part, "functionCall")[0] is not None:
                if not val(part, "thoughtSignature"):
                    ctx.report("gemini.function_call.signature",
                               f"$.{ckey}[{i}].{pkey}[{j}]",
                               f"{model.id} needs the thoughtSignature the model returned on "
                               "this function call (never invent one)")
                break


# -- tools --------------------------------------------------------------------------------

def _tools(ctx: Ctx, tkey: str, tools: list[Any]) -> int:
    n_functions = 0
    builtin: str | None = None
    surface_keys = VERTEX_SCHEMA_KEYS if ctx.target.surface == "vertex" else SCHEMA_KEYS
    for i, tool in enumerate(tools):
        if not isinstance(tool, dict):
            continue
        fkey, decls = get(tool, "functionDeclarations")
        for j, decl in enumerate(as_list(decls)):
            if not isinstance(decl, dict):
                continue
            n_functions += 1
            dpath = f"$.{tkey}[{i}].{fkey}[{j}]"
            name = decl.get("name")
            if isinstance(name, str) and not _FUNCTION_NAME.match(name):
                ctx.report("gemini.function.name", f"{dpath}.name",
                           f"function name {name!r} is not a valid Gemini function name",
                           tool=i, index=j)
            pk, params = get(decl, "parameters")
            if isinstance(params, dict) and pk is not None and fkey is not None:
                ptr = pointer(tkey, i, fkey, j, pk)
                alt = pointer(tkey, i, fkey, j, "parametersJsonSchema")
                _schema(ctx, params, f"{dpath}.{pk}", surface_keys,
                        _move_fix(params, ptr, alt, "parametersJsonSchema"))
                ptype = params.get("type")
                if isinstance(ptype, str) and ptype.upper() != "OBJECT":
                    ctx.report("gemini.schema.parameters-object", f"{dpath}.{pk}.type",
                               f"parameters has type {ptype!r}; function parameters are an "
                               "object")
        for key in BUILTIN_TOOLS:
            if get(tool, key)[0] is not None and builtin is None:
                builtin = f"$.{tkey}[{i}].{get(tool, key)[0]}"
    model = ctx.model
    if builtin and n_functions and model is not None \
            and model.params.builtin_tools_with_functions is False:
        ctx.report("gemini.tools.builtin-with-functions", builtin,
                   f"{model.id} does not mix built-in tools with function declarations")
    return n_functions


def _move_fix(schema: dict[str, Any], src: str, dst: str, field: str) -> Any:
    """Moving a JSON Schema written into the classic field to its JSON Schema twin is safe
    when it reads as JSON Schema (lower-case types, no ``nullable``)."""
    def json_schema_like(node: Any) -> bool:
        if isinstance(node, dict):
            t = node.get("type")
            if isinstance(t, str) and t != t.lower():
                return False
            if "nullable" in node:
                return False
            return all(json_schema_like(v) for v in node.values())
        if isinstance(node, list):
            return all(json_schema_like(v) for v in node)
        return True

    if not json_schema_like(schema):
        return None
    return fix(f"move the schema to `{field}`, which takes full JSON Schema", move(src, dst))


def _schema(ctx: Ctx, node: Any, path: str, allowed: frozenset[str], repair: Any,
            depth: int = 0) -> None:
    if not isinstance(node, dict) or depth > 64:
        return
    for key, value in node.items():
        camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), key)
        kpath = key_path(path, key)
        if camel not in allowed:
            ctx.report("gemini.schema.keyword", kpath,
                       f"{key!r} is not a keyword of Gemini's classic schema (use "
                       "parametersJsonSchema / responseJsonSchema for full JSON Schema)",
                       fix=repair, keyword=key, loc=path.lstrip("$."))
            continue
        if camel == "type" and isinstance(value, list):
            ctx.report("gemini.schema.type-array", kpath,
                       "type is a list; the classic schema takes one type (use anyOf or "
                       "nullable)", fix=repair)
        elif camel == "properties" and isinstance(value, dict):
            for name, sub in value.items():
                _schema(ctx, sub, key_path(kpath, name), allowed, repair, depth + 1)
        elif camel == "items":
            _schema(ctx, value, kpath, allowed, repair, depth + 1)
        elif camel == "anyOf":
            for i, sub in enumerate(as_list(value)):
                _schema(ctx, sub, f"{kpath}[{i}]", allowed, repair, depth + 1)
        elif camel == "defs" and isinstance(value, dict):
            for name, sub in value.items():
                _schema(ctx, sub, key_path(kpath, name), allowed, repair, depth + 1)


def _tool_config(ctx: Ctx, p: dict[str, Any], functions: int) -> None:
    ck, config = get(p, "toolConfig")
    fk, fcc = get(config, "functionCallingConfig")
    if fk is not None and fcc is not None and not functions:
        ctx.report("gemini.tool_config.without-functions", f"$.{ck}.{fk}",
                   "functionCallingConfig is set but no function is declared")


# -- generationConfig -----------------------------------------------------------------------

def _generation(ctx: Ctx, p: dict[str, Any], functions: int) -> None:
    gk, gen = get(p, "generationConfig")
    if not isinstance(gen, dict):
        return
    base = f"$.{gk}"
    sk, stops = get(gen, "stopSequences")
    if isinstance(stops, list) and len(stops) > 5:
        ctx.report("gemini.stop_sequences.count", f"{base}.{sk}",
                   f"{len(stops)} stop sequences; at most 5")
    rk, schema = get(gen, "responseSchema")
    if isinstance(schema, dict) and rk is not None and gk is not None:
        allowed = VERTEX_SCHEMA_KEYS if ctx.target.surface == "vertex" else SCHEMA_KEYS
        _schema(ctx, schema, f"{base}.{rk}", allowed,
                _move_fix(schema, pointer(gk, rk), pointer(gk, "responseJsonSchema"),
                          "responseJsonSchema"))
    model = ctx.model
    mime = val(gen, "responseMimeType")
    if functions and mime == "application/json" and model is not None \
            and model.params.json_mode_with_functions is False:
        ctx.report("gemini.tools.json-mode-with-functions", f"{base}.{get(gen, 'responseMimeType')[0]}",
                   f"{model.id} does not combine JSON mode with function calling")
    tk, tc = get(gen, "thinkingConfig")
    if isinstance(tc, dict):
        _thinking(ctx, tc, f"{base}.{tk}", (gk or "generationConfig", tk or "thinkingConfig"))


def _thinking(ctx: Ctx, tc: dict[str, Any], path: str, at: tuple[str, str]) -> None:
    model = ctx.model
    bk, budget = get(tc, "thinkingBudget")
    lk, level = get(tc, "thinkingLevel")
    uses_levels = model is not None and model.reasoning.levels is not None
    if bk is not None and lk is not None and budget is not None and level is not None:
        drop = bk if uses_levels or model is None else lk
        ctx.report("gemini.thinking.budget-and-level", f"{path}.{drop}",
                   "thinkingBudget and thinkingLevel together: set one",
                   fix=fix(f"remove `{drop}`", remove(pointer(*at, drop))))
        return
    if model is None:
        return
    r = model.reasoning
    if lk is not None and isinstance(level, str):
        if r.levels is None and r.supported:
            ctx.report("gemini.thinking.level-unsupported", f"{path}.{lk}",
                       f"{model.id} takes thinkingBudget, not thinkingLevel",
                       fix=fix("remove `thinkingLevel`", remove(pointer(*at, lk))))
        elif r.levels is not None and level.lower() not in r.levels:
            ctx.report("gemini.thinking.level-value", f"{path}.{lk}",
                       f"{model.id} takes thinkingLevel {' / '.join(r.levels)}, not {level!r}")
    if bk is not None and type(budget) is int and budget != -1:
        lo, hi = r.budget_min, r.budget_max
        if budget == 0 and r.required:
            repair = fix(f"set thinkingBudget to the minimum ({lo})",
                         replace(pointer(*at, bk), lo)) if lo is not None else None
            ctx.report("gemini.thinking.cannot-disable", f"{path}.{bk}",
                       f"{model.id} cannot turn thinking off", fix=repair)
        elif budget != 0 and lo is not None and hi is not None and not lo <= budget <= hi:
            clamped = min(max(budget, lo), hi)
            ctx.report("gemini.thinking.budget-range", f"{path}.{bk}",
                       f"{model.id} takes thinkingBudget {lo}..{hi} (or -1 for dynamic"
                       f"{'' if r.required else ', 0 for off'}), not {budget}",
                       fix=fix(f"clamp thinkingBudget to {clamped}",
                               replace(pointer(*at, bk), clamped)), value=budget)
