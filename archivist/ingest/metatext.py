"""Evidence that an English paragraph is commentary about the article, not a translation.

A machine translator sometimes writes *about* its input ("The article does not have a 专栏:
section.", "The image … serves as a metaphor for …") instead of translating it. One keyword
proves nothing: a translated poem says "I cannot", a letter says "the article you printed".
:func:`evidence` therefore collects independent kinds of evidence and the caller flags a
paragraph only when at least two agree.
"""
from __future__ import annotations

import re

from .align import text_length

#: The translator speaking as an assistant: one of these is a kind of evidence of its own.
_ASSISTANT = re.compile(
    r"\b(?:as an AI|language model|I(?: am|'m) (?:sorry|unable)|I (?:cannot|can't|am unable to) "
    r"(?:translate|provide|access|assist|help with|fulfil|fulfill|process|read)|here is the "
    r"translation|(?:the )?translation (?:is|was) not (?:provided|available)|not (?:provided|"
    r"included) in the (?:original|source|text)|translator['’]s note)\b", re.IGNORECASE)
#: The source treated as an object and described: "The article does not have", "The image captures".
_DESCRIBED = re.compile(
    r"\b(?:the|this) (?:article|text|original|source|document|image|picture|photo(?:graph)?|"
    r"cartoon|drawing|artwork|illustration|caption|passage|file) (?:\w+ ){0,4}?(?:does not|"
    r"doesn't|did not|has no|contains no|is not (?:available|provided|included)|is depicted|"
    r"depicts|captures|shows|portrays|serves|highlights|conveys|appears to|seems to|is a "
    r"(?:powerful|striking|poignant|vivid))\b", re.IGNORECASE)
#: The seed's own structure named in the English.
_STRUCTURE = re.compile(r"专栏|\b(?:Original:|Named Entities|the (?:Chinese|English) (?:text|version|"
                        r"original))", re.IGNORECASE)
#: The vocabulary of interpretation rather than report.
_INTERPRETIVE = re.compile(
    r"\b(?:depict(?:s|ed|ion|ing)?|metaphor\w*|symboli[sz]\w*|commentary|resonat\w*|"
    r"highlighting|evok\w*|poignant\w*|striking|underscor\w*)\b", re.IGNORECASE)
#: An English paragraph this many times the length of the whole Chinese text translates nothing.
OVERLONG = 3.0


def evidence(text: str, zh_length: float) -> list[str]:
    """The kinds of meta-commentary evidence in ``text`` (empty for an ordinary translation).

    ``zh_length`` is the length of the whole Chinese text in aligned units
    (:func:`archivist.ingest.align.text_length`).
    """
    found: list[str] = []
    if _ASSISTANT.search(text):
        found += ["the translator speaks as an assistant"] * 2
    if _DESCRIBED.search(text):
        found.append("the source is described as an object")
    if _STRUCTURE.search(text):
        found.append("the seed's structure is named")
    words: dict[str, str] = {}
    for m in _INTERPRETIVE.finditer(text):
        words.setdefault(m.group().lower()[:6], m.group())
    if len(words) >= 2:
        found.append("interpretive vocabulary: " + ", ".join(words.values()))
    if zh_length and text_length(text) > OVERLONG * zh_length:
        found.append("longer than the whole Chinese text")
    return found
