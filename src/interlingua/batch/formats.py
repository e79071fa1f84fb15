"""The batch file formats: how each vendor wraps one request, and one result, in a line.

A batch format only knows its envelope (ids, urls, result states); the request and response
bodies inside are converted by the request and response converters of the format each body
is in (``openai.chat``, ``anthropic.messages``, ``google.gemini``...), resolved through the
registry at run time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

import msgspec

from .._json import dumps, loads
from ..names import IdRules, rules

Group = tuple[tuple[str, str], ...]

SUCCEEDED, ERRORED, CANCELED, EXPIRED = "succeeded", "errored", "canceled", "expired"
OUTCOMES = (SUCCEEDED, ERRORED, CANCELED, EXPIRED)


class LineError(Exception):
    """A line that cannot be read or written: reported as a bad line, never fatal."""

    def __init__(self, kind: str, message: str, path: str | None = None) -> None:
        self.kind = kind
        self.message = message
        self.path = path
        super().__init__(message)


class RequestItem(msgspec.Struct, kw_only=True, gc=False):
    """One request of a batch, unwrapped from its line.

    ``format`` is the request format of ``body`` (None: a body interlingua passes through
    unchanged, such as an OpenAI embeddings request); ``extras`` holds the line's keys the
    batch format does not model; ``model`` a model named on the line outside the body.
    """

    id: str | None
    body: dict[str, Any]
    format: str | None
    url: str | None = None
    extras: dict[str, Any] | None = None
    model: str | None = None


class ResultItem(msgspec.Struct, kw_only=True, gc=False):
    """One result of a batch, unwrapped from its line.

    ``outcome`` is succeeded, errored, canceled or expired. A succeeded result has the
    response ``body`` in response format ``format`` (None: passed through unchanged); an
    errored one has ``error``, an error body ``convert_error`` reads with the format's
    ``error_format``, and the HTTP ``status`` when the vendor gave one.
    """

    id: str | None
    outcome: str
    body: dict[str, Any] | None = None
    format: str | None = None
    error: Any = None
    status: int | None = None
    request_id: str | None = None
    line_id: str | None = None
    extras: dict[str, Any] | None = None


def _extras(obj: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any] | None:
    if obj.keys() <= known:  # the common case, in C
        return None
    return {k: v for k, v in obj.items() if k not in known}


def _id(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError("envelope", f"{key} must be a string", f"$.{key}")
    return value


def _body(obj: Mapping[str, Any], key: str) -> dict[str, Any]:
    body = obj.get(key)
    if not isinstance(body, dict):
        what = "missing" if body is None else "not a JSON object"
        raise LineError("envelope", f"{key} is {what}", f"$.{key}")
    return body


class BatchFormat:
    """A batch file format: reads and writes the envelope of request and result lines."""

    id: ClassVar[str]
    title: ClassVar[str] = ""
    #: The request format of every body (None: each line says, as OpenAI's ``url`` does).
    request_format: ClassVar[str | None] = None
    #: The response format of result bodies (None: each result says).
    response_format: ClassVar[str | None] = None
    #: The format whose error reader/writer handles this batch's error bodies.
    error_format: ClassVar[str]
    #: Where a request body sits in a line, and a result body: loss paths start there.
    body_path: ClassVar[str] = "$"
    result_body_path: ClassVar[str] = "$"
    #: Lines carry no model: the batch job names it (Gemini, Vertex).
    model_in_job: ClassVar[bool] = False
    #: Lines may carry no id; one is made from the line number when read.
    ids_optional: ClassVar[bool] = False
    #: What the vendor accepts as an id (None: any string).
    id_rules: ClassVar[IdRules | None] = None
    #: Output layouts: "jsonl", and "create" (the body of the vendor's batch-create call).
    layouts: ClassVar[tuple[str, ...]] = ("jsonl",)
    #: Every file holds requests for one model (and one endpoint): the writer splits by it.
    one_model_per_file: ClassVar[bool] = False
    #: The first key of a top-level object that marks a JSON document (not JSONL) input.
    request_document_keys: ClassVar[frozenset[str]] = frozenset()
    result_document_keys: ClassVar[frozenset[str]] = frozenset()

    # -- requests ------------------------------------------------------------------------

    def request_items(self, path: tuple[str, ...]) -> bool:
        """Whether the array at ``path`` of a document input holds the batch's requests."""
        return False

    def read_request(self, obj: dict[str, Any]) -> RequestItem:
        raise NotImplementedError

    def write_request(self, id: str, body: dict[str, Any], *, url: str | None,
                      extras: dict[str, Any] | None, layout: str) -> dict[str, Any]:
        raise NotImplementedError

    def target_format(self, url: str | None) -> str | None:
        """The request format a body written for ``url`` must be in."""
        return self.request_format

    def group(self, model: str | None, url: str | None) -> Group:
        if not self.one_model_per_file:
            return ()
        return (("model", model or ""),)

    def envelope(self, layout: str, group: Group, options: Mapping[str, Any]
                 ) -> tuple[bytes, bytes, bytes] | None:
        """(prefix, separator, suffix) of a document layout; None: JSONL."""
        return None

    # -- results -------------------------------------------------------------------------

    def result_items(self, path: tuple[str, ...]) -> bool:
        return False

    def read_result(self, obj: dict[str, Any]) -> ResultItem:
        raise NotImplementedError

    def write_result(self, id: str, item: ResultItem, *, notes: list[tuple[str, str]]
                     ) -> dict[str, Any]:
        """The result line for ``item`` (already converted: ``body`` in this format's
        response format, ``error`` an error body of ``error_format`` with its ``status``).
        Approximations are appended to ``notes`` as (path, reason)."""
        raise NotImplementedError

    def response_format_for(self, url: str | None) -> str | None:
        return self.response_format


