"""The state of one conversion: options, the losses found so far, and renamed identifiers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from ._json import jcopy
from .loss import Loss, LossKind
from .names import IdRules, fit, fit_cached


class Options(msgspec.Struct, kw_only=True):
    """Conversion options beyond the fixed arguments of ``convert_request``.

    Attributes:
        default_max_tokens: max output tokens to use when the target requires a value
            (Anthropic) and the source has none. Default: the model's maximum from the
            capability table, else 4096 (reported as an approximation).
        thought_signature_bypass: when a history from another vendor goes to a Gemini model
            that requires thought signatures on function calls, write the documented bypass
            value instead of failing (reported as an approximation). Off by default.
        gemini_schema: "auto" (full JSON Schema fields where the target accepts them),
            "json_schema" (always ``parametersJsonSchema``/``responseJsonSchema``) or
            "openapi" (always lower to the classic OpenAPI subset).
        history: earlier Responses items for a request that uses ``previous_response_id``
            or ``conversation``, or a callable ``(response_id_or_conversation) -> items``.
        completions_template: how chat conversations are flattened into a legacy
            Completions prompt ("transcript" or "last_user").
        include_usage: for a stream written as OpenAI chat chunks, whether to end it with a
            usage chunk (default: only when the ``request`` given to the stream converter asked
            for it with ``stream_options.include_usage``; clients break on unasked ones).
        copy: deep-copy the JSON values that pass through unchanged (tool schemas, tool
            inputs, vendor-only blocks) so the result shares nothing with the input. Off by
            default: the input is never mutated either way, and sharing those values saves
            about a fifth of the conversion time. Turn it on if you mutate results in place.
    """

    default_max_tokens: int | None = None
    thought_signature_bypass: bool = False
    gemini_schema: str = "auto"
    history: Any = None
    completions_template: str = "transcript"
    copy: bool = False
    include_usage: bool | None = None


class Renames(msgspec.Struct, kw_only=True):
    """Identifiers a writer rewrote to fit the target's rules: original -> new.

    Pass it back (``convert_response(..., renames=...)``) to restore the originals in the
    response. Tool-name and call-id rewriting is deterministic, so converting the same request
    again rebuilds the same table.
    """

    tool_names: dict[str, str] = msgspec.field(default_factory=dict)
    call_ids: dict[str, str] = msgspec.field(default_factory=dict)

    def restore_tool_name(self, name: str) -> str:
        for original, new in self.tool_names.items():
            if new == name:
                return original
        return name

    def restore_call_id(self, call_id: str) -> str:
        for original, new in self.call_ids.items():
            if new == call_id:
                return original
        return call_id


class Context:
    """Mutable state threaded through a reader and a writer."""

    __slots__ = ("copy", "losses", "model", "notes", "options", "renames", "source", "target")

    def __init__(self, source: str, target: str, options: Options, model: str | None = None):
        self.source = source
        self.target = target
        self.options = options
        self.model = model
        self.losses: list[Loss] = []
        self.renames = Renames()
        #: Writer-private scratch space for one conversion.
        self.notes: dict[str, Any] = {}
        #: How writers take pass-through JSON values: shared, or deep-copied (Options.copy).
        self.copy: Callable[[Any], Any] = jcopy if options.copy else _share

    def dropped(self, path: str | None, reason: str) -> None:
        self._add(path, "dropped", reason)

    def approximated(self, path: str | None, reason: str) -> None:
        self._add(path, "approximated", reason)

    def _add(self, path: str | None, kind: LossKind, reason: str) -> None:
        self.losses.append(
            Loss(path=path or "$", kind=kind, reason=reason, source=self.source,
                 target=self.target)
        )

    def tool_name(self, name: str, rules: IdRules, path: str | None) -> str:
        """The target's name for tool ``name``: the same everywhere in one conversion."""
        new = self.renames.tool_names.get(name)
        if new is not None:
            return new
        return self._rename(self.renames.tool_names, name, rules, path, "tool name")

    def call_id(self, call_id: str, rules: IdRules, path: str | None) -> str:
        """The target's id for tool call ``call_id``: calls and results keep pairing."""
        new = self.renames.call_ids.get(call_id)
        if new is not None:
            return new
        return self._rename(self.renames.call_ids, call_id, rules, path, "tool call id")

    def _rename(self, table: dict[str, str], original: str, rules: IdRules,
                path: str | None, what: str) -> str:
        new = table.get(original)
        if new is None:
            new = fit_cached(original, rules)
            if new != original and new in table.values():
                new = fit(original, rules, force_hash=True)
            table[original] = new
            if new != original:
                self.approximated(path, f"{what} {original!r} rewritten to {new!r} to fit "
                                        f"{self.target}'s rules")
        return new



def _share(value: Any) -> Any:
    return value
