"""The annotate pipeline for one sample: parse -> normalise -> match -> tier.

Returns a result object; rendering and writing files are separate steps (``annotator.report``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.alterations import (
    SkipLog,
    copy_number_alterations,
    fusion_alterations,
    variant_alterations,
    variant_items,
)
from annotator.digests import Digests
from annotator.errors import InputFormatError, UsageError
from annotator.kb.context import join_genes, patient_context
from annotator.kb.load import Knowledgebase
from annotator.kb.match import match_findings
from annotator.models import (
    Alteration,
    CopyNumberSegment,
    Finding,
    FusionCall,
    ParsedInput,
    Skipped,
)
from annotator.normalize.chromosome_arms import arm_events, observation
from annotator.normalize.copy_number import (
    CopyNumberThresholds,
    covered_genes,
    gene_calls,
    tumour_records,
)
from annotator.normalize.fusions import FusionSettings, boundary_hits, normalize_fusions
from annotator.parsers import detect
from annotator.parsers.base import ReadOptions, SampleChoice, VcfOptions
from annotator.passengers import PassengerSkipped
from annotator.reference.genes import BUILDS, Build


@dataclass(frozen=True, slots=True)
class Sample:
    """Who and what the report is about; everything but the id is optional (``--meta``)."""

    id: str
    disease: str = "IMT"
    age: str | None = None
    sex: str | None = None
    site: str | None = None
    specimen: str | None = None  # specimen type, e.g. "FFPE resection"
    header: tuple[tuple[str, str], ...] = ()  # report-header fields from --meta, in order


@dataclass(frozen=True, slots=True)
class Settings:
    genome: Build | None = None
    include_filtered: bool = False
    thresholds: CopyNumberThresholds = field(default_factory=CopyNumberThresholds)
    fusion: FusionSettings = field(default_factory=FusionSettings)
    # which sample to read from inputs that hold several (default: the report's sample id)
    input_sample: str | None = None
    vcf: VcfOptions = field(default_factory=VcfOptions)


@dataclass(frozen=True, slots=True)
class InputSummary:
    parsed: ParsedInput
    sha256: str


@dataclass(frozen=True, slots=True)
class Negative:
    kind: str
    genes: tuple[str, ...]
    statement: str
    inputs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnnotationResult:
    sample: Sample
    settings: Settings
    genome_build: Build
    genome_basis: str
    inputs: tuple[InputSummary, ...]
    findings: tuple[Finding, ...]
    negatives: tuple[Negative, ...]
    warnings: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    uncovered: tuple[str, ...] = ()


def annotate(
    paths: Sequence[Path],
    sample: Sample,
    kb: Knowledgebase,
    settings: Settings,
    digests: Digests | None = None,
) -> AnnotationResult:
    """``digests``: the inputs' SHA-256, possibly being computed already (``Digests.start``);
    by default each file is hashed after it is parsed."""
    if not paths:
        raise UsageError("no input files given")
    # IMT as an entity: an OncoTree code (IMTL, IMTB) resolves to IMT with the site it implies,
    # and age and site become attributes that evidence and approvals can be restricted to.
    context = patient_context(kb, sample.disease, age=sample.age, site=sample.site)
    implied_site = sample.site or (context.site if sample.disease != context.disease else None)
    sample = replace(sample, disease=context.disease, site=implied_site)
    inputs = []
    # Only variants in these genes are interpreted; a parser may only count the others.
    options = ReadOptions(
        genes=frozenset(g.symbol for g in kb.genes.values() if g.report_mutations),
        samples=SampleChoice(settings.input_sample, sample.id),
        vcf=settings.vcf,
    )
    digests = digests or Digests(paths)
    digests.wait()  # no other thread while parsing: a large VCF may be read by a forked child
    for path in paths:
        parser = detect(path).parser
        parsed = parser.read(path, options) if parser.read is not None else parser.parse(path)
        inputs.append(InputSummary(parsed, digests.of(path)))
    warnings = [w for i in inputs for w in i.parsed.warnings]
    build, basis = _genome_build(inputs, settings.genome, warnings)

    fusions = [r for i in inputs for r in i.parsed.records if isinstance(r, FusionCall)]
    # with the parsers' counts of variants outside the target genes, in line order
    variants = [v for i in inputs for v in variant_items(i.parsed)]
    cn_records = tumour_records(i.parsed for i in inputs)  # germline-marked inputs left out

    skips = SkipLog()
    alterations: list[Alteration] = []
    events = normalize_fusions(fusions, kb.fusion_kinases, build, settings.fusion)
    alterations += fusion_alterations(events, kb, skips)
    alterations += variant_alterations(
        variants, kb, skips, include_filtered=settings.include_filtered, build=build
    )
    cn_genes = sorted(g.symbol for g in kb.genes.values() if g.report_copy_number)
    if cn_records:
        calls = gene_calls(cn_records, cn_genes, build, settings.thresholds)
        segments = [r for r in cn_records if isinstance(r, CopyNumberSegment)]
        arms = arm_events(segments, build, settings.thresholds)
        cn_alterations = copy_number_alterations(calls, kb, arms)
        alterations += cn_alterations
        arm_note = observation(arms, (a.label for a in cn_alterations))
        if arm_note:
            warnings.append(arm_note)
    findings = match_findings(kb, alterations, context)
    covered_cn = covered_genes(cn_records, cn_genes, build) if cn_records else set()
    negatives = _negatives(inputs, findings, kb, covered_cn)
    uncovered = sorted(set(cn_genes) - covered_cn) if cn_records else []
    if uncovered:
        warnings.append(
            "copy number not assessable for "
            + ", ".join(uncovered)
            + ": no copy-number segment or gene value covers them"
        )
    skipped = [
        s for i in inputs for s in i.parsed.skipped if not isinstance(s, PassengerSkipped)
    ] + skips.entries()  # the parsers' counts of passengers are merged into skips
    return AnnotationResult(
        sample,
        settings,
        build,
        basis,
        tuple(inputs),
        tuple(findings),
        tuple(negatives),
        tuple(warnings),
        tuple(skipped),
        tuple(uncovered),
    )


def _genome_build(
    inputs: list[InputSummary], option: Build | None, warnings: list[str]
) -> tuple[Build, str]:
    """The build from --genome, else the inputs' headers, else fusion breakpoint anchors.

    Whatever decides it, fusion breakpoints that fall on the other build's exon boundaries
    (and not on this one's) give a warning naming them: a wrong build shifts every exon call.
    """
    hints = {i.parsed.path: i.parsed.genome_hint for i in inputs if i.parsed.genome_hint}
    for path, hint in hints.items():
        if option is not None and hint != option:
            raise InputFormatError(
                path, f"the file's header says {hint} but --genome {option} was given"
            )
    fusions = [r for i in inputs for r in i.parsed.records if isinstance(r, FusionCall)]
    hits = {b: boundary_hits(fusions, b) for b in BUILDS}
    if option is not None:
        _check_anchors(option, "given with --genome", hits, warnings)
        return option, "given with --genome"
    if len(set(hints.values())) > 1:
        listed = ", ".join(f"{p}: {h}" for p, h in hints.items())
        raise UsageError(f"inputs disagree on the genome build ({listed}); set --genome")
    if hints:
        path, hint = next(iter(hints.items()))
        build: Build = "GRCh38" if hint == "GRCh38" else "GRCh37"
        _check_anchors(build, f"declared in {path}", hits, warnings)
        return build, f"declared in {path}"
    if len(hits["GRCh38"]) != len(hits["GRCh37"]):
        best: Build = "GRCh38" if len(hits["GRCh38"]) > len(hits["GRCh37"]) else "GRCh37"
        shown = ", ".join(hits[best][:3])
        return best, f"fusion breakpoints on {best} exon boundaries ({len(hits[best])}: {shown})"
    warnings.append("genome build not stated by the inputs; GRCh38 assumed (use --genome)")
    return "GRCh38", "assumed (not stated by the inputs)"


def _check_anchors(
    build: Build, basis: str, hits: dict[Build, list[str]], warnings: list[str]
) -> None:
    other: Build = "GRCh37" if build == "GRCh38" else "GRCh38"
    if len(hits[other]) > len(hits[build]):
        warnings.append(
            f"genome build {build} ({basis}), but {len(hits[other])} fusion breakpoint(s) fall "
            f"on {other} exon boundaries ({', '.join(hits[other][:3])}) against "
            f"{len(hits[build])} on {build}: check the build, exon numbers depend on it"
        )


def _negatives(
    inputs: list[InputSummary],
    findings: list[Finding],
    kb: Knowledgebase,
    covered_cn: set[str],
) -> list[Negative]:
    found = {(f.alteration.kind, f.alteration.gene) for f in findings}
    out = []
    by_kind: dict[str, list[str]] = {}
    for i in inputs:
        for kind in (i.parsed.kind, *i.parsed.also):
            by_kind.setdefault(kind, []).append(i.parsed.path)
    if "fusion" in by_kind:
        fused = {g for k, g in found if k == "fusion"}
        kinases = tuple(g for g in kb.fusion_kinase_order if g not in fused)
        if kinases:
            out.append(
                Negative(
                    "fusion",
                    kinases,
                    f"No {join_genes(kinases)} fusion detected by the fusion caller(s).",
                    tuple(by_kind["fusion"]),
                )
            )
    if "variant" in by_kind:
        genes = {g.symbol for g in kb.genes.values() if g.report_mutations}
        missing = tuple(sorted(genes - {g for k, g in found if k == "mutation"}))
        if missing:
            out.append(
                Negative(
                    "mutation",
                    missing,
                    f"No protein-altering PASS variant in {_join(missing)} among the calls "
                    "provided (the VCF does not state which regions were sequenced).",
                    tuple(by_kind["variant"]),
                )
            )
    if "copy_number" in by_kind:
        amp = {g.symbol for g in kb.genes.values() if "amplification" in g.report_copy_number}
        missing = tuple(sorted((amp & covered_cn) - {g for k, g in found if k == "copy_number"}))
        if missing:
            out.append(
                Negative(
                    "copy_number",
                    missing,
                    f"No {_join(missing)} amplification in the copy-number input(s).",
                    tuple(by_kind["copy_number"]),
                )
            )
    return out


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
