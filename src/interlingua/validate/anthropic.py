"""Anthropic Messages (and Claude on Vertex AI / Bedrock): structure and model rules."""

from __future__ import annotations

from typing import Any

from .. import names
from ._core import Ctx, as_dict, as_list, fix, is_num, pointer, remove, replace
from .limits import Image

#: Bedrock caps tool names at 64 characters (anthropics/claude-code#5132).
BEDROCK_TOOL_NAME = names.rules("a-zA-Z0-9_-", 64)
FORCED = ("any", "tool")
THINKING_BLOCKS = ("thinking", "redacted_thinking")


def check_request(ctx: Ctx, images: list[Image]) -> None:
    p = ctx.payload
    if not isinstance(p, dict):
        return
    messages = as_list(p.get("messages"))
    _messages(ctx, messages, images)
    _tools(ctx, p)
    _cache(ctx, p, messages)
    if ctx.target.surface == "bedrock" and "stream" in p:
        ctx.report("bedrock.stream", "$.stream",
                   "Bedrock bodies have no `stream` key: InvokeModelWithResponseStream streams",
                   fix=fix("remove `stream`", remove("/stream")))
    _thinking(ctx, p, messages)
    _sampling(ctx, p)


# -- messages -----------------------------------------------------------------------------

def _blocks(message: Any) -> list[Any]:
    content = message.get("content") if isinstance(message, dict) else None
    return content if isinstance(content, list) else []


def _messages(ctx: Ctx, messages: list[Any], images: list[Image]) -> None:
    last = len(messages) - 1
    seen_ids: dict[str, str] = {}
    turns: list[tuple[int, Any, list[str], list[tuple[int, str]]]] = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            continue
        role = m.get("role")
        content = m.get("content")
        path = f"$.messages[{i}]"
        final_assistant = i == last and role == "assistant"
        # Empty content.
        if (content == "" or content == []) and not final_assistant:
            ctx.report("anthropic.content.empty", f"{path}.content",
                       f"message {i} ({role}) has empty content", index=i)
        uses: list[str] = []
        results: list[tuple[int, str]] = []
        first_other = -1
        blocks = content if isinstance(content, list) else []
        for j, block in enumerate(blocks):
            if not isinstance(block, dict):
                continue
            btype = block.get("type")
            bpath = f"{path}.content[{j}]"
            if btype == "text":
                text = block.get("text")
                if text == "" and not final_assistant:
                    siblings = len(blocks) > 1
                    ctx.report("anthropic.content.empty-text", f"{bpath}.text",
                               "empty text block",
                               fix=fix("remove the empty text block",
                                       remove(pointer("messages", i, "content", j)))
                               if siblings else None)
            elif btype == "tool_use":
                _tool_use(ctx, block, i, j, bpath, seen_ids, messages)
                bid = block.get("id")
                if isinstance(bid, str):
                    uses.append(bid)
            elif btype == "image":
                src = as_dict(block.get("source"))
                if src.get("type") == "base64" and isinstance(src.get("data"), str):
                    images.append(Image(f"{bpath}.source.data", src["data"],
                                        src.get("media_type")))
                elif src:
                    images.append(Image(f"{bpath}.source", None, None))
            if btype == "tool_result":
                tid = block.get("tool_use_id")
                results.append((j, tid if isinstance(tid, str) else ""))
                for k, inner in enumerate(as_list(block.get("content"))):
                    if isinstance(inner, dict) and inner.get("type") == "image":
                        src = as_dict(inner.get("source"))
                        if src.get("type") == "base64" and isinstance(src.get("data"), str):
                            images.append(Image(f"{bpath}.content[{k}].source.data",
                                                src["data"], src.get("media_type")))
                if first_other >= 0:
                    ctx.report("anthropic.tool_result.order", bpath,
                               f"tool_result at content[{j}] comes after content[{first_other}]"
                               f" ({_type(blocks[first_other])}): tool_result blocks must "
                               "come first")
                    first_other = -2          # report once per message
            elif first_other == -1:
                first_other = j
        turns.append((i, role, uses, results))
    _pairing(ctx, turns)
    _trailing_whitespace(ctx, messages)


