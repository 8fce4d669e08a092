"""Regular expressions that carry the lines they were written for.

A pattern that recognises a kind of line (a dateline, a photo credit, Markdown the translator
added) is made with :func:`pattern`, giving real lines of the collection it must match. The
examples document the pattern where it is declared, and ``tests/test_patterns.py`` checks that
every pattern still matches every example, so a later edit cannot quietly lose one.
"""
from __future__ import annotations

import re

#: Every pattern made with :func:`pattern`, with its examples (in declaration order).
EXAMPLES: list[tuple[re.Pattern[str], tuple[str, ...]]] = []


def pattern(regex: str, *examples: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(regex, flags)``, recording ``examples``: lines it must find a match in."""
    compiled = re.compile(regex, flags)
    EXAMPLES.append((compiled, examples))
    return compiled
