"""Reasoning that survives every hop: multi-vendor agent histories, chained as a proxy chains
them (the client's request converted to the vendor, the vendor's response converted back to
the client, the history grows), checked at every step against the vendor's rules.

The vendors are simulated by canned responses carrying the state each mints (Claude thinking
signatures, Gemini thought signatures, reasoning text); every request sent to a vendor must:

* conform to the vendor's SDK types (plus the dialect's documented fields);
* carry signatures and encrypted reasoning only where their provenance matches (a Claude
  signature only to Claude, a Gemini signature only to Gemini), and never an interlingua
  envelope;
* keep tools paired, and Anthropic's thinking-block rule (the last assistant turn of a tool
  loop starts with signed thinking while thinking is on);
* carry the reasoning a vendor requires back (DeepSeek V4 on every assistant message, Kimi on
  tool-call messages) with its true provenance.

See docs/reasoning.md for the policy these tests pin down.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import interlingua
from conformance import REQUEST_CHECKERS

ENVELOPE = "interlingua.v1."
WEATHER = {"name": "get_weather", "description": "Current weather for a city.",
           "input_schema": {"type": "object", "properties": {"city": {"type": "string"}},
                            "required": ["city"]}}
CITIES = ["Lisbon", "Oslo", "Kyoto"]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


# -- the simulated vendors -----------------------------------------------------------------


class Vendor:
    """Canned responses in one format, each minting fresh state, recorded by kind."""

    def __init__(self, fmt: str, model: str, minted: dict[str, set[str]]) -> None:
        self.fmt, self.model, self.minted = fmt, model, minted
        self.n = 0

    def mint(self, family: str) -> str:
        self.n += 1
        value = f"{family.upper()}-SIG-{self.model}-{self.n}-" + "A" * 24
        self.minted.setdefault(family, set()).add(value)
        return value

    def respond(self, turn: int, step: str) -> dict[str, Any]:
        thought = f"Turn {turn}: {'I need the weather first' if step == 'call' else 'Now answer'}."
        call_id = f"call{turn}x{self.n}"
        args = {"city": CITIES[turn - 1]}
        if self.fmt == "anthropic.messages":
            content: list[dict[str, Any]] = [
                {"type": "thinking", "thinking": thought, "signature": self.mint("claude")}]
            if step == "call":
                content.append({"type": "tool_use", "id": f"toolu_{call_id}",
                                "name": "get_weather", "input": args})
            else:
                content.append({"type": "text", "text": f"It is mild in {args['city']}."})
            return {"id": f"msg_{turn}{step}", "type": "message", "role": "assistant",
                    "model": self.model, "content": content,
                    "stop_reason": "tool_use" if step == "call" else "end_turn",
                    "stop_sequence": None, "usage": {"input_tokens": 50, "output_tokens": 20}}
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if self.fmt == "openrouter.chat":  # Claude behind OpenRouter
            sig = self.mint("claude")
            message.update(reasoning=thought, reasoning_details=[
                {"type": "reasoning.text", "text": thought, "signature": sig,
                 "format": "anthropic-claude-v1", "index": 0}])
        elif self.fmt in ("deepseek.chat", "zhipu.chat", "moonshot.chat"):
            message["reasoning_content"] = thought
            self.minted.setdefault("text:" + self.fmt, set()).add(thought)
        if step == "call":
            call: dict[str, Any] = {"id": call_id, "type": "function", "function": {
                "name": "get_weather", "arguments": json.dumps(args)}}
            if self.fmt == "google.openai":
                call["extra_content"] = {"google": {"thought_signature": self.mint("gemini")}}
            message["tool_calls"] = [call]
        else:
            message["content"] = f"It is mild in {args['city']}."
        return {"id": f"chatcmpl-{turn}{step}", "object": "chat.completion", "created": 1,
                "model": self.model, "choices": [{
                    "index": 0, "message": message,
                    "finish_reason": "tool_calls" if step == "call" else "stop"}],
                "usage": {"prompt_tokens": 50, "completion_tokens": 20, "total_tokens": 70}}


# -- the client ------------------------------------------------------------------------------


class Client:
    """An agent speaking one format: keeps its history the way that format's SDKs do."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.history: list[dict[str, Any]] = []

    def user(self, text: str) -> None:
        self.history.append({"role": "user", "content": text})

    def request(self) -> dict[str, Any]:
        if self.fmt == "anthropic.messages":
            return {"model": "claude-sonnet-4-5", "max_tokens": 8000,
                    "thinking": {"type": "enabled", "budget_tokens": 2000},
                    "tools": [WEATHER], "messages": self.history}
        tool = {"type": "function", "function": {
            "name": WEATHER["name"], "description": WEATHER["description"],
            "parameters": WEATHER["input_schema"]}}
        body: dict[str, Any] = {"model": "any", "messages": self.history, "tools": [tool]}
        if self.fmt == "openrouter.chat":
            body["reasoning"] = {"max_tokens": 2000}
        else:
            body["reasoning_effort"] = "medium"
        return body

    def receive(self, response: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """Append the assistant turn; return the tool calls it made (id, arguments)."""
        if self.fmt == "anthropic.messages":
            self.history.append({"role": "assistant", "content": response["content"]})
            return [(b["id"], b["input"]) for b in response["content"]
                    if b["type"] == "tool_use"]
        message = response["choices"][0]["message"]
        keep = ("role", "content", "tool_calls", "reasoning", "reasoning_details")
        self.history.append({k: v for k, v in message.items() if k in keep and v is not None
                             } | ({"content": message.get("content")}
                                  if "content" not in message or message["content"] is None
                                  else {}))
        return [(c["id"], json.loads(c["function"]["arguments"]))
                for c in message.get("tool_calls") or ()]

    def tool_results(self, calls: list[tuple[str, dict[str, Any]]]) -> None:
        if self.fmt == "anthropic.messages":
            self.history.append({"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": cid, "content": f"18C in {a['city']}"}
                for cid, a in calls]})
        else:
            for cid, a in calls:
                self.history.append({"role": "tool", "tool_call_id": cid,
                                     "content": f"18C in {a['city']}"})


