"""Dialects: the OpenAI- and Anthropic-compatible APIs people really call.

Each dialect is a small subclass of its base format (``openai.chat`` or ``anthropic.messages``)
that states only its differences: class flags, tables and overridden hooks. One module per
vendor; the registry imports them lazily by id. ``docs/dialects.md`` lists every difference with
its source, ``docs/reasoning.md`` the policy for reasoning that crosses vendors.

=====================  ===================================================  ==================
id                     what it is                                           module
=====================  ===================================================  ==================
``openrouter.chat``    OpenRouter ``/api/v1/chat/completions``              ``openrouter``
``vllm.chat``          vLLM's OpenAI-compatible server                      ``vllm``
``xai.chat``           xAI (Grok) chat completions                          ``xai``
``deepseek.chat``      DeepSeek chat completions (V4 thinking mode, R1)     ``deepseek``
``zhipu.chat``         Zhipu / Z.ai GLM (bigmodel) chat completions         ``zhipu``
``zhipu.anthropic``    Zhipu GLM's Anthropic-compatible endpoint            ``zhipu``
``moonshot.chat``      Moonshot Kimi chat completions                       ``moonshot``
``minimax.chat``       MiniMax OpenAI-compatible chat completions           ``minimax``
``google.openai``      Gemini's OpenAI-compatible endpoint                  ``google_openai``
``vertex.anthropic``   Claude on Vertex AI (rawPredict)                     ``anthropic_hosts``
``bedrock.anthropic``  Claude on Amazon Bedrock (InvokeModel)               ``anthropic_hosts``
=====================  ===================================================  ==================
"""
