"""Batch conversion: streaming, bad lines, duplicate ids, results, splitting, manifests."""

from __future__ import annotations

import io
import json
import tracemalloc
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import interlingua
from interlingua import registry
from interlingua.batch import (
    UNLIMITED,
    BatchLimits,
    BatchLineError,
    BatchWriter,
    batch_formats,
    convert_batch,
    convert_batch_results,
    read_blocks,
    vendor_limits,
    write_batch,
)
from interlingua.batch.convert import BatchLine
from interlingua.batch.formats import (
    google_error_envelope,
    google_status_object,
    id_from_labels,
    id_labels,
)
from interlingua.batch.jsonstream import DocumentError, iter_document_items, iter_lines

CLAUDE = "claude-sonnet-4-5"


def chat_line(custom_id: str, text: str = "hello", model: str = "gpt-4.1",
              **body: Any) -> dict[str, Any]:
    return {"custom_id": custom_id, "method": "POST", "url": "/v1/chat/completions",
            "body": {"model": model, "messages": [{"role": "user", "content": text}], **body}}


def jsonl(*lines: Any) -> list[str]:
    return [x if isinstance(x, str) else json.dumps(x) for x in lines]


def run(lines: Any, source: str = "openai.batch", target: str = "anthropic.batch",
        **kw: Any) -> tuple[Any, list[dict[str, Any]]]:
    kw.setdefault("model", CLAUDE if target == "anthropic.batch" else None)
    kw.setdefault("on_loss", "ignore")
    conv = convert_batch(lines, source, target, **kw)
    out = [json.loads(x.data) for x in conv]
    return conv, out


# -- streaming -------------------------------------------------------------------------------

def test_a_lazy_generator_is_consumed_lazily() -> None:
    pulled: list[int] = []

    def lines() -> Iterator[str]:
        for n in range(1, 10_001):
            pulled.append(n)
            yield json.dumps(chat_line(f"r{n}")) + "\n"

    conv = convert_batch(lines(), "openai.batch", "anthropic.batch", model=CLAUDE,
                         on_loss="ignore")
    first = next(conv)
    assert first.id == "r1" and first.line == 1
    assert len(pulled) <= 2  # the first line, and at most one read ahead
    for _ in range(9):
        next(conv)
    assert len(pulled) <= 11
    assert conv.report.written == 10


def test_a_create_body_in_small_chunks_is_read_item_by_item() -> None:
    body = {"requests": [{"custom_id": f"r{n}", "params": {
        "model": CLAUDE, "max_tokens": 100, "messages": [{"role": "user", "content": f"q{n}"}]}}
        for n in range(200)]}
    raw = json.dumps(body).encode()
    pulled = 0

    def chunks() -> Iterator[bytes]:
        nonlocal pulled
        for i in range(0, len(raw), 64):
            pulled += 64
            yield raw[i:i + 64]

    conv = convert_batch(read_blocks(_Reader(chunks())), "anthropic.batch", "openai.batch",
                         model="gpt-4.1", on_loss="ignore")
    first = next(conv)
    assert json.loads(first.data)["custom_id"] == "r0"
    assert pulled < 400  # the first item is about 150 bytes: nothing near the whole body
    rest = list(conv)
    assert [json.loads(x.data)["custom_id"] for x in rest] == [f"r{n}" for n in range(1, 200)]


