"""Golden batch files: every case to every batch format whose body formats are registered.

Layout (``golden/batches/<source>/<case>/``):

* requests: ``input.jsonl`` (or ``input.json``, a create body) -> ``<target>.jsonl`` (the
  converted file, ``<target>.create.json`` for the create-body layout) and
  ``<target>.report.json`` (counts, losses per id, bad lines, duplicates, renamed ids);
* results: ``results.jsonl`` -> ``<target>.results.jsonl`` and
  ``<target>.results.report.json``; ``case.json`` may name the requests conversion whose
  manifest the results are matched with (``manifest_from: {case, target}``).

``case.json`` may also set ``models`` (target -> model), ``options``, ``endpoint``,
``on_error`` and ``layouts`` (extra output layouts such as ``create``).

Every output line is checked against the vendor's SDK types (``tests/conformance.py``): each
request body with ``REQUEST_CHECKERS`` of its format, each succeeded result body with
``RESPONSE_CHECKERS``, and the line envelopes against the batch types where the SDKs have
them (Anthropic), else against the documented shape.

The golden files are compared byte for byte. To write new or changed ones (then review them
as the vendor would read them)::

    INTERLINGUA_UPDATE_GOLDEN=1 python -m pytest tests/test_batch_golden.py

A pair whose formats are registered but whose golden file is missing fails, saying so.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import interlingua
from conformance import REQUEST_CHECKERS, RESPONSE_CHECKERS, conform
from interlingua.batch import batch_formats, convert_batch, convert_batch_results
from interlingua.batch.formats import OPENAI_URLS, get_batch_format, normalize_url

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "batches"
UPDATE = os.environ.get("INTERLINGUA_UPDATE_GOLDEN") == "1"

#: The model a request is written for when the conversion changes vendor (as in cases.py).
TARGET_MODELS = {"openai.batch": "gpt-4.1", "anthropic.batch": "claude-sonnet-4-5",
                 "google.batch": "gemini-2.5-flash", "vertex.batch": "gemini-2.5-flash"}
FAMILY = {"openai.batch": "openai", "anthropic.batch": "anthropic",
          "google.batch": "google", "vertex.batch": "google"}


# -- cases -------------------------------------------------------------------------------------

class BatchCase:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.source = directory.parent.name
        self.name = directory.name
        settings = directory / "case.json"
        self.settings: dict[str, Any] = json.loads(settings.read_text()) if settings.exists() \
            else {}
        inputs = [p for p in (directory / "input.jsonl", directory / "input.json")
                  if p.exists()]
        self.kind = "requests" if inputs else "results"
        self.input = inputs[0] if inputs else directory / "results.jsonl"

    @property
    def id(self) -> str:
        return f"{self.source}/{self.name}"

    def model_for(self, target: str) -> str | None:
        models = self.settings.get("models", {})
        if target in models:
            return str(models[target])
        if FAMILY[target] == FAMILY[self.source] and self.source != "google.batch" \
                and self.source != "vertex.batch":
            return None
        return TARGET_MODELS[target]

    def layouts(self, target: str) -> list[str]:
        extra = [x for x in self.settings.get("layouts", []) if x in
                 get_batch_format(target).layouts]
        return ["jsonl", *extra]


def _cases() -> list[BatchCase]:
    return [BatchCase(p) for p in sorted(GOLDEN.glob("*/*")) if p.is_dir()]


def _body_formats(fmt_id: str, kind: str) -> list[str]:
    """The body formats a batch format needs registered to read or write ``kind``."""
    fmt = get_batch_format(fmt_id)
    if kind == "requests":
        return [fmt.request_format] if fmt.request_format else ["openai.chat"]
    return [f for f in (fmt.response_format or "openai.chat", fmt.error_format) if f]


def _available(case: BatchCase, target: str) -> bool:
    registered = set(interlingua.formats())
    need = _body_formats(case.source, case.kind) + _body_formats(target, case.kind)
    return all(f in registered for f in need)


CASES = _cases()
REQUEST_PAIRS = [(c, t, layout) for c in CASES if c.kind == "requests"
                 for t in batch_formats() for layout in c.layouts(t)]
RESULT_PAIRS = [(c, t) for c in CASES if c.kind == "results" for t in batch_formats()]


# -- golden comparison -------------------------------------------------------------------------

def _golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no golden file {path.relative_to(GOLDEN.parent.parent)}: review the "
                    f"output and write it with INTERLINGUA_UPDATE_GOLDEN=1")
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        exp_lines, act_lines = expected.splitlines(), actual.splitlines()
        for n, (e, a) in enumerate(zip(exp_lines, act_lines, strict=False), 1):
            if e != a:
                pytest.fail(f"{path.name} line {n} differs:\n  expected {e[:400]}\n"
                            f"  actual   {a[:400]}")
        pytest.fail(f"{path.name}: {len(act_lines)} lines, expected {len(exp_lines)}")


def _json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _output_text(conv: Any, lines: list[Any]) -> str:
    envelope = conv.envelope(())
    if envelope is None:
        return "".join(line.data.decode() + "\n" for line in lines)
    prefix, sep, suffix = envelope
    return (prefix + sep.join(line.data for line in lines) + suffix).decode() + "\n"


# -- line checks against the vendors' types ----------------------------------------------------

def _errors_of(checker_errors: list[str], where: str) -> list[str]:
    return [f"{where}: {e}" for e in checker_errors]


def check_request_line(target: str, line: dict[str, Any], where: str = "$") -> list[str]:
    """Errors of one request line of ``target`` (envelope and body)."""
    errors: list[str] = []
    if target == "openai.batch":
        if set(line) != {"custom_id", "method", "url", "body"}:
            errors.append(f"{where}: keys {sorted(line)}")
        if not isinstance(line.get("custom_id"), str) or line.get("method") != "POST":
            errors.append(f"{where}: custom_id must be a string and method POST")
        url = normalize_url(str(line.get("url")))
        fmt = OPENAI_URLS.get(url)
        if fmt is None:
            return errors if url in ("/v1/embeddings", "/v1/moderations") else \
                [*errors, f"{where}: unknown url {url}"]
        errors += _errors_of(REQUEST_CHECKERS[fmt](line["body"]), f"{where}.body")
    elif target == "anthropic.batch":
        from anthropic.types.messages.batch_create_params import Request
        errors += [e for e in conform(line, Request, where)  # the envelope; params below
                   if not e.startswith(f"{where}.params")]
        errors += _errors_of(REQUEST_CHECKERS["anthropic.messages"](line["params"]),
                             f"{where}.params")
        custom_id = line.get("custom_id")
        fmt = get_batch_format(target)
        if not (isinstance(custom_id, str) and fmt.id_rules and fmt.id_rules.accepts(custom_id)):
            errors.append(f"{where}.custom_id: {custom_id!r} breaks ^[a-zA-Z0-9_-]{{1,64}}$")
    elif target == "google.batch":
        body = line.get("request")
        key = line.get("key", (line.get("metadata") or {}).get("key"))
        if not isinstance(key, str) or not isinstance(body, dict):
            errors.append(f"{where}: expected {{key, request}} or {{request, metadata: {{key}}}}")
        else:
            errors += _errors_of(REQUEST_CHECKERS["google.gemini"](body), f"{where}.request")
    elif target == "vertex.batch":
        body = line.get("request")
        if set(line) != {"request"} or not isinstance(body, dict):
            errors.append(f"{where}: expected {{request}}")
        else:
            labels = body.get("labels") or {}
            if not any(k.startswith("interlingua_id") for k in labels):
                errors.append(f"{where}.request.labels: no id label")
            errors += _errors_of(REQUEST_CHECKERS["google.vertex"](body), f"{where}.request")
    return errors


def check_result_line(target: str, line: dict[str, Any], where: str = "$") -> list[str]:
    """Errors of one results line of ``target``."""
    errors: list[str] = []
    if target == "openai.batch":
        if set(line) != {"id", "custom_id", "response", "error"}:
            errors.append(f"{where}: keys {sorted(line)}")
        response, error = line.get("response"), line.get("error")
        if (response is None) == (error is None):
            errors.append(f"{where}: exactly one of response and error must be set")
        if response is not None:
            if set(response) != {"status_code", "request_id", "body"}:
                errors.append(f"{where}.response: keys {sorted(response)}")
            body = response.get("body") or {}
            if 200 <= response.get("status_code", 0) < 300:
                fmt = {"chat.completion": "openai.chat", "response": "openai.responses",
                       "text_completion": "openai.completions"}.get(body.get("object"))
                if fmt is not None:
                    errors += _errors_of(RESPONSE_CHECKERS[fmt](body), f"{where}.response.body")
            elif set(body) != {"error"} or set(body["error"]) != {"message", "type", "param",
                                                                  "code"}:
                errors.append(f"{where}.response.body: not an OpenAI error body")
        if error is not None and (set(error) != {"code", "message"} or error["code"] not in
                                  ("batch_expired", "batch_cancelled", "request_timeout")):
            errors.append(f"{where}.error: {error}")
    elif target == "anthropic.batch":
        from anthropic.types.messages.message_batch_individual_response import (
            MessageBatchIndividualResponse,
        )
        result = line.get("result") or {}
        if result.get("type") == "succeeded":
            errors += conform({**line, "result": {"type": "succeeded", "message": None}},
                              MessageBatchIndividualResponse, where)
            errors = [e for e in errors if not e.startswith(f"{where}.result.message")]
            errors += _errors_of(RESPONSE_CHECKERS["anthropic.messages"](result["message"]),
                                 f"{where}.result.message")
        else:
            errors += conform(line, MessageBatchIndividualResponse, where)
    elif target in ("google.batch", "vertex.batch"):
        fmt = "google.gemini" if target == "google.batch" else "google.vertex"
        if target == "google.batch":
            keys_ok = set(line) in ({"key", "response"}, {"key", "error"})
        else:
            keys_ok = set(line) in ({"status", "request", "response"}, {"status", "request"})
        if not keys_ok:
            errors.append(f"{where}: keys {sorted(line)}")
        if "response" in line:
            errors += _errors_of(RESPONSE_CHECKERS[fmt](line["response"]), f"{where}.response")
        if "error" in line:
            err = line["error"]
            if not (isinstance(err.get("code"), int) and isinstance(err.get("message"), str)):
                errors.append(f"{where}.error: not a google.rpc.Status")
    return errors


def _check_output(target: str, kind: str, text: str, layout: str) -> None:
    errors: list[str] = []
    if layout == "create":
        doc = json.loads(text)
        if target == "anthropic.batch":
            from anthropic.types.messages.batch_create_params import BatchCreateParams
            errors += [e for e in conform(doc, BatchCreateParams)  # items checked below
                       if ".params" not in e]
            items = doc["requests"]
        else:
            items = doc["batch"]["input_config"]["requests"]["requests"]
        lines = list(items)
    else:
        lines = [json.loads(x) for x in text.splitlines()]
    for n, line in enumerate(lines, 1):
        check = check_request_line if kind == "requests" else check_result_line
        errors += check(target, line, f"line {n}")
    assert not errors, f"{target} output does not conform:\n" + "\n".join(errors[:40])


def requests_manifest(case: BatchCase) -> dict[str, Any] | None:
    spec = case.settings.get("manifest_from")
    if spec is None:
        return None
    source_case = BatchCase(GOLDEN / spec["case"])
    target = spec["target"]
    with open(source_case.input, "rb") as fh:
        conv = convert_batch(fh, source_case.source, target,
                             model=source_case.model_for(target), on_loss="ignore")
        for _ in conv:
            pass
    return conv.report.to_dict()


# -- the tests ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("case", "target", "layout"), REQUEST_PAIRS,
                         ids=[f"{c.id}->{t}{'' if layout == 'jsonl' else '.' + layout}"
                              for c, t, layout in REQUEST_PAIRS])
def test_golden_batch_requests(case: BatchCase, target: str, layout: str) -> None:
    if not _available(case, target):
        pytest.skip(f"{case.source} -> {target}: a body format is not registered yet")
    settings = case.settings
    with open(case.input, "rb") as fh:
        conv = convert_batch(fh, case.source, target, model=case.model_for(target),
                             on_loss="ignore", on_error=settings.get("on_error", "skip"),
                             endpoint=settings.get("endpoint") if target == "openai.batch"
                             else None, layout=layout, options=settings.get("options"))
        lines = list(conv)
    text = _output_text(conv, lines)
    _check_output(target, "requests", text, layout)
    suffix = ".jsonl" if layout == "jsonl" else f".{layout}.json"
    _golden(case.dir / f"{target}{suffix}", text)
    if layout == "jsonl":
        _golden(case.dir / f"{target}.report.json", _json_text(conv.report.to_dict()))


@pytest.mark.parametrize(("case", "target"), RESULT_PAIRS,
                         ids=[f"{c.id}->{t}" for c, t in RESULT_PAIRS])
def test_golden_batch_results(case: BatchCase, target: str) -> None:
    if not _available(case, target):
        pytest.skip(f"{case.source} -> {target}: a body format is not registered yet")
    spec = case.settings.get("manifest_from")
    if spec is not None and not _available(BatchCase(GOLDEN / spec["case"]), spec["target"]):
        pytest.skip("the requests conversion of the manifest needs an unregistered format")
    manifest = requests_manifest(case)
    with open(case.input, "rb") as fh:
        conv = convert_batch_results(fh, case.source, target, manifest=manifest,
                                     on_loss="ignore",
                                     endpoint=case.settings.get("endpoint")
                                     if target == "openai.batch" else None)
        lines = list(conv)
    text = _output_text(conv, lines)
    _check_output(target, "results", text, "jsonl")
    _golden(case.dir / f"{target}.results.jsonl", text)
    _golden(case.dir / f"{target}.results.report.json", _json_text(conv.report.to_dict()))


def test_every_batch_format_has_cases() -> None:
    sources = {c.source for c in CASES}
    assert sources == set(batch_formats())
    assert {c.source for c in CASES if c.kind == "results"} == set(batch_formats())
