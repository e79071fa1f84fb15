"""The validator: API, golden payloads, the compiled schema checker, repair, CLI, images."""

from __future__ import annotations

import base64
import copy
import json
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import interlingua
from interlingua.validate import (
    KINDS,
    RULES,
    Diagnostic,
    PatchError,
    apply_patch,
    check_batch,
    images,
    repair,
    resolve,
    schema,
    validate,
)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"

# Golden payloads that break a vendor rule, each reported to the lead (a converter bug, or a
# golden case the vendor would refuse): case directory (relative to golden/) -> the rule, for
# every file of the case that the rule applies to.
KNOWN_BAD: dict[str, str] = {}
#: Golden files a rule is known to flag, with the reason (empty: every golden is valid).
KNOWN_BAD_RULES_BY_TARGET: dict[str, str] = {}


def _format_of(path: Path) -> str | None:
    name = path.name
    if name == "input.json":
        return path.parent.parent.name
    if name.endswith(".losses.json") or name in ("ir.json", "case.json"):
        return None
    return name[: -len(".json")]


def _golden_requests() -> list[Path]:
    return sorted(p for p in (GOLDEN / "requests").glob("*/*/*.json") if _format_of(p))


def _known(fmt: str) -> bool:
    try:
        resolve(fmt)
    except interlingua.UnknownFormatError:
        return False
    return True


@pytest.mark.parametrize("path", _golden_requests(),
                         ids=lambda p: str(p.relative_to(GOLDEN / "requests")))
def test_golden_requests_have_no_error(path: Path) -> None:
    fmt = _format_of(path)
    assert fmt is not None
    if not _known(fmt):
        pytest.skip(f"no validator for {fmt}")
    errors = [d for d in validate(json.loads(path.read_text()), fmt) if d.severity == "error"]
    rel = str(path.parent.relative_to(GOLDEN))
    expected = {KNOWN_BAD.get(rel), KNOWN_BAD_RULES_BY_TARGET.get(path.name)}
    errors = [d for d in errors if d.rule not in expected]
    assert not errors, "\n".join(map(str, errors))


def _golden_outputs(kind: str) -> list[tuple[Path, str, Any]]:
    root = GOLDEN / ("responses" if kind == "response" else "streams")
    out = []
    for path in sorted(root.glob("**/*.json")):
        fmt = _format_of(path)
        if fmt is None or not _known(fmt):
            continue
        doc = json.loads(path.read_text())
        items = [doc]
        while any(isinstance(x, list) for x in items):
            items = [y for x in items for y in (x if isinstance(x, list) else [x])]
        out.extend((path, fmt, item) for item in items if isinstance(item, dict))
    return out


@pytest.mark.parametrize("kind", ["response", "event"])
def test_golden_responses_and_events_have_no_error(kind: str) -> None:
    bad = []
    for path, fmt, item in _golden_outputs(kind):
        errors = [d for d in validate(item, fmt, kind) if d.severity == "error"]  # type: ignore[arg-type]
        if errors:
            bad.append(f"{path.relative_to(GOLDEN)}: {errors[0]}")
    assert not bad, "\n".join(bad[:20])


# -- the compiled checker agrees with jsonschema -------------------------------------------

def _schema_names() -> list[str]:
    return sorted(p.name[:-5] for p in schema.schema_dir().glob("*.json")
                  if p.name != "index.json")


@pytest.mark.parametrize("name", ["openai.chat.request", "anthropic.messages.request",
                                  "openai.responses.request", "google.gemini.request"])
def test_compiled_checker_compiles(name: str) -> None:
    assert schema.fast_checker(name) is not None


def test_compiled_checker_accepts_what_jsonschema_accepts() -> None:
    from jsonschema import Draft202012Validator

    for path in _golden_requests():
        if path.name != "input.json":
            continue
        fmt = _format_of(path)
        assert fmt is not None
        target = resolve(fmt) if _known(fmt) else None
        if target is None or target.schema is None:
            continue
        name = f"{target.schema}.request"
        payload = json.loads(path.read_text())
        fast = schema.fast_checker(name)
        assert fast is not None
        valid = Draft202012Validator(schema.load(name)).is_valid(payload)
        assert fast(payload) == valid, path


