"""Typed wire schemas of every format: ``TypedDict``s generated from the vendors' SDKs.

One module per format (``openai_chat``, ``openai_responses``, ``openai_completions``,
``anthropic_messages``, ``google_gemini``, ``google_vertex``), each with the roots
``Request``, ``Response`` and ``StreamEvent``; ``dialects`` adds the compatible APIs' own
fields on top of their base format. They are for type checkers and for
``scripts/gen_schemas.py``, which turns them into the JSON Schemas in ``schemas/``; the
library never imports them at run time. Regenerate with ``python scripts/gen_types.py``.
"""
