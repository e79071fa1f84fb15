"""The rule catalogue: every rule the validator knows, with its severity, the formats it
applies to, the error text the vendor returns (where known) and its source.

``docs/validation.md`` is generated from this table (``python scripts/gen_validation_doc.py``)
and a test keeps the two in step. Format scopes name format families (``openai.chat`` covers
its dialects) or, with ``exact=True``, the listed format ids only.
"""

from __future__ import annotations

from ._core import Layer, Rule, Severity

OPENAI_CHAT = "openai.chat"
RESPONSES = "openai.responses"
COMPLETIONS = "openai.completions"
ANTHROPIC = "anthropic.messages"
GEMINI = "google.gemini"
OPENAI_ALL = (OPENAI_CHAT, RESPONSES, COMPLETIONS)

#: Rules scoped to exact format ids rather than families.
EXACT: dict[str, tuple[str, ...]] = {}

_RULES: list[Rule] = []


def _rule(id: str, layer: Layer, severity: Severity, title: str, source: str,
          formats: tuple[str, ...] = (), vendor_error: str | None = None,
          fixable: bool = False, exact: bool = False) -> None:
    _RULES.append(Rule(id=id, layer=layer, severity=severity, title=title, source=source,
                       formats=formats, vendor_error=vendor_error, fixable=fixable))
    if exact:
        EXACT[id] = formats


_SDK = "schemas/ (generated from the vendors' SDK types: openai-python, anthropic-sdk-python, " \
       "google-genai)"

# -- layer 1: schema ----------------------------------------------------------------------

_rule("schema.required", "schema", "error", "A field the format requires is missing.", _SDK,
      vendor_error="(OpenAI) Missing required parameter: '{loc}'. / (Anthropic) {loc}: Field "
                   "required")
_rule("schema.type", "schema", "error",
      "A value has the wrong JSON type or shape (or breaks another schema keyword).", _SDK,
      vendor_error="(OpenAI) Invalid type for '{loc}': expected {expected}, but got {got} "
                   "instead. / (Anthropic) {loc}: Input should be a valid {expected}")
_rule("schema.enum", "schema", "error", "A value is not one of the values the field takes.",
      _SDK, vendor_error="(OpenAI) Invalid value: '{value}'. Supported values are: {allowed}.")
_rule("schema.unknown-field", "schema", "warning",
      "A key the format's schema does not list. An error on Google formats (proto parsing "
      "rejects unknown names); a warning elsewhere (the SDK may be older than the API).",
      _SDK + "; google: musistudio/claude-code-router#187", fixable=True,
      vendor_error="(Anthropic) {loc}: Extra inputs are not permitted / (OpenAI) Unrecognized "
                   "request argument supplied: {key} / (Google) Invalid JSON payload received. "
                   "Unknown name \"{key}\": Cannot find field.")

# -- layer 2: structure: Anthropic --------------------------------------------------------

_rule("anthropic.tool_result.missing", "structure", "error",
      "Every tool_use block needs a tool_result in the next (user) message.",
      "anthropics/claude-code#2697", (ANTHROPIC,),
      "messages.{index}: `tool_use` ids were found without `tool_result` blocks immediately "
      "after: {ids}. Each `tool_use` block must have a corresponding `tool_result` block in "
      "the next message.")
_rule("anthropic.tool_result.orphan", "structure", "error",
      "A tool_result must answer a tool_use of the previous assistant message.",
      "router-for-me/CLIProxyAPI#497", (ANTHROPIC,),
      "messages.{index}.content.{block}: unexpected `tool_use_id` found in `tool_result` "
      "blocks: {id}. Each `tool_result` block must have a corresponding `tool_use` block in "
      "the previous message.")
_rule("anthropic.tool_result.order", "structure", "error",
      "In the user message that answers tool calls, tool_result blocks come before any other "
      "content.",
      "https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use "
      "(Handling tool results)", (ANTHROPIC,))
_rule("anthropic.tool_use.duplicate-id", "structure", "error",
      "tool_use ids are unique across the conversation.",
      "anthropics/claude-code#20901", (ANTHROPIC,),
      "messages.{index}.content.{block}: `tool_use` ids must be unique")
