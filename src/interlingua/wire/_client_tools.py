"""Anthropic-defined client tools, as plain function tools for vendors that lack them.

Anthropic's ``bash_*``, ``text_editor_*`` and ``memory_*`` tools are executed by the client;
only their input schema is built into the API. Another vendor can offer the same tool as an
ordinary function with that schema, so a history that calls them keeps working. The schemas
follow Anthropic's tool reference (bash, text editor and memory tool pages).
"""

from __future__ import annotations

from typing import Any

_PATH = {"type": "string", "description": "Absolute path of the file or directory."}

CLIENT_TOOL_SCHEMAS: dict[str, dict[str, Any]] = {
    "bash": {
        "description": "Run a command in a persistent bash shell.",
        "parameters": {
            "type": "object",
            "properties": {
                "command": {"type": "string", "description": "The bash command to run."},
                "restart": {"type": "boolean", "description": "Restart the shell session."},
            },
        },
    },
    "text_editor": {
        "description": "View, create and edit files: view, create, str_replace, insert.",
        "parameters": {
            "type": "object",
            "properties": {
                "command": {"type": "string",
                            "enum": ["view", "create", "str_replace", "insert", "undo_edit"]},
                "path": _PATH,
                "file_text": {"type": "string", "description": "Content of a created file."},
                "old_str": {"type": "string", "description": "Exact text to replace."},
                "new_str": {"type": "string", "description": "Replacement or inserted text."},
                "insert_line": {"type": "integer", "description": "Line to insert after."},
                "insert_text": {"type": "string", "description": "Text to insert."},
                "view_range": {"type": "array", "items": {"type": "integer"},
                               "description": "[start, end] lines to view."},
            },
            "required": ["command", "path"],
        },
    },
    "memory": {
        "description": "Read and write files in the /memories directory.",
        "parameters": {
            "type": "object",
            "properties": {
                "command": {"type": "string", "enum": ["view", "create", "str_replace",
                                                       "insert", "delete", "rename"]},
                "path": _PATH,
                "file_text": {"type": "string"},
                "old_str": {"type": "string"},
                "new_str": {"type": "string"},
                "insert_line": {"type": "integer"},
                "insert_text": {"type": "string"},
                "old_path": {"type": "string"},
                "new_path": {"type": "string"},
                "view_range": {"type": "array", "items": {"type": "integer"}},
            },
            "required": ["command"],
        },
    },
}

#: Names Anthropic gives these tools when the definition has none.
DEFAULT_NAMES = {"bash": "bash", "text_editor": "str_replace_based_edit_tool",
                 "memory": "memory"}


def as_function(kind: str, name: str | None) -> tuple[str, dict[str, Any]] | None:
    """(name, {"description", "parameters"}) for an Anthropic client tool kind, else None."""
    schema = CLIENT_TOOL_SCHEMAS.get(kind)
    if schema is None:
        return None
    return name or DEFAULT_NAMES[kind], schema
