"""openai.responses: server-held state, reasoning provenance, the Chat <-> Responses mappings
and the request side of Open Responses."""

from __future__ import annotations

import json
from typing import Any

import pytest

import interlingua
from cases import request_cases
from conformance import REQUEST_CHECKERS, check_openai_responses_request
from interlingua import ConversionError, InvalidPayloadError

STATELESS = ["openai.chat", "anthropic.messages", "openai.completions"]
MODELS = {"openai.chat": "gpt-4.1", "anthropic.messages": "claude-sonnet-4-5",
          "openai.completions": "gpt-3.5-turbo-instruct", "openai.responses": "gpt-5"}

HISTORY: list[dict[str, Any]] = [
    {"role": "user", "content": "What's the weather in Oslo?"},
    {"id": "rs_prev", "type": "reasoning", "summary": [],
     "encrypted_content": "gAAAAABprevious"},
    {"id": "fc_prev", "type": "function_call", "status": "completed", "call_id": "call_1",
     "name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"},
]
TOOLS = [{"type": "function", "name": "get_weather", "strict": True,
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                         "required": ["city"], "additionalProperties": False}}]
STATEFUL = {"model": "gpt-5", "previous_response_id": "resp_abc123", "tools": TOOLS,
            "input": [{"type": "function_call_output", "call_id": "call_1",
                       "output": "{\"temp_c\": -3}"}]}


def convert(payload: dict[str, Any], target: str, **kw: Any) -> interlingua.Translation:
    return interlingua.translate_request(payload, "openai.responses", target,
                                         model=MODELS[target], on_loss="ignore", **kw)


# -- state -----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", STATELESS)
def test_missing_history_is_a_conversion_error(target: str) -> None:
    with pytest.raises(ConversionError) as err:
        convert(STATEFUL, target)
    assert err.value.path == "$.previous_response_id"
    assert "Options.history" in str(err.value)


def test_conversation_without_history_names_its_path() -> None:
    payload = {"model": "gpt-5", "conversation": {"id": "conv_1"}, "input": "and now?"}
    with pytest.raises(ConversionError) as err:
        convert(payload, "openai.chat")
    assert err.value.path == "$.conversation"


def test_history_as_a_list_expands_the_request() -> None:
    body = convert(STATEFUL, "openai.chat", history=HISTORY).body
    assert "previous_response_id" not in body
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "tool"]
    assert body["messages"][1]["tool_calls"][0]["id"] == "call_1"
    assert body["messages"][2] == {"role": "tool", "tool_call_id": "call_1",
                                   "content": "{\"temp_c\": -3}"}


def test_history_as_a_callable_gets_the_reference() -> None:
    asked: list[str] = []

    def history(ref: str) -> list[dict[str, Any]]:
        asked.append(ref)
        return HISTORY

    t = convert(STATEFUL, "anthropic.messages", history=history)
    assert asked == ["resp_abc123"]
    messages = t.body["messages"]
    assert messages[1]["content"][0]["type"] == "tool_use"
    assert messages[2]["content"][0]["tool_use_id"] == "call_1"
    # The previous response's reasoning is OpenAI's: a reported loss, with a history path.
    assert any(loss.path == "$.previous_response_id[1]" for loss in t.losses)


@pytest.mark.parametrize("conversation", ["conv_9", {"id": "conv_9"}])
def test_conversation_reference_forms(conversation: Any) -> None:
    asked: list[str] = []
    payload = {"model": "gpt-5", "conversation": conversation, "input": "and tomorrow?"}
    body = convert(payload, "openai.chat",
                   history=lambda ref: asked.append(ref) or HISTORY[:1]).body
    assert asked == ["conv_9"]
    assert [m["content"] for m in body["messages"]] == ["What's the weather in Oslo?",
                                                         "and tomorrow?"]


def test_same_format_keeps_the_reference() -> None:
    for options in ({}, {"history": HISTORY}):
        out = interlingua.convert_request(STATEFUL, "openai.responses", "openai.responses",
                                          on_loss="raise", **options)
        assert out == STATEFUL
    ir = interlingua.read_request(STATEFUL, "openai.responses")
    assert ir.extras == {"previous_response_id": "resp_abc123"}


