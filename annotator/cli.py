"""Command line: a thin click layer over the library. The only module that exits the process.

Exit codes: 0 success; 1 bad input or knowledgebase; 2 usage error; 3 batch with failures.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from annotator import __version__

if TYPE_CHECKING:
    from annotator.annotate import Settings

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


# Options shared by the commands that run the pipeline (annotate, batch) or render reports.
_KB_DIR = click.option(
    "--kb",
    "kb_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Knowledgebase directory (default: the one shipped with the tool).",
)
_GENOME = click.option(
    "--genome",
    type=click.Choice(["GRCh37", "GRCh38"]),
    default=None,
    help="Genome build of the inputs (default: from the inputs, else GRCh38 with a warning).",
)
_PAPER = click.option(
    "--paper",
    type=click.Choice(["A4", "Letter"], case_sensitive=False),
    default="A4",
    show_default=True,
    help="Paper size of the PDF report.",
)
_FORMATS = click.option(
    "--format",
    "formats",
    default="html,json",
    show_default=True,
    help="Comma-separated outputs per sample: html, pdf, json, tsv, multiqc (MultiQC custom "
    "content).",
)
_INCLUDE_FILTERED = click.option(
    "--include-filtered", is_flag=True, help="Also interpret non-PASS variant calls."
)


_INPUT_SAMPLE = click.option(
    "--input-sample",
    default=None,
    help="Sample to read from inputs that hold several (SEG, MAF, cBioPortal/OncoKB tables, "
    "CICERO, JAFFA, PRADA, Oncofuse); default: the --sample-id when the file has it, else all "
    "samples with a warning.",
)
_TUMOR_SAMPLE = click.option(
    "--tumor-sample",
    default=None,
    help="VCF column holding the tumour (default: from the header, e.g. ##tumor_sample, or "
    "the sample names).",
)
_VCF_BACKEND = click.option(
    "--vcf-backend",
    type=click.Choice(["auto", "pysam", "pyvcf3"]),
    default=None,
    help="VCF reader: pysam, or pure-Python PyVCF3 where pysam cannot be installed "
    "(default: IMT_ANNOTATOR_VCF_BACKEND, else auto).",
)


def _fusion_options(f: F) -> F:
    """--fusion-window, --min-fusion-reads and --min-split-reads (FusionSettings)."""
    f = click.option(
        "--min-split-reads",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Fusion calls with fewer split (junction) reads, where the caller counts them, "
        "are flagged low support (0: not applied).",
    )(f)
    f = click.option(
        "--min-fusion-reads",
        type=click.IntRange(min=0),
        default=3,
        show_default=True,
        help="Fusion calls with fewer supporting reads (split + discordant, or the caller's "
        "total) are reported flagged low support, never dropped.",
    )(f)
    return click.option(
        "--fusion-window",
        type=click.IntRange(min=0),
        default=10,
        show_default=True,
        help="Fusion breakpoints this many bp apart or closer count as one junction when "
        "merging calls of several callers.",
    )(f)


def _settings(
    genome: str | None,
    include_filtered: bool,
    fusion_window: int,
    min_fusion_reads: int,
    min_split_reads: int,
    input_sample: str | None = None,
) -> Settings:
    from annotator.annotate import Settings
    from annotator.normalize.fusions import FusionSettings

    return Settings(
        genome="GRCh37" if genome == "GRCh37" else "GRCh38" if genome else None,
        include_filtered=include_filtered,
        fusion=FusionSettings(fusion_window, min_fusion_reads, min_split_reads),
        input_sample=input_sample,
    )


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
@_FORMATS
@_PAPER
@_GENOME
@click.option(
    "--disease",
    type=click.Choice(["IMT", "EIMS", "IMTL", "IMTB"]),
    default=None,
    help="Disease context: IMT, its epithelioid variant EIMS, or an OncoTree IMT code (IMTL "
    "lung, IMTB bladder; levelled as IMT) (default: from --meta, else IMT).",
)
@click.option(
    "--meta",
    "meta_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="YAML/JSON file of report-header fields (lab, patient, specimen, dates, disease, "
    "age, sex, site).",
)
@_KB_DIR
@_INCLUDE_FILTERED
@_fusion_options
@_INPUT_SAMPLE
@_TUMOR_SAMPLE
@_VCF_BACKEND
def annotate(
    inputs: tuple[Path, ...],
    sample_id: str,
    out_dir: Path,
    formats: str,
    paper: Literal["A4", "Letter"],
    genome: str | None,
    disease: str | None,
    meta_file: Path | None,
    kb_dir: Path | None,
    include_filtered: bool,
    fusion_window: int,
    min_fusion_reads: int,
    min_split_reads: int,
    input_sample: str | None,
    tumor_sample: str | None,
    vcf_backend: str | None,
) -> None:
    """Annotate one sample's caller files (formats detected from content) and write reports."""
    from annotator.digests import Digests

    digests = Digests.start(inputs)  # hashed while the package and the knowledgebase load
    try:
        from dataclasses import replace

        from annotator.annotate import annotate as run
        from annotator.kb.load import load_kb
        from annotator.meta import read_meta, sample_from_meta
        from annotator.parsers.base import VcfOptions
        from annotator.report.build import build_report
        from annotator.report.schema import validate_report
        from annotator.report.write import (
            RenderOptions,
            parse_formats,
            safe_file_stem,
            write_reports,
        )

        wanted = parse_formats(formats)
        safe_file_stem(sample_id)
        kb = load_kb(kb_dir)
        settings = _settings(
            genome, include_filtered, fusion_window, min_fusion_reads, min_split_reads, input_sample
        )
        settings = replace(settings, vcf=VcfOptions(tumor_sample, vcf_backend))
        sample = sample_from_meta(sample_id, disease, read_meta(meta_file) if meta_file else {})
        result = run(list(inputs), sample, kb, settings, digests)
        report = build_report(result, kb)
        validate_report(report)
        written = write_reports(report, out_dir, wanted, options=RenderOptions(paper=paper))
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


