"""The golden cases: discovery, per-case settings, and the target model per format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import interlingua
from golden_snapshot import GOLDEN

#: The model a golden conversion targets when it changes vendor (the source's model is
#: meaningless to another vendor). A case may override it in its ``case.json``.
TARGET_MODELS = {
    "openai.chat": "gpt-4.1",
    "openai.responses": "gpt-5",
    "openai.completions": "gpt-3.5-turbo-instruct",
    "anthropic.messages": "claude-sonnet-4-5",
    "google.gemini": "gemini-2.5-flash",
    "google.vertex": "gemini-2.5-flash",
    # Dialects (docs/dialects.md)
    "openrouter.chat": "anthropic/claude-sonnet-4.5",
    "vllm.chat": "Qwen/Qwen3-32B",
    "xai.chat": "grok-4",
    "deepseek.chat": "deepseek-v4-pro",
    "zhipu.chat": "glm-4.7",
    "zhipu.anthropic": "glm-4.7",
    "moonshot.chat": "kimi-k2.6",
    "minimax.chat": "MiniMax-M2.7",
    "google.openai": "gemini-3-flash-preview",
    "vertex.anthropic": "claude-sonnet-4-5@20250929",
    "bedrock.anthropic": "anthropic.claude-sonnet-4-5-20250929-v1:0",
}


class Case:
    def __init__(self, path: Path) -> None:
        self.dir = path.parent
        self.source = self.dir.parent.name
        self.name = self.dir.name
        self.payload: dict[str, Any] = json.loads(path.read_text())
        settings = self.dir / "case.json"
        self.settings: dict[str, Any] = json.loads(settings.read_text()) if settings.exists() else {}

    @property
    def id(self) -> str:
        return f"{self.source}/{self.name}"

    def snapshot_name(self, what: str) -> str:
        return f"requests/{self.source}/{self.name}/{what}"

    def family(self, format_id: str) -> str:
        """Formats of one family share models (legacy Completions models are their own)."""
        return format_id if format_id == "openai.completions" else format_id.split(".")[0]

    def model_for(self, target: str) -> str | None:
        models = self.settings.get("models", {})
        if target in models:
            return str(models[target])
        if self.family(target) == self.family(self.source) and self.payload.get("model"):
            return None
        return TARGET_MODELS.get(target)

    def options(self) -> dict[str, Any]:
        return dict(self.settings.get("options", {}))


def request_cases() -> list[Case]:
    return [Case(p) for p in sorted(GOLDEN.glob("requests/*/*/input.json"))
            if p.parent.parent.name in interlingua.formats()]


def targets() -> list[str]:
    return interlingua.formats()
