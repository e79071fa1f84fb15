"""Tool definitions and tool choice."""

from __future__ import annotations

from typing import Any, Literal

from msgspec import Struct

from .parts import CacheMark


class Tool(Struct, kw_only=True, omit_defaults=True, gc=False, tag_field="type"):
    name: str | None = None
    description: str | None = None
    cache: CacheMark | None = None
    extras: dict[str, Any] | None = None
    path: str | None = None


class FunctionTool(Tool, tag="function", kw_only=True):
    """A client function: JSON Schema ``parameters`` and the ``strict`` flag."""

    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class CustomTool(Tool, tag="custom", kw_only=True):
    """A free-form-input tool (OpenAI custom tools), optionally constrained by a grammar."""

    format: dict[str, Any] | None = None


class BuiltinTool(Tool, tag="builtin", kw_only=True):
    """A vendor-hosted or vendor-defined tool (web search, code execution, computer use...).

    ``kind`` is the canonical kind ("web_search", "code_execution", "computer_use",
    "text_editor", "bash", "web_fetch", "file_search", "mcp", "memory", "image_generation",
    "url_context", "tool_search", ...). ``config`` holds the settings the IR understands across
    vendors (``user_location``, ``allowed_domains``, ``blocked_domains``, ``max_uses``,
    ``search_context_size``, ``display_width_px``...). ``raw`` is the source's wire object and
    ``origin`` its format, so a same-format writer re-emits it byte for byte.
    """

    kind: str
    config: dict[str, Any] | None = None
    origin: str | None = None
    raw: dict[str, Any] | None = None


AnyTool = FunctionTool | CustomTool | BuiltinTool


class ToolChoice(Struct, kw_only=True, omit_defaults=True, gc=False):
    """Which tools the model may or must call.

    mode: "auto" | "none" | "required" (any tool) | "tool" (the tool ``name``) |
          "allowed" (any of ``allowed``, with ``allowed_mode`` "auto" or "required").
    ``tool_type`` names the kind of the forced tool ("function", "custom", or a builtin kind).
    """

    mode: Literal["auto", "none", "required", "tool", "allowed"]
    name: str | None = None
    tool_type: str | None = None
    allowed: list[dict[str, Any]] | None = None
    allowed_mode: str | None = None
    extras: dict[str, Any] | None = None
    path: str | None = None