def _pairing(ctx: Ctx, turns: list[tuple[int, Any, list[str], list[tuple[int, str]]]]
             ) -> None:
    """Every tool_use answered in the next user turn, no tool_result without its tool_use.
    Consecutive messages of one role count as one turn (the API merges them)."""
    groups: list[tuple[Any, list[tuple[int, Any, list[str], list[tuple[int, str]]]]]] = []
    for turn in turns:
        if groups and groups[-1][0] == turn[1]:
            groups[-1][1].append(turn)
        else:
            groups.append((turn[1], [turn]))
    for g, (role, members) in enumerate(groups):
        if role == "assistant":
            uses = [u for t in members for u in t[2]]
            if not uses:
                continue
            index = max(t[0] for t in members if t[2])
            nxt = groups[g + 1] if g + 1 < len(groups) else None
            if nxt is None:
                continue
            answered = {tid for t in nxt[1] for _, tid in t[3]} if nxt[0] == "user" else set()
            missing = [u for u in uses if u not in answered]
            if missing:
                ctx.report("anthropic.tool_result.missing", f"$.messages[{index}]",
                           f"tool_use ids {', '.join(missing)} of message {index} have no "
                           "tool_result in the next user message", index=index,
                           ids=", ".join(missing))
        elif role == "user":
            prev = groups[g - 1] if g > 0 else None
            allowed = {u for t in prev[1] for u in t[2]} \
                if prev is not None and prev[0] == "assistant" else set()
            for i, _, _, results in members:
                for j, tid in results:
                    if tid not in allowed:
                        ctx.report("anthropic.tool_result.orphan",
                                   f"$.messages[{i}].content[{j}]",
                                   f"tool_result for {tid!r} answers no tool_use of the "
                                   "previous assistant message", index=i, block=j, id=tid)


def _type(block: Any) -> str:
    return str(block.get("type")) if isinstance(block, dict) else type(block).__name__


def _tool_use(ctx: Ctx, block: dict[str, Any], i: int, j: int, bpath: str,
              seen: dict[str, str], messages: list[Any]) -> None:
    bid = block.get("id")
    if not isinstance(bid, str):
        return
    if bid in seen:
        ctx.report("anthropic.tool_use.duplicate-id", f"{bpath}.id",
                   f"tool_use id {bid!r} is also used at {seen[bid]}", index=i, block=j)
    else:
        seen[bid] = bpath
    if not names.ANTHROPIC_CALL_ID.accepts(bid):
        new = names.fit(bid, names.ANTHROPIC_CALL_ID)
        ops = [replace(pointer("messages", i, "content", j, "id"), new)]
        nxt = messages[i + 1] if i + 1 < len(messages) else None
        for k, b in enumerate(_blocks(nxt)):
            if isinstance(b, dict) and b.get("type") == "tool_result" \
                    and b.get("tool_use_id") == bid:
                ops.append(replace(pointer("messages", i + 1, "content", k, "tool_use_id"),
                                   new))
        ctx.report("anthropic.tool_use.id", f"{bpath}.id",
                   f"tool_use id {bid!r} has characters outside [a-zA-Z0-9_-]",
                   fix=fix(f"rename the id to {new!r} in the tool_use and its tool_result",
                           *ops), index=i, block=j)


def _trailing_whitespace(ctx: Ctx, messages: list[Any]) -> None:
    if not messages or not isinstance(messages[-1], dict):
        return
    last = messages[-1]
    if last.get("role") != "assistant":
        return
    i = len(messages) - 1
    content = last.get("content")
    if isinstance(content, str):
        if content and content != content.rstrip():
            ctx.report("anthropic.assistant.trailing-whitespace", f"$.messages[{i}].content",
                       "the final assistant message ends with whitespace",
                       fix=fix("strip the trailing whitespace",
                               replace(pointer("messages", i, "content"), content.rstrip())))
        return
    blocks = as_list(content)
    if blocks and isinstance(blocks[-1], dict) and blocks[-1].get("type") == "text":
        text = blocks[-1].get("text")
        j = len(blocks) - 1
        if isinstance(text, str) and text and text != text.rstrip():
            ctx.report("anthropic.assistant.trailing-whitespace",
                       f"$.messages[{i}].content[{j}].text",
                       "the final assistant message ends with whitespace",
                       fix=fix("strip the trailing whitespace",
                               replace(pointer("messages", i, "content", j, "text"),
                                       text.rstrip())))


