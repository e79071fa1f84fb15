"""Malformed input gets a typed error naming the JSON path: never a KeyError, never a crash."""

from __future__ import annotations

import pytest

import interlingua
from interlingua import InvalidPayloadError

OPENAI_BAD = [
    ([], "$"),
    ({"model": "gpt-4.1"}, "$.messages"),
    ({"model": "gpt-4.1", "messages": {"role": "user"}}, "$.messages"),
    ({"model": "gpt-4.1", "messages": ["hi"]}, "$.messages[0]"),
    ({"model": "gpt-4.1", "messages": [{"role": "robot", "content": "hi"}]},
     "$.messages[0].role"),
    ({"model": "gpt-4.1", "messages": [{"role": "user"}]}, "$.messages[0].content"),
    ({"model": "gpt-4.1", "messages": [{"role": "user", "content": 42}]},
     "$.messages[0].content"),
    ({"model": "gpt-4.1", "messages": [{"role": "user", "content": [{"type": "text"}]}]},
     "$.messages[0].content[0].text"),
    ({"model": "gpt-4.1", "messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": "http://x/y.png"}]}]},
     "$.messages[0].content[0].image_url"),
    ({"model": "gpt-4.1", "messages": [
        {"role": "user", "content": "hi"},
        {"role": "tool", "tool_call_id": "call_9", "content": "orphan"}]},
     "$.messages[1].tool_call_id"),
    ({"model": "gpt-4.1", "messages": [
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "f"}}]}]},
     "$.messages[0].tool_calls[0].function.arguments"),
    ({"model": "gpt-4.1", "messages": [{"role": "user", "content": "x"}], "temperature": "hot"},
     "$.temperature"),
    ({"model": "gpt-4.1", "messages": [{"role": "user", "content": "x"}],
      "tools": [{"type": "function", "function": {"description": "no name"}}]},
     "$.tools[0].function.name"),
    ({"model": "gpt-4.1", "messages": [{"role": "user", "content": "x"}],
      "tool_choice": "sometimes"}, "$.tool_choice"),
    ({"model": "gpt-4.1", "messages": [{"role": "user", "content": "x"}], "stop": [1, 2]},
     "$.stop[0]"),
    ({"model": 4, "messages": []}, "$.model"),
]

ANTHROPIC_BAD = [
    ("not an object", "$"),
    ({"model": "claude-sonnet-4-5", "max_tokens": 10}, "$.messages"),
    ({"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [
        {"role": "tool", "content": "x"}]}, "$.messages[0].role"),
    ({"model": "claude-sonnet-4-5", "max_tokens": "ten", "messages": []}, "$.max_tokens"),
    ({"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [
        {"role": "user", "content": [{"type": "image", "source": {"type": "ftp"}}]}]},
     "$.messages[0].content[0].source.type"),
    ({"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_x",
                                      "content": "orphan"}]}]},
     "$.messages[0].content[0].tool_use_id"),
    ({"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f",
                                           "input": "[]"}]}]},
     "$.messages[0].content[0].input"),
    ({"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [],
      "thinking": {"type": "sometimes"}}, "$.thinking.type"),
    ({"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [],
      "system": [{"type": "image", "source": {"type": "url", "url": "http://x"}}]},
     "$.system[0].type"),
    ({"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [],
      "tools": [{"name": "f"}]}, "$.tools[0].input_schema"),
]


