"""Gemini ``streamGenerateContent?alt=sse`` streams: chunks to canonical events and back.

Every SSE data line is a whole ``GenerateContentResponse`` chunk (no event names, no
``[DONE]``; the stream ends after the chunk with the last ``finishReason``).

Reading: text and thought text are passed on as they arrive (consecutive chunks of one kind
are one block); ``usageMetadata`` is cumulative (the last one wins, never summed); a
signature on an empty text part belongs to the text block it follows, as in the
non-streamed body. A function call's signature becomes a reasoning block of Gemini origin
just before the call (so a client format without signatures on calls, Anthropic, keeps it
sealed; Gemini writers put it back on the call). Function calls come whole (Developer API)
or, with Vertex ``streamFunctionCallArguments``, as ``partialArgs`` (``jsonPath`` + one
value, strings in pieces while ``willContinue``) until a ``functionCall`` chunk without
``willContinue``: the arguments are assembled into the object and streamed as JSON text as
they grow.

Writing: text and thought deltas become parts at once; function calls are written whole when
their arguments are complete (the Developer API cannot stream arguments; Vertex gets whole
calls too); ``finishReason`` and ``usageMetadata`` go on the final chunk; ``responseId`` and
``modelVersion`` on every chunk, as Gemini sends them.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

import msgspec

from ... import finish, ir
from ..._json import dumps
from ...context import Context
from ...registry import get_format
from ...streaming import Blocks, StreamReader, StreamWriter, merge_usage
from .._check import fail
from .._usage import gemini_in, gemini_out
from .reader import _Read
from .response import (
    USAGE_KEYS,
    call_id,
    citation_in,
    error_in,
    error_out,
    format_time,
    is_synthetic,
    logprobs_in,
    logprobs_out,
    parse_time,
)
from .tables import BLOCK_FINISH, norm
from .writer import _Write

if TYPE_CHECKING:
    from .response import GeminiResponses

#: Candidate fields a stream reader turns into events; others are Gemini-only metadata.
STREAM_CANDIDATE_KEYS = frozenset({"content", "finishReason", "index", "citationMetadata",
                                   "logprobsResult"})
STREAM_KEYS = frozenset({"candidates", "usageMetadata", "modelVersion", "responseId",
                         "createTime", "promptFeedback"})

# -- partialArgs: JSON paths and incremental JSON text --------------------------------------

_SEGMENT = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\[\"((?:[^\"\\]|\\.)*)\"\]")
_PATHS: dict[str, tuple[str | int, ...] | None] = {}
_NONE: Any = object()


def parse_path(text: str) -> tuple[str | int, ...] | None:
    """``$.recipe.steps[4]`` -> ("recipe", "steps", 4); None if it is not such a path."""
    found = _PATHS.get(text)
    if found is not None or text in _PATHS:
        return found
    out: list[str | int] | None = []
    pos = 1 if text.startswith("$") else -1
    while out is not None and 0 < pos < len(text):
        m = _SEGMENT.match(text, pos)
        if m is None:
            out = None
            break
        dot, index, single, double = m.groups()
        out.append(int(index) if index is not None else
                   dot if dot is not None else single if single is not None else double)
        pos = m.end()
    result = tuple(out) if out and pos >= 0 else None
    if len(_PATHS) < 4096:
        _PATHS[text] = result
    return result


class _Frame:
    """An open container of the arguments being written: its key in its parent, whether it
    is an array, how many members it has, and (objects) their keys."""

    __slots__ = ("count", "is_list", "keys", "segment")

    def __init__(self, segment: str | int | None, is_list: bool) -> None:
        self.segment = segment
        self.is_list = is_list
        self.count = 0
        self.keys: set[str | int] = set()


class PartialCall:
    """A function call whose arguments arrive as ``partialArgs``: the object assembled so
    far, and the JSON text of it written so far (a prefix of the final text while the paths
    come in document order, as a model writes them)."""

    __slots__ = ("broken", "frames", "id", "index", "name", "node", "opened", "parent",
                 "pending", "root", "string")

    def __init__(self, index: int, call_id: str, name: str) -> None:
        self.index = index
        self.id = call_id
        self.name = name
        self.root: dict[str, Any] = {}
        self.frames = [_Frame(None, False)]
        self.opened = False
        self.string: tuple[str | int, ...] | None = None   # the path of an open string
        self.broken = False
        # The container the last value went into, by path: pieces come one after another in
        # the same object or array, so most values need no walk from the root.
        self.parent: tuple[str | int, ...] | None = None
        self.node: Any = None
        # Closing text held for the next piece: a string's last, empty piece then yields no
        # event of its own (half the chunks of a Vertex stream).
        self.pending = ""

    def add(self, arg: Any) -> str:
        """Take one PartialArg; return the JSON text it adds."""
        if type(arg) is not dict:
            return ""
        where = arg.get("jsonPath")
        path = _PATHS.get(where) if type(where) is str else None
        if path is None and type(where) is str:
            path = parse_path(where)
        value = arg.get("stringValue", _NONE)
        if value is not _NONE:
            if path is None or type(value) is not str:
                self.broken = True
                return ""
            more = arg.get("willContinue") is True
            if path == self.string and not self.broken:
                # The next piece of a string: the value and its text grow (its container
                # is the one the first piece went into).
                self.node[path[-1]] += value
                if not more:
                    self.string = None
                    if not value:
                        self.pending += '"'
                        return ""
                text = self.pending + dumps(value)[1:-1] if value else ""
                self.pending = ""
                return text if more else text + '"'
            is_string = True
        else:
            more = is_string = False
            if "numberValue" in arg:
                value = arg["numberValue"]
            elif "boolValue" in arg:
                value = arg["boolValue"]
            elif "nullValue" in arg:
                value = None
            else:
                return ""   # a path without a value
            if path is None:
                self.broken = True
                return ""
        if not self.assign(path, value):
            self.broken = True
        return "" if self.broken else self.text(path, value, is_string, more)

    def assign(self, path: tuple[str | int, ...], value: Any) -> bool:
        """Set the value at ``path``; False if the path does not fit what is there."""
        parent = path[:-1]
        if parent == self.parent:
            node = self.node
        else:
            node = _container(self.root, path)
            if node is None:
                return False
            self.parent, self.node = parent, node
        leaf = path[-1]
        if type(node) is dict and type(leaf) is str:
            node[leaf] = value
            return True
        if type(node) is list and type(leaf) is int:
            if leaf >= len(node):
                node.extend([None] * (leaf + 1 - len(node)))
            node[leaf] = value
            return True
        return False

    def text(self, path: tuple[str | int, ...], value: Any, is_string: bool, more: bool
             ) -> str:
        buf: list[str] = [self.pending]
        self.pending = ""
        if not self.opened:
            self.opened = True
            buf.append("{")
        if self.string is not None:
            buf.append('"')
            self.string = None
        frames = self.frames
        k = 0   # how many open containers the new value's path shares
        while k + 1 < len(frames) and k < len(path) - 1 and frames[k + 1].segment == path[k]:
            k += 1
        while len(frames) > k + 1:
            buf.append("]" if frames.pop().is_list else "}")
        for n in range(k, len(path)):
            seg, top = path[n], frames[-1]
            if top.is_list != isinstance(seg, int) or seg in top.keys or (
                    top.is_list and seg != top.count):
                self.broken = True   # not in document order: the text cannot follow
                return ""
            if top.count:
                buf.append(",")
            if not top.is_list:
                buf.append(dumps(seg) + ":")
            top.count += 1
            top.keys.add(seg)
            if n + 1 < len(path):
                child = _Frame(seg, isinstance(path[n + 1], int))
                frames.append(child)
                buf.append("[" if child.is_list else "{")
        if is_string:
            buf.append(dumps(value)[:-1])
            if more:
                self.string = path
            else:
                buf.append('"')
        else:
            buf.append(dumps(value))
        return "".join(buf)

    def close(self) -> str:
        """The JSON text that completes the arguments."""
        if self.broken:
            return ""
        buf = [self.pending] if self.opened else ["{"]
        self.opened = True
        if self.string is not None:
            buf.append('"')
            self.string = None
        while self.frames:
            buf.append("]" if self.frames.pop().is_list else "}")
        return "".join(buf)


def _container(root: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    """The object or array that holds the value at ``path`` (made as needed); None if the
    path does not fit what is there."""
    node: Any = root
    for seg, nxt in itertools.pairwise(path):
        fresh: Any = [] if isinstance(nxt, int) else {}
        if isinstance(node, dict) and isinstance(seg, str):
            child = node.get(seg)
            if not isinstance(child, dict | list):
                child = node[seg] = fresh
        elif isinstance(node, list) and isinstance(seg, int):
            node.extend([None] * (seg + 1 - len(node)))
            child = node[seg]
            if not isinstance(child, dict | list):
                child = node[seg] = fresh
        else:
            return None
        node = child
    return node


# -- reading ---------------------------------------------------------------------------------

def _where(i: int, j: int, sub: str = "") -> str:
    """The JSON path of part ``j`` of candidate ``i`` in a chunk (built only for errors)."""
    return f"$.candidates[{i}].content.parts[{j}]{sub}"


class GeminiStreamReader(StreamReader):
    """Gemini chunks -> canonical events. One instance per stream."""

    def __init__(self, ctx: Context, fmt: GeminiResponses) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.id = fmt.id
        self.r = _Read(fmt.id)
        self.blocks = Blocks()
        self.started = False
        self.response_id: str | None = None
        self.seen: set[int] = set()
        self.finished: set[int] = set()
        self.calls: dict[int, int] = {}              # candidate -> calls so far
        self.partial: dict[int, PartialCall] = {}    # candidate -> call in pieces
        self.signed = 0                              # signature blocks so far
        self.last_usage: Any = None
        self.citations: dict[int, list[Any]] = {}
        self.reported: set[str] = set()
        # Whether the target keeps Gemini-only metadata (else it is reported, once per key).
        self.keeps = get_format(ctx.target).carries(fmt.id)
        # snake_case keys (an SDK object dumped as is): decided on the first chunk, since one
        # serializer writes a whole stream; the common camelCase stream skips every check.
        self.snake: bool | None = None

    def feed(self, chunk: dict[str, Any]) -> list[ir.AnyEvent]:
        fmt = self.id
        if type(chunk) is not dict:
            fail("$", "a stream chunk must be a JSON object", fmt)
        if self.snake is None:
            self.snake = "_" in "".join(chunk)
        if self.snake:
            chunk = norm(chunk, self.r.seen)
        events: list[ir.AnyEvent] = []
        err = chunk.get("error")
        if err is not None and "candidates" not in chunk:
            return self.error(err)
        if not self.started:
            self.started = True
            rid = chunk.get("responseId")
            self.response_id = rid if isinstance(rid, str) else None
            created = chunk.get("createTime")
            model = chunk.get("modelVersion")
            events.append(ir.Start(id=self.response_id, model=model if isinstance(model, str)
                                   else None,
                                   created=parse_time(created) if isinstance(created, str)
                                   else None))
        candidates = chunk.get("candidates")
        if candidates is not None:
            if type(candidates) is not list:
                fail("$.candidates", "expected an array", fmt)
            for i, cand in enumerate(candidates):
                self.candidate(cand, i, events)
        if not self.keeps and not chunk.keys() <= STREAM_KEYS:
            for key in chunk:
                if key not in STREAM_KEYS:
                    self.once(f"$.{key}", f"{key!r} is specific to {fmt}; {self.ctx.target} "
                                          "has no equivalent")
        pf = chunk.get("promptFeedback")
        if isinstance(pf, dict) and pf.get("blockReason") is not None and not self.seen \
                and 0 not in self.finished:
            block = pf["blockReason"]
            events.append(ir.Finish(choice=0, finish=BLOCK_FINISH.get(block, "content_filter")))
            self.finished.add(0)
        usage = chunk.get("usageMetadata")
        if usage is not None and usage != self.last_usage:
            if type(usage) is not dict:
                fail("$.usageMetadata", "expected an object", fmt)
            self.last_usage = usage
            u = gemini_in(norm(usage, self.r.seen) if self.snake else usage)
            if not usage.keys() <= USAGE_KEYS:
                u.extras = {k: v for k, v in usage.items() if k not in USAGE_KEYS}
            events.append(ir.UsageUpdate(usage=u))
        return events

    def error(self, err: Any) -> list[ir.AnyEvent]:
        """An error chunk ends a Gemini stream (the SDK raises it): every candidate still
        going finishes with "error"."""
        if type(err) is not dict:
            fail("$.error", "expected an object", self.id)
        events: list[ir.AnyEvent] = [] if self.started else [ir.Start()]
        self.started = True
        events.append(ir.StreamError(error=error_in(self.id, err, None)))
        for c in sorted(self.seen - self.finished) or ([] if self.finished else [0]):
            if c in self.partial:
                events += self.end_call(c, None)
            events += self.blocks.close(c)
            events.append(ir.Finish(choice=c, finish="error"))
            self.seen.add(c)
            self.finished.add(c)
        return events

    def candidate(self, cand: Any, i: int, events: list[ir.AnyEvent]) -> None:
        fmt = self.id
        if type(cand) is not dict:
            fail(f"$.candidates[{i}]", "expected an object", fmt)
        if self.snake:
            cand = norm(cand, self.r.seen)
        c = cand.get("index", i)
        if type(c) is not int:
            fail(f"$.candidates[{i}].index", "expected an integer", fmt)
        self.seen.add(c)
        content = cand.get("content")
        first = len(events)
        if content is not None:
            if type(content) is not dict:
                fail(f"$.candidates[{i}].content", "expected an object", fmt)
            parts = content.get("parts")
            if parts is not None:
                if type(parts) is not list:
                    fail(f"$.candidates[{i}].content.parts", "expected an array", fmt)
                for j, part in enumerate(parts):
                    self.part(c, part, i, j, events)
        if len(cand) > 2 or "finishReason" in cand:
            self.metadata(c, cand, f"$.candidates[{i}]", first, events)

    def metadata(self, c: int, cand: dict[str, Any], path: str, first: int,
                 events: list[ir.AnyEvent]) -> None:
        """Citations, log probabilities, the finish, and Gemini-only candidate fields."""
        cm = cand.get("citationMetadata")
        if isinstance(cm, dict):
            self.cite(c, norm(cm, self.r.seen) if self.snake else cm, events)
        lr = cand.get("logprobsResult")
        if lr is not None:
            texts = [e for e in events[first:] if type(e) is ir.TextDelta]
            if texts:
                texts[-1].logprobs = logprobs_in(lr)
        if not self.keeps and not cand.keys() <= STREAM_CANDIDATE_KEYS:
            for key in cand:
                if key not in STREAM_CANDIDATE_KEYS:
                    self.once(f"{path}.{key}", f"{key!r} is specific to {self.id}; "
                                               f"{self.ctx.target} has no equivalent")
        native = cand.get("finishReason")
        if native is not None:
            if type(native) is not str:
                fail(path + ".finishReason", "expected a string", self.id)
            if c in self.partial:
                events += self.end_call(c, "the candidate finished while function call "
                                           f"{self.partial[c].name!r} was still streaming its "
                                           "arguments; the arguments received were kept")
            events += self.blocks.close(c)
            fin = finish.from_native("gemini", native)
            if native == "STOP" and self.calls.get(c):
                fin = "tool_calls"
            events.append(ir.Finish(choice=c, finish=fin, native_finish=native))
            self.finished.add(c)

    def cite(self, c: int, cm: dict[str, Any], events: list[ir.AnyEvent]) -> None:
        items = cm.get("citationSources", cm.get("citations"))
        current = self.blocks.open.get(c)
        if not isinstance(items, list) or current is None or current[1] != "text":
            return
        done = self.citations.setdefault(c, [])
        for item in items:
            if isinstance(item, dict) and item not in done:   # chunks may repeat them
                done.append(item)
                events.append(ir.CitationDelta(choice=c, index=current[0],
                                               citation=citation_in(item)))

    def part(self, c: int, p: Any, i: int, j: int, events: list[ir.AnyEvent]) -> None:
        if type(p) is not dict:
            fail(_where(i, j), "expected an object", self.id)
        if self.snake:
            p = norm(p, self.r.seen)
        text = p.get("text")
        if text is not None:
            if type(text) is not str:
                fail(_where(i, j, ".text"), "expected a string", self.id)
            sig = p.get("thoughtSignature")
            if p.get("thought") is True:
                index, opened = self.blocks.switch(c, "reasoning", origin=self.id)
                events += opened
                if text:
                    events.append(ir.ReasoningDelta(choice=c, index=index, text=text))
            elif text:
                index, opened = self.blocks.switch(c, "text")
                events += opened
                events.append(ir.TextDelta(choice=c, index=index, text=text))
            elif sig is not None:
                current = self.blocks.open.get(c)
                if current is not None and current[1] == "text":
                    index = current[0]   # the signature of the text it follows
                else:
                    index = self.signature_block(c, events)
            else:
                return   # an empty text: nothing to say
            if sig is not None:
                events.append(ir.SignatureDelta(choice=c, index=index,
                                                signature=self.signature(sig, i, j),
                                                origin=self.id))
        elif "functionCall" in p:
            self.call(c, p, i, j, events)
        else:
            self.whole(c, p, _where(i, j), events)

    def signature(self, sig: Any, i: int, j: int) -> str:
        if type(sig) is not str:
            fail(_where(i, j, ".thoughtSignature"), "expected a string", self.id)
        return sig

    def signature_block(self, c: int, events: list[ir.AnyEvent]) -> int:
        """A reasoning block of its own for a signature (before a call, or on its own)."""
        self.signed += 1
        index, opened = self.blocks.switch(c, "reasoning", ("signature", self.signed),
                                           origin=self.id)
        events += opened
        return index

    def whole(self, c: int, p: dict[str, Any], path: str, events: list[ir.AnyEvent]) -> None:
        """A part that arrives complete (media, code execution, server-side tool parts)."""
        part = self.fmt.read_part(p, path, self.r)
        if isinstance(part, ir.Reasoning):   # a bare signature part (no text key)
            index = self.signature_block(c, events)
            if part.signature is not None:
                events.append(ir.SignatureDelta(choice=c, index=index,
                                                signature=part.signature, origin=self.id))
            return
        self.signed += 1
        index, opened = self.blocks.switch(c, "opaque", ("part", self.signed),
                                           value=p, origin=self.id)
        events += opened
        self.blocks.open.pop(c, None)
        events.append(ir.BlockEnd(choice=c, index=index, part=part))

    def call(self, c: int, p: dict[str, Any], i: int, j: int, events: list[ir.AnyEvent]
             ) -> None:
        fmt = self.id
        fc = p.get("functionCall")
        if type(fc) is not dict:
            fail(_where(i, j, ".functionCall"), "expected an object", fmt)
        if self.snake:
            fc = norm(fc, self.r.seen)
        sig = p.get("thoughtSignature")
        name = fc.get("name")
        more = fc.get("willContinue") is True
        pieces = fc.get("partialArgs")
        pc = self.partial.get(c)
        if name is not None:
            if type(name) is not str:
                fail(_where(i, j, ".functionCall.name"), "expected a string", fmt)
            if pc is not None:
                events += self.end_call(c, f"function call {pc.name!r} ended without its "
                                           "final chunk (a new call started); the arguments "
                                           "received were kept")
            if sig is not None:
                index = self.signature_block(c, events)
                events.append(ir.SignatureDelta(choice=c, index=index,
                                                signature=self.signature(sig, i, j),
                                                origin=fmt))
                sig = None
            ordinal = self.calls.get(c, 0)
            self.calls[c] = ordinal + 1
            cid = fc.get("id")
            if cid is not None and type(cid) is not str:
                fail(_where(i, j, ".functionCall.id"), "expected a string", fmt)
            cid = cid or call_id(self.response_id, c, ordinal, name)
            index, opened = self.blocks.switch(c, "tool_call", ("call", ordinal), id=cid,
                                               name=name)
            events += opened
            args = fc.get("args")
            if args is not None and type(args) is not dict:
                fail(_where(i, j, ".functionCall.args"), "expected an object", fmt)
            if pieces is None and not more:   # a whole call (the Developer API's way)
                args = args or {}
                events.append(ir.ArgumentsDelta(choice=c, index=index, text=dumps(args)))
                self.blocks.open.pop(c, None)
                events.append(ir.BlockEnd(choice=c, index=index, part=ir.ToolCall(
                    id=cid, name=name, input=args)))
                return
            pc = self.partial[c] = PartialCall(index, cid, name)
            if args:   # whole arguments and pieces at once: kept, not streamed as text
                pc.root.update(args)
                pc.broken = True
        elif pc is None:
            if pieces:
                self.once(_where(i, j, ".functionCall"), "function call arguments arrived "
                          "without the call they belong to (no name); they were dropped")
            return   # an empty functionCall (the end of a call) with nothing open
        if sig is not None:   # a signature on a later chunk of the call: on the call
            events.append(ir.SignatureDelta(choice=c, index=pc.index,
                                            signature=self.signature(sig, i, j), origin=fmt))
        if pieces is not None:
            if type(pieces) is not list:
                fail(_where(i, j, ".functionCall.partialArgs"), "expected an array", fmt)
            for arg in pieces:
                text = pc.add(arg)
                if text:
                    events.append(ir.ArgumentsDelta(choice=c, index=pc.index, text=text))
        if not more:
            events += self.end_call(c, None)

    def end_call(self, c: int, reason: str | None, cut: bool = False) -> list[ir.AnyEvent]:
        pc = self.partial.pop(c)
        out: list[ir.AnyEvent] = []
        text = pc.close()
        if text:
            out.append(ir.ArgumentsDelta(choice=c, index=pc.index, text=text))
        if reason is not None:
            self.ctx.approximated("$", reason)
        if pc.broken:
            self.ctx.approximated("$", f"the arguments of function call {pc.name!r} came in an "
                                       "order JSON text cannot follow; the streamed argument "
                                       "text is incomplete, the finished call is whole")
        current = self.blocks.open.get(c)
        if current is not None and current[0] == pc.index:
            self.blocks.open.pop(c)
        call = ir.ToolCall(id=pc.id, name=pc.name, input=pc.root)
        if cut:   # a same-format client already has its pieces: see GeminiStreamWriter
            call.hints = {"cut": True}
        out.append(ir.BlockEnd(choice=c, index=pc.index, part=call))
        return out

    def close(self) -> list[ir.AnyEvent]:
        out: list[ir.AnyEvent] = []
        for c in list(self.partial):
            out += self.end_call(c, f"the stream ended while function call "
                                    f"{self.partial[c].name!r} was streaming its arguments; "
                                    "the arguments received were kept", cut=True)
        if self.started and self.finished and self.seen <= self.finished:
            out.append(ir.End())   # the last chunk carried every finishReason
        return out

    def once(self, key: str, reason: str) -> None:
        if key not in self.reported:
            self.reported.add(key)
            self.ctx.dropped(key if key.startswith("$") else "$", reason)


# -- writing ---------------------------------------------------------------------------------

class _Call:
    __slots__ = ("chunks", "custom", "id", "name", "signature")

    def __init__(self, call_id: str | None, name: str | None, custom: bool) -> None:
        self.id = call_id
        self.name = name or ""
        self.custom = custom
        self.chunks: list[str] = []
        self.signature: str | None = None


class GeminiStreamWriter(StreamWriter):
    """Canonical events -> Gemini chunks. One instance per stream."""

    def __init__(self, ctx: Context, fmt: GeminiResponses) -> None:
        super().__init__(ctx)
        self.fmt = fmt
        self.same = fmt.carries(ctx.source)
        self.st = _Write(ir.Request(source=ctx.source), ctx, ctx.source == fmt.id, self.same)
        self.response_id: str | None = None
        self.model = ctx.model
        self.created: int | None = None
        self.extras: dict[str, Any] | None = None
        self.kinds: dict[tuple[int, int], str] = {}
        self.origins: dict[tuple[int, int], str | None] = {}
        self.values: dict[tuple[int, int], Any] = {}
        self.calls: dict[tuple[int, int], _Call] = {}
        self.texted: set[tuple[int, int]] = set()
        self.signed: set[tuple[int, int]] = set()         # text blocks given a signature
        self.signatures: dict[tuple[int, int], str] = {}   # signature-only blocks
        self.held: dict[int, str] = {}       # candidate -> a signature waiting for its call
        self.summary_part: dict[tuple[int, int], int] = {}
        self.candidates: list[int] = []
        self.finishes: dict[int, str] = {}
        self.citations: dict[int, list[dict[str, Any]]] = {}
        self.bytes: dict[int, int] = {}      # candidate -> bytes of text written
        self.usage: ir.Usage | None = None
        self.reported: set[str] = set()
        self.failed = False                  # an error chunk ends a Gemini stream

    # -- chunk shapes -----------------------------------------------------------------------

    def chunk(self, c: int, parts: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        if c not in self.candidates:
            self.candidates.append(c)
        content = {"role": "model", "parts": parts} if self.fmt.ROLE_FIRST else \
            {"parts": parts, "role": "model"}
        cand: dict[str, Any] = {"content": content, **extra}
        if c or self.fmt.INDEX_ZERO:
            cand["index"] = c
        return self.envelope([cand])

    def envelope(self, candidates: list[dict[str, Any]], usage: dict[str, Any] | None = None
                 ) -> dict[str, Any]:
        out: dict[str, Any] = {"candidates": candidates}
        if usage is not None:
            out["usageMetadata"] = usage
        if self.model is not None:
            out["modelVersion"] = self.model
        if self.fmt.CREATE_TIME and self.created is not None:
            out["createTime"] = format_time(self.created)
        if self.response_id is not None:
            out["responseId"] = self.response_id
        return out

    def flush(self, c: int) -> list[dict[str, Any]]:
        """A held signature that no call claimed: on an empty part of its own."""
        sig = self.held.pop(c, None)
        return [] if sig is None else [self.chunk(c, [{"text": "", "thoughtSignature": sig}])]

    # -- events -----------------------------------------------------------------------------

    def write(self, ev: ir.AnyEvent) -> list[dict[str, Any]]:
        if self.failed:
            return []
        t = type(ev)
        if t is ir.TextDelta:
            assert isinstance(ev, ir.TextDelta)
            if not ev.text:
                return []
            out = self.flush(ev.choice) if self.held else []
            c = ev.choice
            self.bytes[c] = self.bytes.get(c, 0) + (
                len(ev.text) if ev.text.isascii() else len(ev.text.encode()))
            if ev.logprobs:
                out.append(self.chunk(c, [{"text": ev.text}],
                                      logprobsResult=logprobs_out(ev.logprobs)))
            else:
                out.append(self.chunk(c, [{"text": ev.text}]))
            return out
        if t is ir.ReasoningDelta:
            assert isinstance(ev, ir.ReasoningDelta)
            return self.reasoning(ev)
        if t is ir.ArgumentsDelta:
            assert isinstance(ev, ir.ArgumentsDelta)
            call = self.calls.get((ev.choice, ev.index))
            if call is not None:
                call.chunks.append(ev.text)
            return []
        if t is ir.SignatureDelta:
            assert isinstance(ev, ir.SignatureDelta)
            return self.signature(ev)
        if t is ir.BlockStart:
            assert isinstance(ev, ir.BlockStart)
            return self.block_start(ev)
        if t is ir.BlockEnd:
            assert isinstance(ev, ir.BlockEnd)
            return self.block_end(ev)
        if t is ir.CitationDelta:
            assert isinstance(ev, ir.CitationDelta)
            self.cite(ev)
            return []
        if t is ir.Start:
            assert isinstance(ev, ir.Start)
            self.response_id = ev.id or self.response_id
            self.model = ev.model or self.model
            self.created = ev.created if ev.created is not None else self.created
            if ev.usage is not None:
                self.usage = merge_usage(self.usage, ev.usage)
            if ev.extras:
                self.extras = {**(self.extras or {}), **ev.extras}
            return []
        if t is ir.Finish:
            assert isinstance(ev, ir.Finish)
            native = ev.native_finish if self.same else None
            if native is None:
                native, exact = finish.to_native("gemini", ev.finish or "stop")
                if not exact:
                    self.once(f"finish:{ev.finish}", f"finish reason {ev.finish!r} sent as "
                                                     f"{native!r}")
            self.finishes[ev.choice] = native or "STOP"
            if ev.choice not in self.candidates:
                self.candidates.append(ev.choice)
            return []
        if t is ir.UsageUpdate:
            assert isinstance(ev, ir.UsageUpdate)
            self.usage = merge_usage(self.usage, ev.usage)
            return []
        if t is ir.End:
            return self.end()
        if t is ir.StreamError:
            assert isinstance(ev, ir.StreamError)
            self.failed = True
            return [error_out(ev.error, self.same)[1]]
        return []

    def reasoning(self, ev: ir.ReasoningDelta) -> list[dict[str, Any]]:
        key = (ev.choice, ev.index)
        if not ev.text or self.kinds.get(key) != "reasoning":
            return []
        text = ev.text
        if ev.summary:
            last = self.summary_part.get(key)
            if last is not None and last != ev.summary_part:
                text = "\n\n" + text   # summary parts read as paragraphs
            self.summary_part[key] = ev.summary_part
        self.texted.add(key)
        out = self.flush(ev.choice) if self.held else []
        out.append(self.chunk(ev.choice, [{"text": text, "thought": True}]))
        return out

    def signs(self, origin: str | None) -> bool:
        return origin == self.fmt.id

    def foreign_signature(self, origin: str | None) -> str:
        if self.fmt.carries(origin):
            return (f"thought signatures from {origin} cannot go to a {self.fmt.id} client "
                    "(Developer API and Vertex AI signatures are not exchanged)")
        return (f"reasoning signatures from {origin} have no {self.fmt.id} form (Gemini "
                "clients can only send back thought signatures Gemini minted)")

    def signature(self, ev: ir.SignatureDelta) -> list[dict[str, Any]]:
        key = (ev.choice, ev.index)
        origin = ev.origin or self.origins.get(key)
        if not self.signs(origin):
            self.once(f"signature:{origin}", self.foreign_signature(origin))
            return []
        kind = self.kinds.get(key)
        if kind == "tool_call":
            call = self.calls[key]
            call.signature = (call.signature or "") + ev.signature
            return []
        if kind == "reasoning" and key not in self.texted:
            self.signatures[key] = self.signatures.get(key, "") + ev.signature
            return []   # decided at the block's end: on the next call, or on its own
        part: dict[str, Any] = {"text": "", "thoughtSignature": ev.signature}
        if kind == "reasoning":
            part = {"text": "", "thought": True, "thoughtSignature": ev.signature}
        elif kind != "text":
            return []
        self.signed.add(key)
        return [self.chunk(ev.choice, [part])]

    def block_start(self, ev: ir.BlockStart) -> list[dict[str, Any]]:
        key = (ev.choice, ev.index)
        kind = ev.kind
        self.kinds[key] = kind
        if ev.choice not in self.candidates:
            self.candidates.append(ev.choice)
        if kind == "tool_call":
            self.calls[key] = _Call(ev.id, ev.name, ev.call_kind == "custom")
            return []
        out = self.flush(ev.choice) if self.held else []
        if kind == "reasoning":
            self.origins[key] = ev.origin
            if ev.data is not None and not self.signs(ev.origin):
                self.once(f"data:{ev.origin}", f"encrypted reasoning from {ev.origin} has no "
                                               f"{self.fmt.id} form")
        elif kind == "refusal":
            self.once("refusal", "refusal sent as text (the finish reason tells a refusal)")
        elif kind == "opaque":
            self.origins[key] = ev.origin
            self.values[key] = ev.value
        return out

    def block_end(self, ev: ir.BlockEnd) -> list[dict[str, Any]]:
        key = (ev.choice, ev.index)
        kind = self.kinds.get(key)
        c = ev.choice
        if kind == "tool_call":
            return self.end_call(key, ev.part)
        if kind == "reasoning":
            sig = self.signatures.pop(key, None)
            part: ir.Reasoning | None = ev.part if isinstance(ev.part, ir.Reasoning) else None
            if sig is None and part is not None and part.signature is not None and \
                    key not in self.texted and part.data is None and self.signs(
                        self.origins.get(key)):
                sig = part.signature   # a whole block that came without deltas
            if sig is not None:
                out = self.flush(c) if self.held else []
                self.held[c] = sig       # on the next call, else on its own
                return out
            if part is not None and (part.signature or part.data) and not self.signs(
                    part.origin.format if part.origin else self.origins.get(key)):
                self.once(f"state:{self.origins.get(key)}",
                          f"reasoning state (signature or encrypted content) from "
                          f"{self.origins.get(key)} has no {self.fmt.id} form")
            return []
        if kind == "opaque":
            return self.end_opaque(key, ev.part)
        text = ev.part
        if isinstance(text, ir.Text) and text.signature is not None and key not in \
                self.signed:
            # A whole text part (a synthetic stream) with its signature: after the text,
            # as Gemini streams it.
            if self.signs(text.origin.format if text.origin else None):
                return [self.chunk(c, [{"text": "", "thoughtSignature": text.signature}])]
            origin = text.origin.format if text.origin else None
            self.once(f"signature:{origin}", self.foreign_signature(origin))
        return []

    def end_call(self, key: tuple[int, int], part: ir.AnyPart | None) -> list[dict[str, Any]]:
        call = self.calls.pop(key)
        c = key[0]
        ctx = self.ctx
        if isinstance(part, ir.ToolCall) and part.hints and part.hints.get("cut") and \
                ctx.source == self.fmt.id:
            # Cut while streaming in pieces, passed through to a client of the same format:
            # it has the pieces; the whole call is not repeated.
            return []
        if isinstance(part, ir.ToolCall) and isinstance(part.input, dict):
            args: Any = part.input
            if part.signature is not None and call.signature is None and self.signs(
                    part.origin.format if part.origin else None):
                call.signature = part.signature
        else:
            text = "".join(call.chunks)
            if call.custom:
                args = {"input": text}
                self.once("custom", 'custom (free-text) tool input sent as {"input": <text>}: '
                                    "Gemini has no free-text tools")
            else:
                try:
                    args = msgspec.json.decode(text) if text.strip() else {}
                except msgspec.DecodeError:   # cut short: as a body writer does it
                    ctx.dropped("$", f"arguments of tool call {call.name!r} are not valid "
                                     "JSON and were replaced by {}")
                    args = {}
                if not isinstance(args, dict):
                    args = {"input": args}
                    self.once("args", "tool call arguments that are not a JSON object sent "
                                      'as {"input": value}')
        fc: dict[str, Any] = {}
        if call.id is not None and not (self.same and is_synthetic(call.id)):
            fc["id"] = call.id
        fc["name"] = call.name
        fc["args"] = args
        w: dict[str, Any] = {"functionCall": fc}
        sig = call.signature or self.held.pop(c, None)
        if sig is not None:
            w["thoughtSignature"] = sig
        return [self.chunk(c, [w])]

    def end_opaque(self, key: tuple[int, int], part: ir.AnyPart | None
                   ) -> list[dict[str, Any]]:
        c = key[0]
        origin = self.origins.pop(key, None)
        value = self.values.pop(key, None)
        w: dict[str, Any] | None = None
        if isinstance(part, ir.Image | ir.Audio | ir.File):
            w = self.fmt.write_media(part, self.st)
            if w is not None:
                self.fmt.finish_part(part, w, self.st)
        elif isinstance(part, ir.Opaque):
            w = self.fmt.response_opaque(part, self.st)
        elif value is not None and self.fmt.carries(origin):
            w = dict(value)
        else:
            what = (value or {}).get("type", "opaque") if isinstance(value, dict) else "opaque"
            self.once(f"opaque:{what}", f"{what!r} content has no {self.fmt.id} stream form")
        return [self.chunk(c, [w])] if w is not None else []

    def cite(self, ev: ir.CitationDelta) -> None:
        c = ev.citation
        found = self.citations.setdefault(ev.choice, [])
        if self.same and isinstance(c, dict) and isinstance(c.get("gemini"), dict):
            found.append(c["gemini"])
            return
        nested: Any = c.get("url_citation") if isinstance(c, dict) and isinstance(
            c.get("url_citation"), dict) else c
        url = nested.get("url") if isinstance(nested, dict) else None
        if not isinstance(url, str) or not isinstance(nested, dict):
            self.once("citation", f"citations other than url citations have no "
                                  f"{self.fmt.id} form")
            return
        # Offsets: the whole text written so far (a stream's citations cite what preceded).
        g: dict[str, Any] = {"startIndex": 0, "endIndex": self.bytes.get(ev.choice, 0),
                             "uri": url}
        if isinstance(nested.get("title"), str) and nested["title"]:
            g["title"] = nested["title"]
        found.append(g)

    def end(self) -> list[dict[str, Any]]:
        """The final chunk: every candidate's finishReason, the usage."""
        out: list[dict[str, Any]] = []
        candidates = []
        for c in self.candidates or [0]:
            sig = self.held.pop(c, None)
            part: dict[str, Any] = {"text": ""}
            if sig is not None:
                part["thoughtSignature"] = sig
            content = {"role": "model", "parts": [part]} if self.fmt.ROLE_FIRST else \
                {"parts": [part], "role": "model"}
            cand: dict[str, Any] = {"content": content,
                                    "finishReason": self.finishes.get(c, "STOP")}
            if self.citations.get(c):
                cand["citationMetadata"] = {self.fmt.CITATIONS_KEY: self.citations[c]}
            if c or self.fmt.INDEX_ZERO:
                cand["index"] = c
            candidates.append(cand)
        usage = gemini_out(self.usage) if self.usage is not None else None
        if usage is not None and self.same and self.usage is not None and self.usage.extras:
            for key, value in self.usage.extras.items():
                usage.setdefault(key, value)
        final = self.envelope(candidates, usage)
        if self.extras and self.same:
            for key, value in self.extras.items():
                if key not in final and key not in self.fmt.FOREIGN_RESPONSE:
                    final[key] = value
        out.append(final)
        return out

    def once(self, key: str, reason: str) -> None:
        if key not in self.reported:
            self.reported.add(key)
            self.ctx.dropped("$", reason)

