"""OpenAI strict mode (Structured Outputs) and which JSON Schemas it accepts."""

from __future__ import annotations

from typing import Any


def strict_compatible(schema: Any, _depth: int = 0) -> bool:
    """Whether OpenAI accepts ``schema`` with ``strict: true``: every object lists all its
    properties in ``required`` and sets ``additionalProperties: false`` (OpenAI's Structured
    Outputs rules). Anthropic strict tools allow optional properties; OpenAI's do not."""
    if _depth > 64 or not isinstance(schema, dict):
        return True
    if schema.get("type") == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        if schema.get("additionalProperties") is not False:
            return False
        if set(schema.get("required") or ()) != set(props):
            return False
    for key in ("properties", "$defs", "definitions"):
        sub = schema.get(key)
        if isinstance(sub, dict) and not all(strict_compatible(v, _depth + 1)
                                             for v in sub.values()):
            return False
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict) and not strict_compatible(schema[key], _depth + 1):
            return False
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        sub = schema.get(key)
        if isinstance(sub, list) and not all(strict_compatible(v, _depth + 1) for v in sub):
            return False
    return True
