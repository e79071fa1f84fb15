"""OpenAI Chat Completions (and its dialects), Responses and legacy Completions: structure
and model rules."""

from __future__ import annotations

from typing import Any

import msgspec

from .. import names
from ..models import ModelInfo
from ._core import Ctx, as_dict, as_list, fix, is_num, move, pointer, remove, replace
from .images import parse_data_uri
from .limits import Image

_DECODE = msgspec.json.Decoder()


def _json_ok(text: str) -> bool:
    try:
        _DECODE.decode(text)
    except (msgspec.DecodeError, UnicodeEncodeError):
        return False
    return True


# -- shared pieces ------------------------------------------------------------------------

def _tool_name(ctx: Ctx, name: Any, path: str, index: int) -> None:
    if not isinstance(name, str) or names.OPENAI_TOOL_NAME.accepts(name):
        return
    if len(name) > 64:
        vendor = None
        msg = f"function name {name!r} is {len(name)} characters; the limit is 64"
    else:
        vendor = (f"Invalid 'tools[{index}].function.name': string does not match pattern. "
                  "Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.")
        msg = f"function name {name!r} has characters outside [a-zA-Z0-9_-]"
    ctx.report("openai.tool.name", path, msg, vendor_error=vendor, index=index,
               length=len(name))


def _strict_schema(ctx: Ctx, schema: Any, path: str, what: str, name: str) -> None:
    """Structured Outputs: every object closed and all its properties required."""
    def walk(node: Any, p: str, context: tuple[str, ...]) -> bool:
        if not isinstance(node, dict):
            return False
        ctx_text = "(" + ", ".join(repr(c) for c in context) + ("," if len(context) == 1
                                                                else "") + ")"
        is_object = node.get("type") == "object" or (
            isinstance(node.get("type"), list) and "object" in node["type"]) \
            or "properties" in node
        if is_object:
            if node.get("additionalProperties") is not False:
                ctx.report("openai.strict-schema", f"{p}.additionalProperties",
                           f"strict {what} {name!r}: objects need additionalProperties: false",
                           what=what, name=name, context=ctx_text,
                           detail="'additionalProperties' is required to be supplied and to "
                                  "be false.")
                return True
            props = node.get("properties")
            if isinstance(props, dict):
                required = node.get("required")
                missing = [k for k in props if not (isinstance(required, list)
                                                    and k in required)]
                if missing:
                    ctx.report("openai.strict-schema", f"{p}.required",
                               f"strict {what} {name!r}: every property must be required; "
                               f"missing {', '.join(missing)}",
                               what=what, name=name, context=ctx_text,
                               detail="'required' is required to be supplied and to be an "
                                      "array including every key in properties. Missing "
                                      f"'{missing[0]}'.")
                    return True
                for key, sub in props.items():
                    if walk(sub, f"{p}.properties.{key}", (*context, "properties", key)):
                        return True
        for key in ("items",):
            if walk(node.get(key), f"{p}.{key}", (*context, key)):
                return True
        for key in ("anyOf", "allOf"):
            for i, sub in enumerate(as_list(node.get(key))):
                if walk(sub, f"{p}.{key}[{i}]", (*context, key, str(i))):
                    return True
        for key in ("$defs", "definitions"):
            for k, sub in as_dict(node.get(key)).items():
                if walk(sub, f"{p}.{key}.{k}", (*context, key, k)):
                    return True
        return False

    walk(schema, path, ())


