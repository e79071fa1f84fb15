"""The public API contract: arguments, loss policy, input never mutated, typed errors."""

from __future__ import annotations

import copy
import warnings

import pytest

import interlingua

CHAT = {
    "model": "gpt-4.1",
    "messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Weather in Paris?"},
    ],
    "logit_bias": {"1234": -100},
    "n": 2,
}


def test_formats_and_aliases() -> None:
    ids = interlingua.formats()
    assert "openai.chat" in ids and "anthropic.messages" in ids
    assert interlingua.canonical_format("openai") == "openai.chat"
    assert interlingua.canonical_format("anthropic") == "anthropic.messages"
    out = interlingua.convert_request(CHAT, source="openai", target="anthropic",
                                      on_loss="ignore")
    assert out["messages"] == [{"role": "user", "content": "Weather in Paris?"}]


def test_unknown_format() -> None:
    with pytest.raises(interlingua.UnknownFormatError) as err:
        interlingua.convert_request(CHAT, source="openai.chat", target="cohere.chat")
    assert "cohere.chat" in str(err.value)


def test_input_never_mutated_and_output_independent() -> None:
    payload = {
        "model": "claude-sonnet-4-5", "max_tokens": 100,
        "tools": [{"name": "f", "input_schema": {"type": "object", "properties": {
            "x": {"type": "string"}}}}],
        "messages": [{"role": "user", "content": "hi"}],
    }
    before = copy.deepcopy(payload)
    out = interlingua.convert_request(payload, "anthropic.messages", "openai.chat",
                                      on_loss="ignore")
    assert payload == before
    # By default pass-through values (here the tool schema) are shared, not copied...
    assert out["tools"][0]["function"]["parameters"] is payload["tools"][0]["input_schema"]
    # ...and with copy=True the result shares nothing with the input.
    out = interlingua.convert_request(payload, "anthropic.messages", "openai.chat",
                                      on_loss="ignore", copy=True)
    out["tools"][0]["function"]["parameters"]["properties"]["x"]["type"] = "number"
    assert payload == before, "copy=True must not share containers with the input"


def test_on_loss_policies() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        interlingua.convert_request(CHAT, "openai.chat", "anthropic.messages",
                                    model="claude-sonnet-4-5", on_loss="ignore")
    with pytest.warns(interlingua.LossWarning, match=r"\$\.n"):
        interlingua.convert_request(CHAT, "openai.chat", "anthropic.messages",
                                    model="claude-sonnet-4-5", on_loss="warn")
    with pytest.raises(interlingua.LossError) as err:
        interlingua.convert_request(CHAT, "openai.chat", "anthropic.messages",
                                    model="claude-sonnet-4-5", on_loss="raise")
    paths = {loss.path for loss in err.value.losses}
    assert {"$.n", "$.logit_bias"} <= paths
    with pytest.raises(ValueError):
        interlingua.convert_request(CHAT, "openai.chat", "anthropic.messages",
                                    on_loss="loud")  # type: ignore[arg-type]


def test_translation_carries_losses_and_renames() -> None:
    long_name = "mcp__filesystem__" + "read_text_file_with_a_really_long_descriptive_name_x"
    payload = {
        "model": "claude-sonnet-4-5", "max_tokens": 1000,
        "tools": [{"name": long_name, "input_schema": {"type": "object"}}],
        "messages": [
            {"role": "user", "content": "read it"},
            {"role": "assistant", "content": [
                {"type": "tool_use", "id": "toolu_01", "name": long_name, "input": {}}]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_01", "content": "data"}]},
        ],
    }
    t = interlingua.translate_request(payload, "anthropic.messages", "openai.chat",
                                      model="gpt-4.1", on_loss="ignore")
    new = t.body["tools"][0]["function"]["name"]
    assert len(new) <= 64 and new != long_name
    assert t.body["messages"][1]["tool_calls"][0]["function"]["name"] == new
    assert t.renames.tool_names == {long_name: new}
    assert t.renames.restore_tool_name(new) == long_name
    assert any(loss.kind == "approximated" and loss.path == "$.tools[0]" for loss in t.losses)
    # Deterministic: the same conversation gets the same names.
    again = interlingua.translate_request(payload, "anthropic.messages", "openai.chat",
                                          model="gpt-4.1", on_loss="ignore")
    assert again.body == t.body


def test_model_override_and_required_model() -> None:
    out = interlingua.convert_request(CHAT, "openai.chat", "openai.chat", model="gpt-5")
    assert out["model"] == "gpt-5"
    nomodel = {"messages": [{"role": "user", "content": "hi"}]}
    with pytest.raises(interlingua.ConversionError, match="model"):
        interlingua.convert_request(nomodel, "openai.chat", "anthropic.messages")
    out = interlingua.convert_request(nomodel, "openai.chat", "anthropic.messages",
                                      model="claude-sonnet-4-5")
    assert out["model"] == "claude-sonnet-4-5" and out["max_tokens"] == 64000


def test_default_max_tokens_option() -> None:
    out = interlingua.convert_request(CHAT, "openai.chat", "anthropic.messages",
                                      model="claude-sonnet-4-5", on_loss="ignore",
                                      default_max_tokens=2048)
    assert out["max_tokens"] == 2048
    with pytest.raises(TypeError, match="option"):
        interlingua.convert_request(CHAT, "openai.chat", "anthropic.messages",
                                    no_such_option=1)
