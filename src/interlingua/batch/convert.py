"""The streaming batch converter: one line in, one line out, nothing else held in memory.

A conversion is an iterator of ``BatchLine`` (the converted lines, encoded) with a
``report`` that fills in as it goes. Memory stays flat whatever the size of the input: one
line (or one item of a JSON document input) is decoded, converted, encoded and handed on at
a time. What grows with the number of lines is only the set of ids seen (to report
duplicates, about 100 bytes per line) and the per-id records of lines that lost something.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from typing import Any, Literal

import msgspec

from .. import registry
from ..api import _options, convert_error, translate_request, translate_response
from ..context import Options, Renames
from ..errors import (
    ConversionError,
    InterlinguaError,
    InvalidPayloadError,
    UnknownFormatError,
)
from ..loss import Loss, LossWarning, OnLoss, check_on_loss
from ..names import fit
from .formats import (
    CANCELED,
    ERRORED,
    EXPIRED,
    OPENAI_URLS,
    SUCCEEDED,
    BatchFormat,
    Group,
    LineError,
    RequestItem,
    ResultItem,
    endpoint_url,
    get_batch_format,
    normalize_url,
)
from .jsonstream import Blocks, DocumentError, iter_document_items, iter_lines, sniff
from .limits import UNLIMITED, BatchLimits, vendor_limits
from .report import BadLine, BatchReport, Duplicate

OnError = Literal["skip", "keep", "raise"]
ON_ERROR_VALUES: tuple[str, ...] = ("skip", "keep", "raise")
_ACTIONS = {"skip": "skipped", "keep": "kept", "raise": "raised"}

_decode = msgspec.json.Decoder().decode
_encode = msgspec.json.Encoder().encode


class BatchLine(msgspec.Struct, gc=False):
    """One converted line.

    Attributes:
        data: the line as compact JSON (UTF-8, no line ending).
        id: the id as written (``custom_id``, ``key``, or the Vertex id label).
        line: the input line (or document item) it came from, 1-based.
        group: what the line's file must share with its other lines for the target (model,
            OpenAI endpoint); None for a bad line kept as it was (it joins any file).
        kept: a bad line copied unchanged (``on_error="keep"``).
    """

    data: bytes
    id: str | None
    line: int
    group: Group | None = ()
    kept: bool = False


class BatchLineError(InterlinguaError):
    """A bad line under ``on_error="raise"``; ``bad`` says which and why."""

    def __init__(self, bad: BadLine) -> None:
        self.bad = bad
        where = f" ({bad.id})" if bad.id is not None else ""
        at = f" at {bad.path}" if bad.path else ""
        super().__init__(f"line {bad.line}{where}: {bad.kind}{at}: {bad.message}")


def _prefix(path: str, base: str) -> str:
    """A body-relative JSON path made relative to the line."""
    if base == "$":
        return path
    return base + path[1:] if path.startswith("$") else f"{base}.{path}"


def _rebase(losses: list[Loss], base: str) -> list[Loss]:
    if base == "$":
        return losses
    return [msgspec.structs.replace(x, path=_prefix(x.path, base)) for x in losses]


def _changed(renames: Renames) -> Renames | None:
    """Only the identifiers actually rewritten (the tables also hold unchanged ones)."""
    if not renames.tool_names and not renames.call_ids:
        return None
    tools = {k: v for k, v in renames.tool_names.items() if k != v}
    calls = {k: v for k, v in renames.call_ids.items() if k != v}
    return Renames(tool_names=tools, call_ids=calls) if tools or calls else None


def _load_manifest(manifest: Mapping[str, Any] | str | os.PathLike[str] | None) -> Mapping[str, Any]:
    if manifest is None:
        return {}
    if isinstance(manifest, (str, os.PathLike)):
        with open(manifest, "rb") as fh:
            value = msgspec.json.decode(fh.read())
        if not isinstance(value, dict):
            raise ValueError(f"{manifest}: not a batch manifest (expected a JSON object)")
        return value
    return manifest


class BatchConversion:
    """A batch conversion in progress: iterate it for the converted lines; ``report`` is
    complete once the iteration is over. Built by :func:`convert_batch` and
    :func:`convert_batch_results`."""

    def __init__(self, lines: Iterable[bytes | str], source: str, target: str, *,
                 kind: str, model: str | None, on_loss: OnLoss, on_error: OnError,
                 endpoint: str | None, layout: str, options: Options,
                 manifest: Mapping[str, Any] | str | os.PathLike[str] | None, keep_losses: bool,
                 rejects: Callable[[int, bytes], None] | None,
                 layout_options: Mapping[str, Any] | None) -> None:
        self.src: BatchFormat = get_batch_format(source)
        self.dst: BatchFormat = get_batch_format(target)
        self.kind = kind
        self.model = model
        self.on_loss = check_on_loss(on_loss)
        if on_error not in ON_ERROR_VALUES:
            raise ValueError(f"on_error must be one of {ON_ERROR_VALUES}, not {on_error!r}")
        self.on_error = on_error
        if layout not in self.dst.layouts:
            raise ValueError(f"{self.dst.id} has no layout {layout!r}; it has "
                             f"{', '.join(self.dst.layouts)}")
        self.layout = layout if kind == "requests" else "jsonl"
        self.layout_options = dict(layout_options or {})
        self.options = options
        self.rejects = rejects
        if endpoint is not None and self.dst.id != "openai.batch":
            raise ValueError(f"endpoint picks the OpenAI endpoint of openai.batch output; "
                             f"the target is {self.dst.id}")
        self.endpoint = endpoint_url(endpoint) if endpoint is not None else None
        self.lines_source = lines
        self.report = BatchReport(self.src.id, self.dst.id, kind, keep_losses=keep_losses)
        self._seen: dict[str, int] = {}
        #: ids whose (earliest) line was left out: a later line may take the id
        self._dropped: set[str] = set()
        self._renamed_out: set[str] = set()
        manifest_data = _load_manifest(manifest)
        ids = manifest_data.get("ids") or {}
        self._id_back = {new: old for old, new in (ids.get("renamed") or {}).items()}
        self._renames = {id: msgspec.convert(value, Renames)
                         for id, value in (manifest_data.get("renames") or {}).items()}
        endpoints = manifest_data.get("endpoints") or {}
        self._urls: dict[str, str] = dict(endpoints.get("by_id") or {})
        self._default_url: str | None = endpoints.get("default")
        self._check_formats()
        self._gen = self._run()

    # -- setup -------------------------------------------------------------------------------

    def _check_formats(self) -> None:
        src, dst = self.src, self.dst
        if self.kind == "requests":
            checks = [(src.request_format, f"reading {src.id}"),
                      (dst.request_format, f"writing {dst.id}")]
            if self.endpoint is not None:
                checks.append((OPENAI_URLS.get(self.endpoint), f"writing {dst.id}"))
        else:
            checks = [(src.response_format, f"reading {src.id} results"),
                      (dst.response_format, f"writing {dst.id} results"),
                      (src.error_format, f"reading {src.id} results"),
                      (dst.error_format, f"writing {dst.id} results")]
        for fmt, why in checks:
            if fmt is not None and fmt not in registry.formats():
                raise BatchFormatUnavailable(fmt, why)
        if (self.kind == "requests" and src.model_in_job and not dst.model_in_job
                and self.model is None):
            raise ValueError(f"{src.id} lines carry no model (the batch job names it) and "
                             f"{dst.id} needs one on every request: pass model=")

    @property
    def limits(self) -> BatchLimits:
        """The vendor's limits for one output file (none for results)."""
        if self.kind != "requests":
            return UNLIMITED
        return vendor_limits(self.dst.id, self.layout)

    def envelope(self, group: Group) -> tuple[bytes, bytes, bytes] | None:
        """(prefix, separator, suffix) of each output file in a document layout; None for
        JSONL (one line each, ``\\n`` after every line)."""
        if self.kind != "requests":
            return None
        return self.dst.envelope(self.layout, group, self.layout_options)

    @property
    def one_group_per_file(self) -> bool:
        return self.kind == "requests" and self.dst.one_model_per_file

    # -- iteration ---------------------------------------------------------------------------

    def __iter__(self) -> BatchConversion:
        return self

    def __next__(self) -> BatchLine:
        return next(self._gen)

    def _run(self) -> Iterator[BatchLine]:
        it = iter(self.lines_source)
        first, key, seen = sniff(it)
        chunks = chain(seen, it)
        convert = self._request if self.kind == "requests" else self._result
        doc_keys = (self.src.request_document_keys if self.kind == "requests"
                    else self.src.result_document_keys)
        want = self.src.request_items if self.kind == "requests" else self.src.result_items
        document = (first == b"{" and key in doc_keys) or (first == b"[" and want(()))
        report = self.report
        if document:
            count = 0
            try:
                for n, raw in iter_document_items(chunks, want):
                    count += 1
                    report.read += 1
                    if raw is None:
                        out = self._bad(n, b"", "truncated",
                                        "the document ends inside this item")
                    else:
                        out = convert(raw, n)
                    if out is not None:
                        yield out
            except DocumentError as exc:
                if count == 0:
                    raise InvalidPayloadError("$", str(exc), format=self.src.id) from None
                report.notes.append(f"the document around the items is malformed after "
                                    f"item {count}: {exc}")
        else:
            n = 0
            for raw in iter_lines(chunks, blocks=isinstance(self.lines_source, Blocks)):
                n += 1
                if not raw.strip():
                    report.blank += 1
                    continue
                report.read += 1
                out = convert(raw, n)
                if out is not None:
                    yield out
        if self.on_loss == "warn" and report.loss_count:
            warnings.warn(f"{report.loss_count} loss(es) in {report.lines_with_losses} of "
                          f"{report.read} {self.kind} ({self.src.id} -> {self.dst.id}); "
                          f"see the report", LossWarning, stacklevel=2)

    # -- bad lines ---------------------------------------------------------------------------

    def _bad(self, n: int, raw: bytes, kind: str, message: str, id: str | None = None,
             path: str | None = None) -> BatchLine | None:
        bad = BadLine(line=n, id=id, kind=kind, message=message, path=path,
                      action=_ACTIONS[self.on_error])
        self.report.add_bad(bad)
        if self.rejects is not None:
            self.rejects(n, raw)
        if self.on_error == "raise":
            raise BatchLineError(bad)
        if self.on_error == "keep" and raw.strip():
            self.report.kept += 1
            return BatchLine(raw.strip(), id, n, None, True)
        self.report.skipped += 1
        if id is not None and kind != "duplicate_id" and self._seen.get(id) == n:
            self._dropped.add(id)
        return None

    def _decode(self, raw: bytes, n: int, id_key: str | None) -> dict[str, Any] | BatchLine | None:
        try:
            obj = _decode(raw)
        except msgspec.DecodeError as exc:
            return self._bad(n, raw, "json", f"not valid JSON: {exc}", _sniff_id(raw, id_key))
        if not isinstance(obj, dict):
            return self._bad(n, raw, "envelope", "the line is not a JSON object")
        return obj

    def _check_id(self, id: str | None, n: int, raw: bytes) -> tuple[str | None, BatchLine | None]:
        """The line's id (made from the line number where the format has none); a bad line
        result when it is missing or a duplicate."""
        if id is None:
            if not self.src.ids_optional:
                return None, self._bad(n, raw, "missing_id", f"the line has no "
                                       f"{_ID_KEYS.get(self.src.id, 'id')}")
            id = f"request-{n}"
            self.report.synthesized_ids += 1
        first = self._seen.get(id)
        if first is not None:
            self.report.add_duplicate(Duplicate(id=id, line=n, first_line=first))
            if id not in self._dropped:
                return None, self._bad(n, raw, "duplicate_id",
                                       f"id {id!r} was already used on line {first}", id)
            # the earlier line was left out: this one may have the id
            self._dropped.discard(id)
        self._seen[id] = n
        return id, None

    def _out_id(self, id: str) -> tuple[str, list[Loss]]:
        rules = self.dst.id_rules
        if rules is None:
            return id, []
        if rules.accepts(id) and id not in self._renamed_out:
            return id, []
        new = fit(id, rules)
        if new == id or new in self._seen or new in self._renamed_out:
            new = fit(id, rules, force_hash=True)
        self._renamed_out.add(new)
        self.report.renamed_ids[id] = new
        key = _ID_KEYS.get(self.dst.id, "id")
        return new, [Loss(path=f"$.{_ID_KEYS.get(self.src.id, 'id')}", kind="approximated",
                          reason=f"id {id!r} rewritten to {new!r} to fit {self.dst.id}'s "
                                 f"{key} rules", source=self.src.id, target=self.dst.id)]

    def _extras_losses(self, extras: Mapping[str, Any] | None) -> list[Loss]:
        if not extras:
            return []
        return [Loss(path=f"$.{key}", kind="dropped",
                     reason=f"{key!r} is specific to {self.src.id} lines; {self.dst.id} has no "
                            f"equivalent", source=self.src.id, target=self.dst.id)
                for key, value in extras.items() if value is not None]

    def _finish(self, n: int, raw: bytes, id: str, out_id: str, obj: dict[str, Any],
                losses: list[Loss], group: Group | None) -> BatchLine | None:
        report = self.report
        if losses:
            report.add_losses(id, losses)
            if self.on_loss == "raise":
                first = "; ".join(f"{x.path}: {x.reason}" for x in losses[:3])
                more = f" (and {len(losses) - 3} more)" if len(losses) > 3 else ""
                return self._bad(n, raw, "loss", f"{len(losses)} loss(es): {first}{more}", id)
        data = _encode(obj)
        report.written += 1
        return BatchLine(data, out_id, n, group)

    # -- requests ----------------------------------------------------------------------------

    def _request(self, raw: bytes, n: int) -> BatchLine | None:
        src = self.src
        obj = self._decode(raw, n, _ID_KEYS.get(src.id))
        if not isinstance(obj, dict):
            return obj
        try:
            item = src.read_request(obj)
        except LineError as exc:
            return self._bad(n, raw, exc.kind, exc.message, _safe_id(obj, src), exc.path)
        id, bad = self._check_id(item.id, n, raw)
        if id is None:
            return bad
        try:
            return self._convert_request(item, id, n, raw)
        except LineError as exc:
            return self._bad(n, raw, exc.kind, exc.message, id, exc.path)
        except InvalidPayloadError as exc:
            return self._bad(n, raw, "payload", exc.message, id,
                             _prefix(exc.path, src.body_path))
        except ConversionError as exc:
            return self._bad(n, raw, "conversion", exc.message, id,
                             _prefix(exc.path, src.body_path))
        except (UnknownFormatError, NotImplementedError) as exc:
            return self._bad(n, raw, "unsupported", str(exc), id)
        except BatchLineError:
            raise
        except Exception as exc:  # a converter bug must not stop the batch
            return self._bad(n, raw, "internal", f"{type(exc).__name__}: {exc} (a bug in "
                             f"interlingua: please report it)", id)

    def _convert_request(self, item: RequestItem, id: str, n: int, raw: bytes
                         ) -> BatchLine | None:
        src, dst, report = self.src, self.dst, self.report
        url: str | None = None
        if dst.id == "openai.batch":
            # the endpoint option; else the line's own url
            url = self.endpoint or (normalize_url(item.url) if item.url else None) \
                or "/v1/chat/completions"
        target_format = dst.target_format(url)
        model = self.model or item.model
        losses: list[Loss] = []
        if item.format is None or target_format is None:
            # a body interlingua does not convert (embeddings): only ever passed through
            if (item.format is None and url is not None and item.url is not None
                    and normalize_url(url) == normalize_url(item.url)):
                body = item.body
                if self.model is not None and "model" in body:
                    body = {**body, "model": self.model}
                written_model = body.get("model") if isinstance(body.get("model"), str) \
                    else None
            else:
                what = f"{normalize_url(item.url)} requests" if item.url else "these requests"
                where = f"{dst.id} ({normalize_url(url)})" if url else dst.id
                raise LineError("unsupported", f"{what} have no equivalent in {where}")
        else:
            result = translate_request(item.body, item.format, target_format, model=model,
                                       on_loss="ignore", options=self.options)
            body = result.body
            losses.extend(_rebase(result.losses, src.body_path))
            renamed = _changed(result.renames)
            if renamed is not None:
                report.renames[id] = renamed
            written_model = result.ir.model
        out_id, id_losses = self._out_id(id)
        losses.extend(id_losses)
        extras = item.extras
        if src.id != dst.id:
            losses.extend(self._extras_losses(extras))
            extras = None
        obj = dst.write_request(out_id, body, url=url, extras=extras, layout=self.layout)
        group = dst.group(written_model, url)
        line = self._finish(n, raw, id, out_id, obj, losses, group)
        if line is not None:
            if written_model:
                report.models[written_model] = report.models.get(written_model, 0) + 1
            if item.url is not None:
                norm = normalize_url(item.url)
                if report.endpoint is None:
                    report.endpoint = norm
                elif norm != report.endpoint:
                    report.endpoints[id] = norm
        return line

    # -- results -----------------------------------------------------------------------------

    def _result(self, raw: bytes, n: int) -> BatchLine | None:
        src = self.src
        obj = self._decode(raw, n, _ID_KEYS.get(src.id))
        if not isinstance(obj, dict):
            return obj
        try:
            item = src.read_result(obj)
        except LineError as exc:
            return self._bad(n, raw, exc.kind, exc.message, _safe_id(obj, src), exc.path)
        written_id = item.id
        id, bad = self._check_id(self._id_back.get(written_id, written_id)
                                 if written_id is not None else None, n, raw)
        if id is None:
            return bad
        self.report.outcomes[item.outcome] = self.report.outcomes.get(item.outcome, 0) + 1
        try:
            return self._convert_result(item, id, n, raw)
        except LineError as exc:
            return self._bad(n, raw, exc.kind, exc.message, id, exc.path)
        except InvalidPayloadError as exc:
            return self._bad(n, raw, "payload", exc.message, id,
                             _prefix(exc.path, src.result_body_path))
        except ConversionError as exc:
            return self._bad(n, raw, "conversion", exc.message, id,
                             _prefix(exc.path, src.result_body_path))
        except (UnknownFormatError, NotImplementedError) as exc:
            return self._bad(n, raw, "unsupported", str(exc), id)
        except BatchLineError:
            raise
        except Exception as exc:  # a converter bug must not stop the batch
            return self._bad(n, raw, "internal", f"{type(exc).__name__}: {exc} (a bug in "
                             f"interlingua: please report it)", id)

    def _url_for(self, id: str) -> str | None:
        return self.endpoint or self._urls.get(id) or self._default_url

    def _convert_result(self, item: ResultItem, id: str, n: int, raw: bytes
                        ) -> BatchLine | None:
        src, dst = self.src, self.dst
        same = src.id == dst.id
        losses: list[Loss] = []
        out = ResultItem(id=id, outcome=item.outcome,
                         line_id=item.line_id if same else None,
                         request_id=item.request_id)
        if item.outcome == SUCCEEDED:
            url = self._url_for(id)
            target_format = dst.response_format_for(url)
            if item.format is None or target_format is None:
                # a body interlingua does not convert (embeddings): passed through to OpenAI
                if item.format is not None or dst.id != "openai.batch":
                    raise LineError("unsupported", f"this {src.id} result has no equivalent "
                                    f"in {dst.id}")
                out.body = item.body
            else:
                result = translate_response(item.body or {}, item.format, target_format,
                                            renames=self._renames.get(id), on_loss="ignore",
                                            options=self.options)
                out.body = result.body
                losses.extend(_rebase(result.losses, src.result_body_path))
            out.status = item.status if same else None
        elif item.outcome == ERRORED:
            status, body = convert_error(item.error, src.error_format, dst.error_format,
                                         status=item.status, options=self.options)
            out.status, out.error = status, body
        elif item.outcome not in (CANCELED, EXPIRED):  # pragma: no cover - formats check
            raise LineError("envelope", f"unknown outcome {item.outcome!r}")
        out_id, id_losses = self._out_id(id)
        losses.extend(id_losses)
        notes: list[tuple[str, str]] = []
        obj = dst.write_result(out_id, out, notes=notes)
        losses.extend(Loss(path=path, kind="approximated", reason=reason, source=src.id,
                           target=dst.id) for path, reason in notes)
        if item.extras:
            if same:
                for key, value in item.extras.items():
                    obj.setdefault(key, value)
            else:
                losses.extend(self._extras_losses(item.extras))
        return self._finish(n, raw, id, out_id, obj, losses, ())


