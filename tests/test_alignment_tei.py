"""Alignment in the TEI master: one stand-off link per bead with shape and confidence, roles,
a method statement made from the code's constants, read back exactly, shown by renderers."""
from __future__ import annotations

import re

from lxml import etree

from archivist.ingest import align
from archivist.ingest.build import convert
from archivist.render import epub, pdf
from archivist.tei import reader, writer
from archivist.tei.schema import parse_xml, validate_tree

from conftest import CORPUS, SEED, WHEN, options

NS = {"t": "http://www.tei-c.org/ns/1.0"}
TELEGRAM = CORPUS / "1966.08" / "1966-08-01_刘少奇主席电贺瑞士国庆.md"
POEM = CORPUS / "1949.10" / "1949-10-01_小红帽脱险记_３.md"


def test_each_bead_is_one_link_with_shape_cert_and_resp() -> None:
    root = etree.fromstring(writer.to_bytes(convert(TELEGRAM, when=WHEN)))
    links = root.xpath("//t:standOff/t:linkGrp[@type='alignment']/t:link", namespaces=NS)
    shapes = [link.get("type") for link in links]
    assert shapes == ["3-1", "1-1", "1-1", "1-1"]  # dateline, lead and address run into 1 line
    for link in links:
        assert 0 <= float(link.get("cert")) <= 1 and link.get("resp") == "#resp-archivist"
    lone = root.xpath("//t:div[@type='original']/t:p[contains(@ana, '#unaligned')]/@ana",
                      namespaces=NS)
    assert lone == ["#unaligned #role-headline"]  # the headline repeated, never forced


def test_roles_are_ana_pointers_to_role_interps() -> None:
    root = etree.fromstring(writer.to_bytes(convert(TELEGRAM, when=WHEN)))
    roles = {p.get("ana") for p in root.xpath("//t:body//t:p[@ana]", namespaces=NS)}
    assert {"#role-byline", "#role-dateline"} <= roles
    ids = set(root.xpath("//t:interpGrp[@type='role']/t:interp/@xml:id", namespaces=NS))
    assert {"role-headline", "role-column", "role-byline", "role-dateline", "role-credit",
            "role-source", "role-editor-note"} <= ids


def test_method_statement_carries_the_constants_the_code_uses() -> None:
    root = etree.fromstring(writer.to_bytes(convert(SEED, when=WHEN)))
    text = root.xpath("string(//t:interpretation/t:p[@xml:id='alignment-method'])", namespaces=NS)
    assert f"counts as {align.CJK_WEIGHT:g} English characters" in text
    assert f"variance {align.VARIANCE:g}" in text and f"minus {align.ANCHOR_WEIGHT:g}" in text
    assert f"plus {align.ROLE_MISMATCH:g} when a structural line" in text
    assert f"{align.KIND_MISMATCH:g} when it is paired with a structural line of another" in text
    assert f"capped at {align.LENGTH_CAP:g}" in text and f"alone costs {align.LONE_COST:.2f}" in text
    assert f"a run of 4 to {align.FREE_RUN} lines, or of up to {align.MAX_RUN}" in text
    assert "4.5" not in text


def test_links_read_back_and_rewrite_byte_identical() -> None:
    for path in (TELEGRAM, POEM, SEED):
        data = writer.to_bytes(convert(path, when=WHEN))
        article = reader.read(parse_xml(data))
        assert writer.to_bytes(article) == data
        assert all(p.corresp or p.id not in {t for l in article.links for t in l.en + l.zh}
                   for p in article.en_paragraphs)


def test_hand_edited_link_is_followed_by_renderers() -> None:
    """Renderers read the links: a link deleted by hand (its paragraphs marked unaligned)
    turns its pairing into rows without counterpart."""
    root = etree.fromstring(writer.to_bytes(convert(TELEGRAM, when=WHEN)))
    link = root.xpath("//t:linkGrp/t:link[@type='3-1']", namespaces=NS)[0]
    targets = [t[1:] for t in link.get("target").split()]
    link.getparent().remove(link)
    for p in root.xpath("//t:body//t:p", namespaces=NS):
        if p.get("{http://www.w3.org/XML/1998/namespace}id") in targets:
            p.set("ana", " ".join(["#unaligned"] + (p.get("ana") or "").split()))
    tree = etree.ElementTree(root)
    assert validate_tree(tree, "edited") == []
    before = pdf.html_document(convert(TELEGRAM, when=WHEN), options()).decode()
    after = pdf.html_document(reader.read(tree), options()).decode()
    assert after.count('class="nocp"') == before.count('class="nocp"') + 4


def test_low_confidence_pairs_are_marked_in_pdf_and_epub() -> None:
    article = convert(POEM, when=WHEN)
    shaky = [link for link in article.links if link.cert < 0.7]
    assert shaky, "the poem has uncertain verse pairings"
    html = pdf.html_document(article, options()).decode()
    assert html.count('class="lowcert"') == len(shaky)
    assert re.search(r"uncertain pairing \(confidence 0\.\d\d\)", html)
    page = epub._text_page(article, "en").decode()
    assert page.count('class="lowcert"') == sum(len(link.en) for link in shaky)


