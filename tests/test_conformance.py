"""Tests for the strict SDK-type conformance checker (tests/conformance.py).

The point of these tests is to prove the checker can FAIL: for every entry point a valid
payload passes, and an unknown key (top level and deep), a wrong type, a missing required key
and a wrong Literal each produce an error that names the right JSON path.  The golden request
inputs are also checked here, so a broken golden input is caught before any expected output is
generated from it.
"""

from __future__ import annotations

import copy
import enum
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Annotated, Any, Literal

import pytest
import typing_extensions
from typing_extensions import NotRequired, Required, TypedDict

sys.path.insert(0, os.path.dirname(__file__))

import conformance as C
from conformance import conform

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden" / "requests"


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

_DELETE = object()


def mutate(payload: Any, path: Sequence[Any], value: Any) -> Any:
    """Deep-copy ``payload`` and set (or delete, with _DELETE) the item at ``path``."""
    out = copy.deepcopy(payload)
    cur = out
    for step in path[:-1]:
        cur = cur[step]
    if value is _DELETE:
        del cur[path[-1]]
    elif isinstance(cur, list) and path[-1] == len(cur):
        cur.append(value)
    else:
        cur[path[-1]] = value
    return out


def jpath(path: Sequence[Any]) -> str:
    s = "$"
    for step in path:
        s += f"[{step}]" if isinstance(step, int) else f".{step}"
    return s


def assert_error(errors: list[str], path: str, fragment: str) -> None:
    assert errors, f"expected an error at {path}, got none"
    hits = [e for e in errors if e.startswith(path + ":") and fragment in e]
    assert hits, f"expected an error at {path!r} containing {fragment!r}; got:\n" + "\n".join(
        errors
    )


# ---------------------------------------------------------------------------------------------
# Walker unit tests
# ---------------------------------------------------------------------------------------------


class Color(enum.Enum):
    RED = "RED"
    GREEN = "GREEN"


class Inner(TypedDict, total=False):
    type: Required[Literal["inner"]]
    n: int
    tags: Sequence[str]


class Other(TypedDict, total=False):
    type: Required[Literal["other"]]
    flag: bool


class Outer(TypedDict, total=False):
    name: Required[str]
    ratio: float
    count: NotRequired[int]
    items: Iterable[Inner | Other]
    meta: dict[str, int]
    data: str | IO[bytes] | os.PathLike
    stream: Literal[False]
    color: Color
    blob: bytes
    anything: object
    aliased: Annotated[str, type("P", (), {"alias": "wire-name"})()]
    maybe: list[int] | None


class TotalTD(TypedDict):
    a: int
    b: NotRequired[str]


def test_walker_accepts_valid() -> None:
    value = {
        "name": "x",
        "ratio": 1,  # int is acceptable for float
        "count": 3,
        "items": [{"type": "inner", "n": 1, "tags": ["a"]}, {"type": "other", "flag": True}],
        "meta": {"a": 1},
        "data": "base64...",
        "stream": False,
        "color": "RED",
        "blob": "AAEC",
        "anything": {"deep": [1, None]},
        "wire-name": "aliased",
        "maybe": None,
    }
    assert conform(value, Outer) == []
    assert conform({"a": 1}, TotalTD) == []


@pytest.mark.parametrize(
    ("value", "path", "fragment"),
    [
        ({"name": "x", "bogus": 1}, "$.bogus", "unknown key"),
        ({}, "$.name", "missing required key"),
        ({"name": 1}, "$.name", "expected string"),
        ({"name": "x", "count": True}, "$.count", "expected integer"),  # bool is not int
        ({"name": "x", "count": 1.0}, "$.count", "expected integer"),
        ({"name": "x", "ratio": False}, "$.ratio", "expected number"),
        ({"name": "x", "stream": 0}, "$.stream", "expected one of [False]"),  # 0 is not False
        ({"name": "x", "items": {"type": "inner"}}, "$.items", "expected array"),
        ({"name": "x", "items": [{"type": "inner", "n": "1"}]}, "$.items[0].n", "expected integer"),
        ({"name": "x", "items": [{"type": "nope"}]}, "$.items[0].type", "expected one of"),
        ({"name": "x", "items": [{"type": "other", "n": 1}]}, "$.items[0].n", "unknown key"),
        (
            {"name": "x", "items": [{"type": "inner", "tags": "ab"}]},
            "$.items[0].tags",
            "expected array",
        ),
        ({"name": "x", "meta": {"a": "1"}}, "$.meta.a", "expected integer"),
        ({"name": "x", "data": 5}, "$.data", "expected string"),
        ({"name": "x", "color": "BLUE"}, "$.color", "expected one of"),
        ({"name": "x", "blob": 5}, "$.blob", "base64"),
        (
            {"name": "x", "aliased": "y"},
            "$.aliased",
            "unknown key",
        ),  # python name is not the wire key
        ({"name": "x", "maybe": [1, "2"]}, "$.maybe[1]", "expected integer"),
    ],
)
def test_walker_rejects(value: Any, path: str, fragment: str) -> None:
    assert_error(conform(value, Outer), path, fragment)


