"""The way back for openai.responses and openai.completions: what the recorded-traffic tests
do not pin down on their own (sequence numbers and indices, status mapping, usage rules,
reasoning that must never leak, cut streams, legacy Completions)."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest

import interlingua
from conformance import RESPONSE_CHECKERS, STREAM_EVENT_CHECKERS
from interlingua import sse
from recorded import recordings
from stream_order import check_anthropic, check_openai_chat, check_openai_completions
from stream_order import check_openai_responses as check_order

R, C = "openai.responses", "openai.completions"
ENCRYPTED = "gAAAAABsecretsecretsecret"


def _rec(name: str, kind: str = "stream") -> Any:
    return next(r for r in recordings(kind) if r.name == name)


def _responses_body(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "resp_1", "object": "response", "created_at": 1700000000, "status": "completed",
        "error": None, "incomplete_details": None, "model": "gpt-5-mini",
        "output": [
            {"id": "rs_1", "type": "reasoning", "encrypted_content": ENCRYPTED,
             "summary": [{"type": "summary_text", "text": "**Plan**\n\nAdd them."},
                         {"type": "summary_text", "text": "**Check**\n\nDone."}]},
            {"id": "msg_1", "type": "message", "status": "completed", "role": "assistant",
             "content": [{"type": "output_text", "annotations": [], "logprobs": [],
                          "text": "4"}]}],
        "parallel_tool_calls": True, "tool_choice": "auto", "tools": [],
        "usage": {"input_tokens": 3210, "input_tokens_details": {"cached_tokens": 3000,
                                                                 "cache_write_tokens": 200},
                  "output_tokens": 50, "output_tokens_details": {"reasoning_tokens": 30},
                  "total_tokens": 3260}}
    body.update(over)
    return body


def _events(body: dict[str, Any]) -> list[dict[str, Any]]:
    """A Responses stream for ``body``, as interlingua synthesizes it (same format)."""
    return interlingua.stream_response(body, R, on_loss="ignore")


# -- streams written as Responses events -------------------------------------------------------

def test_sequence_numbers_and_indices_from_another_format() -> None:
    rec = _rec("anthropic-tool-search-regex.1")
    for events in rec.streams():
        out = list(interlingua.convert_stream(events, "anthropic.messages", R,
                                              on_loss="ignore"))
        assert [e["sequence_number"] for e in out] == list(range(len(out)))
        assert not check_order(out), check_order(out)
        added = [e for e in out if e["type"] == "response.output_item.added"]
        assert [e["output_index"] for e in added] == list(range(len(added)))
        final = out[-1]["response"]
        assert [i["id"] for i in final["output"]] == [e["item"]["id"] for e in added]
        for e in out:
            assert not STREAM_EVENT_CHECKERS[R](e), STREAM_EVENT_CHECKERS[R](e)


def test_consecutive_text_blocks_share_one_message_item() -> None:
    anth = [
        {"type": "message_start", "message": {
            "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
            "content": [], "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": 5, "output_tokens": 0}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text",
                                                                     "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta",
                                                             "text": "Hello "}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": {"type": "text",
                                                                     "text": ""}},
        {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta",
                                                             "text": "world"}},
        {"type": "content_block_stop", "index": 1},
        {"type": "message_delta", "delta": {"stop_reason": "max_tokens",
                                            "stop_sequence": None},
         "usage": {"output_tokens": 2}},
        {"type": "message_stop"}]
    out = list(interlingua.convert_stream(anth, "anthropic.messages", R))
    assert not check_order(out), check_order(out)
    types = [e["type"] for e in out]
    assert types.count("response.output_item.added") == 1
    assert types.count("response.content_part.added") == 2
    parts = [e for e in out if e["type"] == "response.content_part.done"]
    assert [p["content_index"] for p in parts] == [0, 1]
    # The message item is done only after both parts, and a max_tokens stop leaves it
    # incomplete, as OpenAI does.
    done = next(e for e in out if e["type"] == "response.output_item.done")
    assert done["item"]["status"] == "incomplete"
    assert [c["text"] for c in done["item"]["content"]] == ["Hello ", "world"]
    final = out[-1]
    assert final["type"] == "response.incomplete"
    assert final["response"]["incomplete_details"] == {"reason": "max_output_tokens"}
    body = interlingua.convert_response(
        interlingua.aggregate_stream(anth, "anthropic.messages"), "anthropic.messages", R)
    assert body["output"] == final["response"]["output"]


def test_synthetic_same_format_stream_keeps_ids_and_encrypted_content() -> None:
    body = _responses_body()
    out = _events(body)
    assert not check_order(out), check_order(out)
    assert out[-1]["response"]["output"] == body["output"]
    added = [e["item"]["id"] for e in out if e["type"] == "response.output_item.added"]
    assert added == ["rs_1", "msg_1"]
    summaries = [e for e in out if e["type"] == "response.reasoning_summary_part.done"]
    assert [s["summary_index"] for s in summaries] == [0, 1]
    assert interlingua.aggregate_stream(out, R)["output"] == body["output"]


def test_sse_names_every_event_after_its_type() -> None:
    out = _events(_responses_body())
    raw = b"".join(sse.write(out, R))
    parsed = list(sse.parse([raw[i:i + 7] for i in range(0, len(raw), 7)]))
    assert [p.event for p in parsed] == [e["type"] for e in out]
    assert not raw.endswith(sse.DONE)
    assert [p.json() for p in parsed] == out
    chunks = interlingua.stream_response(
        {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "m",
         "choices": [{"text": "hi", "index": 0, "logprobs": None, "finish_reason": "stop"}]},
        C)
    raw = b"".join(sse.write(chunks, C))
    assert raw.endswith(sse.DONE) and b"event:" not in raw


# -- status, finish reasons, errors ------------------------------------------------------------

@pytest.mark.parametrize(("status", "details", "chat", "anthropic"), [
    ("completed", None, "stop", "end_turn"),
    ("incomplete", {"reason": "max_output_tokens"}, "length", "max_tokens"),
    ("incomplete", {"reason": "content_filter"}, "content_filter", "refusal"),
    ("failed", None, "stop", "end_turn"),
])
def test_status_maps_to_finish_reasons(status: str, details: Any, chat: str,
                                       anthropic: str) -> None:
    error = {"code": "server_error", "message": "boom"} if status == "failed" else None
    body = _responses_body(status=status, incomplete_details=details, error=error)
    t = interlingua.translate_response(body, R, "openai.chat", on_loss="ignore")
    assert t.body["choices"][0]["finish_reason"] == chat
    a = interlingua.convert_response(body, R, "anthropic.messages", on_loss="ignore")
    assert a["stop_reason"] == anthropic
    assert interlingua.convert_response(body, R, R) == body


@pytest.mark.parametrize(("stop", "status", "reason", "exact"), [
    ("end_turn", "completed", None, True),
    ("tool_use", "completed", None, True),
    ("max_tokens", "incomplete", "max_output_tokens", True),
    ("model_context_window_exceeded", "incomplete", "max_output_tokens", False),
    ("refusal", "completed", None, False),
    ("pause_turn", "completed", None, False),
])
def test_finish_reasons_to_status(stop: str, status: str, reason: str | None,
                                  exact: bool) -> None:
    anth = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
            "content": [{"type": "text", "text": "hi"}], "stop_reason": stop,
            "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
    t = interlingua.translate_response(anth, "anthropic.messages", R, on_loss="ignore")
    assert t.body["status"] == status
    assert t.body["incomplete_details"] == ({"reason": reason} if reason else None)
    assert any("finish reason" in x.reason for x in t.losses) == (not exact)
    assert not RESPONSE_CHECKERS[R](t.body)


def test_failed_stream_and_error_events() -> None:
    events = _rec("openai-error.1").streams()[0]
    agg = interlingua.aggregate_stream(events, R)
    assert agg["status"] == "failed" and agg["error"]["code"] == "server_error"
    chat = list(interlingua.convert_stream(events, R, "openai.chat", on_loss="ignore"))
    assert chat[1]["error"]["type"] == "insufficient_quota"
    anth = list(interlingua.convert_stream(events, R, "anthropic.messages",
                                           on_loss="ignore"))
    assert anth[1] == {"type": "error", "error": {"type": "billing_error", "message":
                                                  anth[1]["error"]["message"]}}
    # Another format's stream error ends a Responses stream with response.failed.
    back = list(interlingua.convert_stream(anth, "anthropic.messages", R, on_loss="ignore"))
    assert [e["type"] for e in back][-2:] == ["error", "response.failed"]
    assert back[-2]["code"] == "insufficient_quota"
    assert not check_order(back), check_order(back)
    for e in back:
        assert not STREAM_EVENT_CHECKERS[R](e), STREAM_EVENT_CHECKERS[R](e)


def test_stream_error_event_shapes_are_read() -> None:
    head = [{"type": "response.created", "sequence_number": 0,
             "response": {"id": "resp_1", "object": "response", "created_at": 1,
                          "status": "in_progress", "model": "m", "output": []}}]
    for err in ({"type": "error", "sequence_number": 1, "code": "rate_limit_exceeded",
                 "message": "slow down", "param": None},
                {"type": "error", "sequence_number": 1,
                 "error": {"type": "too_many_requests", "code": None,
                           "message": "slow down", "param": None}}):
        conv = interlingua.StreamConverter(R, "anthropic.messages", on_loss="ignore")
        out = [e for ev in [*head, err] for e in conv.feed(ev)] + conv.close()
        assert {"type": "error", "error": {"type": "rate_limit_error",
                                           "message": "slow down"}} in out


@pytest.mark.parametrize(("body", "status", "anthropic", "anthropic_status"), [
    ({"error": {"message": "m", "type": "invalid_request_error", "param": "x",
                "code": None}}, 400, "invalid_request_error", 400),
    ({"error": {"message": "m", "type": "too_many_requests", "param": None,
                "code": None}}, 429, "rate_limit_error", 429),        # Open Responses
    ({"error": {"message": "m", "type": "model_error", "param": None, "code": None}}, 500,
     "api_error", 500),                                               # Open Responses
    ("<html>Bad gateway</html>", 502, "api_error", 503),
])
def test_errors_both_ways(body: Any, status: int, anthropic: str,
                          anthropic_status: int) -> None:
    s, out = interlingua.convert_error(body, R, "anthropic.messages", status=status)
    assert (s, out["error"]["type"]) == (anthropic_status, anthropic)
    if isinstance(body, dict):
        assert interlingua.convert_error(body, R, R, status=status) == (status, body)
        assert interlingua.convert_error(body, C, C, status=status) == (status, body)
    overloaded = {"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}
    for target in (R, C):
        s, out = interlingua.convert_error(overloaded, "anthropic.messages", target,
                                           status=529)
        assert s == 503 and out["error"]["type"] == "server_error"


# -- usage -------------------------------------------------------------------------------------

def test_usage_accounting_both_ways() -> None:
    anth = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
            "content": [{"type": "text", "text": "hi"}], "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 10, "cache_creation_input_tokens": 200,
                      "cache_read_input_tokens": 3000, "output_tokens": 50}}
    resp = interlingua.convert_response(anth, "anthropic.messages", R)
    assert resp["usage"] == {"input_tokens": 3210,
                             "input_tokens_details": {"cached_tokens": 3000,
                                                      "cache_write_tokens": 200},
                             "output_tokens": 50,
                             "output_tokens_details": {"reasoning_tokens": 0},
                             "total_tokens": 3260}
    back = interlingua.convert_response(resp, R, "anthropic.messages")
    assert back["usage"] == {"input_tokens": 10, "output_tokens": 50,
                             "cache_creation_input_tokens": 200,
                             "cache_read_input_tokens": 3000,
                             "output_tokens_details": {"thinking_tokens": 0}}
    chat = interlingua.convert_response(_responses_body(), R, "openai.chat",
                                        on_loss="ignore")
    assert chat["usage"] == {"prompt_tokens": 3210, "completion_tokens": 50,
                             "total_tokens": 3260,
                             "prompt_tokens_details": {"cached_tokens": 3000,
                                                       "cache_write_tokens": 200},
                             "completion_tokens_details": {"reasoning_tokens": 30}}
    completion = interlingua.convert_response(chat, "openai.chat", C)
    assert completion["usage"] == chat["usage"]
    again = interlingua.convert_response(completion, C, R)
    assert again["usage"] == _responses_body()["usage"]


def test_usage_of_a_cut_stream_is_an_estimate() -> None:
    events = _rec("xai-text-streaming.1").streams()[0]
    for target in (R, "openai.chat", C):
        conv = interlingua.StreamConverter(R, target, on_loss="ignore")
        for ev in events[:100]:
            conv.feed(ev)
        conv.close()
        assert conv.usage is not None and conv.usage.estimated
        assert conv.usage.output_tokens and conv.usage.output_tokens > 0


# -- reasoning ---------------------------------------------------------------------------------

def _text(value: Any) -> str:
    return json.dumps(value)


def test_encrypted_reasoning_never_leaks() -> None:
    body = _responses_body()
    for target in ("openai.chat", C):
        t = interlingua.translate_response(body, R, target, on_loss="ignore")
        assert ENCRYPTED not in _text(t.body)
        assert any("reasoning" in x.reason for x in t.losses)
        stream = interlingua.stream_response(body, R, target, on_loss="ignore")
        assert ENCRYPTED not in _text(stream)
    # An Anthropic client gets it only sealed in an envelope, with its true origin.
    anth = interlingua.convert_response(body, R, "anthropic.messages")
    assert ENCRYPTED not in _text(anth)
    thinking = anth["content"][0]
    assert thinking["type"] == "thinking"
    assert thinking["thinking"] == "**Plan**\n\nAdd them.\n\n**Check**\n\nDone."
    sealed = thinking["signature"].removeprefix("interlingua.v1.")
    opened = json.loads(base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4)))
    assert opened["f"] == R and opened["d"] == ENCRYPTED and opened["id"] == "rs_1"
    # The real recorded streams, to every non-Responses target.
    events = _rec("openai-reasoning-encrypted-content.1").streams()[0]
    secrets = [e["item"]["encrypted_content"] for e in events
               if e["type"] == "response.output_item.done"
               and e["item"].get("encrypted_content")]
    assert secrets
    for target in ("openai.chat", C, "anthropic.messages"):
        out = _text(list(interlingua.convert_stream(events, R, target, on_loss="ignore")))
        assert not any(s in out for s in secrets)


def test_foreign_reasoning_reaches_a_responses_client_without_encrypted_content() -> None:
    anth = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
            "content": [{"type": "thinking", "thinking": "Let me add.", "signature": "SIG"},
                        {"type": "redacted_thinking", "data": "REDACTED"},
                        {"type": "text", "text": "4"}],
            "stop_reason": "end_turn", "stop_sequence": None,
            "usage": {"input_tokens": 1, "output_tokens": 1}}
    t = interlingua.translate_response(anth, "anthropic.messages", R, on_loss="ignore")
    text = _text(t.body)
    assert "SIG" not in text and "REDACTED" not in text and "encrypted_content" not in text
    reasoning = [i for i in t.body["output"] if i["type"] == "reasoning"]
    assert reasoning == [{"id": reasoning[0]["id"], "type": "reasoning",
                          "summary": [{"type": "summary_text", "text": "Let me add."}]}]
    assert sum("never turned into encrypted_content" in x.reason for x in t.losses) == 2
    assert not RESPONSE_CHECKERS[R](t.body)
    # Raw reasoning of an OpenAI-compatible server is reasoning text, not a summary.
    chat = {"id": "c", "object": "chat.completion", "created": 1, "model": "deepseek-r1",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": "4", "reasoning_content": "2+2=4"}}]}
    out = interlingua.convert_response(chat, "openai.chat", R)
    assert out["output"][0]["summary"] == []
    assert out["output"][0]["content"] == [{"type": "reasoning_text", "text": "2+2=4"}]


def test_streamed_foreign_thinking_is_one_summary_part() -> None:
    events = _rec("anthropic-clear-thinking.1").streams()[0]
    out = list(interlingua.convert_stream(events, "anthropic.messages", R, on_loss="ignore"))
    parts = [e for e in out if e["type"] == "response.reasoning_summary_part.added"]
    assert len(parts) == 1
    deltas = [e for e in out if e["type"] == "response.reasoning_summary_text.delta"]
    assert len(deltas) > 1   # passed on as they came


def test_responses_summary_parts_read_as_paragraphs_elsewhere() -> None:
    out = list(interlingua.convert_stream(_events(_responses_body()), R, "anthropic.messages",
                                          on_loss="ignore"))
    thinking = "".join(e["delta"]["thinking"] for e in out
                       if e["type"] == "content_block_delta"
                       and e["delta"]["type"] == "thinking_delta")
    assert thinking == "**Plan**\n\nAdd them.\n\n**Check**\n\nDone."


# -- cut streams -------------------------------------------------------------------------------

def test_cut_stream_to_another_format_ends_incomplete() -> None:
    events = _rec("anthropic-clear-thinking.1").streams()[0]
    cut = next(i for i, e in enumerate(events) if e.get("delta", {}).get("type")
               == "text_delta") + 1
    conv = interlingua.StreamConverter("anthropic.messages", R, on_loss="ignore")
    out = [e for ev in events[:cut] for e in conv.feed(ev)] + conv.close()
    assert not check_order(out), check_order(out)
    final = out[-1]
    assert final["type"] == "response.incomplete"
    assert final["response"]["incomplete_details"] == {"reason": "max_output_tokens"}
    assert final["response"]["output"][-1]["status"] == "incomplete"
    assert final["response"]["usage"]["output_tokens"] > 0
    assert any(x.reason.startswith("the stream ended") for x in conv.losses)


def test_cut_same_format_stream_is_ended_from_the_upstream() -> None:
    events = _rec("openai-reasoning-encrypted-content.1").streams()[0]
    cut = next(i for i, e in enumerate(events)
               if e["type"] == "response.reasoning_summary_text.delta") + 3
    conv = interlingua.StreamConverter(R, R, on_loss="ignore")
    fed = [e for ev in events[:cut] for e in conv.feed(ev)]
    assert fed == events[:cut]      # passed through
    ending = conv.close()
    seqs = [e["sequence_number"] for e in ending]
    assert seqs == list(range(events[cut - 1]["sequence_number"] + 1,
                              events[cut - 1]["sequence_number"] + 1 + len(ending)))
    assert [e["type"] for e in ending] == [
        "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
        "response.output_item.done", "response.incomplete"]
    added = next(e for e in events if e["type"] == "response.output_item.added")
    done = ending[2]
    assert done["item"]["id"] == added["item"]["id"] and done["output_index"] == 0
    assert "encrypted_content" not in done["item"]   # possibly partial: never replayable
    text = "".join(e["delta"] for e in events[:cut]
                   if e["type"] == "response.reasoning_summary_text.delta")
    assert ending[0]["text"] == text
    final = ending[-1]["response"]
    assert final["id"] == events[0]["response"]["id"]
    assert final["status"] == "incomplete" and final["output"] == []
    for e in ending:
        assert not STREAM_EVENT_CHECKERS[R](e), STREAM_EVENT_CHECKERS[R](e)
    # A complete same-format stream needs no ending.
    conv = interlingua.StreamConverter(R, R, on_loss="ignore")
    assert [e for ev in events for e in conv.feed(ev)] == events and conv.close() == []


def test_cut_same_format_stream_after_an_error_fails() -> None:
    events = _rec("openai-error.1").streams()[0]
    conv = interlingua.StreamConverter(R, R, on_loss="ignore")
    for ev in events[:3]:            # created, in_progress, error: response.failed is cut
        conv.feed(ev)
    ending = conv.close()
    assert [e["type"] for e in ending] == ["response.failed"]
    assert ending[0]["sequence_number"] == 3


# -- the same format ---------------------------------------------------------------------------

def test_same_format_bodies_come_back_exactly() -> None:
    for rec in recordings("response"):
        if rec.format in (R, C):
            body = rec.load()
            assert interlingua.convert_response(copy.deepcopy(body), R, R) == body


def test_aggregated_responses_stream_keeps_the_items() -> None:
    for rec in recordings("stream"):
        if rec.format != R:
            continue
        for events in rec.streams():
            final = events[-1]["response"]
            agg = interlingua.aggregate_stream(events, R, on_loss="ignore")
            assert [i["id"] for i in agg["output"]] == [i["id"] for i in final["output"]]
            assert agg["status"] == final["status"]
            assert agg["usage"] == final["usage"]


def test_server_side_custom_tool_calls_of_xai_are_not_client_calls() -> None:
    body = _rec("xai-x-search-tool").streams()[0][-1]["response"]
    chat = interlingua.convert_response(body, R, "openai.chat", on_loss="ignore")
    message = chat["choices"][0]["message"]
    assert "tool_calls" not in message and chat["choices"][0]["finish_reason"] == "stop"
    assert interlingua.convert_response(body, R, R) == body


def test_custom_tool_calls_round_trip() -> None:
    body = _responses_body(output=[{"id": "ctc_1", "type": "custom_tool_call",
                                    "call_id": "call_1", "name": "apply", "input": "*** x"}],
                           tools=[{"type": "custom", "name": "apply"}])
    chat = interlingua.convert_response(body, R, "openai.chat")
    assert chat["choices"][0]["finish_reason"] == "tool_calls"
    assert chat["choices"][0]["message"]["tool_calls"][0]["custom"] == {
        "name": "apply", "input": "*** x"}
    back = interlingua.convert_response(chat, "openai.chat", R)
    assert back["output"][0]["type"] == "custom_tool_call"
    assert back["output"][0]["input"] == "*** x"


# -- legacy Completions ------------------------------------------------------------------------

COMPLETION = {
    "id": "cmpl-1", "object": "text_completion", "created": 1700000000,
    "model": "gpt-3.5-turbo-instruct",
    "choices": [{"text": " world", "index": 0, "finish_reason": "length",
                 "logprobs": {"tokens": [" wor", "ld"], "token_logprobs": [-0.5, -0.1],
                              "top_logprobs": [{" wor": -0.5, " earth": -1.2}, {"ld": -0.1}],
                              "text_offset": [5, 9]}},
                {"text": " there", "index": 1, "finish_reason": "stop", "logprobs": None}],
    "usage": {"prompt_tokens": 2, "completion_tokens": 4, "total_tokens": 6}}


def test_completion_bodies_cross() -> None:
    assert interlingua.convert_response(copy.deepcopy(COMPLETION), C, C) == COMPLETION
    chat = interlingua.convert_response(COMPLETION, C, "openai.chat")
    assert [c["message"]["content"] for c in chat["choices"]] == [" world", " there"]
    assert chat["choices"][0]["finish_reason"] == "length"
    assert chat["choices"][0]["logprobs"]["content"][1]["token"] == "ld"
    assert chat["choices"][0]["logprobs"]["content"][0]["top_logprobs"][1] == {
        "token": " earth", "logprob": -1.2, "bytes": None}
    back = interlingua.convert_response(chat, "openai.chat", C)
    assert back["choices"][0]["logprobs"] == {
        "tokens": [" wor", "ld"], "token_logprobs": [-0.5, -0.1],
        "top_logprobs": [{" wor": -0.5, " earth": -1.2}, {"ld": -0.1}],
        "text_offset": [0, 4]}     # counted from the start of the completion text
    assert not RESPONSE_CHECKERS[C](back)
    t = interlingua.translate_response(COMPLETION, C, R, on_loss="ignore")
    assert t.body["output"][0]["content"][0]["logprobs"][0] == {
        "token": " wor", "bytes": [32, 119, 111, 114], "logprob": -0.5,
        "top_logprobs": [{"token": " wor", "bytes": [32, 119, 111, 114], "logprob": -0.5},
                         {"token": " earth", "bytes": [32, 101, 97, 114, 116, 104],
                          "logprob": -1.2}]}
    assert any(x.path == "$.choices" for x in t.losses)   # the second choice


def test_chat_style_answers_flatten_to_text() -> None:
    body = _responses_body(output=[
        _responses_body()["output"][0],
        {"id": "msg_1", "type": "message", "status": "completed", "role": "assistant",
         "content": [{"type": "output_text", "annotations": [], "logprobs": [],
                      "text": "Let me check."},
                     {"type": "refusal", "refusal": " I can't."}]},
        {"id": "fc_1", "type": "function_call", "status": "completed", "call_id": "call_1",
         "name": "lookup", "arguments": "{}"}])
    t = interlingua.translate_response(body, R, C, on_loss="ignore")
    assert t.body["choices"][0]["text"] == "Let me check. I can't."
    assert t.body["choices"][0]["finish_reason"] == "stop"
    reasons = [f"{x.kind}: {x.reason}" for x in t.losses]
    assert any("reasoning" in r for r in reasons)
    assert any("tool call 'lookup'" in r for r in reasons)
    assert any(r.startswith("approximated: refusal") for r in reasons)
    assert any("'tool_calls' sent as 'stop'" in r for r in reasons)
    assert not RESPONSE_CHECKERS[C](t.body)


def _completion_chunks() -> list[dict[str, Any]]:
    base = {"id": "cmpl-9", "object": "text_completion", "created": 1, "model": "m"}
    texts = [("Hel", 0), ("Good", 1), ("lo", 0), ("bye", 1)]
    out = [{**base, "choices": [{"text": t, "index": i, "logprobs": None,
                                 "finish_reason": None}]} for t, i in texts]
    out += [{**base, "choices": [{"text": "", "index": 0, "logprobs": None,
                                  "finish_reason": "stop"}]},
            {**base, "choices": [{"text": "", "index": 1, "logprobs": None,
                                  "finish_reason": "length"}]},
            {**base, "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 4,
                                              "total_tokens": 7}}]
    return out


def test_completion_streams_cross() -> None:
    chunks = _completion_chunks()
    for c in chunks:
        assert not STREAM_EVENT_CHECKERS[C](c)
    assert not check_openai_completions(chunks, include_usage=True)
    agg = interlingua.aggregate_stream(chunks, C)
    assert [c["text"] for c in agg["choices"]] == ["Hello", "Goodbye"]
    assert [c["finish_reason"] for c in agg["choices"]] == ["stop", "length"]
    assert agg["usage"]["total_tokens"] == 7
    conv = interlingua.StreamConverter(C, C)
    assert [e for c in chunks for e in conv.feed(c)] == chunks and conv.close() == []
    chat = list(interlingua.convert_stream(chunks, C, "openai.chat",
                                           request={"stream_options": {"include_usage": True}}))
    assert not check_openai_chat(chat, include_usage=True)
    anth = list(interlingua.convert_stream(chunks, C, "anthropic.messages", on_loss="ignore"))
    assert not check_anthropic(anth)
    assert "".join(e["delta"]["text"] for e in anth if e["type"] == "content_block_delta") \
        == "Hello"
    resp = list(interlingua.convert_stream(chunks, C, R, on_loss="ignore"))
    assert not check_order(resp), check_order(resp)
    assert resp[-1]["response"]["output"][0]["content"][0]["text"] == "Hello"


def test_completion_stream_written_from_another_format() -> None:
    events = _rec("anthropic-json-other-tool.1").streams()[0]
    out = list(interlingua.convert_stream(events, "anthropic.messages", C, on_loss="ignore",
                                          request={"stream_options": {"include_usage": True}}))
    assert not check_openai_completions(out, include_usage=True)
    for e in out:
        assert not STREAM_EVENT_CHECKERS[C](e), STREAM_EVENT_CHECKERS[C](e)
    assert out[-1]["choices"] == [] and out[-1]["usage"]["prompt_tokens"] > 0
    plain = list(interlingua.convert_stream(events, "anthropic.messages", C, on_loss="ignore"))
    assert all(e["choices"] for e in plain)
    # Cut: a finish chunk with "length", and nothing unasked.
    conv = interlingua.StreamConverter("anthropic.messages", C, on_loss="ignore")
    fed = [e for ev in events[:4] for e in conv.feed(ev)]
    ending = conv.close()
    assert ending[-1]["choices"][0]["finish_reason"] == "length"
    assert not check_openai_completions(fed + ending, include_usage=False)
