"""BagIt profiles a bag can declare: archivist's own (bagit-profiles 1.3.0 JSON; the tests
also validate bags with the ``bagit_profile`` library) and APTrust's published 2.2 profile
(DART's JSON form). Both ship in ``archivist/deposit/data/``; nothing is fetched.

:func:`check` reads a bag as a :class:`~archivist.deposit.bagtree.Tree` (directory, zip or
tar, never extracted) and names every way it breaks the profile its
``BagIt-Profile-Identifier`` declares.
"""
from __future__ import annotations

import json
import re
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .bagtree import Tree, TreeError, read_small

ARCHIVIST = "archivist"
APTRUST = "aptrust"
DATA = Path(__file__).parent / "data"
FILES = {ARCHIVIST: "archivist-bagit-profile-1.0.json", APTRUST: "aptrust-v2.2.json"}
SERIALIZATION = {".zip": "application/zip", ".tar": "application/tar"}
_MANIFEST = re.compile(r"^(tag)?manifest-([a-z0-9]+)\.txt$")
_BAG_FILES = ("bagit.txt", "bag-info.txt", "fetch.txt")
Tags = dict[str, list[str]]


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """A shipped profile's JSON."""
    return json.loads((DATA / FILES[name]).read_text(encoding="utf-8"))


def identifier(name: str) -> str:
    """The BagIt-Profile-Identifier of a shipped profile."""
    p = load(name)
    return p["bagItProfileInfo"]["bagItProfileIdentifier"] if name == APTRUST \
        else p["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]


def _algorithms(tree: Tree) -> tuple[set[str], set[str]]:
    found: tuple[set[str], set[str]] = (set(), set())
    for rel in tree.entries:
        m = _MANIFEST.match(rel)
        if m:
            found[bool(m.group(1))].add(m.group(2))
    return found


def _manifest_rules(tree: Tree, required: tuple[list, list], allowed: tuple[list, list]) -> list[str]:
    problems = []
    for tag, present in enumerate(_algorithms(tree)):
        prefix = "tagmanifest" if tag else "manifest"
        problems += [f"required {prefix}-{a}.txt is missing" for a in sorted(set(required[tag]) - present)]
        if allowed[tag]:
            problems += [f"{prefix}-{a}.txt is not allowed" for a in sorted(present - set(allowed[tag]))]
    return problems


def _bag_info_rules(rules: dict, info: Tags) -> list[str]:
    problems = []
    for tag, rule in rules.items():
        values = info.get(tag, [])
        if rule.get("required") and not values:
            problems.append(f"bag-info.txt: required tag {tag} is missing")
        if "values" in rule and any(v not in rule["values"] for v in values):
            problems.append(f"bag-info.txt: {tag} must be one of {rule['values']}")
        if rule.get("repeatable") is False and len(values) > 1:
            problems.append(f"bag-info.txt: {tag} occurs {len(values)} times")
    return problems


def _archivist(tree: Tree, tags: dict[str, Tags], kind: str) -> list[str]:
    p = load(ARCHIVIST)
    problems = _bag_info_rules(p["Bag-Info"], tags["bag-info.txt"])
    problems += _manifest_rules(tree, (p["Manifests-Required"], p["Tag-Manifests-Required"]),
                                (p["Manifests-Allowed"], p["Tag-Manifests-Allowed"]))
    others = [r for r in tree.entries if not r.startswith("data/") and not _MANIFEST.match(r)
              and r not in _BAG_FILES]
    problems += [f"{r}: tag file not allowed" for r in sorted(others)
                 if not any(fnmatch(r, pat) for pat in p["Tag-Files-Allowed"])]
    if not p["Allow-Fetch.txt"] and "fetch.txt" in tree.entries:
        problems.append("fetch.txt is not allowed")
    if tags["bagit.txt"].get("BagIt-Version", [""])[0] not in p["Accept-BagIt-Version"]:
        problems.append(f"BagIt-Version must be one of {p['Accept-BagIt-Version']}")
    if kind != "directory" and kind not in p["Accept-Serialization"]:
        problems.append(f"serialization {kind} is not accepted")
    return problems


def _aptrust(tree: Tree, tags: dict[str, Tags], kind: str, name: str) -> list[str]:
    p = load(APTRUST)
    problems = []
    if p.get("serialization") == "required" and kind not in p["acceptSerialization"]:
        problems.append(f"must be serialized as {' or '.join(p['acceptSerialization'])}, not {kind}")
    if kind == "application/tar" and p.get("tarDirMustMatchName") and getattr(tree, "prefix", "") != name + "/":
        problems.append(f"must untar to a single directory named {name}")
    problems += _manifest_rules(tree, (p["manifestsRequired"], p["tagManifestsRequired"]),
                                (p["manifestsAllowed"], p["tagManifestsAllowed"]))
    if not p["allowFetchTxt"] and "fetch.txt" in tree.entries:
        problems.append("fetch.txt is not allowed")
    for t in p["tags"]:
        values = tags.get(t["tagFile"], {}).get(t["tagName"], [])
        if t["required"] and not values:
            problems.append(f"{t['tagFile']}: required tag {t['tagName']} is missing")
        for v in values:
            if not v and not t["emptyOk"]:
                problems.append(f"{t['tagFile']}: {t['tagName']} must not be empty")
            elif t["values"] and v not in t["values"]:
                problems.append(f"{t['tagFile']}: {t['tagName']} {v!r} is not one of {t['values']}")
    return problems


def check(tree: Tree, path: Path, parse: Callable[[str], tuple[Tags, list[str]]]) -> list[str]:
    """Problems of the bag in ``tree`` (at ``path``) against the shipped profile it declares;
    nothing when it declares none or another. ``parse`` reads a tag file's text into tags."""
    tags: dict[str, Tags] = {}
    for rel in ("bagit.txt", "bag-info.txt", "aptrust-info.txt"):
        try:
            tags[rel] = parse(read_small(tree, rel, 1024 * 1024))[0]
        except (TreeError, OSError):
            tags[rel] = {}
    declared = tags["bag-info.txt"].get("BagIt-Profile-Identifier", [""])[0]
    kind = SERIALIZATION.get(path.suffix, path.suffix) if path.is_file() else "directory"
    name = path.stem if path.is_file() else path.name
    if declared == identifier(ARCHIVIST):
        return [f"archivist BagIt profile: {m}" for m in _archivist(tree, tags, kind)]
    if declared == identifier(APTRUST):
        return [f"APTrust BagIt profile: {m}" for m in _aptrust(tree, tags, kind, name)]
    return []
