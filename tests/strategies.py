"""Hypothesis strategies for realistic, valid request payloads."""

from __future__ import annotations

import copy
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


def _classic(schema: dict[str, Any]) -> dict[str, Any]:
    """A generated JSON Schema in the Gemini SDK's classic spelling (upper-case types)."""
    props = {k: {**v, "type": v["type"].upper(), **({"items": {"type": "STRING"}}
                                                    if "items" in v else {})}
             for k, v in schema["properties"].items()}
    return {"type": "OBJECT", "properties": props}


_signatures = st.from_regex(r"[A-Za-z0-9+/]{12,40}", fullmatch=True).map(lambda s: s + "==")


@st.composite
def gemini(draw: Any) -> dict[str, Any]:
    """A generateContent body: user / model turns, parallel function calls (with or without
    ids) answered in the next turn, thought parts and signatures, inline images, declarations
    with JSON Schema or classic parameters, built-in tools, toolConfig, generationConfig with
    thinking; sometimes every structural key in snake_case, as the REST surface accepts."""
    decls = draw(st.lists(st.builds(lambda n, d, sch, classic: {
        "name": n, "description": d, **({"parameters": _classic(sch)} if classic
                                        else {"parametersJsonSchema": sch})},
        names, text, schemas, st.booleans()), max_size=3, unique_by=lambda d: d["name"]))
    contents: list[dict[str, Any]] = []
    for turn in range(draw(st.integers(1, 4))):
        parts: list[dict[str, Any]] = [{"text": draw(text)}]
        if draw(st.booleans()):
            parts.append({"inlineData": {"mimeType": "image/png", "data": PNG}})
        contents.append({"role": "user", "parts": parts})
        if decls and draw(st.booleans()):
            with_ids = draw(st.booleans())
            calls = [{**({"id": f"fc_{turn}_{i}"} if with_ids else {}),
                      "name": draw(st.sampled_from(decls))["name"], "args": draw(json_objects)}
                     for i in range(draw(st.integers(1, 3)))]
            model: list[dict[str, Any]] = []
            if draw(st.booleans()):
                model.append({"text": draw(text), "thought": True})
            for i, fc in enumerate(calls):
                part: dict[str, Any] = {"functionCall": fc}
                if i == 0 and draw(st.booleans()):
                    part["thoughtSignature"] = draw(_signatures)
                model.append(part)
            contents.append({"role": "model", "parts": model})
            contents.append({"role": "user", "parts": [{"functionResponse": {
                **({"id": fc["id"]} if with_ids else {}), "name": fc["name"],
                "response": draw(st.one_of(st.builds(lambda t: {"output": t}, text),
                                           json_objects))}} for fc in calls]})
        answer: dict[str, Any] = {"text": draw(text)}
        if draw(st.booleans()):
            answer["thoughtSignature"] = draw(_signatures)
        contents.append({"role": "model", "parts": [answer]})
    contents.append({"role": "user", "parts": [{"text": draw(text)}]})
    payload: dict[str, Any] = {"contents": contents}
    if draw(st.booleans()):
        payload["systemInstruction"] = {"parts": [{"text": draw(text)}]}
    tools: list[dict[str, Any]] = [{"functionDeclarations": decls}] if decls else []
    if draw(st.booleans()):
        tools.append({draw(st.sampled_from(["googleSearch", "codeExecution", "urlContext"])):
                      {}})
    if tools:
        payload["tools"] = tools
    if decls and draw(st.booleans()):
        mode = draw(st.sampled_from(["AUTO", "ANY", "NONE", "VALIDATED"]))
        fcc: dict[str, Any] = {"mode": mode}
        if mode == "ANY" and draw(st.booleans()):
            fcc["allowedFunctionNames"] = [d["name"] for d in decls[:draw(
                st.integers(1, len(decls)))]]
        payload["toolConfig"] = {"functionCallingConfig": fcc}
    gc: dict[str, Any] = {}
    for key, strat in (("temperature", st.floats(0, 2)), ("topP", st.floats(0, 1)),
                       ("topK", st.integers(1, 64)), ("maxOutputTokens", st.integers(1, 8192)),
                       ("stopSequences", st.lists(text, min_size=1, max_size=5)),
                       ("seed", st.integers(0, 2**31)),
                       ("thinkingConfig", st.one_of(
                           st.fixed_dictionaries({"thinkingBudget": st.sampled_from(
                               [-1, 0, 512, 8192])}, optional={"includeThoughts": st.booleans()}),
                           st.fixed_dictionaries({"thinkingLevel": st.sampled_from(
                               ["low", "high"])})))):
        if draw(st.booleans()):
            gc[key] = draw(strat)
    if gc:
        payload["generationConfig"] = gc
    if draw(st.booleans()):
        from interlingua.wire.google_gemini.tables import REQUEST_TREE, to_snake

        camel: set[str] = set()

        def keys(node: Any) -> None:
            if isinstance(node, dict):
                camel.update(k for k in node if any(c.isupper() for c in k))
                for v in node.values():
                    keys(v)
            elif isinstance(node, list):
                for v in node:
                    keys(v)

        keys(payload)
        payload = to_snake(payload, REQUEST_TREE, frozenset(camel))
    return payload


def corrupt(payload: Any, draw: Any) -> Any:
    """``payload`` with one randomly chosen node replaced by a value of another JSON type."""
    payload = copy.deepcopy(payload)   # strategies share sampled values between examples
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


# -- responses ---------------------------------------------------------------------------------

SIGNATURE = st.from_regex(r"[A-Za-z0-9+/]{8,40}={0,2}", fullmatch=True)


@st.composite
def gemini_response(draw: Any) -> dict[str, Any]:
    """A Gemini generateContent response body: text, thought and function-call parts (with
    or without signatures), one or more candidates, usage."""
    candidates = []
    for index in range(draw(st.integers(1, 2))):
        parts: list[dict[str, Any]] = []
        if draw(st.booleans()):
            parts.append({"text": draw(text), "thought": True})
        if draw(st.booleans()):
            part: dict[str, Any] = {"text": draw(text)}
            if draw(st.booleans()):
                part["thoughtSignature"] = draw(SIGNATURE)
            parts.append(part)
        for _ in range(draw(st.integers(0, 2))):
            call: dict[str, Any] = {"functionCall": {"name": draw(names),
                                                     "args": draw(json_objects)}}
            if draw(st.booleans()):
                call["thoughtSignature"] = draw(SIGNATURE)
            parts.append(call)
        if not parts:
            parts.append({"text": draw(text)})
        candidates.append({"content": {"parts": parts, "role": "model"},
                           "finishReason": draw(st.sampled_from(
                               ["STOP", "MAX_TOKENS", "SAFETY", "RECITATION", "OTHER"])),
                           "index": index})
    prompt, cached = draw(st.integers(1, 5000)), draw(st.integers(0, 1))
    out, thoughts = draw(st.integers(1, 500)), draw(st.integers(0, 300))
    usage = {"promptTokenCount": prompt, "candidatesTokenCount": out,
             "totalTokenCount": prompt + out + thoughts}
    if cached and prompt > 1:   # proto3 JSON leaves zero counts out
        usage["cachedContentTokenCount"] = prompt // 2
    if thoughts:
        usage["thoughtsTokenCount"] = thoughts
    return {"candidates": candidates, "usageMetadata": usage,
            "modelVersion": "gemini-2.5-flash", "responseId": draw(names)}
