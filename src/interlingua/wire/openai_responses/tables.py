"""Responses-specific mapping tables."""

from __future__ import annotations

from ...names import rules

#: Built-in tool ``type`` -> canonical kind of ``ir.BuiltinTool``.
BUILTIN_KINDS = {
    "web_search": "web_search",
    "web_search_2025_08_26": "web_search",
    "web_search_preview": "web_search",
    "web_search_preview_2025_03_11": "web_search",
    "file_search": "file_search",
    "code_interpreter": "code_execution",
    "computer": "computer_use",
    "computer_use_preview": "computer_use",
    "computer_use": "computer_use",
    "mcp": "mcp",
    "image_generation": "image_generation",
    "local_shell": "local_shell",
    "shell": "shell",
    "apply_patch": "apply_patch",
    "tool_search": "tool_search",
}

#: Settings of a built-in tool renamed to the IR's portable names (``BuiltinTool.config``).
CONFIG_NAMES = {"display_width": "display_width_px", "display_height": "display_height_px"}

#: Service tiers the Responses API takes.
SERVICE_TIERS = frozenset({"auto", "default", "flex", "scale", "priority", "fast", "ultrafast"})
#: Other formats' service tiers -> Responses.
SERVICE_TIER_IN = {"standard_only": "default"}

#: ``include`` values with a meaning in the IR.
INCLUDE_LOGPROBS = "message.output_text.logprobs"
INCLUDE_REASONING = "reasoning.encrypted_content"

#: Breakpoint lifetimes the API takes.
CACHE_TTLS = ("30m", "12h")

#: ``max_output_tokens`` must be at least this ("integer below minimum value").
MIN_OUTPUT_TOKENS = 16

#: Top-level keys that openai.chat and openai.responses share with the same shape: a chat
#: source's extras under these keys are written through instead of reported.
SHARED_WITH_CHAT = frozenset({"moderation"})

#: call ids: the Open Responses schema (derived from OpenAI's) allows 1..64 characters.
RESPONSES_CALL_ID = rules("\x21-\x7e", 64)
