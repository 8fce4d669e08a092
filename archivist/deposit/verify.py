"""``archivist verify``: completeness and fixity of bags (directories, zips or tars), strict and
bounded; then the original seed against its master, and the BagIt profile the bag declares.

Strict: ``bagit.txt``; ``bag-info.txt`` with every tag of :data:`REQUIRED_TAGS`; at least one
payload manifest; for every manifest algorithm a tag manifest listing ``bagit.txt``,
``bag-info.txt`` and the payload manifests (a forged ``bag-info.txt`` with its tag manifests
deleted is caught). Every failing file is named: a checksum mismatch, a missing, unexpected,
unreadable or non-regular file, a tag file that is not UTF-8 — and checking goes on.

Bounded: tag files above 1 MiB and manifests above 64 MiB are refused before being read;
files that are not regular (FIFOs, devices, links) are named, never opened; a zip is never
extracted — members are streamed from it, and only after the sizes its directory declares
agree with ``Payload-Oxum``, so a zip bomb is refused before a byte is inflated.

Why not ``bagit.Bag.validate``: it needs a directory (zips had to be unpacked), stops at
Payload-Oxum without naming the files, opens FIFOs, and raises on one non-UTF-8 byte.
"""
from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .bagtree import Tree, TreeError, ZipTree, open_tree, read_small
from ..errors import Problem
from .original import check_original
from .profiles import check as check_profile

REQUIRED_TAGS = ("Payload-Oxum", "Bagging-Date")
ALGORITHMS = ("sha512", "sha384", "sha256", "sha224", "sha1", "md5")
TAG_LIMIT = 1024 * 1024
MANIFEST_LIMIT = 64 * 1024 * 1024
_MANIFEST = re.compile(r"^(tag)?manifest-([a-z0-9]+)\.txt$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CHUNK = 1 << 20


@dataclass
class _Report:
    """Problems of one bag, each named ``BAG/relative/path``."""

    label: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, rel: str, code: str, message: str) -> None:
        where = f"{self.label}/{rel}" if rel else self.label
        self.problems.append(Problem("error", code, where, message))


def parse_tags(text: str) -> tuple[dict[str, list[str]], list[str]]:
    """``Label: value`` lines (with indented continuations) → tags, and malformed lines."""
    tags: dict[str, list[str]] = {}
    bad: list[str] = []
    last: tuple[str, int] | None = None
    for n, line in enumerate(_LINE_BREAK.split(text.removesuffix("\n")), 1):
        if line[:1] in (" ", "\t") and last:
            tags[last[0]][last[1]] += " " + line.strip()
        elif ":" in line:
            key, value = line.split(":", 1)
            tags.setdefault(key.strip(), []).append(value.strip())
            last = (key.strip(), len(tags[key.strip()]) - 1)
        else:
            bad.append(f"line {n}: not a 'Label: value' line")
    return tags, bad


def _declaration(tree: Tree, report: _Report) -> dict[str, list[str]]:
    """Check ``bagit.txt`` and ``bag-info.txt``; return bag-info's tags."""
    info: dict[str, list[str]] = {}
    for rel in ("bagit.txt", "bag-info.txt"):
        try:
            tags, bad = parse_tags(read_small(tree, rel, TAG_LIMIT))
        except TreeError as exc:
            report.add(exc.where, "tag-file", str(exc))
            continue
        for b in bad:
            report.add(rel, "tag-file", b)
        if rel == "bagit.txt":
            if not tags.get("BagIt-Version") or tags.get("Tag-File-Character-Encoding", ["UTF-8"])[0].upper() != "UTF-8":
                report.add(rel, "tag-file", "must declare BagIt-Version and UTF-8 tag files")
            continue
        info = tags
        for tag in REQUIRED_TAGS:
            if not tags.get(tag):
                report.add(rel, "required-tag", f"required tag {tag} is missing")
    return info


def _parse_manifest(text: str, rel: str, report: _Report) -> dict[str, str]:
    entries: dict[str, str] = {}
    for n, line in enumerate(_LINE_BREAK.split(text.removesuffix("\n")), 1):
        parts = line.strip().split(None, 1)
        if len(parts) != 2:
            report.add(rel, "manifest", f"line {n}: not 'checksum path'")
            continue
        digest, raw = parts
        path = re.sub("%0[aA]", "\n", re.sub("%0[dD]", "\r", raw)).replace("%25", "%")
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or "\\" in path:
            report.add(rel, "manifest", f"line {n}: unsafe path {path!r}")
        elif path in entries:
            report.add(rel, "manifest", f"line {n}: {path!r} listed twice")
        else:
            entries[path] = digest.lower()
    return entries


def _manifests(tree: Tree, report: _Report) -> dict[tuple[bool, str], dict[str, str]]:
    """Every (tag?, algorithm) manifest, parsed; strictness about which must exist."""
    found: dict[tuple[bool, str], dict[str, str]] = {}
    for rel in sorted(r for r in tree.entries if "/" not in r):
        m = _MANIFEST.match(rel)
        if not m:
            continue
        if m.group(2) not in ALGORITHMS:
            report.add(rel, "algorithm", f"unsupported checksum algorithm {m.group(2)!r}")
            continue
        try:
            text = read_small(tree, rel, MANIFEST_LIMIT)
        except TreeError as exc:
            report.add(exc.where, "manifest", str(exc))
            continue
        found[(bool(m.group(1)), m.group(2))] = _parse_manifest(text, rel, report)
    payload = sorted(a for tag, a in found if not tag)
    if not payload:
        report.add("", "no-manifest", "no payload manifest (manifest-<algorithm>.txt)")
    must = ["bagit.txt", "bag-info.txt"] + [f"manifest-{a}.txt" for a in payload]
    for alg in payload:
        listed = found.get((True, alg))
        if listed is None:
            report.add(f"tagmanifest-{alg}.txt", "missing", "tag manifest missing: bagit.txt, "
                       f"bag-info.txt and manifest-{alg}.txt are unprotected")
            continue
        for rel in must:
            if rel in tree.entries and rel not in listed:
                report.add(rel, "untracked-tag", f"not listed in tagmanifest-{alg}.txt")
    return found


