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

# -- the way back: response bodies, streams, errors -----------------------------------------

#: Top-level keys of a Response that echo the request (the client knows them): bookkeeping
#: (``hints``), written back to a Responses client as they came and silently left out of any
#: other format. Keys outside this set and the modeled ones are ``extras`` (reported).
ECHO_KEYS = frozenset({
    "object", "background", "billing", "completed_at", "conversation", "instructions",
    "max_output_tokens", "max_tool_calls", "metadata", "parallel_tool_calls",
    "previous_response_id", "prompt", "prompt_cache_key", "prompt_cache_retention",
    "prompt_cache_options", "reasoning", "safety_identifier", "store", "temperature", "text",
    "tool_choice", "tools", "top_logprobs", "top_p", "truncation", "user",
    "presence_penalty", "frequency_penalty",
})

#: Output item types that are a model's call of a client tool (status "completed" with one
#: of them means the model waits for tool results: canonical finish ``tool_calls``).
CALL_ITEMS = frozenset({"function_call", "custom_tool_call"})

#: Call ids of xAI's server-side X search tools, which xAI reports as custom tool calls it
#: has already run (not calls for the client).
XAI_SERVER_CALL = "xs_call_"

#: Canonical error kind -> ``response.error.code`` of a failed response (the API's list).
FAILED_CODES = {"rate_limit": "rate_limit_exceeded", "invalid_request": "invalid_prompt",
                "request_too_large": "invalid_prompt"}

#: Annotation types of ``output_text`` (written through from another format when well formed).
ANNOTATION_TYPES = frozenset({"url_citation", "file_citation", "container_file_citation",
                              "file_path"})

#: Origins whose visible reasoning is a summary of the model's thinking (Claude 4 models
#: return summarized thinking, Gemini returns thought summaries): written to a Responses
#: client as ``summary_text``. Reasoning text from other vendors (OpenAI-compatible servers'
#: ``reasoning_content``: the raw chain of thought) goes as ``reasoning_text`` content.
SUMMARY_ORIGINS = ("anthropic", "google", "vertex", "bedrock")
