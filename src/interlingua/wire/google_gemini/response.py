"""Gemini ``generateContent`` responses and ``google.rpc.Status`` errors, to and from the IR.

Reading: every candidate is a choice (``index``), its parts go through the request reader's
part reader (signatures and their provenance, thought parts, media, opaque server-side
parts); a function call without an id gets ``call_gemini_<hash>`` (other formats pair calls
and results by id; a Gemini writer leaves it out again). ``STOP`` on a candidate with
function calls reads as ``tool_calls``. A prompt blocked before any candidate
(``promptFeedback.blockReason``) reads as one empty choice finished by the filter.
Citations cross as url citations on the text they cite (Gemini's byte offsets turned into
character offsets); the raw ``citationMetadata`` and ``logprobsResult`` are kept in hints for
exact same-format round trips; safety ratings, grounding metadata, ``finishMessage``... are
candidate extras (re-emitted by Gemini and Vertex writers, reported by others).

Writing: one candidate per choice; parts as Gemini returns them; a signature is written only
to the surface that minted it (``google.gemini`` and ``google.vertex`` are distinct), never
invented; another vendor's reasoning shows as thought text, its opaque state is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, ClassVar

from ... import apierrors, finish, ir
from ..._json import dumps
from ...context import Context
from ...names import synthetic_id
from .._check import arr, leftovers, obj, opt_int, opt_string, string
from .._usage import GEMINI_COUNTS, gemini_in, gemini_out
from .._write import arguments_object
from .reader import BARE, GeminiReader, _Read
from .tables import (
    BLOCK_FINISH,
    RESPONSE_TREE,
    SYNTHETIC_CALL_ID,
    norm,
    to_snake,
)
from .writer import GeminiWriter, _Write, put_dotted

RESPONSE_KEYS = frozenset({"candidates", "usageMetadata", "modelVersion", "responseId",
                           "createTime", "promptFeedback"})
CANDIDATE_KEYS = frozenset({"content", "finishReason", "index", "citationMetadata",
                            "logprobsResult"})
CONTENT_KEYS = frozenset({"role", "parts"})
USAGE_KEYS = frozenset(GEMINI_COUNTS)
#: The error details type that says when to retry.
RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo"


# -- small converters shared with the stream reader and writer -----------------------------

def call_id(response_id: str | None, choice: int, ordinal: int, name: str) -> str:
    """The id given to the ``ordinal``-th function call of a candidate that has none: the
    same in a body and in its stream."""
    return synthetic_id(SYNTHETIC_CALL_ID, response_id, choice, ordinal, name)


def is_synthetic(call_id: str | None) -> bool:
    return call_id is not None and call_id.startswith(SYNTHETIC_CALL_ID)


def parse_time(text: str) -> int | None:
    """Epoch seconds of an RFC 3339 time (``createTime``), None if it is not one."""
    try:
        return int(datetime.fromisoformat(text).timestamp())
    except ValueError:
        return None


def format_time(created: int) -> str:
    return datetime.fromtimestamp(created, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def logprobs_in(lr: Any) -> list[ir.TokenLogprob] | None:
    """``logprobsResult`` -> per-token log probabilities (chosen token, top alternatives)."""
    if not isinstance(lr, dict) or not isinstance(lr.get("chosenCandidates"), list):
        return None
    top = lr.get("topCandidates")
    top = top if isinstance(top, list) else []
    out: list[ir.TokenLogprob] = []
    for k, c in enumerate(lr["chosenCandidates"]):
        if not isinstance(c, dict):
            continue
        alts = top[k].get("candidates") if k < len(top) and isinstance(top[k], dict) else None
        out.append(ir.TokenLogprob(
            token=str(c.get("token") or ""), logprob=float(c.get("logProbability") or 0.0),
            top=[ir.TokenLogprob(token=str(a.get("token") or ""),
                                 logprob=float(a.get("logProbability") or 0.0))
                 for a in alts if isinstance(a, dict)] if isinstance(alts, list) else None))
    return out


def logprobs_out(items: list[ir.TokenLogprob]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if any(x.top for x in items):
        out["topCandidates"] = [{"candidates": [{"token": t.token, "logProbability": t.logprob}
                                                for t in x.top or ()]} for x in items]
    out["chosenCandidates"] = [{"token": x.token, "logProbability": x.logprob} for x in items]
    return out


def citation_in(c: dict[str, Any]) -> dict[str, Any]:
    """A Gemini citation as the url citation other formats read (``url``, ``title``,
    ``start_index`` / ``end_index``; the reader makes the offsets relative to the text part
    in characters). The original rides along under ``"gemini"`` for Gemini writers."""
    out: dict[str, Any] = {"type": "url_citation" if isinstance(c.get("uri"), str)
                           else "gemini_citation"}
    if isinstance(c.get("uri"), str):
        out["url"] = c["uri"]
    if isinstance(c.get("title"), str):
        out["title"] = c["title"]
    out["gemini"] = c
    return out


def byte_to_char(text: str, offset: int) -> int:
    """A UTF-8 byte offset into ``text`` (Gemini citations) as a character offset."""
    if text.isascii():
        return min(offset, len(text))
    return len(text.encode()[:offset].decode(errors="ignore"))


def char_to_byte(text: str, offset: int) -> int:
    return offset if text.isascii() else len(text[:offset].encode())


def retry_seconds(details: Any) -> float | None:
    """``retryDelay`` of a ``google.rpc.RetryInfo`` detail ("34.4s") in seconds."""
    for d in details if isinstance(details, list) else ():
        if isinstance(d, dict) and d.get("@type") == RETRY_INFO:
            delay = d.get("retryDelay")
            if isinstance(delay, str) and delay.endswith("s"):
                try:
                    return float(delay[:-1])
                except ValueError:
                    return None
    return None


def error_in(fmt: str, err: dict[str, Any], status: int | None) -> ir.Error:
    """``{"code", "message", "status", "details"}`` (the ``error`` of a Gemini error body or
    stream chunk) -> the canonical error."""
    name = err.get("status") if isinstance(err.get("status"), str) else None
    code = err.get("code")
    if status is None and isinstance(code, int) and not isinstance(code, bool) and code >= 100:
        status = code
    details = err.get("details") if isinstance(err.get("details"), list) else None
    # A body code other than the HTTP status stays in extras (a same-format writer gives it
    # back as it was).
    handled = frozenset({"message", "status", "details"} | ({"code"} if code == status
                                                             else set()))
    return ir.Error(kind=apierrors.kind_of("gemini", name, status),
                    message=str(err.get("message") or ""), status=status, native_type=name,
                    retry_after=retry_seconds(details), details=details,
                    extras=leftovers(err, handled))


def error_out(error: ir.Error, same: bool) -> tuple[int, dict[str, Any]]:
    """The HTTP status and ``{"error": {...}}`` body Gemini would send for ``error``."""
    name = error.native_type if same and error.native_type else \
        apierrors.TO_NATIVE["gemini"][error.kind]
    status = error.status if same and error.status else apierrors.status_of("gemini",
                                                                             error.kind)
    extras = (error.extras or {}) if same else {}
    body: dict[str, Any] = {"code": extras.get("code", status), "message": error.message,
                            "status": name}
    if same and error.details is not None:
        body["details"] = error.details
    elif error.retry_after is not None:
        body["details"] = [{"@type": RETRY_INFO, "retryDelay": f"{error.retry_after:g}s"}]
    for key, value in extras.items():
        body.setdefault(key, value)
    return status, {"error": body}


class GeminiResponses(GeminiReader, GeminiWriter):
    """Gemini response and error bodies. The Vertex AI subclass changes the flags below."""

    FINISH_FAMILY = "gemini"
    ERROR_FAMILY = "gemini"
    #: The key of ``citationMetadata``'s list (the Developer API's; Vertex says "citations").
    CITATIONS_KEY: ClassVar[str] = "citationSources"
    #: Whether a candidate's ``index`` is written when it is 0 (Vertex leaves proto3 defaults
    #: out).
    INDEX_ZERO: ClassVar[bool] = True
    #: Whether responses carry ``createTime`` (Vertex).
    CREATE_TIME: ClassVar[bool] = False
    #: Response fields only the other surface returns: removed (reported) when crossing.
    FOREIGN_RESPONSE: ClassVar[frozenset[str]] = frozenset()
    #: Whether ``content`` lists ``role`` before ``parts`` (Vertex's key order).
    ROLE_FIRST: ClassVar[bool] = False

    # -- reading ---------------------------------------------------------------------------

    def read_response(self, body: Mapping[str, Any], ctx: Context) -> ir.Response:
        fmt = self.id
        r = _Read(fmt)
        b = norm(obj(body if type(body) is dict else dict(body), "$", fmt), r.seen)
        model = opt_string(b.get("modelVersion"), "$", fmt, ".modelVersion")
        r.origin = ir.Origin(format=fmt, model=model)
        resp = ir.Response(source=fmt, id=opt_string(b.get("responseId"), "$", fmt,
                                                     ".responseId"), model=model)
        hints: dict[str, Any] = {}
        if (created := b.get("createTime")) is not None:
            text = string(created, "$", fmt, ".createTime")
            resp.created = parse_time(text)
            hints["createTime"] = text
        candidates = b.get("candidates")
        if candidates is None:
            hints["candidates"] = "absent"
        resp.choices = [self.read_candidate(c, i, resp, r) for i, c in enumerate(
            arr(candidates, "$", fmt, ".candidates") if candidates is not None else ())]
        extras = leftovers(b, RESPONSE_KEYS) or {}
        if (pf := b.get("promptFeedback")) is not None:
            pf = norm(obj(pf, "$", fmt, ".promptFeedback"), r.seen)
            extras["promptFeedback"] = pf
            block = opt_string(pf.get("blockReason"), "$.promptFeedback", fmt, ".blockReason")
            if block is not None and not resp.choices:
                # Blocked before any candidate: one empty answer, finished by the filter.
                resp.choices = [ir.Choice(index=0, parts=[], finish=BLOCK_FINISH.get(
                    block, "content_filter"), path="$.promptFeedback.blockReason",
                    hints={"blocked": True})]
        if (u := b.get("usageMetadata")) is not None:
            u = norm(obj(u, "$", fmt, ".usageMetadata"), r.seen)
            resp.usage = gemini_in(u)
            resp.usage.extras = leftovers(u, USAGE_KEYS)
        if r.seen:
            hints["snake"] = sorted(r.seen)
        resp.extras = extras or None
        resp.hints = hints or None
        return resp

    def read_candidate(self, raw: Any, i: int, resp: ir.Response, r: _Read) -> ir.Choice:
        fmt = self.id
        path = f"$.candidates[{i}]"
        c = norm(obj(raw, path, fmt), r.seen)
        index = opt_int(c.get("index"), path, fmt, ".index")
        choice = ir.Choice(index=i if index is None else index, parts=[], path=path)
        hints: dict[str, Any] = {}
        if index is None:
            hints["index"] = "absent"
        extras = leftovers(c, CANDIDATE_KEYS) or {}
        content = c.get("content")
        if content is None:
            hints["content"] = "absent"
        else:
            cpath = path + ".content"
            content = norm(obj(content, path, fmt, ".content"), r.seen)
            if content.get("role") != "model":
                hints["role"] = content.get("role")   # None: absent
            raw_parts = content.get("parts")
            if raw_parts is None:
                hints["parts"] = "absent"
            else:
                choice.parts = [self.read_part(x, f"{cpath}.parts[{j}]", r) for j, x in
                                enumerate(arr(raw_parts, cpath, fmt, ".parts"))]
                bare = [j for j, x in enumerate(choice.parts)
                        if type(x) is ir.Reasoning and x.id is BARE]
                for j in bare:
                    choice.parts[j].id = None  # type: ignore[union-attr]
                if bare:
                    hints["bare"] = bare
            for key, value in (leftovers(content, CONTENT_KEYS - {"role"}) or {}).items():
                if key != "role":
                    extras[f"content.{key}"] = value
        ordinal = 0
        for part in choice.parts:
            if isinstance(part, ir.ToolCall):
                if part.id is None:
                    part.id = call_id(resp.id, choice.index, ordinal, part.name)
                ordinal += 1
        native = opt_string(c.get("finishReason"), path, fmt, ".finishReason")
        choice.native_finish = native
        choice.finish = finish.from_native(self.FINISH_FAMILY, native)
        if native == "STOP" and ordinal:
            choice.finish = "tool_calls"
        if (cm := c.get("citationMetadata")) is not None:
            cm = norm(obj(cm, path, fmt, ".citationMetadata"), r.seen)
            hints["citationMetadata"] = cm
            self.attach_citations(choice.parts, cm)
        if isinstance(gm := c.get("groundingMetadata"), dict):
            self.attach_grounding(choice.parts, gm)
        if (lr := c.get("logprobsResult")) is not None:
            hints["logprobsResult"] = lr
            choice.logprobs = logprobs_in(lr)
        choice.extras = extras or None
        choice.hints = hints or None
        return choice

    @staticmethod
    def attach_citations(parts: list[ir.AnyPart], cm: dict[str, Any]) -> None:
        """Put each citation on the text part its start falls in, with offsets in characters
        relative to that part (Gemini counts bytes over the candidate's whole text)."""
        items = cm.get("citationSources", cm.get("citations"))
        texts = [p for p in parts if isinstance(p, ir.Text)]
        if not isinstance(items, list) or not texts:
            return
        spans: list[tuple[ir.Text, int, int]] = []    # part, first byte, last byte
        at = 0
        for t in texts:
            size = len(t.text) if t.text.isascii() else len(t.text.encode())
            spans.append((t, at, at + size))
            at += size
        for c in items:
            if not isinstance(c, dict):
                continue
            start, end = c.get("startIndex", 0), c.get("endIndex")
            start = start if isinstance(start, int) else 0
            part, base, stop = next(((t, a, z) for t, a, z in spans if start < z), spans[-1])
            cited = citation_in(c)
            cited["start_index"] = byte_to_char(part.text, max(0, start - base))
            cited["end_index"] = byte_to_char(part.text, min(stop, end) - base) \
                if isinstance(end, int) else len(part.text)
            part.citations = [*(part.citations or []), cited]

    @staticmethod
    def attach_grounding(parts: list[ir.AnyPart], gm: dict[str, Any]) -> None:
        """Grounding (Google Search, Maps, retrieval) as url citations on the text each
        support covers: ``segment`` offsets are UTF-8 bytes within the part ``partIndex``
        names; each of its ``groundingChunkIndices`` is a source with a ``uri``. The whole
        ``groundingMetadata`` stays a candidate extra (search queries, the search entry point),
        so Gemini writers give it back as it was and skip these citations."""
        chunks, supports = gm.get("groundingChunks"), gm.get("groundingSupports")
        texts = [p for p in parts if type(p) is ir.Text]
        if not isinstance(chunks, list) or not isinstance(supports, list) or not texts:
            return
        for support in supports:
            seg = support.get("segment") if isinstance(support, dict) else None
            if not isinstance(seg, dict):
                continue
            at = seg.get("partIndex", 0)
            part = parts[at] if isinstance(at, int) and 0 <= at < len(parts) else None
            if not isinstance(part, ir.Text):
                part = texts[0]
            start, end = seg.get("startIndex", 0), seg.get("endIndex")
            start = byte_to_char(part.text, start) if isinstance(start, int) else 0
            end = byte_to_char(part.text, end) if isinstance(end, int) else len(part.text)
            for k in support.get("groundingChunkIndices") or ():
                chunk = chunks[k] if isinstance(k, int) and 0 <= k < len(chunks) else None
                source = next((v for v in chunk.values() if isinstance(v, dict)), None) \
                    if isinstance(chunk, dict) else None   # web, retrievedContext, maps
                if source is None or not isinstance(source.get("uri"), str):
                    continue
                cited: dict[str, Any] = {"type": "url_citation", "url": source["uri"]}
                if isinstance(source.get("title"), str):
                    cited["title"] = source["title"]
                cited.update(start_index=start, end_index=end, grounding=True)
                part.citations = [*(part.citations or []), cited]

    # -- writing ---------------------------------------------------------------------------

    def write_response(self, resp: ir.Response, ctx: Context) -> dict[str, Any]:
        same = self.carries(resp.source)
        exact = resp.source == self.id
        hints = (resp.hints or {}) if same else {}
        st = _Write(ir.Request(source=resp.source), ctx, exact, same)
        out: dict[str, Any] = {}
        if hints.get("candidates") != "absent" or any(
                not (c.hints and c.hints.get("blocked")) for c in resp.choices):
            out["candidates"] = [self.write_candidate(c, resp, st) for c in resp.choices
                                 if not (same and c.hints and c.hints.get("blocked"))]
        if resp.usage is not None:
            u = gemini_out(resp.usage)
            if resp.usage.cache_write_tokens:
                ctx.approximated("$.usage", f"{resp.usage.cache_write_tokens} cache-write "
                                            "tokens counted in promptTokenCount (Gemini has "
                                            "no count of its own for them)")
            if same and resp.usage.extras:
                for key, value in resp.usage.extras.items():
                    u.setdefault(key, ctx.copy(value))
            out["usageMetadata"] = u
        if resp.model is not None or ctx.model is not None:
            out["modelVersion"] = resp.model or ctx.model
        self.write_created(resp, hints, exact, out)
        if resp.id is not None:
            out["responseId"] = resp.id
        if resp.extras:
            self.put_response_extras(out, resp.extras, resp.source, "$", ctx)
        if exact and hints.get("snake"):
            out = to_snake(out, RESPONSE_TREE, frozenset(hints["snake"]))
        return out

    def write_created(self, resp: ir.Response, hints: dict[str, Any], exact: bool,
                      out: dict[str, Any]) -> None:
        """``createTime`` on Vertex (and back on whatever body had it, same format)."""
        text = hints.get("createTime")
        if text is not None and (exact or parse_time(text) == resp.created):
            if exact or self.CREATE_TIME:
                out["createTime"] = text
        elif self.CREATE_TIME and resp.created is not None:
            out["createTime"] = format_time(resp.created)

    def put_response_extras(self, out: dict[str, Any], extras: dict[str, Any], source: str,
                            path: str, ctx: Context) -> None:
        if self.carries(source) and source != self.id:
            gone = [k for k in extras if k in self.FOREIGN_RESPONSE]
            for key in gone:
                ctx.dropped(f"{path}.{key}", f"{key!r} is only returned by {source}")
            extras = {k: v for k, v in extras.items() if k not in gone}
        if self.carries(source):
            put_dotted(out, extras, ctx)
            return
        for key, value in extras.items():
            if value is None or (isinstance(value, dict) and not _leaves(value)):
                continue   # null values say nothing (OpenAI's "refusal": null...)
            if key == "logprobs" and isinstance(value, dict) and "content" in value:
                continue   # OpenAI's logprobs object: its tokens crossed as logprobs
            ctx.dropped(f"{path}.{key}", f"{key!r} is specific to {source}; {self.id} has no "
                                         "equivalent")

    def write_candidate(self, choice: ir.Choice, resp: ir.Response, st: _Write
                        ) -> dict[str, Any]:
        ctx, same = st.ctx, st.family
        hints = (choice.hints or {}) if same else {}
        parts = self.response_parts(choice.parts, hints, resp, st)
        cand: dict[str, Any] = {}
        if hints.get("content") != "absent":
            content: dict[str, Any] = {}
            role = hints.get("role", "model")
            if role is not None and self.ROLE_FIRST:
                content["role"] = role
            if parts or hints.get("parts") != "absent":
                content["parts"] = parts
            if role is not None and not self.ROLE_FIRST:
                content["role"] = role
            cand["content"] = content
        native = choice.native_finish if same else None
        if native is None and (choice.finish is not None or not same):
            native, exact = finish.to_native(self.FINISH_FAMILY, choice.finish or "stop")
            if not exact:
                ctx.approximated(choice.path, f"finish reason {choice.finish!r} sent as "
                                              f"{native!r}")
        if native is not None:
            cand["finishReason"] = native
        citations = self.write_citations(choice, hints, resp, st)
        if citations is not None:
            cand["citationMetadata"] = citations
        if "logprobsResult" in hints:
            cand["logprobsResult"] = ctx.copy(hints["logprobsResult"])
        elif choice.logprobs:
            cand["logprobsResult"] = logprobs_out(choice.logprobs)
        if hints.get("index") != "absent" and (choice.index or self.INDEX_ZERO or same):
            cand["index"] = choice.index
        if choice.extras:
            self.put_response_extras(cand, choice.extras, resp.source, choice.path or "$",
                                     ctx)
        return cand

    def response_parts(self, parts: list[ir.AnyPart], hints: dict[str, Any],
                       resp: ir.Response, st: _Write) -> list[dict[str, Any]]:
        ctx, same = st.ctx, st.family
        bare = hints.get("bare", ()) if st.exact else ()
        out: list[dict[str, Any]] = []
        held: ir.Reasoning | None = None   # a call's signature, detached by a stream
        joined: dict[str, Any] | None = None   # the plain text part text may join
        for j, part in enumerate(parts):
            w: dict[str, Any] | None
            t = type(part)
            if t is ir.Text:
                assert isinstance(part, ir.Text)
                if joined is not None and part.signature is None and part.extras is None:
                    # One text part, as Gemini answers (and as a stream reads back: parts
                    # that have no Gemini form between two texts leave nothing between).
                    joined["text"] += part.text
                    continue
                w = {"text": part.text}
                self.finish_part(part, w, st)
                if not same and set(w) == {"text"}:
                    out.append(w)
                    joined = w
                    continue
            elif t is ir.ToolCall:
                assert isinstance(part, ir.ToolCall)
                w = self.response_call(part, held, st)
                held = None
            elif t is ir.Reasoning:
                assert isinstance(part, ir.Reasoning)
                nxt = parts[j + 1] if j + 1 < len(parts) else None
                if self.detached(part) and isinstance(nxt, ir.ToolCall) and \
                        nxt.signature is None:
                    held = part   # Gemini puts a call's signature on the call itself
                    continue
                w = self.response_reasoning(part, st)
                if w is not None and j in bare:
                    del w["text"]
            elif t is ir.Refusal:
                assert isinstance(part, ir.Refusal)
                ctx.approximated(part.path, "refusal sent as text (the finish reason tells a "
                                            "refusal)")
                w = {"text": part.text}
            elif t is ir.Opaque:
                assert isinstance(part, ir.Opaque)
                w = self.response_opaque(part, st)
            else:
                w = self.write_media(part, st)
                if w is not None:
                    self.finish_part(part, w, st)
            if w is not None:
                out.append(w)
                joined = None
        return out

    def detached(self, part: ir.Reasoning) -> bool:
        """A signature alone that a stream carried in a block of its own (interlingua's
        stream readers put a call's signature just before the call): Gemini bodies put it
        on the call. (A body's own empty signature part reads as redacted.)"""
        return part.signature is not None and part.text is None and part.data is None \
            and not part.summary and not part.redacted and self.signs(part)

    def response_call(self, call: ir.ToolCall, held: ir.Reasoning | None, st: _Write
                      ) -> dict[str, Any]:
        fc: dict[str, Any] = {}
        if call.id is not None and not (st.family and is_synthetic(call.id)):
            fc["id"] = call.id
        fc["name"] = call.name
        fc["args"] = st.ctx.copy(call.input) if isinstance(call.input, dict) else \
            arguments_object(call, st.ctx)
        out: dict[str, Any] = {"functionCall": fc}
        if held is not None and call.signature is None:
            out["thoughtSignature"] = held.signature
        self.finish_part(call, out, st)
        return out

    def response_reasoning(self, part: ir.Reasoning, st: _Write) -> dict[str, Any] | None:
        """Gemini's own thoughts as thought parts; another vendor's readable reasoning as
        thought text too (what a Gemini client shows), its opaque state reported."""
        ctx = st.ctx
        origin = part.origin.format if part.origin is not None else st.req.source
        if self.carries(origin):
            if part.text is not None:
                w = {"text": part.text, "thought": True}
            elif part.signature is not None and part.data is None and self.signs(part):
                w = {"text": ""}   # a signature alone, on an empty part as Gemini sends it
            else:
                if part.signature is not None or part.data is not None:
                    ctx.dropped(part.path, f"reasoning state from {origin} cannot be "
                                           f"replayed to {self.id}")
                return None
            self.finish_part(part, w, st)
            return w
        text = part.text if part.text is not None else "\n\n".join(part.summary or ())
        if part.signature is not None or part.data is not None:
            ctx.dropped(part.path, f"reasoning state (signature or encrypted content) from "
                                   f"{origin} has no {self.id} form; Gemini clients can only "
                                   "send back thought signatures Gemini minted")
        return {"text": text, "thought": True} if text else None

    def response_opaque(self, part: ir.Opaque, st: _Write) -> dict[str, Any] | None:
        origin = part.origin.format if part.origin is not None else None
        if not self.carries(origin):
            st.ctx.dropped(part.path, f"{_kind(part)} has no {self.id} form")
            return None
        foreign = self.FOREIGN_FIELDS.get("part", frozenset())
        if origin != self.id and any(k in part.value for k in foreign):
            st.ctx.dropped(part.path, f"{_kind(part)} parts are only returned by {origin}")
            return None
        w = dict(st.ctx.copy(part.value))
        self.finish_part(part, w, st)
        return w

    def write_citations(self, choice: ir.Choice, hints: dict[str, Any], resp: ir.Response,
                        st: _Write) -> dict[str, Any] | None:
        ctx = st.ctx
        raw = hints.get("citationMetadata")
        if raw is not None:
            items = raw.get("citationSources", raw.get("citations"))
            rest = {k: v for k, v in raw.items() if k not in ("citationSources", "citations")}
            return {**ctx.copy(rest), self.CITATIONS_KEY: ctx.copy(items)} \
                if items is not None else ctx.copy(raw)
        found: list[dict[str, Any]] = []
        at = 0      # the byte offset of the text part in the candidate's text
        for part in choice.parts:
            if not isinstance(part, ir.Text):
                continue
            for c in part.citations or ():
                g = self.citation_out(c, part, at, st)
                if g is not None:
                    found.append(g)
            at += len(part.text) if part.text.isascii() else len(part.text.encode())
        return {self.CITATIONS_KEY: found} if found else None

    def citation_out(self, c: Any, part: ir.Text, at: int, st: _Write
                     ) -> dict[str, Any] | None:
        """Another format's url citation as a Gemini citation (byte offsets over the
        candidate's text); others are reported."""
        if not isinstance(c, dict):
            return None
        if st.family and c.get("grounding"):
            return None   # the candidate's groundingMetadata extra carries it
        if st.family and isinstance(c.get("gemini"), dict):
            return st.ctx.copy(c["gemini"])  # type: ignore[no-any-return]
        nested: dict[str, Any] = c["url_citation"] if isinstance(c.get("url_citation"), dict) \
            else c
        url = nested.get("url")
        if not isinstance(url, str):
            st.ctx.dropped(part.path, f"citation of kind {c.get('type')!r} has no "
                                      f"{self.id} form")
            return None
        start, end = nested.get("start_index"), nested.get("end_index")
        if not (isinstance(start, int) and isinstance(end, int)):
            start, end = 0, len(part.text)
        out: dict[str, Any] = {"startIndex": at + char_to_byte(part.text, start),
                               "endIndex": at + char_to_byte(part.text, end), "uri": url}
        if isinstance(nested.get("title"), str) and nested["title"]:
            out["title"] = nested["title"]
        return out

    # -- errors ----------------------------------------------------------------------------

    def read_error(self, body: Any, status: int | None, ctx: Context) -> ir.Error:
        if isinstance(body, list) and len(body) == 1:   # the JSON-array stream's error
            body = body[0]
        err = body.get("error") if isinstance(body, dict) else None
        if not isinstance(err, dict):
            text = body if isinstance(body, str) else dumps(body)
            return ir.Error(kind=apierrors.kind_of(self.ERROR_FAMILY, None, status),
                            message=text, status=status)
        return error_in(self.id, err, status)

    def write_error(self, error: ir.Error, ctx: Context) -> tuple[int, dict[str, Any]]:
        return error_out(error, self.carries(ctx.source))


def _leaves(value: Any) -> bool:
    """Whether a JSON value holds anything but nulls."""
    if isinstance(value, dict):
        return any(_leaves(v) for v in value.values())
    return value is not None


def _kind(part: ir.Opaque) -> str:
    value = part.value
    key = value.get("type") if isinstance(value.get("type"), str) else next(iter(value), None)
    return f"{key!r} content"