# -- tools and caching --------------------------------------------------------------------

def _tools(ctx: Ctx, p: dict[str, Any]) -> None:
    rules = BEDROCK_TOOL_NAME if ctx.target.surface == "bedrock" else names.ANTHROPIC_TOOL_NAME
    for i, tool in enumerate(as_list(p.get("tools"))):
        if not isinstance(tool, dict):
            continue
        ttype = tool.get("type")
        if ttype not in (None, "custom"):
            continue              # server and client-defined built-in tools have fixed names
        name = tool.get("name")
        if isinstance(name, str) and not rules.accepts(name):
            limit = rules.max_len
            vendor = None
            if len(name) > limit and ctx.target.surface == "bedrock":
                vendor = f"tools.{i}.custom.name: String should have at most {limit} characters"
            ctx.report("anthropic.tool.name", f"$.tools[{i}].name",
                       f"tool name {name!r} must match ^[a-zA-Z0-9_-]{{1,{limit}}}$",
                       vendor_error=vendor, index=i)


def _cache_marks(p: dict[str, Any], messages: list[Any]) -> list[tuple[str, str]]:
    """``(path, ttl)`` of every cache breakpoint, in the order the prompt is built
    (tools, system, messages). Paths are built only for the blocks that carry one."""
    out: list[tuple[str, str]] = []

    def mark(cc: Any, path: str) -> None:
        if isinstance(cc, dict):
            ttl = cc.get("ttl")
            out.append((f"{path}.cache_control", ttl if isinstance(ttl, str) else "5m"))

    for i, tool in enumerate(as_list(p.get("tools"))):
        if isinstance(tool, dict) and "cache_control" in tool:
            mark(tool["cache_control"], f"$.tools[{i}]")
    for i, block in enumerate(as_list(p.get("system"))):
        if isinstance(block, dict) and "cache_control" in block:
            mark(block["cache_control"], f"$.system[{i}]")
    for i, m in enumerate(messages):
        for j, block in enumerate(_blocks(m)):
            if not isinstance(block, dict):
                continue
            if "cache_control" in block:
                mark(block["cache_control"], f"$.messages[{i}].content[{j}]")
            if block.get("type") == "tool_result":
                inner = block.get("content")
                if isinstance(inner, list):
                    for k, sub in enumerate(inner):
                        if isinstance(sub, dict) and "cache_control" in sub:
                            mark(sub["cache_control"],
                                 f"$.messages[{i}].content[{j}].content[{k}]")
    return out


def _cache(ctx: Ctx, p: dict[str, Any], messages: list[Any]) -> None:
    marks = _cache_marks(p, messages)
    if len(marks) > 4:
        ctx.report("anthropic.cache_control.limit", marks[4][0],
                   f"{len(marks)} blocks carry cache_control; at most 4 may",
                   count=len(marks))
    seen_short = None
    for path, ttl in marks:
        if ttl == "5m" and seen_short is None:
            seen_short = path
        elif ttl == "1h" and seen_short is not None:
            loc = path[2:-len(".cache_control")].replace("[", ".").replace("]", "")
            ctx.report("anthropic.cache_control.ttl-order", path,
                       f"a 1h cache breakpoint comes after the 5m one at {seen_short}; "
                       "longer TTLs must come first", loc=loc)
            break
    top = p.get("cache_control")
    if isinstance(top, dict) and messages:
        last = _blocks(messages[-1])
        target = last[-1] if last else None
        cc = target.get("cache_control") if isinstance(target, dict) else None
        if isinstance(cc, dict):
            top_ttl = top.get("ttl") or "5m"
            block_ttl = cc.get("ttl") or "5m"
            if top_ttl != block_ttl:
                ctx.report("anthropic.cache_control.top-level-ttl", "$.cache_control",
                           f"the top-level cache_control (ttl {top_ttl}) lands on the last "
                           f"block, which has its own cache_control with ttl {block_ttl}",
                           top=top_ttl, block=block_ttl)