class _Reader(io.RawIOBase):
    """A binary file over an iterator of chunks (one chunk per read)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return next(self.chunks, b"")


def _peak(n: int, text: str) -> int:
    def lines() -> Iterator[bytes]:
        for i in range(n):
            yield json.dumps(chat_line(f"req-{i:06d}", text)).encode() + b"\n"

    tracemalloc.start()
    try:
        conv = convert_batch(lines(), "openai.batch", "anthropic.batch", model=CLAUDE,
                             on_loss="ignore")
        for _ in conv:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_whatever_the_size() -> None:
    text = "lorem ipsum dolor sit amet " * 300  # about 8 KB per line
    _peak(1, text)  # formats and model tables load on first use: not per line
    small = _peak(300, text)   # about 2.4 MB of input
    large = _peak(1200, text)  # about 10 MB of input
    # only the ids seen (for duplicates) grow with the number of lines
    assert large - small < 900 * 400, (small, large)
    assert large < 1024 * 1024, large


def test_lines_as_bytes_or_str_with_or_without_newlines() -> None:
    line = json.dumps(chat_line("a"))
    other = json.dumps(chat_line("b"))
    for given in ([line, other], [line + "\n", other + "\n"], [(line + "\r\n").encode(),
                  other.encode()], [line + "\n" + other + "\n"], ["\ufeff" + line, other]):
        _, out = run(given)
        assert [x["custom_id"] for x in out] == ["a", "b"], given


def test_blocks_split_lines_anywhere() -> None:
    raw = ("\n".join(jsonl(*(chat_line(f"r{n}") for n in range(50)))) + "\n").encode()
    for size in (1, 7, 100, 1 << 20):
        conv = convert_batch(read_blocks(io.BytesIO(raw), size), "openai.batch",
                             "anthropic.batch", model=CLAUDE, on_loss="ignore")
        assert [x.id for x in conv] == [f"r{n}" for n in range(50)]


def test_iter_lines_and_document_items() -> None:
    assert list(iter_lines([b"a\nb", b"c\n", b"d"], blocks=True)) == [b"a", b"bc", b"d"]
    assert list(iter_lines([b"a\nb", b"c\n", b"d"])) == [b"a", b"b", b"c", b"d"]
    doc = b'{"x": "]\\"[", "requests": [{"a": "}"}, 1, "s", null], "y": {"requests": [9]}}'
    for size in (1, 2, 3, 5, 1000):
        items = list(iter_document_items(
            [doc[i:i + size] for i in range(0, len(doc), size)],
            lambda path: path == ("requests",)))
        assert items == [(1, b'{"a": "}"}'), (2, b"1"), (3, b'"s"'), (4, b"null")]
    assert list(iter_document_items([b'{"requests": [{"a": 1}, {"b": '],
                                    lambda p: p == ("requests",))) == [(1, b'{"a": 1}'),
                                                                       (2, None)]
    with pytest.raises(DocumentError):
        list(iter_document_items([b'{"other": []}'], lambda p: p == ("requests",)))


# -- bad lines and duplicates ------------------------------------------------------------------

BAD_INPUT = [
    json.dumps(chat_line("ok-1")),
    "",
    '{"custom_id": "broken", "body": {',
    "[1, 2]",
    json.dumps({"method": "POST", "url": "/v1/chat/completions", "body": {}}),
    json.dumps(chat_line("ok-1", "again")),
    json.dumps({**chat_line("bad-role"), "body": {"model": "gpt-4.1",
                                                  "messages": [{"role": "wizard"}]}}),
    json.dumps({**chat_line("odd-url"), "url": "/v1/fine_tuning/jobs"}),
    json.dumps({**chat_line("get"), "method": "GET"}),
    json.dumps(chat_line("ok-2")),
]


def test_bad_lines_are_reported_and_skipped() -> None:
    conv, out = run(BAD_INPUT)
    assert [x["custom_id"] for x in out] == ["ok-1", "ok-2"]
    report = conv.report
    got = [(b.line, b.id, b.kind, b.action) for b in report.bad_lines]
    assert got == [(3, "broken", "json", "skipped"), (4, None, "envelope", "skipped"),
                   (5, None, "missing_id", "skipped"), (6, "ok-1", "duplicate_id", "skipped"),
                   (7, "bad-role", "payload", "skipped"),
                   (8, "odd-url", "unsupported", "skipped"),
                   (9, "get", "envelope", "skipped")]
    assert report.bad_lines[4].path == "$.body.messages[0].role"
    assert [(d.id, d.line, d.first_line) for d in report.duplicates] == [("ok-1", 6, 1)]
    assert (report.read, report.blank, report.written, report.skipped) == (9, 1, 2, 7)
    assert "bad line 3 (broken): json" in report.summary()


def test_a_duplicate_of_a_skipped_line_is_reported_but_written() -> None:
    broken = {**chat_line("x"), "body": {"model": "gpt-4.1", "messages": "nope"}}
    conv, out = run(jsonl(broken, chat_line("x"), chat_line("x")))
    assert [x["custom_id"] for x in out] == ["x"]
    assert [(d.line, d.first_line) for d in conv.report.duplicates] == [(2, 1), (3, 2)]
    assert [(b.line, b.kind) for b in conv.report.bad_lines] == [(1, "payload"),
                                                                 (3, "duplicate_id")]


def test_bad_lines_kept_copy_the_line_unchanged_and_rejects_get_them() -> None:
    rejected: list[tuple[int, bytes]] = []
    conv = convert_batch(BAD_INPUT, "openai.batch", "anthropic.batch", model=CLAUDE,
                         on_loss="ignore", on_error="keep",
                         rejects=lambda n, raw: rejected.append((n, raw)))
    lines = list(conv)
    kept = [x for x in lines if x.kept]
    assert [x.line for x in kept] == [3, 4, 5, 6, 7, 8, 9]
    assert kept[0].data == BAD_INPUT[2].encode()
    assert [n for n, _ in rejected] == [3, 4, 5, 6, 7, 8, 9]
    assert conv.report.kept == 7 and conv.report.written == 2


def test_on_error_raise_stops_at_the_first_bad_line() -> None:
    conv = convert_batch(BAD_INPUT, "openai.batch", "anthropic.batch", model=CLAUDE,
                         on_loss="ignore", on_error="raise")
    assert next(conv).id == "ok-1"
    with pytest.raises(BatchLineError) as info:
        next(conv)
    assert info.value.bad.line == 3 and info.value.bad.id == "broken"
    assert "line 3 (broken): json" in str(info.value)


def test_a_truncated_create_body_reports_its_last_item() -> None:
    body = json.dumps({"requests": [
        {"custom_id": "a", "params": {"model": CLAUDE, "max_tokens": 5,
                                      "messages": [{"role": "user", "content": "x"}]}},
        {"custom_id": "b", "params": {"model": CLAUDE, "max_tokens": 5,
                                      "messages": [{"role": "user", "content": "y"}]}}]})
    conv, out = run([body[:-30]], "anthropic.batch", "openai.batch", model="gpt-4.1")
    assert [x["custom_id"] for x in out] == ["a"]
    assert [(b.line, b.kind) for b in conv.report.bad_lines] == [(2, "truncated")]


def test_a_document_that_is_not_a_batch_raises() -> None:
    with pytest.raises(interlingua.InvalidPayloadError):
        run(['{"requests": 42}'], "anthropic.batch", "openai.batch", model="gpt-4.1")


def test_a_converter_bug_is_a_bad_line_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import interlingua.batch.convert as mod
    real = mod.translate_request

    def flaky(payload: Any, *args: Any, **kwargs: Any) -> Any:
        if payload["messages"][0]["content"] == "boom":
            raise KeyError("boom")
        return real(payload, *args, **kwargs)

    monkeypatch.setattr(mod, "translate_request", flaky)
    conv, out = run(jsonl(chat_line("a"), chat_line("b", "boom"), chat_line("c")))
    assert [x["custom_id"] for x in out] == ["a", "c"]
    assert conv.report.bad_lines[0].kind == "internal"


# -- ids, losses, options ----------------------------------------------------------------------

def test_ids_are_fitted_to_the_target_and_never_collide() -> None:
    conv, out = run(jsonl(chat_line("order/1"), chat_line("order_1"), chat_line("x" * 80)))
    ids = [x["custom_id"] for x in out]
    assert ids[0] == "order_1" and ids[1] != ids[0] and len(ids[2]) <= 64
    assert len(set(ids)) == 3
    # "order_1" is valid but already taken by the rewrite of "order/1": it gets a hash too
    assert conv.report.renamed_ids == {"order/1": "order_1", "order_1": ids[1],
                                       "x" * 80: ids[2]}
    assert all(loss.path == "$.custom_id" for id in conv.report.renamed_ids
               for loss in conv.report.losses[id] if "rewritten" in loss.reason)


def test_losses_are_reported_per_id_with_line_paths() -> None:
    conv, _ = run(jsonl(chat_line("a", n=2), chat_line("b"), chat_line("c", logit_bias={"1": 2})))
    losses = conv.report.losses
    assert set(losses) == {"a", "c"}
    assert [x.path for x in losses["a"]] == ["$.body.n"]
    assert [x.path for x in losses["c"]] == ["$.body.logit_bias"]
    summary = conv.report.loss_summary()
    assert {row["path"] for row in summary} == {"$.body.n", "$.body.logit_bias"}


def test_on_loss_warn_warns_once_and_raise_rejects_the_line() -> None:
    lines = jsonl(chat_line("a", n=2), chat_line("b", n=3), chat_line("c"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        conv = convert_batch(lines, "openai.batch", "anthropic.batch", model=CLAUDE)
        assert [x.id for x in conv] == ["a", "b", "c"]
    assert len([w for w in caught if issubclass(w.category, interlingua.LossWarning)]) == 1
    conv = convert_batch(lines, "openai.batch", "anthropic.batch", model=CLAUDE,
                         on_loss="raise")
    assert [x.id for x in conv] == ["c"]
    assert [(b.id, b.kind) for b in conv.report.bad_lines] == [("a", "loss"), ("b", "loss")]


def test_line_keys_the_target_has_no_place_for_are_losses() -> None:
    line = {**chat_line("a"), "x_priority": "high"}
    conv, out = run(jsonl(line))
    assert "x_priority" not in out[0]
    assert [x.path for x in conv.report.losses["a"]] == ["$.x_priority"]
    conv, out = run(jsonl(line), target="openai.batch")
    assert out[0]["x_priority"] == "high" and not conv.report.losses


def test_model_and_options_apply_to_every_line() -> None:
    _, out = run(jsonl(chat_line("a"), chat_line("b")), model="claude-haiku-4-5",
                 default_max_tokens=123)
    assert {x["params"]["model"] for x in out} == {"claude-haiku-4-5"}
    assert {x["params"]["max_tokens"] for x in out} == {123}


def test_endpoint_option_and_urls() -> None:
    lines = jsonl(chat_line("a"), {**chat_line("b"), "url": "/chat/completions"})
    conv, out = run(lines, target="openai.batch")
    assert [x["url"] for x in out] == ["/v1/chat/completions"] * 2
    if "openai.responses" in interlingua.formats():
        conv, out = run(lines, target="openai.batch", endpoint="/v1/responses")
        assert [x["url"] for x in out] == ["/v1/responses"] * 2
        assert all("input" in x["body"] for x in out)
        assert conv.report.endpoint == "/v1/chat/completions"
    with pytest.raises(ValueError, match="endpoint"):
        convert_batch(lines, "openai.batch", "openai.batch", endpoint="/v1/nothing")
    with pytest.raises(ValueError, match="endpoint"):
        convert_batch(lines, "openai.batch", "anthropic.batch", endpoint="/v1/responses")


def test_embeddings_pass_through_only_to_openai() -> None:
    emb = {"custom_id": "e", "method": "POST", "url": "/v1/embeddings",
           "body": {"model": "text-embedding-3-small", "input": "x"}}
    _, out = run(jsonl(emb), target="openai.batch")
    assert out == [emb]
    conv, out = run(jsonl(emb))
    assert out == [] and conv.report.bad_lines[0].kind == "unsupported"


def test_unknown_formats_and_unregistered_body_formats_fail_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(interlingua.UnknownFormatError):
        convert_batch([], "openai.batch", "mistral.batch")
    monkeypatch.delitem(registry._FORMATS, "google.gemini", raising=False)
    with pytest.raises(interlingua.UnknownFormatError, match=r"google\.gemini"):
        convert_batch([], "google.batch", "anthropic.batch", model=CLAUDE)
    with pytest.raises(ValueError, match="layout"):
        convert_batch([], "openai.batch", "openai.batch", layout="create")
    with pytest.raises(ValueError, match="on_error"):
        convert_batch([], "openai.batch", "openai.batch", on_error="ignore")  # type: ignore[arg-type]


def test_gemini_lines_need_a_model_for_targets_that_need_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    if "google.gemini" not in registry._FORMATS:
        monkeypatch.setitem(registry._FORMATS, "google.gemini",
                            "interlingua.wire.openai_chat:OpenAIChat")
    with pytest.raises(ValueError, match="model="):
        convert_batch([], "google.batch", "anthropic.batch")


# -- results ------------------------------------------------------------------------------------

def anthropic_message(text: str = "hi", **extra: Any) -> dict[str, Any]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": CLAUDE,
            "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
            "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}, **extra}


ANTHROPIC_RESULTS = jsonl(
    {"custom_id": "a", "result": {"type": "succeeded", "message": anthropic_message()}},
    {"custom_id": "b", "result": {"type": "errored", "error": {
        "type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}}},
    {"custom_id": "c", "result": {"type": "canceled"}},
    {"custom_id": "d", "result": {"type": "expired"}},
)


def test_results_anthropic_to_openai_and_back() -> None:
    conv = convert_batch_results(ANTHROPIC_RESULTS, "anthropic.batch", "openai.batch",
                                 on_loss="ignore")
    out = [json.loads(x.data) for x in conv]
    assert out[0]["response"]["status_code"] == 200
    assert out[0]["response"]["body"]["object"] == "chat.completion"
    assert out[0]["response"]["body"]["choices"][0]["message"]["content"] == "hi"
    assert out[1]["response"]["status_code"] == 503
    assert out[1]["response"]["body"]["error"]["type"] == "server_error"
    assert out[2] == {"id": out[2]["id"], "custom_id": "c", "response": None,
                      "error": {"code": "batch_cancelled", "message": out[2]["error"]["message"]}}
    assert out[3]["error"]["code"] == "batch_expired"
    assert conv.report.outcomes == {"succeeded": 1, "errored": 1, "canceled": 1, "expired": 1}
    back = convert_batch_results([x.decode() if isinstance(x, bytes) else json.dumps(x)
                                  for x in out], "openai.batch", "anthropic.batch",
                                 on_loss="ignore")
    again = [json.loads(x.data) for x in back]
    assert [x["result"]["type"] for x in again] == ["succeeded", "errored", "canceled",
                                                    "expired"]
    assert again[1]["result"]["error"]["error"]["type"] == "api_error"


def test_openai_request_timeout_is_an_errored_timeout() -> None:
    line = {"id": "batch_req_1", "custom_id": "t", "response": None,
            "error": {"code": "request_timeout", "message": "The request timed out."}}
    conv = convert_batch_results(jsonl(line), "openai.batch", "anthropic.batch")
    out = [json.loads(x.data) for x in conv]
    assert out[0]["result"]["error"]["error"]["type"] == "timeout_error"


def test_results_are_matched_by_id_through_the_manifest(tmp_path: Path) -> None:
    long_tool = "mcp__knowledge_base__search_every_engineering_design_document_we_have_ever"
    request = {"custom_id": "kb/1", "params": {
        "model": CLAUDE, "max_tokens": 100, "messages": [{"role": "user", "content": "q"}],
        "tools": [{"name": long_tool, "input_schema": {"type": "object"}}]}}
    conv = convert_batch(jsonl(request), "anthropic.batch", "openai.batch", model="gpt-4.1",
                         on_loss="ignore")
    sent = [json.loads(x.data) for x in conv]
    written_tool = sent[0]["body"]["tools"][0]["function"]["name"]
    assert written_tool != long_tool
    manifest = conv.report.to_dict()
    result = {"id": "batch_req_9", "custom_id": "kb/1", "response": {
        "status_code": 200, "request_id": "req_9", "body": {
            "id": "chatcmpl-9", "object": "chat.completion", "created": 1, "model": "gpt-4.1",
            "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                "role": "assistant", "content": None, "tool_calls": [{
                    "id": "call_1", "type": "function",
                    "function": {"name": written_tool, "arguments": "{}"}}]}}]}}, "error": None}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(manifest))
    back = convert_batch_results(jsonl(result), "openai.batch", "anthropic.batch",
                                 manifest=path, on_loss="ignore")
    out = [json.loads(x.data) for x in back]
    assert out[0]["custom_id"] == "kb_1"  # restored, then fitted to Anthropic's rules again
    assert out[0]["result"]["message"]["content"][0]["name"] == long_tool


def test_results_restore_ids_the_requests_rewrote() -> None:
    conv = convert_batch(jsonl(chat_line("doc/7#1")), "openai.batch", "anthropic.batch",
                         model=CLAUDE, on_loss="ignore")
    written = next(x.id for x in conv)
    results = jsonl({"custom_id": written, "result": {"type": "succeeded",
                                                       "message": anthropic_message()}})
    back = convert_batch_results(results, "anthropic.batch", "openai.batch",
                                 manifest=conv.report.to_dict(), on_loss="ignore")
    assert [json.loads(x.data)["custom_id"] for x in back] == ["doc/7#1"]


def test_duplicate_and_bad_result_lines() -> None:
    lines = [ANTHROPIC_RESULTS[0], ANTHROPIC_RESULTS[0], '{"custom_id": "x", "result": 1}',
             '{"custom_id": "y", "result": {"type": "weird"}}']
    conv = convert_batch_results(lines, "anthropic.batch", "openai.batch", on_loss="ignore")
    assert [x.id for x in conv] == ["a"]
    assert [(b.line, b.kind) for b in conv.report.bad_lines] == [
        (2, "duplicate_id"), (3, "envelope"), (4, "envelope")]


# -- Gemini and Vertex envelopes (pure functions) ------------------------------------------------

@pytest.mark.parametrize("id", ["req-1", "Request_ABC", "doc/7#1", "x" * 200, "日本語", ""])
def test_vertex_id_labels_round_trip(id: str) -> None:
    labels = id_labels(id)
    assert id_from_labels({"team": "a", **labels}) == id
    for key, value in labels.items():
        assert len(value) <= 63 and value == value.lower(), (key, value)


def test_google_status_objects() -> None:
    status, env = google_error_envelope({"code": 3, "message": "bad"})
    assert status == 400 and env == {"error": {"code": 400, "message": "bad",
                                               "status": "INVALID_ARGUMENT"}}
    status, env = google_error_envelope({"code": 429, "message": "slow down"})
    assert status == 429 and env["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert google_status_object(503, {"error": {"code": 503, "message": "x",
                                                "status": "UNAVAILABLE"}}) == {
        "code": 14, "message": "x"}


# -- writing: splitting, groups, manifests ---------------------------------------------------------

def _line(id: str, size: int = 10, group: Any = ()) -> BatchLine:
    return BatchLine(json.dumps({"custom_id": id, "pad": "x" * size}).encode(), id, 1, group)


def test_writer_rolls_over_at_the_request_limit(tmp_path: Path) -> None:
    writer = BatchWriter(tmp_path / "out.jsonl", limits=BatchLimits(max_requests=2))
    for n in range(5):
        writer.write(_line(f"r{n}"))
    files = writer.close()
    assert [f["path"] for f in files] == ["out-001.jsonl", "out-002.jsonl", "out-003.jsonl"]
    assert [f["lines"] for f in files] == [2, 2, 1]
    assert [(f["first_id"], f["last_id"]) for f in files] == [("r0", "r1"), ("r2", "r3"),
                                                               ("r4", "r4")]
    for f in files:
        assert (tmp_path / f["path"]).stat().st_size == f["bytes"]


def test_writer_rolls_over_at_the_byte_limit_with_envelopes(tmp_path: Path) -> None:
    envelope = (b'{"requests":[', b",", b"]}")
    writer = BatchWriter(f"{tmp_path}/d/", limits=BatchLimits(max_bytes=200),
                         envelope=lambda group: envelope)
    for n in range(6):
        writer.write(_line(f"r{n}", 40))
    files = writer.close()
    assert len(files) > 1
    for f in files:
        data = (tmp_path / "d" / f["path"]).read_bytes()
        assert len(data) == f["bytes"] <= 200
        assert [x["custom_id"] for x in json.loads(data)["requests"]]
    assert sum(f["lines"] for f in files) == 6
    assert files[0]["path"] == "batch-001.json"


def test_one_file_keeps_the_given_name_and_a_huge_line_gets_its_own(tmp_path: Path) -> None:
    writer = BatchWriter(tmp_path / "one.jsonl", limits=BatchLimits(max_bytes=100))
    writer.write(_line("a"))
    files = writer.close()
    assert [f["path"] for f in files] == ["one.jsonl"]
    writer = BatchWriter(tmp_path / "two.jsonl", limits=BatchLimits(max_bytes=100))
    writer.write(_line("a"))
    writer.write(_line("big", 500))
    writer.write(_line("b"))
    files = writer.close()
    assert [(f["lines"], f.get("over_limit", False)) for f in files] == [
        (1, False), (1, True), (1, False)]


def test_write_batch_splits_by_model_and_endpoint_for_openai(tmp_path: Path) -> None:
    lines = jsonl(chat_line("a", model="gpt-4.1"), chat_line("b", model="gpt-4.1-mini"),
                  chat_line("c", model="gpt-4.1"), chat_line("d", model="gpt-4.1-mini"),
                  chat_line("e", model="gpt-4.1"))
    conv = convert_batch(lines, "openai.batch", "openai.batch", on_loss="ignore")
    manifest = write_batch(conv, tmp_path / "out.jsonl",
                           limits=BatchLimits(max_requests=2))
    files = manifest["files"]
    assert [(f["model"], f["lines"]) for f in files] == [
        ("gpt-4.1", 2), ("gpt-4.1-mini", 2), ("gpt-4.1", 1)]
    assert all(f["endpoint"] == "/v1/chat/completions" for f in files)
    for f in files:
        models = {json.loads(x)["body"]["model"]
                  for x in (tmp_path / f["path"]).read_text().splitlines()}
        assert models == {f["model"]}
    saved = json.loads((tmp_path / "out.manifest.json").read_text())
    assert saved["files"] == files and saved["counts"]["written"] == 5
    assert saved["limits"]["max_requests"] == 2


def test_anthropic_batches_mix_models_in_one_file(tmp_path: Path) -> None:
    lines = jsonl(chat_line("a"), chat_line("b"))
    conv = convert_batch(lines, "openai.batch", "anthropic.batch", on_loss="ignore",
                         model=None)
    manifest = write_batch(conv, tmp_path / "out.jsonl")
    assert [f["path"] for f in manifest["files"]] == ["out.jsonl"]
    assert manifest["limits"] == vendor_limits("anthropic.batch").to_dict()


def test_write_batch_create_layout_is_valid_json(tmp_path: Path) -> None:
    lines = jsonl(*(chat_line(f"r{n}") for n in range(5)))
    conv = convert_batch(lines, "openai.batch", "anthropic.batch", model=CLAUDE,
                         on_loss="ignore", layout="create")
    manifest = write_batch(conv, tmp_path / "create", limits=BatchLimits(max_requests=3))
    assert [f["path"] for f in manifest["files"]] == ["create-001.json", "create-002.json"]
    ids = [r["custom_id"] for f in manifest["files"]
           for r in json.loads((tmp_path / f["path"]).read_text())["requests"]]
    assert ids == [f"r{n}" for n in range(5)]


def test_an_empty_batch_writes_an_empty_file(tmp_path: Path) -> None:
    conv = convert_batch([], "openai.batch", "anthropic.batch", model=CLAUDE,
                         layout="create")
    manifest = write_batch(conv, tmp_path / "e.json")
    assert json.loads((tmp_path / "e.json").read_text()) == {"requests": []}
    assert manifest["counts"]["read"] == 0


def test_vendor_limits() -> None:
    assert vendor_limits("openai.batch").max_requests == 50_000
    assert vendor_limits("openai.batch").max_bytes == 100 * 1024 * 1024
    assert vendor_limits("anthropic.batch").max_requests == 100_000
    assert vendor_limits("anthropic.batch", "create").max_bytes == 256 * 1024 * 1024
    assert vendor_limits("vertex.batch").max_requests == 200_000
    assert vendor_limits("google.batch").max_bytes == 2 * 1024 ** 3
    assert vendor_limits("openai.batch", "nothing") is UNLIMITED
    assert set(batch_formats()) == {"openai.batch", "anthropic.batch", "google.batch",
                                    "vertex.batch"}


def test_results_are_never_split(tmp_path: Path) -> None:
    conv = convert_batch_results(ANTHROPIC_RESULTS, "anthropic.batch", "anthropic.batch")
    manifest = write_batch(conv, tmp_path / "r.jsonl")
    assert manifest["limits"]["max_requests"] is None
    assert [f["lines"] for f in manifest["files"]] == [4]


def test_top_level_exports() -> None:
    assert interlingua.convert_batch is convert_batch
    assert interlingua.convert_batch_results is convert_batch_results
    with pytest.raises(AttributeError):
        interlingua.no_such_thing  # noqa: B018