def test_walker_total_typeddict() -> None:
    assert_error(conform({"b": "x"}, TotalTD), "$.a", "missing required key")


def test_walker_pydantic_model_rejects_extra_and_uses_alias() -> None:
    from pydantic import BaseModel, ConfigDict, Field

    class M(BaseModel):
        model_config = ConfigDict(extra="allow")
        schema_: dict[str, object] = Field(alias="schema")
        note: str | None  # required by pydantic, but Optional: may be absent
        kind: Literal["m"]

    assert conform({"schema": {}, "kind": "m"}, M) == []
    assert_error(conform({"schema": {}, "kind": "m", "x": 1}, M), "$.x", "unknown key")
    assert_error(conform({"schema_": {}, "kind": "m"}, M), "$.schema_", "unknown key")
    assert_error(conform({"kind": "m"}, M), "$.schema", "missing required key")
    assert_error(conform({"schema": {}, "kind": "n"}, M), "$.kind", "expected one of")


def test_walker_type_alias_type() -> None:
    Alias = typing_extensions.TypeAliasType("Alias", int | list[int])
    assert conform([1, 2], Alias) == []
    assert_error(conform([1, "x"], Alias), "$[1]", "expected integer")


def test_walker_unknown_type_is_loud() -> None:
    class Weird:
        pass

    with pytest.raises(TypeError):
        conform(1, Weird)


# ---------------------------------------------------------------------------------------------
# Entry points: valid payloads and mutations
# ---------------------------------------------------------------------------------------------

OPENAI_CHAT = {
    "model": "gpt-4o",
    "messages": [
        {"role": "system", "content": "You are terse."},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in this image?"},
                {
                    "type": "image_url",
                    "image_url": {"url": "https://example.com/a.png", "detail": "low"},
                },
            ],
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "look", "arguments": "{}"},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "a cat"},
    ],
    "tools": [
        {
            "type": "function",
            "function": {"name": "look", "parameters": {"type": "object", "properties": {}}},
        }
    ],
    "temperature": 0.2,
    "stop": ["\n\n"],
}

OPENAI_RESPONSES = {
    "model": "gpt-5",
    "instructions": "Be brief.",
    "input": [
        {"role": "user", "content": [{"type": "input_text", "text": "hi"}]},
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": "ok"},
    ],
    "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}, "strict": True}],
    "reasoning": {"effort": "low"},
}

OPENAI_COMPLETIONS = {
    "model": "gpt-3.5-turbo-instruct",
    "prompt": "Say this is a test",
    "max_tokens": 7,
    "stream_options": {"include_usage": True},
    "stream": True,
}

ANTHROPIC = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 1024,
    "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
    "messages": [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Checking."},
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "get_weather",
                    "input": {"city": "Paris"},
                },
            ],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C"}],
        },
    ],
    "tools": [
        {
            "name": "get_weather",
            "description": "Get weather",
            "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
        }
    ],
    "temperature": 0.5,
    "top_k": 40,
}

GEMINI = {
    "contents": [
        {"role": "user", "parts": [{"text": "Weather in Paris?"}]},
        {
            "role": "model",
            "parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}}],
        },
        {
            "role": "user",
            "parts": [{"functionResponse": {"name": "get_weather", "response": {"temp_c": 18}}}],
        },
    ],
    "systemInstruction": {"parts": [{"text": "Be brief."}]},
    "tools": [
        {
            "functionDeclarations": [
                {
                    "name": "get_weather",
                    "description": "Get weather",
                    "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}},
                }
            ]
        }
    ],
    "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}},
    "generationConfig": {
        "temperature": 0.5,
        "maxOutputTokens": 256,
        "thinkingConfig": {"thinkingBudget": 128},
    },
    "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"}],
}

