"""The command line: a thin click group, and the only place that prints or exits.

Exit codes: 0 success; 1 some input failed or is invalid; 2 usage or configuration error;
70 internal error (a bug: rerun with ``--traceback`` and report it).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Callable, NoReturn

import click

from . import __version__
from .errors import ArchivistError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def _fail(exc: BaseException, traceback: bool) -> NoReturn:
    if traceback:
        raise exc
    if isinstance(exc, ArchivistError):
        click.echo(f"{exc.message}", err=True)
        sys.exit(exc.exit_code)
    first = str(exc).splitlines()[0] if str(exc) else ""
    click.echo(f"internal error: {type(exc).__name__}: {first} (rerun with --traceback)", err=True)
    sys.exit(EXIT_INTERNAL)


def guarded(fn: Callable[..., int | None]) -> Callable[..., None]:
    """Run a command body; map library errors to one line on stderr and an exit code."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: object, **kwargs: object) -> None:
        ctx = click.get_current_context()
        try:
            code = fn(*args, **kwargs)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as exc:  # noqa: BLE001 - the edge of the program
            _fail(exc, bool(ctx.obj and ctx.obj.get("traceback")))
        sys.exit(code or EXIT_OK)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archivist")
@click.option("--traceback", is_flag=True, help="Show Python tracebacks (for bug reports).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.pass_context
def cli(ctx: click.Context, traceback: bool, quiet: bool) -> None:
    """archivist: People's Daily seeds → TEI master → EPUB, PDF, METS → BagIt bundles."""
    ctx.ensure_object(dict)
    ctx.obj.update(traceback=traceback, quiet=quiet)
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING,
                        format="%(name)s: %(levelname)s: %(message)s")


def _say(ctx: click.Context, message: str) -> None:
    if not ctx.obj.get("quiet"):
        click.echo(message, err=True)


@cli.command()
@click.argument("seeds", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Directory for the masters.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="archivist.toml to use (default: ./archivist.toml when present).")
@click.option("--strict", is_flag=True, help="Treat warnings (quality flags) as failures.")
@click.pass_context
@guarded
def tei(ctx: click.Context, seeds: tuple[Path, ...], out: Path, config_path: Path | None,
        strict: bool) -> int:
    """Convert SEEDS (files or directories of *.md/*.txt) into TEI P5 masters."""
    from .build import convert
    from .config import load_config
    from .errors import SeedError
    from .fsutil import atomic_write, seed_files
    from .tei.writer import to_bytes

    config = load_config(config_path)
    failed = 0
    for path in seed_files(list(seeds)):
        try:
            article = convert(path, config.institution)
        except SeedError as exc:
            click.echo(f"{exc.path}:{exc.line}: {exc.what}", err=True)
            failed += 1
            continue
        target = out / f"{article.provenance.article_id}.tei.xml"
        atomic_write(target, to_bytes(article))
        for note in article.notes:
            _say(ctx, f"{path}: warning: {note.message} [{note.code}]")
        if strict and article.notes:
            failed += 1
        _say(ctx, f"{path} -> {target}")
    return EXIT_FAILED if failed else EXIT_OK


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                   path_type=Path))
@click.option("--schema", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Validate against this schema (.rng, .xsd or .sch) instead of archivist's.")
@click.pass_context
@guarded
def validate(ctx: click.Context, files: tuple[Path, ...], schema: Path | None) -> int:
    """Validate TEI masters (or EPUBs) and print every problem as file:line: message."""
    from .validate import validate_any

    bad = 0
    for path in files:
        problems = validate_any(path, schema)
        for p in problems:
            click.echo(f"{p.where}: {p.level}: {p.message}")
        if any(p.level == "error" for p in problems):
            bad += 1
        else:
            _say(ctx, f"{path}: valid")
    return EXIT_FAILED if bad else EXIT_OK


def _formats() -> list[str]:
    from .render import WRITERS
    return sorted(WRITERS)


@cli.command()
@click.argument("master", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "to", type=click.Choice(_formats()), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: the master's name with the format's suffix).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
              help="Paper size (PDF).")
@click.pass_context
@guarded
def render(ctx: click.Context, master: Path, to: str, output: Path | None, paper: str) -> int:
    """Render a TEI MASTER (validated first) as EPUB, PDF or METS."""
    from .render import render as do_render
    from .render import suffix
    from .render.options import RenderOptions

    if output is None:
        stem = master.name.removesuffix(".xml").removesuffix(".tei")
        output = master.with_name(stem + suffix(to))
    do_render(master, to, output, RenderOptions(paper=paper))
    _say(ctx, f"{master} -> {output}")
    return EXIT_OK


def main() -> None:
    """Console-script entry point."""
    cli(obj={})
