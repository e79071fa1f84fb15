"""The public conversion functions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import msgspec

from ._json import type_name
from .context import Context, Options, Renames
from .errors import InvalidPayloadError
from .ir import Error as ErrorIR
from .ir import Request, Response, ToolCall
from .loss import Loss, OnLoss, apply_policy, check_on_loss
from .registry import get_format, resolve
from .streaming import StreamConverter


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


# -- the way back ------------------------------------------------------------------------------

class ResponseTranslation(msgspec.Struct, kw_only=True):
    """A converted response body with its losses and the canonical form."""

    body: dict[str, Any]
    losses: list[Loss]
    ir: Response


def _restore_names(resp: Response, renames: Renames | None) -> None:
    if renames is None or not (renames.tool_names or renames.call_ids):
        return
    for choice in resp.choices:
        for part in choice.parts:
            if isinstance(part, ToolCall):
                part.name = renames.restore_tool_name(part.name)


def read_response(body: Mapping[str, Any], source: str) -> Response:
    """Read a response body of format ``source`` into the canonical IR."""
    src = get_format(source)
    ctx = Context(src.id, src.id, _DEFAULT_OPTIONS)
    if not isinstance(body, Mapping):
        raise InvalidPayloadError("$", f"expected a JSON object, got {type_name(body)}",
                                  format=src.id)
    return src.read_response(body, ctx)


def translate_response(body: Mapping[str, Any], source: str, target: str, *,
                       model: str | None = None, on_loss: OnLoss = "warn",
                       renames: Renames | None = None,
                       options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                       ) -> ResponseTranslation:
    """Convert a response body and return it with its losses (see :func:`convert_response`)."""
    policy = check_on_loss(on_loss)
    src, dst = get_format(source), get_format(target)
    ctx = Context(src.id, dst.id, _options(options, option_kw), model)
    if not isinstance(body, Mapping):
        raise InvalidPayloadError("$", f"expected a JSON object, got {type_name(body)}",
                                  format=src.id)
    resp = src.read_response(body, ctx)
    if model is not None:
        resp.model = model
    _restore_names(resp, renames)
    out = dst.write_response(resp, ctx)
    apply_policy(ctx.losses, policy, stacklevel=4)
    return ResponseTranslation(body=out, losses=ctx.losses, ir=resp)


def convert_response(body: Mapping[str, Any], source: str, target: str, *,
                     model: str | None = None, on_loss: OnLoss = "warn",
                     renames: Renames | None = None,
                     options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                     ) -> dict[str, Any]:
    """Convert a (non-streamed) response body from ``source`` to ``target``.

    ``renames`` (from :func:`translate_request`) maps tool names the request rewrote back to
    the client's names. Same arguments and errors as :func:`convert_request` otherwise.
    """
    return translate_response(body, source, target, model=model, on_loss=on_loss,
                              renames=renames, options=options, **option_kw).body


def convert_stream(events: Iterable[Mapping[str, Any]], source: str, target: str, *,
                   model: str | None = None, on_loss: OnLoss = "warn",
                   renames: Renames | None = None, request: Mapping[str, Any] | None = None,
                   options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                   ) -> Iterator[dict[str, Any]]:
    """Convert a stream of events (the JSON object of each SSE ``data:`` line).

    A generator over :class:`StreamConverter`: deltas are passed on as they arrive, and a
    stream cut short still ends well-formed in the target format. ``request`` is the client's
    request in the target format (it says, for instance, whether OpenAI chat clients asked for
    a usage chunk).
    """
    converter = StreamConverter(source, target, model=model, on_loss=on_loss, renames=renames,
                                request=dict(request) if request is not None else None,
                                options=options, **option_kw)
    for event in events:
        yield from converter.feed(dict(event))
    yield from converter.close()


def aggregate_stream(events: Iterable[Mapping[str, Any]], source: str,
                     target: str | None = None, *, model: str | None = None,
                     on_loss: OnLoss = "warn", renames: Renames | None = None,
                     options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                     ) -> dict[str, Any]:
    """The whole response a stream carried, as a response body of ``target`` (default: the
    source format)."""
    converter = StreamConverter(source, source, model=model, on_loss="ignore",
                                renames=renames, options=options, **option_kw)
    for event in events:
        converter.feed(dict(event))
    converter.close()
    resp = converter.response()
    dst = get_format(target or source)
    ctx = Context(resp.source, dst.id, converter.ctx.options, model)
    ctx.losses.extend(x for x in converter.losses
                      if not x.reason.startswith("the stream ended"))
    if model is not None:
        resp.model = model
    out = dst.write_response(resp, ctx)
    apply_policy(ctx.losses, check_on_loss(on_loss), stacklevel=3)
    return out


def stream_response(body: Mapping[str, Any], source: str, target: str | None = None, *,
                    model: str | None = None, on_loss: OnLoss = "warn",
                    renames: Renames | None = None, request: Mapping[str, Any] | None = None,
                    options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                    ) -> list[dict[str, Any]]:
    """A well-formed stream (in ``target``, default the source format) that carries the
    whole response ``body``: for clients that asked to stream from a vendor that did not."""
    from .streaming import events_from_response
    src = get_format(source)
    dst = get_format(target or source)
    ctx = Context(src.id, dst.id, _options(options, option_kw), model)
    if request is not None:
        ctx.notes["request"] = dict(request)
    resp = src.read_response(body, ctx)
    if model is not None:
        resp.model = model
    _restore_names(resp, renames)
    # The whole response, for writers whose events need what only a finished part shows up
    # front (Responses item ids and shells of a same-format synthetic stream).
    ctx.notes["response"] = resp
    writer = dst.stream_writer(ctx)
    out: list[dict[str, Any]] = []
    for ev in events_from_response(resp):
        out.extend(writer.write(ev))
    out.extend(writer.close())
    apply_policy(ctx.losses, check_on_loss(on_loss), stacklevel=3)
    return out


class ErrorTranslation(msgspec.Struct, kw_only=True):
    """A converted API error, as the target vendor would send it.

    Attributes:
        status: the HTTP status.
        body: the error body.
        headers: response headers the error needs (``retry-after`` in seconds for OpenAI and
            Anthropic targets, when the source said when to retry; Gemini says it in the
            body's ``RetryInfo``).
        losses: what the target cannot carry (Gemini's ``details`` other than retry info...).
        error: the canonical error.
    """

    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    losses: list[Loss]
    error: ErrorIR


def _retry_header(headers: Mapping[str, str] | None) -> float | None:
    """Seconds from ``retry-after-ms`` or ``retry-after`` (seconds; an HTTP date is not
    resolved: that needs the clock, and conversions are pure)."""
    if not headers:
        return None
    lower = {k.lower(): v for k, v in headers.items()}
    for key, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            return float(lower[key]) / scale
        except (KeyError, TypeError, ValueError):
            continue
    return None


def translate_error(body: Any, source: str, target: str, *, status: int | None = None,
                    headers: Mapping[str, str] | None = None, on_loss: OnLoss = "ignore",
                    options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                    ) -> ErrorTranslation:
    """Convert an API error (body, HTTP status and the source's response ``headers``) from
    ``source`` to ``target``: the status, body and headers the target vendor would send, and
    what could not be carried. Retry timing crosses both ways: Gemini's ``RetryInfo`` becomes
    a ``retry-after`` header, a ``retry-after`` / ``retry-after-ms`` header becomes
    ``RetryInfo``."""
    policy = check_on_loss(on_loss)
    src, dst = get_format(source), get_format(target)
    ctx = Context(src.id, dst.id, _options(options, option_kw))
    err = src.read_error(body, status, ctx)
    if err.retry_after is None:
        err.retry_after = _retry_header(headers)
    code, out = dst.write_error(err, ctx)
    out_headers: dict[str, str] = {}
    if getattr(dst, "ERROR_FAMILY", None) != "gemini":   # Gemini says it in the body
        if err.retry_after is not None:
            out_headers["retry-after"] = str(math.ceil(err.retry_after))
        for i, detail in enumerate(err.details or ()):
            kind = detail.get("@type") if isinstance(detail, dict) else None
            if kind != "type.googleapis.com/google.rpc.RetryInfo":
                ctx.dropped(f"$.error.details[{i}]", f"error detail {kind!r} has no "
                                                     f"{dst.id} form")
    apply_policy(ctx.losses, policy, stacklevel=3)
    return ErrorTranslation(status=code, body=out, headers=out_headers, losses=ctx.losses,
                            error=err)


def convert_error(body: Any, source: str, target: str, *, status: int | None = None,
                  options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                  ) -> tuple[int, dict[str, Any]]:
    """Convert an API error body (and its HTTP status) from ``source`` to ``target``.

    Returns ``(status, body)`` as the target vendor would send them. Accepts a body that is
    not the vendor's JSON shape (plain text, an HTML gateway page): its text becomes the
    message and the status decides the kind.
    """
    src, dst = get_format(source), get_format(target)
    ctx = Context(src.id, dst.id, _options(options, option_kw))
    err = src.read_error(body, status, ctx)
    return dst.write_error(err, ctx)
