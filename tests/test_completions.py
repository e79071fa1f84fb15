"""openai.completions: prompt flattening templates, prompts that cannot cross, settings."""

from __future__ import annotations

from typing import Any

import pytest

import interlingua
from conformance import check_openai_completions_request
from interlingua import ConversionError, LossError

CHAT = {
    "model": "gpt-4.1",
    "messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Name a prime."},
        {"role": "assistant", "content": "7"},
        {"role": "user", "content": [{"type": "text", "text": "Another"},
                                     {"type": "text", "text": "please."}]},
    ],
    "max_completion_tokens": 20,
}
OTHERS = ["openai.chat", "openai.responses", "anthropic.messages"]
MODELS = {"openai.chat": "gpt-4.1", "openai.responses": "gpt-4.1",
          "anthropic.messages": "claude-sonnet-4-5"}


def to_completions(payload: dict[str, Any], source: str = "openai.chat", **kw: Any
                   ) -> interlingua.Translation:
    return interlingua.translate_request(payload, source, "openai.completions",
                                         model="gpt-3.5-turbo-instruct", on_loss="ignore",
                                         **kw)


def test_transcript_template() -> None:
    t = to_completions(CHAT)
    assert t.body == {
        "model": "gpt-3.5-turbo-instruct",
        "prompt": "System: You are terse.\n\nUser: Name a prime.\n\nAssistant: 7\n\n"
                  "User: Another\nplease.\n\nAssistant:",
        "max_tokens": 20}
    assert [(loss.path, loss.kind) for loss in t.losses] == [("$.messages", "approximated")]
    assert not check_openai_completions_request(t.body)


def test_last_user_template() -> None:
    t = to_completions(CHAT, completions_template="last_user")
    assert t.body["prompt"] == "Another\nplease."
    assert [loss.path for loss in t.losses] == ["$.messages[0]", "$.messages[1]",
                                                "$.messages[2]", "$.messages[3]"]
    assert [loss.kind for loss in t.losses] == ["dropped"] * 3 + ["approximated"]


def test_prefill_is_continued() -> None:
    anthropic = {"model": "claude-sonnet-4-5", "max_tokens": 50, "messages": [
        {"role": "user", "content": "JSON for a cat named Tom"},
        {"role": "assistant", "content": "{\"name\": \""}]}
    body = to_completions(anthropic, "anthropic.messages").body
    assert body["prompt"] == "User: JSON for a cat named Tom\n\nAssistant: {\"name\": \""


def test_unknown_template_is_refused() -> None:
    with pytest.raises(ValueError, match="completions_template"):
        to_completions(CHAT, completions_template="chatml")


def test_tools_cannot_cross() -> None:
    chat = {"model": "gpt-4.1", "tools": [{"type": "function", "function": {"name": "f"}}],
            "messages": [{"role": "user", "content": "x"},
                         {"role": "assistant", "content": None, "tool_calls": [
                             {"id": "c1", "type": "function",
                              "function": {"name": "f", "arguments": "{}"}}]},
                         {"role": "tool", "tool_call_id": "c1", "content": "ok"}]}
    t = to_completions(chat)
    assert {"$.tools[0]", "$.messages[1].tool_calls[0]", "$.messages[2]"} <= {
        loss.path for loss in t.losses}
    with pytest.raises(LossError):
        interlingua.convert_request(chat, "openai.chat", "openai.completions",
                                    model="gpt-3.5-turbo-instruct", on_loss="raise")


@pytest.mark.parametrize("prompt", [[1734, 318, 257, 1332], [[40, 588], [1212, 318]]])
@pytest.mark.parametrize("target", OTHERS)
def test_token_arrays_cannot_cross(prompt: Any, target: str) -> None:
    payload = {"model": "davinci-002", "prompt": prompt, "max_tokens": 5}
    with pytest.raises(ConversionError) as err:
        interlingua.convert_request(payload, "openai.completions", target,
                                    model=MODELS[target])
    assert err.value.path == "$.prompt"
    assert interlingua.convert_request(payload, "completions", "completions",
                                       on_loss="raise") == payload


@pytest.mark.parametrize("target", OTHERS)
def test_several_prompts_keep_the_first_and_report_the_rest(target: str) -> None:
    payload = {"model": "gpt-3.5-turbo-instruct", "prompt": ["a", "b", "c"]}
    t = interlingua.translate_request(payload, "openai.completions", target,
                                      model=MODELS[target], on_loss="ignore")
    dropped = [loss.path for loss in t.losses if loss.kind == "dropped"]
    assert dropped[:2] == ["$.prompt[1]", "$.prompt[2]"]
    with pytest.raises(LossError):
        interlingua.convert_request(payload, "openai.completions", target,
                                    model=MODELS[target], on_loss="raise")


def test_null_prompt() -> None:
    payload = {"model": "davinci-002", "prompt": None, "max_tokens": 20}
    assert interlingua.convert_request(payload, "openai.completions", "openai.completions",
                                       on_loss="raise") == payload
    with pytest.raises(ConversionError):
        interlingua.convert_request(payload, "openai.completions", "openai.chat",
                                    model="gpt-4.1")


def test_single_prompt_is_an_approximated_user_message() -> None:
    payload = {"model": "gpt-3.5-turbo-instruct", "prompt": "Once upon a time",
               "max_tokens": 30, "logprobs": 3, "stop": "\n"}
    t = interlingua.translate_request(payload, "openai.completions", "openai.chat",
                                      model="gpt-4.1", on_loss="ignore")
    assert t.body == {"model": "gpt-4.1",
                      "messages": [{"role": "user", "content": "Once upon a time"}],
                      "logprobs": True, "top_logprobs": 3, "stop": ["\n"],
                      "max_completion_tokens": 30}
    assert [(loss.path, loss.kind) for loss in t.losses] == [("$.prompt", "approximated")]


def test_chat_models_and_limits_are_reported() -> None:
    t = interlingua.translate_request(
        {"model": "gpt-4.1", "messages": [{"role": "user", "content": "x"}],
         "logprobs": True, "top_logprobs": 12},
        "openai.chat", "openai.completions", on_loss="ignore")
    assert t.body["model"] == "gpt-4.1"
    assert t.body["logprobs"] == 5
    kinds = {loss.path: loss.kind for loss in t.losses}
    assert kinds["$.model"] == "approximated"          # a chat model /v1/completions refuses
    assert kinds["$.top_logprobs"] == "approximated"   # at most 5
    assert kinds["$"] == "approximated"                # no limit: the API's default is 16


def test_default_max_tokens_option() -> None:
    body = to_completions({"model": "gpt-4.1", "messages": [{"role": "user", "content": "x"}]},
                          default_max_tokens=256).body
    assert body["max_tokens"] == 256


def test_same_format_round_trip_is_exact() -> None:
    payload = {"model": "gpt-3.5-turbo-instruct", "prompt": ["x", "y"], "suffix": "z",
               "echo": True, "best_of": 3, "n": 2, "logprobs": 0, "stop": "\n",
               "logit_bias": {"50256": -100}, "user": "u", "seed": 1, "stream": True,
               "stream_options": {"include_usage": True, "include_obfuscation": False}}
    assert interlingua.convert_request(payload, "openai.completions", "openai.completions",
                                       on_loss="raise") == payload
