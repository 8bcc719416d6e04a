"""LINX fusion table ``<sample>.linx.fusion.tsv`` (Hartwig Medical Foundation, DNA fusions from
PURPLE/GRIDSS structural variants).

Format: LINX README, "Fusions" output (https://github.com/hartwigmedical/hmftools/tree/master/linx)
and hmftools' ``LinxFusion`` reader. Tab-separated with a header: ``fivePrimeBreakendId
threePrimeBreakendId name reported reportedType phased likelihood chainLength chainLinks
chainTerminated domainsKept domainsLost skippedExonsUp skippedExonsDown fusedExonUp fusedExonDown
geneStart geneContextStart transcriptStart geneEnd geneContextEnd transcriptEnd
junctionCopyNumber``. Seen: umccrise/gpgr test output (LINX 1.1x, 91 fusions, none reported).

geneStart is the 5' (upstream) gene and geneEnd the 3' gene. The table carries no coordinates:
they are in ``linx.breakend.tsv`` (by breakend id), which is not a fusion list and is not read,
so breakpoints are left unset and genes come from the named genes. Mapping: fusedExonUp/Down ->
exons, geneContextStart/End (``Exon 4``, ``Promoter Region``) -> sites, transcriptStart/End ->
transcripts, phased ``INFRAME`` / ``OUT_OF_FRAME`` / ``SKIPPED_EXONS`` -> in-frame /
out-of-frame / in-frame after exon skipping, reportedType (unless ``NONE``) -> fusion type, name
-> fusion name; reported, likelihood, chain facts, kept/lost domains and junction copy number ->
caller notes. There are no read counts.
"""

from __future__ import annotations

from pathlib import Path

from annotator.models import FusionCall, ParsedInput, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_tables import gene, note
from annotator.parsers.textio import Head, Row, header_matches, read_table

REQUIRED = ("fivePrimeBreakendId", "threePrimeBreakendId", "name", "reported", "phased",
            "geneStart", "geneEnd")  # fmt: skip
PHASES = {
    "INFRAME": "in-frame",
    "OUT_OF_FRAME": "out-of-frame",
    "SKIPPED_EXONS": "in-frame after exon skipping",
}


def sniff(head: Head) -> bool:
    return header_matches(head, "fivePrimeBreakendId\tthreePrimeBreakendId\t", ("geneStart",))


def _boolean(row: Row, column: str) -> bool | None:
    value = row.get(column)
    if value is None:
        return None
    if value.lower() not in ("true", "false"):
        raise row.error(column, f"expected true or false, got {value!r}")
    return value.lower() == "true"


def _frame(row: Row) -> str | None:
    value = row.get("phased")
    if value is None:
        return None
    if value not in PHASES:
        raise row.error("phased", f"expected one of {', '.join(PHASES)}, got {value!r}")
    return PHASES[value]


def _notes(row: Row) -> tuple[str, ...]:
    reported = _boolean(row, "reported")
    notes: tuple[str, ...] = ()
    if reported is not None:
        notes = (f"LINX reported: {'yes' if reported else 'no'}",)
    notes += note("likelihood", row.get("likelihood"))
    links = row.int("chainLinks")
    if links:
        ended = " (terminated)" if _boolean(row, "chainTerminated") else ""
        notes += (f"chained over {links} links, {row.get('chainLength')} bases{ended}",)
    notes += note("domains kept", row.get("domainsKept"))
    notes += note("domains lost", row.get("domainsLost"))
    for column, side in (("skippedExonsUp", "5'"), ("skippedExonsDown", "3'")):
        if row.int(column):
            notes += (f"{row.get(column)} {side} exons skipped",)
    return notes + note("junction copy number", row.get("junctionCopyNumber"))


def _exon(row: Row, column: str) -> int | None:
    value = row.int(column)
    return value if value else None  # 0: no exon fused (intergenic/promoter context)


def _call(row: Row, path: str) -> FusionCall:
    reported_type = row.get("reportedType")
    return FusionCall(
        caller="LINX",
        gene5_field=gene(row, "geneStart"),
        gene3_field=gene(row, "geneEnd"),
        bp5=None,
        bp3=None,
        split_reads=None,
        discordant_reads=None,
        frame=_frame(row),
        site5=row.get("geneContextStart"),
        site3=row.get("geneContextEnd"),
        fusion_type=reported_type if reported_type != "NONE" else None,
        transcript5=row.get("transcriptStart"),
        transcript3=row.get("transcriptEnd"),
        exon5=_exon(row, "fusedExonUp"),
        exon3=_exon(row, "fusedExonDown"),
        name_field=row.get("name"),
        caller_notes=_notes(row),
        source=SourceRef(path, row.line, row.raw()),
    )


def parse(path: Path) -> ParsedInput:
    table = read_table(path, required=REQUIRED)
    calls = tuple(_call(row, table.path) for row in table.rows)
    return ParsedInput(
        path=table.path,
        format="linx",
        format_label="LINX linx.fusion.tsv",
        kind="fusion",
        records=calls,
        details=(
            ("caller", "LINX"),
            ("evidence", "DNA structural variants; no read counts or breakpoint coordinates"),
        ),
    )


PARSER = Parser(
    name="linx",
    label="LINX linx.fusion.tsv (HMF DNA fusions)",
    kind="fusion",
    sniff_rule="header starting 'fivePrimeBreakendId<TAB>threePrimeBreakendId' with a "
    "geneStart column",
    sniff=sniff,
    parse=parse,
)
