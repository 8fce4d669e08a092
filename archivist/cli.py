"""The command line: a thin click group, and the only place that prints or exits.

Exit codes: 0 success; 1 some input failed or is invalid; 2 usage or configuration error;
70 internal error (a bug: rerun with ``--traceback`` and report it); 74 environment error (a
full or read-only disk, a path that is not a directory, permissions); 130 / 143 interrupted
by SIGINT / SIGTERM (128 + the signal's number).

Every line written goes through :func:`_emit`, which makes it exactly one line
(:func:`archivist.text.one_line`): a file name or title cannot forge extra lines.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Callable, NoReturn

import click

from . import __version__
from .errors import ArchivistError, EnvError, Interrupted
from .render.options import PAPER_SIZES
from .runtime import tune_gc
from .text import one_line

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL, EXIT_ENVIRONMENT = 0, 1, 2, 70, 74


def _emit(message: object, err: bool = True) -> None:
    """Print one message as exactly one line (the only way this module writes text)."""
    click.echo(one_line(message), err=err)


def _fail(exc: BaseException, traceback: bool) -> NoReturn:
    if traceback:
        raise exc
    if isinstance(exc, OSError):
        exc = EnvError.of(exc)
    if isinstance(exc, ArchivistError):
        _emit(exc.message)
        sys.exit(exc.exit_code)
    first = str(exc).splitlines()[0] if str(exc) else ""
    _emit(f"internal error: {type(exc).__name__}: {first} (rerun with --traceback)")
    sys.exit(EXIT_INTERNAL)


def _interrupted(signum: int) -> NoReturn:
    import signal

    _emit(f"interrupted by {signal.Signals(signum).name}")
    sys.exit(128 + signum)


def guarded(fn: Callable[..., int | None]) -> Callable[..., None]:
    """Run a command body; map library errors to one line on stderr and an exit code."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: object, **kwargs: object) -> None:
        ctx = click.get_current_context()
        try:
            code = fn(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except KeyboardInterrupt:
            _interrupted(2)
        except Interrupted as exc:
            _interrupted(exc.signum)
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
    tune_gc()
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING,
                        format="%(name)s: %(levelname)s: %(message)s")
    # Dependencies report through us: bagit logs tracebacks, WeasyPrint's records are
    # captured by the PDF renderer and become one clean error.
    for name in ("bagit", "weasyprint", "fontTools"):
        logging.getLogger(name).propagate = False


def _say(ctx: click.Context, message: str) -> None:
    if not ctx.obj.get("quiet"):
        _emit(message)


@cli.command()
@click.argument("seeds", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Directory for the masters.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              envvar="ARCHIVIST_CONFIG",
              help="archivist.toml to use (env ARCHIVIST_CONFIG; default: ./archivist.toml).")
@click.option("--strict", is_flag=True, help="Treat warnings (quality flags) as failures.")
@click.pass_context
@guarded
def tei(ctx: click.Context, seeds: tuple[Path, ...], out: Path, config_path: Path | None,
        strict: bool) -> int:
    """Convert SEEDS (files or directories of *.md/*.txt) into TEI P5 masters."""
    from .clock import build_time
    from .config import load_config
    from .errors import SeedError
    from .fsutil import seed_files, write_output
    from .ingest.build import master_from_seed
    from .ingest.seed import read_seed

    config = load_config(config_path)
    when = build_time().date().isoformat()
    paths = seed_files(seeds, exclude=[out])
    if not paths:
        raise click.UsageError("no *.md or *.txt seed files found in the inputs")
    failed = 0
    for path in paths:
        try:
            article, master = master_from_seed(read_seed(path), config.institution, when=when,
                                               rights=config.rights)
            target = out / f"{article.provenance.article_id}.tei.xml"
        except SeedError as exc:
            _emit(f"{exc.path}:{exc.line}: {exc.what}")
            failed += 1
            continue
        except ArchivistError as exc:
            _emit(f"{path}:0: {exc.message}")
            failed += 1
            continue
        write_output(target, master, inputs=[path])
        for note in article.notes:
            if strict:  # a failure: printed even with -q, so exit 1 always says why
                _emit(f"{path}: error: {note.message} [{note.code}] (--strict)")
            else:
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
    from .checks.validation import validate_any

    bad = 0
    for path in files:
        problems = validate_any(path, schema)
        for p in problems:
            _emit(f"{p.where}: {p.level}: {p.message}", err=False)
        if any(p.level == "error" for p in problems):
            bad += 1
        else:
            _say(ctx, f"{path}: valid")
    return EXIT_FAILED if bad else EXIT_OK


def _formats() -> list[str]:
    from .render import WRITERS
    return sorted(WRITERS)


