"""The compatible APIs' own fields, on top of their base format's typed schemas.

Hand-written (the dialects have no SDK types). A dialect's JSON Schema is its base format's
schema, relaxed (compatible endpoints ignore keys they do not know, so unknown keys are not
flagged), with the fields below added at the top level of the request and inside the named
base definitions (``overlays``: kind -> base definition -> TypedDict of added keys).
``scripts/gen_schemas.py`` does the composition.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from typing_extensions import Required, TypedDict

__all__ = ["DIALECTS", "Dialect"]


class Dialect(NamedTuple):
    """How one dialect differs from its base format's wire schema."""

    base: str
    #: Top-level request keys the dialect adds.
    request: type
    #: kind ("request" | "response" | "event") -> base $defs name -> TypedDict of added keys.
    overlays: dict[str, dict[str, type]]
    #: Top-level request keys the base requires and the dialect does not (they travel in the
    #: URL on some hosts).
    optional: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


# -- shared pieces ---------------------------------------------------------------------------

class ReasoningContentMessage(TypedDict, total=False):
    """An assistant message (or response message / delta) carrying its reasoning as text."""

    reasoning_content: str | None


class ThinkingSwitch(TypedDict, total=False):
    type: Required[Literal["enabled", "disabled"]]


def _reasoning_content() -> dict[str, dict[str, type]]:
    return {"request": {"ChatCompletionAssistantMessageParam": ReasoningContentMessage},
            "response": {"ChatCompletionMessage": ReasoningContentMessage},
            "event": {"ChoiceDelta": ReasoningContentMessage}}


# -- OpenRouter ------------------------------------------------------------------------------

class OpenRouterReasoning(TypedDict, total=False):
    #: documented: xhigh, high, medium, low, minimal, none (kept open: OpenRouter maps
    #: efforts per provider).
    effort: str
    max_tokens: int
    exclude: bool
    enabled: bool


class OpenRouterReasoningDetail(TypedDict, total=False):
    type: Required[Literal["reasoning.summary", "reasoning.encrypted", "reasoning.text"]]
    id: str | None
    format: str | None
    index: int
    summary: str
    data: str
    text: str | None
    signature: str | None


class OpenRouterUsage(TypedDict, total=False):
    include: bool


class OpenRouterChatRequest(TypedDict, total=False):
    """https://openrouter.ai/docs/api-reference/overview, .../parameters"""

    reasoning: OpenRouterReasoning
    provider: dict[str, Any]
    models: list[str]
    route: Literal["fallback"]
    transforms: list[str]
    usage: OpenRouterUsage
    plugins: list[dict[str, Any]]
    top_k: int
    min_p: float
    top_a: float
    repetition_penalty: float
    prompt: str


class OpenRouterMessage(TypedDict, total=False):
    reasoning: str | None
    reasoning_details: list[OpenRouterReasoningDetail]


class CacheControlPart(TypedDict, total=False):
    """OpenRouter passes Anthropic/Gemini ``cache_control`` on text parts."""

    cache_control: dict[str, Any]


# -- vLLM ------------------------------------------------------------------------------------

class VLLMStreamOptions(TypedDict, total=False):
    continuous_usage_stats: bool


class VLLMChatRequest(TypedDict, total=False):
    """https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html (extra params)"""

    top_k: int
    min_p: float
    repetition_penalty: float
    length_penalty: float
    min_tokens: int
    use_beam_search: bool
    best_of: int
    ignore_eos: bool
    stop_token_ids: list[int]
    skip_special_tokens: bool
    spaces_between_special_tokens: bool
    include_stop_str_in_output: bool
    truncate_prompt_tokens: int
    echo: bool
    add_generation_prompt: bool
    continue_final_message: bool
    add_special_tokens: bool
    chat_template: str
    chat_template_kwargs: dict[str, Any]
    documents: list[dict[str, str]]
    mm_processor_kwargs: dict[str, Any]
    guided_json: str | dict[str, Any]
    guided_regex: str
    guided_choice: list[str]
    guided_grammar: str
    guided_decoding_backend: str
    guided_whitespace_pattern: str
    structured_outputs: dict[str, Any]
    priority: int
    request_id: str
    return_tokens_as_token_ids: bool
    cache_salt: str
    kv_transfer_params: dict[str, Any]
    vllm_xargs: dict[str, Any]


# -- xAI -------------------------------------------------------------------------------------

class XAIChatRequest(TypedDict, total=False):
    """https://docs.x.ai/docs/api-reference (chat completions)"""

    search_parameters: dict[str, Any]


# -- DeepSeek --------------------------------------------------------------------------------

class DeepSeekChatRequest(TypedDict, total=False):
    """https://api-docs.deepseek.com/guides/thinking_mode"""

    thinking: ThinkingSwitch


class DeepSeekAssistantMessage(TypedDict, total=False):
    """``prefix``: https://api-docs.deepseek.com/guides/chat_prefix_completion (beta)."""

    reasoning_content: str | None
    prefix: bool


# -- Zhipu GLM -------------------------------------------------------------------------------

class ZhipuThinking(TypedDict, total=False):
    type: Required[Literal["enabled", "disabled"]]
    clear_thinking: bool


class ZhipuChatRequest(TypedDict, total=False):
    """https://docs.bigmodel.cn/cn/guide/capabilities/thinking-mode"""

    thinking: ZhipuThinking
    do_sample: bool
    request_id: str
    tool_stream: bool
    user_id: str


# -- Moonshot Kimi ---------------------------------------------------------------------------

