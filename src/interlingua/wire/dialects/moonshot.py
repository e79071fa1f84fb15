"""Moonshot Kimi chat completions (``moonshot.chat``): ``https://api.moonshot.ai/v1/chat/completions``.

Differences from ``openai.chat`` (platform.moonshot.ai K2 thinking guide and API reference):

* ``thinking: {"type": "enabled" | "disabled"}`` on the hybrid models (kimi-k2.5, k2.6);
  kimi-k2-thinking always thinks.
* ``reasoning_content`` in responses and stream deltas. Interleaved thinking in tool loops:
  with thinking on, every assistant message with tool calls must carry its
  ``reasoning_content`` back ("thinking is enabled but reasoning_content is missing in
  assistant tool call message").
* Thinking mode accepts only ``tool_choice`` "auto" or "none".
* Usage puts ``cached_tokens`` at the top level of ``usage``; streams may put ``usage`` on the
  finishing choice rather than the chunk.
* ``partial: true`` on a final assistant message (partial mode) rides as a message extra;
  ``max_completion_tokens`` is the documented length field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import ir
from ...context import Context
from ..openai_chat.stream import ChatStreamReader
from ._compat import CompatChat


class MoonshotChat(CompatChat):
    """Kimi: OpenAI chat with interleaved ``reasoning_content`` in tool loops."""

    id = "moonshot.chat"
    title = "Moonshot Kimi Chat Completions"
    VENDOR = "Moonshot"
    THINKING_OBJECT = True
    REQUIRES_REASONING = "tool_calls"
    FORCED_TOOL_WITH_THINKING = False
    EFFORT_FIELD = True
    MAX_TOKENS_FIELD = "max_completion_tokens"

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> ir.Response:
        resp = super().read_response(body, ctx)
        u = body.get("usage")
        if resp.usage is not None and isinstance(u, dict) \
                and resp.usage.cache_read_tokens is None and type(u.get("cached_tokens")) is int:
            resp.usage.cache_read_tokens = u["cached_tokens"]
            if "prompt_tokens_details" not in u:
                resp.hints = {**(resp.hints or {}), "cached_tokens_only": True}
        return resp

    def write_usage(self, usage: ir.Usage, resp: ir.Response, ctx: Context, same: bool
                    ) -> dict[str, Any]:
        out = super().write_usage(usage, resp, ctx, same)
        if same and (resp.hints or {}).get("cached_tokens_only"):
            out.pop("prompt_tokens_details", None)
        elif usage.cache_read_tokens is not None:
            out["cached_tokens"] = usage.cache_read_tokens
        return out

    def stream_reader(self, ctx: Context) -> ChatStreamReader:
        return MoonshotStreamReader(ctx, self.id,
                                    excludes_reasoning=self.COMPLETION_EXCLUDES_REASONING)


class MoonshotStreamReader(ChatStreamReader):
    """Kimi streams: usage may sit on the finishing choice; ``cached_tokens`` at the top."""

    def feed(self, chunk: dict[str, Any]) -> list[ir.AnyEvent]:
        choices = chunk.get("choices")
        if isinstance(choices, list) and "usage" not in chunk:
            for c in choices:
                if isinstance(c, dict) and isinstance(c.get("usage"), dict):
                    chunk = {**chunk, "usage": c["usage"]}
                    break
        events = super().feed(chunk)
        u = chunk.get("usage")
        if isinstance(u, dict) and type(u.get("cached_tokens")) is int:
            for ev in events:
                if isinstance(ev, ir.UsageUpdate) and ev.usage.cache_read_tokens is None:
                    ev.usage.cache_read_tokens = u["cached_tokens"]
        return events
