"""Errors raised for input that cannot be read; each names the file and the reason."""
from __future__ import annotations


class InputError(Exception):
    """An input (file, record or string) that cannot become a document."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
