"""Each dialect's documented differences, one behaviour per test (docs/dialects.md).

Golden cases cover whole payloads; these pin the rules: model-aware reasoning replay, the
dialects' own fields in requests, responses, streams and errors, and the provenance of every
vendor-minted value."""

from __future__ import annotations

import json
from typing import Any

import pytest

import interlingua
from conformance import REQUEST_CHECKERS, RESPONSE_CHECKERS, STREAM_EVENT_CHECKERS
from interlingua import ir


def _losses(t: Any) -> list[str]:
    return [f"{x.path}: {x.kind}: {x.reason}" for x in t.losses]


def _chat_response(message: dict[str, Any], model: str = "m", finish: str = "stop",
                   **extra: Any) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", **message},
                         "finish_reason": finish}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
            **extra}


def _chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}


TOOL_LOOP: list[dict[str, Any]] = [
    {"role": "user", "content": "weather in Paris?"},
    {"role": "assistant", "content": None, "reasoning_content": "Need the weather tool.",
     "tool_calls": [{"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
    {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
]
TOOLS = [{"type": "function", "function": {"name": "get_weather", "parameters": {
    "type": "object", "properties": {"city": {"type": "string"}}}}}]


# -- registry ---------------------------------------------------------------------------------

DIALECTS = ["openrouter.chat", "vllm.chat", "xai.chat", "deepseek.chat", "zhipu.chat",
            "zhipu.anthropic", "moonshot.chat", "minimax.chat", "google.openai",
            "vertex.anthropic", "bedrock.anthropic"]


def test_every_dialect_is_registered_with_its_fixed_id() -> None:
    assert set(DIALECTS) <= set(interlingua.formats())
    for fid in DIALECTS:
        assert fid in REQUEST_CHECKERS and fid in RESPONSE_CHECKERS \
            and fid in STREAM_EVENT_CHECKERS


# -- DeepSeek ---------------------------------------------------------------------------------


def test_deepseek_v4_requires_reasoning_on_every_assistant_message() -> None:
    chat = {"model": "gpt-4.1", "messages": [
        {"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"},
        {"role": "user", "content": "again"}]}
    t = interlingua.translate_request(chat, "openai.chat", "deepseek.chat",
                                      model="deepseek-v4-pro", on_loss="ignore")
    assert t.body["messages"][1] == {"role": "assistant", "content": "hello",
                                     "reasoning_content": ""}
    assert any("empty one was sent" in x for x in _losses(t))


def test_deepseek_r1_refuses_reasoning_content() -> None:
    req = {"model": "deepseek-v4-pro", "messages": TOOL_LOOP}
    t = interlingua.translate_request(req, "deepseek.chat", "deepseek.chat",
                                      model="deepseek-r1", on_loss="ignore")
    # Same format: verbatim, whatever the model (an X -> X conversion is exact).
    assert t.body["messages"][1]["reasoning_content"] == "Need the weather tool."
    t = interlingua.translate_request(req, "zhipu.chat", "deepseek.chat", model="deepseek-r1",
                                      on_loss="ignore")
    assert "reasoning_content" not in t.body["messages"][1]
    assert any("refuses reasoning in requests" in x for x in _losses(t))


def test_deepseek_thinking_refuses_forced_tool_choice() -> None:
    req = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "go"}],
           "tools": TOOLS, "tool_choice": "required"}
    t = interlingua.translate_request(req, "openai.chat", "deepseek.chat",
                                      model="deepseek-v4-pro", on_loss="ignore")
    assert t.body["thinking"] == {"type": "disabled"}
    assert t.body["tool_choice"] == "required"
    assert any("forced tool choice" in x for x in _losses(t))


def test_deepseek_legacy_chat_model_takes_no_reasoning() -> None:
    t = interlingua.translate_request({"model": "x", "messages": TOOL_LOOP}, "zhipu.chat",
                                      "deepseek.chat", model="deepseek-chat", on_loss="ignore")
    assert "reasoning_content" not in t.body["messages"][1]


def test_deepseek_usage_cache_hits() -> None:
    body = _chat_response({"content": "x"}, usage={})
    body["usage"] = {"prompt_tokens": 100, "completion_tokens": 5, "total_tokens": 105,
                     "prompt_cache_hit_tokens": 64, "prompt_cache_miss_tokens": 36}
    out = interlingua.convert_response(body, "deepseek.chat", "anthropic.messages",
                                       on_loss="ignore")
    assert out["usage"]["cache_read_input_tokens"] == 64
    assert out["usage"]["input_tokens"] == 36


# -- xAI --------------------------------------------------------------------------------------


def test_xai_completion_tokens_exclude_reasoning_both_ways() -> None:
    body = _chat_response({"content": "Hi", "reasoning_content": "think"}, model="grok-3-mini")
    body["usage"] = {"prompt_tokens": 12, "completion_tokens": 1, "total_tokens": 241,
                     "completion_tokens_details": {"reasoning_tokens": 228}}
    openai = interlingua.convert_response(body, "xai.chat", "openai.chat", on_loss="ignore")
    assert openai["usage"]["completion_tokens"] == 229
    back = interlingua.convert_response(openai, "openai.chat", "xai.chat", on_loss="ignore")
    assert back["usage"]["completion_tokens"] == 1
    assert back["usage"]["total_tokens"] == 241


def test_xai_reasoning_effort_only_where_the_model_takes_it() -> None:
    req = {"model": "o3", "messages": [{"role": "user", "content": "x"}],
           "reasoning_effort": "medium", "presence_penalty": 0.5}
    grok4 = interlingua.translate_request(req, "openai.chat", "xai.chat", model="grok-4",
                                          on_loss="ignore")
    assert "reasoning_effort" not in grok4.body and "presence_penalty" not in grok4.body
    mini = interlingua.translate_request(req, "openai.chat", "xai.chat", model="grok-3-mini",
                                         on_loss="ignore")
    assert mini.body["reasoning_effort"] in ("low", "high")


# -- vLLM -------------------------------------------------------------------------------------


def test_vllm_stop_reason_is_the_stop_sequence() -> None:
    body = _chat_response({"content": "Thought: done"}, model="Qwen/Qwen3-32B")
    body["choices"][0]["stop_reason"] = "Observation:"
    anth = interlingua.convert_response(body, "vllm.chat", "anthropic.messages",
                                        on_loss="ignore")
    assert anth["stop_reason"] == "stop_sequence" and anth["stop_sequence"] == "Observation:"
    assert interlingua.convert_response(body, "vllm.chat", "vllm.chat") == body
    back = interlingua.convert_response(anth, "anthropic.messages", "vllm.chat")
    assert back["choices"][0]["stop_reason"] == "Observation:"


def test_vllm_thinking_switch_and_guided_json() -> None:
    req = {"model": "Qwen/Qwen3-32B", "messages": [{"role": "user", "content": "x"}],
           "chat_template_kwargs": {"enable_thinking": False},
           "guided_json": {"type": "object", "properties": {"a": {"type": "string"}}},
           "top_k": 20, "min_p": 0.05}
    t = interlingua.translate_request(req, "vllm.chat", "anthropic.messages",
                                      model="claude-sonnet-4-5", on_loss="ignore")
    assert t.body["thinking"] == {"type": "disabled"}
    assert t.body["output_config"]["format"]["schema"] == req["guided_json"]
    assert t.body["top_k"] == 20
    assert any("min_p" in x for x in _losses(t))
    back = interlingua.translate_request(t.body, "anthropic.messages", "vllm.chat",
                                         model="Qwen/Qwen3-32B", on_loss="ignore")
    assert back.body["chat_template_kwargs"] == {"enable_thinking": False}
    assert back.body["top_k"] == 20


def test_vllm_continuous_usage_stats() -> None:
    anth: list[dict[str, Any]] = [{"type": "message_start", "message": {
        "id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [],
        "stop_reason": None, "stop_sequence": None,
        "usage": {"input_tokens": 7, "output_tokens": 1}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}},
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 2}},
        {"type": "message_stop"}]
    req = {"stream_options": {"include_usage": True, "continuous_usage_stats": True}}
    out = list(interlingua.convert_stream(anth, "anthropic.messages", "vllm.chat",
                                          request=req))
    assert all("usage" in c for c in out)
    finish = next(c for c in out if c["choices"] and c["choices"][0]["finish_reason"])
    assert "stop_reason" in finish["choices"][0]
    for c in out:
        assert not STREAM_EVENT_CHECKERS["vllm.chat"](c)


