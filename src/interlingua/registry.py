"""The registry of formats. Formats load lazily: ``import interlingua`` stays fast."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .errors import UnknownFormatError

if TYPE_CHECKING:
    from .wire.base import Format

#: format id -> "module:Class". Adding a format is one line here plus its package.
_FORMATS: dict[str, str] = {
    "openai.chat": "interlingua.wire.openai_chat:OpenAIChat",
    "openai.responses": "interlingua.wire.openai_responses:OpenAIResponses",
    "openai.completions": "interlingua.wire.openai_completions:OpenAICompletions",
    "anthropic.messages": "interlingua.wire.anthropic_messages:AnthropicMessages",
    "google.gemini": "interlingua.wire.google_gemini:GoogleGemini",
    "google.vertex": "interlingua.wire.google_gemini:GoogleVertex",
    # Dialects (wire/dialects/, one module per vendor; docs/dialects.md).
    "openrouter.chat": "interlingua.wire.dialects.openrouter:OpenRouterChat",
    "vllm.chat": "interlingua.wire.dialects.vllm:VLLMChat",
    "xai.chat": "interlingua.wire.dialects.xai:XAIChat",
    "deepseek.chat": "interlingua.wire.dialects.deepseek:DeepSeekChat",
    "zhipu.chat": "interlingua.wire.dialects.zhipu:ZhipuChat",
    "zhipu.anthropic": "interlingua.wire.dialects.zhipu:ZhipuAnthropic",
    "moonshot.chat": "interlingua.wire.dialects.moonshot:MoonshotChat",
    "minimax.chat": "interlingua.wire.dialects.minimax:MiniMaxChat",
    "google.openai": "interlingua.wire.dialects.google_openai:GoogleOpenAI",
    "vertex.anthropic": "interlingua.wire.dialects.anthropic_hosts:VertexAnthropic",
    "bedrock.anthropic": "interlingua.wire.dialects.anthropic_hosts:BedrockAnthropic",
}

#: short names users may type.
_ALIASES: dict[str, str] = {
    "openai": "openai.chat",
    "chat": "openai.chat",
    "responses": "openai.responses",
    "completions": "openai.completions",
    "anthropic": "anthropic.messages",
    "claude": "anthropic.messages",
    "gemini": "google.gemini",
    "vertex": "google.vertex",
}

_loaded: dict[str, Format] = {}


def register(format_id: str, target: str, *aliases: str) -> None:
    """Register a format class given as "package.module:ClassName" (imported on first use)."""
    _FORMATS[format_id] = target
    _loaded.pop(format_id, None)
    for alias in aliases:
        _ALIASES[alias] = format_id


def resolve(format_id: str) -> str:
    """The canonical id of ``format_id`` (which may be an alias)."""
    if format_id in _FORMATS:
        return format_id
    canonical = _ALIASES.get(format_id)
    if canonical is None:
        raise UnknownFormatError(format_id, sorted(_FORMATS))
    return canonical


def get_format(format_id: str) -> Format:
    """The (shared, stateless) format object for ``format_id`` or one of its aliases."""
    fmt = _loaded.get(format_id)
    if fmt is not None:
        return fmt
    canonical = resolve(format_id)
    fmt = _loaded.get(canonical)
    if fmt is None:
        module_name, _, class_name = _FORMATS[canonical].partition(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        fmt = cls()
        _loaded[canonical] = fmt
    _loaded[format_id] = fmt
    return fmt


def formats() -> list[str]:
    """The registered format ids, sorted."""
    return sorted(_FORMATS)


def aliases() -> dict[str, str]:
    """Short names and the format ids they stand for."""
    return dict(_ALIASES)
