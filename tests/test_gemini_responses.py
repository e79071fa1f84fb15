"""The way back for google.gemini and google.vertex: what the recorded-traffic tests do not pin
down on their own (usage accounting with numbers, thought-signature provenance through other
clients, Vertex partialArgs, several candidates, blocked prompts, errors, SSE framing, cut
streams)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

import interlingua
from conformance import RESPONSE_CHECKERS, STREAM_EVENT_CHECKERS
from interlingua import sse
from interlingua.wire.google_gemini.stream import PartialCall, parse_path
from recorded import recordings
from stream_order import check_anthropic, check_gemini, check_openai_chat

G, V = "google.gemini", "google.vertex"
SIG = "EpEgCo4gAb4+9vvWwdN+NkNiCCwrqvFI8uf9IiD2A47Bm4Sga0kUTm4e"


def _rec(name: str, kind: str = "stream") -> Any:
    return next(r for r in recordings(kind) if r.name == name)


def _body(*parts: dict[str, Any], finish: str = "STOP", **over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "candidates": [{"content": {"parts": list(parts), "role": "model"},
                        "finishReason": finish, "index": 0}],
        "usageMetadata": {"promptTokenCount": 100, "candidatesTokenCount": 50,
                          "totalTokenCount": 180, "cachedContentTokenCount": 40,
                          "thoughtsTokenCount": 30},
        "modelVersion": "gemini-3-pro-preview", "responseId": "resp-1"}
    body.update(over)
    return body


def _losses(t: Any) -> list[str]:
    return [f"{x.path}: {x.kind}: {x.reason}" for x in t.losses]


# -- usage -------------------------------------------------------------------------------------

def test_usage_accounting_to_openai_and_anthropic() -> None:
    """Gemini's prompt count includes cached tokens and its candidates count excludes
    thoughts: OpenAI prompt includes cached, completion includes reasoning; Anthropic input
    excludes cache reads."""
    body = _body({"text": "hi"})
    chat = interlingua.convert_response(body, G, "openai.chat")
    assert chat["usage"] == {"prompt_tokens": 100, "completion_tokens": 80, "total_tokens": 180,
                             "prompt_tokens_details": {"cached_tokens": 40},
                             "completion_tokens_details": {"reasoning_tokens": 30}}
    anth = interlingua.convert_response(body, G, "anthropic.messages")
    assert anth["usage"] == {"input_tokens": 60, "output_tokens": 80,
                             "cache_read_input_tokens": 40,
                             "output_tokens_details": {"thinking_tokens": 30}}
    resp = interlingua.convert_response(body, G, "openai.responses")
    assert (resp["usage"]["input_tokens"], resp["usage"]["output_tokens"],
            resp["usage"]["output_tokens_details"]["reasoning_tokens"],
            resp["usage"]["total_tokens"]) == (100, 80, 30, 180)


def test_usage_accounting_from_openai_and_anthropic() -> None:
    chat = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-5",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "hi"}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 80, "total_tokens": 180,
                      "prompt_tokens_details": {"cached_tokens": 40},
                      "completion_tokens_details": {"reasoning_tokens": 30}}}
    want = {"promptTokenCount": 100, "cachedContentTokenCount": 40, "candidatesTokenCount": 50,
            "totalTokenCount": 180, "thoughtsTokenCount": 30}
    assert interlingua.convert_response(chat, "openai.chat", G)["usageMetadata"] == want
    anth = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
            "content": [{"type": "text", "text": "hi"}], "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 60, "cache_read_input_tokens": 40, "output_tokens": 80}}
    got = interlingua.convert_response(anth, "anthropic.messages", G)["usageMetadata"]
    assert got == {"promptTokenCount": 100, "cachedContentTokenCount": 40,
                   "candidatesTokenCount": 80, "totalTokenCount": 180}


def test_tool_use_prompt_tokens_count_in_the_totals() -> None:
    body = _body({"text": "hi"}, usageMetadata={"promptTokenCount": 10,
                                                "toolUsePromptTokenCount": 5,
                                                "candidatesTokenCount": 2, "totalTokenCount": 17})
    t = interlingua.translate_response(body, G, "openai.chat", on_loss="ignore")
    assert t.body["usage"]["prompt_tokens"] == 15 and t.body["usage"]["total_tokens"] == 17
    assert any("tool-use prompt tokens" in x for x in _losses(t))
    assert interlingua.convert_response(body, G, G) == body


def test_streamed_usage_is_the_last_not_the_sum() -> None:
    rec = _rec("google-text")
    events = rec.load()
    conv = interlingua.StreamConverter(G, "openai.chat", include_usage=True)
    out = [e for ev in events for e in conv.feed(ev)] + conv.close()
    assert out[-1]["usage"]["completion_tokens"] == 23 + 185
    assert out[-1]["usage"]["total_tokens"] == 217
    agg = interlingua.aggregate_stream(events, G)
    assert agg["usageMetadata"] == events[-1]["usageMetadata"]


# -- thought signatures --------------------------------------------------------------------------

def _call_part(**fc: Any) -> dict[str, Any]:
    return {"functionCall": {"name": "weather", "args": {"city": "Oslo"}, **fc},
            "thoughtSignature": SIG}


def test_call_signature_survives_same_format_both_surfaces() -> None:
    body = _body(_call_part())
    assert interlingua.convert_response(body, G, G) == body
    assert interlingua.convert_response(body, V, V) == body
    # Developer API and Vertex signatures are not exchanged (never sent where not minted).
    t = interlingua.translate_response(body, G, V, on_loss="ignore")
    assert SIG not in json.dumps(t.body)
    assert any("thought signature from google.gemini" in x for x in _losses(t))


@pytest.mark.parametrize("streamed", [False, True])
def test_call_signature_survives_an_anthropic_client(streamed: bool) -> None:
    """Gemini -> Anthropic client (the signature sealed in an envelope) -> the client's next
    request -> Gemini: the signature is back on the function call, byte for byte, and never
    sent to Anthropic."""
    rec = _rec("google-tool-call-gemini3")
    events = rec.load()
    sig = events[0]["candidates"][0]["content"]["parts"][0]["thoughtSignature"]
    if streamed:
        out = list(interlingua.convert_stream(events, G, "anthropic.messages",
                                              on_loss="ignore"))
        assert not check_anthropic(out), check_anthropic(out)
        message = interlingua.aggregate_stream(out, "anthropic.messages", on_loss="ignore")
    else:
        body = interlingua.aggregate_stream(events, G, on_loss="ignore")
        message = interlingua.convert_response(body, G, "anthropic.messages",
                                               on_loss="ignore")
    assert sig not in json.dumps(message)
    call = next(b for b in message["content"] if b["type"] == "tool_use")
    history = {"model": "claude-sonnet-4-5", "max_tokens": 1000, "messages": [
        {"role": "user", "content": "Weather in San Francisco?"},
        {"role": "assistant", "content": message["content"]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": call["id"],
                                      "content": "sunny"}]}]}
    t = interlingua.translate_request(history, "anthropic.messages", G,
                                      model="gemini-3-pro-preview", on_loss="ignore")
    model_turn = t.body["contents"][1]["parts"]
    assert model_turn == [{"functionCall": {"id": call["id"], "name": "weather",
                                            "args": {"location": "San Francisco"}},
                           "thoughtSignature": sig}]
    assert not any("thought signature" in x for x in _losses(t))
    to_claude = interlingua.convert_request(history, "anthropic.messages",
                                            "anthropic.messages", on_loss="ignore")
    assert sig not in json.dumps(to_claude)


def test_signature_blocks_go_back_on_their_call_in_gemini_streams() -> None:
    """A signature that another reader put in a block of its own before a call (as the
    google.openai reader does) goes on the call in Gemini chunks."""
    chunks = [
        {"id": "c1", "object": "chat.completion.chunk", "created": 1,
         "model": "gemini-3-pro-preview", "choices": [{"index": 0, "delta": {
             "role": "assistant", "tool_calls": [{
                 "index": 0, "id": "function-call-1", "type": "function",
                 "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"},
                 "extra_content": {"google": {"thought_signature": SIG}}}]},
             "finish_reason": None}]},
        {"id": "c1", "object": "chat.completion.chunk", "created": 1,
         "model": "gemini-3-pro-preview", "choices": [{"index": 0, "delta": {},
                                                       "finish_reason": "tool_calls"}]}]
    out = list(interlingua.convert_stream(chunks, "google.openai", G, on_loss="ignore"))
    assert not check_gemini(out), check_gemini(out)
    calls = [p for e in out for p in e["candidates"][0]["content"]["parts"]
             if "functionCall" in p]
    assert calls == [{"functionCall": {"id": "function-call-1", "name": "get_weather",
                                       "args": {"city": "Oslo"}}, "thoughtSignature": SIG}]


def test_text_signature_of_a_stream_lands_on_its_text() -> None:
    """Gemini 3 streams a text's signature on an empty part after it: the aggregate has it
    on the text, as the non-streamed body does; written back it follows the text again."""
    events = _rec("google-text").load()
    agg = interlingua.aggregate_stream(events, G)
    parts = agg["candidates"][0]["content"]["parts"]
    assert len(parts) == 1 and parts[0]["thoughtSignature"] == \
        events[-1]["candidates"][0]["content"]["parts"][0]["thoughtSignature"]
    again = interlingua.stream_response(agg, G)
    assert interlingua.aggregate_stream(again, G) == agg


def test_foreign_reasoning_shows_as_thoughts_and_its_state_is_reported() -> None:
    anth = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
            "content": [{"type": "thinking", "thinking": "Let me think.", "signature": "Eq0B"},
                        {"type": "redacted_thinking", "data": "EmwK"},
                        {"type": "text", "text": "Done."}],
            "stop_reason": "end_turn", "stop_sequence": None,
            "usage": {"input_tokens": 1, "output_tokens": 1}}
    t = interlingua.translate_response(anth, "anthropic.messages", G, on_loss="ignore")
    assert t.body["candidates"][0]["content"]["parts"] == [
        {"text": "Let me think.", "thought": True}, {"text": "Done."}]
    assert "Eq0B" not in json.dumps(t.body) and "EmwK" not in json.dumps(t.body)
    assert sum("has no google.gemini form" in x for x in _losses(t)) == 2
    assert not RESPONSE_CHECKERS[G](t.body)


def test_a_vertex_signature_is_not_given_to_a_developer_api_client_stream() -> None:
    events = _rec("google-text").load()
    conv = interlingua.StreamConverter(V, G, on_loss="ignore")
    out = [e for ev in events for e in conv.feed(ev)] + conv.close()
    assert "thoughtSignature" not in json.dumps(out)
    assert any("signature" in x.reason for x in conv.losses)


# -- function calls ------------------------------------------------------------------------------

def test_calls_without_ids_get_stable_ids_that_gemini_writers_leave_out() -> None:
    body = _body({"functionCall": {"name": "a", "args": {}}},
                 {"functionCall": {"name": "b", "args": {"x": 1}}})
    chat = interlingua.convert_response(body, G, "openai.chat")
    ids = [c["id"] for c in chat["choices"][0]["message"]["tool_calls"]]
    assert len(set(ids)) == 2 and all(i.startswith("call_gemini_") for i in ids)
    assert chat["choices"][0]["finish_reason"] == "tool_calls"   # STOP with calls
    # The stream of the same answer gives the same ids.
    streamed = interlingua.aggregate_stream(interlingua.stream_response(body, G), G,
                                            "openai.chat")
    assert [c["id"] for c in streamed["choices"][0]["message"]["tool_calls"]] == ids
    assert interlingua.convert_response(body, G, G) == body
    assert interlingua.convert_response(chat, "openai.chat", G)["candidates"][0]["content"][
        "parts"][0]["functionCall"]["id"] == ids[0]


def test_renamed_tools_are_restored_in_gemini_responses() -> None:
    long_name = "mcp__github__create_or_update_file_contents_in_a_repository_branch_x"
    request = {"model": "claude-sonnet-4-5", "max_tokens": 100,
               "tools": [{"name": long_name, "input_schema": {"type": "object"}}],
               "messages": [{"role": "user", "content": "go"}]}
    t = interlingua.translate_request(request, "anthropic.messages", G,
                                      model="gemini-2.5-flash", on_loss="ignore")
    short = t.body["tools"][0]["functionDeclarations"][0]["name"]
    assert short != long_name
    body = _body({"functionCall": {"name": short, "args": {}}})
    back = interlingua.convert_response(body, G, "anthropic.messages", renames=t.renames)
    assert back["content"][0]["name"] == long_name
    events = list(interlingua.convert_stream([body], G, "anthropic.messages",
                                             renames=t.renames))
    starts = [e for e in events if e["type"] == "content_block_start"]
    assert starts[0]["content_block"]["name"] == long_name


# -- Vertex partialArgs ----------------------------------------------------------------------------

def _streamed_call(events: list[dict[str, Any]], target: str = "openai.chat"
                   ) -> tuple[list[dict[str, Any]], Any]:
    conv = interlingua.StreamConverter(G, target, on_loss="ignore", include_usage=True)
    out = [e for ev in events for e in conv.feed(ev)] + conv.close()
    return out, conv


def _assembly_lost_nothing(conv: Any) -> bool:
    """Only the thought signatures are lost on the way to Chat chunks (they have no field
    there), never a piece of the arguments."""
    return all(x.reason == f"signatures from {x.source} have no place in openai.chat chunks"
               for x in conv.losses)


def _chat_arguments(out: list[dict[str, Any]]) -> dict[int, str]:
    args: dict[int, str] = {}
    for e in out:
        for c in e.get("choices") or ():
            for tc in c["delta"].get("tool_calls") or ():
                args[tc["index"]] = args.get(tc["index"], "") + tc["function"]["arguments"]
    return args


def test_partial_arguments_are_assembled_and_streamed_as_they_grow() -> None:
    events = _rec("google-vertex-stream-tool-call-arguments-nested.1").load()
    out, conv = _streamed_call(events)
    assert not check_openai_chat(out, include_usage=True)
    text = _chat_arguments(out)[0]
    args = json.loads(text)
    assert args["recipe"]["name"] == "Lasagna"
    assert [i["name"] for i in args["recipe"]["ingredients"]][:3] == [
        "Lasagna noodles", "Ground beef", "Ricotta cheese"]
    assert args["recipe"]["steps"][4] == ("In a 9x13 baking dish, spread a thin layer of "
                                          "meat sauce.")
    # Deltas flow: far more than one arguments chunk, each a prefix step of the final text.
    assert sum(1 for e in out for c in e.get("choices") or ()
               if c["delta"].get("tool_calls")) > 30
    assert _assembly_lost_nothing(conv)
    body = interlingua.aggregate_stream(events, G)
    assert body["candidates"][0]["content"]["parts"][0]["functionCall"]["args"] == args


def test_two_streamed_calls_and_the_empty_terminal_chunk() -> None:
    events = _rec("google-stream-tool-call-arguments").load()
    out, conv = _streamed_call(events)
    assert {k: json.loads(v) for k, v in _chat_arguments(out).items()} == {
        0: {"location": "Boston"}, 1: {"location": "San Francisco"}}
    assert out[-2]["choices"][0]["finish_reason"] == "tool_calls"
    assert _assembly_lost_nothing(conv)


def test_a_last_piece_without_will_continue_finishes_the_call() -> None:
    """The recording's last functionCall chunk has pieces but no willContinue (no empty
    terminal chunk follows): that chunk finishes the call, whole, with nothing lost."""
    events = _rec("google-stream-tool-call-array-arguments-missing-terminal-function-call"
                  ).load()
    out, conv = _streamed_call(events)
    assert json.loads(_chat_arguments(out)[0]) == {"operations": [
        {"action": "add", "description": "Fresh red apple", "itemid": "apple_001",
         "price": 0.5},
        {"action": "add", "description": "Ripe yellow banana", "itemid": "banana_001",
         "price": 0.3}]}
    assert _assembly_lost_nothing(conv)


def _vertex_chunk(fc: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    cand: dict[str, Any] = {"content": {"role": "model", "parts": [{"functionCall": fc}]}}
    if finish:
        cand["finishReason"] = finish
    return {"candidates": [cand], "modelVersion": "gemini-3.1-pro-preview",
            "responseId": "r1"}


def test_a_call_cut_without_its_last_chunk_is_closed_and_reported() -> None:
    start = _vertex_chunk({"name": "write", "willContinue": True})
    piece = _vertex_chunk({"partialArgs": [{"jsonPath": "$.items[0].name",
                                            "stringValue": "app", "willContinue": True}],
                           "willContinue": True})
    # The candidate finishes while the call still says willContinue.
    out, conv = _streamed_call([start, piece, _vertex_chunk({}, finish="STOP") | {
        "candidates": [{"content": {"role": "model", "parts": [{"text": ""}]},
                        "finishReason": "STOP"}]}])
    assert json.loads(_chat_arguments(out)[0]) == {"items": [{"name": "app"}]}
    assert any("still streaming its arguments" in x.reason for x in conv.losses)
    # The stream itself ends while the call streams: well-formed, reported, estimated.
    for target in ("openai.chat", "anthropic.messages", G):
        out, conv = _streamed_call([start, piece], target)
        assert any("streaming its arguments" in x.reason for x in conv.losses)
        assert any(x.reason.startswith("the stream ended") for x in conv.losses)
        assert conv.usage is not None and conv.usage.estimated
        if target == "anthropic.messages":
            assert not check_anthropic(out), check_anthropic(out)
            agg = interlingua.aggregate_stream(out, target)
            assert agg["content"][-1]["input"] == {"items": [{"name": "app"}]}
        if target == G:   # the same format: the upstream's chunks, then interlingua's end
            ending = out[2:]
            assert len(ending) == 1, "the call the client saw in pieces is not repeated"
            assert not check_gemini(out, partial_calls=True)
            assert ending[0]["candidates"][0]["finishReason"] == "MAX_TOKENS"


@pytest.mark.parametrize(("pieces", "want"), [
    ([("$.a", {"stringValue": "x"}), ("$.b", {"numberValue": 2}),
      ("$.c", {"boolValue": False}), ("$.d", {"nullValue": "NULL_VALUE"})],
     {"a": "x", "b": 2, "c": False, "d": None}),
    ([("$.s", {"stringValue": 'he said "hi"\n', "willContinue": True}),
      ("$.s", {"stringValue": "é🌍"}), ("$.n", {"numberValue": 0.25})],
     {"s": 'he said "hi"\né🌍', "n": 0.25}),
    ([("$.list[0][0]", {"numberValue": 1}), ("$.list[0][1]", {"numberValue": 2}),
      ("$.list[1][0]", {"numberValue": 3}), ("$['odd key'].x", {"stringValue": "y"})],
     {"list": [[1, 2], [3]], "odd key": {"x": "y"}}),
    ([], {}),
])
def test_partial_call_json_text(pieces: list[tuple[str, dict[str, Any]]],
                                want: dict[str, Any]) -> None:
    pc = PartialCall(0, "c", "f")
    text = "".join(pc.add({"jsonPath": p, **v}) for p, v in pieces) + pc.close()
    assert json.loads(text) == want and pc.root == want and not pc.broken


def test_partial_arguments_out_of_order_keep_the_whole_call() -> None:
    pc = PartialCall(0, "c", "f")
    for p in ("$.a.x", "$.b", "$.a.y"):
        pc.add({"jsonPath": p, "numberValue": 1})
    assert pc.broken and pc.root == {"a": {"x": 1, "y": 1}, "b": 1}
    assert parse_path("$.x[2]['y']") == ("x", 2, "y") and parse_path("x.y") is None


# -- candidates, finishes, prompt feedback ---------------------------------------------------------

def test_several_candidates() -> None:
    body = {"candidates": [
        {"content": {"parts": [{"text": "Red."}], "role": "model"}, "finishReason": "STOP",
         "index": 0},
        {"content": {"parts": [{"text": "Blue"}], "role": "model"}, "finishReason": "MAX_TOKENS",
         "index": 1}],
        "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 4, "totalTokenCount": 9},
        "modelVersion": "gemini-2.5-flash", "responseId": "r2"}
    chat = interlingua.convert_response(body, G, "openai.chat")
    assert [(c["index"], c["message"]["content"], c["finish_reason"])
            for c in chat["choices"]] == [(0, "Red.", "stop"), (1, "Blue", "length")]
    assert interlingua.convert_response(chat, "openai.chat", G)["candidates"][1] == {
        "content": {"parts": [{"text": "Blue"}], "role": "model"}, "finishReason": "MAX_TOKENS",
        "index": 1}
    t = interlingua.translate_response(body, G, "anthropic.messages", on_loss="ignore")
    assert t.body["content"] == [{"type": "text", "text": "Red."}]
    assert any("choices after the first" in x for x in _losses(t))
    events = interlingua.stream_response(body, G)
    assert not check_gemini(events), check_gemini(events)
    assert interlingua.aggregate_stream(events, G, "openai.chat")["choices"] == chat["choices"]
    streamed = list(interlingua.convert_stream(events, G, "openai.chat"))
    assert {c["index"] for e in streamed for c in e["choices"]} == {0, 1}


@pytest.mark.parametrize(("native", "chat", "anthropic"), [
    ("STOP", "stop", "end_turn"), ("MAX_TOKENS", "length", "max_tokens"),
    ("SAFETY", "content_filter", "refusal"), ("RECITATION", "content_filter", "refusal"),
    ("PROHIBITED_CONTENT", "content_filter", "refusal"), ("SPII", "content_filter", "refusal"),
    ("BLOCKLIST", "content_filter", "refusal"), ("IMAGE_SAFETY", "content_filter", "refusal"),
    ("MODEL_ARMOR", "content_filter", "refusal"), ("CONTINUATION", "length", "max_tokens"),
    ("MALFORMED_FUNCTION_CALL", "stop", "end_turn"), ("LANGUAGE", "stop", "end_turn"),
    ("UNEXPECTED_TOOL_CALL", "stop", "end_turn"), ("TOO_MANY_TOOL_CALLS", "stop", "end_turn"),
])
def test_finish_reasons_cross(native: str, chat: str, anthropic: str) -> None:
    body = _body({"text": "x"}, finish=native)
    assert interlingua.convert_response(body, G, "openai.chat", on_loss="ignore")[
        "choices"][0]["finish_reason"] == chat
    assert interlingua.convert_response(body, G, "anthropic.messages", on_loss="ignore")[
        "stop_reason"] == anthropic
    assert interlingua.convert_response(body, G, V)["candidates"][0]["finishReason"] == native


def test_finish_reasons_from_other_formats() -> None:
    anth = {"id": "msg_1", "type": "message", "role": "assistant", "model": "m",
            "content": [{"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}],
            "stop_reason": "tool_use", "stop_sequence": None,
            "usage": {"input_tokens": 1, "output_tokens": 1}}
    assert interlingua.convert_response(anth, "anthropic.messages", G)["candidates"][0][
        "finishReason"] == "STOP"
    anth["stop_reason"] = "refusal"
    t = interlingua.translate_response(anth, "anthropic.messages", G, on_loss="ignore")
    assert t.body["candidates"][0]["finishReason"] == "SAFETY"
    assert any("'refusal' sent as 'SAFETY'" in x for x in _losses(t))


def test_blocked_prompt() -> None:
    body = {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [
        {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
        "usageMetadata": {"promptTokenCount": 7, "totalTokenCount": 7},
        "modelVersion": "gemini-2.5-flash", "responseId": "r3"}
    t = interlingua.translate_response(body, G, "openai.chat", on_loss="ignore")
    assert t.body["choices"] == [{"index": 0, "message": {"role": "assistant", "content": None},
                                  "finish_reason": "content_filter", "logprobs": None}]
    assert any("promptFeedback" in x for x in _losses(t))
    assert interlingua.convert_response(body, G, "anthropic.messages", on_loss="ignore")[
        "stop_reason"] == "refusal"
    assert interlingua.convert_response(body, G, G) == body
    assert interlingua.convert_response(body, G, V) == body
    out = list(interlingua.convert_stream([body], G, "openai.chat", on_loss="ignore"))
    assert out[-1]["choices"][0]["finish_reason"] == "content_filter"


# -- bodies: exactness, key styles, surfaces, citations, media ---------------------------------

def test_snake_case_bodies_come_back_as_they_were() -> None:
    body = {"candidates": [{"content": {"parts": [{"text": "hi", "thought_signature": SIG}],
                                        "role": "model"},
                            "finish_reason": "STOP", "index": 0, "safety_ratings": []}],
            "usage_metadata": {"prompt_token_count": 3, "candidates_token_count": 1,
                               "total_token_count": 4},
            "model_version": "gemini-2.5-flash", "response_id": "r4"}
    before = copy.deepcopy(body)
    assert interlingua.convert_response(body, G, G) == body == before
    chat = interlingua.convert_response(body, G, "openai.chat", on_loss="ignore")
    assert chat["choices"][0]["message"]["content"] == "hi"
    assert chat["usage"]["total_tokens"] == 4


def test_vertex_create_time_and_key_order() -> None:
    body = interlingua.aggregate_stream(_rec("google-stream-tool-call-arguments").load(), V)
    assert body["createTime"] == "2026-04-02T17:03:50.000000Z"   # seconds survive
    body["createTime"] = "2026-04-02T17:03:50.399550Z"
    resp = interlingua.read_response(body, V)
    assert resp.created == 1775149430
    assert interlingua.convert_response(body, V, V) == body
    chat = interlingua.convert_response(body, V, "openai.chat", on_loss="ignore")
    assert chat["created"] == 1775149430
    back = interlingua.convert_response(chat, "openai.chat", V, on_loss="ignore")
    assert back["createTime"] == "2026-04-02T17:03:50.000000Z"
    assert list(back["candidates"][0]["content"]) == ["role", "parts"]
    assert "index" not in back["candidates"][0]       # proto3 leaves 0 out on Vertex
    assert "createTime" not in interlingua.convert_response(chat, "openai.chat", G)
    assert not RESPONSE_CHECKERS[V](back)


def test_citations_cross_as_url_citations_with_character_offsets() -> None:
    text = "Café au lait. Tea."
    start = len("Café au lait. ".encode())     # Gemini counts bytes
    body = _body({"text": text}, candidates=[{
        "content": {"parts": [{"text": text}], "role": "model"}, "finishReason": "STOP",
        "index": 0, "citationMetadata": {"citationSources": [
            {"startIndex": start, "endIndex": start + 4, "uri": "https://tea.example",
             "license": "mit"}]}}])
    chat = interlingua.convert_response(body, G, "openai.chat")
    ann = chat["choices"][0]["message"]["annotations"][0]["url_citation"]
    assert text[ann["start_index"]:ann["end_index"]] == "Tea."
    assert ann["url"] == "https://tea.example"
    again = interlingua.convert_response(chat, "openai.chat", G)
    assert again["candidates"][0]["citationMetadata"] == {"citationSources": [
        {"startIndex": start, "endIndex": start + 4, "uri": "https://tea.example"}]}
    assert interlingua.convert_response(body, G, G) == body
    vertex = interlingua.convert_response(body, G, V)
    assert vertex["candidates"][0]["citationMetadata"] == {"citations": [
        {"startIndex": start, "endIndex": start + 4, "uri": "https://tea.example",
         "license": "mit"}]}


def test_logprobs_cross() -> None:
    body = _body({"text": "Hi"}, candidates=[{
        "content": {"parts": [{"text": "Hi"}], "role": "model"}, "finishReason": "STOP",
        "index": 0, "avgLogprobs": -0.1,
        "logprobsResult": {"topCandidates": [{"candidates": [
            {"token": "Hi", "logProbability": -0.1}, {"token": "Hey", "logProbability": -2.5}]}],
            "chosenCandidates": [{"token": "Hi", "logProbability": -0.1}]}}])
    chat = interlingua.convert_response(body, G, "openai.chat", on_loss="ignore")
    lp = chat["choices"][0]["logprobs"]["content"]
    assert lp[0]["token"] == "Hi" and [t["token"] for t in lp[0]["top_logprobs"]] == ["Hi", "Hey"]
    assert interlingua.convert_response(chat, "openai.chat", G)["candidates"][0][
        "logprobsResult"] == body["candidates"][0]["logprobsResult"]
    assert interlingua.convert_response(body, G, G) == body


def test_generated_images_and_code_execution() -> None:
    body = _body({"text": "Here:"}, {"inlineData": {"mimeType": "image/png", "data": "iVBORw0K"}},
                 {"executableCode": {"language": "PYTHON", "code": "print(1)"}},
                 {"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": "1\n"}})
    assert interlingua.convert_response(body, G, G) == body
    vertex = interlingua.convert_response(body, G, V)
    assert vertex["candidates"][0]["content"]["parts"][1:] == body["candidates"][0]["content"][
        "parts"][1:]
    t = interlingua.translate_response(body, G, "openai.chat", on_loss="ignore")
    assert t.body["choices"][0]["message"]["content"] == "Here:"
    assert len(t.losses) == 3
    events = interlingua.stream_response(body, G)
    assert not check_gemini(events), check_gemini(events)
    assert interlingua.aggregate_stream(events, G)["candidates"][0]["content"]["parts"] == \
        body["candidates"][0]["content"]["parts"]


def test_candidate_metadata_is_kept_for_gemini_and_reported_elsewhere() -> None:
    body = _body({"text": "x"}, candidates=[{
        "content": {"parts": [{"text": "x"}], "role": "model"}, "finishReason": "STOP",
        "index": 0, "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT",
                                       "probability": "NEGLIGIBLE"}],
        "groundingMetadata": {"webSearchQueries": ["x"]}, "finishMessage": "ok"}])
    assert interlingua.convert_response(body, G, V) == body
    t = interlingua.translate_response(body, G, "openai.chat", on_loss="ignore")
    assert sorted(x.path for x in t.losses) == [
        "$.candidates[0].finishMessage", "$.candidates[0].groundingMetadata",
        "$.candidates[0].safetyRatings"]


def test_input_never_mutated() -> None:
    for rec in recordings("stream"):
        if rec.folder != "google":
            continue
        events = rec.load()
        before = copy.deepcopy(events)
        for target in ("anthropic.messages", "openai.chat", V):
            list(interlingua.convert_stream(events, G, target, on_loss="ignore"))
        interlingua.aggregate_stream(events, G, on_loss="ignore")
        assert events == before


# -- errors ----------------------------------------------------------------------------------------

def test_retry_info_and_error_shapes() -> None:
    body = {"error": {"code": 429, "message": "Quota exceeded.", "status": "RESOURCE_EXHAUSTED",
                      "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo",
                                   "retryDelay": "25s"}]}}
    fmt = interlingua.registry.get_format(G)
    from interlingua.context import Context, Options
    err = fmt.read_error(body, 429, Context(G, G, Options()))
    assert (err.kind, err.status, err.retry_after) == ("rate_limit", 429, 25.0)
    assert interlingua.convert_error(body, G, "openai.chat") == (429, {"error": {
        "message": "Quota exceeded.", "type": "rate_limit_error", "param": None, "code": None}})
    assert interlingua.convert_error(body, G, "anthropic.messages") == (429, {
        "type": "error", "error": {"type": "rate_limit_error", "message": "Quota exceeded."}})
    assert interlingua.convert_error(body, G, G) == (429, body)
    assert interlingua.convert_error(body, G, V) == (429, body)
    assert interlingua.convert_error([body], G, G) == (429, body)   # the JSON-array form
    # Another vendor's error: the status Gemini uses for that kind, and its status name.
    anth = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    assert interlingua.convert_error(anth, "anthropic.messages", G, status=529) == (503, {
        "error": {"code": 503, "message": "Overloaded", "status": "UNAVAILABLE"}})
    assert interlingua.convert_error("<html>502</html>", G, "openai.chat", status=502)[0] == 503


@pytest.mark.parametrize(("status", "name", "kind"), [
    (400, "INVALID_ARGUMENT", "invalid_request"), (401, "UNAUTHENTICATED", "authentication"),
    (403, "PERMISSION_DENIED", "permission"), (404, "NOT_FOUND", "not_found"),
    (429, "RESOURCE_EXHAUSTED", "rate_limit"), (500, "INTERNAL", "server"),
    (503, "UNAVAILABLE", "unavailable"), (504, "DEADLINE_EXCEEDED", "timeout")])
def test_error_statuses(status: int, name: str, kind: str) -> None:
    body = {"error": {"code": status, "message": "m", "status": name}}
    got_status, anth = interlingua.convert_error(body, G, "anthropic.messages")
    assert got_status == status and anth["error"]["type"] == \
        interlingua.apierrors.TO_NATIVE["anthropic"][kind]
    chat_status, chat = interlingua.convert_error(body, G, "openai.chat")
    assert chat_status == status
    if status < 500:   # OpenAI's one server_error type does not tell 500 / 503 / 504 apart
        back = interlingua.convert_error(chat, "openai.chat", G, status=chat_status)
        assert back == (status, body)


def test_stream_error_chunks_both_ways() -> None:
    gemini = [{"candidates": [{"content": {"parts": [{"text": "Hel"}], "role": "model"},
                               "index": 0}], "modelVersion": "m", "responseId": "r"},
              {"error": {"code": 500, "message": "Internal error encountered.",
                         "status": "INTERNAL"}}]
    out = list(interlingua.convert_stream(gemini, G, "anthropic.messages", on_loss="ignore"))
    assert {"type": "error", "error": {"type": "api_error",
                                       "message": "Internal error encountered."}} in out
    anth = [{"type": "message_start", "message": {
        "id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [],
        "stop_reason": None, "stop_sequence": None,
        "usage": {"input_tokens": 5, "output_tokens": 1}}},
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}]
    out = list(interlingua.convert_stream(anth, "anthropic.messages", G, on_loss="ignore"))
    assert out == [{"error": {"code": 503, "message": "Overloaded", "status": "UNAVAILABLE"}}]
    assert not STREAM_EVENT_CHECKERS[G](out[0])
    assert not check_gemini(out)
    assert sse.encode(out[0], newline=b"\r\n").startswith(b'data: {"error":')


# -- streams: SSE, cut streams, event by event -----------------------------------------------------

def test_sse_framing_is_gemini_s() -> None:
    events = _rec("google-text").load()
    raw = b"".join(sse.write(events, G))
    lines = raw.split(b"\r\n\r\n")
    assert lines[-1] == b"" and len(lines) == len(events) + 1
    assert all(x.startswith(b"data: {") for x in lines[:-1])
    assert b"[DONE]" not in raw and b"event:" not in raw
    assert list(sse.iter_json([raw])) == events
    rec = next(r for r in recordings("stream") if r.format == "anthropic.messages")
    converted = list(interlingua.convert_stream(rec.streams()[0], "anthropic.messages", V,
                                                on_loss="ignore"))
    raw = b"".join(sse.write(converted, V))
    assert raw.count(b"\r\n\r\n") == len(converted)
    assert list(sse.iter_json([raw])) == converted


def test_cut_stream_ends_with_a_gemini_final_chunk() -> None:
    events = _rec("google-text").load()
    for target in (G, V):
        conv = interlingua.StreamConverter(G, target, on_loss="ignore")
        fed = [e for ev in events[:2] for e in conv.feed(ev)]
        ending = conv.close()
        assert len(ending) == 1
        final = ending[0]
        assert final["candidates"][0]["finishReason"] == "MAX_TOKENS"
        assert final["usageMetadata"]["promptTokenCount"] == 9
        assert final["usageMetadata"]["candidatesTokenCount"] >= 23
        assert final["responseId"] == events[0]["responseId"]
        assert conv.usage is not None and conv.usage.estimated
        assert not STREAM_EVENT_CHECKERS[target](final)
        if target == V:
            assert not check_gemini(fed + ending), check_gemini(fed + ending)


def test_text_flows_chunk_by_chunk_from_other_formats() -> None:
    rec = next(r for r in recordings("stream") if r.format == "anthropic.messages")
    conv = interlingua.StreamConverter("anthropic.messages", G, on_loss="ignore")
    for ev in rec.streams()[0]:
        out = conv.feed(ev)
        if ev.get("type") == "content_block_delta" and ev["delta"].get("text"):
            assert [p["text"] for e in out for p in e["candidates"][0]["content"]["parts"]
                    if "text" in p] == [ev["delta"]["text"]]
    conv.close()


SIGNED = {"candidates": [{"content": {"role": "model", "parts": [
    {"text": "It is sunny.", "thoughtSignature": "c2lnLXRleHQ="},
    {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}},
     "thoughtSignature": "c2lnLWNhbGw="}]}, "finishReason": "STOP", "index": 0}],
    "modelVersion": "gemini-3-pro-preview", "responseId": "r-1"}


@pytest.mark.parametrize(("target", "paths"), [
    ("openai.chat", ["$.candidates[0].content.parts[0]", "$.candidates[0].content.parts[1]"]),
    ("openai.responses", ["$.candidates[0].content.parts[0]",
                          "$.candidates[0].content.parts[1]"]),
    # Anthropic clients get the call's signature back sealed; the text's is reported.
    ("anthropic.messages", ["$.candidates[0].content.parts[0]"]),
    ("google.openai", []),     # extra_content on the message and on the call
])
def test_every_signature_that_has_no_field_is_reported(target: str, paths: list[str]) -> None:
    t = interlingua.translate_response(SIGNED, G, target, on_loss="ignore")
    assert [x.path for x in t.losses if "signature" in x.reason] == paths
    back = interlingua.convert_response(t.body, target, G, on_loss="ignore")
    parts = back["candidates"][0]["content"]["parts"]
    call = next(p for p in parts if "functionCall" in p)
    # What was carried comes back where Gemini wants it: on the call.
    assert ("thoughtSignature" in call) is (target in ("anthropic.messages", "google.openai"))


def test_cache_writes_are_counted_in_the_prompt_and_reported() -> None:
    body = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
            "content": [{"type": "text", "text": "hi"}], "stop_reason": "end_turn",
            "stop_sequence": None, "usage": {"input_tokens": 10,
                                             "cache_creation_input_tokens": 100,
                                             "cache_read_input_tokens": 40,
                                             "output_tokens": 5}}
    t = interlingua.translate_response(body, "anthropic.messages", G, on_loss="ignore")
    assert t.body["usageMetadata"] == {"promptTokenCount": 150, "cachedContentTokenCount": 40,
                                       "candidatesTokenCount": 5, "totalTokenCount": 155}
    assert [(x.path, x.kind) for x in t.losses] == [("$.usage", "approximated")]


GROUNDED = {"candidates": [{"content": {"role": "model", "parts": [
    {"text": "España ganó la Euro 2024, venciendo a Inglaterra 2-1 en la final."}]},
    "finishReason": "STOP", "index": 0,
    "groundingMetadata": {
        "webSearchQueries": ["ganador Euro 2024"],
        "searchEntryPoint": {"renderedContent": "<div class=\"container\">...</div>"},
        "groundingChunks": [
            {"web": {"uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/A",
                     "title": "uefa.com"}},
            {"web": {"uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/B",
                     "title": "marca.com"}}],
        # UTF-8 byte offsets: "ñ" and "ó" take two bytes each.
        "groundingSupports": [
            {"segment": {"endIndex": 26, "text": "España ganó la Euro 2024"},
             "groundingChunkIndices": [0]},
            {"segment": {"startIndex": 28, "endIndex": 66,
                         "text": "venciendo a Inglaterra 2-1 en la final"},
             "groundingChunkIndices": [0, 1]}]}}],
    "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 17, "totalTokenCount": 25},
    "modelVersion": "gemini-2.5-flash", "responseId": "g-1"}


def test_grounding_supports_cross_as_url_citations() -> None:
    text = GROUNDED["candidates"][0]["content"]["parts"][0]["text"]
    chat = interlingua.translate_response(GROUNDED, G, "openai.chat", on_loss="ignore")
    assert not RESPONSE_CHECKERS["openai.chat"](chat.body)
    notes = [a["url_citation"] for a in chat.body["choices"][0]["message"]["annotations"]]
    assert [(n["title"], text[n["start_index"]:n["end_index"]]) for n in notes] == [
        ("uefa.com", "España ganó la Euro 2024"),
        ("uefa.com", "venciendo a Inglaterra 2-1 en la final"),
        ("marca.com", "venciendo a Inglaterra 2-1 en la final")]
    # The search queries and entry point have no Chat form: reported, not silently dropped.
    assert [x.path for x in chat.losses] == ["$.candidates[0].groundingMetadata"]
    resp = interlingua.translate_response(GROUNDED, G, "openai.responses", on_loss="ignore")
    assert not RESPONSE_CHECKERS["openai.responses"](resp.body)
    anns = resp.body["output"][0]["content"][0]["annotations"]
    assert [a["url"][-1] for a in anns] == ["A", "A", "B"]
    assert [x.path for x in resp.losses] == ["$.candidates[0].groundingMetadata"]
    # Gemini to Gemini: the metadata as it was, no citationMetadata made up from it.
    for target in (G, "google.vertex"):
        out = interlingua.convert_response(GROUNDED, G, target, on_loss="raise")
        cand = out["candidates"][0]
        assert cand["groundingMetadata"] == GROUNDED["candidates"][0]["groundingMetadata"]
        assert "citationMetadata" not in cand