def test_callable_returning_nothing_is_an_error() -> None:
    with pytest.raises(ConversionError):
        convert(STATEFUL, "openai.chat", history=lambda ref: None)


def test_item_reference_resolves_from_history() -> None:
    payload = {"model": "gpt-5", "tools": TOOLS, "input": [
        {"role": "user", "content": "What's the weather in Oslo?"},
        {"type": "item_reference", "id": "fc_prev"},
        {"type": "function_call_output", "call_id": "call_1", "output": "-3 C"}]}
    body = convert(payload, "openai.chat", history=HISTORY).body
    assert body["messages"][1]["tool_calls"][0]["function"]["name"] == "get_weather"
    with pytest.raises(ConversionError) as err:
        convert(payload, "openai.chat")
    assert err.value.path == "$.input[1]"
    # Kept as is for Responses.
    assert interlingua.convert_request(payload, "openai.responses", "openai.responses",
                                       on_loss="raise") == payload


def test_previous_response_id_and_conversation_together_are_invalid() -> None:
    payload = {**STATEFUL, "conversation": "conv_1"}
    with pytest.raises(InvalidPayloadError) as err:
        convert(payload, "openai.chat", history=HISTORY)
    assert err.value.path == "$.conversation"


def test_stateless_history_becomes_full_input_items() -> None:
    chat = {"model": "gpt-4.1", "messages": [
        {"role": "user", "content": "weather in Oslo?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "-3 C"}]}
    body = interlingua.convert_request(chat, "openai.chat", "openai.responses",
                                       model="gpt-4.1", on_loss="raise")
    assert body["input"] == [
        {"role": "user", "content": "weather in Oslo?"},
        {"type": "function_call", "call_id": "call_1", "name": "get_weather",
         "arguments": "{\"city\":\"Oslo\"}"},
        {"type": "function_call_output", "call_id": "call_1", "output": "-3 C"}]
    assert "previous_response_id" not in body and body["store"] is False


def test_unpaired_tool_output_is_invalid_only_without_state() -> None:
    payload = {"model": "gpt-5", "input": STATEFUL["input"]}
    with pytest.raises(InvalidPayloadError) as err:
        interlingua.convert_request(payload, "openai.responses", "openai.responses")
    assert err.value.path == "$.input[0].call_id"
    interlingua.convert_request(STATEFUL, "openai.responses", "openai.responses")


# -- reasoning provenance --------------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


RESPONSES_CASES = [c for c in request_cases() if c.source == "openai.responses"]


@pytest.mark.parametrize("case", RESPONSES_CASES, ids=[c.id for c in RESPONSES_CASES])
def test_encrypted_content_never_leaves_responses(case: Any) -> None:
    items = case.payload.get("input")
    items = (items if isinstance(items, list) else []) + case.options().get("history", [])
    secrets = [item["encrypted_content"] for item in items
               if isinstance(item, dict) and item.get("encrypted_content")]
    for target in STATELESS:
        t = interlingua.translate_request(case.payload, case.source, target,
                                          model=case.model_for(target), on_loss="ignore",
                                          options=case.options())
        text = json.dumps(t.body)
        assert not any(secret in text for secret in secrets)
        assert "encrypted_content" not in text


def test_reasoning_from_other_vendors_is_never_turned_into_encrypted_content() -> None:
    anthropic = {"model": "claude-sonnet-4-5", "max_tokens": 2000,
                 "thinking": {"type": "enabled", "budget_tokens": 1024}, "messages": [
                     {"role": "user", "content": "2+2?"},
                     {"role": "assistant", "content": [
                         {"type": "thinking", "thinking": "simple", "signature": "EqQBCkYIBx"},
                         {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va"},
                         {"type": "text", "text": "4"}]},
                     {"role": "user", "content": "and 3+3?"}]}
    t = interlingua.translate_request(anthropic, "anthropic.messages", "openai.responses",
                                      model="gpt-5", on_loss="ignore")
    text = json.dumps(t.body)
    assert "EqQBCkYIBx" not in text and "EmwKAhgBEgy3va" not in text
    assert not any(item.get("type") == "reasoning" for item in t.body["input"]
                   if isinstance(item, dict))
    assert {loss.path for loss in t.losses} >= {"$.messages[1].content[0]",
                                                 "$.messages[1].content[1]"}


def test_reasoning_items_replay_byte_for_byte() -> None:
    payload = {"model": "gpt-5", "store": False, "include": ["reasoning.encrypted_content"],
               "input": [{"role": "user", "content": "hi"},
                         {"type": "reasoning", "id": "rs_1", "encrypted_content": "gAAAA1",
                          "summary": [{"type": "summary_text", "text": "thinking"}],
                          "content": [{"type": "reasoning_text", "text": "raw"}]},
                         {"type": "message", "id": "msg_1", "role": "assistant",
                          "status": "completed",
                          "content": [{"type": "output_text", "text": "hello",
                                       "annotations": []}]},
                         {"role": "user", "content": "again"}]}
    assert interlingua.convert_request(payload, "openai.responses", "openai.responses",
                                       on_loss="raise") == payload
    ir = interlingua.read_request(payload, "openai.responses")
    part = ir.messages[1].parts[0]
    assert isinstance(part, interlingua.ir.Reasoning)
    assert (part.data, part.summary, part.text, part.id) == ("gAAAA1", ["thinking"], "raw",
                                                             "rs_1")
    assert part.origin == interlingua.ir.Origin(format="openai.responses", model="gpt-5")


@pytest.mark.parametrize(("model", "store", "expected"), [
    ("gpt-5", None, ["reasoning.encrypted_content"]),     # stateless source: store false
    ("gpt-5", True, None),
    ("gpt-4.1", None, None),                              # not a reasoning model
])
def test_store_false_asks_for_encrypted_reasoning(model: str, store: bool | None,
                                                  expected: list[str] | None) -> None:
    chat: dict[str, Any] = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "x"}]}
    if store is not None:
        chat["store"] = store
    body = interlingua.convert_request(chat, "openai.chat", "openai.responses", model=model,
                                       on_loss="ignore")
    assert body["store"] is (store if store is not None else False)
    assert body.get("include") == expected


# -- Chat <-> Responses ----------------------------------------------------------------------


def test_chat_to_responses_shapes() -> None:
    chat = {
        "model": "gpt-4.1",
        "messages": [{"role": "system", "content": "Be brief."},
                     {"role": "user", "content": "Find flights"}],
        "tools": [{"type": "function", "function": {"name": "search", "parameters": {
            "type": "object", "properties": {}}}},
                  {"type": "custom", "custom": {"name": "sql", "format": {
                      "type": "grammar", "grammar": {"syntax": "lark",
                                                     "definition": "start: \"x\""}}}}],
        "tool_choice": {"type": "function", "function": {"name": "search"}},
        "response_format": {"type": "json_schema", "json_schema": {
            "name": "out", "schema": {"type": "object"}, "strict": True}},
        "max_completion_tokens": 500, "verbosity": "low",
        "web_search_options": {"search_context_size": "low"},
    }
    body = interlingua.convert_request(chat, "openai.chat", "openai.responses",
                                       model="gpt-4.1", on_loss="ignore")
    assert body["instructions"] == "Be brief."
    assert body["input"] == "Find flights"
    assert body["tools"] == [
        {"type": "function", "name": "search", "parameters": {"type": "object",
                                                              "properties": {}},
         "strict": False},
        {"type": "custom", "name": "sql", "format": {"type": "grammar", "syntax": "lark",
                                                     "definition": "start: \"x\""}},
        {"type": "web_search", "search_context_size": "low"}]
    assert body["tool_choice"] == {"type": "function", "name": "search"}
    assert body["text"] == {"format": {"type": "json_schema", "name": "out",
                                       "schema": {"type": "object"}, "strict": True},
                            "verbosity": "low"}
    assert body["max_output_tokens"] == 500
    assert not check_openai_responses_request(body)
    back = interlingua.convert_request(body, "openai.responses", "openai.chat",
                                       model="gpt-4.1", on_loss="ignore")
    assert back["tools"][1] == chat["tools"][1]
    assert back["response_format"] == chat["response_format"]
    assert back["max_completion_tokens"] == 500


def test_small_output_limits_are_raised_to_the_minimum() -> None:
    t = interlingua.translate_request(
        {"model": "gpt-4.1", "messages": [{"role": "user", "content": "x"}], "max_tokens": 5},
        "openai.chat", "openai.responses", model="gpt-4.1", on_loss="ignore")
    assert t.body["max_output_tokens"] == 16
    assert [(loss.path, loss.kind) for loss in t.losses] == [("$.max_tokens", "approximated")]


def test_responses_stream_keeps_usage_in_chat() -> None:
    body = interlingua.convert_request({"model": "gpt-4.1", "input": "x", "stream": True},
                                       "openai.responses", "openai.chat", on_loss="raise")
    assert body["stream_options"] == {"include_usage": True}


def test_assistant_text_without_an_id_uses_the_easy_form() -> None:
    anthropic = {"model": "claude-sonnet-4-5", "max_tokens": 100, "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": [{"type": "text", "text": "Hello"},
                                          {"type": "text", "text": " there"}]},
        {"role": "user", "content": "bye"}]}
    body = interlingua.convert_request(anthropic, "anthropic.messages", "openai.responses",
                                       model="gpt-5", on_loss="raise")
    assert body["input"][1] == {"role": "assistant", "content": "Hello there"}
    assert not check_openai_responses_request(body)


