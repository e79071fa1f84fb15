"""The public conversion functions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from ._json import type_name
from .context import Context, Options, Renames
from .errors import InvalidPayloadError
from .ir import Request
from .loss import Loss, OnLoss, apply_policy, check_on_loss
from .registry import get_format, resolve


class Translation(msgspec.Struct, kw_only=True):
    """The full result of a conversion.

    Attributes:
        body: the converted payload (a new dict; the input is never mutated).
        losses: every loss, each with the JSON path in the source payload.
        renames: tool names and call ids rewritten to fit the target; pass it to
            ``convert_response`` to restore them.
        ir: the canonical form the conversion went through.
    """

    body: dict[str, Any]
    losses: list[Loss]
    renames: Renames
    ir: Request


_DEFAULT_OPTIONS = Options()


def _options(options: Options | Mapping[str, Any] | None, extra: dict[str, Any]) -> Options:
    if options is None and not extra:
        return _DEFAULT_OPTIONS
    if isinstance(options, Options):
        return msgspec.structs.replace(options, **extra) if extra else options
    merged = {**(options or {}), **extra}
    try:
        return Options(**merged)
    except TypeError as exc:
        raise TypeError(f"unknown conversion option: {exc}") from None


def read_request(payload: Mapping[str, Any], source: str, *,
                 options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                 ) -> Request:
    """Read a request payload of format ``source`` into the canonical IR."""
    src = get_format(source)
    ctx = Context(src.id, src.id, _options(options, option_kw))
    return _read(src, payload, ctx)


def _read(src: Any, payload: Any, ctx: Context) -> Request:
    if not isinstance(payload, Mapping):
        raise InvalidPayloadError("$", f"expected a JSON object, got {type_name(payload)}",
                                  format=src.id)
    req: Request = src.read_request(payload, ctx)
    return req


def translate_request(payload: Mapping[str, Any], source: str, target: str, *,
                      model: str | None = None, on_loss: OnLoss = "warn",
                      options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                      ) -> Translation:
    """Convert a request and return the body with its losses and renames.

    Same arguments as :func:`convert_request`.
    """
    policy = check_on_loss(on_loss)
    src = get_format(source)
    dst = get_format(target)
    ctx = Context(src.id, dst.id, _options(options, option_kw), model)
    req = _read(src, payload, ctx)
    if model is not None:
        req.model = model
    body = dst.write_request(req, ctx)
    apply_policy(ctx.losses, policy, stacklevel=4)
    return Translation(body=body, losses=ctx.losses, renames=ctx.renames, ir=req)


def convert_request(payload: Mapping[str, Any], source: str, target: str, *,
                    model: str | None = None, on_loss: OnLoss = "warn",
                    options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                    ) -> dict[str, Any]:
    """Convert a request body from format ``source`` to format ``target``.

    Args:
        payload: the request body as a dict (decoded JSON). Never mutated.
        source, target: format ids (see :func:`formats`) or aliases ("openai", "anthropic").
        model: the target model name; overrides the payload's model (some sources have none).
        on_loss: "ignore", "warn" (a :class:`LossWarning` per loss) or "raise"
            (:class:`LossError` listing every loss). Use :func:`translate_request` to get the
            losses as data whatever the policy.
        options: an :class:`Options` or a mapping of its fields; keyword arguments are merged.

    Raises:
        InvalidPayloadError: the payload is malformed for ``source`` (names the JSON path).
        UnknownFormatError: a format id is not registered.
        LossError: ``on_loss="raise"`` and something could not be carried.
    """
    return translate_request(payload, source, target, model=model, on_loss=on_loss,
                             options=options, **option_kw).body


def canonical_format(format_id: str) -> str:
    """The canonical id for a format id or alias."""
    return resolve(format_id)
