"""English hyphenation limits the PDF's CSS cannot express in WeasyPrint.

WeasyPrint supports ``hyphenate-limit-chars`` and ``hyphenate-limit-zone`` (set in
styles/pdf.css) but not ``hyphenate-limit-lines`` nor a rule against splitting names. So:

- capitalised words (names, mostly) are wrapped in ``span class="nh"`` (``hyphens: manual``)
  before layout: "Jinzhou" is never set "Jin-zhou";
- after layout, :func:`overlong_runs` finds a third hyphenated line in a row; the word split
  there is protected the same way and the page is laid out again (:func:`protect`).

The text is never changed, only wrapped in spans.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from lxml import etree

from . import xhtml as X

#: At most this many consecutive hyphenated lines (CSS ``hyphenate-limit-lines: 2``).
MAX_RUN = 2
#: Capitalised words long enough to be hyphenated (``hyphenate-limit-chars: 7 3 3``).
NAME = re.compile(r"\b[A-Z][A-Za-z]{6,}\b")
HYPHEN = "-"


def protect_names(root: etree._Element) -> None:
    """Keep capitalised words whole in the English cells."""
    for td in root.iter("{%s}td" % X.XHTML_NS):
        if "en" in (td.get("class") or "").split():
            X.wrap_text(td, NAME, "nh")


def protect(root: etree._Element, words: dict[str, set[str]]) -> None:
    """Keep ``words`` whole in the paragraphs (by id) they were hyphenated in."""
    for p in root.iter("{%s}p" % X.XHTML_NS):
        if p.get("id") in words:
            alternatives = "|".join(re.escape(w) for w in sorted(words[p.get("id")], key=len, reverse=True))
            X.wrap_text(p, re.compile(rf"\b(?:{alternatives})\b"), "nh")


def protect_bytes(html: bytes, words: dict[str, set[str]]) -> bytes:
    """:func:`protect` on a serialised XHTML document."""
    root = etree.fromstring(html, etree.XMLParser(resolve_entities=False, no_network=True,
                                                  huge_tree=True))
    protect(root, words)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")


def paragraph_lines(document: Any) -> Iterator[tuple[str, str, list[str]]]:
    """(paragraph id, its text, the text of each of its laid-out lines) for every English
    paragraph of the parallel table, across pages."""
    from weasyprint.formatting_structure import boxes

    lines: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.LineBox) and box.element is not None \
                    and box.element.tag.endswith("p") and box.style["lang"] == "en" \
                    and box.element.get("id", "").startswith("en-"):
                pid = box.element.get("id")
                lines.setdefault(pid, []).append(
                    "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox)))
                texts[pid] = "".join(box.element.itertext())
    for pid, found in lines.items():
        yield pid, texts[pid], found


def hyphenated(text: str, lines: list[str]) -> list[bool]:
    """For each line, whether it ends with a hyphen the typesetter added (not one in the text)."""
    source = re.sub(r"\s+", "", text)
    pos, flags = 0, []
    for line in lines:
        t = re.sub(r"\s+", "", line)
        if source.startswith(t, pos):
            pos += len(t)
            flags.append(False)
        elif t.endswith(HYPHEN) and source.startswith(t[:-1], pos):
            pos += len(t) - 1
            flags.append(True)
        else:  # not this paragraph's text (cannot happen); count it as not hyphenated
            flags.append(False)
    return flags


def overlong_runs(document: Any) -> dict[str, set[str]]:
    """Paragraph id → words split on a hyphenated line that follows ``MAX_RUN`` others."""
    found: dict[str, set[str]] = {}
    for pid, text, lines in paragraph_lines(document):
        run = 0
        for k, flag in enumerate(hyphenated(text, lines)):
            run = run + 1 if flag else 0
            if run > MAX_RUN and k + 1 < len(lines):
                head = lines[k].rstrip().rsplit(None, 1)[-1][:-len(HYPHEN)]
                tail = (lines[k + 1].split(None, 1) or [""])[0]
                word = re.sub(r"^\W+|\W+$", "", head + tail)
                if word:
                    found.setdefault(pid, set()).add(word)
                run = 0
    return found