def _sampling(ctx: Ctx, p: dict[str, Any], effort: Any, max_key: str | None) -> None:
    """temperature / top_p / output limits against the model's table entry."""
    model = ctx.model
    if model is None:
        return
    fixed = model.sampling.fixed_temperature
    temperature = p.get("temperature")
    if fixed is not None and is_num(temperature) and temperature != fixed:
        ctx.report("openai.temperature.fixed", "$.temperature",
                   f"{model.id} takes only temperature {fixed:g}, not {temperature}",
                   fix=fix("remove `temperature` (the default is 1)", remove("/temperature")),
                   value=temperature)
    elif model.sampling.requires_effort_none and effort != "none":
        for key in ("temperature", "top_p"):
            value = p.get(key)
            if is_num(value) and value != 1:
                ctx.report("openai.sampling.effort", f"$.{key}",
                           f"{model.id} takes {key} {value} only with reasoning effort "
                           f"'none' (effort is {effort or 'the default'})",
                           fix=fix(f"remove `{key}`", remove(f"/{key}")))
    if model.sampling.top_p is False and p.get("top_p") is not None:
        ctx.report("openai.top_p.unsupported", "$.top_p", f"{model.id} does not take top_p",
                   fix=fix("remove `top_p`", remove("/top_p")))
    if max_key is not None:
        value = p.get(max_key)
        if is_num(value) and model.max_output_tokens and value > model.max_output_tokens:
            ctx.report("openai.max_tokens.model-limit", f"$.{max_key}",
                       f"{max_key} {value} exceeds {model.id}'s output limit of "
                       f"{model.max_output_tokens}", value=value,
                       limit=model.max_output_tokens)


def _effort(ctx: Ctx, effort: Any, path: str, param: str) -> None:
    model = ctx.model
    if model is None or not isinstance(effort, str):
        return
    if model.reasoning.supported is False:
        ctx.report("openai.reasoning_effort.unsupported", path,
                   f"{model.id} does not reason: {param} is refused", param=param)
        return
    efforts = model.reasoning.efforts
    if efforts is not None and effort not in efforts:
        quoted = [f"'{e}'" for e in efforts]
        allowed = quoted[0] if len(quoted) == 1 else (
            " and ".join(quoted) if len(quoted) == 2
            else ", ".join(quoted[:-1]) + ", and " + quoted[-1])
        ctx.report("openai.reasoning_effort.value", path,
                   f"{model.id} takes reasoning effort {' / '.join(efforts)}, not {effort!r}",
                   value=effort, allowed=allowed)


# -- Chat Completions ---------------------------------------------------------------------

def check_chat(ctx: Ctx, images: list[Image]) -> None:
    p = ctx.payload
    if not isinstance(p, dict):
        return
    messages = p.get("messages")
    if messages == []:
        ctx.report("openai.messages.empty", "$.messages", "messages is empty")
    messages = as_list(messages)
    model = ctx.model
    _chat_messages(ctx, messages, images)
    for i, tool in enumerate(as_list(p.get("tools"))):
        if not isinstance(tool, dict):
            continue
        fn = as_dict(tool.get("function") if tool.get("type", "function") == "function"
                     else tool.get("custom"))
        _tool_name(ctx, fn.get("name"), f"$.tools[{i}].function.name", i)
        if fn.get("strict") is True:
            _strict_schema(ctx, fn.get("parameters"), f"$.tools[{i}].function.parameters",
                           "function", str(fn.get("name")))
    for i, fn in enumerate(as_list(p.get("functions"))):
        if isinstance(fn, dict):
            _tool_name(ctx, fn.get("name"), f"$.functions[{i}].name", i)
    rf = as_dict(p.get("response_format"))
    if rf.get("type") == "json_object" and not _mentions_json(messages):
        ctx.report("openai.response_format.json-word", "$.response_format",
                   "JSON mode needs the word 'json' somewhere in the messages")
    if rf.get("type") == "json_schema":
        js = as_dict(rf.get("json_schema"))
        if js.get("strict") is True:
            _strict_schema(ctx, js.get("schema"), "$.response_format.json_schema.schema",
                           "response_format", str(js.get("name")))
    stop = p.get("stop")
    if isinstance(stop, list) and len(stop) > 4:
        ctx.report("openai.stop.count", "$.stop", f"{len(stop)} stop sequences; at most 4",
                   length=len(stop))
    if model is not None and model.params.stop is False and stop is not None:
        ctx.report("openai.stop.unsupported", "$.stop", f"{model.id} does not take stop",
                   fix=fix("remove `stop`", remove("/stop")))
    if model is not None and model.params.max_tokens_field == "max_completion_tokens" \
            and p.get("max_tokens") is not None:
        op = remove("/max_tokens") if "max_completion_tokens" in p \
            else move("/max_tokens", "/max_completion_tokens")
        ctx.report("openai.max_tokens.unsupported", "$.max_tokens",
                   f"{model.id} takes max_completion_tokens, not max_tokens",
                   fix=fix("rename `max_tokens` to `max_completion_tokens`", op))
    effort = p.get("reasoning_effort")
    _effort(ctx, effort, "$.reasoning_effort", "reasoning_effort")
    max_key = "max_completion_tokens" if "max_completion_tokens" in p else \
        "max_tokens" if "max_tokens" in p else None
    _sampling(ctx, p, effort if effort is not None else _default_effort(model), max_key)
    _dialect_tool_choice(ctx, p)


