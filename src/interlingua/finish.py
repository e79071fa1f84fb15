"""One canonical table of finish reasons, and each vendor family's names for them.

Canonical reasons:

=========================  ==============================================================
stop                       natural end of the turn, or a stop sequence (see stop_sequence)
length                     the max output tokens were reached
tool_calls                 the model called tools and waits for their results
content_filter             the output was filtered (OpenAI's word)
refusal                    the model refused (Anthropic ``refusal``)
pause_turn                 a long server-tool turn paused; send it back to continue
context_window_exceeded    the context window filled up
safety                     Gemini SAFETY / IMAGE_SAFETY
recitation                 Gemini RECITATION
malformed_function_call    Gemini MALFORMED_FUNCTION_CALL
blocklist                  Gemini BLOCKLIST
prohibited_content         Gemini PROHIBITED_CONTENT
spii                       Gemini SPII
language                   Gemini LANGUAGE
unexpected_tool_call       Gemini UNEXPECTED_TOOL_CALL / TOO_MANY_TOOL_CALLS
error                      the generation failed
other                      anything else
=========================  ==============================================================

``to_native(family, reason)`` gives the family's word and whether it is exact; a writer
reports an inexact one as an approximation.
"""

from __future__ import annotations

CANONICAL = ("stop", "length", "tool_calls", "content_filter", "refusal", "pause_turn",
             "context_window_exceeded", "safety", "recitation", "malformed_function_call",
             "blocklist", "prohibited_content", "spii", "language", "unexpected_tool_call",
             "error", "other")

#: native -> canonical, per vendor family.
FROM_NATIVE: dict[str, dict[str, str]] = {
    "openai": {"stop": "stop", "length": "length", "tool_calls": "tool_calls",
               "function_call": "tool_calls", "content_filter": "content_filter"},
    "anthropic": {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length",
                  "tool_use": "tool_calls", "pause_turn": "pause_turn", "refusal": "refusal",
                  "model_context_window_exceeded": "context_window_exceeded"},
    # OpenAI Responses: the response ``status``, or the ``incomplete_details.reason`` of an
    # incomplete one. "completed" with function or custom tool call items reads as tool_calls
    # (the reader decides; Responses has no separate word for it).
    "openai_responses": {"completed": "stop", "max_output_tokens": "length",
                         "content_filter": "content_filter", "failed": "error",
                         "cancelled": "other", "max_messages": "other", "steered": "other"},
    # OpenAI legacy Completions: a subset of chat's words.
    "openai_completions": {"stop": "stop", "length": "length",
                           "content_filter": "content_filter"},
    "gemini": {"STOP": "stop", "MAX_TOKENS": "length", "SAFETY": "safety",
               "IMAGE_SAFETY": "safety", "IMAGE_PROHIBITED_CONTENT": "prohibited_content",
               "RECITATION": "recitation", "IMAGE_RECITATION": "recitation",
               "LANGUAGE": "language", "OTHER": "other", "IMAGE_OTHER": "other",
               "NO_IMAGE": "other", "BLOCKLIST": "blocklist",
               "PROHIBITED_CONTENT": "prohibited_content", "SPII": "spii",
               "MALFORMED_FUNCTION_CALL": "malformed_function_call",
               "UNEXPECTED_TOOL_CALL": "unexpected_tool_call",
               "TOO_MANY_TOOL_CALLS": "unexpected_tool_call",
               "MISSING_THOUGHT_SIGNATURE": "error", "MALFORMED_RESPONSE": "error",
               "FINISH_REASON_UNSPECIFIED": "other",
               # Filters that are not the model's safety classifiers: an escalation rule,
               # an account limited for policy violations, Model Armor (Vertex).
               "ESCALATION": "content_filter", "PUP_LIMITED_DISABLED": "content_filter",
               "MODEL_ARMOR": "content_filter",
               # The per-request token limit cut the answer; a continuationToken resumes it.
               "CONTINUATION": "length"},
}

