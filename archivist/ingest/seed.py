"""The seed reader: the only module that knows the seed text format.

A seed holds an English header (``Title:``, ``Author:``, ``Date:``, ``Edition:``/``Page:``,
optional ``Column:``), the English translation, an optional ``**Named Entities**`` list, then
``<hr />``, ``Original:`` and the Chinese original with its own five-line header block.
See ``SURVEY.md`` of the corpus for every variation handled here.

:func:`read_seed` returns a :class:`Seed`: the text split into its parts, with line
numbers, nothing yet aligned or linked. Errors are :class:`~archivist.errors.SeedError`
naming the file and line.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SeedError
from .nelist import RawEntity, split_entry
from ..tei.model import Bibl, Note

#: Seeds larger than this are refused (real articles are under 200 KB).
MAX_SEED_BYTES = 4 * 1024 * 1024

_KEY = re.compile(r"^(Title|Author|Date|Edition|Page|Column):[ \t]?(.*)$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PAGE_ZH = re.compile(r"^第([0-9０-９]+)版\((.*)\)$")
_COLUMN_ZH = re.compile(r"^专栏：(.*)$")
_NE_HEADER = "**Named Entities**"
_CATEGORY = re.compile(
    r"^\s*(?:\*\*)?(People|Persons|Places|Locations|Organi[sz]ations|Events|Slogans|Terms|"
    r"Slogans(?:/| and )Terms|Other)(?:\*\*)?\s*[:：]?\s*(?:\*\*)?\s*$",
    re.IGNORECASE,
)
_CATEGORY_MAP = {
    "people": "person", "persons": "person", "places": "place", "locations": "place",
    "organizations": "org", "organisations": "org", "events": "event",
    "slogans": "term", "terms": "term", "other": None,
}
_BR = re.compile(r"^\s*<br\s*/?>\s*$", re.IGNORECASE)
# Characters XML 1.0 cannot carry, plus the non-characters U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Line:
    """A line of the seed with its 1-based number."""

    number: int
    text: str


@dataclass
class RawGroup:
    category: str | None
    label: str | None
    entries: list[RawEntity] = field(default_factory=list)


@dataclass
class Seed:
    """A seed split into its parts; prose lines are exact."""

    path: str
    sha256: str
    bibl: Bibl
    english: list[Line]
    chinese: list[Line]
    groups: list[RawGroup]
    notes: list[Note]
    raw: bytes = field(default=b"", repr=False)  # the file's exact bytes (kept in the bag)


def is_blank(text: str) -> bool:
    """True for an empty or whitespace-only line (U+3000 counts as whitespace)."""
    return not text.strip()


def decode(data: bytes, path: str) -> str:
    """Decode seed bytes: UTF-8 with or without BOM, LF or CRLF; refuse anything else."""
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(path, 1, f"file is {len(data):,} bytes; seeds larger than "
                        f"{MAX_SEED_BYTES:,} bytes are refused")
    if not data.strip():
        raise SeedError(path, 1, "file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SeedError(path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                        f"{exc.start}); convert the file to UTF-8") from None
    text = text.replace("\r\n", "\n")
    bad = _FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise SeedError(path, line, f"control or non-character U+{ord(bad.group()):04X} "
                        "is not allowed in a seed (binary file?)")
    return text


def read_seed(path: str | Path) -> Seed:
    """Read and split one seed file."""
    from ..fsutil import read_bounded

    p = str(path)
    data = read_bounded(p, MAX_SEED_BYTES, lambda line, what: SeedError(p, line, what))
    return parse_seed_text(data, p)


def parse_seed_text(data: bytes | str, path: str = "<seed>") -> Seed:
    """Split seed text (bytes or str) into a :class:`Seed`."""
    import hashlib

    raw = data.encode("utf-8") if isinstance(data, str) else data
    text = decode(raw, path)
    lines = [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    if lines and lines[-1].text == "":
        lines.pop()
    hr = _find_separator(lines, path)
    english_part, original_part = lines[:hr], lines[hr + 1:]
    header, body_start = _read_english_header(english_part, path)
    body, ne_lines = _split_named_entities(english_part[body_start:])
    body = _trim(body)
    if not any(not is_blank(ln.text) for ln in body):
        where = english_part[body_start].number if body_start < len(english_part) else hr + 1
        raise SeedError(path, where, "no English body between the header and '<hr />'")
    zh_header, chinese = _read_chinese(original_part, path)
    notes: list[Note] = []
    bibl = _bibl(header, zh_header, path, notes)
    groups = _read_entities(ne_lines)
    return Seed(path, hashlib.sha256(raw).hexdigest(), bibl, body, chinese, groups, notes, raw)


def _find_separator(lines: list[Line], path: str) -> int:
    for i, ln in enumerate(lines):
        if ln.text.strip() == "<hr />":
            rest = [x for x in lines[i + 1:i + 6] if not is_blank(x.text)]
            if rest and rest[0].text.strip() == "Original:":
                return i
    last = lines[-1].number if lines else 1
    raise SeedError(path, last, "no '<hr />' and 'Original:' section: the Chinese original is missing")


def _read_english_header(lines: list[Line], path: str) -> tuple[dict[str, Line], int]:
    header: dict[str, Line] = {}
    i = 0
    while i < len(lines):
        ln = lines[i]
        if is_blank(ln.text):
            i += 1
            continue
        m = _KEY.match(ln.text)
        if not m:
            break
        key = "Page" if m.group(1) == "Edition" else m.group(1)
        if key in header:
            break
        header[key] = Line(ln.number, m.group(2).strip(" \t"))
        i += 1
    first = lines[0].number if lines else 1
    for key in ("Title", "Date"):
        if key not in header:
            raise SeedError(path, first, f"English header has no '{key}:' line")
    if not header["Title"].text.strip():
        raise SeedError(path, header["Title"].number, "'Title:' is empty")
    if "Page" not in header:
        raise SeedError(path, header["Date"].number, "English header has no 'Edition:' or 'Page:' line")
    return header, i


def _split_named_entities(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    for i, ln in enumerate(lines):
        if ln.text.strip() == _NE_HEADER:
            return lines[:i], lines[i + 1:]
    return lines, []


def _trim(lines: list[Line]) -> list[Line]:
    """Drop leading/trailing blank lines and ``<br>`` lines around a section."""
    def empty(ln: Line) -> bool:
        return is_blank(ln.text) or bool(_BR.match(ln.text))
    start, end = 0, len(lines)
    while start < end and empty(lines[start]):
        start += 1
    while end > start and empty(lines[end - 1]):
        end -= 1
    return lines[start:end]


def _read_chinese(lines: list[Line], path: str) -> tuple[dict[str, Line], list[Line]]:
    i = next((k for k, ln in enumerate(lines) if ln.text.startswith("###")), None)
    if i is None:
        where = lines[-1].number if lines else 1
        raise SeedError(path, where, "no '### headline' line after 'Original:'")
    head = lines[i]
    block = lines[i + 1:i + 5]
    header = {"headline": Line(head.number, head.text[3:].strip(" "))}
    if not header["headline"].text.strip():
        raise SeedError(path, head.number, "the '###' headline is empty")
    # The block is author-or-empty, date, 第N版(…), 专栏：… — tolerate a missing author line.
    if block and _DATE.match(block[0].text.strip()):
        block = [Line(head.number, "")] + block[:3]
        consumed = 4
    else:
        consumed = 5
    names = ("author", "date", "page", "column")
    for name, ln in zip(names, block):
        header[name] = Line(ln.number, ln.text.strip(" \t"))
    for name, pattern in (("date", _DATE), ("page", _PAGE_ZH), ("column", _COLUMN_ZH)):
        ln = header.get(name)
        if ln is None or not pattern.match(ln.text):
            where = ln.number if ln else head.number
            found = repr(ln.text) if ln else "end of file"
            raise SeedError(path, where, f"Chinese header: expected the {name} line, found {found}")
    body = _trim(lines[i + consumed:])
    if not body:
        raise SeedError(path, head.number, "no Chinese body after the '专栏：' line")
    return header, body


def _check_date(value: Line, path: str) -> str:
    m = _DATE.match(value.text)
    if not m:
        raise SeedError(path, value.number, f"date {value.text!r} is not YYYY-MM-DD")
    try:
        _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise SeedError(path, value.number, f"impossible date {value.text!r}") from None
    return value.text


def _split_names(text: str, chinese: bool) -> list[str]:
    if not text:
        return []
    sep = r"\s{2,}|\u3000+" if chinese else r"\s{2,}|,\s*|;\s*"
    return [n.strip() for n in re.split(sep, text) if n.strip()]


def _bibl(header: dict[str, Line], zh: dict[str, Line], path: str, notes: list[Note]) -> Bibl:
    date = _check_date(header["Date"], path)
    zh_date = _check_date(zh["date"], path)
    page_line = header["Page"]
    if not re.fullmatch(r"\d{1,3}", page_line.text) or int(page_line.text) < 1:
        raise SeedError(path, page_line.number, f"page {page_line.text!r} is not a page number")
    page = int(page_line.text)
    m = _PAGE_ZH.match(zh["page"].text)
    assert m is not None  # checked in _read_chinese
    zh_page = int(unicodedata.normalize("NFKC", m.group(1)))
    if zh_date != date:
        notes.append(Note("date-mismatch", f"English Date {date} differs from the Chinese date {zh_date}"))
    if zh_page != page:
        notes.append(Note("page-mismatch", f"English page {page} differs from the Chinese 第{zh_page}版"))
    column = _COLUMN_ZH.match(zh["column"].text)
    return Bibl(
        title_en=header["Title"].text,
        headline_zh=zh["headline"].text,
        date=date,
        page=page,
        authors_en=_split_names(header["Author"].text if "Author" in header else "", False),
        authors_zh=_split_names(zh["author"].text, True),
        section_zh=m.group(2).strip() or None,
        column_zh=(column.group(1).strip() if column else "") or None,
        column_en=header["Column"].text if "Column" in header and header["Column"].text else None,
    )


def _read_entities(lines: list[Line]) -> list[RawGroup]:
    groups: list[RawGroup] = []
    current: RawGroup | None = None
    for ln in lines:
        if is_blank(ln.text) or _BR.match(ln.text):
            if current is not None and current.entries and current.label is None:
                current = None  # a blank line ends an unlabelled group
            continue
        m = _CATEGORY.match(ln.text)
        if m:
            key = m.group(1).lower().split("/")[0].split(" and ")[0]
            current = RawGroup(_CATEGORY_MAP.get(key), ln.text.strip())
            groups.append(current)
            continue
        if current is None:
            current = RawGroup(None, None)
            groups.append(current)
        current.entries.append(split_entry(ln))
    return [g for g in groups if g.entries or g.label]
