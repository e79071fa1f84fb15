"""Content parts: the pieces a message is made of.

Every part may carry:
  * ``cache``: a prompt-cache breakpoint placed after this part (Anthropic ``cache_control``,
    OpenAI ``prompt_cache_breakpoint``);
  * ``signature`` and ``origin``: an opaque vendor-minted value bound to the part (Anthropic
    thinking signature, Gemini thought signature) and who minted it. Writers replay a
    signature only to a format of the same provenance; nothing ever invents one;
  * ``extras``: keys of the source object that the IR does not model; re-emitted verbatim by a
    writer of the same format and reported as a loss by any other;
  * ``path``: JSON path of the part in the source payload, for loss reports.
"""

from __future__ import annotations

from typing import Any, Literal

from msgspec import Struct


class Origin(Struct, frozen=True, kw_only=True, omit_defaults=True, gc=False):
    """Provenance of vendor-minted data: the format it was read from and the model."""

    format: str
    model: str | None = None


class CacheMark(Struct, kw_only=True, omit_defaults=True, gc=False):
    """A prompt-cache breakpoint. ``ttl`` as written by the source ("5m", "1h", "30m", ...);
    ``path`` is where the marker itself sits in the source."""

    ttl: str | None = None
    path: str | None = None


class Part(Struct, kw_only=True, omit_defaults=True, gc=False, tag_field="type"):
    cache: CacheMark | None = None
    signature: str | None = None
    origin: Origin | None = None
    extras: dict[str, Any] | None = None
    path: str | None = None
    #: Bookkeeping wire keys of the source that mean nothing to another format (vendor item
    #: ids, item status, an empty annotations list...): re-added verbatim by a writer of the
    #: same format, silently ignored by any other (unlike ``extras``, which they report).
    hints: dict[str, Any] | None = None


class Text(Part, tag="text", kw_only=True):
    text: str
    # Citations are vendor-shaped objects; their provenance is the request's source format.
    citations: list[Any] | None = None


class Image(Part, tag="image", kw_only=True):
    """An image given by URL, by base64 ``data`` + ``media_type``, or by a vendor ``file_id``."""

    url: str | None = None
    data: str | None = None
    media_type: str | None = None
    file_id: str | None = None
    detail: str | None = None


class Audio(Part, tag="audio", kw_only=True):
    """Audio input: base64 ``data`` with a ``format`` (wav, mp3, ...) or a media type."""

    data: str | None = None
    format: str | None = None
    media_type: str | None = None
    url: str | None = None
    file_id: str | None = None


class File(Part, tag="file", kw_only=True):
    """A document or file: base64 ``data``, inline plain ``text``, a ``url`` or a ``file_id``."""

    data: str | None = None
    text: str | None = None
    url: str | None = None
    file_id: str | None = None
    media_type: str | None = None
    filename: str | None = None
    title: str | None = None
    context: str | None = None
    citations: bool | None = None


class ToolCall(Part, tag="tool_call", kw_only=True):
    """A call of a client tool by the model.

    ``arguments`` keeps the JSON text exactly as a string-arguments vendor sent it;
    ``input`` keeps the decoded object as an object-arguments vendor sent it. Readers set the
    one their format uses; writers convert on demand, so same-format round trips are exact.
    ``kind`` is "function" or "custom" (free-form text input, OpenAI custom tools).
    """

    id: str | None = None
    name: str
    arguments: str | None = None
    input: Any = None
    kind: Literal["function", "custom"] = "function"


class ToolResult(Part, tag="tool_result", kw_only=True):
    """The result of a tool call, sent back by the client.

    ``form`` remembers how the source wrote the content: "string" for a bare string,
    "absent" when there was no content at all; ``None`` for a list of parts.
    """

    call_id: str | None = None
    name: str | None = None
    content: list[AnyPart] = []
    is_error: bool | None = None
    form: str | None = None


class Reasoning(Part, tag="reasoning", kw_only=True):
    """Model reasoning: visible ``text``, a ``summary``, or an opaque ``data`` payload.

    ``data`` holds Anthropic ``redacted_thinking`` data (``redacted=True``) or OpenAI
    ``encrypted_content``. ``signature`` (from Part) holds an Anthropic thinking signature
    or a Gemini thought signature. ``origin`` says which format and model produced it.
    """

    text: str | None = None
    summary: list[str] | None = None
    data: str | None = None
    redacted: bool = False
    id: str | None = None


class Refusal(Part, tag="refusal", kw_only=True):
    text: str


class Opaque(Part, tag="opaque", kw_only=True):
    """A vendor-only object kept verbatim (server tool blocks, unknown block types...).

    Written back unchanged by a writer of the same format (``origin.format``); reported as a
    loss by any other.
    """

    value: dict[str, Any]

    @property
    def kind(self) -> str:
        """What the object is, for messages: its ``type``, or (Gemini parts have no type) its
        first field that is not part metadata."""
        kind = self.value.get("type")
        if isinstance(kind, str):
            return kind
        return next((k for k in self.value if k not in _PART_METADATA), "unknown")


#: Gemini part fields that qualify a part rather than say what it is.
_PART_METADATA = frozenset({"thought", "thoughtSignature", "thought_signature", "partMetadata",
                            "part_metadata", "videoMetadata", "video_metadata", "mediaResolution",
                            "media_resolution"})


AnyPart = Text | Image | Audio | File | ToolCall | ToolResult | Reasoning | Refusal | Opaque