# -- OpenAI ------------------------------------------------------------------------------------

#: Batch endpoints whose bodies interlingua converts, and their request formats.
OPENAI_URLS: dict[str, str] = {
    "/v1/chat/completions": "openai.chat",
    "/v1/responses": "openai.responses",
    "/v1/completions": "openai.completions",
}
#: Endpoints whose bodies only ever pass through unchanged (to openai.batch).
OPENAI_PASS_THROUGH = frozenset({"/v1/embeddings", "/v1/moderations"})
_URL_OF_FORMAT = {v: k for k, v in OPENAI_URLS.items()}
#: ``object`` of a response body -> its response format.
_OPENAI_OBJECTS = {"chat.completion": "openai.chat", "response": "openai.responses",
                   "text_completion": "openai.completions"}


def normalize_url(url: str) -> str:
    """``/chat/completions`` and ``/v1/chat/completions/`` name the same endpoint."""
    norm = _NORMALIZED.get(url)
    if norm is None:
        norm = url.strip().split("?", 1)[0].rstrip("/")
        if not norm.startswith("/v1/") and norm.startswith("/"):
            norm = "/v1" + norm
        if len(_NORMALIZED) < 256:
            _NORMALIZED[url] = norm
    return norm


_NORMALIZED: dict[str, str] = {}


def endpoint_url(endpoint: str) -> str:
    """The batch url for an ``endpoint`` option: a url, a format id or an alias."""
    if endpoint.startswith("/"):
        url = normalize_url(endpoint)
        if url in OPENAI_URLS or url in OPENAI_PASS_THROUGH:
            return url
        raise ValueError(f"unknown OpenAI batch endpoint {endpoint!r}; known: "
                         f"{', '.join([*OPENAI_URLS, *sorted(OPENAI_PASS_THROUGH)])}")
    from ..registry import resolve
    try:
        fmt = resolve(endpoint)
    except ValueError:
        fmt = endpoint
    found = _URL_OF_FORMAT.get(fmt)
    if found is None:
        raise ValueError(f"endpoint must be an OpenAI batch url or one of "
                         f"{', '.join(_URL_OF_FORMAT)}, not {endpoint!r}")
    return found