# -- the vendors' rules ----------------------------------------------------------------------


def check_accepts(fmt: str, model: str, body: dict[str, Any], minted: dict[str, set[str]],
                  options: dict[str, Any]) -> None:
    errors = REQUEST_CHECKERS[fmt](body)
    assert not errors, f"{fmt} would reject the request:\n" + "\n".join(errors)
    assert not any(ENVELOPE in s for s in _strings(body)), "an envelope reached a vendor"
    claude = minted.get("claude", set())
    gemini = minted.get("gemini", set())
    foreign_to = {"anthropic.messages": gemini, "google.openai": claude}
    leaked = foreign_to.get(fmt, set()) & set(_strings(body))
    assert not leaked, f"signatures minted by another vendor sent to {fmt}: {leaked}"
    if fmt == "anthropic.messages":
        _check_anthropic(body, claude)
    elif fmt == "google.openai":
        _check_gemini(body, gemini, options)
    elif fmt == "openrouter.chat":
        _check_openrouter(body, model, claude, gemini)
    elif fmt in ("deepseek.chat", "moonshot.chat"):
        for m in body["messages"]:
            if m["role"] == "assistant" and (fmt == "deepseek.chat" or m.get("tool_calls")):
                assert "reasoning_content" in m, f"{fmt} requires reasoning_content: {m}"


def _check_anthropic(body: dict[str, Any], claude: set[str]) -> None:
    messages = body["messages"]
    for i, m in enumerate(messages):
        blocks = m["content"] if isinstance(m["content"], list) else []
        for b in blocks:
            if b["type"] == "thinking":
                assert b["signature"] in claude, "thinking block with a signature Claude " \
                                                 "did not mint"
            assert b["type"] != "redacted_thinking" or b["data"] in claude
        calls = [b["id"] for b in blocks if b["type"] == "tool_use"]
        if calls:
            nxt = messages[i + 1]["content"]
            results = [b["tool_use_id"] for b in nxt if b["type"] == "tool_result"]
            assert set(calls) <= set(results), "tool_use without its tool_result"
            assert all(b["type"] == "tool_result" for b in nxt[:len(results)])
    thinking = body.get("thinking", {}).get("type") in ("enabled", "adaptive")
    last = messages[-1]
    if thinking and last["role"] == "user" and isinstance(last["content"], list) and any(
            b["type"] == "tool_result" for b in last["content"]):
        loop_start = messages[-2]["content"]
        assert loop_start[0]["type"] in ("thinking", "redacted_thinking"), \
            "thinking on, but the tool loop's assistant turn does not start with thinking"


def _check_gemini(body: dict[str, Any], gemini: set[str], options: dict[str, Any]) -> None:
    allowed = gemini | ({"skip_thought_signature_validator"}
                        if options.get("thought_signature_bypass") else set())
    messages = body["messages"]
    last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
    for i, m in enumerate(messages):
        sigs = [c.get("extra_content", {}).get("google", {}).get("thought_signature")
                for c in m.get("tool_calls") or ()]
        for s in sigs:
            assert s is None or s in allowed, f"a signature Gemini did not mint: {s}"
        if i > last_user and sigs:
            assert sigs[0] is not None, "Gemini 3 rejects a current-turn call without a " \
                                        "thought signature"