RESPONSES_BAD = [
    ("not an object", "$"),
    ({"model": 5, "input": "x"}, "$.model"),
    ({"model": "gpt-5", "input": 42}, "$.input"),
    ({"model": "gpt-5", "input": ["hi"]}, "$.input[0]"),
    ({"model": "gpt-5", "input": [{"content": "x"}]}, "$.input[0].type"),
    ({"model": "gpt-5", "input": [{"role": "robot", "content": "x"}]}, "$.input[0].role"),
    ({"model": "gpt-5", "input": [{"type": "message", "role": "user"}]},
     "$.input[0].content"),
    ({"model": "gpt-5", "input": [{"role": "user", "content": [{"type": "input_text"}]}]},
     "$.input[0].content[0].text"),
    ({"model": "gpt-5", "input": [{"role": "user", "content": [{"text": "x"}]}]},
     "$.input[0].content[0].type"),
    ({"model": "gpt-5", "input": [{"role": "user", "content": [
        {"type": "input_image", "image_url": 7, "detail": "auto"}]}]},
     "$.input[0].content[0].image_url"),
    ({"model": "gpt-5", "input": [{"type": "function_call", "call_id": "c1", "name": "f"}]},
     "$.input[0].arguments"),
    ({"model": "gpt-5", "input": [{"type": "function_call_output", "call_id": "c9",
                                    "output": "orphan"}]}, "$.input[0].call_id"),
    ({"model": "gpt-5", "input": [{"type": "function_call", "call_id": "c1", "name": "f",
                                    "arguments": "{}"},
                                   {"type": "function_call_output", "call_id": "c1"}]},
     "$.input[1].output"),
    ({"model": "gpt-5", "input": [{"type": "reasoning", "id": "rs_1",
                                    "summary": [{"type": "summary_text"}]}]},
     "$.input[0].summary[0].text"),
    ({"model": "gpt-5", "input": "x", "tools": [{"type": "function"}]}, "$.tools[0].name"),
    ({"model": "gpt-5", "input": "x", "tools": [{"name": "f"}]}, "$.tools[0].type"),
    ({"model": "gpt-5", "input": "x", "tool_choice": "sometimes"}, "$.tool_choice"),
    ({"model": "gpt-5", "input": "x", "tool_choice": {"type": "allowed_tools",
                                                       "mode": "any", "tools": []}},
     "$.tool_choice.mode"),
    ({"model": "gpt-5", "input": "x", "text": {"format": {"type": "yaml"}}},
     "$.text.format.type"),
    ({"model": "gpt-5", "input": "x", "text": {"format": {"type": "json_schema",
                                                          "name": "x"}}},
     "$.text.format.schema"),
    ({"model": "gpt-5", "input": "x", "temperature": "hot"}, "$.temperature"),
    ({"model": "gpt-5", "input": "x", "include": "reasoning.encrypted_content"},
     "$.include"),
    ({"model": "gpt-5", "input": "x", "previous_response_id": 12}, "$.previous_response_id"),
    ({"model": "gpt-5", "input": "x", "conversation": {"name": "c"}}, "$.conversation.id"),
    ({"model": "gpt-5", "input": "x", "tools": [
        {"type": "web_search", "user_location": "Berlin"}]}, "$.tools[0].user_location"),
]

COMPLETIONS_BAD = [
    ([], "$"),
    ({"model": "gpt-3.5-turbo-instruct"}, "$.prompt"),
    ({"model": "gpt-3.5-turbo-instruct", "prompt": 7}, "$.prompt"),
    ({"model": "gpt-3.5-turbo-instruct", "prompt": ["a", 1]}, "$.prompt[0]"),
    ({"model": "gpt-3.5-turbo-instruct", "prompt": [[1, "a"]]}, "$.prompt[0][1]"),
    ({"model": "gpt-3.5-turbo-instruct", "prompt": "x", "max_tokens": "many"},
     "$.max_tokens"),
    ({"model": "gpt-3.5-turbo-instruct", "prompt": "x", "logprobs": True}, "$.logprobs"),
    ({"model": "gpt-3.5-turbo-instruct", "prompt": "x", "stop": [1]}, "$.stop[0]"),
    ({"model": "gpt-3.5-turbo-instruct", "prompt": "x", "logit_bias": []}, "$.logit_bias"),
    ({"model": "gpt-3.5-turbo-instruct", "prompt": "x", "stream_options": "usage"},
     "$.stream_options"),
]


@pytest.mark.parametrize(("payload", "path"), RESPONSES_BAD)
def test_openai_responses_malformed(payload: object, path: str) -> None:
    for target in interlingua.formats():
        with pytest.raises(InvalidPayloadError) as err:
            interlingua.convert_request(payload, "openai.responses", target,  # type: ignore[arg-type]
                                        model="m", on_loss="ignore")
        assert err.value.path == path, str(err.value)
        assert err.value.format == "openai.responses"


@pytest.mark.parametrize(("payload", "path"), COMPLETIONS_BAD)
def test_openai_completions_malformed(payload: object, path: str) -> None:
    for target in interlingua.formats():
        with pytest.raises(InvalidPayloadError) as err:
            interlingua.convert_request(payload, "openai.completions", target,  # type: ignore[arg-type]
                                        model="m", on_loss="ignore")
        assert err.value.path == path, str(err.value)


