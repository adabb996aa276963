"""Evidence parsers: one module per format, dispatched on the sniffed type."""

from __future__ import annotations

from .text import parse_string

__all__ = ["parse_string"]
