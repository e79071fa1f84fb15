"""google.gemini and google.vertex requests: the vendor rules the writer applies, thought
signature provenance, thinking per model, schemas per option, surfaces, key styles, and the
function call / response pairing on every golden output."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

import interlingua
from conformance import check_gemini_request
from interlingua.wire.google_gemini.tables import SIGNATURE_BYPASS

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "requests"
SIG = "EswFCskFAb4+9vu5+eCedpmcjHHK+yjyrSAIGVBHj03GrObE"


def convert(payload: dict[str, Any], source: str, target: str, **kw: Any
            ) -> tuple[dict[str, Any], list[str]]:
    t = interlingua.translate_request(payload, source, target, on_loss="ignore", **kw)
    return t.body, [f"{x.path}: {x.kind}: {x.reason}" for x in t.losses]


def chat(*messages: dict[str, Any], **rest: Any) -> dict[str, Any]:
    return {"model": "gpt-4.1", "messages": list(messages), **rest}


def call(cid: str, name: str, args: str = "{}") -> dict[str, Any]:
    return {"id": cid, "type": "function", "function": {"name": name, "arguments": args}}


FUNCS = [{"type": "function", "function": {"name": n, "parameters": {
    "type": "object", "properties": {"q": {"type": "string"}}}}} for n in ("search", "fetch")]


# -- the pairing rule, on every golden output ----------------------------------------------

def _gemini_outputs() -> list[Path]:
    return sorted(p for p in GOLDEN.glob("*/*/*.json")
                  if p.name in ("google.gemini.json", "google.vertex.json")
                  or (p.name == "input.json" and p.parent.parent.name == "google.gemini"))


@pytest.mark.parametrize("path", _gemini_outputs(), ids=lambda p: str(p.relative_to(GOLDEN)))
def test_function_calls_are_answered_one_to_one_in_order(path: Path) -> None:
    """A model turn with N functionCall parts is followed by a user turn with exactly N
    functionResponse parts, in the order of the calls; roles alternate."""
    body = json.loads(path.read_text())
    contents = body.get("contents", [])
    roles = [c.get("role", "user") for c in contents]
    assert all(a != b for a, b in itertools.pairwise(roles)), roles
    for i, content in enumerate(contents):
        parts = content.get("parts", [])
        assert parts or "parts" not in content, f"content {i} is empty"
        calls = [p["functionCall"]["name"] for p in parts if "functionCall" in p]
        if not calls or roles[i] != "model" or i + 1 == len(contents):
            continue
        nxt = contents[i + 1].get("parts", [])
        answers = [p["functionResponse"]["name"] for p in nxt if "functionResponse" in p]
        assert answers == calls, (i, calls, answers)
        first = [p for p in nxt[:len(answers)]]
        assert all("functionResponse" in p for p in first), "responses come first"


def test_results_spread_over_messages_and_mixed_with_text_form_one_turn() -> None:
    payload = chat(
        {"role": "user", "content": "look up a and b"},
        {"role": "assistant", "content": None, "tool_calls": [
            call("c1", "search", '{"q": "a"}'), call("c2", "fetch", '{"q": "b"}')]},
        {"role": "tool", "tool_call_id": "c2", "content": "B"},
        {"role": "tool", "tool_call_id": "c1", "content": "A"},
        {"role": "user", "content": "now compare"}, tools=FUNCS)
    body, _ = convert(payload, "openai.chat", "gemini", model="gemini-2.5-flash")
    assert body["contents"][2] == {"role": "user", "parts": [
        {"functionResponse": {"id": "c1", "name": "search", "response": {"output": "A"}}},
        {"functionResponse": {"id": "c2", "name": "fetch", "response": {"output": "B"}}},
        {"text": "now compare"}]}
    # and back: the reader splits the turn into the results and the text
    back, _ = convert(body, "gemini", "openai.chat", model="gpt-4.1")
    assert [m["role"] for m in back["messages"]] == ["user", "assistant", "tool", "tool", "user"]


def test_calls_without_results_and_orphan_results_are_removed_and_reported() -> None:
    payload = {"model": "claude-sonnet-4-5", "max_tokens": 100, "messages": [
        {"role": "user", "content": "go"},
        {"role": "assistant", "content": [
            {"type": "tool_use", "id": "t1", "name": "search", "input": {"q": "x"}},
            {"type": "tool_use", "id": "t2", "name": "fetch", "input": {"q": "y"}}]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "t2", "content": "Y"},
            {"type": "text", "text": "and?"}]}],
        "tools": [{"name": n, "input_schema": {"type": "object"}} for n in ("search", "fetch")]}
    body, losses = convert(payload, "anthropic.messages", "gemini", model="gemini-2.5-flash")
    assert [list(p) for p in body["contents"][1]["parts"]] == [["functionCall"]]
    assert body["contents"][1]["parts"][0]["functionCall"]["name"] == "fetch"
    assert any(x.startswith("$.messages[1].content[0]: dropped: function call 'search' has no "
                            "result") for x in losses)


def test_gemini_ids_are_optional_and_not_invented_on_a_round_trip() -> None:
    body = {"contents": [
        {"role": "user", "parts": [{"text": "quotes"}]},
        {"role": "model", "parts": [{"functionCall": {"name": "q", "args": {"s": "A"}}},
                                    {"functionCall": {"name": "q", "args": {"s": "B"}}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "q", "response": {"p": 1}}},
                                   {"functionResponse": {"name": "q", "response": {"p": 2}}}]}]}
    assert interlingua.convert_request(body, "gemini", "gemini", on_loss="raise") == body
    out, _ = convert(body, "gemini", "openai.chat", model="gpt-4.1")
    ids = [c["id"] for c in out["messages"][1]["tool_calls"]]
    assert ids == ["call_gemini_1_0", "call_gemini_1_1"]
    assert [m["tool_call_id"] for m in out["messages"][2:]] == ids
    assert out["messages"][3]["content"] == '{"p":2}'


# -- thought signatures ---------------------------------------------------------------------

def _signed(fmt_body: str = "gemini") -> dict[str, Any]:
    return {"contents": [
        {"role": "user", "parts": [{"text": "weather in Oslo?"}]},
        {"role": "model", "parts": [{"functionCall": {"name": "w", "args": {}},
                                     "thoughtSignature": SIG}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "w",
                                                         "response": {"output": "-2C"}}}]}],
        "tools": [{"functionDeclarations": [{"name": "w"}]}]}


@pytest.mark.parametrize(("source", "target", "kept"), [
    ("google.gemini", "google.gemini", True), ("google.vertex", "google.vertex", True),
    ("google.gemini", "google.vertex", False), ("google.vertex", "google.gemini", False)])
def test_signatures_go_back_only_to_the_surface_that_minted_them(source: str, target: str,
                                                                  kept: bool) -> None:
    body, losses = convert(_signed(), source, target, model="gemini-2.5-flash")
    part = body["contents"][1]["parts"][0]
    assert ("thoughtSignature" in part) is kept
    if not kept:
        assert losses == [f"$.contents[1].parts[0]: dropped: thought signature from {source} "
                          f"cannot be replayed to {target} (signatures are bound to the "
                          "service that minted them)"]


def test_signatures_read_from_the_openai_compatible_endpoint_go_back_to_gemini() -> None:
    payload = {"model": "gemini-3-flash-preview", "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": None, "tool_calls": [{
            "id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"},
            "extra_content": {"google": {"thought_signature": SIG}}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "ok"}]}
    body, losses = convert(payload, "google.openai", "gemini", model="gemini-3-flash-preview")
    assert body["contents"][1]["parts"][0]["thoughtSignature"] == SIG
    assert not [x for x in losses if "signature" in x]


def _foreign_loop() -> dict[str, Any]:
    return chat({"role": "user", "content": "first question"},
                {"role": "assistant", "content": None, "tool_calls": [call("c0", "search")]},
                {"role": "tool", "tool_call_id": "c0", "content": "old"},
                {"role": "assistant", "content": "done"},
                {"role": "user", "content": "second question"},
                {"role": "assistant", "content": None, "tool_calls": [
                    call("c1", "search"), call("c2", "fetch")]},
                {"role": "tool", "tool_call_id": "c1", "content": "a"},
                {"role": "tool", "tool_call_id": "c2", "content": "b"},
                {"role": "assistant", "content": None, "tool_calls": [call("c3", "fetch")]},
                {"role": "tool", "tool_call_id": "c3", "content": "c"}, tools=FUNCS)


def test_gemini_3_rule_is_reported_and_nothing_is_invented() -> None:
    body, losses = convert(_foreign_loop(), "openai.chat", "gemini",
                           model="gemini-3-pro-preview")
    assert "thoughtSignature" not in json.dumps(body)
    rule = [x for x in losses if "requires a thought signature" in x]
    # the current turn (after "second question") has two steps: one loss per step
    assert [x.split(":")[0] for x in rule] == ["$.messages[5].tool_calls[0]",
                                               "$.messages[8].tool_calls[0]"]
    assert "Function call is missing a thought_signature" in rule[0]
    assert "thought_signature_bypass" in rule[0]
    with pytest.raises(interlingua.LossError):
        interlingua.convert_request(_foreign_loop(), "openai.chat", "gemini",
                                    model="gemini-3-pro-preview", on_loss="raise")


@pytest.mark.parametrize("target", ["google.gemini", "google.vertex"])
def test_bypass_value_on_the_first_call_of_each_step_of_the_current_turn(target: str) -> None:
    body, losses = convert(_foreign_loop(), "openai.chat", target,
                           model="gemini-3-pro-preview", thought_signature_bypass=True)
    signed = [(i, j) for i, c in enumerate(body["contents"]) for j, p in enumerate(c["parts"])
              if p.get("thoughtSignature") == SIGNATURE_BYPASS]
    assert signed == [(5, 0), (7, 0)]   # not the earlier turn, not the parallel second call
    assert sum("bypass value was sent" in x for x in losses) == 2
    assert not check_gemini_request(body, target.split(".")[1])  # type: ignore[arg-type]


def test_bypass_is_not_used_where_signatures_are_not_required() -> None:
    body, _ = convert(_foreign_loop(), "openai.chat", "gemini", model="gemini-2.5-flash",
                      thought_signature_bypass=True)
    assert "thoughtSignature" not in json.dumps(body)


def test_foreign_reasoning_and_signatures_are_dropped() -> None:
    payload = {"model": "claude-sonnet-4-5", "max_tokens": 2000, "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "hmm", "signature": "EqQBCkYIBBgCKkA"},
            {"type": "text", "text": "hello"}]},
        {"role": "user", "content": "again"}]}
    body, losses = convert(payload, "anthropic.messages", "gemini", model="gemini-2.5-flash")
    assert body["contents"][1] == {"role": "model", "parts": [{"text": "hello"}]}
    assert losses == ["$.messages[1].content[0]: dropped: reasoning from anthropic.messages "
                      "cannot be replayed to google.gemini"]


# -- thinking per model ---------------------------------------------------------------------

def _thinking(reasoning: dict[str, Any], model: str, max_tokens: int | None = None
              ) -> tuple[dict[str, Any] | None, list[str]]:
    payload = chat({"role": "user", "content": "think"}, **reasoning)
    if max_tokens:
        payload["max_completion_tokens"] = max_tokens
    body, losses = convert(payload, "openai.chat", "gemini", model=model)
    return body.get("generationConfig", {}).get("thinkingConfig"), losses


@pytest.mark.parametrize(("effort", "model", "expected"), [
    ("high", "gemini-2.5-flash", {"thinkingBudget": 19661}),
    ("medium", "gemini-2.5-pro", {"thinkingBudget": 16384}),
    ("minimal", "gemini-2.5-flash-lite", {"thinkingBudget": 2458}),
    ("none", "gemini-2.5-flash", {"thinkingBudget": 0}),
    ("none", "gemini-2.5-flash-lite", {"thinkingBudget": 0}),
    ("none", "gemini-2.5-pro", {"thinkingBudget": 128}),
    ("medium", "gemini-3-pro-preview", {"thinkingLevel": "high"}),
    ("minimal", "gemini-3-pro-preview", {"thinkingLevel": "low"}),
    ("minimal", "gemini-3-flash-preview", {"thinkingLevel": "minimal"}),
    ("xhigh", "gemini-3.1-pro-preview", {"thinkingLevel": "high"}),
    ("none", "gemini-3-flash-preview", {"thinkingLevel": "minimal"}),
    ("none", "gemini-3.8-flash", {"thinkingLevel": "low"}),
    ("high", "gemini-2.0-flash", None),
])
def test_effort_to_gemini_thinking(effort: str, model: str, expected: Any) -> None:
    thinking, losses = _thinking({"reasoning_effort": effort}, model)
    assert thinking == expected
    if expected is None:
        assert any("does not think" in x for x in losses)


@pytest.mark.parametrize(("budget", "model", "expected", "clamped"), [
    (10000, "gemini-2.5-flash", {"thinkingBudget": 10000}, False),
    (30000, "gemini-2.5-flash", {"thinkingBudget": 24576}, True),
    (100, "gemini-2.5-flash-lite", {"thinkingBudget": 512}, True),
    (64, "gemini-2.5-pro", {"thinkingBudget": 128}, True),
    (2000, "gemini-3-pro-preview", {"thinkingLevel": "low"}, True),
    (12000, "gemini-3-flash-preview", {"thinkingLevel": "high"}, True),
    (8000, "gemini-3-flash-preview", {"thinkingLevel": "medium"}, True),
])
def test_budget_to_gemini_thinking(budget: int, model: str, expected: Any,
                                   clamped: bool) -> None:
    payload = {"model": "claude-sonnet-4-5", "max_tokens": 16000, "messages": [
        {"role": "user", "content": "think"}],
        "thinking": {"type": "enabled", "budget_tokens": budget}}
    body, losses = convert(payload, "anthropic.messages", "gemini", model=model)
    # Claude Sonnet 4.5 shows (summarized) thinking by default: the Gemini client does too.
    assert body["generationConfig"]["thinkingConfig"] == {**expected, "includeThoughts": True}
    assert any(x.startswith("$.thinking: approximated") for x in losses) is clamped


def test_never_a_budget_and_a_level_together() -> None:
    for model in ("gemini-2.5-flash", "gemini-3-pro-preview", "gemini-3-flash-preview",
                  "some-future-gemini"):
        for effort in ("minimal", "low", "medium", "high", "xhigh", "none"):
            thinking, _ = _thinking({"reasoning_effort": effort}, model)
            assert not (thinking and "thinkingBudget" in thinking
                        and "thinkingLevel" in thinking), (model, effort)


def test_level_and_budget_read_back() -> None:
    body = {"contents": [{"parts": [{"text": "x"}]}],
            "generationConfig": {"thinkingConfig": {"thinkingLevel": "HIGH",
                                                    "includeThoughts": True}}}
    out, _ = convert(body, "gemini", "openai.chat", model="o4-mini")
    assert out["reasoning_effort"] == "high"
    dyn = {"contents": [{"parts": [{"text": "x"}]}],
           "generationConfig": {"thinkingConfig": {"thinkingBudget": -1}}}
    ir = interlingua.read_request(dyn, "gemini")
    assert ir.reasoning is not None and ir.reasoning.mode == "adaptive"
    assert ir.reasoning.budget_tokens is None


# -- tools, tool choice, schemas ------------------------------------------------------------

@pytest.mark.parametrize(("choice", "expected"), [
    ("auto", {"mode": "AUTO"}), ("none", {"mode": "NONE"}), ("required", {"mode": "ANY"}),
    ({"type": "function", "function": {"name": "fetch"}},
     {"mode": "ANY", "allowedFunctionNames": ["fetch"]}),
    ({"type": "allowed_tools", "allowed_tools": {"mode": "auto", "tools": [
        {"type": "function", "function": {"name": "search"}}]}},
     {"mode": "VALIDATED", "allowedFunctionNames": ["search"]}),
    ({"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": [
        {"type": "function", "function": {"name": "search"}},
        {"type": "function", "function": {"name": "fetch"}}]}},
     {"mode": "ANY", "allowedFunctionNames": ["search", "fetch"]}),
])
def test_tool_choice(choice: Any, expected: dict[str, Any]) -> None:
    body, _ = convert(chat({"role": "user", "content": "x"}, tools=FUNCS, tool_choice=choice),
                      "openai.chat", "gemini", model="gemini-2.5-flash")
    assert body["toolConfig"]["functionCallingConfig"] == expected
    back, _ = convert(body, "gemini", "openai.chat", model="gpt-4.1")
    assert back["tool_choice"] == choice


def test_parallel_tool_calls_false_has_no_gemini_form() -> None:
    body, losses = convert(chat({"role": "user", "content": "x"}, tools=FUNCS,
                                parallel_tool_calls=False),
                           "openai.chat", "gemini", model="gemini-2.5-flash")
    assert "toolConfig" not in body
    assert losses == ["$.parallel_tool_calls: dropped: Gemini cannot be told to call one "
                      "function at a time"]


def test_no_function_calling_config_without_functions() -> None:
    body, losses = convert(chat({"role": "user", "content": "x"}, tool_choice="none"),
                           "openai.chat", "gemini", model="gemini-2.5-flash")
    assert "toolConfig" not in body
    assert len(losses) == 1 and "without function declarations" in losses[0]


def _builtin_and_functions(target: str, model: str) -> tuple[dict[str, Any], list[str]]:
    payload = chat({"role": "user", "content": "x"}, tools=FUNCS,
                   web_search_options={})
    return convert(payload, "openai.chat", target, model=model)


def test_builtins_beside_functions_need_gemini_3_on_the_developer_api() -> None:
    body, losses = _builtin_and_functions("gemini", "gemini-3-flash-preview")
    assert body["tools"][1] == {"googleSearch": {}}
    assert body["toolConfig"] == {"includeServerSideToolInvocations": True}
    assert any("includeServerSideToolInvocations set" in x for x in losses)
    for target, model in (("gemini", "gemini-2.5-flash"), ("vertex", "gemini-3-flash-preview")):
        body, losses = _builtin_and_functions(target, model)
        assert body["tools"] == [{"functionDeclarations": body["tools"][0][
            "functionDeclarations"]}]
        assert "toolConfig" not in body
        assert any("built-in tool 'web_search' removed" in x for x in losses)


def test_json_mode_with_functions_on_2_5_keeps_the_functions() -> None:
    payload = chat({"role": "user", "content": "x"}, tools=FUNCS,
                   response_format={"type": "json_object"})
    body, losses = convert(payload, "openai.chat", "gemini", model="gemini-2.5-flash")
    assert "generationConfig" not in body
    assert any("JSON mode together with function calling" in x for x in losses)
    body, _ = convert(payload, "openai.chat", "gemini", model="gemini-3-pro-preview")
    assert body["generationConfig"] == {"responseMimeType": "application/json"}


def test_at_most_five_stop_sequences() -> None:
    payload = {"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [
        {"role": "user", "content": "x"}], "stop_sequences": list("abcdefg")}
    body, losses = convert(payload, "anthropic.messages", "gemini", model="gemini-2.5-flash")
    assert body["generationConfig"]["stopSequences"] == list("abcde")
    assert losses == ["$.stop_sequences: dropped: Gemini takes at most 5 stop sequences; "
                      "dropped ['f', 'g']"]


SCHEMA = {"type": "object", "properties": {
    "when": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
    "n": {"type": "integer", "exclusiveMinimum": 0}}, "required": ["n"],
    "additionalProperties": False, "$schema": "http://json-schema.org/draft-07/schema#"}


@pytest.mark.parametrize(("option", "model", "field"), [
    ("auto", "gemini-2.5-flash", "parametersJsonSchema"),
    ("auto", "gemini-2.0-flash", "parameters"),
    ("openapi", "gemini-2.5-flash", "parameters"),
    ("json_schema", "gemini-2.0-flash", "parametersJsonSchema")])
def test_schema_fields_per_option(option: str, model: str, field: str) -> None:
    payload = chat({"role": "user", "content": "x"}, tools=[{"type": "function", "function": {
        "name": "f", "parameters": SCHEMA}}])
    body, losses = convert(payload, "openai.chat", "gemini", model=model, gemini_schema=option)
    decl = body["tools"][0]["functionDeclarations"][0]
    assert list(decl) == ["name", field]
    if field == "parametersJsonSchema":
        assert decl[field] == SCHEMA and losses == []
        return
    assert decl["parameters"] == {"type": "OBJECT", "properties": {
        "when": {"type": "STRING", "format": "date-time", "nullable": True},
        "n": {"type": "INTEGER", "minimum": 1}}, "required": ["n"]}
    assert losses == [
        "$.tools[0].function.parameters.additionalProperties: dropped: additionalProperties "
        "is not accepted by this Gemini surface",
        "$.tools[0].function.parameters.$schema: dropped: keyword '$schema' has no Gemini "
        "equivalent",
        "$.tools[0]: approximated: schema lowered to Gemini's OpenAPI subset (the same meaning "
        "unless a keyword is reported below it); set gemini_schema='json_schema' to send JSON "
        "Schema"]
    with pytest.raises(ValueError, match="gemini_schema"):
        convert(payload, "openai.chat", "gemini", model=model, gemini_schema="yaml")


def test_vertex_lowering_keeps_additional_properties() -> None:
    payload = chat({"role": "user", "content": "x"}, tools=[{"type": "function", "function": {
        "name": "f", "parameters": SCHEMA}}])
    body, losses = convert(payload, "openai.chat", "vertex", model="gemini-2.5-flash",
                           gemini_schema="openapi")
    assert body["tools"][0]["functionDeclarations"][0]["parameters"][
        "additionalProperties"] is False
    assert not any("additionalProperties" in x for x in losses)


def test_classic_schemas_read_as_json_schema_and_written_back_verbatim() -> None:
    body = json.loads((GOLDEN / "google.gemini/26-classic-parameters-sdk-style/input.json")
                      .read_text())
    ir = interlingua.read_request(body, "gemini")
    params = ir.tools[0].parameters  # type: ignore[index]
    assert params["properties"]["seating"] == {  # type: ignore[index]
        "type": ["string", "null"], "format": "enum",
        "enum": ["indoor", "terrace", "bar", None]}
    assert interlingua.convert_request(body, "gemini", "gemini", on_loss="raise") == body


# -- surfaces and key styles ----------------------------------------------------------------

def test_fields_of_one_surface_are_removed_for_the_other() -> None:
    vertex = {"contents": [{"role": "user", "parts": [{"text": "x"}]}],
              "tools": [{"googleSearch": {"excludeDomains": ["example.com"]}}],
              "generationConfig": {"routingConfig": {"autoMode": {}}, "temperature": 0.1},
              "modelArmorConfig": {"promptTemplateName": "p"}}
    assert interlingua.convert_request(vertex, "vertex", "vertex", on_loss="raise") == vertex
    before = copy.deepcopy(vertex)
    body, losses = convert(vertex, "vertex", "gemini", model="gemini-2.5-flash")
    assert vertex == before   # carried values are shared, never changed in place
    assert body == {"contents": vertex["contents"], "tools": [{"googleSearch": {}}],
                    "generationConfig": {"temperature": 0.1}}
    assert sorted(x.split(":")[0] for x in losses) == [
        "$.generationConfig.routingConfig", "$.modelArmorConfig",
        "$.tools[0].googleSearch.excludeDomains"]
    gemini = {"contents": [{"role": "user", "parts": [{"text": "x"}]}], "store": True,
              "tools": [{"fileSearch": {"fileSearchStoreNames": ["s"]}}]}
    body, losses = convert(gemini, "gemini", "vertex", model="gemini-2.5-flash")
    assert body == {"contents": gemini["contents"]}
    assert sorted(x.split(":")[0] for x in losses) == ["$.store", "$.tools[0].fileSearch"]


SNAKE = Path(__file__).resolve().parent / "data" / "gemini" / "snake-case-python-dict.json"


def _camel(value: Any, opaque: bool = False) -> Any:
    """The same body with camelCase keys (function args and schemas left alone)."""
    if isinstance(value, list):
        return [_camel(v, opaque) for v in value]
    if not isinstance(value, dict) or opaque:
        return value
    out = {}
    for k, v in value.items():
        head, *rest = k.split("_")
        key = head + "".join(p.title() for p in rest)
        out[key] = _camel(v, key in ("args", "response", "parametersJsonSchema"))
    return out


def test_snake_case_input_round_trips_exactly_and_is_camel_case_elsewhere() -> None:
    body = json.loads(SNAKE.read_text())
    before = copy.deepcopy(body)
    assert interlingua.convert_request(body, "gemini", "gemini", on_loss="raise") == body
    camel = _camel(body)
    assert not check_gemini_request(camel)
    for target in ("google.vertex", "openai.chat", "anthropic.messages"):
        model = "gemini-2.5-flash" if target == "google.vertex" else None
        model = model or ("gpt-4.1" if target == "openai.chat" else "claude-sonnet-4-5")
        out, losses = convert(body, "gemini", target, model=model)
        assert (out, losses) == convert(camel, "gemini", target, model=model)
    vertex, _ = convert(body, "gemini", "vertex", model="gemini-2.5-flash")
    assert vertex["generationConfig"]["thinkingConfig"] == {"thinkingBudget": 1024,
                                                            "includeThoughts": False}
    assert not check_gemini_request(vertex, "vertex")
    assert body == before


def test_no_model_in_the_body_and_model_needed_elsewhere() -> None:
    body = {"contents": [{"parts": [{"text": "x"}]}]}
    assert "model" not in convert(chat({"role": "user", "content": "x"}), "openai.chat",
                                  "gemini")[0]
    with pytest.raises(interlingua.ConversionError):
        interlingua.convert_request(body, "gemini", "anthropic.messages")
    assert convert(body, "gemini", "anthropic.messages",
                   model="claude-sonnet-4-5")[0]["model"] == "claude-sonnet-4-5"


def test_registry() -> None:
    assert interlingua.canonical_format("gemini") == "google.gemini"
    assert interlingua.canonical_format("vertex") == "google.vertex"


@pytest.mark.parametrize(("claude", "display", "expected"), [
    ("claude-sonnet-4-5", None, True),        # Claude 4.x up to 4.6 shows summarized thinking
    ("claude-opus-4-7", None, False),         # from Opus 4.7 thinking is omitted by default
    ("claude-opus-4-7", "summarized", True),  # asked for explicitly (reported)
    ("claude-sonnet-4-5", "omitted", False),
])
def test_claude_thinking_display_becomes_include_thoughts(claude: str, display: str | None,
                                                          expected: bool) -> None:
    thinking: dict[str, Any] = {"type": "enabled", "budget_tokens": 2048}
    if display is not None:
        thinking["display"] = display
    body, losses = convert({"model": claude, "max_tokens": 4096, "thinking": thinking,
                            "messages": [{"role": "user", "content": "hi"}]},
                           "anthropic.messages", "google.gemini", model="gemini-2.5-flash")
    config = body["generationConfig"]["thinkingConfig"]
    assert config == {"thinkingBudget": 2048, "includeThoughts": expected}
    # The model's own default is what the client would have seen: nothing to report.
    assert any("display" in x for x in losses) is (display is not None)