def _mutations(payload: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    out: list[tuple[tuple[Any, ...], Any]] = [(path, payload)]
    if isinstance(payload, dict):
        for k, v in payload.items():
            out.extend(_mutations(v, (*path, k)))
    elif isinstance(payload, list):
        for i, v in enumerate(payload[:3]):
            out.extend(_mutations(v, (*path, i)))
    return out


_ODD = [None, 1, 1.5, True, "x", [], {}, {"type": "nope"}, ["x"], -1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compiled_checker_never_accepts_an_invalid_payload(data: st.DataObject) -> None:
    """Swap any node of a golden request for an odd value: the compiled checker and
    jsonschema agree (the fast path may only ever say "valid" when jsonschema does)."""
    from jsonschema import Draft202012Validator

    cases = [("openai.chat", GOLDEN / "requests/openai.chat/01-agents-sdk-parallel-tool-calls"
                                     "/input.json"),
             ("anthropic.messages", GOLDEN / "requests/anthropic.messages/"
                                             "01-claude-code-session/input.json"),
             ("openai.chat", GOLDEN / "requests/openai.chat/03-vision-url-and-data-uris"
                                      "/input.json")]
    fmt, path = data.draw(st.sampled_from(cases))
    payload = json.loads(path.read_text())
    where, _ = data.draw(st.sampled_from(_mutations(payload)))
    value = data.draw(st.sampled_from(_ODD))
    mutated = copy.deepcopy(payload)
    if not where:
        return
    node = mutated
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    name = f"{fmt}.request"
    fast = schema.fast_checker(name)
    assert fast is not None
    assert fast(mutated) == Draft202012Validator(schema.load(name)).is_valid(mutated)


# -- the API ------------------------------------------------------------------------------

def test_public_api() -> None:
    body = {"model": "claude-sonnet-4-5", "max_tokens": 100,
            "messages": [{"role": "user", "content": "hi"}]}
    assert interlingua.validate(body) == []
    assert interlingua.validate(body, format="claude") == []
    assert interlingua.Diagnostic is Diagnostic
    assert interlingua.repair is repair
    out = interlingua.validate({**body, "max_tokens": 2048, "top_k": 5,
                                "thinking": {"type": "enabled",
                                                                  "budget_tokens": 1024}},
                               "anthropic.messages", "request", "claude-sonnet-4-5")
    assert [d.rule for d in out] == ["anthropic.thinking.top_k"]
    d = out[0]
    assert (d.path, d.severity, d.layer) == ("$.top_k", "error", "model")
    assert d.vendor_error and d.source and d.fix and d.message
    assert "anthropic.thinking.top_k" in str(d)


def test_input_is_never_mutated() -> None:
    body = {"model": "o3", "max_tokens": 10, "temperature": 0.2,
            "messages": [{"role": "user", "content": "hi"}]}
    before = copy.deepcopy(body)
    validate(body, "openai.chat")
    fixed = repair(body, "openai.chat")
    assert body == before
    assert fixed.payload == {"model": "o3", "max_completion_tokens": 10,
                             "messages": [{"role": "user", "content": "hi"}]}
    assert [c.rule for c in fixed.changes] == ["openai.max_tokens.unsupported",
                                               "openai.temperature.fixed"]
    assert fixed.valid and fixed.diagnostics == []


def test_errors_and_bad_arguments() -> None:
    with pytest.raises(interlingua.UnknownFormatError):
        validate({}, "no.such.format")
    with pytest.raises(ValueError):
        validate({}, "openai.chat", "reply")  # type: ignore[arg-type]
    out = validate([1, 2], "openai.chat")  # type: ignore[arg-type]
    assert [(d.rule, d.path) for d in out] == [("schema.type", "$")]
    assert set(KINDS) == {"request", "response", "event"}


def test_every_format_and_kind_has_a_schema() -> None:
    index = json.loads((schema.schema_dir() / "index.json").read_text())
    formats = index["formats"]
    for fid in ("openai.chat", "openai.responses", "openai.completions", "anthropic.messages",
                "google.gemini", "google.vertex", "openrouter.chat", "vllm.chat", "xai.chat",
                "deepseek.chat", "zhipu.chat", "moonshot.chat", "minimax.chat", "google.openai",
                "vertex.anthropic", "bedrock.anthropic"):
        assert set(formats[fid]) >= {"request", "response", "event"}, fid
        for kind in KINDS:
            assert schema.load(f"{fid}.{kind}") is not None


def test_dialects_resolve_to_their_base() -> None:
    t = resolve("deepseek.chat")
    assert (t.family, t.schema, t.open) == ("openai.chat", "deepseek.chat", True)
    t = resolve("bedrock.anthropic")
    assert (t.family, t.surface) == ("anthropic.messages", "bedrock")
    assert resolve("google.vertex").surface == "vertex"
    # A dialect's own fields pass; unknown keys are not flagged on a dialect.
    body = {"model": "deepseek-v4-flash", "thinking": {"type": "disabled"}, "foo": 1,
            "messages": [{"role": "user", "content": "hi"}]}
    assert validate(body, "deepseek.chat") == []
    assert [d.rule for d in validate(body, "openai.chat", model="gpt-4.1")] == [
        "schema.unknown-field", "schema.unknown-field"]


def test_registered_format_without_a_schema_uses_its_base(monkeypatch: Any) -> None:
    from interlingua import registry

    monkeypatch.setitem(registry._FORMATS, "acme.chat", "no.such.module:Nope")
    t = resolve("acme.chat")
    assert (t.family, t.schema, t.open) == ("openai.chat", "openai.chat", True)
    assert validate({"model": "gpt-4.1", "extra": 1,
                     "messages": [{"role": "user", "content": "hi"}]}, "acme.chat") == []


def test_gemini_snake_case_and_model_argument() -> None:
    body = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}],
            "generation_config": {"thinking_config": {"thinking_budget": 99999}}}
    out = validate(body, "google.gemini", model="gemini-2.5-flash")
    assert [d.rule for d in out] == ["gemini.thinking.budget-range"]
    assert out[0].path == "$.generation_config.thinking_config.thinking_budget"
    fixed = repair(body, "google.gemini", model="gemini-2.5-flash")
    assert fixed.payload["generation_config"]["thinking_config"]["thinking_budget"] == 24576