class OpenAIBatch(BatchFormat):
    """OpenAI Batch API: JSONL of ``{custom_id, method, url, body}``; results are
    ``{id, custom_id, response: {status_code, request_id, body}, error}`` lines."""

    id = "openai.batch"
    title = "OpenAI Batch API"
    error_format = "openai.chat"
    body_path = "$.body"
    result_body_path = "$.response.body"
    one_model_per_file = True
    _KNOWN = frozenset({"custom_id", "method", "url", "body"})
    _KNOWN_RESULT = frozenset({"id", "custom_id", "response", "error"})

    def read_request(self, obj: dict[str, Any]) -> RequestItem:
        method = obj.get("method", "POST")
        if method != "POST":
            raise LineError("envelope", f"method must be POST, not {method!r}", "$.method")
        url = obj.get("url")
        if not isinstance(url, str):
            raise LineError("envelope", "url is missing" if url is None else
                            "url must be a string", "$.url")
        norm = normalize_url(url)
        fmt = OPENAI_URLS.get(norm)
        if fmt is None and norm not in OPENAI_PASS_THROUGH:
            raise LineError("unsupported", f"url {url!r} is not a batch endpoint interlingua "
                            f"converts", "$.url")
        return RequestItem(id=_id(obj, "custom_id"), body=_body(obj, "body"), format=fmt,
                           url=url, extras=_extras(obj, self._KNOWN))

    def write_request(self, id: str, body: dict[str, Any], *, url: str | None,
                      extras: dict[str, Any] | None, layout: str) -> dict[str, Any]:
        line = {"custom_id": id, "method": "POST",
                "url": normalize_url(url or "/v1/chat/completions"), "body": body}
        if extras:
            line.update(extras)
        return line

    def target_format(self, url: str | None) -> str | None:
        return OPENAI_URLS.get(normalize_url(url)) if url else "openai.chat"

    def group(self, model: str | None, url: str | None) -> Group:
        return (("model", model or ""), ("endpoint", normalize_url(url or "")))

    def read_result(self, obj: dict[str, Any]) -> ResultItem:
        custom_id = _id(obj, "custom_id")
        line_id = obj.get("id") if isinstance(obj.get("id"), str) else None
        extras = _extras(obj, self._KNOWN_RESULT)
        response, error = obj.get("response"), obj.get("error")
        if isinstance(response, dict):
            status = response.get("status_code")
            if not isinstance(status, int):
                raise LineError("envelope", "response.status_code must be an integer",
                                "$.response.status_code")
            body = response.get("body")
            request_id = response.get("request_id")
            request_id = request_id if isinstance(request_id, str) else None
            if 200 <= status < 300:
                if not isinstance(body, dict):
                    raise LineError("envelope", "response.body is not a JSON object",
                                    "$.response.body")
                obj_type = body.get("object")
                return ResultItem(id=custom_id, outcome=SUCCEEDED, body=body,
                                  format=_OPENAI_OBJECTS.get(obj_type)
                                  if isinstance(obj_type, str) else None,
                                  status=status, request_id=request_id, line_id=line_id,
                                  extras=extras)
            return ResultItem(id=custom_id, outcome=ERRORED, error=body, status=status,
                              request_id=request_id, line_id=line_id, extras=extras)
        if isinstance(error, dict):
            code = error.get("code")
            message = error.get("message")
            if code == "batch_expired":
                return ResultItem(id=custom_id, outcome=EXPIRED, line_id=line_id,
                                  extras=extras)
            if code == "batch_cancelled":
                return ResultItem(id=custom_id, outcome=CANCELED, line_id=line_id,
                                  extras=extras)
            return ResultItem(id=custom_id, outcome=ERRORED, line_id=line_id, extras=extras,
                              status=408 if code == "request_timeout" else None,
                              error={"error": {"message": message if isinstance(message, str)
                                               else "", "type": None, "param": None,
                                               "code": code}})
        raise LineError("envelope", "neither response nor error is an object", "$")

    def write_result(self, id: str, item: ResultItem, *, notes: list[tuple[str, str]]
                     ) -> dict[str, Any]:
        line_id = item.line_id or _synthetic("batch_req_", id)
        if item.outcome == SUCCEEDED:
            return {"id": line_id, "custom_id": id,
                    "response": {"status_code": item.status or 200,
                                 "request_id": item.request_id, "body": item.body},
                    "error": None}
        if item.outcome == ERRORED:
            return {"id": line_id, "custom_id": id,
                    "response": {"status_code": item.status or 500,
                                 "request_id": item.request_id, "body": item.error},
                    "error": None}
        if item.outcome == CANCELED:
            error = {"code": "batch_cancelled",
                     "message": "This request was not executed because the batch was "
                                "cancelled."}
        else:
            error = {"code": "batch_expired",
                     "message": "This request could not be executed before the completion "
                                "window expired."}
        return {"id": line_id, "custom_id": id, "response": None, "error": error}

    def response_format_for(self, url: str | None) -> str | None:
        return OPENAI_URLS.get(normalize_url(url)) if url else "openai.chat"


