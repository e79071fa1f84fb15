"""Error bodies and statuses between vendors."""

from __future__ import annotations

import pytest

import interlingua

ANTHROPIC_OVERLOADED = {"type": "error", "error": {"type": "overloaded_error",
                                                   "message": "Overloaded"},
                        "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"}
OPENAI_RATE = {"error": {"message": "Rate limit reached for gpt-4.1 in organization org-x on "
                                    "tokens per min (TPM): Limit 30000, Used 29000.",
                         "type": "tokens", "param": None, "code": "rate_limit_exceeded"}}
OPENAI_BAD = {"error": {"message": "Unsupported parameter: 'max_tokens' is not supported with "
                                   "this model. Use 'max_completion_tokens' instead.",
                        "type": "invalid_request_error", "param": "max_tokens",
                        "code": "unsupported_parameter"}}


def test_anthropic_overloaded_to_openai() -> None:
    status, body = interlingua.convert_error(ANTHROPIC_OVERLOADED, "anthropic.messages",
                                             "openai.chat", status=529)
    assert status == 503
    assert body == {"error": {"message": "Overloaded", "type": "server_error", "param": None,
                              "code": None}}


def test_openai_rate_limit_to_anthropic() -> None:
    status, body = interlingua.convert_error(OPENAI_RATE, "openai.chat", "anthropic.messages",
                                             status=429)
    assert status == 429
    assert body["type"] == "error" and body["error"]["type"] == "rate_limit_error"
    assert body["error"]["message"].startswith("Rate limit reached")


def test_invalid_request_keeps_param_and_code_same_format() -> None:
    status, body = interlingua.convert_error(OPENAI_BAD, "openai.chat", "openai.chat",
                                             status=400)
    assert (status, body) == (400, OPENAI_BAD)
    status, body = interlingua.convert_error(ANTHROPIC_OVERLOADED, "anthropic.messages",
                                             "anthropic.messages", status=529)
    assert (status, body) == (529, ANTHROPIC_OVERLOADED)


@pytest.mark.parametrize(("status", "kind"), [(400, "invalid_request_error"),
                                               (401, "authentication_error"),
                                               (403, "permission_error"),
                                               (404, "not_found_error"),
                                               (413, "request_too_large"),
                                               (429, "rate_limit_error"),
                                               (500, "api_error"), (504, "timeout_error"),
                                               (529, "overloaded_error")])
def test_non_json_bodies_use_the_status(status: int, kind: str) -> None:
    got, body = interlingua.convert_error("<html>Bad Gateway</html>", "openai.chat",
                                          "anthropic.messages", status=status)
    assert got == status
    assert body["error"]["type"] == kind
    assert body["error"]["message"] == "<html>Bad Gateway</html>"


def test_stream_error_event_crosses() -> None:
    events = [{"type": "message_start", "message": {"id": "msg_1", "type": "message",
                                                    "role": "assistant", "model": "m",
                                                    "content": [], "stop_reason": None,
                                                    "stop_sequence": None,
                                                    "usage": {"input_tokens": 5,
                                                              "output_tokens": 1}}},
              {"type": "error", "error": {"type": "overloaded_error",
                                          "message": "Overloaded"}}]
    out = list(interlingua.convert_stream(events, "anthropic.messages", "openai.chat",
                                          on_loss="ignore"))
    errors = [e for e in out if "error" in e]
    assert errors == [{"error": {"message": "Overloaded", "type": "server_error",
                                 "param": None, "code": None}}]


GEMINI_QUOTA = {"error": {
    "code": 429, "message": "You exceeded your current quota, please check your plan.",
    "status": "RESOURCE_EXHAUSTED", "details": [
        {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
         "violations": [{"quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "34.4s"}]}}


@pytest.mark.parametrize("target", ["openai.chat", "anthropic.messages", "openai.responses"])
def test_gemini_retry_info_becomes_a_retry_after_header(target: str) -> None:
    t = interlingua.translate_error(GEMINI_QUOTA, "google.gemini", target, status=429)
    assert t.status == 429
    assert t.headers == {"retry-after": "35"}       # rounded up: never retry too early
    assert t.error.kind == "rate_limit"
    # The quota detail has nowhere to go: reported at its path; the retry info is carried.
    assert [(x.path, x.kind) for x in t.losses] == [("$.error.details[0]", "dropped")]


@pytest.mark.parametrize(("headers", "delay"), [({"Retry-After": "12"}, "12s"),
                                                ({"retry-after-ms": "1500"}, "1.5s")])
def test_a_retry_after_header_becomes_gemini_retry_info(headers: dict[str, str],
                                                        delay: str) -> None:
    t = interlingua.translate_error(OPENAI_RATE, "openai.chat", "google.gemini", status=429,
                                    headers=headers)
    assert t.headers == {}
    assert t.body["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert t.body["error"]["details"] == [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay}]
    assert not t.losses


def test_gemini_error_between_surfaces_keeps_its_details() -> None:
    t = interlingua.translate_error(GEMINI_QUOTA, "google.gemini", "google.vertex", status=429)
    assert t.body == GEMINI_QUOTA and t.headers == {} and not t.losses
    assert interlingua.convert_error(GEMINI_QUOTA, "google.gemini", "openai.chat",
                                     status=429) == (t.status, interlingua.translate_error(
                                         GEMINI_QUOTA, "google.gemini", "openai.chat",
                                         status=429).body)