def test_masters_with_links_are_valid(tei_all) -> None:
    for path in (TELEGRAM, POEM):
        tree = parse_xml(writer.to_bytes(convert(path, when=WHEN)))
        assert validate_tree(tree, str(path)) == []
        assert tei_all.validate(tree), tei_all.error_log.last_error


def test_sentence_links_inside_one_to_one_pairs() -> None:
    """Both sides split into the same number of sentences: linked in order, read back."""
    data = writer.to_bytes(convert(SEED, when=WHEN))
    article = reader.read(parse_xml(data))
    paras = {p.id: p.text for p in article.en_paragraphs + article.zh_paragraphs}
    linked = [link for link in article.links if link.sentences]
    assert linked and all(link.shape == "1-1" for link in linked)
    link = linked[0]
    for (e0, e1), (z0, z1) in link.sentences:
        en, zh = paras[link.en[0]][e0:e1], paras[link.zh[0]][z0:z1]
        assert en.rstrip("\"'”’)").endswith((".", "!", "?")) or e1 == len(paras[link.en[0]].rstrip())
        assert zh.rstrip("”’」』）)").endswith(("。", "！", "？")) or z1 == len(paras[link.zh[0]].rstrip())
    firsts = {paras[k.en[0]][k.sentences[0][0][0]:k.sentences[0][0][1]][:26]:
              paras[k.zh[0]][k.sentences[0][1][0]:k.sentences[0][1][1]] for k in linked}
    assert firsts["In addition to introducing"].startswith("这次会议，除介绍锦州经验外")


def test_sentence_link_into_another_pair_is_refused() -> None:
    data = writer.to_bytes(convert(SEED, when=WHEN))
    ids = re.findall(rb"string-range\(//p\[@xml:id='(zh-[0-9a-f]+)'\]", data)
    bad = data.replace(ids[0], ids[-1], 1) if ids[0] != ids[-1] else data
    problems = validate_tree(parse_xml(bad), "bad")
    assert any("one 1-1 alignment link" in p.message for p in problems)


def _beads_against_gold(gold_path) -> list[tuple[float, bool]]:
    """(cert, whether the gold has every pair the bead makes) for each bead joining both
    languages, over every file of a hand-made gold alignment."""
    import goldscore
    from archivist.ingest.evaluate import links, map_units

    units = goldscore._units_module()
    out = []
    for key, entry in goldscore.load_gold(gold_path).items():
        path = goldscore.seed_path(key, gold_path)
        en, zh, _ = units.units(str(path))
        article = convert(path, when=WHEN)
        en_unit = {article.en_paragraphs[p].id: u for u, p in
                   enumerate(map_units(en, [x.text for x in article.en_paragraphs])) if p is not None}
        zh_unit = {article.zh_paragraphs[p].id: u for u, p in
                   enumerate(map_units(zh, [x.text for x in article.zh_paragraphs])) if p is not None}
        gold = links(entry["beads"])
        for link in article.links:
            pairs = {(en_unit.get(e), zh_unit.get(z)) for e in link.en for z in link.zh}
            out.append((link.cert, pairs <= gold))
    return out


def test_confidence_flags_every_wrong_pairing_and_few_right_ones() -> None:
    """Against the gold made by reading (corpus, and the unseen dev set): every bead the gold
    contradicts is below 0.7 ("uncertain pairing" in the PDF and EPUB), and most beads
    below 0.7 are still right, but no more than 3 % of all beads (measured: corpus 1 wrong +
    4 right of 427, dev 1 wrong + 7 right of 314; before a larger bead holding all of a bead
    stopped counting as its rival, 7 and 14 right)."""
    import goldscore

    for gold_path in (goldscore.OUR_GOLD, goldscore.DEV_GOLD):
        beads = _beads_against_gold(gold_path)
        wrong = [cert for cert, right in beads if not right]
        flagged_right = [cert for cert, right in beads if right and cert < 0.7]
        assert all(cert < 0.7 for cert in wrong), (gold_path.parent.name, wrong)
        assert len(flagged_right) <= 0.03 * len(beads), (gold_path.parent.name, len(flagged_right))


def test_numbered_deck_pairing_no_longer_doubted() -> None:
    """The poem's decks "3" ↔ "３" and "(II)" ↔ "（二）" are right; both were at 0.50.
    "(II)": its rival joined it with the line before into a larger bead, which keeps the
    pairing, and only lower-case roman markers were anchors. "3": the English line was not
    known as a deck (the title ends with it: "… Escape 3"), so pairing it with the Chinese
    deck cost as much as a structural line against running text."""
    from archivist.ingest.evidence import markers

    assert markers("　　(II)", True) == {"item2"} == markers("（二）", False)
    article = convert(POEM, when=WHEN)
    en = {p.id: p.text.strip() for p in article.en_paragraphs}
    zh = {p.id: p.text.strip() for p in article.zh_paragraphs}
    certs = {(tuple(en[e] for e in link.en), tuple(zh[z] for z in link.zh)): link.cert
             for link in article.links}
    assert certs[(("(II)",), ("（二）",))] >= 0.9 and certs[(("3",), ("３",))] >= 0.9