def _default_effort(model: ModelInfo | None) -> str | None:
    return model.reasoning.default if model is not None else None


def _mentions_json(messages: list[Any]) -> bool:
    for m in messages:
        content = m.get("content") if isinstance(m, dict) else None
        if isinstance(content, str):
            if "json" in content.lower():
                return True
        else:
            for part in as_list(content):
                text = part.get("text") if isinstance(part, dict) else None
                if isinstance(text, str) and "json" in text.lower():
                    return True
    return False


def _thinking_on(ctx: Ctx, p: dict[str, Any]) -> bool:
    """Thinking mode of a DeepSeek / Qwen-style dialect request."""
    model = ctx.model
    thinking = as_dict(p.get("thinking"))
    if thinking.get("type") == "disabled" or p.get("enable_thinking") is False:
        return False
    if thinking.get("type") == "enabled" or p.get("enable_thinking") is True:
        return True
    if model is None:
        return False
    return bool(model.reasoning.required) or model.reasoning.default == "enabled"


def _forced(tool_choice: Any) -> bool:
    return tool_choice == "required" or isinstance(tool_choice, dict)


def _dialect_tool_choice(ctx: Ctx, p: dict[str, Any]) -> None:
    tc = p.get("tool_choice")
    if not _forced(tc):
        return
    model = ctx.model
    if ctx.target.id == "deepseek.chat" and _thinking_on(ctx, p):
        ctx.report("deepseek.thinking.tool_choice", "$.tool_choice",
                   "DeepSeek thinking mode takes tool_choice auto or none; disable thinking "
                   "(thinking: {type: disabled}) to force a tool")
    elif model is not None and model.vendor == "qwen" and (
            p.get("enable_thinking") is True or model.reasoning.required):
        ctx.report("qwen.thinking.tool_choice", "$.tool_choice",
                   "Qwen thinking mode refuses a forced tool_choice (set enable_thinking: "
                   "false, or use auto)")