def test_vertex_takes_additional_properties_in_schemas() -> None:
    decl = {"name": "f", "parameters": {"type": "OBJECT", "additionalProperties": False,
                                        "properties": {"a": {"type": "STRING"}}}}
    body = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}],
            "tools": [{"functionDeclarations": [decl]}]}
    assert validate(body, "google.vertex", model="gemini-2.5-flash") == []
    rules = [d.rule for d in validate(body, "google.gemini", model="gemini-2.5-flash")]
    assert rules == ["gemini.schema.keyword"]


def test_gemini_schema_fix_moves_to_json_schema_field() -> None:
    body = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}],
            "tools": [{"functionDeclarations": [{"name": "f", "parameters": {
                "type": "object", "$defs": {"x": {"type": "string"}},
                "properties": {"a": {"$ref": "#/$defs/x"}}}}]}]}
    fixed = repair(body, "google.gemini", model="gemini-2.5-flash")
    decl = fixed.payload["tools"][0]["functionDeclarations"][0]
    assert "parameters" not in decl and decl["parametersJsonSchema"]["$defs"]
    assert fixed.valid and len(fixed.changes) == 1


def test_repair_renames_ids_consistently() -> None:
    long_id = "toolu_" + "x" * 50
    body = {"model": "gpt-4.1", "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "tool_calls": [{"id": long_id, "type": "function", "function": {
            "name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": long_id, "content": "ok"}]}
    fixed = repair(body, "openai.chat")
    new = fixed.payload["messages"][1]["tool_calls"][0]["id"]
    assert len(new) <= 40 and fixed.payload["messages"][2]["tool_call_id"] == new
    assert fixed.valid


def test_repair_leaves_unfixable_errors_listed() -> None:
    body = {"model": "claude-sonnet-4-5", "max_tokens": 1000,
            "thinking": {"type": "enabled", "budget_tokens": 2000}, "top_k": 3,
            "messages": [{"role": "user", "content": "hi"}]}
    fixed = repair(body, "anthropic.messages")
    assert "top_k" not in fixed.payload
    assert [d.rule for d in fixed.diagnostics] == ["anthropic.thinking.budget-max-tokens"]
    assert not fixed.valid