OPENAI_CHAT_RESPONSE = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1700000000,
    "model": "gpt-4o-2024-08-06",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hi.", "refusal": None, "annotations": []},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11},
    "system_fingerprint": "fp_1",
}

OPENAI_CHAT_CHUNK = {
    "id": "chatcmpl-1",
    "object": "chat.completion.chunk",
    "created": 1700000000,
    "model": "gpt-4o",
    "choices": [
        {"index": 0, "delta": {"role": "assistant", "content": "Hi"}, "finish_reason": None}
    ],
}

OPENAI_RESPONSES_RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1700000000,
    "model": "gpt-5",
    "status": "completed",
    "output": [
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "Hi.", "annotations": []}],
        }
    ],
    "parallel_tool_calls": True,
    "tool_choice": "auto",
    "tools": [],
    "error": None,
    "incomplete_details": None,
    "instructions": None,
    "metadata": {},
    "temperature": 1.0,
    "top_p": 1.0,
}

OPENAI_RESPONSES_EVENT = {
    "type": "response.output_text.delta",
    "item_id": "msg_1",
    "output_index": 0,
    "content_index": 0,
    "delta": "Hi",
    "sequence_number": 3,
    "logprobs": [],
}

OPENAI_COMPLETION_RESPONSE = {
    "id": "cmpl-1",
    "object": "text_completion",
    "created": 1700000000,
    "model": "gpt-3.5-turbo-instruct",
    "choices": [{"text": "This is a test.", "index": 0, "logprobs": None, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10},
}

ANTHROPIC_RESPONSE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5",
    "content": [
        {"type": "thinking", "thinking": "hmm", "signature": "sig"},
        {"type": "text", "text": "Hi."},
        {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}},
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {"input_tokens": 10, "output_tokens": 5},
}

ANTHROPIC_EVENT = {
    "type": "content_block_delta",
    "index": 0,
    "delta": {"type": "text_delta", "text": "Hi"},
}

GEMINI_RESPONSE = {
    "candidates": [
        {
            "content": {"role": "model", "parts": [{"text": "Hi.", "thoughtSignature": "c2ln"}]},
            "finishReason": "STOP",
            "index": 0,
        }
    ],
    "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 2, "totalTokenCount": 5},
    "modelVersion": "gemini-2.5-flash",
    "responseId": "abc",
}