_rule("anthropic.tool_use.id", "structure", "error",
      "tool_use ids match ^[a-zA-Z0-9_-]+$ (ids from other vendors may carry dots).",
      "BerriAI/litellm#21114", (ANTHROPIC,),
      "messages.{index}.content.{block}.tool_use.id: String should match pattern "
      "'^[a-zA-Z0-9_-]+$'", fixable=True)
_rule("anthropic.tool.name", "structure", "error",
      "Tool names match ^[a-zA-Z0-9_-]{1,128}$ (64 on Bedrock).",
      "../shared/knowledge/vendor-rules.md; anthropics/claude-code#5132 (Bedrock)",
      (ANTHROPIC,),
      "tools.{index}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{{1,128}}$'")
_rule("anthropic.content.empty-text", "structure", "error",
      "Text blocks must not be empty (except in the final assistant message).",
      "anthropics/claude-code#59812", (ANTHROPIC,),
      "messages: text content blocks must be non-empty", fixable=True)
_rule("anthropic.content.empty", "structure", "error",
      "Every message has content, except an optional final assistant message.",
      "anthropics/claude-code#6774", (ANTHROPIC,),
      "messages.{index}: all messages must have non-empty content except for the optional "
      "final assistant message")
_rule("anthropic.assistant.trailing-whitespace", "structure", "error",
      "A final assistant message (prefill) cannot end with whitespace.",
      "tailcallhq/forgecode#1872", (ANTHROPIC,),
      "messages: final assistant content cannot end with trailing whitespace", fixable=True)
_rule("anthropic.cache_control.limit", "structure", "error",
      "At most 4 blocks carry cache_control.", "github/copilot-cli#4185", (ANTHROPIC,),
      "A maximum of 4 blocks with cache_control may be provided. Found {count}.")
_rule("anthropic.cache_control.ttl-order", "structure", "error",
      "A 1h cache breakpoint must not come after a 5m one (in the order tools, system, "
      "messages; no ttl means 5m).", "cnighswonger/claude-code-cache-fix#44", (ANTHROPIC,),
      "{loc}.cache_control.ttl: a ttl='1h' cache_control block must not come after a "
      "ttl='5m' cache_control block. Note that blocks are processed in the following order: "
      "`tools`, `system`, `messages`.")
_rule("anthropic.cache_control.top-level-ttl", "structure", "error",
      "The top-level (automatic) cache_control lands on the last cacheable block; that block "
      "cannot carry a cache_control with another ttl.", "vellum-ai/vellum-assistant#23414",
      (ANTHROPIC,),
      "Top-level cache_control has ttl='{top}' but the target block already has "
      "cache_control with ttl='{block}'")

# -- layer 2: structure: OpenAI chat -------------------------------------------------------

_rule("openai.tool_message.orphan", "structure", "error",
      "A tool message answers a tool call of the preceding assistant message.",
      "FoundationAgents/OpenManus#744", (OPENAI_CHAT,),
      "Invalid parameter: messages with role 'tool' must be a response to a preceeding "
      "message with 'tool_calls'.")
_rule("openai.tool_calls.unanswered", "structure", "error",
      "An assistant message with tool_calls is followed by one tool message per call id.",
      "openai/codex#7051; BerriAI/litellm#10083", (OPENAI_CHAT,),
      "An assistant message with 'tool_calls' must be followed by tool messages responding "
      "to each 'tool_call_id'. The following tool_call_ids did not have response messages: "
      "{ids}")
_rule("openai.tool_call.duplicate-id", "structure", "warning",
      "Tool call ids are unique in the conversation (a repeated id pairs ambiguously).",
      "https://platform.openai.com/docs/guides/function-calling", (OPENAI_CHAT, RESPONSES))
_rule("openai.tool_call.id-length", "structure", "error",
      "Tool call ids are at most 40 characters (OpenAI).", "BerriAI/litellm#17343",
      (OPENAI_CHAT,),
      "Invalid 'messages[{index}].tool_calls[{call}].id': string too long. Expected a string "
      "with maximum length 40, but got a string with length {length} instead.",
      fixable=True, exact=True)
_rule("openai.tool.name", "structure", "error",
      "Function names match ^[a-zA-Z0-9_-]{1,64}$.", "home-assistant/core#121325",
      (OPENAI_CHAT, RESPONSES),
      "Invalid 'tools[{index}].function.name': string too long. Expected a string with "
      "maximum length 64, but got a string with length {length} instead.")
