"""Sub-commands (placeholder until the feature lands: registers nothing)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's sub-commands to the parser."""
