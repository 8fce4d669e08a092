"""Render options: one typed record, defaults in one place; the CLI maps flags onto it."""
from __future__ import annotations

from dataclasses import dataclass

PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class RenderOptions:
    """Options every writer receives (each reads the ones it needs)."""

    paper: str = "a4"