# (checker, valid payload, [(kind, path, new value, expected error path, fragment), ...])
# kind is informational; every entry point gets: unknown top-level key, unknown deep key,
# wrong type, missing required key, wrong Literal.
CASES: list[tuple[str, Any, Any, list[tuple[str, list[Any], Any, list[Any], str]]]] = [
    (
        "openai_chat_request",
        C.check_openai_chat_request,
        OPENAI_CHAT,
        [
            ("unknown-top", ["bogus"], 1, ["bogus"], "unknown key"),
            (
                "unknown-deep",
                ["messages", 1, "content", 1, "image_url", "foo"],
                1,
                ["messages", 1, "content", 1, "image_url", "foo"],
                "unknown key",
            ),
            (
                "unknown-deep",
                ["messages", 1, "content", 0, "cache_control"],
                {"type": "ephemeral"},
                ["messages", 1, "content", 0, "cache_control"],
                "unknown key",
            ),
            ("wrong-type", ["temperature"], "hot", ["temperature"], "expected number"),
            ("wrong-type", ["messages", 3, "content"], 7, ["messages", 3, "content"], "expected"),
            (
                "missing",
                ["messages", 3, "tool_call_id"],
                _DELETE,
                ["messages", 3, "tool_call_id"],
                "missing required key",
            ),
            ("missing", ["model"], _DELETE, ["model"], "missing required key"),
            (
                "literal",
                ["messages", 1, "content", 1, "image_url", "detail"],
                "ultra",
                ["messages", 1, "content", 1, "image_url", "detail"],
                "expected one of",
            ),
            (
                "literal",
                ["messages", 0, "role"],
                "admin",
                ["messages", 0, "role"],
                "expected one of",
            ),
            ("literal", ["stream"], 1, ["stream"], "expected one of [True]"),
        ],
    ),
    (
        "openai_responses_request",
        C.check_openai_responses_request,
        OPENAI_RESPONSES,
        [
            ("unknown-top", ["messages"], [], ["messages"], "unknown key"),
            (
                "unknown-deep",
                ["input", 0, "content", 0, "cache_control"],
                {},
                ["input", 0, "content", 0, "cache_control"],
                "unknown key",
            ),
            (
                "wrong-type",
                ["tools", 0, "strict"],
                "yes",
                ["tools", 0, "strict"],
                "expected boolean",
            ),
            (
                "missing",
                ["input", 1, "call_id"],
                _DELETE,
                ["input", 1, "call_id"],
                "missing required key",
            ),
            (
                "literal",
                ["reasoning", "effort"],
                "extreme",
                ["reasoning", "effort"],
                "expected one of",
            ),
            (
                "literal",
                ["input", 2, "type"],
                "function_result",
                ["input", 2, "type"],
                "expected one of",
            ),
        ],
    ),
    (
        "openai_completions_request",
        C.check_openai_completions_request,
        OPENAI_COMPLETIONS,
        [
            ("unknown-top", ["messages"], [], ["messages"], "unknown key"),
            (
                "unknown-deep",
                ["stream_options", "include_obfuscated"],
                True,
                ["stream_options", "include_obfuscated"],
                "unknown key",
            ),
            ("wrong-type", ["max_tokens"], 7.5, ["max_tokens"], "expected integer"),
            ("missing", ["prompt"], _DELETE, ["prompt"], "missing required key"),
            ("literal", ["stream"], "yes", ["stream"], "expected one of [True]"),
        ],
    ),
    (
        "anthropic_request",
        C.check_anthropic_request,
        ANTHROPIC,
        [
            ("unknown-top", ["frequency_penalty"], 0.1, ["frequency_penalty"], "unknown key"),
            (
                "unknown-deep",
                ["messages", 1, "content", 1, "arguments"],
                "{}",
                ["messages", 1, "content", 1, "arguments"],
                "unknown key",
            ),
            (
                "unknown-deep",
                ["messages", 2, "content", 0, "name"],
                "x",
                ["messages", 2, "content", 0, "name"],
                "unknown key",
            ),
            (
                "unknown-deep",
                ["system", 0, "cache_control", "scope"],
                "global",
                ["system", 0, "cache_control", "scope"],
                "unknown key",
            ),
            ("wrong-type", ["max_tokens"], "1024", ["max_tokens"], "expected integer"),
            (
                "wrong-type",
                ["messages", 2, "content", 0, "is_error"],
                "true",
                ["messages", 2, "content", 0, "is_error"],
                "expected boolean",
            ),
            ("wrong-type", ["temperature"], "warm", ["temperature"], "expected number"),
            ("wrong-type", ["top_k"], 40.5, ["top_k"], "expected integer"),
            ("missing", ["max_tokens"], _DELETE, ["max_tokens"], "missing required key"),
            (
                "missing",
                ["messages", 1, "content", 1, "id"],
                _DELETE,
                ["messages", 1, "content", 1, "id"],
                "missing required key",
            ),
            (
                "literal",
                ["system", 0, "cache_control", "ttl"],
                "2h",
                ["system", 0, "cache_control", "ttl"],
                "expected one of",
            ),
            (
                "literal",
                ["messages", 1, "content", 0, "type"],
                "txt",
                ["messages", 1, "content", 0, "type"],
                "expected one of",
            ),
            (
                "literal",
                ["messages", 0, "role"],
                "human",
                ["messages", 0, "role"],
                "expected one of",
            ),
        ],
    ),
    (
        "gemini_request",
        C.check_gemini_request,
        GEMINI,
        [
            ("unknown-top", ["generation_config"], {}, ["generation_config"], "unknown key"),
            (
                "unknown-deep",
                ["contents", 1, "parts", 0, "functionCall", "arguments"],
                "{}",
                ["contents", 1, "parts", 0, "functionCall", "arguments"],
                "unknown key",
            ),
            (
                "unknown-deep",
                ["generationConfig", "max_output_tokens"],
                5,
                ["generationConfig", "max_output_tokens"],
                "unknown key",
            ),
            (
                "wrong-type",
                ["generationConfig", "maxOutputTokens"],
                "256",
                ["generationConfig", "maxOutputTokens"],
                "expected integer",
            ),
            (
                "wrong-type",
                ["contents", 0, "parts"],
                {"text": "x"},
                ["contents", 0, "parts"],
                "expected array",
            ),
            ("missing", ["contents"], _DELETE, ["contents"], "missing required key"),
            (
                "literal",
                ["toolConfig", "functionCallingConfig", "mode"],
                "AUTOMATIC",
                ["toolConfig", "functionCallingConfig", "mode"],
                "expected one of",
            ),
            (
                "literal",
                ["safetySettings", 0, "threshold"],
                "BLOCK_ALL",
                ["safetySettings", 0, "threshold"],
                "expected one of",
            ),
        ],
    ),
    (
        "openai_chat_response",
        C.check_openai_chat_response,
        OPENAI_CHAT_RESPONSE,
        [
            ("unknown-top", ["bogus"], 1, ["bogus"], "unknown key"),
            (
                "unknown-deep",
                ["choices", 0, "message", "reasoning_content"],
                "x",
                ["choices", 0, "message", "reasoning_content"],
                "unknown key",
            ),
            ("wrong-type", ["created"], "now", ["created"], "expected integer"),
            (
                "missing",
                ["choices", 0, "finish_reason"],
                _DELETE,
                ["choices", 0, "finish_reason"],
                "missing required key",
            ),
            (
                "literal",
                ["choices", 0, "finish_reason"],
                "end_turn",
                ["choices", 0, "finish_reason"],
                "expected one of",
            ),
            ("literal", ["object"], "chat.completion.chunk", ["object"], "expected one of"),
        ],
    ),
    (
        "openai_chat_chunk",
        C.check_openai_chat_chunk,
        OPENAI_CHAT_CHUNK,
        [
            ("unknown-top", ["bogus"], 1, ["bogus"], "unknown key"),
            (
                "unknown-deep",
                ["choices", 0, "delta", "thinking"],
                "x",
                ["choices", 0, "delta", "thinking"],
                "unknown key",
            ),
            (
                "wrong-type",
                ["choices", 0, "index"],
                "0",
                ["choices", 0, "index"],
                "expected integer",
            ),
            (
                "missing",
                ["choices", 0, "delta"],
                _DELETE,
                ["choices", 0, "delta"],
                "missing required key",
            ),
            (
                "literal",
                ["choices", 0, "delta", "role"],
                "model",
                ["choices", 0, "delta", "role"],
                "expected one of",
            ),
        ],
    ),
    (
        "openai_responses_response",
        C.check_openai_responses_response,
        OPENAI_RESPONSES_RESPONSE,
        [
            ("unknown-top", ["choices"], [], ["choices"], "unknown key"),
            (
                "unknown-deep",
                ["output", 0, "content", 0, "logprob"],
                [],
                ["output", 0, "content", 0, "logprob"],
                "unknown key",
            ),
            ("wrong-type", ["created_at"], "now", ["created_at"], "expected number"),
            ("missing", ["output", 0, "id"], _DELETE, ["output", 0, "id"], "missing required key"),
            (
                "literal",
                ["output", 0, "content", 0, "type"],
                "text",
                ["output", 0, "content", 0, "type"],
                "expected one of",
            ),
        ],
    ),
    (
        "openai_responses_event",
        C.check_openai_responses_event,
        OPENAI_RESPONSES_EVENT,
        [
            ("unknown-top", ["text"], "Hi", ["text"], "unknown key"),
            ("wrong-type", ["sequence_number"], "3", ["sequence_number"], "expected integer"),
            ("missing", ["delta"], _DELETE, ["delta"], "missing required key"),
            ("literal", ["type"], "response.output_text.chunk", ["type"], "expected one of"),
        ],
    ),
    (
        "openai_completion_response",
        C.check_openai_completion_response,
        OPENAI_COMPLETION_RESPONSE,
        [
            ("unknown-top", ["bogus"], 1, ["bogus"], "unknown key"),
            (
                "unknown-deep",
                ["usage", "cached_tokens"],
                1,
                ["usage", "cached_tokens"],
                "unknown key",
            ),
            ("wrong-type", ["choices", 0, "text"], 5, ["choices", 0, "text"], "expected string"),
            ("missing", ["choices"], _DELETE, ["choices"], "missing required key"),
            (
                "literal",
                ["choices", 0, "finish_reason"],
                "end",
                ["choices", 0, "finish_reason"],
                "expected one of",
            ),
        ],
    ),
    (
        "anthropic_response",
        C.check_anthropic_response,
        ANTHROPIC_RESPONSE,
        [
            ("unknown-top", ["bogus"], 1, ["bogus"], "unknown key"),
            (
                "unknown-deep",
                ["content", 2, "arguments"],
                "{}",
                ["content", 2, "arguments"],
                "unknown key",
            ),
            (
                "wrong-type",
                ["usage", "input_tokens"],
                "10",
                ["usage", "input_tokens"],
                "expected integer",
            ),
            (
                "missing",
                ["content", 0, "signature"],
                _DELETE,
                ["content", 0, "signature"],
                "missing required key",
            ),
            ("literal", ["stop_reason"], "stop", ["stop_reason"], "expected one of"),
        ],
    ),
    (
        "anthropic_event",
        C.check_anthropic_event,
        ANTHROPIC_EVENT,
        [
            ("unknown-top", ["text"], "x", ["text"], "unknown key"),
            ("unknown-deep", ["delta", "index"], 0, ["delta", "index"], "unknown key"),
            ("wrong-type", ["index"], "0", ["index"], "expected integer"),
            ("missing", ["delta", "text"], _DELETE, ["delta", "text"], "missing required key"),
            ("literal", ["delta", "type"], "text", ["delta", "type"], "expected one of"),
        ],
    ),
    (
        "gemini_response",
        C.check_gemini_response,
        GEMINI_RESPONSE,
        [
            ("unknown-top", ["usage"], {}, ["usage"], "unknown key"),
            (
                "unknown-deep",
                ["candidates", 0, "content", "parts", 0, "thought_signature"],
                "c2ln",
                ["candidates", 0, "content", "parts", 0, "thought_signature"],
                "unknown key",
            ),
            (
                "wrong-type",
                ["candidates", 0, "index"],
                "0",
                ["candidates", 0, "index"],
                "expected integer",
            ),
            # every field of the google-genai models is Optional, so there is nothing to omit.
            (
                "literal",
                ["candidates", 0, "finishReason"],
                "END_TURN",
                ["candidates", 0, "finishReason"],
                "expected one of",
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "checker", "payload"), [c[:3] for c in CASES], ids=[c[0] for c in CASES]
)
def test_valid_payload_passes(name: str, checker: Any, payload: Any) -> None:
    errors = checker(copy.deepcopy(payload))
    assert errors == [], C.format_errors(errors)


_MUTATIONS = [
    pytest.param(checker, payload, m, id=f"{name}-{m[0]}-{jpath(m[1])}")
    for (name, checker, payload, muts) in CASES
    for m in muts
]


@pytest.mark.parametrize(("checker", "payload", "mutation"), _MUTATIONS)
def test_mutation_is_rejected(checker: Any, payload: Any, mutation: tuple[Any, ...]) -> None:
    _kind, path, value, err_path, fragment = mutation
    assert_error(checker(mutate(payload, path, value)), jpath(err_path), fragment)


def test_every_entry_point_has_each_kind_of_failure() -> None:
    for name, _checker, _payload, muts in CASES:
        kinds = {m[0] for m in muts}
        needed = {"unknown-top", "wrong-type", "literal"}
        if name != "gemini_response":  # no required keys anywhere in google-genai models
            needed.add("missing")
        if name not in ("openai_responses_event",):  # flat event: nothing deep to poison
            needed.add("unknown-deep")
        assert needed <= kinds, (name, needed - kinds)


# ---------------------------------------------------------------------------------------------
# Entry-point specifics
# ---------------------------------------------------------------------------------------------


def test_openai_chat_streaming_variant() -> None:
    p = dict(OPENAI_CHAT, stream=True, stream_options={"include_usage": True})
    assert C.check_openai_chat_request(p) == []
    p = dict(OPENAI_CHAT, stream=False, stream_options={"include_usage": True})
    assert C.check_openai_chat_request(p) == []  # the SDK allows it; the API ignores it


def test_anthropic_legacy_sampling_allowance() -> None:
    p = dict(ANTHROPIC, temperature=1, top_p=0.9, top_k=5)
    assert C.check_anthropic_request(p) == []
    assert_error(
        C.check_anthropic_request(dict(ANTHROPIC, top_p=True)), "$.top_p", "expected number"
    )
    assert_error(
        C.check_anthropic_request(dict(ANTHROPIC, top_k="5")), "$.top_k", "expected integer"
    )
    # Only those three keys get the allowance.
    assert_error(
        C.check_anthropic_request(dict(ANTHROPIC, presence_penalty=0.1)),
        "$.presence_penalty",
        "unknown key",
    )


def test_anthropic_beta_fallback() -> None:
    p = dict(ANTHROPIC, context_management={"edits": [{"type": "clear_tool_uses_20250919"}]})
    assert C.check_anthropic_request(p) == []
    p = dict(
        ANTHROPIC, mcp_servers=[{"type": "url", "url": "https://mcp.example.com/sse", "name": "ex"}]
    )
    assert C.check_anthropic_request(p) == []
    p = dict(ANTHROPIC, context_management={"edits": []}, betas=["context-management-2025-06-27"])
    assert_error(C.check_anthropic_request(p), "$.betas", "header")
    p = dict(ANTHROPIC, context_management={"edits": [{"type": "bogus_edit"}]})
    assert_error(C.check_anthropic_request(p), "$.context_management", "")


def test_anthropic_system_message_inside_messages() -> None:
    p = mutate(
        ANTHROPIC, ["messages", 3], {"role": "system", "content": "New rule: answer in French."}
    )
    p["messages"].append({"role": "user", "content": "Merci"})
    assert C.check_anthropic_request(p) == []


def test_gemini_case_insensitive_enums() -> None:
    # google-genai enums are CaseInSensitiveEnum: "object" / "auto" resolve without a warning.
    p = mutate(GEMINI, ["tools", 0, "functionDeclarations", 0, "parameters", "type"], "object")
    p = mutate(p, ["toolConfig", "functionCallingConfig", "mode"], "auto")
    assert C.check_gemini_request(p) == []
    p = mutate(
        GEMINI,
        ["tools", 0, "functionDeclarations", 0, "parameters", "properties", "city", "type"],
        "text",
    )
    assert_error(
        C.check_gemini_request(p),
        "$.tools[0].functionDeclarations[0].parameters.properties.city.type",
        "expected one of",
    )


def test_gemini_keys_must_be_camel_case() -> None:
    p = mutate(GEMINI, ["system_instruction"], {"parts": [{"text": "x"}]})
    assert_error(C.check_gemini_request(p), "$.system_instruction", "unknown key")
    p = mutate(GEMINI, ["contents", 0, "parts", 0, "thought_signature"], "c2ln")
    assert_error(
        C.check_gemini_request(p), "$.contents[0].parts[0].thought_signature", "unknown key"
    )
    p = mutate(GEMINI, ["contents", 0, "parts", 0, "thoughtSignature"], "c2ln")
    assert C.check_gemini_request(p) == []


@pytest.mark.parametrize(
    ("path", "value", "ok_on"),
    [
        (["store"], True, "gemini"),
        (["generationConfig", "enableEnhancedCivicAnswers"], True, "gemini"),
        (["contents", 0, "parts", 0, "partMetadata"], {"k": "v"}, "gemini"),
        (["contents", 2, "parts", 0, "functionResponse", "willContinue"], True, "gemini"),
        (["toolConfig", "includeServerSideToolInvocations"], True, "gemini"),
        (
            ["tools", 1],
            {"fileSearch": {"fileSearchStoreNames": ["fileSearchStores/abc"]}},
            "gemini",
        ),
        (
            ["generationConfig", "routingConfig"],
            {"autoMode": {"modelRoutingPreference": "BALANCED"}},
            "vertex",
        ),
        (["generationConfig", "audioTimestamp"], True, "vertex"),
        (
            ["generationConfig", "modelConfig"],
            {"featureSelectionPreference": "PRIORITIZE_QUALITY"},
            "vertex",
        ),
        (["contents", 1, "parts", 0, "functionCall", "willContinue"], True, "vertex"),
        (["toolConfig", "functionCallingConfig", "streamFunctionCallArguments"], True, "vertex"),
        (["tools", 1], {"enterpriseWebSearch": {}}, "vertex"),
        (["tools", 1], {"googleSearch": {"excludeDomains": ["example.com"]}}, "vertex"),
        (["safetySettings", 0, "method"], "SEVERITY", "vertex"),
        (
            ["modelArmorConfig"],
            {"promptTemplateName": "projects/p/locations/l/templates/t"},
            "vertex",
        ),
    ],
)
def test_gemini_surface_differences(path: list[Any], value: Any, ok_on: str) -> None:
    p = mutate(GEMINI, path, value)
    other = "vertex" if ok_on == "gemini" else "gemini"
    errors = C.check_gemini_request(p, ok_on)
    assert errors == [], C.format_errors(errors)
    err_path = list(path)
    while isinstance(value, dict) and path[0] == "tools":  # the offending key is inside the tool
        key = next(iter(value))
        err_path.append(key)
        value = value[key]
        if key != "googleSearch":
            break
    assert_error(C.check_gemini_request(p, other), jpath(err_path), "only supported on")


def test_gemini_shared_keys_and_sdk_only_keys() -> None:
    p = dict(
        GEMINI, labels={"team": "infra"}, cachedContent="cachedContents/abc", serviceTier="flex"
    )
    assert C.check_gemini_request(p, "gemini") == []
    assert C.check_gemini_request(p, "vertex") == []
    p = mutate(GEMINI, ["generationConfig", "imageConfig"], {"aspectRatio": "16:9"})
    assert C.check_gemini_request(p, "gemini") == []
    p = mutate(GEMINI, ["generationConfig", "modelSelectionConfig"], {})
    assert_error(
        C.check_gemini_request(p, "vertex"),
        "$.generationConfig.modelSelectionConfig",
        "modelConfig",
    )
    p = mutate(GEMINI, ["generationConfig", "imageConfig"], {"outputMimeType": "image/png"})
    assert_error(
        C.check_gemini_request(p, "vertex"),
        "$.generationConfig.imageConfig.outputMimeType",
        "wire key",
    )


def test_gemini_response_surfaces() -> None:
    cit = {"citationSources": [{"startIndex": 0, "endIndex": 3, "uri": "https://example.com"}]}
    p = mutate(GEMINI_RESPONSE, ["candidates", 0, "citationMetadata"], cit)
    assert C.check_gemini_response(p, "gemini") == []
    assert_error(
        C.check_gemini_response(p, "vertex"),
        "$.candidates[0].citationMetadata.citationSources",
        "unknown key",
    )
    p = mutate(
        GEMINI_RESPONSE,
        ["candidates", 0, "citationMetadata"],
        {"citations": cit["citationSources"]},
    )
    assert C.check_gemini_response(p, "vertex") == []
    p = mutate(GEMINI_RESPONSE, ["parsed"], {})
    assert_error(C.check_gemini_response(p), "$.parsed", "SDK-only")


# ---------------------------------------------------------------------------------------------
# Golden request inputs must conform
# ---------------------------------------------------------------------------------------------

_GOLDEN_CHECKERS = C.REQUEST_CHECKERS


def _golden_inputs() -> list[Any]:
    out = []
    if GOLDEN.is_dir():
        for fmt_dir in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
            for case in sorted(p for p in fmt_dir.iterdir() if p.is_dir()):
                inp = case / "input.json"
                if inp.is_file() and fmt_dir.name in _GOLDEN_CHECKERS:
                    out.append(pytest.param(fmt_dir.name, inp, id=f"{fmt_dir.name}/{case.name}"))
    return out


@pytest.mark.parametrize(("fmt", "path"), _golden_inputs())
def test_golden_input_conforms(fmt: str, path: Path) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    errors = _GOLDEN_CHECKERS[fmt](payload)
    assert errors == [], f"{path}:\n" + C.format_errors(errors)


def test_registries_cover_every_format() -> None:
    formats = {
        "openai.chat",
        "openai.responses",
        "openai.completions",
        "anthropic.messages",
        "google.gemini",
        "google.vertex",
    }
    import interlingua  # every registered request format has a checker of its own
    formats |= set(interlingua.formats())
    for registry in (C.REQUEST_CHECKERS, C.RESPONSE_CHECKERS, C.STREAM_EVENT_CHECKERS):
        assert set(registry) == formats
    assert C.REQUEST_CHECKERS["google.vertex"](dict(GEMINI, store=True))
    assert not C.REQUEST_CHECKERS["google.gemini"](dict(GEMINI, store=True))
    assert C.STREAM_EVENT_CHECKERS["anthropic.messages"](ANTHROPIC_EVENT) == []


def test_golden_case_counts() -> None:
    for fmt in ("openai.chat", "anthropic.messages"):
        d = GOLDEN / fmt
        cases = [p for p in d.iterdir() if (p / "input.json").is_file()] if d.is_dir() else []
        assert len(cases) >= 25, (fmt, len(cases))