def _chat_messages(ctx: Ctx, messages: list[Any], images: list[Image]) -> None:
    model = ctx.model
    system_ok = model.params.system_role if model is not None else None
    developer_ok = model.params.developer_role if model is not None else None
    deepseek_thinking = ctx.target.id == "deepseek.chat" and _thinking_on(ctx, ctx.payload)
    pending: dict[str, int] = {}    # call id -> index of the assistant message
    open_index = -1                 # the assistant message whose calls are being answered
    seen_calls: dict[str, str] = {}
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            continue
        role = m.get("role")
        path = f"$.messages[{i}]"
        if role != "tool" and pending:
            ids = ", ".join(pending)
            ctx.report("openai.tool_calls.unanswered", f"$.messages[{open_index}]",
                       f"tool calls {ids} of message {open_index} have no tool message",
                       ids=ids)
            pending = {}
        if role == "system" and system_ok is False:
            ctx.report("openai.role.system", f"{path}.role",
                       f"{model.id if model else 'the model'} refuses system messages",
                       index=i)
        elif role == "developer" and developer_ok is False:
            ctx.report("openai.role.developer", f"{path}.role",
                       f"{model.id if model else 'the model'} refuses developer messages",
                       vendor_error=f"Unsupported value: 'messages[{i}].role' does not support "
                                    "'developer' with this model.")
        if role == "assistant":
            calls = as_list(m.get("tool_calls"))
            if calls and deepseek_thinking and m.get("reasoning_content") is None:
                ctx.report("deepseek.reasoning_content.missing", path,
                           f"thinking mode: assistant message {i} made tool calls and must "
                           "replay its reasoning_content", index=i)
            for j, call in enumerate(calls):
                if not isinstance(call, dict):
                    continue
                cid = call.get("id")
                cpath = f"{path}.tool_calls[{j}]"
                if isinstance(cid, str):
                    _call_id(ctx, cid, i, j, messages)
                    if cid in seen_calls:
                        ctx.report("openai.tool_call.duplicate-id", f"{cpath}.id",
                                   f"tool call id {cid!r} is also used at {seen_calls[cid]}")
                    else:
                        seen_calls[cid] = cpath
                    pending[cid] = i
                args = as_dict(call.get("function")).get("arguments")
                if isinstance(args, str) and args and not _json_ok(args):
                    ctx.report("openai.tool_call.arguments", f"{cpath}.function.arguments",
                               "the arguments are not valid JSON")
            open_index = i if calls else -1
        elif role == "tool":
            tid = m.get("tool_call_id")
            if isinstance(tid, str) and tid in pending:
                del pending[tid]
            elif open_index < 0 or not isinstance(tid, str) or tid not in seen_calls:
                ctx.report("openai.tool_message.orphan", path,
                           f"tool message for {tid!r} answers no tool call of the preceding "
                           "assistant message")
        else:
            open_index = -1
        content = m.get("content")
        for j, part in enumerate(as_list(content)):
            if isinstance(part, dict) and part.get("type") == "image_url":
                url = as_dict(part.get("image_url")).get("url")
                if isinstance(url, str):
                    parsed = parse_data_uri(url)
                    images.append(Image(f"{path}.content[{j}].image_url.url",
                                        parsed[1] if parsed else None,
                                        parsed[0] if parsed else None, parsed is not None))
    if pending:
        ids = ", ".join(pending)
        ctx.report("openai.tool_calls.unanswered", f"$.messages[{open_index}]",
                   f"tool calls {ids} of message {open_index} have no tool message", ids=ids)


def _call_id(ctx: Ctx, cid: str, i: int, j: int, messages: list[Any]) -> None:
    if len(cid) <= 40:
        return
    new = names.fit(cid, names.OPENAI_CALL_ID)
    ops = [replace(pointer("messages", i, "tool_calls", j, "id"), new)]
    for k in range(i + 1, len(messages)):
        m = messages[k]
        if not isinstance(m, dict) or m.get("role") != "tool":
            break
        if m.get("tool_call_id") == cid:
            ops.append(replace(pointer("messages", k, "tool_call_id"), new))
    ctx.report("openai.tool_call.id-length", f"$.messages[{i}].tool_calls[{j}].id",
               f"tool call id is {len(cid)} characters; OpenAI takes at most 40",
               fix=fix(f"shorten the id to {new!r} in the call and its tool message", *ops),
               index=i, call=j, length=len(cid))


# -- Responses ----------------------------------------------------------------------------

_CALL_TYPES = {"function_call": "function_call_output",
               "custom_tool_call": "custom_tool_call_output"}
_OUTPUT_TYPES = {v: k for k, v in _CALL_TYPES.items()}