_rule("openai.tool_call.arguments", "structure", "warning",
      "Tool call arguments are a JSON text (an object).",
      "https://platform.openai.com/docs/guides/function-calling", OPENAI_ALL)
_rule("openai.stop.count", "structure", "error", "At most 4 stop sequences.",
      "https://platform.openai.com/docs/api-reference/chat/create (stop: up to 4 sequences)",
      (OPENAI_CHAT, COMPLETIONS),
      "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an "
      "array with length {length} instead.", exact=True)
_rule("openai.response_format.json-word", "structure", "error",
      "JSON mode (response_format json_object) needs the word 'json' in the messages.",
      "https://platform.openai.com/docs/guides/structured-outputs#json-mode", (OPENAI_CHAT,),
      "'messages' must contain the word 'json' in some form, to use 'response_format' of "
      "type 'json_object'.", exact=True)
_rule("openai.strict-schema", "structure", "error",
      "Strict schemas (strict: true) need additionalProperties: false and every property "
      "required, on every object.",
      "https://platform.openai.com/docs/guides/structured-outputs#supported-schemas",
      (OPENAI_CHAT, RESPONSES),
      "Invalid schema for {what} '{name}': In context={context}, {detail}", exact=True)
_rule("openai.messages.empty", "structure", "error", "messages has at least one message.",
      "https://platform.openai.com/docs/api-reference/chat/create", (OPENAI_CHAT,),
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
      "empty array instead.")

# -- layer 2: structure: OpenAI Responses --------------------------------------------------

_rule("responses.function_call.unanswered", "structure", "error",
      "Every function_call in the input has a function_call_output.",
      "router-for-me/CLIProxyAPI#2368", (RESPONSES,),
      "No tool output found for function call {id}.")
_rule("responses.function_call_output.orphan", "structure", "error",
      "A function_call_output answers a function_call of the input (or of the previous "
      "response).", "continuedev/continue#10092", (RESPONSES,),
      "No tool call found for function call output with call_id {id}.")
_rule("responses.reasoning.not-persisted", "structure", "error",
      "With store: false, a reasoning item replayed by id alone cannot be found: replay its "
      "encrypted_content.", "vercel/ai#7543", (RESPONSES,),
      "Item with id '{id}' not found. Items are not persisted when `store` is set to false. "
      "Try again with `store` set to true, or remove this item from your input.",
      fixable=True)
_rule("responses.reasoning.orphan", "structure", "error",
      "A reasoning item is followed by the item it produced (a message or a call).",
      "vercel/ai#7099", (RESPONSES,),
      "Item '{id}' of type 'reasoning' was provided without its required following item.")

# -- layer 2: structure: Gemini ------------------------------------------------------------

_rule("gemini.function_response.count", "structure", "error",
      "The turn after a model turn with N function calls has exactly N function responses.",
      "google-gemini/gemini-cli#4217", (GEMINI,),
      "Please ensure that the number of function response parts is equal to the number of "
      "function call parts of the function call turn.")
_rule("gemini.function_call.position", "structure", "error",
      "A model turn with function calls comes right after a user turn.",
      "google-gemini/gemini-cli#11814", (GEMINI,),
      "Please ensure that function call turn comes immediately after a user turn or after a "
      "function response turn.")
_rule("gemini.function_response.position", "structure", "error",
      "A turn with function responses comes right after the model's function call turn.",
      "langchain-ai/langchain#27799", (GEMINI,),
      "Please ensure that function response turn comes immediately after a function call "
      "turn.")
_rule("gemini.role", "structure", "error", "Content roles are 'user' and 'model' only.",
      "https://ai.google.dev/api/caching#Content", (GEMINI,),
      "Please use a valid role: user, model.")
_rule("gemini.contents.empty", "structure", "error", "contents has at least one content.",
      "NousResearch/hermes-agent#57942", (GEMINI,),
      "* GenerateContentRequest.contents: contents is not specified")
_rule("gemini.parts.empty", "structure", "error", "Every content has at least one part.",
      "vercel/ai#3775", (GEMINI,),
      "* GenerateContentRequest.contents[{index}].parts: contents.parts must not be empty.")
_rule("gemini.part.data", "structure", "error",
      "Every part carries exactly one kind of data (text, inlineData, functionCall, ...).",
      "boldsoftware/sketch#68", (GEMINI,),
      "* GenerateContentRequest.contents[{index}].parts[{part}].data: required oneof field "
      "'data' must have one initialized field")