GEMINI_USER = {"role": "user", "parts": [{"text": "hi"}]}
GEMINI_BAD = [
    ([], "$"),
    ({}, "$.contents"),
    ({"contents": {"role": "user"}}, "$.contents"),
    ({"contents": ["hi"]}, "$.contents[0]"),
    ({"contents": [{"role": "assistant", "parts": [{"text": "x"}]}]}, "$.contents[0].role"),
    ({"contents": [{"role": "user", "parts": {"text": "x"}}]}, "$.contents[0].parts"),
    ({"contents": [{"role": "user", "parts": [{"text": 5}]}]}, "$.contents[0].parts[0].text"),
    ({"contents": [{"role": "user", "parts": [{"inlineData": {"data": "AA=="}}]}]},
     "$.contents[0].parts[0].inlineData.mimeType"),
    # snake_case keys: paths name the field in camelCase
    ({"contents": [{"role": "user", "parts": [{"inline_data": {"data": "AA=="}}]}]},
     "$.contents[0].parts[0].inlineData.mimeType"),
    ({"contents": [{"role": "user", "parts": [{"fileData": {"mimeType": "image/png"}}]}]},
     "$.contents[0].parts[0].fileData.fileUri"),
    ({"contents": [GEMINI_USER, {"role": "model", "parts": [{"functionCall": {"args": {}}}]}]},
     "$.contents[1].parts[0].functionCall.name"),
    ({"contents": [GEMINI_USER, {"role": "model", "parts": [
        {"functionCall": {"name": "f", "args": "[]"}}]}]},
     "$.contents[1].parts[0].functionCall.args"),
    ({"contents": [{"role": "user", "parts": [
        {"functionResponse": {"name": "f", "response": {}}}]}]},
     "$.contents[0].parts[0].functionResponse.name"),
    ({"contents": [GEMINI_USER, {"role": "model", "parts": [
        {"functionCall": {"id": "c1", "name": "f", "args": {}}}]},
        {"role": "user", "parts": [{"functionResponse": {"id": "c9", "name": "f",
                                                         "response": {}}}]}]},
     "$.contents[2].parts[0].functionResponse.id"),
    ({"contents": [GEMINI_USER, {"role": "model", "parts": [
        {"functionCall": {"name": "f", "args": {}}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": "ok"}}]}]},
     "$.contents[2].parts[0].functionResponse.response"),
    ({"contents": [GEMINI_USER], "systemInstruction": "be nice"}, "$.systemInstruction"),
    ({"contents": [GEMINI_USER], "generationConfig": {"temperature": "hot"}},
     "$.generationConfig.temperature"),
    ({"contents": [GEMINI_USER], "generationConfig": {"stopSequences": [1]}},
     "$.generationConfig.stopSequences[0]"),
    ({"contents": [GEMINI_USER], "generationConfig": {"thinkingConfig": {
        "thinkingBudget": "lots"}}}, "$.generationConfig.thinkingConfig.thinkingBudget"),
    ({"contents": [GEMINI_USER], "tools": [{"functionDeclarations": [{"description": "x"}]}]},
     "$.tools[0].functionDeclarations[0].name"),
    ({"contents": [GEMINI_USER], "tools": {"googleSearch": {}}}, "$.tools"),
    ({"contents": [GEMINI_USER], "toolConfig": {"functionCallingConfig": {
        "mode": "ANY", "allowedFunctionNames": [3]}}},
     "$.toolConfig.functionCallingConfig.allowedFunctionNames[0]"),
]


@pytest.mark.parametrize(("payload", "path"), GEMINI_BAD)
@pytest.mark.parametrize("source", ["google.gemini", "google.vertex"])
def test_gemini_malformed(payload: object, path: str, source: str) -> None:
    for target in interlingua.formats():
        with pytest.raises(InvalidPayloadError) as err:
            interlingua.convert_request(payload, source, target,  # type: ignore[arg-type]
                                        model="m", on_loss="ignore")
        assert err.value.path == path, str(err.value)
        assert err.value.format == source


@pytest.mark.parametrize(("payload", "path"), OPENAI_BAD)
def test_openai_chat_malformed(payload: object, path: str) -> None:
    for target in interlingua.formats():
        with pytest.raises(InvalidPayloadError) as err:
            interlingua.convert_request(payload, "openai.chat", target,  # type: ignore[arg-type]
                                        model="m", on_loss="ignore")
        assert err.value.path == path, str(err.value)
        assert err.value.format == "openai.chat"


@pytest.mark.parametrize(("payload", "path"), ANTHROPIC_BAD)
def test_anthropic_malformed(payload: object, path: str) -> None:
    for target in interlingua.formats():
        with pytest.raises(InvalidPayloadError) as err:
            interlingua.convert_request(payload, "anthropic.messages", target,  # type: ignore[arg-type]
                                        model="m", on_loss="ignore")
        assert err.value.path == path, str(err.value)


def test_error_is_a_value_error_with_a_readable_message() -> None:
    with pytest.raises(ValueError, match=r"\$\.messages\[0\]\.role"):
        interlingua.convert_request({"messages": [{"role": "robot"}]}, "openai.chat",
                                    "anthropic.messages")


GEMINI_RESPONSE_BAD = [
    ([], "$"),
    ({"candidates": {}}, "$.candidates"),
    ({"candidates": ["x"]}, "$.candidates[0]"),
    ({"candidates": [{"content": "hi"}]}, "$.candidates[0].content"),
    ({"candidates": [{"content": {"parts": {"text": "x"}}}]}, "$.candidates[0].content.parts"),
    ({"candidates": [{"content": {"parts": [{"text": 5}]}}]},
     "$.candidates[0].content.parts[0].text"),
    ({"candidates": [{"content": {"parts": [{"functionCall": {"args": {}}}]}}]},
     "$.candidates[0].content.parts[0].functionCall.name"),
    ({"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": []}}]}}]},
     "$.candidates[0].content.parts[0].functionCall.args"),
    ({"candidates": [{"content": {"parts": [{"text": "x", "thoughtSignature": 3}]}}]},
     "$.candidates[0].content.parts[0].thoughtSignature"),
    ({"candidates": [{"content": {"parts": [{"inlineData": {"data": "AA=="}}]}}]},
     "$.candidates[0].content.parts[0].inlineData.mimeType"),
    ({"candidates": [{"finishReason": 3}]}, "$.candidates[0].finishReason"),
    ({"candidates": [{"index": "0"}]}, "$.candidates[0].index"),
    ({"candidates": [{"citationMetadata": []}]}, "$.candidates[0].citationMetadata"),
    ({"candidates": [], "usageMetadata": []}, "$.usageMetadata"),
    ({"candidates": [], "modelVersion": 3}, "$.modelVersion"),
    ({"candidates": [], "createTime": 3}, "$.createTime"),
    ({"promptFeedback": "x"}, "$.promptFeedback"),
    ({"promptFeedback": {"blockReason": 1}}, "$.promptFeedback.blockReason"),
]

