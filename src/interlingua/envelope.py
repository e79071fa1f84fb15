"""Envelopes: carrying another vendor's opaque reasoning state through a client that only
speaks one format.

When a proxy answers an Anthropic client with a Gemini model's output, the Gemini thought
signatures (which Gemini 3 requires back on the next turn) have no Anthropic field. interlingua
wraps such values in an *envelope* placed where the client format keeps opaque reasoning (an
Anthropic thinking ``signature`` or ``redacted_thinking`` data): a marked, versioned,
base64url JSON string that records the true origin. When the client sends its history back
through interlingua, the reader opens the envelope and restores the value with its real
provenance, so the Gemini writer can replay it and the Anthropic writer knows never to send it
to Anthropic. Nothing is invented: an envelope only ever holds a value a vendor minted, and
it is never written into a request to a vendor.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import msgspec

from . import ir

PREFIX = "interlingua.v1."


def seal(origin: ir.Origin | None, **values: Any) -> str:
    """An envelope holding ``values`` minted by ``origin``."""
    body: dict[str, Any] = {"f": origin.format if origin else None,
                            "m": origin.model if origin else None}
    body.update({k: v for k, v in values.items() if v is not None})
    raw = msgspec.json.encode(body)
    return PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def is_envelope(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def open_envelope(value: str) -> tuple[ir.Origin | None, dict[str, Any]] | None:
    """(origin, values) of an envelope, or None if ``value`` is not a valid one."""
    if not value.startswith(PREFIX):
        return None
    text = value[len(PREFIX):]
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        body = msgspec.json.decode(raw)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        return None
    if not isinstance(body, dict):
        return None
    fmt = body.pop("f", None)
    model = body.pop("m", None)
    origin = ir.Origin(format=fmt, model=model) if isinstance(fmt, str) else None
    return origin, body