_rule("gemini.text.empty", "structure", "error", "Text parts are not empty.",
      "google-gemini/deprecated-generative-ai-js#361", (GEMINI,),
      "Unable to submit request because it has an empty text parameter. Add a value to the "
      "parameter and try again.")
_rule("gemini.function.name", "structure", "error",
      "Function names start with a letter or underscore and use a-z A-Z 0-9 _ . : - , at "
      "most 64 characters.", "mrexodia/ida-pro-mcp#129", (GEMINI,),
      "* GenerateContentRequest.tools[{tool}].function_declarations[{index}].name: Invalid "
      "function name. Must start with a letter or an underscore. Must be alphameric (a-z, "
      "A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length "
      "of 64.")
_rule("gemini.stop_sequences.count", "structure", "error", "At most 5 stopSequences.",
      "https://ai.google.dev/api/generate-content#generationconfig "
      "(stopSequences: at most 5)", (GEMINI,))
_rule("gemini.tool_config.without-functions", "structure", "error",
      "functionCallingConfig needs function declarations.",
      "musistudio/claude-code-router#1207", (GEMINI,),
      "Function calling config is set without function_declarations.")

# -- layer 3: model rules: Anthropic -------------------------------------------------------

_rule("anthropic.thinking.temperature", "model", "error",
      "With thinking enabled, temperature may only be 1.",
      "MartialBE/one-hub#529; workglow-dev/libs#746", (ANTHROPIC,),
      "`temperature` may only be set to 1 when thinking is enabled", fixable=True)
_rule("anthropic.thinking.top_k", "model", "error", "With thinking enabled, top_k is unset.",
      "quarkiverse/quarkus-langchain4j#1812", (ANTHROPIC,),
      "`top_k` must be unset when thinking is enabled.", fixable=True)
_rule("anthropic.thinking.top_p", "model", "error",
      "With thinking enabled, top_p is unset or between 0.95 and 1.",
      "n8n-io/n8n#14288; https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking",
      (ANTHROPIC,), "top_p must be unset when thinking is enabled.", fixable=True)
_rule("anthropic.thinking.tool_choice", "model", "error",
      "Thinking cannot be enabled when tool_choice forces tool use (any / tool).",
      "mastra-ai/mastra#7507; workglow-dev/libs#746", (ANTHROPIC,),
      "Thinking may not be enabled when tool_choice forces tool use.")
_rule("anthropic.thinking.budget-min", "model", "error", "budget_tokens is at least 1024.",
      "workglow-dev/libs#746", (ANTHROPIC,),
      "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024",
      fixable=True)
_rule("anthropic.thinking.budget-max-tokens", "model", "error",
      "max_tokens is greater than thinking.budget_tokens.", "router-for-me/CLIProxyAPI#413",
      (ANTHROPIC,), "`max_tokens` must be greater than `thinking.budget_tokens`.")
_rule("anthropic.thinking.final-assistant", "model", "error",
      "With thinking enabled, the final assistant message (a prefill, or the tool-use turn "
      "being answered) starts with a thinking or redacted_thinking block.",
      "anomalyco/opencode#3077", (ANTHROPIC,),
      "messages.{index}.content.0.type: Expected `thinking` or `redacted_thinking`, but found "
      "`{found}`. When `thinking` is enabled, a final `assistant` message must start with a "
      "thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). "
      "We recommend you include thinking blocks from previous turns. To avoid this "
      "requirement, disable `thinking`.")
_rule("anthropic.thinking.disabled-blocks", "model", "warning",
      "With thinking off, a final assistant message should not carry thinking blocks.",
      "tailcallhq/forgecode#1853", (ANTHROPIC,), fixable=True)
_rule("anthropic.thinking.type", "model", "error",
      "The model accepts this thinking.type (adaptive-only models refuse enabled; "
      "always-on models refuse disabled).",
      "https://platform.claude.com/docs/en/build-with-claude/thinking-troubleshooting",
      (ANTHROPIC,))
_rule("anthropic.effort", "model", "error",
      "output_config.effort is one of the model's effort levels.",
      "https://platform.claude.com/docs/en/build-with-claude/effort", (ANTHROPIC,))