def test_apply_patch() -> None:
    doc = {"a": [1, 2, 3], "b": {"c": 1}}
    out = apply_patch(doc, [{"op": "remove", "path": "/a/1"},
                            {"op": "add", "path": "/a/-", "value": 9},
                            {"op": "replace", "path": "/b/c", "value": 2},
                            {"op": "move", "from": "/b/c", "path": "/d"}])
    assert out == {"a": [1, 3, 9], "b": {}, "d": 2}
    assert doc == {"a": [1, 2, 3], "b": {"c": 1}}
    for bad in ([{"op": "remove", "path": "/x"}], [{"op": "replace", "path": "/a/7", "value": 0}],
                [{"op": "copy", "path": "/a"}], [{"op": "remove", "path": "a"}]):
        with pytest.raises(PatchError):
            apply_patch(doc, bad)


def test_schema_layer_needs_jsonschema(monkeypatch: Any) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    body = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}]}
    with pytest.raises(ImportError, match=r"interlingua\[validate\]"):
        validate(body, "openai.chat")
    assert validate(body, "openai.chat", schema=False) == []


def test_schema_errors_name_every_path() -> None:
    body = {"model": "gpt-4.1", "temperature": "hot", "messages": [
        {"role": "user", "content": 5}, {"role": "assistant", "tool_calls": "x"}]}
    got = {(d.rule, d.path) for d in validate(body, "openai.chat")}
    assert got == {("schema.type", "$.temperature"), ("schema.type", "$.messages[0].content"),
                   ("schema.type", "$.messages[1].tool_calls")}


def test_responses_and_events() -> None:
    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
             "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": None}]}
    assert validate(chunk, "openai.chat", "event") == []
    response = {"id": "c1", "object": "chat.completion", "created": 1, "model": "m",
                "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                    "role": "assistant", "content": None, "tool_calls": [
                        {"id": "call_1", "type": "function",
                         "function": {"name": "f", "arguments": "{oops"}}]}}]}
    assert [d.rule for d in validate(response, "openai.chat", "response")] == [
        "openai.tool_call.arguments"]
    event = {"type": "content_block_delta", "index": 0,
             "delta": {"type": "text_delta", "text": 5}}
    assert [d.severity for d in validate(event, "anthropic.messages", "event")] == ["error"]


def test_check_batch() -> None:
    assert check_batch("anthropic.messages", 100_000, 10) == []
    assert [d.rule for d in check_batch("anthropic.messages", 100_001, 10)] == ["limits.batch"]
    assert len(check_batch("openai.chat", 60_000, 200 * 1024 * 1024)) == 2
    assert check_batch("openai.chat", 10, 400 * 1024 * 1024, aliyun=True) == []


def test_unknown_model_is_a_warning_and_skips_model_rules() -> None:
    body = {"model": "my-finetune", "temperature": 0.1, "max_tokens": 10,
            "messages": [{"role": "user", "content": "hi"}]}
    out = validate(body, "openai.chat")
    assert [(d.rule, d.severity) for d in out] == [("model.unknown", "warning")]


@settings(max_examples=200, deadline=None)
@given(payload=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["model", "messages", "role", "content", "type", "tools", "input",
                         "contents", "parts", "thinking", "tool_calls", "text", "id",
                         "generationConfig", "thinkingConfig", "functionCall", "name"]),
        inner, max_size=5), max_leaves=25),
    fmt=st.sampled_from(["openai.chat", "anthropic.messages", "openai.responses",
                         "openai.completions", "google.gemini", "deepseek.chat"]),
    kind=st.sampled_from(KINDS))
def test_never_crashes(payload: Any, fmt: str, kind: str) -> None:
    out = validate(payload, fmt, kind, model="gemini-3-pro" if "google" in fmt else None)  # type: ignore[arg-type]
    assert all(d.rule in RULES for d in out)


# -- images -------------------------------------------------------------------------------