# -- thinking and sampling ----------------------------------------------------------------

def _thinking_type(ctx: Ctx, p: dict[str, Any]) -> str | None:
    thinking = p.get("thinking")
    if isinstance(thinking, dict) and isinstance(thinking.get("type"), str):
        return str(thinking["type"])
    return None


def _thinking(ctx: Ctx, p: dict[str, Any], messages: list[Any]) -> None:
    ttype = _thinking_type(ctx, p)
    model = ctx.model
    thinking = as_dict(p.get("thinking"))
    if model is not None and ttype is not None:
        types = model.reasoning.thinking_types
        if model.reasoning.supported is False:
            ctx.report("anthropic.thinking.type", "$.thinking.type",
                       f"{model.id} does not think; remove `thinking`")
        elif types is not None and ttype not in types:
            ctx.report("anthropic.thinking.type", "$.thinking.type",
                       f"{model.id} takes thinking.type {' / '.join(types)}, not {ttype!r}",
                       vendor_error=f"thinking.type.{ttype} is not supported for this model.")
    effort = as_dict(p.get("output_config")).get("effort")
    if model is not None and isinstance(effort, str):
        efforts = model.reasoning.efforts
        if efforts is not None and effort not in efforts:
            ctx.report("anthropic.effort", "$.output_config.effort",
                       f"{model.id} takes effort {' / '.join(efforts)}, not {effort!r}")
    on = ttype in ("enabled", "adaptive")
    if on:
        tc = as_dict(p.get("tool_choice"))
        if tc.get("type") in FORCED:
            ctx.report("anthropic.thinking.tool_choice", "$.tool_choice",
                       f"tool_choice {tc.get('type')!r} forces tool use, which thinking "
                       "does not allow (use auto, or disable thinking)")
    if ttype == "enabled":
        budget = thinking.get("budget_tokens")
        max_tokens = p.get("max_tokens")
        if is_num(budget):
            if budget < 1024:
                ctx.report("anthropic.thinking.budget-min", "$.thinking.budget_tokens",
                           f"budget_tokens is {budget}; the minimum is 1024",
                           fix=fix("raise budget_tokens to 1024",
                                   replace("/thinking/budget_tokens", 1024)))
            if is_num(max_tokens) and max_tokens <= budget:
                ctx.report("anthropic.thinking.budget-max-tokens", "$.max_tokens",
                           f"max_tokens ({max_tokens}) must be greater than "
                           f"thinking.budget_tokens ({budget})")
        _final_assistant(ctx, messages)
    elif ttype == "disabled" or (ttype is None and _default_off(ctx)):
        _thinking_blocks_when_off(ctx, messages)


def _default_off(ctx: Ctx) -> bool:
    model = ctx.model
    return model is not None and model.reasoning.default in ("disabled", None)


def _final_assistant(ctx: Ctx, messages: list[Any]) -> None:
    """With thinking enabled, the assistant turn being continued (a prefill, or a tool loop
    answered by tool results) starts with a thinking block. The turn is everything after the
    last user message that carries no tool_result (text next to tool results, as Claude
    Code sends, does not end it)."""
    if not messages or not isinstance(messages[-1], dict):
        return
    last = messages[-1]
    if not (last.get("role") == "assistant"
            or (last.get("role") == "user" and _has_tool_result(last))):
        return
    start = 0
    for i, m in enumerate(messages):
        if isinstance(m, dict) and m.get("role") == "user" and not _has_tool_result(m):
            start = i + 1
    index = next((i for i in range(start, len(messages))
                  if isinstance(messages[i], dict) and messages[i].get("role") == "assistant"),
                 None)
    if index is None:
        return
    content = messages[index].get("content")
    if isinstance(content, str):
        found = "text"
    else:
        blocks = as_list(content)
        if not blocks:
            return
        found = _type(blocks[0])
    if found in THINKING_BLOCKS:
        return
    ctx.report("anthropic.thinking.final-assistant", f"$.messages[{index}].content[0]",
               f"thinking is enabled and the assistant turn being continued (messages[{index}])"
               f" starts with {found!r}, not a thinking block: replay its thinking blocks, "
               "or disable thinking", index=index, found=found)