@cli.command()
@click.argument("masters", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--to", "to", type=click.Choice(_formats()), required=True, help="Output format.")
@click.option("--as", "unit", type=click.Choice(["article", "issue"]), default="article",
              show_default=True, help="One edition per master, or one per issue (date) of the "
              "masters: the whole day's paper as one EPUB or PDF.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (default: beside the master, the format's suffix); with several "
              "masters a directory; with --as issue a directory (<date>.issue.epub…) unless "
              "it ends in the format's suffix.")
@click.option("--paper", type=click.Choice(PAPER_SIZES), default="a4", show_default=True,
              help="Paper size (PDF).")
@click.pass_context
@guarded
def render(ctx: click.Context, masters: tuple[Path, ...], to: str, unit: str,
           output: Path | None, paper: str) -> int:
    """Render TEI MASTERS (files or directories of *.tei.xml; validated first) as EPUB, PDF
    or METS; with --as issue, every master of a date goes into one issue EPUB or PDF."""
    from .render import render as do_render
    from .render import suffix
    from .clock import build_time, source_date_epoch
    from .render.issue import master_files
    from .render.options import RenderOptions

    paths = master_files(list(masters))
    if not paths:
        raise click.UsageError("no *.tei.xml masters found in the inputs")
    options = RenderOptions(built=build_time(), paper=paper, precise=bool(source_date_epoch()))
    if unit == "issue":
        return _render_issues(ctx, paths, to, output, options)
    if len(paths) > 1 and output is not None and not output.is_dir():
        raise click.UsageError("several masters: -o must name an existing directory")
    for master in paths:
        stem = master.name.removesuffix(".xml").removesuffix(".tei")
        target = (output / (stem + suffix(to)) if output is not None and output.is_dir()
                  else output or master.with_name(stem + suffix(to)))
        do_render(master, to, target, options)
        _say(ctx, f"{master} -> {target}")
    return EXIT_OK


def _render_issues(ctx: click.Context, paths: list[Path], to: str, output: Path | None,
                   options) -> int:  # noqa: ANN001 - RenderOptions
    from .fsutil import write_output
    from .render.issue import ISSUE_WRITERS, load_items, render_issues

    if to not in ISSUE_WRITERS:
        raise click.UsageError(f"--as issue makes {' or '.join(sorted(ISSUE_WRITERS))}, not {to} "
                               "(the issue METS is written by: archivist package --by issue)")
    suffix = ISSUE_WRITERS[to][2]
    editions = render_issues(load_items(paths), to, options)
    as_file = output is not None and output.suffix == suffix and not output.is_dir()
    if as_file and len(editions) > 1:
        raise click.UsageError(f"the masters are of {len(editions)} dates: -o must name a "
                               "directory (one edition per issue)")
    for issue, data in editions:
        target = output if as_file else (output or paths[0].parent) / f"{issue.id}.issue{suffix}"
        write_output(target, data, inputs=paths)
        _say(ctx, f"{len(issue.items)} masters of {issue.date} -> {target}")
    return EXIT_OK


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the bags and report.json.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default and cap: the usable cores, and the workers "
                   "available memory holds at ≈460 MB each).")
@click.option("--zip", "as_zip", is_flag=True, help="Write serialized bags (<id>.zip).")
@click.option("--force", is_flag=True, help="Rebuild bags whose inputs are unchanged.")
@click.option("--verify-existing", is_flag=True,
              help="Before skipping an unchanged bag, check the fixity of its whole payload "
                   "(default: structure, tag-file fixity and sizes only).")
@click.option("--group", help="Bag-Group-Identifier (default: the output directory's name).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              envvar="ARCHIVIST_CONFIG",
              help="archivist.toml to use (env ARCHIVIST_CONFIG; default: ./archivist.toml).")
@click.option("--paper", type=click.Choice(PAPER_SIZES), default="a4", show_default=True,
              help="Paper size of the PDFs.")
@click.option("--no-epubcheck", is_flag=True, help="Skip EPUBCheck (not recommended).")
@click.option("--profile", type=click.Choice(["archivist", "aptrust"]), default="archivist",
              show_default=True, help="BagIt profile: archivist's own, or APTrust's (tar bags, "
              "md5 + sha256 manifests, aptrust-info.txt).")
@click.option("--scheduler", envvar="ARCHIVIST_SCHEDULER", metavar="tcp://HOST:8786",
              help="Run on this Dask cluster (env ARCHIVIST_SCHEDULER); OUTDIR must be shared.")
@click.option("--by", "by", type=click.Choice(["article", "issue", "month"]), default="article",
              show_default=True, help="One bag per article; one per issue (date): the seeds and "
              "masters of the date, one issue EPUB and PDF, an issue METS; or one transfer bag "
              "per month, a folder per issue. issue and month also write collection.mods.xml.")
