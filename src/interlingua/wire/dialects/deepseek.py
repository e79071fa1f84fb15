"""DeepSeek chat completions (``deepseek.chat``): ``https://api.deepseek.com/chat/completions``.

Differences from ``openai.chat`` (api-docs.deepseek.com, thinking_mode and reasoning_model):

* ``thinking: {"type": "enabled" | "disabled"}`` and ``reasoning_effort`` (high / max; low and
  medium map to high, xhigh to max). Thinking is on by default on V4.
* ``reasoning_content`` beside ``content`` in responses and stream deltas.
* Replay, model-aware (``models/data/deepseek.json``): in thinking mode V4 requires the
  ``reasoning_content`` of every assistant message back ("The `reasoning_content` in the
  thinking mode must be passed back to the API"); the R1 reasoner refused it (400).
* Thinking mode refuses a forced tool choice.
* Usage: ``prompt_cache_hit_tokens`` / ``prompt_cache_miss_tokens`` besides the OpenAI fields.
* No ``developer`` role; ``max_tokens`` is the length field; ``prefix`` on an assistant
  message (Chat Prefix Completion, beta) rides as a message extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ... import ir
from ...context import Context
from ._compat import CompatChat


class DeepSeekChat(CompatChat):
    """DeepSeek: OpenAI chat with thinking mode and ``reasoning_content`` replay."""

    id = "deepseek.chat"
    title = "DeepSeek Chat Completions"
    VENDOR = "DeepSeek"
    THINKING_OBJECT = True
    DEFAULT_THINKING = True
    REQUIRES_REASONING = "all"
    FORCED_TOOL_WITH_THINKING = False

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> ir.Response:
        resp = super().read_response(body, ctx)
        u = body.get("usage")
        if resp.usage is not None and isinstance(u, dict) and resp.usage.cache_read_tokens is None:
            hit = u.get("prompt_cache_hit_tokens")
            if type(hit) is int:
                resp.usage.cache_read_tokens = hit
        return resp