def _has_tool_result(message: dict[str, Any]) -> bool:
    return any(isinstance(b, dict) and b.get("type") == "tool_result"
               for b in as_list(message.get("content")))


def _thinking_blocks_when_off(ctx: Ctx, messages: list[Any]) -> None:
    if not messages or not isinstance(messages[-1], dict):
        return
    last = messages[-1]
    if last.get("role") != "assistant":
        return
    i = len(messages) - 1
    blocks = as_list(last.get("content"))
    idx = [j for j, b in enumerate(blocks) if isinstance(b, dict) and _type(b) in THINKING_BLOCKS]
    if not idx:
        return
    keep = len(blocks) > len(idx)
    ops = [remove(pointer("messages", i, "content", j)) for j in reversed(idx)]
    ctx.report("anthropic.thinking.disabled-blocks", f"$.messages[{i}].content[{idx[0]}]",
               "thinking is off but the final assistant message carries thinking blocks",
               fix=fix("remove the thinking blocks of the final assistant message", *ops)
               if keep else None)


def _sampling(ctx: Ctx, p: dict[str, Any]) -> None:
    model = ctx.model
    ttype = _thinking_type(ctx, p)
    on = ttype in ("enabled", "adaptive")
    temperature, top_p, top_k = p.get("temperature"), p.get("top_p"), p.get("top_k")
    no_sampling = model is not None and model.sampling.temperature is False
    if no_sampling:
        assert model is not None
        fixed = model.sampling.fixed_temperature
        for key, value, default in (("temperature", temperature, fixed),
                                    ("top_p", top_p, 1), ("top_k", top_k, None)):
            if value is None or (default is not None and value == default):
                continue
            ctx.report("anthropic.sampling.unsupported", f"$.{key}",
                       f"{model.id} has no sampling controls: {key} {value} is refused "
                       f"(only the default{'' if default is None else f' {default}'} is "
                       "tolerated)",
                       fix=fix(f"remove `{key}`", remove(f"/{key}")))
        return
    if on:
        if is_num(temperature) and temperature != 1:
            ctx.report("anthropic.thinking.temperature", "$.temperature",
                       f"thinking is on: temperature {temperature} is refused (only 1)",
                       fix=fix("remove `temperature` (the default is 1)",
                               remove("/temperature")))
        if top_k is not None:
            ctx.report("anthropic.thinking.top_k", "$.top_k",
                       "thinking is on: top_k must be unset",
                       fix=fix("remove `top_k`", remove("/top_k")))
        if is_num(top_p) and top_p < 0.95:
            ctx.report("anthropic.thinking.top_p", "$.top_p",
                       f"thinking is on: top_p {top_p} is refused (unset, or 0.95..1)",
                       fix=fix("remove `top_p`", remove("/top_p")))
    if model is not None and model.sampling.temperature_top_p_exclusive \
            and temperature is not None and top_p is not None:
        ctx.report("anthropic.sampling.temperature-top-p", "$.top_p",
                   f"{model.id} takes temperature or top_p, not both",
                   fix=fix("remove `top_p` (keep temperature)", remove("/top_p")))
    max_tokens = p.get("max_tokens")
    if model is not None and model.max_output_tokens and is_num(max_tokens) \
            and max_tokens > model.max_output_tokens:
        ctx.report("anthropic.max_tokens.model-limit", "$.max_tokens",
                   f"max_tokens {max_tokens} exceeds {model.id}'s output limit of "
                   f"{model.max_output_tokens}",
                   vendor_error=f"max_tokens: {max_tokens} > {model.max_output_tokens}, which "
                                f"is the maximum allowed number of output tokens for "
                                f"{ctx.model_name or model.id}")