@click.pass_context
@guarded
def package(ctx: click.Context, inputs: tuple[Path, ...], outdir: Path, jobs: int | None,
            as_zip: bool, force: bool, verify_existing: bool, group: str | None,
            config_path: Path | None, paper: str, no_epubcheck: bool, profile: str,
            scheduler: str | None, by: str) -> int:
    """Package SEEDS (files or directories) as BagIt bags with TEI, EPUB, PDF and METS.

    Exit status: 0 every article packaged or up to date, 1 some failed, 2 usage error,
    74 environment error, 130/143 interrupted (report.json lists what finished).
    """
    from .clock import build_time, source_date_epoch
    from .deposit.batch import run, worker_limit
    from .deposit.bundle import PackageOptions
    from .config import load_config
    from .fsutil import seed_files
    from .render.options import RenderOptions

    config = load_config(config_path)
    config.require_institution()  # before anything is written
    seeds = seed_files(inputs, exclude=[outdir])
    if not seeds:
        raise click.UsageError("no *.md or *.txt seed files found in the inputs")
    if as_zip and profile == "aptrust":
        raise click.UsageError("--zip cannot be used with --profile aptrust (APTrust bags are tar files)")
    options = PackageOptions(render=RenderOptions(built=build_time(), paper=paper,
                                                   precise=bool(source_date_epoch())), zip=as_zip,
                             force=force, group=group or outdir.resolve().name,
                             epubcheck=not no_epubcheck, epoch=source_date_epoch(),
                             verify_existing=verify_existing, profile=profile)
    jobs, why = worker_limit(jobs, len(seeds))
    if why and not scheduler:
        _say(ctx, why)
    quiet = ctx.obj.get("quiet")
    issues = []
    try:
        with _progress(len(seeds), quiet) as advance:
            if by in ("issue", "month"):
                from .deposit import issue_batch

                outcomes, issues = issue_batch.run(seeds, outdir, config, options, jobs=jobs,
                                                   progress=advance, scheduler=scheduler, by=by)
            else:
                outcomes = run(seeds, outdir, config, options, jobs=jobs, progress=advance,
                               scheduler=scheduler)
    except Interrupted:
        _emit(f"workers stopped; {outdir / 'report.json'} lists the articles that finished")
        raise
    failed = [o for o in outcomes if o.status == "failed"]
    lines = [err if err.startswith(o.input) or o.id else f"{o.input}: {err}"
             for o in failed for err in o.errors]
    for line in dict.fromkeys(lines):  # an issue's error once, not once per article
        _emit(line)
    for bag, reason in dict.fromkeys((o.bag, o.reason) for o in issues if o.status == "packaged"):
        _say(ctx, f"{bag}: rebuilt ({reason})")
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("packaged", "skipped", "failed")}
    _say(ctx, f"{len(outcomes)} articles: {counts['packaged']} packaged, {counts['skipped']} "
         f"up to date, {counts['failed']} failed; report: {outdir / 'report.json'}")
    return EXIT_FAILED if failed else EXIT_OK


def _progress(total: int, quiet: bool):  # noqa: ANN202
    """A rich progress bar on a TTY; nothing otherwise."""
    import contextlib
    import sys

    if quiet or not sys.stderr.isatty():
        return contextlib.nullcontext(None)

    @contextlib.contextmanager
    def bar():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("packaging"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("done · {task.fields[failed]} failed · {task.fields[left]} remaining"),
                      TimeRemainingColumn(), transient=True) as prog:
            task = prog.add_task("package", total=total, failed=0, left=total)
            failed = done = 0

            def advance(outcome) -> None:  # noqa: ANN001
                nonlocal failed, done
                failed += outcome.status == "failed"
                done += 1
                prog.update(task, advance=1, failed=failed, left=total - done)

            yield advance

    return bar()


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), default=Path("archivist.toml"))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.pass_context
@guarded
def init(ctx: click.Context, path: Path, force: bool) -> int:
    """Write a commented archivist.toml (institution, rights) to PATH; then fill it in."""
    from .config import write_template

    write_template(path, force)
    _say(ctx, f"{path}: written; set [institution] name (required by `archivist package`) "
         "and review [rights]")
    return EXIT_OK


@cli.command()
@click.argument("bags", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_context
@guarded
def verify(ctx: click.Context, bags: tuple[Path, ...]) -> int:
    """Check bags (directories or .zip) for completeness and fixity."""
    from .deposit.verify import verify_bag

    bad = 0
    for bag in bags:
        problems = verify_bag(bag)
        for p in problems:
            _emit(f"{p.where}: {p.message}")
        if problems:
            bad += 1
        else:
            _say(ctx, f"{bag}: valid")
    return EXIT_FAILED if bad else EXIT_OK


def main() -> None:
    """Console-script entry point."""
    cli(obj={})
