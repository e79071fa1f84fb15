"""The base class of every wire format."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..context import Context
from ..ir import BuiltinTool, Error, Request, Response
from ..names import ANY_NAME, IdRules

if TYPE_CHECKING:
    from ..streaming import StreamReader, StreamWriter


class Format:
    """A wire format: reads its payloads into the IR and writes them from it.

    Subclasses set ``id`` and implement the readers and writers they support. A dialect
    subclasses its base format and states only its differences. ``extras_from`` lists the
    formats whose vendor-only fields (``extras``) and opaque parts this format's writer
    re-emits verbatim; everything else that the IR does not model is reported as a loss.
    """

    id: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    extras_from: ClassVar[frozenset[str]] = frozenset()
    #: Vendor-only keys of another format that mean the same here, by source format: a
    #: writer carries them over instead of reporting them.
    SHARED_EXTRAS: ClassVar[dict[str, frozenset[str]]] = {}
    #: Human-readable name for messages.
    title: ClassVar[str] = ""

    def read_request(self, payload: Mapping[str, Any], ctx: Context) -> Request:
        raise NotImplementedError(f"{self.id} has no request reader")

    def write_request(self, request: Request, ctx: Context) -> dict[str, Any]:
        raise NotImplementedError(f"{self.id} has no request writer")

    # -- the way back: responses, streams, errors ------------------------------------------

    #: Whether this format's SSE stream ends with ``data: [DONE]`` (OpenAI framing).
    SSE_DONE: ClassVar[bool] = False
    #: The line ending of this format's SSE events (Gemini sends CRLF).
    SSE_NEWLINE: ClassVar[bytes] = b"\n"

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> Response:
        raise NotImplementedError(f"{self.id} has no response reader")

    def write_response(self, response: Response, ctx: Context) -> dict[str, Any]:
        raise NotImplementedError(f"{self.id} has no response writer")

    def stream_reader(self, ctx: Context) -> StreamReader:
        raise NotImplementedError(f"{self.id} has no stream reader")

    def stream_writer(self, ctx: Context) -> StreamWriter:
        raise NotImplementedError(f"{self.id} has no stream writer")

    def sse_event_name(self, event: Mapping[str, Any]) -> str | None:
        """The SSE ``event:`` name this format gives ``event`` (None: data lines only)."""
        return None

    def read_error(self, body: Any, status: int | None, ctx: Context) -> Error:
        raise NotImplementedError(f"{self.id} has no error reader")

    def write_error(self, error: Error, ctx: Context) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError(f"{self.id} has no error writer")

    # -- shared writer helpers -------------------------------------------------------------

    #: The target's rules for tool names.
    TOOL_NAME: ClassVar[IdRules] = ANY_NAME

    def register_tool_names(self, request: Request, ctx: Context) -> None:
        """Fit every tool name to the target's rules up front, so a rename is reported
        against the tool definition and used identically everywhere after."""
        for tool in request.tools or ():
            if tool.name is not None and not isinstance(tool, BuiltinTool):
                ctx.tool_name(tool.name, self.TOOL_NAME, tool.path)

    def carries(self, source: str | None) -> bool:
        """Whether this writer re-emits extras and opaque values that came from ``source``."""
        return source == self.id or source in self.extras_from

    def emit_extras(self, out: dict[str, Any], extras: dict[str, Any] | None, source: str,
                    path: str | None, ctx: Context) -> None:
        """Write a node's vendor-only keys into ``out`` (same provenance) or report them.

        Keys whose value is null are absent by meaning: written back by a same-format writer
        (for exact round trips), never reported as a loss by another.
        """
        if not extras:
            return
        if self.carries(source):
            for key, value in extras.items():
                have = out.get(key)
                if isinstance(have, dict) and isinstance(value, dict):
                    out[key] = {**ctx.copy(value), **have}
                elif key not in out:
                    out[key] = ctx.copy(value)
            return
        base = path or "$"
        shared = self.SHARED_EXTRAS.get(source, ())
        for key, value in extras.items():
            if key in shared:
                if key not in out:
                    out[key] = ctx.copy(value)
            elif value is not None:
                ctx.dropped(f"{base}.{key}", f"{key!r} is specific to {source}; "
                                             f"{self.id} has no equivalent")


