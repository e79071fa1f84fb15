"""Synthetic streams from whole responses, aggregation, and stream conventions."""

from __future__ import annotations

import json
from typing import Any

import pytest

import interlingua
from conformance import RESPONSE_CHECKERS, STREAM_EVENT_CHECKERS
from recorded import Recording, recordings, response_formats
from stream_order import ORDER_CHECKERS
from test_recorded import _answer

RESPONSES = recordings("response")
TARGETS = response_formats()
PAIRS = [(r, t) for r in RESPONSES for t in TARGETS]


@pytest.mark.parametrize(("rec", "target"), PAIRS, ids=[f"{r.id}->{t}" for r, t in PAIRS])
def test_response_as_stream(rec: Recording, target: str) -> None:
    body = rec.load()
    events = interlingua.stream_response(body, rec.format, target, on_loss="ignore",
                                         request={"stream_options": {"include_usage": True}})
    # A same-format stream of a body that itself does not conform (a dialect's recording
    # read as its base format) hands the vendor's own items back: only other targets are
    # held to the SDK types.
    if target != rec.format or not RESPONSE_CHECKERS[target](body):
        for i, e in enumerate(events):
            errors = STREAM_EVENT_CHECKERS[target](e)
            assert not errors, f"event {i}: {errors}"
    order = ORDER_CHECKERS.get(target)
    if order is not None:
        has_usage = interlingua.read_response(body, rec.format).usage is not None
        kw: dict[str, Any] = {"include_usage": has_usage} if target == "openai.chat" else {}
        assert not order(events, **kw), order(events, **kw)
    again = interlingua.aggregate_stream(events, target, on_loss="ignore")
    direct = interlingua.convert_response(body, rec.format, target, on_loss="ignore")
    assert _answer(again, target) == _answer(direct, target)


def test_usage_chunk_only_when_asked() -> None:
    rec = next(r for r in RESPONSES if r.path.name == "anthropic-text.json")
    body = rec.load()
    plain = interlingua.stream_response(body, rec.format, "openai.chat", on_loss="ignore")
    assert all(e["choices"] for e in plain)
    asked = interlingua.stream_response(body, rec.format, "openai.chat", on_loss="ignore",
                                        request={"stream_options": {"include_usage": True}})
    assert asked[-1]["choices"] == [] and asked[-1]["usage"]["prompt_tokens"] > 0
    opt = interlingua.stream_response(body, rec.format, "openai.chat", on_loss="ignore",
                                      include_usage=True)
    assert opt[-1]["choices"] == []


def test_usage_totals_survive_accounting_rules() -> None:
    """Anthropic input tokens exclude cache reads and writes; OpenAI prompt tokens include
    them: the totals must agree after conversion, both ways."""
    anth = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
            "content": [{"type": "text", "text": "hi"}], "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 10, "cache_creation_input_tokens": 200,
                      "cache_read_input_tokens": 3000, "output_tokens": 50}}
    chat = interlingua.convert_response(anth, "anthropic.messages", "openai.chat")
    u = chat["usage"]
    assert u["prompt_tokens"] == 3210 and u["completion_tokens"] == 50
    assert u["total_tokens"] == 3260
    assert u["prompt_tokens_details"] == {"cached_tokens": 3000, "cache_write_tokens": 200}
    back = interlingua.convert_response(chat, "openai.chat", "anthropic.messages")
    assert back["usage"] == {"input_tokens": 10, "output_tokens": 50,
                             "cache_creation_input_tokens": 200, "cache_read_input_tokens": 3000}


def test_finish_reasons_cross() -> None:
    anth = {"id": "msg_1", "type": "message", "role": "assistant", "model": "m",
            "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"a": 1}}],
            "stop_reason": "tool_use", "stop_sequence": None,
            "usage": {"input_tokens": 1, "output_tokens": 1}}
    chat = interlingua.convert_response(anth, "anthropic.messages", "openai.chat")
    assert chat["choices"][0]["finish_reason"] == "tool_calls"
    assert chat["choices"][0]["message"]["tool_calls"][0]["function"] == {
        "name": "f", "arguments": '{"a":1}'}
    anth["stop_reason"] = "model_context_window_exceeded"
    t = interlingua.translate_response(anth, "anthropic.messages", "openai.chat",
                                       on_loss="ignore")
    assert t.body["choices"][0]["finish_reason"] == "length"
    assert any(x.kind == "approximated" for x in t.losses)