def _synthetic(prefix: str, value: str) -> str:
    import hashlib
    return prefix + hashlib.sha1(value.encode()).hexdigest()[:24]


# -- Anthropic ---------------------------------------------------------------------------------

class AnthropicBatch(BatchFormat):
    """Anthropic Message Batches: ``{custom_id, params}`` requests (JSONL, or the create body
    ``{"requests": [...]}``); results ``{custom_id, result: {type, message | error}}``."""

    id = "anthropic.batch"
    title = "Anthropic Message Batches"
    request_format = "anthropic.messages"
    response_format = "anthropic.messages"
    error_format = "anthropic.messages"
    body_path = "$.params"
    result_body_path = "$.result.message"
    # custom_id: "String should have at most 64 characters" (anthropics/anthropic-sdk-python
    # #984); the API reference's pattern is ^[a-zA-Z0-9_-]{1,64}$.
    id_rules = rules("a-zA-Z0-9_-", 64)
    layouts = ("jsonl", "create")
    request_document_keys = frozenset({"requests"})
    _KNOWN = frozenset({"custom_id", "params"})
    _KNOWN_RESULT = frozenset({"custom_id", "result"})

    def request_items(self, path: tuple[str, ...]) -> bool:
        return path == ("requests",)

    def read_request(self, obj: dict[str, Any]) -> RequestItem:
        return RequestItem(id=_id(obj, "custom_id"), body=_body(obj, "params"),
                           format=self.request_format, extras=_extras(obj, self._KNOWN))

    def write_request(self, id: str, body: dict[str, Any], *, url: str | None,
                      extras: dict[str, Any] | None, layout: str) -> dict[str, Any]:
        line = {"custom_id": id, "params": body}
        if extras:
            line.update(extras)
        return line

    def envelope(self, layout: str, group: Group, options: Mapping[str, Any]
                 ) -> tuple[bytes, bytes, bytes] | None:
        if layout == "create":
            return b'{"requests":[', b",", b"]}"
        return None

    def read_result(self, obj: dict[str, Any]) -> ResultItem:
        custom_id = _id(obj, "custom_id")
        result = obj.get("result")
        if not isinstance(result, dict):
            raise LineError("envelope", "result is not a JSON object", "$.result")
        extras = _extras(obj, self._KNOWN_RESULT)
        kind = result.get("type")
        if kind == SUCCEEDED:
            message = result.get("message")
            if not isinstance(message, dict):
                raise LineError("envelope", "result.message is not a JSON object",
                                "$.result.message")
            return ResultItem(id=custom_id, outcome=SUCCEEDED, body=message,
                              format=self.response_format, extras=extras)
        if kind == ERRORED:
            error = result.get("error")
            request_id = error.get("request_id") if isinstance(error, dict) else None
            return ResultItem(id=custom_id, outcome=ERRORED, error=error, extras=extras,
                              request_id=request_id if isinstance(request_id, str) else None)
        if kind in (CANCELED, EXPIRED):
            return ResultItem(id=custom_id, outcome=str(kind), extras=extras)
        raise LineError("envelope", f"unknown result type {kind!r}", "$.result.type")

    def write_result(self, id: str, item: ResultItem, *, notes: list[tuple[str, str]]
                     ) -> dict[str, Any]:
        if item.outcome == SUCCEEDED:
            return {"custom_id": id, "result": {"type": SUCCEEDED, "message": item.body}}
        if item.outcome == ERRORED:
            error = item.error
            if isinstance(error, dict) and item.request_id and "request_id" not in error:
                error = {**error, "request_id": item.request_id}
            return {"custom_id": id, "result": {"type": ERRORED, "error": error}}
        return {"custom_id": id, "result": {"type": item.outcome}}