_rule("anthropic.sampling.temperature-top-p", "model", "error",
      "temperature and top_p are not both set on the models that refuse it (Sonnet 4.5 and "
      "later).", "BerriAI/litellm#15097", (ANTHROPIC,),
      "`temperature` and `top_p` cannot both be specified for this model. Please use only "
      "one.", fixable=True)
_rule("anthropic.sampling.unsupported", "model", "error",
      "Models without sampling controls (Opus 4.7 and later, Claude 5) refuse non-default "
      "temperature, top_p and top_k.",
      "https://platform.claude.com/docs/en/about-claude/models/whats-new-claude-4-7",
      (ANTHROPIC,), fixable=True)
_rule("anthropic.max_tokens.model-limit", "model", "error",
      "max_tokens is within the model's output limit.",
      "https://platform.claude.com/docs/en/about-claude/models/overview", (ANTHROPIC,))

# -- layer 3: model rules: OpenAI ----------------------------------------------------------

_rule("openai.max_tokens.unsupported", "model", "error",
      "Reasoning models take max_completion_tokens, not max_tokens.",
      "koosoli/ESPHomeDesigner#379; CherryHQ/cherry-studio#1403", (OPENAI_CHAT,),
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
      "'max_completion_tokens' instead.", fixable=True, exact=True)
_rule("openai.temperature.fixed", "model", "error",
      "Models with a fixed temperature take only the default (1).",
      "aandrew-me/tgpt#333; ../shared/knowledge/vendor-rules.md", OPENAI_ALL,
      "Unsupported value: 'temperature' does not support {value} with this model. Only the "
      "default (1) value is supported.", fixable=True, exact=True)
_rule("openai.top_p.unsupported", "model", "error", "top_p is refused by reasoning models.",
      "aandrew-me/tgpt#333; microsoft/vscode#282170", OPENAI_ALL,
      "Unsupported parameter: 'top_p' is not supported with this model.", fixable=True,
      exact=True)
_rule("openai.sampling.effort", "model", "error",
      "GPT-5.1 and later take a non-default temperature / top_p only with reasoning effort "
      "'none'.", "vercel/ai#10932; tmc/langchaingo#1497 (docs/models.md)",
      (OPENAI_CHAT, RESPONSES), fixable=True, exact=True)
_rule("openai.role.system", "model", "error", "o1-mini / o1-preview refuse system messages.",
      "janhq/jan#4392", (OPENAI_CHAT,),
      "Unsupported value: 'messages[{index}].role' does not support 'system' with this "
      "model.", exact=True)
_rule("openai.role.developer", "model", "error",
      "Models without the developer role refuse developer messages.",
      "https://platform.openai.com/docs/guides/reasoning (developer messages, o1-2024-12-17 "
      "and later)", (OPENAI_CHAT,), exact=True)
_rule("openai.reasoning_effort.value", "model", "error",
      "The reasoning effort is one the model accepts.", "Kilo-Org/cloud#3807",
      (OPENAI_CHAT, RESPONSES),
      "Unsupported value: 'reasoning_effort' does not support '{value}' with this model. "
      "Supported values are: {allowed}.", exact=True)
_rule("openai.reasoning_effort.unsupported", "model", "error",
      "Models that do not reason refuse reasoning_effort / reasoning.",
      "https://platform.openai.com/docs/guides/reasoning", (OPENAI_CHAT, RESPONSES),
      "Unsupported parameter: '{param}' is not supported with this model.", exact=True)
_rule("openai.max_tokens.model-limit", "model", "error",
      "The output token limit is within the model's maximum.", "enoch3712/ExtractThinker#346",
      OPENAI_ALL,
      "max_tokens is too large: {value}. This model supports at most {limit} completion "
      "tokens, whereas you provided {value}.", exact=True)
_rule("openai.stop.unsupported", "model", "error",
      "Reasoning models (o3, o4-mini...) refuse stop.",
      "https://platform.openai.com/docs/guides/reasoning (docs/models.md)", (OPENAI_CHAT,),
      "Unsupported parameter: 'stop' is not supported with this model.", fixable=True,
      exact=True)

# -- layer 3: model rules: Gemini ----------------------------------------------------------