# -- Zhipu / Moonshot / MiniMax ---------------------------------------------------------------


def test_zhipu_clear_thinking_round_trips_and_is_reported_elsewhere() -> None:
    req = {"model": "glm-4.7", "messages": TOOL_LOOP, "tools": TOOLS,
           "thinking": {"type": "enabled", "clear_thinking": False}}
    assert interlingua.convert_request(req, "zhipu.chat", "zhipu.chat") == req
    t = interlingua.translate_request(req, "zhipu.chat", "moonshot.chat", model="kimi-k2.6",
                                      on_loss="ignore")
    assert t.body["thinking"] == {"type": "enabled"}
    assert any(x.startswith("$.thinking: dropped") for x in _losses(t))
    # GLM's reasoning crosses to Kimi as text (another vendor, no signature involved).
    assert t.body["messages"][1]["reasoning_content"] == "Need the weather tool."


def test_zhipu_anthropic_thinking_never_goes_to_anthropic() -> None:
    req = {"model": "glm-4.7", "max_tokens": 1000, "messages": [
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "GLM thought", "signature": "glm-sig"},
            {"type": "text", "text": "y"}]},
        {"role": "user", "content": "z"}]}
    t = interlingua.translate_request(req, "zhipu.anthropic", "anthropic.messages",
                                      model="claude-sonnet-4-5", on_loss="ignore")
    assert "glm-sig" not in json.dumps(t.body)
    glm = interlingua.translate_request(req, "zhipu.anthropic", "zhipu.chat",
                                        model="glm-4.7", on_loss="ignore")
    assert glm.body["messages"][1]["reasoning_content"] == "GLM thought"
    assert any("signature of the reasoning" in x for x in _losses(glm))


