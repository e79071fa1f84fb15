"""Claude on Vertex AI (``vertex.anthropic``) and Amazon Bedrock (``bedrock.anthropic``).

Both take the Anthropic Messages body with these differences (Anthropic "Claude on Vertex AI"
and "Claude on Amazon Bedrock" pages; AWS "Anthropic Claude Messages API" request and
response page):

* ``anthropic_version`` in the body: ``vertex-2023-10-16`` / ``bedrock-2023-05-31``.
* No ``model`` in the body: the model is in the URL (Vertex
  ``.../publishers/anthropic/models/{model}:rawPredict`` / ``:streamRawPredict``; Bedrock
  ``InvokeModel`` / ``InvokeModelWithResponseStream`` with the model id). A request read from
  these formats takes its model from ``model=``; one written to them drops it from the body
  (``Translation.ir.model`` says which model the URL needs).
* Beta features: Vertex takes the ``anthropic-beta`` HTTP header; Bedrock takes
  ``anthropic_beta`` (a list) in the body. Bedrock has no ``stream`` key (streaming is the
  endpoint) and caps the body at 20 MB.
* Responses and stream events are Anthropic's. Claude signatures and redacted thinking are
  "compatible across platforms", so they are read as minted by ``anthropic.messages`` and go
  back to any of the three.
* Errors: Bedrock answers ``{"message": ...}`` (the exception name is in the
  ``x-amzn-ErrorType`` header); Vertex answers Anthropic error bodies or Google ones
  (``{"error": {"code", "message", "status"}}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import msgspec

from ... import apierrors, ir
from ..._json import dumps
from ...context import Context
from .._check import arr, opt_string, string
from ..anthropic_messages import AnthropicMessages
from ..anthropic_messages.stream import MessagesStreamReader, MessagesStreamWriter
from ._provenance import CLAUDE, CLAUDE_HOSTS

#: Bedrock exception names by canonical error kind (AWS Bedrock runtime API errors).
BEDROCK_ERRORS = {"invalid_request": "ValidationException", "authentication":
                  "AccessDeniedException", "permission": "AccessDeniedException",
                  "not_found": "ResourceNotFoundException", "rate_limit": "ThrottlingException",
                  "billing": "ServiceQuotaExceededException",
                  "request_too_large": "ValidationException", "server":
                  "InternalServerException", "unavailable": "ServiceUnavailableException",
                  "overloaded": "ServiceUnavailableException", "timeout":
                  "ModelTimeoutException", "unknown": "InternalServerException"}
BEDROCK_KINDS = {v: k for k, v in BEDROCK_ERRORS.items()} | {
    "ModelNotReadyException": "unavailable", "ModelErrorException": "server",
    "ModelStreamErrorException": "server"}


def _claude_origins(parts: list[ir.AnyPart], model: str | None) -> None:
    """Claude-API content read from a host: minted by (and valid on) the Claude API."""
    for part in parts:
        if isinstance(part, (ir.Reasoning, ir.Opaque)) and part.origin is not None \
                and part.origin.format in CLAUDE_HOSTS:
            part.origin = ir.Origin(format=CLAUDE, model=part.origin.model or (
                model if isinstance(part, ir.Reasoning) else None))
        elif isinstance(part, ir.ToolResult):
            _claude_origins(part.content, model)


class AnthropicHost(AnthropicMessages):
    """An Anthropic Messages body hosted by a cloud: versioned, model-less."""

    VERSION: ClassVar[str] = ""
    aliases = ()  # type: ignore[assignment]  # none: the base names are Anthropic's
    extras_from = frozenset(CLAUDE_HOSTS)

    # -- requests --------------------------------------------------------------------------

    def read_request(self, payload: Mapping[str, Any], ctx: Context) -> ir.Request:
        req = super().read_request(payload, ctx)
        if req.model is None and ctx.model is not None:
            req.model = ctx.model
        extras = dict(req.extras or {})
        hints: dict[str, Any] = {}
        if "anthropic_version" in extras:
            hints["anthropic_version"] = extras.pop("anthropic_version")
        self.read_host_fields(payload, extras, hints)
        req.extras = extras or None
        if hints:
            req.hints = {**(req.hints or {}), **hints}
        for msg in req.messages:
            _claude_origins(msg.parts, req.model)
        for tool in req.tools or ():
            if isinstance(tool, ir.BuiltinTool) and tool.origin in CLAUDE_HOSTS:
                tool.origin = CLAUDE
        return req

    def read_host_fields(self, payload: Mapping[str, Any], extras: dict[str, Any],
                         hints: dict[str, Any]) -> None:
        """Hook: host-specific body fields."""

    def write_request(self, req: ir.Request, ctx: Context) -> dict[str, Any]:
        if req.model is None:
            req = _with_model(req, ctx)
            if not req.model and not self.carries(req.source):
                ctx.approximated("$", f"no model given for {self.id} (it goes in the URL; "
                                      "pass model=): model-aware rules were not applied")
        out = super().write_request(req, ctx)
        hints = (req.hints or {}) if req.source == self.id else {}
        version = hints.get("anthropic_version", self.VERSION)
        body: dict[str, Any] = {"anthropic_version": version}
        for key, value in out.items():
            if key != "model":
                body[key] = value
        self.write_host_fields(req, body, ctx)
        return body

    def write_host_fields(self, req: ir.Request, body: dict[str, Any], ctx: Context) -> None:
        """Hook: host-specific body fields (betas)."""

    def write_image(self, part: ir.Image, ctx: Context) -> dict[str, Any]:
        if part.file_id is not None and part.data is None and part.url is None \
                and ctx.source != self.id:
            ctx.dropped(part.path, f"image file id {part.file_id!r} belongs to the Anthropic "
                                   f"Files API, which {self.id} does not serve")
            return {}
        return super().write_image(part, ctx)

    def write_document(self, part: ir.File, req: ir.Request, ctx: Context) -> dict[str, Any]:
        if part.file_id is not None and part.data is None and part.text is None \
                and part.url is None and req.source != self.id:
            ctx.dropped(part.path, f"document file id {part.file_id!r} belongs to the "
                                   f"Anthropic Files API, which {self.id} does not serve")
            return {}
        return super().write_document(part, req, ctx)

    def emit_extras(self, out: dict[str, Any], extras: dict[str, Any] | None, source: str,
                    path: str | None, ctx: Context) -> None:
        if extras and path == "$" and "anthropic_beta" in extras:
            extras = {k: v for k, v in extras.items() if k != "anthropic_beta"}
        super().emit_extras(out, extras, source, path, ctx)

    # -- the way back ----------------------------------------------------------------------

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> ir.Response:
        resp = super().read_response(body, ctx)
        for choice in resp.choices:
            _claude_origins(choice.parts, resp.model)
        return resp

    def stream_reader(self, ctx: Context) -> MessagesStreamReader:
        return MessagesStreamReader(ctx, CLAUDE, self.read_block)

    def write_response(self, resp: ir.Response, ctx: Context) -> dict[str, Any]:
        if resp.source != self.id and resp.usage is not None and resp.usage.extras:
            ctx.dropped("$.usage", f"usage details {sorted(resp.usage.extras)} of {resp.source} "
                                   f"are not passed to {self.id} clients")
            resp = msgspec.structs.replace(resp, usage=msgspec.structs.replace(
                resp.usage, extras=None))
        return super().write_response(resp, ctx)

    def stream_writer(self, ctx: Context) -> MessagesStreamWriter:
        return HostStreamWriter(ctx, self.id, self.carries)

    def response_blocks(self, parts: list[ir.AnyPart], resp: ir.Response, ctx: Context
                        ) -> list[dict[str, Any]]:
        kept: list[ir.AnyPart] = []
        for part in parts:
            if isinstance(part, ir.Opaque) and resp.source != self.id:
                ctx.dropped(part.path, f"{part.kind!r} content from "
                                       f"{part.origin.format if part.origin else resp.source} "
                                       f"is not passed to {self.id} clients (vendor features "
                                       "differ between Claude hosts)")
                continue
            kept.append(part)
        return super().response_blocks(kept, resp, ctx)


class HostStreamWriter(MessagesStreamWriter):
    """Anthropic events for a Claude-host client: vendor-only blocks of another host are not
    passed on (their features differ), reasoning is."""

    def block_start(self, ev: ir.BlockStart) -> list[dict[str, Any]]:
        if ev.kind == "opaque" and ev.origin != self.fmt and self.ctx.source != self.fmt:
            what = (ev.value or {}).get("type", "opaque")
            self.once(f"opaque:{what}", f"{what!r} content from {ev.origin} is not passed to "
                                        f"{self.fmt} clients (vendor features differ between "
                                        "Claude hosts)")
            return []
        return super().block_start(ev)


def _with_model(req: ir.Request, ctx: Context) -> ir.Request:
    return msgspec.structs.replace(req, model=ctx.model or "")


class VertexAnthropic(AnthropicHost):
    """Claude on Vertex AI: ``anthropic_version: vertex-2023-10-16``, betas as a header."""

    id = "vertex.anthropic"
    title = "Claude on Vertex AI (Anthropic Messages)"
    VERSION = "vertex-2023-10-16"

    def write_host_fields(self, req: ir.Request, body: dict[str, Any], ctx: Context) -> None:
        betas = (req.extras or {}).get("anthropic_beta")
        if betas:
            ctx.dropped(req.where("anthropic_beta") if req.paths and "anthropic_beta" in
                        req.paths else "$.anthropic_beta",
                        f"Vertex AI takes beta features in the anthropic-beta HTTP header, not "
                        f"the body: send 'anthropic-beta: {','.join(map(str, betas))}'")

    def read_error(self, body: Any, status: int | None, ctx: Context) -> ir.Error:
        err = body.get("error") if isinstance(body, dict) else None
        if isinstance(err, dict) and "status" in err and "type" not in err:
            native = err.get("status") if isinstance(err.get("status"), str) else None
            code = err.get("code")
            return ir.Error(kind=apierrors.kind_of("gemini", native, status or (
                code if type(code) is int else None)), message=str(err.get("message") or ""),
                status=status or (code if type(code) is int else None), native_type=native)
        return super().read_error(body, status, ctx)


class BedrockAnthropic(AnthropicHost):
    """Claude on Amazon Bedrock: ``anthropic_version: bedrock-2023-05-31``, betas in the body
    as ``anthropic_beta``, no ``stream`` key."""

    id = "bedrock.anthropic"
    title = "Claude on Amazon Bedrock (InvokeModel, Anthropic Messages)"
    VERSION = "bedrock-2023-05-31"

    def read_host_fields(self, payload: Mapping[str, Any], extras: dict[str, Any],
                         hints: dict[str, Any]) -> None:
        betas = payload.get("anthropic_beta")
        if betas is not None:
            for i, b in enumerate(arr(betas, "$.anthropic_beta", self.id)):
                string(b, f"$.anthropic_beta[{i}]", self.id)

    def write_host_fields(self, req: ir.Request, body: dict[str, Any], ctx: Context) -> None:
        betas = (req.extras or {}).get("anthropic_beta")
        if betas and req.source in CLAUDE_HOSTS:
            body["anthropic_beta"] = ctx.copy(betas)
        if "stream" in body and req.source != self.id:
            del body["stream"]
            ctx.approximated(req.where("stream"), "Bedrock streams through "
                                                  "InvokeModelWithResponseStream; the body "
                                                  "takes no 'stream' key")

    def read_error(self, body: Any, status: int | None, ctx: Context) -> ir.Error:
        if isinstance(body, dict) and "error" not in body and isinstance(
                body.get("message"), str):
            native = opt_string(body.get("__type"), "$", self.id, ".__type")
            kind = BEDROCK_KINDS.get(native.rsplit("#", 1)[-1]) if native else None
            return ir.Error(kind=kind or apierrors.kind_of("anthropic", None, status),
                            message=body["message"], status=status, native_type=native)
        return super().read_error(body, status, ctx)

    def write_error(self, error: ir.Error, ctx: Context) -> tuple[int, dict[str, Any]]:
        status = error.status if error.status else apierrors.status_of("anthropic", error.kind)
        message = error.message if isinstance(error.message, str) else dumps(error.message)
        return status, {"message": message}