#: canonical -> (native, exact), per vendor family.
TO_NATIVE: dict[str, dict[str, tuple[str, bool]]] = {
    "openai": {"stop": ("stop", True), "length": ("length", True),
               "tool_calls": ("tool_calls", True), "content_filter": ("content_filter", True),
               "refusal": ("stop", False), "pause_turn": ("stop", False),
               "context_window_exceeded": ("length", False),
               "safety": ("content_filter", False), "recitation": ("content_filter", False),
               "blocklist": ("content_filter", False),
               "prohibited_content": ("content_filter", False),
               "spii": ("content_filter", False), "language": ("stop", False),
               "malformed_function_call": ("stop", False),
               "unexpected_tool_call": ("stop", False), "error": ("stop", False),
               "other": ("stop", False)},
    "anthropic": {"stop": ("end_turn", True), "length": ("max_tokens", True),
                  "tool_calls": ("tool_use", True), "refusal": ("refusal", True),
                  "pause_turn": ("pause_turn", True),
                  "context_window_exceeded": ("model_context_window_exceeded", True),
                  "content_filter": ("refusal", False), "safety": ("refusal", False),
                  "recitation": ("refusal", False), "blocklist": ("refusal", False),
                  "prohibited_content": ("refusal", False), "spii": ("refusal", False),
                  "language": ("end_turn", False), "malformed_function_call": ("end_turn", False),
                  "unexpected_tool_call": ("end_turn", False), "error": ("end_turn", False),
                  "other": ("end_turn", False)},
    # Responses: an incomplete reason ("max_output_tokens", "content_filter"), "failed", or
    # "completed" (tool calls are "completed" with function_call items: exact).
    "openai_responses": {"stop": ("completed", True), "length": ("max_output_tokens", True),
                         "tool_calls": ("completed", True),
                         "content_filter": ("content_filter", True),
                         "refusal": ("completed", False), "pause_turn": ("completed", False),
                         "context_window_exceeded": ("max_output_tokens", False),
                         "safety": ("content_filter", False),
                         "recitation": ("content_filter", False),
                         "blocklist": ("content_filter", False),
                         "prohibited_content": ("content_filter", False),
                         "spii": ("content_filter", False), "language": ("completed", False),
                         "malformed_function_call": ("completed", False),
                         "unexpected_tool_call": ("completed", False), "error": ("failed", True),
                         "other": ("completed", False)},
    # Legacy Completions only knows stop, length and content_filter.
    "openai_completions": {"stop": ("stop", True), "length": ("length", True),
                           "tool_calls": ("stop", False),
                           "content_filter": ("content_filter", True),
                           "refusal": ("stop", False), "pause_turn": ("stop", False),
                           "context_window_exceeded": ("length", False),
                           "safety": ("content_filter", False),
                           "recitation": ("content_filter", False),
                           "blocklist": ("content_filter", False),
                           "prohibited_content": ("content_filter", False),
                           "spii": ("content_filter", False), "language": ("stop", False),
                           "malformed_function_call": ("stop", False),
                           "unexpected_tool_call": ("stop", False), "error": ("stop", False),
                           "other": ("stop", False)},
    "gemini": {"stop": ("STOP", True), "length": ("MAX_TOKENS", True),
               "tool_calls": ("STOP", True), "safety": ("SAFETY", True),
               "recitation": ("RECITATION", True), "language": ("LANGUAGE", True),
               "blocklist": ("BLOCKLIST", True), "prohibited_content": ("PROHIBITED_CONTENT", True),
               "spii": ("SPII", True), "malformed_function_call": ("MALFORMED_FUNCTION_CALL", True),
               "unexpected_tool_call": ("UNEXPECTED_TOOL_CALL", True), "other": ("OTHER", True),
               "content_filter": ("SAFETY", False), "refusal": ("SAFETY", False),
               "pause_turn": ("OTHER", False), "context_window_exceeded": ("MAX_TOKENS", False),
               "error": ("OTHER", False)},
}


def from_native(family: str, native: str | None) -> str | None:
    """The canonical reason for a vendor's finish value (unknown values map to "other")."""
    if native is None:
        return None
    return FROM_NATIVE[family].get(native, "other")


def to_native(family: str, reason: str | None) -> tuple[str | None, bool]:
    """(the family's value for ``reason``, whether it means exactly the same)."""
    if reason is None:
        return None, True
    return TO_NATIVE[family].get(reason, TO_NATIVE[family]["other"])
