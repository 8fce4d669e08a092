"""Chinese typesetting the PDF needs beyond CSS: justification and punctuation compression.

- **Justification.** WeasyPrint justifies only by stretching spaces, and Chinese has none, so
  a line shortened by kinsoku (a closing mark may not start a line, so a character moves
  down) or by a compressed punctuation mark stops short of the column edge. While
  :func:`cjk_justification` is active, a justified Chinese line is spread by inter-character
  spacing instead (CSS Text 3 ``text-justify: inter-character``).
- **Punctuation compression.** Of two adjacent full-width punctuation marks, one is set
  half-width (OpenType ``halt``; the installed Noto Serif CJK SC has no ``chws``), so "：“"
  or "）。" no longer take two full ems with a wide blank between them.

FIXME: the justification replaces ``weasyprint.layout.inline.justify_line`` and builds
``weasyprint.text.line_break.Layout`` objects, which are not public API; pyproject.toml pins
``weasyprint<71`` for that reason (checked against 70.0).
"""
from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator

from lxml import etree

from . import xhtml as X

#: Punctuation whose blank half is on the right (closing brackets and stops) ...
CLOSING = "，。、；：！？）》〉」』】〕”’"
#: ... and on the left (opening brackets).
OPENING = "（《〈「『【〔“‘"
#: In each pair of adjacent marks, the one whose blank faces the other: the first when it is
#: a closing mark, else the second when both are opening marks.
HALT = re.compile(f"[{CLOSING}](?=[{CLOSING}{OPENING}])|(?<=[{OPENING}])[{OPENING}]")


def compress_punctuation(root: etree._Element) -> None:
    """Mark the punctuation to set half-width (``span class="halt"``) in Chinese cells."""
    for td in root.iter("{%s}td" % X.XHTML_NS):
        if "zh" in (td.get("class") or "").split():
            X.wrap_text(td, HALT, "halt")


@contextlib.contextmanager
def cjk_justification() -> Iterator[None]:
    """While active, justified Chinese lines are spread between characters."""
    from weasyprint.layout import inline

    original = inline.justify_line

    def justify_line(context: Any, line: Any, extra_width: float) -> None:
        if str(line.style["lang"] or "").startswith("zh"):
            _spread_line(context, line, extra_width)
        else:
            original(context, line, extra_width)

    inline.justify_line = justify_line
    try:
        yield
    finally:
        inline.justify_line = original


def _text_boxes(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _spread_line(context: Any, line: Any, extra_width: float) -> None:
    """Distribute ``extra_width`` evenly between the characters of ``line``."""
    texts = list(_text_boxes(line))
    chars = sum(len(b.text) for b in texts)
    last = texts[-1] if texts else None
    if last is not None and len(last.text) == 1 and extra_width > last.width \
            and "halt" in str(last.style["font_feature_settings"]):
        # a mark compressed for a neighbour that went to the next line: full width again
        extra_width -= last.width
        last.pango_layout.__class__ = _spaced_layout_class()
        last.pango_layout.full_width = True
        last.width *= 2
    # ideographic spaces ending a line hang (CSS Text 3): the visible text fills the line
    hanging = len(last.text) - len(last.text.rstrip("\u3000")) if last is not None else 0
    if hanging:
        extra_width += hanging * last.style["font_size"]
    visible = chars - hanging
    if visible < 2 or extra_width <= 0:
        return
    state = {"x": 0.0, "first": True, "spacing": extra_width / (visible - 1)}
    _shift(line, state)


def _shift(box: Any, state: dict) -> None:
    """Move ``box`` right by the spacing added so far; widen text boxes by their spacing."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        if not box.text:
            box.position_x += state["x"]
            return
        if not state["first"]:
            state["x"] += state["spacing"]
        state["first"] = False
        box.position_x += state["x"]
        grown = _respace(box, state["spacing"])
        state["x"] += grown
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += state["x"]
        before = state["x"]
        for child in box.children:
            if child.is_in_normal_flow():
                _shift(child, state)
        box.width += state["x"] - before
    else:
        box.translate(state["x"], 0)


def _respace(box: Any, spacing: float) -> float:
    """Make ``box`` draw with ``spacing`` between its characters; return its growth.

    Pango adds letter spacing between the characters of a layout but not at its ends, so
    n characters grow by (n - 1) × spacing (checked against Pango's measure: within 0.02 px);
    the layout is switched to one that adds the spacing when WeasyPrint sets it for drawing,
    at no layout cost."""
    from weasyprint.text.ffi import TO_UNITS

    box.pango_layout.__class__ = _spaced_layout_class()
    box.pango_layout.cjk_spacing = int(spacing * TO_UNITS)
    grown = (len(box.text) - 1) * spacing
    box.width += grown
    return grown


_LAYOUT_CLASS: list[type] = []


def _spaced_layout_class() -> type:
    """A WeasyPrint ``Layout`` that adds letter spacing whenever it is set for drawing."""
    if _LAYOUT_CLASS:
        return _LAYOUT_CLASS[0]
    from weasyprint.text.ffi import ffi, pango
    from weasyprint.text.line_break import Layout

    class SpacedLayout(Layout):
        cjk_spacing = 0  # Pango units
        full_width = False  # drop the font features (halt) of a line-final mark

        def setup(self, style: Any) -> None:
            super().setup(style)
            if self.full_width:
                pango.pango_layout_set_attributes(self.layout, ffi.NULL)

        def set_text(self, text: str, justify: bool = False) -> None:
            super().set_text(text, justify)
            if not justify or not self.cjk_spacing:
                return
            attrs = pango.pango_layout_get_attributes(self.layout)
            if attrs == ffi.NULL:
                attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
            attr = pango.pango_attr_letter_spacing_new(self.cjk_spacing)
            attr.start_index, attr.end_index = 0, len(text.encode())
            pango.pango_attr_list_change(attrs, attr)
            pango.pango_layout_set_attributes(self.layout, attrs)

    _LAYOUT_CLASS.append(SpacedLayout)
    return SpacedLayout
