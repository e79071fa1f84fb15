"""The recorded vendor traffic in tests/data/recorded (see its PROVENANCE.md): which files
are responses, streams and errors, and in which format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import interlingua

DATA = Path(__file__).resolve().parent / "data" / "recorded"

#: folder -> the format its recordings are in (dialects map to the format that reads them).
FOLDERS = {
    "openai/chat": "openai.chat",
    "openai-compatible/chat": "xai.chat",   # grok-3-mini through @ai-sdk/openai-compatible
    "xai": "xai.chat",
    "deepseek/chat": "deepseek.chat",
    "groq": "openai.chat",
    "alibaba": "openai.chat",
    "moonshotai": "moonshot.chat",
    "anthropic": "anthropic.messages",
    "google": "google.gemini",
    "openai/responses": "openai.responses",
    "open-responses/responses": "openai.responses",
    "xai/responses": "openai.responses",
}
#: Recordings that are not generation traffic (other APIs of the vendor).
SKIP = {"groq-transcription-text.json"}


#: The events that end one stream, for formats whose recordings may hold several streams.
_STREAM_ENDS = {"anthropic.messages": ("message_stop",),
                "openai.responses": ("response.completed", "response.incomplete",
                                     "response.failed")}


class Recording:
    def __init__(self, path: Path, folder: str, fmt: str) -> None:
        self.path = path
        self.folder = folder
        self.format = fmt
        self.name = path.name.split(".chunks.txt")[0].removesuffix(".json")
        self.kind = "stream" if path.name.endswith(".chunks.txt") else "response"
        if self.kind == "response":
            body = self.load()
            if isinstance(body, dict) and "error" in body and len(body) <= 2:
                self.kind = "error"

    @property
    def id(self) -> str:
        return f"{self.folder}/{self.path.name}"

    def load(self) -> Any:
        if self.kind == "stream":
            return [json.loads(line) for line in self.path.read_text().splitlines()
                    if line.strip()]
        return json.loads(self.path.read_text())

    def streams(self) -> list[list[dict[str, Any]]]:
        """The streams of the recording: some recordings hold several requests' streams one
        after another (each ends with Anthropic's message_stop, or Responses' final
        response.completed / incomplete / failed)."""
        events = self.load()
        ends = _STREAM_ENDS.get(self.format)
        if ends is None:
            return [events]
        out: list[list[dict[str, Any]]] = [[]]
        for ev in events:
            out[-1].append(ev)
            if ev.get("type") in ends:
                out.append([])
        return [s for s in out if s]

    def snapshot(self, what: str) -> str:
        return f"{self.kind}s/{self.folder}/{self.name}/{what}"


def recordings(kind: str) -> list[Recording]:
    registered = set(response_formats())
    out = []
    for folder, fmt in FOLDERS.items():
        base = fmt if fmt in registered else fmt.replace("deepseek.chat", "openai.chat")
        if base not in registered:
            continue
        for path in sorted((DATA / folder).iterdir()):
            if path.is_file() and path.name not in SKIP and (
                    path.name.endswith(".json") or path.name.endswith(".chunks.txt")):
                rec = Recording(path, folder, base)
                if rec.kind == kind:
                    out.append(rec)
    return out


def response_formats() -> list[str]:
    """Registered formats that implement the way back (responses and streams)."""
    from interlingua.registry import get_format
    from interlingua.wire.base import Format

    out = []
    for fid in interlingua.formats():
        cls = type(get_format(fid))
        if cls.write_response is not Format.write_response and \
                cls.stream_writer is not Format.stream_writer:
            out.append(fid)
    return out
