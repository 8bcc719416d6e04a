"""Command line: a thin click layer over the library. The only module that exits the process.

Exit codes: 0 success; 1 bad input or knowledgebase; 2 usage error; 3 batch with failures.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from annotator import __version__

F = TypeVar("F", bound=Callable[..., Any])


def _fail(e: Exception) -> None:
    from annotator.errors import AnnotatorError

    if isinstance(e, AnnotatorError):
        click.echo(f"imt-annotator: error: {e}", err=True)
        for line in e.detail_lines():
            click.echo(line, err=True)
        sys.exit(e.exit_code)
    if os.environ.get("IMT_ANNOTATOR_DEBUG"):
        raise e
    click.echo(
        f"imt-annotator: internal error: {type(e).__name__}: {e} "
        "(set IMT_ANNOTATOR_DEBUG=1 for a traceback, and please report it)",
        err=True,
    )
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="imt-annotator")
def main() -> None:
    """Annotate NGS fusion, variant and copy-number calls for inflammatory myofibroblastic
    tumour (IMT) and write clinical reports with tiered therapy evidence."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--sample-id", required=True, help="Sample identifier; also names the output files.")
@click.option(
    "--out",
    "out_dir",
    default=Path("reports"),
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Output directory.",
)
@click.option(
    "--format",
    "formats",
    default="html,json",
    show_default=True,
    help="Comma-separated outputs: html, json, tsv.",
)
@click.option(
    "--genome",
    type=click.Choice(["GRCh37", "GRCh38"]),
    default=None,
    help="Genome build of the inputs (default: from the inputs, else GRCh38 with a warning).",
)
@click.option(
    "--disease",
    type=click.Choice(["IMT", "EIMS"]),
    default=None,
    help="Disease context: IMT, or its epithelioid variant EIMS (default: from --meta, else IMT).",
)
@click.option(
    "--meta",
    "meta_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="YAML/JSON file of report-header fields (lab, patient, specimen, dates, disease, "
    "age, sex, site).",
)
@click.option(
    "--kb",
    "kb_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Knowledgebase directory (default: the one shipped with the tool).",
)
@click.option("--include-filtered", is_flag=True, help="Also interpret non-PASS variant calls.")
def annotate(
    inputs: tuple[Path, ...],
    sample_id: str,
    out_dir: Path,
    formats: str,
    genome: str | None,
    disease: str | None,
    meta_file: Path | None,
    kb_dir: Path | None,
    include_filtered: bool,
) -> None:
    """Annotate one sample's caller files (formats detected from content) and write reports."""
    try:
        from annotator.annotate import Settings
        from annotator.annotate import annotate as run
        from annotator.kb.load import load_kb
        from annotator.meta import read_meta, sample_from_meta
        from annotator.report.build import build_report
        from annotator.report.schema import validate_report
        from annotator.report.write import parse_formats, safe_file_stem, write_reports

        wanted = parse_formats(formats)
        safe_file_stem(sample_id)
        kb = load_kb(kb_dir)
        settings = Settings(
            genome="GRCh37" if genome == "GRCh37" else "GRCh38" if genome else None,
            include_filtered=include_filtered,
        )
        sample = sample_from_meta(sample_id, disease, read_meta(meta_file) if meta_file else {})
        result = run(list(inputs), sample, kb, settings)
        report = build_report(result, kb)
        validate_report(report)
        written = write_reports(report, out_dir, wanted)
    except Exception as e:  # every failure becomes one line on stderr and an exit code
        _fail(e)
        return
    for w in result.warnings:
        click.echo(f"imt-annotator: warning: {w}", err=True)
    tiers = ", ".join(f"{f.alteration.label} (Tier {f.tier})" for f in result.findings)
    click.echo(f"{sample_id}: {len(result.findings)} finding(s){': ' + tiers if tiers else ''}")
    for path in written:
        click.echo(f"wrote {path}")


@main.command()
def formats() -> None:
    """List the input formats the annotator reads and how each is recognised."""
    from annotator.parsers import PARSERS

    for p in PARSERS.values():
        click.echo(f"{p.name}\t{p.kind}\t{p.label}\n\trecognised by: {p.sniff_rule}")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
def detect(file: Path) -> None:
    """Say which parser would read FILE, and why."""
    try:
        from annotator.parsers import detect as run_detect

        found = run_detect(file).parser
    except Exception as e:
        _fail(e)
        return
    click.echo(f"{file}: {found.name} ({found.label}); {found.sniff_rule}")


@main.group()
def kb() -> None:
    """Knowledgebase commands."""


@kb.command("validate")
@click.argument(
    "directory", required=False, type=click.Path(path_type=Path, file_okay=False, exists=True)
)
def kb_validate(directory: Path | None) -> None:
    """Validate a knowledgebase directory (default: the shipped one); list every problem."""
    try:
        from annotator.kb.load import load_kb

        loaded = load_kb(directory)
    except Exception as e:
        _fail(e)
        return
    click.echo(
        f"{loaded.path}: valid — {loaded.manifest.name} {loaded.version}, "
        f"{len(loaded.biomarkers)} biomarkers, {len(loaded.evidence)} evidence items, "
        f"{len(loaded.approvals)} regulatory entries, {len(loaded.cases)} published cases, "
        f"{len(loaded.trials)} trials, "
        f"{len(loaded.sources)} sources; sha256 {loaded.sha256}"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