class BatchFormatUnavailable(UnknownFormatError):
    """A batch format whose request or response format is not registered (yet)."""

    def __init__(self, format_id: str, why: str) -> None:
        self.format_id = format_id
        ValueError.__init__(self, f"{why} needs the format {format_id!r}, which is not "
                                  f"registered; registered formats: "
                                  f"{', '.join(registry.formats())}")


_ID_KEYS = {"openai.batch": "custom_id", "anthropic.batch": "custom_id",
            "google.batch": "key", "vertex.batch": "id label"}


def _sniff_id(raw: bytes, key: str | None) -> str | None:
    """The id of a line that is not valid JSON, if it can be seen."""
    if key is None or key == "id label":
        return None
    import re
    match = re.search(rb'"' + key.encode() + rb'"\s*:\s*"((?:[^"\\]|\\.){0,256})"', raw)
    if match is None:
        return None
    try:
        value = _decode(b'"' + match.group(1) + b'"')
    except msgspec.DecodeError:
        return None
    return value if isinstance(value, str) else None


def _safe_id(obj: Mapping[str, Any], fmt: BatchFormat) -> str | None:
    key = _ID_KEYS.get(fmt.id)
    value = obj.get(key) if key else None
    if value is None and isinstance(obj.get("metadata"), dict):
        value = obj["metadata"].get("key")
    return value if isinstance(value, str) else None