_rule("gemini.thinking.budget-range", "model", "error",
      "thinkingBudget is within the model's range (2.5 Pro 128..32768, Flash 0..24576, "
      "Flash-Lite 512..24576; -1 = dynamic).", "RooCodeInc/Roo-Code#4399", (GEMINI,),
      "The thinking budget ({value}) is invalid.", fixable=True)
_rule("gemini.thinking.cannot-disable", "model", "error",
      "Models that only think refuse thinkingBudget 0.", "snailyp/gemini-balance#206",
      (GEMINI,), "Budget 0 is invalid. This model only works in thinking mode.", fixable=True)
_rule("gemini.thinking.level-unsupported", "model", "error",
      "Gemini 2.5 refuses thinkingLevel.", "dhyansraj/mcp-mesh#1346", (GEMINI,),
      "Thinking level is not supported for this model.", fixable=True)
_rule("gemini.thinking.budget-and-level", "model", "error",
      "thinkingBudget and thinkingLevel are not set together.",
      "https://ai.google.dev/gemini-api/docs/thinking", (GEMINI,),
      "Unable to submit request because thinking_budget and thinking_level are not "
      "supported together", fixable=True)
_rule("gemini.thinking.level-value", "model", "error",
      "thinkingLevel is one the model takes (3 Pro: low/high; Flash adds minimal/medium).",
      "https://ai.google.dev/gemini-api/docs/thinking (docs/models.md)", (GEMINI,))
_rule("gemini.function_call.signature", "model", "error",
      "Gemini 3: the first function call of each step in the current turn carries its "
      "thoughtSignature.", "musistudio/claude-code-router#1431; BerriAI/litellm#16893",
      (GEMINI,), "Function call is missing a thought_signature in functionCall parts.")
_rule("gemini.tools.builtin-with-functions", "model", "error",
      "Built-in tools (googleSearch, codeExecution...) and function declarations are not "
      "mixed on the models that refuse it.", "googleapis/go-genai#323; symfony/ai#803",
      (GEMINI,), "Tool use with function calling is unsupported")
_rule("gemini.tools.json-mode-with-functions", "model", "error",
      "JSON mode (responseMimeType application/json) and function calling are not combined "
      "on the models that refuse it.", "googleapis/python-genai#867", (GEMINI,),
      "Function calling with a response mime type: 'application/json' is unsupported")
_rule("gemini.schema.keyword", "model", "error",
      "The classic parameters / responseSchema take an OpenAPI 3.0 subset; other JSON "
      "Schema keywords are unknown names (use parametersJsonSchema / responseJsonSchema).",
      "musistudio/claude-code-router#187; theopenco/llmgateway#1763", (GEMINI,),
      "Invalid JSON payload received. Unknown name \"{keyword}\" at '{loc}': Cannot find "
      "field.", fixable=True)
_rule("gemini.schema.type-array", "model", "error",
      "The classic schema's type is one type, not a list.",
      "../shared/knowledge/vendor-rules.md (router-for-me/CLIProxyAPI#97)", (GEMINI,),
      "Invalid JSON payload received. Proto field is not repeating, cannot start list.")
_rule("gemini.schema.parameters-object", "model", "error",
      "Function parameters are an object schema.", "BerriAI/litellm#18442", (GEMINI,),
      "functionDeclaration parameters schema should be of type OBJECT")

# -- layer 3: model rules: dialects --------------------------------------------------------

_rule("deepseek.reasoning_content.missing", "model", "error",
      "DeepSeek thinking mode: an assistant message with tool calls replays its "
      "reasoning_content.", "abhigyanpatwari/GitNexus#43", ("deepseek.chat",),
      "Missing `reasoning_content` field in the assistant message at message index {index}",
      exact=True)
_rule("deepseek.thinking.tool_choice", "model", "error",
      "DeepSeek thinking mode takes tool_choice auto or none only.",
      "deepseek-ai/DeepSeek-V3#1376", ("deepseek.chat",),
      "Thinking mode does not support this tool_choice", exact=True)
_rule("qwen.thinking.tool_choice", "model", "error",
      "Qwen thinking mode (enable_thinking) refuses a forced tool_choice.",
      "cloudwego/eino#994", (OPENAI_CHAT,),
      "The tool_choice parameter does not support being set to required or object in "
      "thinking mode")
