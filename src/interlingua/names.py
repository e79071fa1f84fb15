"""Fitting tool names and call ids to a target's rules, deterministically.

A rewritten identifier is a pure function of the original, so the same conversation always
gets the same rewrite, calls and results still pair, and a response can be mapped back.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple


class IdRules(NamedTuple):
    """What a vendor accepts for an identifier: a charset, a maximum length, a first char."""

    invalid_char: re.Pattern[str]
    max_len: int
    first_char: re.Pattern[str] | None = None

    def accepts(self, value: str) -> bool:
        return (
            0 < len(value) <= self.max_len
            and self.invalid_char.search(value) is None
            and (self.first_char is None or self.first_char.match(value) is not None)
        )


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode()).hexdigest()[:8]


def fit(value: str, rules: IdRules, *, force_hash: bool = False) -> str:
    """Return ``value`` if the rules accept it, else a close, valid, deterministic rewrite.

    Invalid characters become "_"; a value that is too long (or ``force_hash``, used to break
    a collision) keeps a prefix and gets "_" + 8 hex digits of the original's SHA-1.
    """
    if not force_hash and rules.accepts(value):
        return value
    cleaned = rules.invalid_char.sub("_", value) or "_"
    if rules.first_char is not None and rules.first_char.match(cleaned) is None:
        cleaned = "_" + cleaned
    if force_hash or len(cleaned) > rules.max_len:
        cleaned = cleaned[: rules.max_len - 9] + "_" + _digest(value)
    return cleaned


# OpenAI: function names ^[a-zA-Z0-9_-]{1,64}$; tool call ids at most 40 characters.
OPENAI_TOOL_NAME = IdRules(re.compile(r"[^a-zA-Z0-9_-]"), 64)
OPENAI_CALL_ID = IdRules(re.compile(r"[^\x21-\x7e]"), 40)
# Anthropic: tool names ^[a-zA-Z0-9_-]{1,128}$; tool_use ids ^[a-zA-Z0-9_-]+$.
ANTHROPIC_TOOL_NAME = IdRules(re.compile(r"[^a-zA-Z0-9_-]"), 128)
ANTHROPIC_CALL_ID = IdRules(re.compile(r"[^a-zA-Z0-9_-]"), 256)