def _conversion(lines: Iterable[bytes | str], source: str, target: str, kind: str, *,
                model: str | None, on_loss: OnLoss, on_error: OnError, endpoint: str | None,
                layout: str, options: Options | Mapping[str, Any] | None,
                option_kw: dict[str, Any], manifest: Mapping[str, Any] | str | os.PathLike[str] | None,
                keep_losses: bool, rejects: Callable[[int, bytes], None] | None,
                layout_options: Mapping[str, Any] | None) -> BatchConversion:
    return BatchConversion(lines, source, target, kind=kind, model=model, on_loss=on_loss,
                           on_error=on_error, endpoint=endpoint, layout=layout,
                           options=_options(options, option_kw), manifest=manifest,
                           keep_losses=keep_losses, rejects=rejects,
                           layout_options=layout_options)


def convert_batch(lines: Iterable[bytes | str], source: str, target: str, *,
                  model: str | None = None, on_loss: OnLoss = "warn",
                  on_error: OnError = "skip", endpoint: str | None = None,
                  layout: str = "jsonl", keep_losses: bool = True,
                  rejects: Callable[[int, bytes], None] | None = None,
                  layout_options: Mapping[str, Any] | None = None,
                  options: Options | Mapping[str, Any] | None = None, **option_kw: Any
                  ) -> BatchConversion:
    """Convert a batch input file, streaming: iterate the result for the converted lines.

    Args:
        lines: the input, as an iterable of lines or chunks (``bytes`` or ``str``): an open
            file, a generator. JSONL, or for ``anthropic.batch`` / ``google.batch`` a create
            body (``{"requests": [...]}``, ``{"batch": {...}}``), found by its first key and
            read item by item. Consumed lazily.
        source, target: batch format ids (``openai.batch``, ``anthropic.batch``,
            ``google.batch``, ``vertex.batch``; see :func:`batch_formats`).
        model: the target model for every request (Gemini and Vertex lines name none: required
            when converting them to a format that needs one).
        on_loss: "ignore"; "warn" (one ``LossWarning`` for the whole batch once it is
            converted); "raise" (a line that lost anything becomes a bad line, handled by
            ``on_error``). Losses are in ``report.losses`` whatever the policy.
        on_error: what to do with a bad line (not JSON, not the format's shape, malformed
            body, duplicate id...): "skip" it, "keep" it (copied unchanged), or "raise"
            ``BatchLineError``. Every bad line is reported with its line number and id.
        endpoint: for ``openai.batch`` output, the endpoint every request is written for
            (``/v1/chat/completions``, ``/v1/responses``, ``/v1/completions``, or a format id
            such as ``openai.responses``). Default: an OpenAI source line's own url, else
            ``/v1/chat/completions``.
        layout: "jsonl", or "create" for the vendor's batch-create body (Anthropic
            ``{"requests": [...]}``, Gemini ``{"batch": {... inline requests}}``).
        keep_losses: keep every loss per id in the report (the summary is always kept).
        rejects: called with (line number, raw line) for every bad line.
        layout_options: for ``layout="create"`` with ``google.batch``: ``display_name``.
        options: conversion options (:class:`interlingua.Options`), as for
            :func:`interlingua.convert_request`; keyword arguments are merged.

    Raises (at once, before any line is read): ``UnknownFormatError`` for an unknown batch
    format or one whose request format is not registered yet; ``ValueError`` for bad
    arguments (a Gemini/Vertex source without ``model=`` for a target that needs one).
    """
    return _conversion(lines, source, target, "requests", model=model, on_loss=on_loss,
                       on_error=on_error, endpoint=endpoint, layout=layout, options=options,
                       option_kw=option_kw, manifest=None, keep_losses=keep_losses,
                       rejects=rejects, layout_options=layout_options)