# -- Open Responses --------------------------------------------------------------------------

OPEN_RESPONSES = {
    "model": "mistralai/ministral-3-14b-reasoning",
    "input": [
        {"type": "message", "id": "msg_u1", "role": "user", "status": "completed",
         "content": [{"type": "input_text", "text": "Find the contract about cooling"},
                     {"type": "input_video", "video_url": "https://x.example/v.mp4"}]},
        {"type": "reasoning", "summary": [],
         "content": [{"type": "output_text", "text": "Search the documents first."}],
         "encrypted_content": None},
        {"type": "acme:document_search", "id": "ds_1", "status": "completed",
         "query": ["cooling"], "results": [{"document_id": "d1", "chunk": "Annex B"}]},
        {"type": "message", "role": "assistant", "content": "Annex B covers cooling."},
        {"type": "function_call", "call_id": "call_9", "name": "get_ticket",
         "arguments": "{}"},
        {"type": "function_call_output", "call_id": "call_9", "output": "open"},
    ],
    "tools": [{"type": "function", "name": "get_ticket", "parameters": {"type": "object"}},
              {"type": "acme:document_search", "collections": ["contracts"]}],
    "tool_choice": {"type": "allowed_tools", "tools": [{"type": "function",
                                                        "name": "get_ticket"}]},
    "presence_penalty": 0.2,
    "frequency_penalty": 1.1,
    "truncation": "auto",
}