class MoonshotChatRequest(TypedDict, total=False):
    """https://platform.moonshot.ai/docs/guide/use-kimi-k2-thinking-model"""

    thinking: ThinkingSwitch


class MoonshotAssistantMessage(TypedDict, total=False):
    """``partial``: https://platform.moonshot.ai/docs/guide/use-partial-mode"""

    reasoning_content: str | None
    partial: bool


# -- MiniMax ---------------------------------------------------------------------------------

class MiniMaxChatRequest(TypedDict, total=False):
    """https://platform.minimax.io/docs/api-reference/text-openai-api"""

    reasoning_split: bool
    thinking: dict[str, Any]


class MiniMaxMessage(TypedDict, total=False):
    reasoning_details: list[dict[str, Any]]
    reasoning_content: str | None


# -- Gemini's OpenAI-compatible endpoint -----------------------------------------------------

class GoogleThinkingConfig(TypedDict, total=False):
    thinking_budget: int
    thinking_level: str
    include_thoughts: bool


class GoogleExtra(TypedDict, total=False):
    thinking_config: GoogleThinkingConfig
    cached_content: str
    thought_signature: str


class GoogleExtraBody(TypedDict, total=False):
    google: GoogleExtra


class GoogleOpenAIChatRequest(TypedDict, total=False):
    """https://ai.google.dev/gemini-api/docs/openai (extra_body.google)"""

    extra_body: GoogleExtraBody


class GoogleExtraContent(TypedDict, total=False):
    google: dict[str, Any]


class GoogleToolCall(TypedDict, total=False):
    """https://ai.google.dev/gemini-api/docs/thought-signatures (OpenAI compatibility)"""

    extra_content: GoogleExtraContent


# -- Claude on Vertex AI and Bedrock ---------------------------------------------------------

class VertexAnthropicRequest(TypedDict, total=False):
    """https://docs.cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude"""

    anthropic_version: Required[Literal["vertex-2023-10-16"]]


class BedrockAnthropicRequest(TypedDict, total=False):
    """https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html"""

    anthropic_version: Required[Literal["bedrock-2023-05-31"]]
    anthropic_beta: list[str]


DIALECTS: dict[str, Dialect] = {
    "openrouter.chat": Dialect(
        "openai.chat", OpenRouterChatRequest,
        {"request": {"ChatCompletionAssistantMessageParam": OpenRouterMessage,
                     "ChatCompletionContentPartTextParam": CacheControlPart},
         "response": {"ChatCompletionMessage": OpenRouterMessage},
         "event": {"ChoiceDelta": OpenRouterMessage}},
        sources=("https://openrouter.ai/docs/api-reference/overview",
                 "https://openrouter.ai/docs/use-cases/reasoning-tokens")),
    "vllm.chat": Dialect(
        "openai.chat", VLLMChatRequest,
        {**_reasoning_content(),
         "request": {"ChatCompletionAssistantMessageParam": ReasoningContentMessage,
                     "ChatCompletionStreamOptionsParam": VLLMStreamOptions}},
        sources=("https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html",)),
    "xai.chat": Dialect(
        "openai.chat", XAIChatRequest, _reasoning_content(),
        sources=("https://docs.x.ai/docs/api-reference",)),
    "deepseek.chat": Dialect(
        "openai.chat", DeepSeekChatRequest,
        {**_reasoning_content(),
         "request": {"ChatCompletionAssistantMessageParam": DeepSeekAssistantMessage}},
        sources=("https://api-docs.deepseek.com/guides/thinking_mode",)),
    "zhipu.chat": Dialect(
        "openai.chat", ZhipuChatRequest, _reasoning_content(),
        sources=("https://docs.bigmodel.cn/cn/guide/capabilities/thinking-mode",)),
    "moonshot.chat": Dialect(
        "openai.chat", MoonshotChatRequest,
        {**_reasoning_content(),
         "request": {"ChatCompletionAssistantMessageParam": MoonshotAssistantMessage}},
        sources=("https://platform.moonshot.ai/docs/guide/use-kimi-k2-thinking-model",)),
    "minimax.chat": Dialect(
        "openai.chat", MiniMaxChatRequest,
        {"request": {"ChatCompletionAssistantMessageParam": MiniMaxMessage},
         "response": {"ChatCompletionMessage": MiniMaxMessage},
         "event": {"ChoiceDelta": MiniMaxMessage}},
        sources=("https://platform.minimax.io/docs/api-reference/text-openai-api",)),
    "google.openai": Dialect(
        "openai.chat", GoogleOpenAIChatRequest,
        {"request": {"ChatCompletionMessageFunctionToolCallParam": GoogleToolCall},
         "response": {"ChatCompletionMessageFunctionToolCall": GoogleToolCall},
         "event": {"ChoiceDeltaToolCall": GoogleToolCall}},
        sources=("https://ai.google.dev/gemini-api/docs/openai",
                 "https://ai.google.dev/gemini-api/docs/thought-signatures")),
    "vertex.anthropic": Dialect(
        "anthropic.messages", VertexAnthropicRequest, {}, optional=("model",),
        sources=("https://docs.cloud.google.com/vertex-ai/generative-ai/docs/partner-models/"
                 "claude/use-claude",)),
    "bedrock.anthropic": Dialect(
        "anthropic.messages", BedrockAnthropicRequest, {}, optional=("model",),
        sources=("https://docs.aws.amazon.com/bedrock/latest/userguide/"
                 "model-parameters-anthropic-claude-messages-request-response.html",)),
}