def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def test_image_headers() -> None:
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + struct.pack(">II", 640, 480) + b"\0" * 20
    assert images.inspect_b64(_b64(png)) == ("image/png", 640, 480)
    gif = b"GIF89a" + struct.pack("<HH", 300, 200) + b"\0" * 20
    assert images.inspect_b64(_b64(gif)) == ("image/gif", 300, 200)
    exif = b"\xff\xe1" + struct.pack(">H", 5000) + b"\0" * 4998
    jpeg = b"\xff\xd8" + exif + b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", 1080, 1920) + b"\0" * 9
    assert images.inspect_b64(_b64(jpeg)) == ("image/jpeg", 1920, 1080)
    vp8x = b"RIFF\0\0\0\0WEBPVP8X" + b"\0" * 8 + (3999).to_bytes(3, "little") + \
        (2999).to_bytes(3, "little")
    assert images.inspect_b64(_b64(vp8x)) == ("image/webp", 4000, 3000)
    vp8 = b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 7 + b"\x9d\x01\x2a" + struct.pack("<HH", 800, 600)
    assert images.inspect_b64(_b64(vp8)) == ("image/webp", 800, 600)
    bits = (1023) | (767 << 14)
    vp8l = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f" + bits.to_bytes(4, "little") + b"\0" * 8
    assert images.inspect_b64(_b64(vp8l)) == ("image/webp", 1024, 768)
    assert images.inspect_b64(_b64(b"not an image at all, just text")) is None
    assert images.b64_size(_b64(b"x" * 1000)) == 1000
    assert images.b64_size(_b64(b"x" * 1001)) == 1001
    assert images.parse_data_uri("data:image/png;base64,AAAA") == ("image/png", "AAAA")
    assert images.parse_data_uri("https://example.com/a.png") is None


# -- the command line ---------------------------------------------------------------------

class Proc:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(*args: str, stdin: str | None = None) -> Proc:
    """``interlingua validate ARGS`` in this process (one real subprocess test below)."""
    import io

    from interlingua.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin or ""), out, err
    try:
        try:
            code = main(["validate", *args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return Proc(code, out.getvalue(), err.getvalue())


def test_cli_as_a_command() -> None:
    proc = subprocess.run([sys.executable, "-m", "interlingua", "validate", "--format",
                           "openai.chat", "-"], input='{"model": "gpt-4.1", "messages": []}',
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and "openai.messages.empty" in proc.stdout


BAD = {"model": "claude-sonnet-4-5", "max_tokens": 4096, "temperature": 0.3,
       "thinking": {"type": "enabled", "budget_tokens": 2048},
       "messages": [{"role": "user", "content": "hi"}]}


def test_cli_exit_codes(tmp_path: Path) -> None:
    good = {k: v for k, v in BAD.items() if k != "temperature"}
    ok = run("--format", "anthropic.messages", "-", stdin=json.dumps(good))
    assert ok.returncode == 0, ok.stderr
    bad = run("--format", "anthropic", "-", stdin=json.dumps(BAD))
    assert bad.returncode == 1
    assert "anthropic.thinking.temperature" in bad.stdout
    assert "may only be set to 1 when thinking is enabled" in bad.stdout
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(BAD))
    as_json = run("--format", "anthropic.messages", "--json", str(path))
    assert as_json.returncode == 1
    out = json.loads(as_json.stdout)
    assert out["valid"] is False and out["diagnostics"][0]["rule"] == "anthropic.thinking.temperature"
    assert run("--format", "nope", "-", stdin="{}").returncode == 2
    assert run("--format", "openai.chat", "-", stdin="{not json").returncode == 2
    assert run("--format", "openai.chat", str(tmp_path / "missing.json")).returncode == 2
    assert run("--format", "openai.chat", "--kind", "reply", "-", stdin="{}").returncode == 2
    warn = run("--format", "openai.chat", "-", stdin=json.dumps(
        {"model": "my-model", "messages": [{"role": "user", "content": "hi"}]}))
    assert warn.returncode == 0 and "model.unknown" in warn.stdout


def test_cli_fix() -> None:
    proc = run("--format", "anthropic.messages", "--fix", "-", stdin=json.dumps(BAD))
    assert proc.returncode == 0, proc.stderr
    assert "temperature" not in json.loads(proc.stdout)
    assert "fixed: $.temperature" in proc.stderr
    proc = run("--format", "anthropic.messages", "--fix", "--json", "-", stdin=json.dumps(BAD))
    out = json.loads(proc.stdout)
    assert out["valid"] and out["changes"][0]["rule"] == "anthropic.thinking.temperature"
    assert "temperature" not in out["payload"]


# -- docs ---------------------------------------------------------------------------------

def test_docs_list_every_rule() -> None:
    text = (ROOT / "docs" / "validation.md").read_text()
    missing = [rule for rule in RULES if f"`{rule}`" not in text]
    assert not missing, missing