def _check_openrouter(body: dict[str, Any], model: str, claude: set[str], gemini: set[str]
                      ) -> None:
    family = {"anthropic": "anthropic-claude-v1", "google": "google-gemini-v1"}.get(
        model.split("/")[0])
    for m in body["messages"]:
        for d in m.get("reasoning_details") or ():
            if d.get("signature") or d["type"] == "reasoning.encrypted":
                assert d["format"] == family, f"{d['format']} state sent to {model}"
                value = d.get("signature") or d.get("data")
                assert value in (claude if family == "anthropic-claude-v1" else gemini)


# -- the proxy ---------------------------------------------------------------------------------


class Proxy:
    """Chains conversions as a proxy does, and records every loss."""

    def __init__(self, client: Client, options: dict[str, Any] | None = None) -> None:
        self.client = client
        self.options = options or {}
        self.minted: dict[str, set[str]] = {}
        self.sent: list[tuple[str, dict[str, Any]]] = []
        #: What had been minted when each request was sent.
        self.before: list[dict[str, set[str]]] = []
        self.losses: list[str] = []

    def turn(self, n: int, fmt: str, model: str) -> None:
        vendor = Vendor(fmt, model, self.minted)
        self.client.user(f"Turn {n}: what is the weather in {CITIES[n - 1]}?")
        for step in ("call", "answer"):
            t = interlingua.translate_request(self.client.request(), self.client.fmt, fmt,
                                              model=model, on_loss="ignore", **self.options)
            check_accepts(fmt, model, t.body, self.minted, self.options)
            self.sent.append((fmt, t.body))
            self.before.append({k: set(v) for k, v in self.minted.items()})
            self.losses += [f"{x.path}: {x.reason}" for x in t.losses]
            back = interlingua.translate_response(vendor.respond(n, step), fmt,
                                                  self.client.fmt, on_loss="ignore",
                                                  renames=t.renames)
            self.losses += [f"{x.path}: {x.reason}" for x in back.losses]
            calls = self.client.receive(back.body)
            if step == "call":
                assert calls, "the tool call did not reach the client"
                self.client.tool_results(calls)


CLIENTS = ["anthropic.messages", "openrouter.chat", "openai.chat"]
HOPS = [("openrouter.chat", "anthropic/claude-sonnet-4.5"),
        ("google.openai", "gemini-3-pro-preview"),
        ("anthropic.messages", "claude-sonnet-4-5")]


@pytest.mark.parametrize("client", CLIENTS)
def test_claude_openrouter_then_gemini_then_claude(client: str) -> None:
    """The issue's agent: turn 1 on Claude through OpenRouter, turn 2 on Gemini 3 through its
    OpenAI-compatible endpoint, turn 3 on Claude directly; every request accepted."""
    options = {"thought_signature_bypass": True} if client == "openai.chat" else {}
    proxy = Proxy(Client(client), options)
    for n, (fmt, model) in enumerate(HOPS, 1):
        proxy.turn(n, fmt, model)
    claude_sigs = proxy.before[-1]["claude"]
    gemini_sigs = proxy.minted["gemini"]
    last_fmt, last = proxy.sent[-1]
    assert last_fmt == "anthropic.messages"
    sent_strings = set(_strings(last))
    if client == "openai.chat":
        # Plain Chat Completions has no field for opaque reasoning: the state is lost (and
        # reported), the vendors still accept every request (thinking is left off where the
        # history cannot satisfy Claude, the bypass value is sent to Gemini, both reported).
        assert any("thought signature" in x for x in proxy.losses)
        assert any("signed thinking block" in x for x in proxy.losses)
        return
    # The Claude signatures minted through OpenRouter (turn 1) and directly (turn 3) are all
    # in the final request to Anthropic: verbatim, same provenance.
    assert claude_sigs <= sent_strings, claude_sigs - sent_strings
    assert not gemini_sigs & sent_strings
    # Turn 2's second request to Gemini carried Gemini's own signature on its call.
    gemini_requests = [b for f, b in proxy.sent if f == "google.openai"]
    assert set(_strings(gemini_requests[1])) & gemini_sigs
    assert not set(_strings(gemini_requests[1])) & claude_sigs
    # Thinking stayed on for Claude's tool loop in turn 3.
    assert last["thinking"]["type"] == "enabled"


@pytest.mark.parametrize("client", ["anthropic.messages", "openrouter.chat"])
def test_gemini_then_claude_then_gemini(client: str) -> None:
    """The reverse order: Gemini state must survive a Claude turn in between."""
    proxy = Proxy(Client(client))
    for n, (fmt, model) in enumerate([HOPS[1], HOPS[2], HOPS[1]], 1):
        proxy.turn(n, fmt, model)
    gemini_requests = [b for f, b in proxy.sent if f == "google.openai"]
    first_turn_sig = sorted(proxy.minted["gemini"])[0]
    assert first_turn_sig in set(_strings(gemini_requests[-1]))


