"""Deterministic benchmark payloads: a small chat, a ~12 KB agentic request with tools and an
image, and a ~200 KB coding-agent request with 20 tools (OpenAI Chat Completions shape)."""

from __future__ import annotations

import base64
import random
from typing import Any

WORDS = ("the function returns a list of paths that match the pattern and skips hidden "
         "directories unless asked while the cache keeps recent results for speed").split()


def _text(rng: random.Random, n_words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


def _code(rng: random.Random, n_lines: int) -> str:
    lines = []
    for i in range(n_lines):
        indent = "    " * rng.randint(0, 3)
        lines.append(f"{indent}value_{i} = compute({rng.randint(0, 999)}, '{rng.choice(WORDS)}')")
    return "\n".join(lines)


def _schema(rng: random.Random, i: int) -> dict[str, Any]:
    props: dict[str, Any] = {
        "path": {"type": "string", "description": "Absolute path of the file to operate on."},
        "recursive": {"type": "boolean", "default": False},
        "mode": {"type": "string", "enum": ["read", "write", "append"]},
        "limits": {"type": "object", "properties": {
            "max_lines": {"type": "integer", "minimum": 1},
            "offset": {"type": "integer", "minimum": 0}}, "additionalProperties": False},
        "patterns": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
    }
    for j in range(rng.randint(0, 4)):
        props[f"option_{j}"] = {"anyOf": [{"type": "string"}, {"type": "null"}],
                                "description": _text(rng, 8)}
    return {"type": "object", "properties": props, "required": ["path"],
            "additionalProperties": False}


def _tools(rng: random.Random, n: int) -> list[dict[str, Any]]:
    return [{"type": "function", "function": {
        "name": f"tool_{i}_{rng.choice(WORDS)}", "description": _text(rng, 40),
        "parameters": _schema(rng, i)}} for i in range(n)]


def small_chat() -> dict[str, Any]:
    return {"model": "gpt-4.1", "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is the capital of France?"}],
        "temperature": 0.3, "max_completion_tokens": 256}


def _conversation(rng: random.Random, tools: list[dict[str, Any]], turns: int,
                  result_lines: int) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for t in range(turns):
        messages.append({"role": "user", "content": _text(rng, 30)})
        calls = []
        for c in range(rng.randint(1, 2)):
            tool = rng.choice(tools)["function"]
            calls.append({"id": f"call_{t}_{c}_{rng.randrange(16**8):08x}", "type": "function",
                          "function": {"name": tool["name"],
                                       "arguments": f'{{"path": "/src/app/module_{t}.py", '
                                                    f'"recursive": false}}'}})
        messages.append({"role": "assistant", "content": _text(rng, 20), "tool_calls": calls})
        for call in calls:
            messages.append({"role": "tool", "tool_call_id": call["id"],
                             "content": _code(rng, result_lines)})
    messages.append({"role": "user", "content": _text(rng, 25)})
    return messages


def agentic() -> dict[str, Any]:
    rng = random.Random(12)
    tools = _tools(rng, 5)
    image = base64.b64encode(bytes(rng.randrange(256) for _ in range(2400))).decode()
    messages = [{"role": "system", "content": _text(rng, 250)}]
    messages += _conversation(rng, tools, 2, 6)
    messages.append({"role": "user", "content": [
        {"type": "text", "text": "What does this screenshot show?"},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{image}"}}]})
    return {"model": "gpt-4.1", "messages": messages, "tools": tools,
            "tool_choice": "auto", "parallel_tool_calls": True, "temperature": 0.2,
            "max_completion_tokens": 4096}


def coding_agent() -> dict[str, Any]:
    rng = random.Random(200)
    tools = _tools(rng, 20)
    messages = [{"role": "system", "content": _text(rng, 2500)}]
    messages += _conversation(rng, tools, 22, 95)
    return {"model": "gpt-4.1", "messages": messages, "tools": tools, "tool_choice": "auto",
            "max_completion_tokens": 16384, "stream": True,
            "stream_options": {"include_usage": True}}


PAYLOADS = {"small chat": small_chat, "agentic 12 KB": agentic,
            "coding agent 200 KB": coding_agent}
