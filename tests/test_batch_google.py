"""The Gemini and Vertex batch envelopes, end to end.

``google.gemini`` / ``google.vertex`` are being written in parallel; these tests register a
deliberately tiny stand-in for both (text turns, text answers, Google errors) so the batch
layer (keys, inline requests, id labels, models, result states) is tested whatever the state
of the real formats. The real formats are covered by the golden batch files once registered.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

import interlingua
from interlingua import registry
from interlingua.apierrors import TO_NATIVE, kind_of, status_of
from interlingua.batch import convert_batch, convert_batch_results, write_batch
from interlingua.batch.formats import GoogleBatch, VertexBatch, id_labels
from interlingua.context import Context
from interlingua.ir import Choice, Error, Message, Request, Response, Text
from interlingua.wire.base import Format


class _TinyGemini(Format):
    """Text turns only: enough to carry a batch through."""

    id = "google.gemini"

    def read_request(self, payload: Mapping[str, Any], ctx: Context) -> Request:
        messages = []
        system = payload.get("systemInstruction")
        if system:
            messages.append(Message(role="system", parts=[Text(text=p["text"])
                                                          for p in system["parts"]]))
        for turn in payload["contents"]:
            if not isinstance(turn.get("parts"), list):
                raise interlingua.InvalidPayloadError("$.contents", "parts must be a list")
            role = "assistant" if turn.get("role") == "model" else "user"
            messages.append(Message(role=role, parts=[Text(text=p["text"])
                                                      for p in turn["parts"]]))
        req = Request(source=self.id, messages=messages)
        req.sampling.max_output_tokens = (payload.get("generationConfig") or {}).get(
            "maxOutputTokens")
        return req

    def write_request(self, request: Request, ctx: Context) -> dict[str, Any]:
        out: dict[str, Any] = {"contents": []}
        for m in request.messages:
            parts = [{"text": p.text} for p in m.parts if isinstance(p, Text)]
            if m.role in ("system", "developer"):
                out["systemInstruction"] = {"parts": parts}
            else:
                out["contents"].append({"role": "model" if m.role == "assistant" else "user",
                                        "parts": parts})
        if request.sampling.max_output_tokens:
            out["generationConfig"] = {"maxOutputTokens": request.sampling.max_output_tokens}
        return out

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> Response:
        cand = body["candidates"][0]
        return Response(source=self.id, id=body.get("responseId"), model=body.get("modelVersion"),
                        choices=[Choice(parts=[Text(text=p["text"])
                                               for p in cand["content"]["parts"]],
                                        finish="stop", native_finish=cand.get("finishReason"))])

    def write_response(self, response: Response, ctx: Context) -> dict[str, Any]:
        parts = [{"text": p.text} for p in response.choices[0].parts if isinstance(p, Text)]
        return {"candidates": [{"content": {"role": "model", "parts": parts},
                                "finishReason": "STOP"}], "modelVersion": response.model}

    def read_error(self, body: Any, status: int | None, ctx: Context) -> Error:
        err = body.get("error", {}) if isinstance(body, dict) else {}
        return Error(kind=kind_of("gemini", err.get("status"), status),
                     message=str(err.get("message") or body), status=status)

    def write_error(self, error: Error, ctx: Context) -> tuple[int, dict[str, Any]]:
        status = status_of("gemini", error.kind)
        return status, {"error": {"code": status, "message": error.message,
                                  "status": TO_NATIVE["gemini"][error.kind]}}


class _TinyVertex(_TinyGemini):
    id = "google.vertex"


@pytest.fixture(autouse=True)
def tiny_google(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for cls in (_TinyGemini, _TinyVertex):
        monkeypatch.setitem(registry._FORMATS, cls.id, f"{__name__}:{cls.__name__}")
        monkeypatch.setitem(registry._loaded, cls.id, cls())
    yield


def gemini_line(key: str, text: str) -> str:
    return json.dumps({"key": key, "request": {
        "contents": [{"role": "user", "parts": [{"text": text}]}],
        "generationConfig": {"maxOutputTokens": 64}}})


def test_gemini_jsonl_to_anthropic_needs_a_model_and_keeps_keys() -> None:
    with pytest.raises(ValueError, match="model="):
        convert_batch([gemini_line("k1", "hi")], "google.batch", "anthropic.batch")
    conv = convert_batch([gemini_line("k1", "hi"), gemini_line("k 2", "yo")], "google.batch",
                         "anthropic.batch", model="claude-haiku-4-5", on_loss="ignore")
    out = [json.loads(x.data) for x in conv]
    assert [x["custom_id"] for x in out] == ["k1", "k_2"]
    assert out[0]["params"]["model"] == "claude-haiku-4-5"
    assert out[0]["params"]["max_tokens"] == 64
    assert conv.report.renamed_ids == {"k 2": "k_2"}


def test_openai_to_gemini_groups_by_model_and_keeps_custom_ids(tmp_path: Any) -> None:
    lines = [json.dumps({"custom_id": f"r{n}", "method": "POST", "url": "/v1/chat/completions",
                         "body": {"model": model, "messages": [
                             {"role": "system", "content": "Be brief."},
                             {"role": "user", "content": f"q{n}"}]}})
             for n, model in enumerate(["gpt-4.1", "gpt-4.1-mini", "gpt-4.1"])]
    conv = convert_batch(lines, "openai.batch", "google.batch", on_loss="ignore")
    manifest = write_batch(conv, tmp_path / "g.jsonl")
    assert [(f["model"], f["lines"]) for f in manifest["files"]] == [("gpt-4.1", 2),
                                                                    ("gpt-4.1-mini", 1)]
    first = json.loads((tmp_path / manifest["files"][0]["path"]).read_text().splitlines()[0])
    assert first == {"key": "r0", "request": {
        "contents": [{"role": "user", "parts": [{"text": "q0"}]}],
        "systemInstruction": {"parts": [{"text": "Be brief."}]}}}


def test_gemini_inline_create_body_both_ways() -> None:
    body = {"batch": {"display_name": "nightly", "inputConfig": {"requests": {"requests": [
        {"request": {"contents": [{"role": "user", "parts": [{"text": "a"}]}]},
         "metadata": {"key": "i1", "team": "ops"}},
        {"request": {"contents": [{"role": "user", "parts": [{"text": "b"}]}]},
         "metadata": {"key": "i2"}}]}}}}
    conv = convert_batch([json.dumps(body, indent=2)], "google.batch", "google.batch",
                         layout="create", layout_options={"display_name": "again"},
                         on_loss="ignore")
    lines = list(conv)
    prefix, sep, suffix = conv.envelope(())
    doc = json.loads(prefix + sep.join(x.data for x in lines) + suffix)
    items = doc["batch"]["input_config"]["requests"]["requests"]
    assert doc["batch"]["display_name"] == "again"
    assert [x["metadata"] for x in items] == [{"key": "i1", "team": "ops"}, {"key": "i2"}]
    conv = convert_batch([json.dumps(body)], "google.batch", "openai.batch", model="gpt-4.1",
                         on_loss="ignore")
    out = [json.loads(x.data) for x in conv]
    assert [x["custom_id"] for x in out] == ["i1", "i2"]
    assert [x.path for x in conv.report.losses["i1"]] == ["$.metadata"]


def test_vertex_ids_ride_in_labels_both_ways() -> None:
    lines = [json.dumps({"custom_id": cid, "method": "POST", "url": "/v1/chat/completions",
                         "body": {"model": "gpt-4.1", "messages": [
                             {"role": "user", "content": "q"}]}})
             for cid in ("plain-1", "Mixed/Case#2")]
    conv = convert_batch(lines, "openai.batch", "vertex.batch", on_loss="ignore")
    out = [json.loads(x.data) for x in conv]
    assert out[0]["request"]["labels"] == {"interlingua_id": "plain-1"}
    assert out[1]["request"]["labels"] == id_labels("Mixed/Case#2")
    back = convert_batch([json.dumps(x) for x in out] + [json.dumps(
        {"request": {"contents": [{"role": "user", "parts": [{"text": "no id"}]}]}})],
        "vertex.batch", "openai.batch", model="gpt-4.1", on_loss="ignore")
    again = [json.loads(x.data) for x in back]
    assert [x["custom_id"] for x in again] == ["plain-1", "Mixed/Case#2", "request-3"]
    assert back.report.synthesized_ids == 1
    assert "labels" not in json.dumps(again)


def test_gemini_and_vertex_results() -> None:
    ok = {"candidates": [{"content": {"role": "model", "parts": [{"text": "fine"}]},
                          "finishReason": "STOP"}], "modelVersion": "gemini-2.5-flash"}
    gemini = [json.dumps({"key": "a", "response": ok}),
              json.dumps({"key": "b", "error": {"code": 8, "message": "quota"}}),
              json.dumps({"key": "c", "error": {"code": 1, "message": "cancelled"}}),
              json.dumps({"key": "d", "status": {"code": 400, "message": "bad",
                                                 "status": "INVALID_ARGUMENT"}})]
    conv = convert_batch_results(gemini, "google.batch", "anthropic.batch", on_loss="ignore")
    out = {x["custom_id"]: x["result"] for x in (json.loads(y.data) for y in conv)}
    assert out["a"]["message"]["content"] == [{"type": "text", "text": "fine"}]
    assert out["b"]["error"]["error"]["type"] == "rate_limit_error"
    assert out["c"] == {"type": "canceled"}
    assert out["d"]["error"]["error"]["type"] == "invalid_request_error"
    vertex = [json.dumps({"status": "", "processed_time": "t", "request": {
                  "labels": {"interlingua_id": "v1"}}, "response": ok}),
              json.dumps({"status": 'Bad Request: {"error": {"code": 400, "message": "no", '
                                    '"status": "INVALID_ARGUMENT"}}',
                          "request": {"labels": {"interlingua_id": "v2"}}}),
              json.dumps({"status": "Internal error", "request": {}})]
    conv = convert_batch_results(vertex, "vertex.batch", "openai.batch", on_loss="ignore")
    rows = [json.loads(x.data) for x in conv]
    assert [r["custom_id"] for r in rows] == ["v1", "v2", "request-3"]
    assert rows[0]["response"]["status_code"] == 200
    assert rows[1]["response"]["status_code"] == 400
    assert rows[2]["response"]["body"]["error"]["message"] == "Internal error"
    # and into Gemini / Vertex results
    anthropic = [json.dumps({"custom_id": "x", "result": {"type": "expired"}}),
                 json.dumps({"custom_id": "y", "result": {"type": "errored", "error": {
                     "type": "error", "error": {"type": "overloaded_error",
                                                "message": "Overloaded"}}}})]
    conv = convert_batch_results(anthropic, "anthropic.batch", "google.batch")
    rows = [json.loads(x.data) for x in conv]
    assert rows == [{"key": "x", "error": {"code": 4, "message": rows[0]["error"]["message"]}},
                    {"key": "y", "error": {"code": 14, "message": "Overloaded"}}]
    assert [x.path for x in conv.report.losses["x"]] == ["$.result"]
    conv = convert_batch_results(anthropic, "anthropic.batch", "vertex.batch")
    rows = [json.loads(x.data) for x in conv]
    assert rows[1]["request"] == {"labels": {"interlingua_id": "y"}}
    assert json.loads(rows[1]["status"]) == {"error": {
        "code": 503, "message": "Overloaded", "status": "UNAVAILABLE"}}


def test_envelope_readers_directly() -> None:
    g, v = GoogleBatch(), VertexBatch()
    item = g.read_request({"key": "k", "request": {"model": "models/gemini-2.5-pro",
                                                   "contents": []}, "extra": 1})
    assert (item.id, item.model, item.extras) == ("k", "gemini-2.5-pro", {"extra": 1})
    item = v.read_request({"request": {"contents": [], "labels": {
        "team": "x", **id_labels("ID/1")}}})
    assert item.id == "ID/1" and item.body == {"contents": [], "labels": {"team": "x"}}
    assert v.write_request("a", {"contents": [], "labels": {"team": "x"}}, url=None,
                           extras=None, layout="jsonl") == {
        "request": {"contents": [], "labels": {"team": "x", "interlingua_id": "a"}}}