def test_moonshot_stream_usage_on_the_choice() -> None:
    chunks = [{"id": "c", "created": 1, "model": "kimi-k2.6", "choices": [
        {"index": 0, "delta": {"role": "assistant", "content": "Hi"}, "finish_reason": None}]},
        {"id": "c", "created": 1, "model": "kimi-k2.6", "choices": [
            {"index": 0, "delta": {}, "finish_reason": "stop",
             "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11,
                       "cached_tokens": 4}}]}]
    conv = interlingua.StreamConverter("moonshot.chat", "anthropic.messages")
    for c in chunks:
        conv.feed(c)
    conv.close()
    assert conv.usage is not None and conv.usage.input_tokens == 9
    assert conv.usage.cache_read_tokens == 4


def test_minimax_think_tags_split_and_restored() -> None:
    body = _chat_response({"content": "<think>\nCheck the tool.\n</think>\n\nIt is sunny."},
                          model="MiniMax-M2")
    resp = interlingua.read_response(body, "minimax.chat")
    assert isinstance(resp.choices[0].parts[0], ir.Reasoning)
    assert resp.choices[0].parts[0].text == "Check the tool."
    assert resp.choices[0].parts[1].text == "It is sunny."  # type: ignore[union-attr]
    assert interlingua.convert_response(body, "minimax.chat", "minimax.chat") == body
    anth = interlingua.convert_response(body, "minimax.chat", "anthropic.messages",
                                        on_loss="ignore")
    assert anth["content"][1] == {"type": "text", "text": "It is sunny."}


def test_minimax_stream_tags_cut_across_chunks() -> None:
    pieces = ["<th", "ink>\nplan", " it\n</thi", "nk>\n\nAns", "wer"]
    chunks = [_chunk({"role": "", "content": p}) for p in pieces] + [_chunk({}, "stop")]
    events = list(interlingua.convert_stream(chunks, "minimax.chat", "anthropic.messages",
                                             on_loss="ignore"))
    body = interlingua.aggregate_stream(events, "anthropic.messages")
    assert body["content"][0]["type"] == "thinking"
    assert body["content"][0]["thinking"] == "plan it"
    assert body["content"][1]["text"] == "Answer"


def test_minimax_writer_asks_for_reasoning_split_and_replays_details() -> None:
    anth = {"model": "claude-sonnet-4-5", "max_tokens": 100, "messages": [
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": [{"type": "thinking", "thinking": "plan",
                                           "signature": "s"},
                                          {"type": "tool_use", "id": "t1", "name": "f",
                                           "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
                                      "content": "ok"}]}]}
    t = interlingua.translate_request(anth, "anthropic.messages", "minimax.chat",
                                      model="MiniMax-M2.7", on_loss="ignore")
    assert t.body["reasoning_split"] is True
    assert t.body["messages"][1]["reasoning_details"][0]["text"] == "plan"
    assert not REQUEST_CHECKERS["minimax.chat"](t.body)


# -- OpenRouter -------------------------------------------------------------------------------