def check_responses(ctx: Ctx, images: list[Image]) -> None:
    p = ctx.payload
    if not isinstance(p, dict):
        return
    items = as_list(p.get("input"))
    stateful = p.get("previous_response_id") is not None or p.get("conversation") is not None
    calls: dict[str, int] = {}
    answered: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        itype = item.get("type")
        path = f"$.input[{i}]"
        if itype in _CALL_TYPES:
            cid = item.get("call_id")
            if isinstance(cid, str):
                calls[cid] = i
            args = item.get("arguments")
            if itype == "function_call" and isinstance(args, str) and args \
                    and not _json_ok(args):
                ctx.report("openai.tool_call.arguments", f"{path}.arguments",
                           "the arguments are not valid JSON")
        elif itype in _OUTPUT_TYPES:
            cid = item.get("call_id")
            if isinstance(cid, str):
                if cid in calls:
                    answered.add(cid)
                elif not stateful:
                    ctx.report("responses.function_call_output.orphan", f"{path}.call_id",
                               f"output for call {cid!r} answers no function_call of the "
                               "input", id=cid)
        elif itype == "reasoning":
            _reasoning_item(ctx, p, items, i, item)
        for j, part in enumerate(as_list(item.get("content"))):
            if isinstance(part, dict) and part.get("type") == "input_image":
                url = part.get("image_url")
                if isinstance(url, str):
                    parsed = parse_data_uri(url)
                    images.append(Image(f"{path}.content[{j}].image_url",
                                        parsed[1] if parsed else None,
                                        parsed[0] if parsed else None, parsed is not None))
    for cid, i in calls.items():
        if cid not in answered:
            ctx.report("responses.function_call.unanswered", f"$.input[{i}]",
                       f"function call {cid!r} has no function_call_output in the input",
                       id=cid)
    for i, tool in enumerate(as_list(p.get("tools"))):
        if isinstance(tool, dict) and tool.get("type") == "function":
            _tool_name(ctx, tool.get("name"), f"$.tools[{i}].name", i)
            if tool.get("strict") is True:
                _strict_schema(ctx, tool.get("parameters"), f"$.tools[{i}].parameters",
                               "function", str(tool.get("name")))
    fmt = as_dict(as_dict(p.get("text")).get("format"))
    if fmt.get("type") == "json_schema" and fmt.get("strict") is True:
        _strict_schema(ctx, fmt.get("schema"), "$.text.format.schema", "text.format",
                       str(fmt.get("name")))
    reasoning = as_dict(p.get("reasoning"))
    effort = reasoning.get("effort")
    _effort(ctx, effort, "$.reasoning.effort", "reasoning.effort")
    _sampling(ctx, p, effort if effort is not None else _default_effort(ctx.model),
              "max_output_tokens" if "max_output_tokens" in p else None)


def _reasoning_item(ctx: Ctx, p: dict[str, Any], items: list[Any], i: int,
                    item: dict[str, Any]) -> None:
    rid = item.get("id")
    path = f"$.input[{i}]"
    if p.get("store") is False and not item.get("encrypted_content"):
        ctx.report("responses.reasoning.not-persisted", path,
                   "store is false: a reasoning item needs its encrypted_content (request "
                   "include: ['reasoning.encrypted_content'])",
                   fix=fix("remove the reasoning item (it cannot be replayed without its "
                           "encrypted content)", remove(pointer("input", i))), id=rid)
        return
    nxt = items[i + 1] if i + 1 < len(items) else None
    follows = isinstance(nxt, dict) and (
        nxt.get("type") in _CALL_TYPES
        or (nxt.get("type") in ("message", None) and nxt.get("role") == "assistant")
        or nxt.get("type") not in (None, "message", "reasoning", *_OUTPUT_TYPES,
                                   "item_reference"))
    if not follows and not (isinstance(nxt, dict) and nxt.get("type") == "item_reference"):
        ctx.report("responses.reasoning.orphan", path,
                   "a reasoning item must be followed by the item it produced (an assistant "
                   "message or a call)", id=rid)


# -- legacy Completions -------------------------------------------------------------------

def check_completions(ctx: Ctx, images: list[Image]) -> None:
    p = ctx.payload
    if not isinstance(p, dict):
        return
    stop = p.get("stop")
    if isinstance(stop, list) and len(stop) > 4:
        ctx.report("openai.stop.count", "$.stop", f"{len(stop)} stop sequences; at most 4",
                   length=len(stop))
    _sampling(ctx, p, None, "max_tokens" if "max_tokens" in p else None)


# -- responses and stream events: the model's output ----------------------------------------

def check_chat_output(ctx: Ctx) -> None:
    """Tool call arguments in a chat completion (or chunk) that are not JSON."""
    p = ctx.payload
    if not isinstance(p, dict) or ctx.kind != "response":
        return
    for c, choice in enumerate(as_list(p.get("choices"))):
        message = as_dict(as_dict(choice).get("message"))
        for j, call in enumerate(as_list(message.get("tool_calls"))):
            args = as_dict(as_dict(call).get("function")).get("arguments")
            if isinstance(args, str) and args and not _json_ok(args):
                ctx.report("openai.tool_call.arguments",
                           f"$.choices[{c}].message.tool_calls[{j}].function.arguments",
                           "the arguments are not valid JSON")