@pytest.mark.parametrize(("target", "model"), [("deepseek.chat", "deepseek-v4-pro"),
                                               ("zhipu.chat", "glm-4.7"),
                                               ("moonshot.chat", "kimi-k2.6")])
def test_claude_code_driving_open_models(target: str, model: str) -> None:
    """Claude Code (an Anthropic client) driving DeepSeek / GLM / Kimi: their reasoning goes to
    the client sealed in thinking blocks and comes back as their own ``reasoning_content``,
    verbatim, on every assistant message of the tool loops."""
    proxy = Proxy(Client("anthropic.messages"))
    proxy.turn(1, target, model)
    proxy.turn(2, target, model)
    texts = proxy.before[-1]["text:" + target]
    last = proxy.sent[-1][1]
    replayed = [m.get("reasoning_content") for m in last["messages"] if m["role"] == "assistant"]
    assert set(replayed) - {None} == texts, replayed
    # Nothing was crossed or invented: no placeholder, no approximation of reasoning.
    assert not any("reasoning_content" in x and "empty" in x for x in proxy.losses)
    assert not any("replayed as reasoning_content text" in x for x in proxy.losses)


def test_deepseek_v4_tool_loop_from_another_vendor() -> None:
    """A DeepSeek V4 thinking-mode request whose history comes from Claude: the Claude thinking
    crosses as text (reported), assistant messages without reasoning get an empty one
    (reported), every assistant message carries reasoning_content."""
    proxy = Proxy(Client("anthropic.messages"))
    proxy.turn(1, "anthropic.messages", "claude-sonnet-4-5")
    proxy.turn(2, "deepseek.chat", "deepseek-v4-pro")
    body = proxy.sent[-1][1]
    assistants = [m for m in body["messages"] if m["role"] == "assistant"]
    assert all("reasoning_content" in m for m in assistants)
    assert assistants[0]["reasoning_content"] == "Turn 1: I need the weather first."
    assert any("replayed as reasoning_content text" in x for x in proxy.losses)
    assert not proxy.minted["claude"] & set(_strings(body))


def test_stream_keeps_gemini_signatures_for_an_anthropic_client() -> None:
    """Claude Code streaming from Gemini 3 through google.openai: the thought signature rides
    the Anthropic stream sealed, and the next request gives it back to Gemini."""
    sig = "GEMINI-STREAM-SIG-" + "B" * 30
    chunks = [
        {"id": "c1", "object": "chat.completion.chunk", "created": 1,
         "model": "gemini-3-pro-preview", "choices": [{"index": 0, "delta": {
             "role": "assistant", "tool_calls": [{
                 "index": 0, "id": "function-call-1", "type": "function",
                 "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"},
                 "extra_content": {"google": {"thought_signature": sig}}}]},
             "finish_reason": None}]},
        {"id": "c1", "object": "chat.completion.chunk", "created": 1,
         "model": "gemini-3-pro-preview", "choices": [{"index": 0, "delta": {},
                                                       "finish_reason": "tool_calls"}]},
    ]
    events = list(interlingua.convert_stream(chunks, "google.openai", "anthropic.messages",
                                             on_loss="ignore"))
    message = interlingua.aggregate_stream(events, "anthropic.messages", on_loss="ignore")
    assert sig not in json.dumps(message)  # sealed for the Anthropic client
    client = Client("anthropic.messages")
    client.user("Weather in Oslo?")
    client.history.append({"role": "assistant", "content": message["content"]})
    client.tool_results([(b["id"], b["input"]) for b in message["content"]
                         if b["type"] == "tool_use"])
    body = interlingua.convert_request(client.request(), "anthropic.messages", "google.openai",
                                       model="gemini-3-pro-preview", on_loss="ignore")
    check_accepts("google.openai", "gemini-3-pro-preview", body, {"gemini": {sig}}, {})
    call = body["messages"][1]["tool_calls"][0]
    assert call["extra_content"] == {"google": {"thought_signature": sig}}


def test_envelope_never_reaches_the_wrong_vendor() -> None:
    """A Gemini-signed history sent by an Anthropic client to Claude: the envelope is opened,
    the Gemini signature is dropped (reported), never sent to Anthropic."""
    proxy = Proxy(Client("anthropic.messages"))
    proxy.turn(1, "google.openai", "gemini-3-pro-preview")
    proxy.turn(2, "anthropic.messages", "claude-sonnet-4-5")
    assert any("Gemini" in x or "google.gemini" in x for x in proxy.losses)