@main.command()
@click.argument("report", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--reviewer", required=True, help="Name of the pathologist signing out.")
@click.option(
    "--comment",
    default=None,
    help="Sign-out comment; required for an amendment, where it gives the reason.",
)
@click.option(
    "--format",
    "formats",
    default="html,json",
    show_default=True,
    help="Comma-separated outputs, as for annotate (JSON is always written).",
)
@click.option(
    "--out",
    "out_dir",
    default=None,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the final reports (default: the folder of REPORT).",
)
@_PAPER
def signout(
    report: Path,
    reviewer: str,
    comment: str | None,
    formats: str,
    out_dir: Path | None,
    paper: Literal["A4", "Letter"],
) -> None:
    """Sign out REPORT (a report JSON): write ID.final-v1.*, or ID.final-vN.* as an amendment.

    Final reports are never overwritten. Signing a sample that already has a final writes the
    next revision, lists what changed since the previous final, and needs --comment.
    """
    try:
        from annotator.report.write import RenderOptions, parse_formats
        from annotator.signout import sign_out

        result = sign_out(
            report,
            reviewer=reviewer,
            comment=comment,
            formats=parse_formats(formats),
            out_dir=out_dir,
            options=RenderOptions(paper=paper),
        )
    except Exception as e:  # every failure becomes one line on stderr and an exit code
        _fail(e)
        return
    signed = result.report
    kind = "final" if result.revision == 1 else "amended"
    click.echo(
        f"{signed['sample']['id']}: signed out by {signed['signout']['reviewer']} as {kind} "
        f"revision {result.revision}"
        + (f" ({len(result.changes)} change(s))" if result.revision > 1 else "")
    )
    for change in result.changes:
        click.echo(f"  - {change}")
    for path in result.written:
        click.echo(f"wrote {path}")


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
        f"{len(loaded.approvals)} regulatory entries, {len(loaded.guidelines)} guideline "
        f"listings, {len(loaded.cases)} published cases, {len(loaded.trials)} trials, "
        f"{len(loaded.corrections)} corrections, "
        f"{len(loaded.sources)} sources; sha256 {loaded.sha256}"
    )