# -- Gemini API and Vertex AI --------------------------------------------------------------------

#: google.rpc.Code names and numbers (a batch status object carries the number).
GRPC_CODES = {"OK": 0, "CANCELLED": 1, "UNKNOWN": 2, "INVALID_ARGUMENT": 3,
              "DEADLINE_EXCEEDED": 4, "NOT_FOUND": 5, "ALREADY_EXISTS": 6,
              "PERMISSION_DENIED": 7, "RESOURCE_EXHAUSTED": 8, "FAILED_PRECONDITION": 9,
              "ABORTED": 10, "OUT_OF_RANGE": 11, "UNIMPLEMENTED": 12, "INTERNAL": 13,
              "UNAVAILABLE": 14, "DATA_LOSS": 15, "UNAUTHENTICATED": 16}
_GRPC_NAMES = {v: k for k, v in GRPC_CODES.items()}
#: The HTTP status Google APIs map each code to (google.rpc.Code documentation).
_GRPC_HTTP = {"CANCELLED": 499, "UNKNOWN": 500, "INVALID_ARGUMENT": 400,
              "DEADLINE_EXCEEDED": 504, "NOT_FOUND": 404, "ALREADY_EXISTS": 409,
              "PERMISSION_DENIED": 403, "RESOURCE_EXHAUSTED": 429,
              "FAILED_PRECONDITION": 400, "ABORTED": 409, "OUT_OF_RANGE": 400,
              "UNIMPLEMENTED": 501, "INTERNAL": 500, "UNAVAILABLE": 503, "DATA_LOSS": 500,
              "UNAUTHENTICATED": 401}
_HTTP_GRPC = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
              404: "NOT_FOUND", 409: "ABORTED", 429: "RESOURCE_EXHAUSTED", 499: "CANCELLED",
              500: "INTERNAL", 501: "UNIMPLEMENTED", 503: "UNAVAILABLE",
              504: "DEADLINE_EXCEEDED"}


def google_error_envelope(status_obj: Mapping[str, Any]) -> tuple[int | None, dict[str, Any]]:
    """A batch status object (google.rpc.Status: gRPC ``code``, ``message``, ``details``;
    or the REST error shape with an HTTP ``code`` and a ``status`` name) as the REST error
    body ``{"error": {"code", "message", "status"}}`` and its HTTP status."""
    code = status_obj.get("code")
    name = status_obj.get("status") if isinstance(status_obj.get("status"), str) else None
    http: int | None = None
    if isinstance(code, int) and not isinstance(code, bool):
        if code >= 100:
            http = code
            name = name or _HTTP_GRPC.get(code)
        else:
            name = name or _GRPC_NAMES.get(code)
    if http is None and name is not None:
        http = _GRPC_HTTP.get(name)
    error: dict[str, Any] = {"code": http, "message": str(status_obj.get("message") or ""),
                             "status": name}
    if status_obj.get("details"):
        error["details"] = status_obj["details"]
    return http, {"error": error}


