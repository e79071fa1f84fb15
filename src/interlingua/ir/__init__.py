"""The canonical intermediate representation (IR): every format reads into it and writes from it."""

from .parts import (
    AnyPart,
    Audio,
    CacheMark,
    File,
    Image,
    Opaque,
    Origin,
    Part,
    Reasoning,
    Refusal,
    Text,
    ToolCall,
    ToolResult,
)
from .request import (
    Message,
    OutputFormat,
    PromptCache,
    ReasoningConfig,
    Request,
    Role,
    Sampling,
    StreamOptions,
)
from .tools import AnyTool, BuiltinTool, CustomTool, FunctionTool, Tool, ToolChoice

__all__ = [
    "AnyPart", "AnyTool", "Audio", "BuiltinTool", "CacheMark", "CustomTool", "File",
    "FunctionTool", "Image", "Message", "Opaque", "Origin", "OutputFormat", "Part",
    "PromptCache", "Reasoning", "ReasoningConfig", "Refusal", "Request", "Role", "Sampling",
    "StreamOptions", "Text", "Tool", "ToolCall", "ToolChoice", "ToolResult",
]
