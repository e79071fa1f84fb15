"""Wire formats: one sub-package per vendor format, each exposing a ``Format`` subclass."""