CLAUDE_VIA_OR = _chat_response({
    "content": "", "reasoning": "Check.", "tool_calls": [
        {"id": "toolu_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
    "reasoning_details": [{"type": "reasoning.text", "text": "Check.", "signature": "SIG",
                           "format": "anthropic-claude-v1", "index": 0},
                          {"type": "reasoning.encrypted", "data": "REDACTED",
                           "format": "anthropic-claude-v1", "index": 1}]},
    model="anthropic/claude-sonnet-4.5", finish="tool_calls", provider="Anthropic")


def test_openrouter_claude_details_are_claude_minted() -> None:
    anth = interlingua.convert_response(CLAUDE_VIA_OR, "openrouter.chat", "anthropic.messages",
                                        on_loss="ignore")
    assert anth["content"][0] == {"type": "thinking", "thinking": "Check.", "signature": "SIG"}
    assert anth["content"][1] == {"type": "redacted_thinking", "data": "REDACTED"}
    assert interlingua.convert_response(CLAUDE_VIA_OR, "openrouter.chat",
                                        "openrouter.chat") == CLAUDE_VIA_OR
    # And back from the Anthropic client to OpenRouter: native details again.
    back = interlingua.convert_response(anth, "anthropic.messages", "openrouter.chat",
                                        on_loss="ignore")
    details = back["choices"][0]["message"]["reasoning_details"]
    assert details[0]["signature"] == "SIG" and details[0]["format"] == "anthropic-claude-v1"
    assert details[1] == {"type": "reasoning.encrypted", "data": "REDACTED",
                          "format": "anthropic-claude-v1", "index": 1}


def test_openrouter_state_goes_only_to_its_vendor() -> None:
    msg = dict(CLAUDE_VIA_OR["choices"][0]["message"])
    req = {"model": "anthropic/claude-sonnet-4.5",
           "messages": [{"role": "user", "content": "x"}, msg,
                        {"role": "tool", "tool_call_id": "toolu_1", "content": "ok"}]}
    gem = interlingua.translate_request(req, "openrouter.chat", "openrouter.chat",
                                        model="google/gemini-3-pro-preview", on_loss="ignore")
    # Same format: verbatim (OpenRouter itself routes details by format).
    assert gem.body["messages"][1]["reasoning_details"] == msg["reasoning_details"]
    via = interlingua.translate_request(req, "openrouter.chat", "anthropic.messages",
                                        model="claude-sonnet-4-5", on_loss="ignore")
    again = interlingua.translate_request(via.body, "anthropic.messages", "openrouter.chat",
                                          model="google/gemini-3-pro-preview",
                                          on_loss="ignore")
    assert "reasoning_details" not in again.body["messages"][1]
    assert any("only go back to the vendor that minted them" in x for x in _losses(again))


def test_openrouter_gemini_signature_belongs_to_its_call() -> None:
    body = _chat_response({"content": "", "tool_calls": [
        {"id": "tool_123", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
        "reasoning_details": [{"id": "tool_123", "format": "google-gemini-v1", "index": 0,
                               "type": "reasoning.encrypted", "data": "GSIG"}]},
        model="google/gemini-3-flash-preview", finish="tool_calls")
    resp = interlingua.read_response(body, "openrouter.chat")
    call = resp.choices[0].parts[-1]
    assert isinstance(call, ir.ToolCall) and call.signature == "GSIG"
    assert call.origin is not None and call.origin.format == "google.gemini"
    gemini = interlingua.convert_response(body, "openrouter.chat", "google.openai",
                                          on_loss="ignore")
    assert gemini["choices"][0]["message"]["tool_calls"][0]["extra_content"] == {
        "google": {"thought_signature": "GSIG"}}


def test_openrouter_stream_signatures_reach_an_anthropic_client() -> None:
    chunks = [_chunk({"role": "assistant", "content": "", "reasoning": "Plan",
                      "reasoning_details": [{"type": "reasoning.text", "text": "Plan",
                                             "format": "anthropic-claude-v1", "index": 0}]}),
              _chunk({"reasoning_details": [{"type": "reasoning.text", "signature": "SIG",
                                             "format": "anthropic-claude-v1", "index": 0}]}),
              _chunk({"content": "Done."}), _chunk({}, "stop")]
    events = list(interlingua.convert_stream(chunks, "openrouter.chat", "anthropic.messages"))
    deltas = [e["delta"] for e in events if e["type"] == "content_block_delta"]
    assert {"type": "signature_delta", "signature": "SIG"} in deltas
    for e in events:
        assert not STREAM_EVENT_CHECKERS["anthropic.messages"](e)
    back = list(interlingua.convert_stream(events, "anthropic.messages", "openrouter.chat"))
    sigs = [d for c in back for ch in c["choices"]
            for d in (ch["delta"].get("reasoning_details") or ()) if d.get("signature")]
    assert sigs and sigs[0]["signature"] == "SIG" and sigs[0]["format"] == "anthropic-claude-v1"


def test_openrouter_reasoning_object_and_error_shape() -> None:
    req = {"model": "anthropic/claude-sonnet-4.5", "messages": [{"role": "user", "content": "x"}],
           "reasoning": {"max_tokens": 3000, "exclude": True}, "max_tokens": 8000}
    anth = interlingua.convert_request(req, "openrouter.chat", "anthropic.messages",
                                       model="claude-sonnet-4-5", on_loss="ignore")
    assert anth["thinking"] == {"type": "enabled", "budget_tokens": 3000, "display": "omitted"}
    back = interlingua.convert_request(anth, "anthropic.messages", "openrouter.chat",
                                       model="anthropic/claude-sonnet-4.5", on_loss="ignore")
    assert back["reasoning"] == {"max_tokens": 3000, "exclude": True}
    err = {"error": {"code": 402, "message": "Insufficient credits",
                     "metadata": {"error_type": "payment_required"}}}
    status, out = interlingua.convert_error(err, "openrouter.chat", "anthropic.messages")
    assert status == 402 and out["error"]["type"] == "billing_error"
    status, again = interlingua.convert_error(out, "anthropic.messages", "openrouter.chat",
                                              status=status)
    assert again == {"error": {"code": 402, "message": "Insufficient credits",
                               "metadata": {"error_type": "payment_required"}}}
    assert interlingua.convert_error(err, "openrouter.chat", "openrouter.chat") == (402, err)


# -- google.openai ----------------------------------------------------------------------------


def test_google_openai_thinking_config_per_model() -> None:
    req = {"model": "claude-sonnet-4-5", "max_tokens": 20000, "messages": [
        {"role": "user", "content": "x"}], "thinking": {"type": "enabled", "budget_tokens": 5000}}
    g25 = interlingua.convert_request(req, "anthropic.messages", "google.openai",
                                      model="gemini-2.5-flash", on_loss="ignore")
    assert g25["extra_body"] == {"google": {"thinking_config": {"thinking_budget": 5000}}}
    assert "reasoning_effort" not in g25
    g3 = interlingua.convert_request(req, "anthropic.messages", "google.openai",
                                     model="gemini-3-pro-preview", on_loss="ignore")
    assert g3["reasoning_effort"] in ("low", "high") and "extra_body" not in g3
    back = interlingua.translate_request(g25, "google.openai", "anthropic.messages",
                                         model="claude-sonnet-4-5", on_loss="ignore")
    assert back.body["thinking"]["budget_tokens"] == 5000


def test_google_openai_missing_signature_and_the_bypass_option() -> None:
    chat = {"model": "gpt-4.1", "tools": TOOLS, "messages": [
        {"role": "user", "content": "weather?"},
        {"role": "assistant", "content": None, "tool_calls": TOOL_LOOP[1]["tool_calls"]},
        TOOL_LOOP[2]]}
    plain = interlingua.translate_request(chat, "openai.chat", "google.openai",
                                          model="gemini-3-pro-preview", on_loss="ignore")
    assert "extra_content" not in plain.body["messages"][1]["tool_calls"][0]
    assert any("Options.thought_signature_bypass" in x for x in _losses(plain))
    bypass = interlingua.translate_request(chat, "openai.chat", "google.openai",
                                           model="gemini-3-pro-preview", on_loss="ignore",
                                           thought_signature_bypass=True)
    assert bypass.body["messages"][1]["tool_calls"][0]["extra_content"] == {
        "google": {"thought_signature": "skip_thought_signature_validator"}}
    # A 2.5 model does not enforce signatures: nothing to report.
    g25 = interlingua.translate_request(chat, "openai.chat", "google.openai",
                                        model="gemini-2.5-flash", on_loss="ignore")
    assert not any("thought signature" in x for x in _losses(g25))


def test_google_openai_thoughts_in_content() -> None:
    body = _chat_response({"content": "<thought>Halve it.</thought>The ball costs $0.05."},
                          model="gemini-2.5-flash")
    anth = interlingua.convert_response(body, "google.openai", "anthropic.messages",
                                        on_loss="ignore")
    assert anth["content"][0]["type"] == "thinking" and anth["content"][0]["thinking"] == \
        "Halve it."
    assert anth["content"][1]["text"] == "The ball costs $0.05."
    assert interlingua.convert_response(body, "google.openai", "google.openai") == body


# -- Vertex / Bedrock ---------------------------------------------------------------------------

ANTH = {"model": "claude-sonnet-4-5", "max_tokens": 1000, "stream": True,
        "messages": [{"role": "user", "content": "x"},
                     {"role": "assistant", "content": [
                         {"type": "thinking", "thinking": "t", "signature": "CLAUDE-SIG"},
                         {"type": "text", "text": "y"}]},
                     {"role": "user", "content": "z"}]}


def test_vertex_and_bedrock_bodies() -> None:
    vertex = interlingua.convert_request(ANTH, "anthropic.messages", "vertex.anthropic")
    assert vertex["anthropic_version"] == "vertex-2023-10-16" and "model" not in vertex
    assert vertex["stream"] is True
    assert not REQUEST_CHECKERS["vertex.anthropic"](vertex)
    bedrock = interlingua.translate_request(ANTH, "anthropic.messages", "bedrock.anthropic",
                                            on_loss="ignore")
    assert bedrock.body["anthropic_version"] == "bedrock-2023-05-31"
    assert "model" not in bedrock.body and "stream" not in bedrock.body
    assert bedrock.ir.model == "claude-sonnet-4-5"  # for the InvokeModel URL
    assert not REQUEST_CHECKERS["bedrock.anthropic"](bedrock.body)


def test_cloud_claude_signatures_go_back_to_anthropic() -> None:
    vertex = interlingua.convert_request(ANTH, "anthropic.messages", "vertex.anthropic")
    t = interlingua.translate_request(vertex, "vertex.anthropic", "anthropic.messages",
                                      model="claude-sonnet-4-5", on_loss="ignore")
    assert t.body["messages"][1]["content"][0]["signature"] == "CLAUDE-SIG"
    assert t.ir.model == "claude-sonnet-4-5"


def test_bedrock_betas_in_the_body_and_vertex_header() -> None:
    bedrock = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 100,
               "anthropic_beta": ["interleaved-thinking-2025-05-14"],
               "messages": [{"role": "user", "content": "x"}]}
    assert interlingua.convert_request(bedrock, "bedrock.anthropic",
                                       "bedrock.anthropic") == bedrock
    t = interlingua.translate_request(bedrock, "bedrock.anthropic", "vertex.anthropic",
                                      on_loss="ignore")
    assert "anthropic_beta" not in t.body
    assert any("anthropic-beta" in x for x in _losses(t))


def test_bedrock_error_shape() -> None:
    status, out = interlingua.convert_error(
        {"message": "Too many requests, please wait before trying again."},
        "bedrock.anthropic", "anthropic.messages", status=429)
    assert status == 429 and out["error"]["type"] == "rate_limit_error"
    status, back = interlingua.convert_error(out, "anthropic.messages", "bedrock.anthropic",
                                             status=status)
    assert status == 429 and back == {
        "message": "Too many requests, please wait before trying again."}


@pytest.mark.parametrize("fmt", DIALECTS)
def test_reasoning_response_never_leaks_envelopes_to_vendors(fmt: str) -> None:
    """Whatever the dialect, a request written to it carries no interlingua envelope."""
    sealed = interlingua.convert_response(
        _chat_response({"content": "", "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"},
             "extra_content": {"google": {"thought_signature": "GSIG"}}}]},
            model="gemini-3-pro-preview", finish="tool_calls"),
        "google.openai", "anthropic.messages", on_loss="ignore")
    assert "interlingua.v1." in json.dumps(sealed)
    req = {"model": "claude-sonnet-4-5", "max_tokens": 100, "messages": [
        {"role": "user", "content": "x"}, {"role": "assistant", "content": sealed["content"]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "call_1",
                                      "content": "ok"}]}]}
    out = interlingua.convert_request(req, "anthropic.messages", fmt, model="m",
                                      on_loss="ignore")
    assert "interlingua.v1." not in json.dumps(out)
    assert ("GSIG" in json.dumps(out)) == (fmt in ("google.openai",))