def google_status_object(status: int | None, body: Any) -> dict[str, Any]:
    """A REST error body (as a Gemini error writer returns it) as a batch status object:
    google.rpc.Status with the gRPC code number."""
    err = body.get("error") if isinstance(body, dict) else None
    err = err if isinstance(err, dict) else {}
    name = err.get("status") if isinstance(err.get("status"), str) else None
    if name is None and status is not None:
        name = _HTTP_GRPC.get(status, "UNKNOWN" if status >= 500 else "INVALID_ARGUMENT")
    out: dict[str, Any] = {"code": GRPC_CODES.get(name or "UNKNOWN", 2),
                           "message": str(err.get("message") or "")}
    if err.get("details"):
        out["details"] = err["details"]
    return out


def _strip_model(model: Any) -> str | None:
    if not isinstance(model, str):
        return None
    return model.rsplit("/", 1)[-1] if model.startswith(("models/", "publishers/")) else model


class GoogleBatch(BatchFormat):
    """Gemini API Batch Mode: JSONL of ``{key, request}`` (or inline requests
    ``{request, metadata: {key}}`` in a ``batches.create`` body); results ``{key, response}``
    or ``{key, error}`` lines (or the inlined responses of a finished batch)."""

    id = "google.batch"
    title = "Gemini API Batch Mode"
    request_format = "google.gemini"
    response_format = "google.gemini"
    error_format = "google.gemini"
    body_path = "$.request"
    result_body_path = "$.response"
    model_in_job = True
    one_model_per_file = True
    layouts = ("jsonl", "create")
    request_document_keys = frozenset({"batch", "requests", "inputConfig", "input_config"})
    result_document_keys = frozenset({"name", "metadata", "response", "done", "dest",
                                      "output", "inlinedResponses", "inlined_responses"})
    _KNOWN = frozenset({"key", "request"})
    _KNOWN_RESULT = frozenset({"key", "response", "error", "status"})

    def request_items(self, path: tuple[str, ...]) -> bool:
        return path == () or (bool(path) and path[-1] == "requests")

    def read_request(self, obj: dict[str, Any]) -> RequestItem:
        metadata = obj.get("metadata")
        if "key" not in obj and isinstance(metadata, dict):  # an inline request
            key = _id(metadata, "key")
            rest = {k: v for k, v in metadata.items() if k != "key"}
            extras = _extras(obj, frozenset({"request", "metadata"})) or {}
            if rest:
                extras["metadata"] = rest
            body = _body(obj, "request")
            return RequestItem(id=key, body=body, format=self.request_format,
                               extras=extras or None, model=_strip_model(body.get("model")))
        body = _body(obj, "request")
        return RequestItem(id=_id(obj, "key"), body=body, format=self.request_format,
                           extras=_extras(obj, self._KNOWN),
                           model=_strip_model(body.get("model")))

    def write_request(self, id: str, body: dict[str, Any], *, url: str | None,
                      extras: dict[str, Any] | None, layout: str) -> dict[str, Any]:
        if layout == "create":
            extras = dict(extras or {})
            metadata = {"key": id, **(extras.pop("metadata", None) or {})}
            return {"request": body, "metadata": metadata, **extras}
        line = {"key": id, "request": body}
        if extras:
            line.update(extras)
        return line

    def envelope(self, layout: str, group: Group, options: Mapping[str, Any]
                 ) -> tuple[bytes, bytes, bytes] | None:
        if layout != "create":
            return None
        name = str(options.get("display_name") or "interlingua-batch")
        prefix = b'{"batch":{"display_name":' + dumps(name).encode() + \
            b',"input_config":{"requests":{"requests":['
        return prefix, b",", b"]}}}}"

    def result_items(self, path: tuple[str, ...]) -> bool:
        return bool(path) and path[-1] in ("inlinedResponses", "inlined_responses")

    def read_result(self, obj: dict[str, Any]) -> ResultItem:
        metadata = obj.get("metadata")
        if "key" not in obj and isinstance(metadata, dict):
            key = _id(metadata, "key")
        else:
            key = _id(obj, "key")
        extras = _extras(obj, self._KNOWN_RESULT | {"metadata"})
        response = obj.get("response")
        error = obj.get("error", obj.get("status"))
        if isinstance(error, dict) and error:
            code = error.get("code")
            if code == GRPC_CODES["CANCELLED"] or error.get("status") == "CANCELLED":
                return ResultItem(id=key, outcome=CANCELED, extras=extras)
            status, envelope = google_error_envelope(error)
            return ResultItem(id=key, outcome=ERRORED, error=envelope, status=status,
                              extras=extras)
        if isinstance(response, dict):
            return ResultItem(id=key, outcome=SUCCEEDED, body=response,
                              format=self.response_format, extras=extras)
        raise LineError("envelope", "neither response nor error is an object", "$")

    def write_result(self, id: str, item: ResultItem, *, notes: list[tuple[str, str]]
                     ) -> dict[str, Any]:
        if item.outcome == SUCCEEDED:
            return {"key": id, "response": item.body}
        return {"key": id, "error": _google_error(item, notes)}


