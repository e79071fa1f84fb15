"""One case per validator rule: a payload the vendor rejects (with the error text the vendor
returns, quoted from ../shared/knowledge/vendor-rules.md or the public issue the rule cites)
and a valid neighbour that differs only in what the rule is about and passes every rule."""

from __future__ import annotations

import base64
import copy
import struct
import zlib
from typing import Any, NamedTuple

import pytest

from interlingua.validate import RULES, repair, validate


class Case(NamedTuple):
    rule: str
    format: str
    bad: dict[str, Any]
    good: dict[str, Any]
    #: A fragment of the vendor's own error text (None: the vendor's wording is not public).
    vendor: str | None = None
    model: str | None = None
    kind: str = "request"


# -- builders ---------------------------------------------------------------------------

def A(**kw: Any) -> dict[str, Any]:
    """A minimal valid Anthropic Messages request."""
    body: dict[str, Any] = {"model": "claude-sonnet-4-5", "max_tokens": 1024,
                            "messages": [{"role": "user", "content": "Hello"}]}
    body.update(kw)
    return body


def C(**kw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "Hello"}]}
    body.update(kw)
    return body


def R(**kw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model": "gpt-4.1", "input": "Hello"}
    body.update(kw)
    return body


def G(**kw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
    body.update(kw)
    return body


def user(text: str = "Hello") -> dict[str, Any]:
    return {"role": "user", "content": text}


def tool_use(id: str = "toolu_1", name: str = "get_weather") -> dict[str, Any]:
    return {"type": "tool_use", "id": id, "name": name, "input": {"city": "Paris"}}


def tool_result(id: str = "toolu_1", content: str = "18C") -> dict[str, Any]:
    return {"type": "tool_result", "tool_use_id": id, "content": content}


A_TOOL = {"name": "get_weather", "description": "Weather for a city.",
          "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}


def a_loop(*uses: str, results: list[str] | None = None) -> list[dict[str, Any]]:
    """user -> assistant(tool_use ...) -> user(tool_result ...)."""
    return [user("Weather?"),
            {"role": "assistant", "content": [tool_use(u) for u in uses]},
            {"role": "user", "content": [tool_result(r) for r in (results or list(uses))]}]


def call(id: str = "call_1", name: str = "get_weather", args: str = '{"city":"Paris"}'
         ) -> dict[str, Any]:
    return {"id": id, "type": "function", "function": {"name": name, "arguments": args}}


C_TOOL = {"type": "function", "function": {"name": "get_weather", "parameters": {
    "type": "object", "properties": {"city": {"type": "string"}}}}}


def c_loop(*ids: str, answers: list[str] | None = None) -> list[dict[str, Any]]:
    return [user("Weather?"), {"role": "assistant", "content": None,
                               "tool_calls": [call(i) for i in ids]},
            *({"role": "tool", "tool_call_id": a, "content": "18C"}
              for a in (answers if answers is not None else list(ids)))]


def fcall(name: str = "get_weather", sig: str | None = None) -> dict[str, Any]:
    part: dict[str, Any] = {"functionCall": {"name": name, "args": {"city": "Paris"}}}
    if sig:
        part["thoughtSignature"] = sig
    return part


def fresp(name: str = "get_weather") -> dict[str, Any]:
    return {"functionResponse": {"name": name, "response": {"temp": 18}}}


G_FN = {"functionDeclarations": [{"name": "get_weather", "description": "Weather.",
                                  "parameters": {"type": "OBJECT", "properties": {
                                      "city": {"type": "STRING"}}}}]}


def png(width: int, height: int) -> str:
    """A real PNG header (IHDR) of the given size, base64."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    raw = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(
        ">I", zlib.crc32(chunk))
    return base64.b64encode(raw + b"\0" * 32).decode()


def a_image(data: str, media: str = "image/png") -> dict[str, Any]:
    return {"type": "image", "source": {"type": "base64", "media_type": media, "data": data}}


def a_images(*blocks: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"role": "user", "content": [*blocks, {"type": "text", "text": "Describe."}]}]


JPEG = base64.b64encode(b"\xff\xd8\xff\xc0\x00\x11\x08\x00\x10\x00\x20\x03" + b"\0" * 40).decode()
BIG = "A" * (7 * 1024 * 1024)      # base64 of about 5.25 MB

# -- the cases ---------------------------------------------------------------------------

CASES: list[Case] = [
    # ---- layer 1: schema
    Case("schema.required", "anthropic.messages",
         {k: v for k, v in A().items() if k != "max_tokens"}, A(),
         "max_tokens: Field required"),
    Case("schema.type", "openai.chat", C(temperature="hot"), C(temperature=0.5),
         "Invalid type for 'temperature'"),
    Case("schema.enum", "openai.chat",
         C(messages=[{"role": "wizard", "content": "Hello"}]), C(),
         "Invalid value: 'wizard'"),
    Case("schema.unknown-field", "google.gemini", G(temperature=0.5),
         G(generationConfig={"temperature": 0.5}), 'Unknown name "temperature"',
         model="gemini-2.5-flash"),
    # ---- layer 2: Anthropic structure
    Case("anthropic.tool_result.missing", "anthropic.messages",
         A(tools=[A_TOOL], messages=[*a_loop("toolu_1")[:2], user("and?")]),
         A(tools=[A_TOOL], messages=a_loop("toolu_1")),
         "`tool_use` ids were found without `tool_result` blocks immediately after"),
    Case("anthropic.tool_result.orphan", "anthropic.messages",
         A(tools=[A_TOOL], messages=a_loop("toolu_1", results=["toolu_1", "toolu_9"])),
         A(tools=[A_TOOL], messages=a_loop("toolu_1")),
         "unexpected `tool_use_id` found in `tool_result` blocks"),
    Case("anthropic.tool_result.order", "anthropic.messages",
         A(tools=[A_TOOL], messages=[*a_loop("toolu_1")[:2], {"role": "user", "content": [
             {"type": "text", "text": "Here:"}, tool_result("toolu_1")]}]),
         A(tools=[A_TOOL], messages=[*a_loop("toolu_1")[:2], {"role": "user", "content": [
             tool_result("toolu_1"), {"type": "text", "text": "Here."}]}])),
    Case("anthropic.tool_use.duplicate-id", "anthropic.messages",
         A(tools=[A_TOOL], messages=[*a_loop("toolu_1"), {"role": "assistant", "content": [
             tool_use("toolu_1")]}, {"role": "user", "content": [tool_result("toolu_1")]}]),
         A(tools=[A_TOOL], messages=[*a_loop("toolu_1"), {"role": "assistant", "content": [
             tool_use("toolu_2")]}, {"role": "user", "content": [tool_result("toolu_2")]}]),
         "`tool_use` ids must be unique"),
    Case("anthropic.tool_use.id", "anthropic.messages",
         A(tools=[A_TOOL], messages=a_loop("call.1")),
         A(tools=[A_TOOL], messages=a_loop("call_1")),
         "String should match pattern '^[a-zA-Z0-9_-]+$'"),
    Case("anthropic.tool.name", "anthropic.messages",
         A(tools=[{**A_TOOL, "name": "weather.get"}]), A(tools=[A_TOOL]),
         "String should match pattern"),
    Case("anthropic.content.empty-text", "anthropic.messages",
         A(messages=[{"role": "user", "content": [{"type": "text", "text": ""},
                                                   {"type": "text", "text": "Hi"}]}]),
         A(messages=[{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]),
         "text content blocks must be non-empty"),
    Case("anthropic.content.empty", "anthropic.messages",
         A(messages=[user(), {"role": "assistant", "content": []}, user("again")]),
         A(messages=[user(), {"role": "assistant", "content": "Hi!"}, user("again")]),
         "all messages must have non-empty content except for the optional final assistant"),
    Case("anthropic.assistant.trailing-whitespace", "anthropic.messages",
         A(messages=[user(), {"role": "assistant", "content": "The answer is "}]),
         A(messages=[user(), {"role": "assistant", "content": "The answer is"}]),
         "final assistant content cannot end with trailing whitespace"),
    Case("anthropic.cache_control.limit", "anthropic.messages",
         A(system=[{"type": "text", "text": f"part {i}", "cache_control": {"type": "ephemeral"}}
                   for i in range(5)]),
         A(system=[{"type": "text", "text": f"part {i}", "cache_control": {"type": "ephemeral"}}
                   for i in range(4)]),
         "A maximum of 4 blocks with cache_control may be provided. Found 5."),
    Case("anthropic.cache_control.ttl-order", "anthropic.messages",
         A(tools=[{**A_TOOL, "cache_control": {"type": "ephemeral"}}],
           system=[{"type": "text", "text": "FAQ", "cache_control": {"type": "ephemeral",
                                                                      "ttl": "1h"}}]),
         A(tools=[{**A_TOOL, "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
           system=[{"type": "text", "text": "FAQ", "cache_control": {"type": "ephemeral"}}]),
         "a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block"),
    Case("anthropic.cache_control.top-level-ttl", "anthropic.messages",
         A(cache_control={"type": "ephemeral"}, messages=[{"role": "user", "content": [
             {"type": "text", "text": "Hi", "cache_control": {"type": "ephemeral",
                                                              "ttl": "1h"}}]}]),
         A(cache_control={"type": "ephemeral", "ttl": "1h"}, messages=[{
             "role": "user", "content": [{"type": "text", "text": "Hi", "cache_control": {
                 "type": "ephemeral", "ttl": "1h"}}]}]),
         "Top-level cache_control has ttl='5m' but the target block already has cache_control "
         "with ttl='1h'"),
    # ---- layer 2: OpenAI chat structure
    Case("openai.tool_message.orphan", "openai.chat",
         C(tools=[C_TOOL], messages=[user(), {"role": "tool", "tool_call_id": "call_1",
                                              "content": "18C"}]),
         C(tools=[C_TOOL], messages=c_loop("call_1")),
         "messages with role 'tool' must be a response to a preceeding message with "
         "'tool_calls'"),
    Case("openai.tool_calls.unanswered", "openai.chat",
         C(tools=[C_TOOL], messages=[*c_loop("call_1", "call_2", answers=["call_1"]),
                                     user("next")]),
         C(tools=[C_TOOL], messages=[*c_loop("call_1", "call_2"), user("next")]),
         "An assistant message with 'tool_calls' must be followed by tool messages responding "
         "to each 'tool_call_id'"),
    Case("openai.tool_call.duplicate-id", "openai.chat",
         C(tools=[C_TOOL], messages=[*c_loop("call_1"), *c_loop("call_1")]),
         C(tools=[C_TOOL], messages=[*c_loop("call_1"), *c_loop("call_2")])),
    Case("openai.tool_call.id-length", "openai.chat",
         C(tools=[C_TOOL], messages=c_loop("toolu_" + "x" * 40)),
         C(tools=[C_TOOL], messages=c_loop("call_" + "x" * 35)),
         "Expected a string with maximum length 40"),
    Case("openai.tool.name", "openai.chat",
         C(tools=[{"type": "function", "function": {"name": "mcp__server__" + "n" * 60}}]),
         C(tools=[{"type": "function", "function": {"name": "mcp__server__n"}}]),
         "string too long. Expected a string with maximum length 64"),
    Case("openai.tool_call.arguments", "openai.chat",
         C(tools=[C_TOOL], messages=[*c_loop("call_1")[:1],
                                     {"role": "assistant", "tool_calls": [
                                         call(args='{"city": Paris}')]},
                                     {"role": "tool", "tool_call_id": "call_1",
                                      "content": "x"}]),
         C(tools=[C_TOOL], messages=c_loop("call_1"))),
    Case("openai.stop.count", "openai.chat", C(stop=["a", "b", "c", "d", "e"]),
         C(stop=["a", "b", "c", "d"]), "Expected an array with maximum length 4"),
    Case("openai.response_format.json-word", "openai.chat",
         C(response_format={"type": "json_object"}),
         C(messages=[user("Reply in JSON.")], response_format={"type": "json_object"}),
         "'messages' must contain the word 'json' in some form"),
    Case("openai.strict-schema", "openai.chat",
         C(tools=[{"type": "function", "function": {
             "name": "get_weather", "strict": True, "parameters": {
                 "type": "object", "properties": {"city": {"type": "string"}},
                 "required": ["city"]}}}]),
         C(tools=[{"type": "function", "function": {
             "name": "get_weather", "strict": True, "parameters": {
                 "type": "object", "properties": {"city": {"type": "string"}},
                 "required": ["city"], "additionalProperties": False}}}]),
         "'additionalProperties' is required to be supplied and to be false"),
    Case("openai.messages.empty", "openai.chat", C(messages=[]), C(),
         "Expected an array with minimum length 1"),
    # ---- layer 2: Responses
    Case("responses.function_call.unanswered", "openai.responses",
         R(input=[{"role": "user", "content": "Weather?"},
                  {"type": "function_call", "call_id": "call_1", "name": "get_weather",
                   "arguments": "{}"}]),
         R(input=[{"role": "user", "content": "Weather?"},
                  {"type": "function_call", "call_id": "call_1", "name": "get_weather",
                   "arguments": "{}"},
                  {"type": "function_call_output", "call_id": "call_1", "output": "18C"}]),
         "No tool output found for function call call_1."),
    Case("responses.function_call_output.orphan", "openai.responses",
         R(input=[{"type": "function_call_output", "call_id": "call_1", "output": "18C"}]),
         R(previous_response_id="resp_1",
           input=[{"type": "function_call_output", "call_id": "call_1", "output": "18C"}]),
         "No tool call found for function call output with call_id call_1."),
    Case("responses.reasoning.not-persisted", "openai.responses",
         R(model="o4-mini", store=False, input=[
             {"role": "user", "content": "Hi"},
             {"type": "reasoning", "id": "rs_1", "summary": []},
             {"type": "message", "role": "assistant", "id": "msg_1", "status": "completed",
              "content": [
                 {"type": "output_text", "text": "Hello", "annotations": []}]},
             {"role": "user", "content": "More"}]),
         R(model="o4-mini", store=False, input=[
             {"role": "user", "content": "Hi"},
             {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAA"},
             {"type": "message", "role": "assistant", "id": "msg_1", "status": "completed",
              "content": [
                 {"type": "output_text", "text": "Hello", "annotations": []}]},
             {"role": "user", "content": "More"}]),
         "Items are not persisted when `store` is set to false"),
    Case("responses.reasoning.orphan", "openai.responses",
         R(model="o4-mini", input=[{"role": "user", "content": "Hi"},
                                   {"type": "reasoning", "id": "rs_1", "summary": []},
                                   {"role": "user", "content": "More"}]),
         R(model="o4-mini", input=[{"role": "user", "content": "Hi"},
                                   {"type": "reasoning", "id": "rs_1", "summary": []},
                                   {"type": "message", "role": "assistant", "id": "msg_1",
                                    "status": "completed", "content": [
                                       {"type": "output_text", "text": "Hello",
                                        "annotations": []}]},
                                   {"role": "user", "content": "More"}]),
         "of type 'reasoning' was provided without its required following item"),
    # ---- layer 2: Gemini structure
    Case("gemini.function_response.count", "google.gemini",
         G(tools=[G_FN], contents=[{"role": "user", "parts": [{"text": "Paris and Rome?"}]},
                                   {"role": "model", "parts": [fcall(), fcall()]},
                                   {"role": "user", "parts": [fresp()]}]),
         G(tools=[G_FN], contents=[{"role": "user", "parts": [{"text": "Paris and Rome?"}]},
                                   {"role": "model", "parts": [fcall(), fcall()]},
                                   {"role": "user", "parts": [fresp(), fresp()]}]),
         "the number of function response parts is equal to the number of function call parts",
         model="gemini-2.5-flash"),
    Case("gemini.function_call.position", "google.gemini",
         G(tools=[G_FN], contents=[{"role": "model", "parts": [fcall()]},
                                   {"role": "user", "parts": [fresp()]}]),
         G(tools=[G_FN], contents=[{"role": "user", "parts": [{"text": "Weather?"}]},
                                   {"role": "model", "parts": [fcall()]},
                                   {"role": "user", "parts": [fresp()]}]),
         "function call turn comes immediately after a user turn", model="gemini-2.5-flash"),
    Case("gemini.function_response.position", "google.gemini",
         G(tools=[G_FN], contents=[{"role": "user", "parts": [{"text": "Weather?"}]},
                                   {"role": "model", "parts": [{"text": "Checking."}]},
                                   {"role": "user", "parts": [fresp()]}]),
         G(tools=[G_FN], contents=[{"role": "user", "parts": [{"text": "Weather?"}]},
                                   {"role": "model", "parts": [fcall()]},
                                   {"role": "user", "parts": [fresp()]}]),
         "function response turn comes immediately after a function call turn",
         model="gemini-2.5-flash"),
    Case("gemini.role", "google.gemini",
         G(contents=[{"role": "assistant", "parts": [{"text": "Hi"}]}]),
         G(contents=[{"role": "model", "parts": [{"text": "Hi"}]}]),
         "Please use a valid role: user, model.", model="gemini-2.5-flash"),
    Case("gemini.contents.empty", "google.gemini", G(contents=[]), G(),
         "contents is not specified", model="gemini-2.5-flash"),
    Case("gemini.parts.empty", "google.gemini",
         G(contents=[{"role": "user", "parts": []}]), G(),
         "contents.parts must not be empty", model="gemini-2.5-flash"),
    Case("gemini.part.data", "google.gemini",
         G(contents=[{"role": "user", "parts": [{"thought": True}]}]), G(),
         "required oneof field 'data' must have one initialized field",
         model="gemini-2.5-flash"),
    Case("gemini.text.empty", "google.gemini",
         G(contents=[{"role": "user", "parts": [{"text": "Hi"}]},
                     {"role": "model", "parts": [{"text": ""}]},
                     {"role": "user", "parts": [{"text": "Again"}]}]),
         G(contents=[{"role": "user", "parts": [{"text": "Hi"}]},
                     {"role": "model", "parts": [{"text": "Hello"}]},
                     {"role": "user", "parts": [{"text": "Again"}]}]),
         "Unable to submit request because it has an empty text parameter",
         model="gemini-2.5-flash"),
    Case("gemini.function.name", "google.gemini",
         G(tools=[{"functionDeclarations": [{"name": "1st-tool", "description": "d"}]}]),
         G(tools=[{"functionDeclarations": [{"name": "first_tool", "description": "d"}]}]),
         "Invalid function name. Must start with a letter or an underscore",
         model="gemini-2.5-flash"),
    Case("gemini.stop_sequences.count", "google.gemini",
         G(generationConfig={"stopSequences": list("abcdef")}),
         G(generationConfig={"stopSequences": list("abcde")}), model="gemini-2.5-flash"),
    Case("gemini.tool_config.without-functions", "google.gemini",
         G(tools=[{"googleSearch": {}}],
           toolConfig={"functionCallingConfig": {"mode": "ANY"}}),
         G(tools=[G_FN], toolConfig={"functionCallingConfig": {"mode": "ANY"}}),
         "Function calling config is set without function_declarations.",
         model="gemini-2.5-flash"),
    # ---- layer 3: Anthropic model rules
    Case("anthropic.thinking.temperature", "anthropic.messages",
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048},
           temperature=0.2),
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048},
           temperature=1),
         "`temperature` may only be set to 1 when thinking is enabled"),
    Case("anthropic.thinking.top_k", "anthropic.messages",
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048}, top_k=40),
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048}),
         "`top_k` must be unset when thinking is enabled."),
    Case("anthropic.thinking.top_p", "anthropic.messages",
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048}, top_p=0.9),
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048}, top_p=0.95),
         "top_p must be unset when thinking is enabled."),
    Case("anthropic.thinking.tool_choice", "anthropic.messages",
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048},
           tools=[A_TOOL], tool_choice={"type": "any"}),
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048},
           tools=[A_TOOL], tool_choice={"type": "auto"}),
         "Thinking may not be enabled when tool_choice forces tool use."),
    Case("anthropic.thinking.budget-min", "anthropic.messages",
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 512}),
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 1024}),
         "budget_tokens: Input should be greater than or equal to 1024"),
    Case("anthropic.thinking.budget-max-tokens", "anthropic.messages",
         A(max_tokens=2048, thinking={"type": "enabled", "budget_tokens": 2048}),
         A(max_tokens=2049, thinking={"type": "enabled", "budget_tokens": 2048}),
         "`max_tokens` must be greater than `thinking.budget_tokens`."),
    Case("anthropic.thinking.final-assistant", "anthropic.messages",
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048},
           tools=[A_TOOL], messages=a_loop("toolu_1")),
         A(max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048},
           tools=[A_TOOL], messages=[user("Weather?"), {"role": "assistant", "content": [
               {"type": "thinking", "thinking": "Use the tool.", "signature": "c2ln"},
               tool_use()]}, {"role": "user", "content": [tool_result()]}]),
         "a final `assistant` message must start with a thinking block"),
    Case("anthropic.thinking.disabled-blocks", "anthropic.messages",
         A(messages=[user(), {"role": "assistant", "content": [
             {"type": "thinking", "thinking": "Hmm.", "signature": "c2ln"},
             {"type": "text", "text": "The answer is"}]}]),
         A(messages=[user(), {"role": "assistant", "content": [
             {"type": "text", "text": "The answer is"}]}])),
    Case("anthropic.thinking.type", "anthropic.messages",
         A(model="claude-opus-4-7", thinking={"type": "enabled", "budget_tokens": 2048},
           max_tokens=4096),
         A(model="claude-opus-4-7", thinking={"type": "adaptive"}, max_tokens=4096)),
    Case("anthropic.effort", "anthropic.messages",
         A(model="claude-opus-4-5", output_config={"effort": "max"}),
         A(model="claude-opus-4-5", output_config={"effort": "high"})),
    Case("anthropic.sampling.temperature-top-p", "anthropic.messages",
         A(temperature=0.7, top_p=0.9), A(temperature=0.7),
         "`temperature` and `top_p` cannot both be specified for this model"),
    Case("anthropic.sampling.unsupported", "anthropic.messages",
         A(model="claude-opus-4-7", temperature=0.2), A(model="claude-opus-4-7")),
    Case("anthropic.max_tokens.model-limit", "anthropic.messages",
         A(max_tokens=100_000), A(max_tokens=64_000)),
    # ---- layer 3: OpenAI model rules
    Case("openai.max_tokens.unsupported", "openai.chat",
         C(model="o4-mini", max_tokens=1000), C(model="o4-mini", max_completion_tokens=1000),
         "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
         "'max_completion_tokens' instead."),
    Case("openai.temperature.fixed", "openai.chat",
         C(model="o3", temperature=0.2), C(model="o3", temperature=1),
         "'temperature' does not support 0.2 with this model. Only the default (1) value is "
         "supported."),
    Case("openai.top_p.unsupported", "openai.chat", C(model="o3", top_p=0.5), C(model="o3"),
         "Unsupported parameter: 'top_p' is not supported with this model."),
    Case("openai.sampling.effort", "openai.chat",
         C(model="gpt-5.2", reasoning_effort="high", temperature=0.3),
         C(model="gpt-5.2", reasoning_effort="none", temperature=0.3)),
    Case("openai.role.system", "openai.chat",
         C(model="o1-mini", messages=[{"role": "system", "content": "Be brief."}, user()]),
         C(model="o1-mini", messages=[user("Be brief. Hello")]),
         "Unsupported value: 'messages[0].role' does not support 'system' with this model."),
    Case("openai.role.developer", "openai.chat",
         C(model="o1-preview", messages=[{"role": "developer", "content": "Be brief."},
                                         user()]),
         C(model="o1-preview", messages=[user("Be brief. Hello")])),
    Case("openai.reasoning_effort.value", "openai.chat",
         C(model="gpt-5", reasoning_effort="none"), C(model="gpt-5", reasoning_effort="minimal"),
         "Unsupported value: 'reasoning_effort' does not support 'none' with this model. "
         "Supported values are: 'minimal', 'low', 'medium', and 'high'."),
    Case("openai.reasoning_effort.unsupported", "openai.chat",
         C(reasoning_effort="low"), C()),
    Case("openai.max_tokens.model-limit", "openai.chat",
         C(model="gpt-4o", max_completion_tokens=32000),
         C(model="gpt-4o", max_completion_tokens=16384),
         "This model supports at most 16384 completion tokens, whereas you provided 32000."),
    Case("openai.stop.unsupported", "openai.chat", C(model="o3", stop=["END"]), C(model="o3")),
    # ---- layer 3: Gemini model rules
    Case("gemini.thinking.budget-range", "google.gemini",
         G(generationConfig={"thinkingConfig": {"thinkingBudget": 52428}}),
         G(generationConfig={"thinkingConfig": {"thinkingBudget": 24576}}),
         "The thinking budget (52428) is invalid.", model="gemini-2.5-flash"),
    Case("gemini.thinking.cannot-disable", "google.gemini",
         G(generationConfig={"thinkingConfig": {"thinkingBudget": 0}}),
         G(generationConfig={"thinkingConfig": {"thinkingBudget": 128}}),
         "Budget 0 is invalid. This model only works in thinking mode.",
         model="gemini-2.5-pro"),
    Case("gemini.thinking.level-unsupported", "google.gemini",
         G(generationConfig={"thinkingConfig": {"thinkingLevel": "low"}}),
         G(generationConfig={"thinkingConfig": {"thinkingBudget": 1024}}),
         "Thinking level is not supported for this model.", model="gemini-2.5-flash"),
    Case("gemini.thinking.budget-and-level", "google.gemini",
         G(generationConfig={"thinkingConfig": {"thinkingLevel": "high",
                                                "thinkingBudget": 8192}}),
         G(generationConfig={"thinkingConfig": {"thinkingLevel": "high"}}),
         "thinking_budget and thinking_level are not supported together",
         model="gemini-3-pro-preview"),
    Case("gemini.thinking.level-value", "google.gemini",
         G(generationConfig={"thinkingConfig": {"thinkingLevel": "minimal"}}),
         G(generationConfig={"thinkingConfig": {"thinkingLevel": "low"}}),
         model="gemini-3-pro-preview"),
    Case("gemini.function_call.signature", "google.gemini",
         G(tools=[G_FN], contents=[{"role": "user", "parts": [{"text": "Weather?"}]},
                                   {"role": "model", "parts": [fcall()]},
                                   {"role": "user", "parts": [fresp()]}]),
         G(tools=[G_FN], contents=[{"role": "user", "parts": [{"text": "Weather?"}]},
                                   {"role": "model", "parts": [fcall(sig="Q2lR"), fcall()]},
                                   {"role": "user", "parts": [fresp(), fresp()]}]),
         "Function call is missing a thought_signature in functionCall parts.",
         model="gemini-3-pro-preview"),
    Case("gemini.tools.builtin-with-functions", "google.gemini",
         G(tools=[G_FN, {"googleSearch": {}}]), G(tools=[G_FN]),
         "Tool use with function calling is unsupported", model="gemini-2.5-flash"),
    Case("gemini.tools.json-mode-with-functions", "google.gemini",
         G(tools=[G_FN], generationConfig={"responseMimeType": "application/json"}),
         G(tools=[G_FN], generationConfig={"responseMimeType": "text/plain"}),
         "Function calling with a response mime type: 'application/json' is unsupported",
         model="gemini-2.5-flash"),
    Case("gemini.schema.keyword", "google.gemini",
         G(tools=[{"functionDeclarations": [{"name": "f", "parameters": {
             "type": "object", "properties": {"a": {"type": "string"}},
             "additionalProperties": False}}]}]),
         G(tools=[{"functionDeclarations": [{"name": "f", "parametersJsonSchema": {
             "type": "object", "properties": {"a": {"type": "string"}},
             "additionalProperties": False}}]}]),
         'Unknown name "additionalProperties"', model="gemini-2.5-flash"),
    Case("gemini.schema.type-array", "google.gemini",
         G(generationConfig={"responseMimeType": "application/json", "responseSchema": {
             "type": "OBJECT", "properties": {"a": {"type": ["STRING", "NULL"]}}}}),
         G(generationConfig={"responseMimeType": "application/json", "responseSchema": {
             "type": "OBJECT", "properties": {"a": {"type": "STRING", "nullable": True}}}}),
         "Proto field is not repeating, cannot start list", model="gemini-2.5-flash"),
    Case("gemini.schema.parameters-object", "google.gemini",
         G(tools=[{"functionDeclarations": [{"name": "f", "parameters": {"type": "STRING"}}]}]),
         G(tools=[{"functionDeclarations": [{"name": "f", "parameters": {"type": "OBJECT"}}]}]),
         "functionDeclaration parameters schema should be of type OBJECT",
         model="gemini-2.5-flash"),
    # ---- layer 3: dialects
    Case("deepseek.reasoning_content.missing", "deepseek.chat",
         C(model="deepseek-v4-flash", tools=[C_TOOL], messages=c_loop("call_1")),
         C(model="deepseek-v4-flash", tools=[C_TOOL], messages=[
             user("Weather?"), {"role": "assistant", "content": None, "reasoning_content":
                                "Call the tool.", "tool_calls": [call()]},
             {"role": "tool", "tool_call_id": "call_1", "content": "18C"}]),
         "Missing `reasoning_content` field in the assistant message at message index 1"),
    Case("deepseek.thinking.tool_choice", "deepseek.chat",
         C(model="deepseek-v4-flash", tools=[C_TOOL], tool_choice="required"),
         C(model="deepseek-v4-flash", tools=[C_TOOL], tool_choice="required",
           thinking={"type": "disabled"}),
         "Thinking mode does not support this tool_choice"),
    Case("qwen.thinking.tool_choice", "openai.chat",
         C(model="qwen3.6-plus", tools=[C_TOOL], tool_choice="required", enable_thinking=True),
         C(model="qwen3.6-plus", tools=[C_TOOL], tool_choice="auto", enable_thinking=True),
         "The tool_choice parameter does not support being set to required or object in "
         "thinking mode"),
    Case("bedrock.stream", "bedrock.anthropic",
         {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 100, "stream": True,
          "messages": [user()]},
         {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 100, "messages": [user()]},
         "extraneous key [stream] is not permitted", model="anthropic.claude-sonnet-4-5-v1:0"),
    Case("model.unknown", "openai.chat", C(model="gpt-nonexistent-9"), C()),
    # ---- layer 4: limits
    Case("limits.request-size", "anthropic.messages",
         A(messages=[user("x" * (33 * 1024 * 1024))]), A(messages=[user("x" * 1000)]),
         "Request exceeds the maximum allowed number of bytes."),
    Case("limits.image-bytes", "anthropic.messages",
         A(messages=a_images(a_image(BIG))), A(messages=a_images(a_image(png(640, 480)))),
         "image exceeds 5 MB maximum"),
    Case("limits.image-dimensions", "anthropic.messages",
         A(messages=a_images(a_image(png(9000, 300)))),
         A(messages=a_images(a_image(png(8000, 300)))),
         "At least one of the image dimensions exceed max allowed size: 8000 pixels"),
    Case("limits.image-dimensions-many", "anthropic.messages",
         A(messages=a_images(*[a_image(png(2400, 100))] * 21)),
         A(messages=a_images(*[a_image(png(2400, 100))] * 20)),
         "max allowed size for many-image requests: 2000 pixels"),
    Case("limits.image-count", "anthropic.messages",
         A(messages=a_images(*[a_image(png(10, 10))] * 101)),
         A(messages=a_images(*[a_image(png(10, 10))] * 100))),
    Case("limits.image-media-type", "anthropic.messages",
         A(messages=a_images(a_image(JPEG, "image/png"))),
         A(messages=a_images(a_image(JPEG, "image/jpeg")))),
    Case("limits.data-uri", "openai.chat",
         C(model="qwen3.6-plus", messages=[{"role": "user", "content": [
             {"type": "image_url", "image_url": {"url": "data:image/png;base64," + "A" * 14_000_000}}]}]),
         C(model="qwen3.6-plus", messages=[{"role": "user", "content": [
             {"type": "image_url", "image_url": {"url": "data:image/png;base64," + png(64, 64)}}]}]),
         "Exceeded limit on max bytes per data-uri item"),
    Case("limits.string-length", "openai.chat",
         C(messages=[user("y" * 20_000_001)]), C(messages=[user("y" * 1_000_000)]),
         "exceeds the maximum allowed (20000000, from `StreamReadConstraints.getMaxStringLength()`)"),
    Case("limits.context-window", "openai.chat",
         C(model="gpt-4", messages=[user("word " * 10_000)]),
         C(model="gpt-4", messages=[user("word " * 1_000)]),
         "This model's maximum context length is 8192 tokens."),
]

BY_RULE = {c.rule: c for c in CASES}


def _ids(case: Case) -> str:
    return case.rule


def _diags(case: Case, payload: dict[str, Any]) -> list[Any]:
    return validate(payload, case.format, case.kind, case.model)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_rule_rejects(case: Case) -> None:
    found = [d for d in _diags(case, case.bad) if d.rule == case.rule]
    assert found, f"{case.rule} not reported: {_diags(case, case.bad)}"
    d = found[0]
    rule = RULES[case.rule]
    assert d.severity in ("error", "warning")
    if rule.severity == "error" and case.rule != "schema.unknown-field":
        assert d.severity == "error", d
    assert d.source == rule.source and d.source
    if case.vendor is not None:
        assert d.vendor_error is not None and case.vendor in d.vendor_error, d.vendor_error


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_valid_neighbour_passes(case: Case) -> None:
    diags = _diags(case, case.good)
    assert not [d for d in diags if d.rule == case.rule], diags
    assert not [d for d in diags if d.severity == "error"], diags


def test_every_rule_has_a_case() -> None:
    assert set(RULES) - {"limits.batch"} <= set(BY_RULE), sorted(set(RULES) - set(BY_RULE))


def test_sixty_rules_quote_the_vendor() -> None:
    quoted = [c.rule for c in CASES if c.vendor]
    assert len(quoted) >= 60, len(quoted)


@pytest.mark.parametrize("case", [c for c in CASES if RULES[c.rule].fixable], ids=_ids)
def test_fix_repairs_the_rule(case: Case) -> None:
    original = copy.deepcopy(case.bad)
    warnings = RULES[case.rule].severity == "warning"
    fixed = repair(case.bad, case.format, case.kind, case.model,  # type: ignore[arg-type]
                   warnings=warnings)
    assert case.bad == original, "repair mutated its input"
    assert [c for c in fixed.changes if c.rule == case.rule], fixed.changes
    assert not [d for d in fixed.diagnostics if d.rule == case.rule and d.severity == "error"]
