"""Structural-variant VCFs read as fusion calls: Manta, DRAGEN SV, GRIDSS, FusionCatcher, Arriba.

Format: VCF 4.1-4.3 (samtools.github.io/hts-specs/VCFv4.3.pdf, section 5.4 "Specifying complex
rearrangements with breakends"). Seen: Manta 1.0 somatic (MAVIS test, COLO829) and Manta 1.5
with PURPLE/BPI/SnpEff ``SIMPLE_ANN`` (umccrise), GRIDSS 2.8 somatic (COLO829), FusionCatcher 1.20
VCF. DRAGEN SV is Manta-derived (same INFO/FORMAT); Arriba VCFs are those written by its
``convert_fusions_to_vcf.sh`` (no ``##source``; IDs ``<n>a``/``<n>b``, INFO GENE_NAME/GENE_ID).

One junction, one FusionCall:

* Breakend (BND) records are paired through ``MATEID`` (``PARID`` in older GRIDSS; ``EVENT`` when
  neither is given); the pair is one call on the first record's line, both records kept in
  ``raw`` (the mate's columns prefixed ``MATE_``). A BND with no mate reference at all is read
  from its own ALT (the partner position is in the brackets); one whose named mate never appears
  is skipped. Pairs sharing a Manta/GRIDSS ``EVENT`` with other pairs say so in a caller note.
* Symbolic ``<DEL>``, ``<DUP>``, ``<DUP:TANDEM>``, ``<INV>`` give breakpoints POS and INFO END on
  one chromosome as written (a ``<DEL>`` joins POS to END+1; intronic DNA breakpoints lie in the
  same intron either way); Manta ``INV3``/``INV5`` are noted. ``<INS>``, other symbolic alleles,
  sequence-resolved indels (Manta writes small DEL/INS with explicit REF/ALT) and single
  breakends (ALT ``.N``/``N.``: no partner position) are skipped with their reason.
* The ALT bracket form gives the orientation (``t[p[``: the sequence up to POS joins the sequence
  from p on; ``]p]t``: the sequence up to p joins the sequence from POS on; ``t]p]``/``[p[t``
  join reverse-complemented); it is stated in a caller note and sets ``fusion_type``
  (translocation / deletion / duplication / inversion). FusionCatcher's brackets are not
  spec-consistent, so for it only GENE5/GENE3/END are trusted.

Genes. FusionCatcher INFO GENE5/GENE3 (5'/3' stated; END=5|3 says which record is which,
STRAND is the gene strand); Arriba GENE_NAME per breakend (record ``a`` is gene1, the 5' end).
SnpEff ``ANN``/umccrise ``SIMPLE_ANN`` ``gene_fusion``/``bidirectional_gene_fusion`` entries
name ``A&B`` in hash order, not tied to either breakend: a single gene (both breakends inside
it) fills both fields, two genes are kept in ``name_field`` and a caller note only. **Contract
with normalisation:** when the file names no gene for a breakend, ``gene5_field`` and
``gene3_field`` are ``""``; genes are then taken from the bundled gene models at the breakpoints
for the chosen build and the kinase put 3' (DNA breakends carry no transcript orientation:
``bp5``/``bp3`` are simply in file order).

Support. Manta/DRAGEN FORMAT ``PR``/``SR`` are "ref,alt": split_reads = SR alt, discordant_reads
= PR alt. GRIDSS FORMAT ``SR``, ``RP``, ``VF`` = split, discordant, total fragments (INFO, the
totals over all samples, only in a sites-only file).
FusionCatcher INFO ``SR``/``SP``. The tumour column is, in order: the one ``##tumor_sample``
names; the other of two when ``##normal_sample`` names one; one named ``tumor*``/``tumour*``;
the only column; the last of two (Manta and GRIDSS somatic runs write the normal first).
FILTER values are kept (non-PASS included); QUAL, SOMATICSCORE and IMPRECISE go to caller notes;
Arriba's QUAL 0.5/2/5 is its confidence low/medium/high. Genome build from ``##reference``,
``##assembly`` or the chr1 ``##contig`` length; chromosome names lose their ``chr`` prefix.

Layout: ``sv_vcf_records`` reads the header and the data lines (INFO, breakend ALT, caller,
tumour column, genome build); ``sv_vcf_fields`` takes a call's genes, support, filters, notes and
raw columns from its records; this module sorts records into junctions, pairs breakends and
builds the calls.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import Breakpoint, FusionCall, ParsedInput, Skipped, SourceRef
from annotator.parsers.base import Parser
from annotator.parsers.fusion_common import frame
from annotator.parsers.sv_vcf_fields import (
    NO_COUNTS,
    bnd_type,
    filters,
    orientation,
    raw_columns,
    read_genes,
    read_support,
    record_notes,
    short,
)
from annotator.parsers.sv_vcf_records import (
    FIXED,
    Header,
    Rec,
    bare_chrom,
    breakend,
    caller,
    genome,
    info_int,
    read_meta,
    record,
    tumour,
)
from annotator.parsers.textio import Head, numbered_lines
from annotator.parsers.vcf_kind import vcf_kind

JUNCTION_ALLELES = {
    "<DEL>": "deletion",
    "<DUP>": "duplication",
    "<DUP:TANDEM>": "tandem duplication",
    "<INV>": "inversion",
}
SINGLE = "single breakend (no partner position)"
MATE_MISSING = "breakend whose mate record (MATEID) is not in the file"
INSERTION = "insertion (<INS>), not a fusion junction"
INDEL = "sequence-resolved indel (explicit REF/ALT), not a fusion junction"
SMALL = "small variant without SVTYPE, not a fusion junction"
OTHER_SYMBOLIC = "symbolic allele that is not a junction (<CNV>, <INS:ME>, ...)"
NO_END = "symbolic allele without INFO END"
NO_ALT = "no ALT allele"
MULTI_ALT = "several ALT alleles in one structural-variant record (not read)"
ARRIBA_QUAL = {"0.5": "low", "2": "medium", "5": "high"}
# Manta and GRIDSS place the two records of a junction a few bases apart (homology, CIPOS);
# only a mate record further than this from the ALT's partner position is worth a note.
MATE_SLACK = 1000


def sniff(head: Head) -> bool:
    return vcf_kind(head) == "sv"


def _skip_reason(rec: Rec) -> str | None:
    """Why the record is not a junction, or None for a breakend or junction symbolic allele."""
    alt, svtype = rec.alt, rec.info.get("SVTYPE", "")
    if alt in ("", ".", "*", "<*>", "<NON_REF>"):
        return NO_ALT
    if "," in alt:
        return MULTI_ALT
    if "[" in alt or "]" in alt:
        return None
    if alt.startswith("<"):
        if alt in JUNCTION_ALLELES:
            return None if rec.info.get("END", ".") not in ("", ".") else NO_END
        return INSERTION if alt.startswith("<INS") else OTHER_SYMBOLIC
    if len(alt) > 1 and (alt.startswith(".") or alt.endswith(".")):
        return SINGLE
    return INDEL if svtype else SMALL


def _breakpoint(rec: Rec) -> Breakpoint:
    strand = rec.info.get("STRAND")  # FusionCatcher: the gene strand
    return Breakpoint(
        bare_chrom(rec.chrom), rec.pos, "+" if strand == "+" else "-" if strand == "-" else None
    )


def _call(path: str, header: Header, first: Rec, second: Rec | None) -> FusionCall:
    """One junction: a breakend pair, a breakend read from its ALT alone, or a symbolic record."""
    genes = read_genes(first, second)
    recs = [first] if second is None else [first, second]
    notes = list(genes.notes)
    bnd = first.bnd
    if bnd is None:  # symbolic <DEL>/<DUP>/<INV>
        end = info_int(first, "END") or first.pos  # END is given: see _skip_reason
        bp5, bp3 = _breakpoint(first), Breakpoint(bare_chrom(first.chrom), end)
        fusion_type = JUNCTION_ALLELES[first.alt]
    else:
        bp5 = _breakpoint(first)
        bp3 = _breakpoint(second) if second else Breakpoint(bare_chrom(bnd.chrom), bnd.pos)
        if genes.swap:
            bp5, bp3 = bp3, bp5
        if header.caller == "FusionCatcher":
            # its mate brackets contradict VCF 4.2; GENE5/GENE3/END say what is joined
            fusion_type = "translocation" if bp5.chrom != bp3.chrom else "intrachromosomal"
        else:
            fusion_type = bnd_type(first, bnd)
            notes.append(orientation(first, bnd))
        if second is None:
            notes.append("no mate record; the partner position is read from the ALT")
        elif (
            bare_chrom(second.chrom) != bare_chrom(bnd.chrom)
            or abs(second.pos - bnd.pos) > MATE_SLACK
        ):
            notes.append(
                f"ALT points to {bare_chrom(bnd.chrom)}:{bnd.pos}, mate record is at "
                f"{bare_chrom(second.chrom)}:{second.pos}"
            )
    support = read_support(first, header)
    if support.note:
        notes.append(support.note)
    notes.extend(n for n in record_notes(first, header) if n not in notes)
    raw = raw_columns(first)
    if second is not None:
        raw += [("MATE_LINE", str(second.line)), *raw_columns(second, "MATE_")]
    effect = first.info.get("EFFECT")
    return FusionCall(
        caller=header.caller,
        gene5_field=genes.gene5,
        gene3_field=genes.gene3,
        bp5=bp5,
        bp3=bp3,
        split_reads=support.split,
        discordant_reads=support.discordant,
        total_reads=support.total,
        frame=frame(effect) if effect else None,
        confidence=ARRIBA_QUAL.get(first.col("QUAL")) if header.caller == "Arriba" else None,
        fusion_type=fusion_type,
        name_field=genes.name,
        source=SourceRef(path, first.line, tuple(raw)),
        filters=filters(recs),
        caller_notes=tuple(notes),
        # RNA callers' VCFs name the 5' gene; DNA breakends have no 5'/3' order and their
        # intronic breakpoints splice at the flanking exons
        ordered=header.caller in RNA_CALLERS,
        molecule=None if header.caller in RNA_CALLERS else "DNA",
    )


RNA_CALLERS = frozenset({"FusionCatcher", "Arriba"})


class _Reader:
    """Reads records in file order, pairs breakends and collects calls, skips and warnings."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.header = Header()
        self.calls: list[FusionCall] = []
        self.events: dict[str, list[int]] = {}  # EVENT -> indexes into calls
        self.pending: dict[str, Rec] = {}  # breakends waiting for the mate their MATEID names
        self.by_event: dict[str, Rec] = {}  # breakends without MATEID waiting for their EVENT
        self.skipped: dict[str, tuple[list[int], list[str]]] = {}
        self.no_counts: list[int] = []  # lines of calls whose tumour column is '.'
        self.records = 0

    def feed(self, line: int, text: str) -> None:
        if not text.strip():
            return
        if text.startswith("##"):
            read_meta(self.header, text)
        elif text.startswith("#"):
            self._columns(line, text)
        elif not self.header.columns:
            raise InputFormatError(self.path, "record before the '#CHROM' header line", line=line)
        else:
            self.records += 1
            rec = record(self.path, line, text, self.header)
            reason = _skip_reason(rec)
            if reason is not None:
                self._skip(reason, rec)
            elif rec.alt.startswith("<"):
                self._add(rec, None)
            else:
                rec.bnd = breakend(rec)
                self._pair(rec)

    def _columns(self, line: int, text: str) -> None:
        columns = [c.strip() for c in text[1:].split("\t")]
        while columns and not columns[-1]:
            columns.pop()
        if tuple(columns[:8]) != FIXED:
            raise InputFormatError(
                self.path,
                f"expected the VCF header '#{chr(9).join(FIXED)}', got {text[:80]!r}",
                line=line,
            )
        h = self.header
        h.columns = columns
        h.index = {name: i for i, name in enumerate(columns)}
        h.caller, h.version = caller(h)
        h.tumour, h.tumour_rule = tumour(h, columns[9:])

    def _pair(self, rec: Rec) -> None:
        mate_ids = rec.mate_ids()
        for mate_id in mate_ids:
            mate = self.pending.pop(mate_id, None)
            if mate is not None:
                self._add(mate, rec)
                return
        if mate_ids:
            self.pending[rec.ident or f"line {rec.line}"] = rec
            return
        event = rec.info.get("EVENT")
        if not event:
            self._add(rec, None)
        elif event in self.by_event:
            self._add(self.by_event.pop(event), rec)
        else:
            self.by_event[event] = rec

    def _add(self, first: Rec, second: Rec | None) -> None:
        event = first.info.get("EVENT")
        if event:
            self.events.setdefault(event, []).append(len(self.calls))
        call = _call(self.path, self.header, first, second)
        if NO_COUNTS in call.caller_notes:
            self.no_counts.append(call.source.line)
        self.calls.append(call)

    def _skip(self, reason: str, rec: Rec) -> None:
        lines, examples = self.skipped.setdefault(reason, ([], []))
        lines.append(rec.line)
        if len(examples) < 5:
            examples.append(f"{bare_chrom(rec.chrom)}:{rec.pos} {short(rec.alt)}")

    def finish(self) -> ParsedInput:
        if not self.header.columns:
            raise InputFormatError(self.path, "no '#CHROM' header line; not a complete VCF")
        for rec in self.pending.values():
            self._skip(MATE_MISSING, rec)
        for rec in self.by_event.values():
            self._add(rec, None)
        self._note_events()
        order = sorted(range(len(self.calls)), key=lambda i: self.calls[i].source.line)
        return ParsedInput(
            path=self.path,
            format=PARSER.name,
            format_label=f"{self.header.caller} structural-variant VCF",
            kind="fusion",
            records=tuple(self.calls[i] for i in order),
            warnings=tuple(self._warnings()),
            skipped=tuple(
                Skipped(self.path, reason, tuple(lines), len(lines), tuple(examples))
                for reason, (lines, examples) in self.skipped.items()
            ),
            genome_hint=genome(self.header.meta)[0],
            sample_hint=self.header.tumour,
            details=tuple(self._details()),
        )

    def _note_events(self) -> None:
        for event, indexes in self.events.items():
            if len(indexes) < 2:
                continue
            lines = ", ".join(str(n) for n in sorted(self.calls[i].source.line for i in indexes))
            note = f"one of {len(indexes)} junctions of EVENT {event} (lines {lines})"
            for i in indexes:
                call = self.calls[i]
                self.calls[i] = replace(call, caller_notes=(*call.caller_notes, note))

    def _warnings(self) -> list[str]:
        warnings: list[str] = []
        build_warning = genome(self.header.meta)[1]
        if build_warning:
            warnings.append(build_warning)
        if self.header.columns[9:] and self.header.tumour is None:
            warnings.append(
                f"{len(self.header.columns) - 9} sample columns and none named as the tumour; "
                "read support not taken from FORMAT"
            )
        for reason in (SINGLE, MATE_MISSING):
            if reason in self.skipped:
                lines = self.skipped[reason][0]
                warnings.append(f"{len(lines)} × {reason} ignored (lines {_lines(lines)})")
        if self.no_counts:
            warnings.append(
                f"calls without read support: {NO_COUNTS} (lines {_lines(self.no_counts)})"
            )
        return warnings

    def _details(self) -> list[tuple[str, str]]:
        h = self.header
        details = [("caller", f"{h.caller} {h.version}".strip())]
        fileformat = h.meta.get("fileformat", [""])[0]
        if fileformat:
            details.append(("format", fileformat))
        if h.tumour:
            details.append(("tumour sample", f"{h.tumour} ({h.tumour_rule})"))
        snpeff = h.meta.get("SnpEffVersion", [""])[0].strip('"').split()
        if snpeff:
            details.append(("annotation", f"SnpEff {snpeff[0]}"))
        details.append(("records", str(self.records)))
        return details


def _lines(lines: list[int]) -> str:
    return ", ".join(map(str, lines[:10])) + (", ..." if len(lines) > 10 else "")


def parse(path: Path) -> ParsedInput:
    reader = _Reader(path)
    for line, text in numbered_lines(path):
        reader.feed(line, text)
    return reader.finish()


PARSER = Parser(
    name="sv_vcf",
    label="Structural-variant VCF (Manta, DRAGEN SV, GRIDSS, FusionCatcher, Arriba)",
    kind="fusion",
    sniff_rule=(
        "first line '##fileformat=VCFv4.x', records are mostly breakends, symbolic alleles or "
        "carry SVTYPE (or ##source names an SV/fusion caller)"
    ),
    sniff=sniff,
    parse=parse,
)
