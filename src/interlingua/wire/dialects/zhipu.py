"""Zhipu / Z.ai GLM: ``zhipu.chat`` (``https://open.bigmodel.cn/api/paas/v4/chat/completions``)
and its Anthropic-compatible endpoint ``zhipu.anthropic`` (``https://open.bigmodel.cn/api/anthropic``).

Differences from ``openai.chat`` (docs.bigmodel.cn and docs.z.ai thinking-mode pages, the
GLM-4.7 chat template):

* ``thinking: {"type": "enabled" | "disabled", "clear_thinking": bool}``. GLM-4.5 and 4.6 are
  hybrid (the model decides); GLM-4.7 and later think by default and may switch per request.
* ``reasoning_content`` in responses and stream deltas. Interleaved thinking: the reasoning of
  a tool loop goes back on the assistant messages. Preserved thinking (GLM-4.7+):
  ``clear_thinking: false`` keeps earlier turns' reasoning in context; the replayed reasoning
  must be complete and unmodified. ``clear_thinking`` has no equivalent elsewhere (loss).
* ``do_sample``, ``request_id``, ``user_id``, ``tool_stream`` ride as extras; ``max_tokens``.

``zhipu.anthropic`` is ``anthropic.messages`` served by GLM: its thinking blocks are minted by
GLM, not Anthropic, so they never go to Anthropic (they keep their own origin), and GLM's own
reasoning read from ``zhipu.chat`` is GLM's too.
"""

from __future__ import annotations

from ..anthropic_messages import AnthropicMessages
from ._compat import CompatChat


class ZhipuChat(CompatChat):
    """GLM (bigmodel / Z.ai): OpenAI chat with ``thinking`` and ``reasoning_content``."""

    id = "zhipu.chat"
    title = "Zhipu GLM Chat Completions"
    VENDOR = "Zhipu"
    THINKING_OBJECT = True
    REPLAYS = frozenset({"zhipu.anthropic"})
    EFFORT_FIELD = True


class ZhipuAnthropic(AnthropicMessages):
    """GLM behind an Anthropic Messages endpoint (what Claude Code is pointed at)."""

    id = "zhipu.anthropic"
    title = "Zhipu GLM Anthropic-compatible Messages"
    aliases = ()  # type: ignore[assignment]  # none: the base names are Anthropic's
