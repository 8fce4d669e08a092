"""Counting scripts fast and exactly: wide (CJK) characters and their share of a text.

The quality flags measure every paragraph; asking ``unicodedata`` character by character in a
Python loop cost more than the rest of the conversion. ``str.translate`` with a caching table
asks once per distinct character and counts in C.
"""
from __future__ import annotations

import unicodedata


class _WideTable(dict):
    """Code point → ``"W"`` for a wide (East Asian Width W or F) non-space character, else None."""

    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        value = "W" if unicodedata.east_asian_width(ch) in ("W", "F") and not ch.isspace() else None
        self[cp] = value
        return value


_WIDE = _WideTable()


def is_wide(ch: str) -> bool:
    """Whether ``ch`` is a wide (CJK) character: East Asian Width W or F, not white space.

    The one "is CJK" test of the package (seed parsing, flags, the renderers' language tags).
    """
    return _WIDE[ord(ch)] is not None


def wide_count(text: str) -> int:
    """Number of wide (CJK) characters in ``text``."""
    return len(text.translate(_WIDE))


def non_space(text: str) -> int:
    """Number of characters that are not white space (U+3000 included)."""
    return len("".join(text.split()))


def cjk_share(text: str) -> float:
    """Share of the non-space characters that are wide (CJK) characters."""
    total = non_space(text)
    return wide_count(text) / total if total else 0.0