@kb.command("show")
@click.argument("query")
@click.option(
    "--disease",
    default="IMT",
    show_default=True,
    help="Disease context: IMT, EIMS or an OncoTree IMT code (IMTL, IMTB).",
)
@click.option("--age", default=None, help="Patient age: years (44), months (7mo), or a group.")
@click.option(
    "--age-group",
    type=click.Choice(["paediatric", "adult"]),
    default=None,
    help="Patient age group, when the exact age is not known.",
)
@click.option("--site", default=None, help="Tumour site (e.g. lung, abdomen, bladder).")
@_KB_DIR
def kb_show(
    query: str,
    disease: str,
    age: str | None,
    age_group: str | None,
    site: str | None,
    kb_dir: Path | None,
) -> None:
    """What the knowledgebase says about QUERY: a fusion (RANBP2::ALK), a variant
    (ALK G1202R), a gene (NTRK3), a biomarker id, a drug or a disease."""
    try:
        from annotator.kb.context import patient_context
        from annotator.kb.load import load_kb
        from annotator.kb.show import show

        loaded = load_kb(kb_dir)
        ctx = patient_context(loaded, disease, age=age, age_group=age_group, site=site)
        lines = show(loaded, query, ctx)
    except Exception as e:
        _fail(e)
        return
    click.echo("\n".join(lines))


@kb.command("stats")
@_KB_DIR
def kb_stats(kb_dir: Path | None) -> None:
    """Count what the knowledgebase holds: records by kind, level, certainty and source."""
    try:
        from annotator.kb.load import load_kb
        from annotator.kb.release import stats

        lines = stats(load_kb(kb_dir))
    except Exception as e:
        _fail(e)
        return
    click.echo("\n".join(lines))