def convert_batch_results(lines: Iterable[bytes | str], source: str, target: str, *,
                          manifest: Mapping[str, Any] | str | os.PathLike[str] | None = None,
                          on_loss: OnLoss = "warn", on_error: OnError = "skip",
                          endpoint: str | None = None, keep_losses: bool = True,
                          rejects: Callable[[int, bytes], None] | None = None,
                          options: Options | Mapping[str, Any] | None = None,
                          **option_kw: Any) -> BatchConversion:
    """Convert a batch results file, streaming (see :func:`convert_batch`).

    Each succeeded result's response is converted with the response converter, each errored
    one with :func:`interlingua.convert_error`; canceled and expired results become the
    target's equivalent. Pass the ``manifest`` written when the requests were converted (a
    dict or its path): results are matched to their requests by id, ids rewritten for the
    target are restored, tool names the request writer rewrote are restored in the
    responses, and each OpenAI result gets the response format of its request's endpoint.
    ``endpoint`` overrides that endpoint for every ``openai.batch`` result.
    """
    return _conversion(lines, source, target, "results", model=None, on_loss=on_loss,
                       on_error=on_error, endpoint=endpoint, layout="jsonl", options=options,
                       option_kw=option_kw, manifest=manifest, keep_losses=keep_losses,
                       rejects=rejects, layout_options=None)


#: The response format of an OpenAI url (for documentation and the manifest).
def response_format_of_url(url: str) -> str | None:
    return OPENAI_URLS.get(normalize_url(url))
