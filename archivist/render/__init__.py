"""Renderers: one module per output, registered by name (the CLI's ``--to`` choices).

Each writer takes the article model read from a TEI master (plus the master's bytes, which
the PDF embeds) and returns the output's bytes; :func:`render` writes them atomically.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from ..fsutil import write_output
from ..tei.schema import read_xml_bytes
from ..tei import reader
from ..tei.model import Article
from .options import RenderOptions

Writer = Callable[[Article, bytes, RenderOptions], bytes]

#: format name → (module, function, file suffix). Modules load lazily (WeasyPrint is heavy).
WRITERS: dict[str, tuple[str, str, str]] = {
    "epub": ("archivist.render.epub", "write", ".epub"),
    "pdf": ("archivist.render.pdf", "write", ".pdf"),
    "mets": ("archivist.render.metadata.mets", "write", ".mets.xml"),
}


def get_writer(name: str) -> Writer:
    module, func, _ = WRITERS[name]
    return getattr(importlib.import_module(module), func)


def suffix(name: str) -> str:
    return WRITERS[name][2]


def render_bytes(master: bytes, to: str, options: RenderOptions, name: str = "<master>") -> bytes:
    """Validate ``master`` and render it as ``to``."""
    article = reader.load(master, name)
    return get_writer(to)(article, master, options)


def render(master_path: str | Path, to: str, output: str | Path, options: RenderOptions) -> Path:
    """Render a master file to ``output``; return the output path.

    ``output`` is written by :func:`~archivist.fsutil.write_output`: atomically when it is a
    regular file, through it when it is a pipe or a device, never over the master itself."""
    path = Path(master_path)
    data = render_bytes(read_xml_bytes(path), to, options, str(path))
    write_output(output, data, inputs=[path])
    return Path(output)