def _google_error(item: ResultItem, notes: list[tuple[str, str]]) -> dict[str, Any]:
    if item.outcome == ERRORED:
        return google_status_object(item.status, item.error)
    if item.outcome == CANCELED:
        return {"code": GRPC_CODES["CANCELLED"],
                "message": "The request was canceled before it ran."}
    notes.append(("$.result", "Gemini batch results have no per-request expired state; "
                              "written as a DEADLINE_EXCEEDED status"))
    return {"code": GRPC_CODES["DEADLINE_EXCEEDED"],
            "message": "The batch expired before this request ran."}


#: The label that carries an id through a Vertex AI batch (its lines have no id field; the
#: output echoes each request, labels included).
ID_LABEL = "interlingua_id"
_ID_LABEL_B32 = ID_LABEL + "_b32"
_LABEL_VALUE = re.compile(r"[a-z0-9_-]{0,63}")


def id_labels(id: str) -> dict[str, str]:
    """Labels that carry ``id``: as is when it is a valid label value (lowercase letters,
    digits, ``_``, ``-``, at most 63), else lowercase base32 split over numbered labels."""
    if _LABEL_VALUE.fullmatch(id):
        return {ID_LABEL: id}
    import base64
    encoded = base64.b32encode(id.encode()).decode().rstrip("=").lower()
    chunks = [encoded[i:i + 63] for i in range(0, len(encoded), 63)] or [""]
    out = {_ID_LABEL_B32: chunks[0]}
    for n, chunk in enumerate(chunks[1:], start=1):
        out[f"{_ID_LABEL_B32}_{n}"] = chunk
    return out


def id_from_labels(labels: Any) -> str | None:
    if not isinstance(labels, dict):
        return None
    plain = labels.get(ID_LABEL)
    if isinstance(plain, str):
        return plain
    first = labels.get(_ID_LABEL_B32)
    if not isinstance(first, str):
        return None
    parts = [first]
    n = 1
    while isinstance(labels.get(f"{_ID_LABEL_B32}_{n}"), str):
        parts.append(labels[f"{_ID_LABEL_B32}_{n}"])
        n += 1
    encoded = "".join(parts).upper()
    import base64
    try:
        return base64.b32decode(encoded + "=" * (-len(encoded) % 8)).decode()
    except (ValueError, UnicodeDecodeError):
        return None


def _without_id_labels(body: dict[str, Any]) -> dict[str, Any]:
    labels = body.get("labels")
    if not isinstance(labels, dict) or not any(k.startswith(ID_LABEL) for k in labels):
        return body
    rest = {k: v for k, v in labels.items() if not k.startswith(ID_LABEL)}
    out = {k: v for k, v in body.items() if k != "labels"}
    if rest:
        out["labels"] = rest
    return out


