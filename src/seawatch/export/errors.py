"""The error the exports raise; the CLI prints it as one line, the dashboard as a message."""

from __future__ import annotations

from seawatch.errors import InputError


class ExportError(InputError):
    """An export cannot be made as asked (unknown format, missing columns, unwritable path...)."""
