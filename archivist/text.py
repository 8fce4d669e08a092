"""The one place where a value becomes safe for a single line (tag files and messages).

Anything that reaches ``bag-info.txt`` or a ``file:line: message`` line passes through
:func:`one_line`: every character that some reader treats as a line break (``\\n``,
``\\r``, ``\\v``, ``\\f``, U+001C–U+001E, U+0085, U+2028, U+2029) and every other control
character is written as a visible ``\\uXXXX`` escape. Nothing is dropped, so the value
stays recoverable, and no value can forge an extra tag or an extra message line.
"""
from __future__ import annotations

import re

#: C0 and C1 controls (U+0085 among them), DEL, and the Unicode line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def one_line(value: object) -> str:
    """``value`` as text that is exactly one line, with no control characters."""
    return _UNSAFE.sub(_escape, str(value))