class VertexBatch(BatchFormat):
    """Vertex AI batch inference for Gemini: JSONL of ``{request}``; results echo the request
    with ``response`` and ``status`` (empty, or the error). Lines have no id: interlingua
    carries ids in the request's ``labels`` (``interlingua_id``), which the output echoes."""

    id = "vertex.batch"
    title = "Vertex AI batch inference"
    request_format = "google.vertex"
    response_format = "google.vertex"
    error_format = "google.vertex"
    body_path = "$.request"
    result_body_path = "$.response"
    model_in_job = True
    ids_optional = True
    one_model_per_file = True
    _KNOWN = frozenset({"request"})
    _KNOWN_RESULT = frozenset({"request", "response", "status", "processed_time",
                               "processedTime"})

    def read_request(self, obj: dict[str, Any]) -> RequestItem:
        body = _body(obj, "request")
        return RequestItem(id=id_from_labels(body.get("labels")),
                           body=_without_id_labels(body), format=self.request_format,
                           extras=_extras(obj, self._KNOWN),
                           model=_strip_model(body.get("model")))

    def write_request(self, id: str, body: dict[str, Any], *, url: str | None,
                      extras: dict[str, Any] | None, layout: str) -> dict[str, Any]:
        labels = body.get("labels")
        merged = {**(labels if isinstance(labels, dict) else {}), **id_labels(id)}
        line = {"request": {**body, "labels": merged}}
        if extras:
            line.update(extras)
        return line

    def read_result(self, obj: dict[str, Any]) -> ResultItem:
        request = obj.get("request")
        key = id_from_labels(request.get("labels")) if isinstance(request, dict) else None
        extras = _extras(obj, self._KNOWN_RESULT)
        status = obj.get("status")
        response = obj.get("response")
        if isinstance(status, str) and status.strip():
            http, envelope = _vertex_status(status)
            return ResultItem(id=key, outcome=ERRORED, error=envelope, status=http,
                              extras=extras)
        if isinstance(status, dict) and status:
            http, envelope = google_error_envelope(status)
            return ResultItem(id=key, outcome=ERRORED, error=envelope, status=http,
                              extras=extras)
        if isinstance(response, dict):
            return ResultItem(id=key, outcome=SUCCEEDED, body=response,
                              format=self.response_format, extras=extras)
        raise LineError("envelope", "the line has neither a response nor an error status", "$")

    def write_result(self, id: str, item: ResultItem, *, notes: list[tuple[str, str]]
                     ) -> dict[str, Any]:
        request = {"labels": id_labels(id)}
        if item.outcome == SUCCEEDED:
            return {"status": "", "request": request, "response": item.body}
        status = _google_error(item, notes)
        name = _GRPC_NAMES.get(status["code"], "UNKNOWN")
        text = dumps({"error": {"code": _GRPC_HTTP.get(name, 500),
                                "message": status["message"], "status": name}})
        return {"status": text, "request": request}


def _vertex_status(text: str) -> tuple[int | None, Any]:
    """A Vertex error status: JSON text of a Google error (``{"error": {...}}`` or a
    status object), possibly after a prefix such as "Bad Request: "; else plain text."""
    start = text.find("{")
    if start >= 0:
        try:
            value = loads(text[start:])
        except (msgspec.DecodeError, ValueError):
            value = None
        if isinstance(value, dict):
            error = value.get("error")
            inner: dict[str, Any] = error if isinstance(error, dict) else value
            if "message" in inner or "code" in inner:
                return google_error_envelope(inner)
    return None, text


_FORMATS: dict[str, BatchFormat] = {f.id: f for f in (OpenAIBatch(), AnthropicBatch(),
                                                      GoogleBatch(), VertexBatch())}
_ALIASES = {"openai": "openai.batch", "anthropic": "anthropic.batch",
            "google": "google.batch", "gemini": "google.batch", "gemini.batch": "google.batch",
            "vertex": "vertex.batch", "google.vertex.batch": "vertex.batch"}


def batch_formats() -> list[str]:
    """The batch format ids."""
    return sorted(_FORMATS)


def get_batch_format(format_id: str) -> BatchFormat:
    fmt = _FORMATS.get(_ALIASES.get(format_id, format_id))
    if fmt is None:
        from ..errors import UnknownFormatError
        raise UnknownFormatError(format_id, batch_formats())
    return fmt
