"""Anthropic-specific mapping tables."""

from __future__ import annotations

#: Tool ``type`` prefix -> canonical built-in tool kind.
BUILTIN_KINDS: tuple[tuple[str, str], ...] = (
    ("web_search_", "web_search"),
    ("web_fetch_", "web_fetch"),
    ("code_execution_", "code_execution"),
    ("bash_", "bash"),
    ("text_editor_", "text_editor"),
    ("computer_", "computer_use"),
    ("memory_", "memory"),
    ("tool_search_tool_", "tool_search"),
    ("mcp_toolset", "mcp"),
    ("advisor_", "advisor"),
    ("browser_", "browser"),
)

#: Tool settings that mean the same across vendors, as the IR's ``BuiltinTool.config``.
PORTABLE_CONFIG = ("max_uses", "allowed_domains", "blocked_domains", "user_location",
                   "display_width_px", "display_height_px", "display_number")

#: Built-in kinds this writer can create from another vendor's tool, with the wire form.
BUILTIN_WRITE = {
    "web_search": {"type": "web_search_20250305", "name": "web_search"},
    "code_execution": {"type": "code_execution_20250825", "name": "code_execution"},
    "web_fetch": {"type": "web_fetch_20250910", "name": "web_fetch"},
}

#: Settings each written built-in accepts.
BUILTIN_SETTINGS = {
    "web_search": ("max_uses", "allowed_domains", "blocked_domains", "user_location"),
    "web_fetch": ("max_uses", "allowed_domains", "blocked_domains"),
    "code_execution": (),
}

IMAGE_MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})

#: OpenAI-style service tiers -> Anthropic.
SERVICE_TIER_OUT = {"auto": "auto", "default": "standard_only", "standard_only": "standard_only",
                    "priority": "auto"}

#: Most cache breakpoints one request may carry.
MAX_CACHE_BREAKPOINTS = 4