def _completeness(tree: Tree, manifests: dict[tuple[bool, str], dict[str, str]], report: _Report) -> None:
    payload = {k: v for k, v in manifests.items() if not k[0]}
    listed = set().union(*payload.values()) if payload else set()
    present = {r for r in tree.entries if r.startswith("data/")}
    for rel in sorted(r for r in listed if not r.startswith("data/")):
        report.add(rel, "outside-data", "listed in a payload manifest but outside data/")
    for rel in sorted(r for r in listed - present if r.startswith("data/")):
        report.add(rel, "missing", "listed in the manifest but missing")
    for rel in sorted(present - listed):
        report.add(rel, "unexpected", "present but not in any manifest")
    for (_, alg), entries in sorted(payload.items()):
        for rel in sorted((listed & present) - set(entries)):
            report.add(rel, "unlisted", f"not listed in manifest-{alg}.txt")
    for (tag, alg), entries in sorted(manifests.items()):
        for rel in sorted(r for r in entries if tag and r not in tree.entries):
            report.add(rel, "missing", f"listed in tagmanifest-{alg}.txt but missing")
    for rel, entry in sorted(tree.entries.items()):
        if not entry.regular:
            report.add(rel, "not-regular", f"is {entry.kind}; not read")


def _oxum(tree: Tree, info: dict[str, list[str]], report: _Report) -> bool:
    """Check Payload-Oxum against data/; False when a zip declares more than it (not read)."""
    files = [e for r, e in tree.entries.items() if r.startswith("data/") and e.regular]
    count, octets = len(files), sum(e.size for e in files)
    values = info.get("Payload-Oxum", [])
    m = re.fullmatch(r"(\d+)\.(\d+)", values[0]) if len(values) == 1 else None
    if values and not m:
        report.add("bag-info.txt", "oxum", f"Payload-Oxum must be one OCTETS.COUNT value, not {values}")
    if m and (int(m.group(1)), int(m.group(2))) != (octets, count):
        report.add("bag-info.txt", "oxum", f"Payload-Oxum {m.group(0)} but data/ holds {count} "
                   f"files of {octets:,} bytes")
    if isinstance(tree, ZipTree) and not (m and octets <= int(m.group(1))):
        report.add("", "zip-size", f"the zip declares {octets:,} bytes of payload, more than "
                   "Payload-Oxum allows; payload not read")
        return False
    return True


def _fixity(tree: Tree, expected: dict[str, dict[str, str]], report: _Report) -> None:
    """Stream every listed regular file once, computing all its algorithms together."""
    for rel in sorted(expected):
        entry = tree.entries.get(rel)
        if entry is None or not entry.regular:
            continue
        hashers = {alg: hashlib.new(alg) for alg in expected[rel]}
        try:
            with tree.open(rel) as fh:
                while chunk := fh.read(_CHUNK):
                    for h in hashers.values():
                        h.update(chunk)
        except (OSError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
            report.add(rel, "unreadable", f"cannot read: {exc}")
            continue
        for alg, want in sorted(expected[rel].items()):
            got = hashers[alg].hexdigest()
            if got != want:
                report.add(rel, f"{alg}-mismatch", f"{alg} checksum mismatch: expected {want}, found {got}")


def check_tree(label: str, tree: Tree, payload_fixity: bool = True) -> list[Problem]:
    """Every problem of the bag in ``tree`` (empty: valid). ``payload_fixity=False`` checks
    structure, tag-file fixity and sizes only (the cheap check before skipping a bag)."""
    report = _Report(label)
    info = _declaration(tree, report)
    manifests = _manifests(tree, report)
    _completeness(tree, manifests, report)
    read_payload = _oxum(tree, info, report) and payload_fixity
    expected: dict[str, dict[str, str]] = {}
    for (tag, alg), entries in manifests.items():
        if tag or read_payload:
            for rel, digest in entries.items():
                expected.setdefault(rel, {})[alg] = digest
    _fixity(tree, expected, report)
    return report.problems


def verify_bag(path: str | Path, payload_fixity: bool = True) -> list[Problem]:
    """Every completeness or fixity problem of one bag (empty: the bag is valid), and whether
    the original seed still matches the hash its master recorded. Never raises for a bad
    bag: whatever is wrong becomes a Problem naming the bag and file."""
    p = Path(path)
    try:
        tree = open_tree(p)
    except TreeError as exc:
        return [Problem("error", "bag", str(p), str(exc))]
    except OSError as exc:
        return [Problem("error", "bag", str(p), f"cannot read: {exc.strerror or exc}")]
    try:
        problems = check_tree(str(p), tree, payload_fixity)
        return problems or (check_original(tree, str(p)) + [
            Problem("error", "profile", str(p), m) for m in check_profile(tree, p, parse_tags)])
    finally:
        tree.close()
