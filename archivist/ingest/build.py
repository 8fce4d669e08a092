"""Seed → article model: number the paragraphs, align them, link entities, flag defects.

This is the one place the stages meet: :func:`build_article` is read → align → link → flag.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .. import __version__
from . import evidence, qa, roles
from .align import align, describe
from .sentences import describe as describe_sentences, sentence_pairs
from .entities import link_and_check
from .seed import Line, RawGroup, Seed, is_blank, read_seed
from ..tei.model import (Article, Block, Entity, EntityGroup, Institution, Link, Note,
                         Paragraph, Provenance, Rights, Spacer)
from ..tei.schema import check_master, parse_xml
from ..tei.writer import to_bytes


#: Hex digits of the seed's SHA-256 in an article id: 64 bits, so that two seeds of one date
#: and page cannot be made to share an id by chance or in seconds (32 bits could); a
#: collision that happens anyway is detected and refused by ``package``.
ID_HEX = 16


def article_id(seed: Seed) -> str:
    """A stable, filesystem-safe id: date, page and a hash of the seed's bytes."""
    return f"{seed.bibl.date}_p{seed.bibl.page:02d}_{seed.sha256[:ID_HEX]}"


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:8]


def _unique(prefix: str, key: str, used: set[str]) -> str:
    base = f"{prefix}-{_digest(key)}"
    ident, n = base, 1
    while ident in used:
        n += 1
        ident = f"{base}-{n}"
    used.add(ident)
    return ident


def _blocks(lines: list[Line], prefix: str, used: set[str]) -> list[Block]:
    blocks: list[Block] = []
    for ln in lines:
        if ln.text == "" or (is_blank(ln.text) and "\u3000" not in ln.text and "\t" not in ln.text):
            continue
        if is_blank(ln.text):
            blocks.append(Spacer(ln.text))
        else:
            blocks.append(Paragraph(_unique(prefix, ln.text.strip(), used), ln.text))
    return blocks


def _groups(raw: list[RawGroup], used: set[str], notes: list[Note]) -> list[EntityGroup]:
    """The entity groups of the model; an entry split with doubt adds an ``entity-parse`` note."""
    groups = []
    for g in raw:
        ents = []
        for r in g.entries:
            ent = Entity(_unique("ent", f"{r.zh}\t{r.en}", used), g.category, r.zh, r.en, r.pinyin)
            if r.doubt:
                notes.append(Note("entity-parse", f"Entity entry on seed line {r.line}: {r.doubt}.",
                                  ent.id))
            ents.append(ent)
        groups.append(EntityGroup(g.category, g.label, ents))
    return groups


def build_article(seed: Seed, institution: Institution | None = None, *, when: str,
                  rights: Rights | None = None) -> Article:
    """Turn a parsed seed into the article model (the TEI master in memory).

    ``when`` is the build date (``YYYY-MM-DD``), read at the edge and passed in.
    """
    used: set[str] = set()
    english = _blocks(seed.english, "en", used)
    chinese = _blocks(seed.chinese, "zh", used)
    provenance = Provenance(article_id(seed), Path(seed.path).name, seed.sha256,
                            __version__, when, institution or Institution(), rights or Rights())
    parse_notes: list[Note] = []
    article = Article(seed.bibl, provenance, english, chinese,
                      _groups(seed.groups, used, parse_notes))
    _align(article)
    link_and_check(article.entities, article.en_paragraphs, article.zh_paragraphs)
    article.notes = list(seed.notes) + parse_notes + qa.flag(article)
    return article


def _align(article: Article) -> None:
    """Recognise structural roles, gather anchors, align; record beads and roles."""
    en, zh = article.en_paragraphs, article.zh_paragraphs
    en_text, zh_text = [p.text for p in en], [p.text for p in zh]
    found = roles.recognise(en_text, zh_text, article.bibl)
    lexicon = [(e.zh, e.en) for e in article.entities]
    beads = align(en_text, zh_text, evidence.anchors(en_text, zh_text, lexicon), found)
    for p, role in zip(en, found.en):
        p.role = role
    for p, role in zip(zh, found.zh):
        p.role = role
    for bead in beads:
        if len(bead.en) == len(bead.zh) == 1:  # a structural line's translation has its role
            e, z = en[bead.en[0]], zh[bead.zh[0]]
            if e.role is None and z.role in roles.APPARATUS and len(e.text.strip()) < 160:
                e.role = z.role
    article.links = [Link(tuple(en[i].id for i in b.en), tuple(zh[j].id for j in b.zh), b.cert,
                          sentence_pairs(en[b.en[0]].text, zh[b.zh[0]].text)
                          if len(b.en) == len(b.zh) == 1 else ())
                     for b in beads if b.en and b.zh]
    article.alignment_method = describe() + " " + describe_sentences()
    article.link_paragraphs()


def convert(path: str | Path, institution: Institution | None = None, *, when: str,
            rights: Rights | None = None) -> Article:
    """Read a seed file and build its article model."""
    return build_article(read_seed(path), institution, when=when, rights=rights)


def master_from_seed(seed: Seed, institution: Institution | None = None, *,
                     when: str, rights: Rights | None = None) -> tuple[Article, bytes]:
    """Parsed seed → (model, master bytes), the master validated (RELAX NG + Schematron).

    The one road from a seed to a master: ``archivist tei`` and ``archivist package`` both
    take it, so an invalid master is never written or packaged.
    """
    article = build_article(seed, institution, when=when, rights=rights)
    master = to_bytes(article)
    label = f"{article.provenance.article_id}.tei.xml"
    check_master(parse_xml(master, label), label)
    return article, master
