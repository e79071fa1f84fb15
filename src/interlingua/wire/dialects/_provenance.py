"""Who minted a vendor-opaque reasoning value, and who may receive it back.

A reasoning part's ``Origin.format`` names the API whose vendor *minted* its opaque state
(a signature, encrypted content). When a dialect only transports another vendor's state, its
reader records the minting format, not its own id:

* Claude thinking signatures and redacted thinking are valid on the Claude API, Vertex AI and
  Bedrock alike ("signature values are compatible across platforms", Anthropic extended
  thinking docs): ``vertex.anthropic`` and ``bedrock.anthropic`` read them as minted by
  ``anthropic.messages``, and OpenRouter ``reasoning_details`` of format
  ``anthropic-claude-v1`` likewise.
* Gemini thought signatures returned by Gemini's OpenAI-compatible endpoint, or by OpenRouter
  in ``google-gemini-v1`` details, are minted by the Gemini API: ``google.gemini``.
* OpenAI encrypted reasoning passed through OpenRouter (``openai-responses-v1``) is minted by
  ``openai.responses``.

Anything else keeps the reading format as its origin, and goes back only there.
See docs/reasoning.md for the whole policy.
"""

from __future__ import annotations

from ... import ir

CLAUDE = "anthropic.messages"
GEMINI = "google.gemini"
OPENAI = "openai.responses"

#: Formats that accept Claude-minted signatures and redacted thinking back.
CLAUDE_HOSTS = frozenset({"anthropic.messages", "vertex.anthropic", "bedrock.anthropic"})
#: Formats served by the Gemini API (same thought-signature keys).
GEMINI_HOSTS = frozenset({"google.gemini", "google.openai"})

#: OpenRouter ``reasoning_details[].format`` -> the minting format (when interlingua has it).
OPENROUTER_FORMATS = {
    "anthropic-claude-v1": CLAUDE,
    "google-gemini-v1": GEMINI,
    "openai-responses-v1": OPENAI,
}
#: The default format of a detail that names none (OpenRouter reasoning-tokens docs).
OPENROUTER_DEFAULT_FORMAT = "anthropic-claude-v1"


def origin_format(part: ir.Part, default: str) -> str:
    return part.origin.format if part.origin is not None else default


def family(fmt: str | None) -> str | None:
    """The minting family of a format id: CLAUDE, GEMINI, OPENAI or None."""
    if fmt in CLAUDE_HOSTS:
        return CLAUDE
    if fmt in GEMINI_HOSTS or fmt == "google.vertex":
        return GEMINI
    if fmt == OPENAI:
        return OPENAI
    return None


def openrouter_format(fmt: str | None) -> str | None:
    """The OpenRouter detail format for values minted by ``fmt`` (None: OpenRouter has none)."""
    fam = family(fmt)
    return {CLAUDE: "anthropic-claude-v1", GEMINI: "google-gemini-v1",
            OPENAI: "openai-responses-v1"}.get(fam) if fam else None


def is_opaque(part: ir.Reasoning) -> bool:
    """Whether the part carries vendor-bound state (a signature or encrypted data)."""
    return part.signature is not None or part.data is not None


def kind(part: ir.Reasoning) -> str:
    """The kind of payload a reasoning part carries, for reports: encrypted, signature,
    summary or text (the most binding one wins)."""
    if part.data is not None:
        return "encrypted"
    if part.signature is not None:
        return "signature"
    if part.text is None and part.summary:
        return "summary"
    return "text"


def visible_text(part: ir.Reasoning) -> str | None:
    """The reasoning's readable text: its text, else its summary joined, else None."""
    if part.text is not None:
        return part.text
    if part.summary:
        return "\n\n".join(part.summary)
    return None