GEMINI_CHUNK_BAD = [
    ("x", "$"),
    ({"candidates": {}}, "$.candidates"),
    ({"candidates": ["x"]}, "$.candidates[0]"),
    ({"candidates": [{"content": []}]}, "$.candidates[0].content"),
    ({"candidates": [{"content": {"parts": "x"}}]}, "$.candidates[0].content.parts"),
    ({"candidates": [{"content": {"parts": ["x"]}}]}, "$.candidates[0].content.parts[0]"),
    ({"candidates": [{"content": {"parts": [{"text": 1}]}}]},
     "$.candidates[0].content.parts[0].text"),
    ({"candidates": [{"content": {"parts": [{"functionCall": []}]}}]},
     "$.candidates[0].content.parts[0].functionCall"),
    ({"candidates": [{"content": {"parts": [{"functionCall": {"name": 1}}]}}]},
     "$.candidates[0].content.parts[0].functionCall.name"),
    ({"candidates": [{"content": {"parts": [{"functionCall": {"name": "f", "args": 1}}]}}]},
     "$.candidates[0].content.parts[0].functionCall.args"),
    ({"candidates": [{"content": {"parts": [{"functionCall": {
        "name": "f", "willContinue": True, "partialArgs": 1}}]}}]},
     "$.candidates[0].content.parts[0].functionCall.partialArgs"),
    ({"candidates": [{"content": {"parts": [{"text": "", "thoughtSignature": 1}]}}]},
     "$.candidates[0].content.parts[0].thoughtSignature"),
    ({"candidates": [{"content": {"parts": [{"inlineData": {"data": "AA=="}}]}}]},
     "$.candidates[0].content.parts[0].inlineData.mimeType"),
    ({"candidates": [{"finishReason": 1}]}, "$.candidates[0].finishReason"),
    ({"candidates": [{"index": "a"}]}, "$.candidates[0].index"),
    ({"candidates": [], "usageMetadata": 1}, "$.usageMetadata"),
    ({"error": "boom"}, "$.error"),
]


@pytest.mark.parametrize(("body", "path"), GEMINI_RESPONSE_BAD)
@pytest.mark.parametrize("source", ["google.gemini", "google.vertex"])
def test_gemini_response_malformed(body: object, path: str, source: str) -> None:
    for target in ("google.gemini", "google.vertex", "openai.chat", "anthropic.messages",
                   "openai.responses"):
        with pytest.raises(InvalidPayloadError) as err:
            interlingua.convert_response(body, source, target,  # type: ignore[arg-type]
                                         on_loss="ignore")
        assert err.value.path == path, str(err.value)
        assert err.value.format == source


@pytest.mark.parametrize(("chunk", "path"), GEMINI_CHUNK_BAD)
def test_gemini_stream_chunk_malformed(chunk: object, path: str) -> None:
    for target in ("openai.chat", "anthropic.messages", "google.vertex", "google.gemini"):
        conv = interlingua.StreamConverter("google.gemini", target, on_loss="ignore")
        with pytest.raises(InvalidPayloadError) as err:
            conv.feed(chunk)  # type: ignore[arg-type]
        assert err.value.path == path, str(err.value)
