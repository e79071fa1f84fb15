"""Hypothesis strategies for realistic, valid request payloads."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: s.strip() != "")
names = st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,20}", fullmatch=True)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), text)
json_objects = st.dictionaries(names, st.recursive(scalars, lambda c: st.one_of(
    st.lists(c, max_size=3), st.dictionaries(names, c, max_size=3)), max_leaves=6), max_size=4)
schemas = st.fixed_dictionaries({"type": st.just("object"), "properties": st.dictionaries(
    names, st.sampled_from([{"type": "string"}, {"type": "integer"},
                            {"type": "array", "items": {"type": "string"}}]), max_size=4)})
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAA"
       "AABJRU5ErkJggg==")


@st.composite
def openai_chat(draw: Any) -> dict[str, Any]:
    tools = draw(st.lists(st.builds(lambda n, d, s: {"type": "function", "function": {
        "name": n, "description": d, "parameters": s}}, names, text, schemas),
        max_size=3, unique_by=lambda t: t["function"]["name"]))
    messages: list[dict[str, Any]] = []
    if draw(st.booleans()):
        messages.append({"role": draw(st.sampled_from(["system", "developer"])),
                         "content": draw(text)})
    for turn in range(draw(st.integers(1, 4))):
        content: Any = draw(text)
        if draw(st.booleans()):
            content = [{"type": "text", "text": draw(text)}]
            if draw(st.booleans()):
                content.append({"type": "image_url", "image_url": {
                    "url": f"data:image/png;base64,{PNG}"}})
        messages.append({"role": "user", "content": content})
        if tools and draw(st.booleans()):
            calls = []
            for i in range(draw(st.integers(1, 3))):
                tool = draw(st.sampled_from(tools))["function"]["name"]
                calls.append({"id": f"call_{turn}_{i}", "type": "function",
                              "function": {"name": tool, "arguments": "{}"}})
            messages.append({"role": "assistant", "content": None, "tool_calls": calls})
            for call in calls:
                messages.append({"role": "tool", "tool_call_id": call["id"],
                                 "content": draw(text)})
        messages.append({"role": "assistant", "content": draw(text)})
    messages.append({"role": "user", "content": draw(text)})
    payload: dict[str, Any] = {"model": "gpt-4.1", "messages": messages}
    if tools:
        payload["tools"] = tools
        payload["tool_choice"] = draw(st.sampled_from(["auto", "none", "required"]))
        if draw(st.booleans()):
            payload["parallel_tool_calls"] = draw(st.booleans())
    for key, strat in (("temperature", st.floats(0, 2)), ("top_p", st.floats(0, 1)),
                       ("max_completion_tokens", st.integers(1, 8192)),
                       ("stop", st.lists(text, min_size=1, max_size=4)),
                       ("user", text), ("stream", st.booleans()),
                       ("metadata", st.dictionaries(names, text, max_size=2))):
        if draw(st.booleans()):
            payload[key] = draw(strat)
    return payload


@st.composite
def anthropic_messages(draw: Any) -> dict[str, Any]:
    tools = draw(st.lists(st.builds(lambda n, d, s: {"name": n, "description": d,
                                                     "input_schema": s}, names, text, schemas),
                          max_size=3, unique_by=lambda t: t["name"]))
    messages: list[dict[str, Any]] = []
    for turn in range(draw(st.integers(1, 4))):
        messages.append({"role": "user", "content": draw(st.one_of(
            text, st.lists(st.builds(lambda t: {"type": "text", "text": t}, text), min_size=1,
                           max_size=2)))})
        if tools and draw(st.booleans()):
            uses = [{"type": "tool_use", "id": f"toolu_{turn}_{i}",
                     "name": draw(st.sampled_from(tools))["name"], "input": draw(json_objects)}
                    for i in range(draw(st.integers(1, 2)))]
            messages.append({"role": "assistant", "content": [
                {"type": "text", "text": draw(text)}, *uses]})
            results: list[dict[str, Any]] = [
                {"type": "tool_result", "tool_use_id": u["id"], "content": draw(text),
                 **({"is_error": True} if draw(st.booleans()) else {})} for u in uses]
            messages.append({"role": "user", "content": results})
        messages.append({"role": "assistant", "content": draw(text)})
    messages.append({"role": "user", "content": draw(text)})
    payload: dict[str, Any] = {"model": "claude-sonnet-4-5",
                               "max_tokens": draw(st.integers(1, 8192)),
                               "messages": messages}
    if draw(st.booleans()):
        payload["system"] = draw(st.one_of(text, st.lists(st.builds(
            lambda t, c: {"type": "text", "text": t, **({"cache_control": {
                "type": "ephemeral"}} if c else {})}, text, st.booleans()), min_size=1,
            max_size=3)))
    if tools:
        payload["tools"] = tools
        choice: dict[str, Any] = {"type": draw(st.sampled_from(["auto", "any", "none"]))}
        if choice["type"] != "none" and draw(st.booleans()):
            choice["disable_parallel_tool_use"] = draw(st.booleans())
        payload["tool_choice"] = choice
    for key, strat in (("temperature", st.floats(0, 1)),
                       ("stop_sequences", st.lists(text, min_size=1, max_size=3)),
                       ("stream", st.booleans())):
        if draw(st.booleans()):
            payload[key] = draw(strat)
    return payload


@st.composite
def openai_responses(draw: Any) -> dict[str, Any]:
    """A stateless Responses request: easy and full messages, function calls with their
    outputs, reasoning items with encrypted content, function tools."""
    tools = draw(st.lists(st.builds(lambda n, d, s, strict: {
        "type": "function", "name": n, "description": d, "parameters": s, "strict": strict},
        names, text, schemas, st.booleans()), max_size=3, unique_by=lambda t: t["name"]))
    items: list[dict[str, Any]] = []
    if draw(st.booleans()):
        items.append({"role": "developer", "content": draw(text)})
    for turn in range(draw(st.integers(1, 4))):
        content: Any = draw(text)
        if draw(st.booleans()):
            content = [{"type": "input_text", "text": draw(text)}]
            if draw(st.booleans()):
                content.append({"type": "input_image", "detail": "auto",
                                "image_url": f"data:image/png;base64,{PNG}"})
        items.append({"type": "message", "role": "user", "content": content}
                     if draw(st.booleans()) else {"role": "user", "content": content})
        if draw(st.booleans()):
            items.append({"type": "reasoning", "id": f"rs_{turn:04d}", "summary": [
                {"type": "summary_text", "text": draw(text)}],
                "encrypted_content": "gAAAAAB" + draw(st.from_regex(r"[A-Za-z0-9_-]{16,40}",
                                                                    fullmatch=True))})
        if tools and draw(st.booleans()):
            calls = [{"type": "function_call", "call_id": f"call_{turn}_{i}",
                      "name": draw(st.sampled_from(tools))["name"], "arguments": "{}"}
                     for i in range(draw(st.integers(1, 3)))]
            items.extend(calls)
            items.extend({"type": "function_call_output", "call_id": c["call_id"],
                          "output": draw(text)} for c in calls)
        if draw(st.booleans()):
            items.append({"role": "assistant", "content": draw(text)})
        else:
            items.append({"type": "message", "id": f"msg_{turn:04d}", "role": "assistant",
                          "status": "completed", "content": [
                              {"type": "output_text", "text": draw(text), "annotations": []}]})
    items.append({"role": "user", "content": draw(text)})
    payload: dict[str, Any] = {"model": "gpt-4.1", "input": items}
    if draw(st.booleans()):
        payload["instructions"] = draw(text)
    if tools:
        payload["tools"] = tools
        payload["tool_choice"] = draw(st.sampled_from(["auto", "none", "required"]))
        if draw(st.booleans()):
            payload["parallel_tool_calls"] = draw(st.booleans())
    for key, strat in (("temperature", st.floats(0, 2)), ("top_p", st.floats(0, 1)),
                       ("max_output_tokens", st.integers(16, 8192)),
                       ("store", st.booleans()), ("stream", st.booleans()),
                       ("user", text), ("metadata", st.dictionaries(names, text, max_size=2))):
        if draw(st.booleans()):
            payload[key] = draw(strat)
    return payload


@st.composite
def openai_completions(draw: Any) -> dict[str, Any]:
    """A legacy Completions request with one or several string prompts."""
    prompt: Any = draw(st.one_of(text, st.lists(text, min_size=1, max_size=3)))
    payload: dict[str, Any] = {"model": "gpt-3.5-turbo-instruct", "prompt": prompt}
    for key, strat in (("max_tokens", st.integers(1, 4096)), ("temperature", st.floats(0, 2)),
                       ("top_p", st.floats(0, 1)), ("n", st.integers(1, 3)),
                       ("stop", st.one_of(text, st.lists(text, min_size=1, max_size=4))),
                       ("logprobs", st.integers(0, 5)), ("echo", st.booleans()),
                       ("suffix", text), ("user", text), ("stream", st.booleans()),
                       ("seed", st.integers(0, 2**31))):
        if draw(st.booleans()):
            payload[key] = draw(strat)
    return payload


def corrupt(payload: Any, draw: Any) -> Any:
    """``payload`` with one randomly chosen node replaced by a value of another JSON type."""
    nodes: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                nodes.append((node, k))
                walk(v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                nodes.append((node, i))
                walk(v)

    walk(payload)
    if not nodes:
        return payload
    parent, key = draw(st.sampled_from(nodes))
    parent[key] = draw(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                                 st.text(max_size=5), st.lists(st.integers(), max_size=2),
                                 st.dictionaries(st.text(max_size=3), st.integers(),
                                                 max_size=2)))
    return payload