_rule("bedrock.stream", "structure", "error",
      "Bedrock InvokeModel bodies have no stream key (the endpoint decides).",
      "https://docs.aws.amazon.com/bedrock/latest/userguide/"
      "model-parameters-anthropic-claude-messages-request-response.html",
      ("bedrock.anthropic",), "Malformed input request: #: extraneous key [stream] is not "
      "permitted", fixable=True, exact=True)
_rule("model.unknown", "model", "warning",
      "The model is not in the capability table: model rules were skipped.",
      "docs/models.md")

# -- layer 4: limits ----------------------------------------------------------------------

_rule("limits.request-size", "limits", "error",
      "The request body is within the vendor's size limit (Anthropic 32 MB, Gemini 20 MB; "
      "OpenAI about 25 MB, a warning).",
      "https://docs.anthropic.com/en/api/errors (413 request_too_large); "
      "https://ai.google.dev/gemini-api/docs/image-understanding (20 MB inline)",
      vendor_error="request_too_large: Request exceeds the maximum allowed number of bytes.")
_rule("limits.image-bytes", "limits", "error", "Each image is at most 5 MB (Anthropic).",
      "anthropics/claude-code#4778", (ANTHROPIC,),
      "image exceeds 5 MB maximum: {size} bytes > 5242880 bytes")
_rule("limits.image-dimensions", "limits", "error",
      "Images are at most 8000 px a side (Anthropic).", "anthropics/claude-code#9375",
      (ANTHROPIC,),
      "At least one of the image dimensions exceed max allowed size: 8000 pixels")
_rule("limits.image-dimensions-many", "limits", "error",
      "With more than 20 images, each is at most 2000 px a side (Anthropic).",
      "anthropics/claude-code#9375; ../shared/seeds (limits table)", (ANTHROPIC,),
      "At least one of the image dimensions exceed max allowed size for many-image "
      "requests: 2000 pixels")
_rule("limits.image-count", "limits", "error", "At most 100 images per request (Anthropic).",
      "https://docs.anthropic.com/en/docs/build-with-claude/vision (100 images per API "
      "request)", (ANTHROPIC,))
_rule("limits.image-media-type", "limits", "error",
      "An image's bytes match its declared media type (Anthropic checks).",
      "https://docs.anthropic.com/en/docs/build-with-claude/vision", (ANTHROPIC,))
_rule("limits.data-uri", "limits", "warning",
      "A data URI is at most 10 MB on Aliyun-style hosts (an error for Qwen models).",
      "https://www.alibabacloud.com/help/en/model-studio/error-code", (OPENAI_CHAT,),
      "Exceeded limit on max bytes per data-uri item : 10485760")
_rule("limits.string-length", "limits", "warning",
      "Java gateways (Jackson) refuse JSON strings over 20,000,000 characters.",
      "https://github.com/FasterXML/jackson-core/blob/2.15/release-notes/VERSION-2.x; "
      "../shared/seeds (Aliyun)",
      vendor_error="String value length ({length}) exceeds the maximum allowed (20000000, "
                   "from `StreamReadConstraints.getMaxStringLength()`)")
_rule("limits.context-window", "limits", "warning",
      "The ESTIMATED input (characters / 4, no tokenizer) fits the model's context window.",
      "https://platform.openai.com/docs/models; "
      "https://platform.claude.com/docs/en/build-with-claude/context-windows",
      vendor_error="(OpenAI) This model's maximum context length is {limit} tokens. However, "
                   "your messages resulted in {tokens} tokens. / (Anthropic) prompt is too "
                   "long: {tokens} tokens > {limit} maximum")
_rule("limits.batch", "limits", "error",
      "A batch file is within the vendor's limits (Anthropic 100,000 requests / 256 MB; "
      "OpenAI 50,000 / 100 MB; Aliyun 500 MB).",
      "https://docs.anthropic.com/en/docs/build-with-claude/batch-processing; "
      "https://platform.openai.com/docs/guides/batch; ../shared/seeds (limits tables)")

RULES: dict[str, Rule] = {r.id: r for r in _RULES}
assert len(RULES) == len(_RULES), "duplicate rule id"


def applies(rule_id: str, format_id: str, family: str) -> bool:
    """Whether ``rule_id`` applies to a payload of ``format_id`` (of ``family``)."""
    rule = RULES[rule_id]
    if not rule.formats:
        return True
    if rule_id in EXACT:
        return format_id in rule.formats
    return format_id in rule.formats or family in rule.formats