def test_open_responses_round_trips_exactly() -> None:
    assert interlingua.convert_request(OPEN_RESPONSES, "responses", "responses",
                                       on_loss="raise") == OPEN_RESPONSES


def test_open_responses_extension_items_stay_opaque_across() -> None:
    t = interlingua.translate_request(OPEN_RESPONSES, "openai.responses", "openai.chat",
                                      model="gpt-4.1", on_loss="ignore")
    paths = {loss.path for loss in t.losses}
    assert {"$.input[0].content[1]", "$.input[1]", "$.input[2]", "$.tools[1]"} <= paths
    assert t.body["presence_penalty"] == 0.2 and t.body["frequency_penalty"] == 1.1
    assert t.body["tool_choice"] == {"type": "allowed_tools", "allowed_tools": {
        "mode": "auto", "tools": [{"type": "function", "function": {"name": "get_ticket"}}]}}
    assert not REQUEST_CHECKERS["openai.chat"](t.body)
    # Reasoning text an Open Responses server exposed is text of that server's origin.
    reasoning = t.ir.messages[1].parts[0]
    assert isinstance(reasoning, interlingua.ir.Reasoning)
    assert reasoning.text == "Search the documents first."


def test_unknown_item_types_survive_a_same_format_round_trip() -> None:
    payload = {"model": "gpt-5", "input": [
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "x"}]},
        {"type": "future_item", "id": "fi_1", "payload": {"a": [1, 2]}},
        {"type": "configuration_update", "reasoning": {"effort": "high"}}]}
    assert interlingua.convert_request(payload, "openai.responses", "openai.responses",
                                       on_loss="raise") == payload