@kb.command("diff")
@click.argument("old", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("new", type=click.Path(path_type=Path, file_okay=False, exists=True))
def kb_diff(old: Path, new: Path) -> None:
    """Release notes from knowledgebase OLD to NEW: records added, removed, changed, retired."""
    try:
        from annotator.kb.load import load_kb
        from annotator.kb.release import diff

        lines = diff(load_kb(old), load_kb(new))
    except Exception as e:
        _fail(e)
        return
    click.echo("\n".join(lines))


@main.command()
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    default=Path("reports"),
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Output directory: reports, batch.json, cohort.tsv and cohort.html.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: every core this process may use).",
)
@_FORMATS
@_GENOME
@_KB_DIR
@_INCLUDE_FILTERED
@_fusion_options
@click.option(
    "--resume",
    is_flag=True,
    help="Skip samples that batch.json records as done whose outputs are all present and "
    "whose inputs, metadata and knowledgebase are unchanged.",
)
@click.option(
    "--sample",
    "only",
    multiple=True,
    help="Annotate only this sample of the sheet (repeatable).",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Batch status file (default: OUT/batch.json).",
)
@click.option("--no-cohort", is_flag=True, help="Do not write cohort.tsv and cohort.html.")
@_PAPER
def batch(
    sheet: Path,
    out_dir: Path,
    jobs: int | None,
    formats: str,
    genome: str | None,
    kb_dir: Path | None,
    include_filtered: bool,
    fusion_window: int,
    min_fusion_reads: int,
    min_split_reads: int,
    resume: bool,
    only: tuple[str, ...],
    state_path: Path | None,
    no_cohort: bool,
    paper: Literal["A4", "Letter"],
) -> None:
    """Annotate every sample of SHEET in parallel; record each in batch.json; summarise.

    SHEET is CSV or TSV with a header: sample_id, inputs (paths separated by ';', relative to
    the sheet), and optionally disease, age, sex, site, specimen (and the other --meta fields),
    input_sample and tumor_sample (per-row --input-sample and --tumor-sample). The sheet is
    checked whole before any work starts. A failing sample never stops the others. Exit
    codes: 0 every sample annotated; 1 bad sheet or knowledgebase; 2 usage error; 3 some
    samples failed.
    """
    try:
        from annotator.batch import BatchOptions, default_jobs, run_batch, sample_check
        from annotator.kb.load import load_kb
        from annotator.report.write import RenderOptions, parse_formats
        from annotator.sheet import read_sheet

        wanted = tuple(parse_formats(formats))
        kb = load_kb(kb_dir)
        parsed = read_sheet(sheet, sample_check(kb))
        options = BatchOptions(
            out_dir=out_dir,
            formats=wanted,
            jobs=jobs or default_jobs(),
            settings=_settings(
                genome,
                include_filtered,
                fusion_window,
                min_fusion_reads,
                min_split_reads,
            ),
            resume=resume,
            state_path=state_path,
            only=only,
            cohort=not no_cohort and "json" in wanted,
            render=RenderOptions(paper=paper),
        )
        result = run_batch(parsed, kb, options, _batch_progress(sys.stderr.isatty()))
    except KeyboardInterrupt:
        click.echo(
            "\nimt-annotator: batch interrupted; finished samples are recorded in batch.json "
            "and --resume goes on from there",
            err=True,
        )
        sys.exit(130)
    except Exception as e:
        _fail(e)
        return
    failed = result.failed
    ok = len(result.samples) - len(failed)
    rate = len(result.samples) / result.elapsed if result.elapsed else 0.0
    click.echo(
        f"{len(result.samples)} sample(s): {ok} done, {len(failed)} failed "
        f"in {result.elapsed:.1f} s ({rate:.1f}/s)"
    )
    for state in failed:
        message = state.error.message if state.error else "unknown error"
        click.echo(f"imt-annotator: error: sample {state.id}: {message}", err=True)
    for path in (result.state_path, *result.cohort):
        click.echo(f"wrote {path}")
    sys.exit(3 if failed else 0)


def _batch_progress(tty: bool) -> Callable[[Any], None]:
    """A one-line bar redrawn on a terminal; otherwise one log line per finished sample."""
    from annotator.batch import bar_line, sample_line

    def show(progress: Any) -> None:
        if not tty:
            click.echo(sample_line(progress), err=True)
            return
        if progress.sample.status == "failed":
            click.echo("\r\x1b[K" + sample_line(progress), err=True)
        end = "\n" if progress.done == progress.total else ""
        click.echo("\r\x1b[K" + bar_line(progress) + end, err=True, nl=False)

    return show


@main.command()
@click.argument("reports_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--sheet",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Only the samples of this sample sheet, in its order (default: every report).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to write cohort.tsv and cohort.html (default: REPORTS_DIR).",
)
def cohort(reports_dir: Path, sheet: Path | None, out_dir: Path | None) -> None:
    """Rebuild the cohort summary (cohort.tsv, cohort.html) from the JSON reports in a folder.

    A signed-out final report stands for its sample instead of the draft; samples that
    batch.json records as failed are listed with their error.
    """
    try:
        from annotator.cohort import entries_for_dir, write_cohort
        from annotator.sheet import read_sheet

        rows = read_sheet(sheet, check_inputs=False) if sheet else None
        entries = entries_for_dir(reports_dir, rows)
        written = write_cohort(entries, out_dir or reports_dir)
    except Exception as e:
        _fail(e)
        return
    missing = [e.sample_id for e in entries if e.status == "missing"]
    click.echo(
        f"{len(entries)} sample(s) in the cohort"
        + (f"; no report for {', '.join(missing)}" if missing else "")
    )
    for path in written:
        click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
