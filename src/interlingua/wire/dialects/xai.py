"""xAI chat completions (``xai.chat``): ``https://api.x.ai/v1/chat/completions``.

Differences from ``openai.chat`` (docs.x.ai reasoning guide and chat reference):

* ``completion_tokens`` EXCLUDE reasoning tokens (``completion_tokens_details.reasoning_tokens``
  is counted on top: ``total = prompt + completion + reasoning``); the usage readers and
  writers convert (``COMPLETION_EXCLUDES_REASONING``).
* ``reasoning_content`` in responses and stream deltas (grok-3-mini only); never taken back in
  requests (grok-4 and later keep encrypted reasoning on the Responses API only).
* ``reasoning_effort`` only where the model takes it (grok-3-mini: low / high; the grok-4
  reasoning models reject it); ``presence_penalty``, ``frequency_penalty`` and ``stop`` are
  rejected by reasoning models.
* ``search_parameters`` (Live Search: mode, sources, dates, ``return_citations``,
  ``max_search_results``) and the top-level ``citations`` of responses ride as extras; usage
  adds ``num_sources_used`` and ``cost_in_usd_ticks``.
"""

from __future__ import annotations

from typing import Any

from ... import ir, models
from ...context import Context
from ._compat import CompatChat


class XAIChat(CompatChat):
    """xAI Grok: OpenAI chat whose completion tokens exclude reasoning."""

    id = "xai.chat"
    title = "xAI Chat Completions"
    VENDOR = "xAI"
    COMPLETION_EXCLUDES_REASONING = True
    DEFAULT_REPLAY = "none"
    MAX_TOKENS_FIELD = "max_completion_tokens"

    def write_sampling(self, req: ir.Request, out: dict[str, Any], ctx: Context,
                       caps: models.ModelInfo | None, hints: dict[str, Any]) -> None:
        super().write_sampling(req, out, ctx, caps, hints)
        if self.carries(req.source) or caps is None or not caps.reasoning.supported:
            return
        for key in ("presence_penalty", "frequency_penalty"):
            if key in out:
                del out[key]
                ctx.dropped(req.where(key), f"xAI reasoning models reject {key} "
                                            f"({req.model!r})")