def test_renamed_tools_are_restored_in_responses_and_streams() -> None:
    long_name = "mcp__github__create_or_update_file_contents_in_a_repository_branch_x"
    request = {"model": "claude-sonnet-4-5", "max_tokens": 100,
               "tools": [{"name": long_name, "input_schema": {"type": "object"}}],
               "messages": [{"role": "user", "content": "go"}]}
    t = interlingua.translate_request(request, "anthropic.messages", "openai.chat",
                                      model="gpt-4.1", on_loss="ignore")
    short = t.body["tools"][0]["function"]["name"]
    upstream = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4.1",
                "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                    "role": "assistant", "content": None, "tool_calls": [{
                        "id": "call_1", "type": "function",
                        "function": {"name": short, "arguments": "{}"}}]}}]}
    back = interlingua.convert_response(upstream, "openai.chat", "anthropic.messages",
                                        renames=t.renames)
    assert back["content"][0]["name"] == long_name
    chunks = [{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
               "choices": [{"index": 0, "delta": {"role": "assistant", "tool_calls": [
                   {"index": 0, "id": "call_1", "type": "function",
                    "function": {"name": short, "arguments": "{}"}}]}}]},
              {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
               "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}]
    events = list(interlingua.convert_stream(chunks, "openai.chat", "anthropic.messages",
                                             renames=t.renames))
    starts = [e for e in events if e["type"] == "content_block_start"]
    assert starts[0]["content_block"]["name"] == long_name


def _reasoning_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in body["output"] if i.get("type") == "reasoning"]


@pytest.mark.parametrize("streamed", [False, True])
def test_encrypted_reasoning_survives_an_anthropic_client(streamed: bool) -> None:
    """Responses reasoning (encrypted, OpenAI-minted) reaches an Anthropic client sealed in an
    envelope, and comes back to Responses byte for byte on the next turn: never invented,
    never lost, never sent to Anthropic."""
    rec = next(r for r in recordings("stream" if streamed else "response")
               if r.path.name.startswith("openai-reasoning-encrypted-content.1"))
    if streamed:
        events = rec.streams()[0]
        body = interlingua.aggregate_stream(events, "openai.responses", on_loss="ignore")
        anthropic = interlingua.aggregate_stream(
            interlingua.convert_stream(events, "openai.responses", "anthropic.messages",
                                       on_loss="ignore"), "anthropic.messages",
            on_loss="ignore")
    else:
        body = rec.load()
        anthropic = interlingua.convert_response(body, "openai.responses",
                                                 "anthropic.messages", on_loss="ignore")
    original = _reasoning_items(body)
    assert original and original[0].get("encrypted_content")
    history = {"model": "claude-sonnet-4-5", "max_tokens": 1000, "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": anthropic["content"]},
        {"role": "user", "content": "and then?"}]}
    again = interlingua.convert_request(history, "anthropic.messages", "openai.responses",
                                        model="gpt-5", on_loss="ignore")
    replayed = [i for i in again["input"] if i.get("type") == "reasoning"]
    assert [(r["id"], r["encrypted_content"], r.get("summary")) for r in replayed] == \
        [(o["id"], o["encrypted_content"], o.get("summary")) for o in original]
    assert all("content" not in r for r in replayed), "the summary must not come back twice"
    to_anthropic = interlingua.convert_request(history, "anthropic.messages",
                                               "anthropic.messages", on_loss="ignore")
    blocks = [b for m in to_anthropic["messages"] if isinstance(m["content"], list)
              for b in m["content"]]
    assert not any(b["type"] in ("thinking", "redacted_thinking") for b in blocks), \
        "another vendor's reasoning is never sent to Anthropic"


@pytest.mark.parametrize("target", ["anthropic.messages", "openai.chat"])
def test_custom_tool_calls_stream_as_their_bodies_say(target: str) -> None:
    body = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed",
            "model": "gpt-5", "output": [
                {"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_1",
                 "name": "apply_patch", "input": "*** Begin Patch\n\"quoted\"\n*** End Patch",
                 "status": "completed"}],
            "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2,
                      "input_tokens_details": {"cached_tokens": 0},
                      "output_tokens_details": {"reasoning_tokens": 0}}}
    streamed = interlingua.aggregate_stream(
        interlingua.stream_response(body, "openai.responses", target, on_loss="ignore"),
        target, on_loss="ignore")
    direct = interlingua.convert_response(body, "openai.responses", target, on_loss="ignore")
    calls = [interlingua.read_response(b, target).choices[0].parts[0] for b in (streamed,
                                                                               direct)]
    args = [c.input if c.input is not None else json.loads(c.arguments or "{}")
            for c in calls]
    assert args[0] == {"input": "*** Begin Patch\n\"quoted\"\n*** End Patch"}
    if target == "anthropic.messages":
        assert args[0] == args[1]
