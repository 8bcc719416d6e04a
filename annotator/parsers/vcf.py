"""Somatic small-variant VCF (plain text, plain gzip or BGZF), annotated by VEP, SnpEff or neither.

Callers seen in real output: GATK Mutect2 4.0-4.5 (FORMAT AF), MuTect1, Strelka 1/2 (AU/CU/GU/TU
and TAR/TIR tier counts), VarScan2 (FREQ percent, AD = alt depth only), VarDict/bcbio ensembles,
SAGE/PURPLE, PCGR combined ``T_N`` columns (ADT/DPT) and merged pVACtools files whose FORMAT keys
change per record. Format: VCF 4.x specification (samtools.github.io/hts-specs/VCFv4.3.pdf).

How a file is read:

* :mod:`~annotator.parsers.vcf_source` streams the text once (header, then numbered record
  lines, as bytes); :mod:`~annotator.parsers.vcf_header` reads the header facts;
* :mod:`~annotator.parsers.vcf_samples` picks the tumour column and computes VAF per caller;
  :mod:`~annotator.parsers.vcf_annotation` reads VEP CSQ, SnpEff ANN and legacy EFF entries and
  picks one transcript per gene;
* with ``genes`` (the annotate path), a record whose annotation names none of them is only
  counted, per skip reason (``annotator.passengers``: ``PassengerSkipped`` entries with the
  total, the first line numbers and examples, which ``annotate`` merges with its own): the
  common unannotated record from its bytes (column count, POS, one plain ALT, no annotation key
  in the line, no bundled codon within reach), any other from its text
  (:mod:`~annotator.parsers.vcf_text`); every other record is checked and decoded by a backend
  (:mod:`~annotator.parsers.vcf_backends`: pysam or PyVCF3, same results);
* with ``genes`` and a tabix/CSI index beside a BGZF file, only the target genes' regions are
  read (:mod:`~annotator.parsers.vcf_index`); the records outside are counted, not read;
  without a usable index, a large BGZF file is read by two processes
  (:mod:`~annotator.parsers.vcf_split`).

Columns: CHROM (``chr`` dropped, M -> MT), POS, REF, each ALT (one SmallVariant per ALT and
gene), FILTER (``.`` -> (), else the ``;``-separated names, PASS included), the annotation key,
and the tumour column's FORMAT values; the fixed columns and the tumour column are kept as raw.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from itertools import accumulate, count
from operator import add
from pathlib import Path

from annotator.errors import InputFormatError
from annotator.models import (
    ParsedInput,
    Record,
    Skipped,
    SmallVariant,
    SourceRef,
    TranscriptConsequence,
)
from annotator.parsers.base import Parser
from annotator.parsers.textio import Head
from annotator.parsers.vcf_annotation import (
    Schema,
    choose_per_gene,
    entries_for_allele,
    header_details,
    parse_entries,
    schema_from_description,
)
from annotator.parsers.vcf_backends import BATCH, Decoder, SampleValues, backend_name, decoder
from annotator.parsers.vcf_header import HeaderInfo, read_header
from annotator.parsers.vcf_index import RegionRead, region_read
from annotator.parsers.vcf_kind import vcf_kind
from annotator.parsers.vcf_samples import allele_counts, tumour_sample
from annotator.parsers.vcf_source import FIXED_COLUMNS, Block, VcfText, has_bgzf_eof
from annotator.parsers.vcf_split import Child, ChildFailed, TailResult, finish, split_offset
from annotator.parsers.vcf_text import ALT, INFO, POS, REF, SPLIT, LightView, PassengerTest
from annotator.parsers.vcf_text import light_genes as _light_genes
from annotator.passengers import NOT_ANNOTATED, OUTSIDE_TARGETS, Tally
from annotator.reference.hotspots import hotspot_positions, touches_hotspot

SYMBOLIC = "structural-variant or symbolic ALT, not a small variant"
NO_ALT = "no ALT allele (reference-only site or placeholder allele only)"
# Alleles that stand for "some other allele" rather than a change at this record.
PLACEHOLDER_ALTS = frozenset({"*", "<NON_REF>", "<*>"})
GRCH38_NAMES = ("grch38", "hg38")
GRCH37_NAMES = ("grch37", "hg19", "b37", "hs37d5", "human_g1k_v37")
CHR1_LENGTH = {248956422: "GRCh38", 249250621: "GRCh37"}
ANNOTATION_KEYS = ("CSQ", "ANN", "EFF")  # in order of preference where a record has several


def sniff(head: Head) -> bool:
    # Structural-variant and copy-number VCFs have their own parsers (see vcf_kind).
    return vcf_kind(head) == "small"


def _genome_hint(header: HeaderInfo) -> tuple[str | None, str | None]:
    """(build, warning). Sources that disagree give no build: a stale ``##reference`` left by
    an earlier tool (pVACtools input.new.vcf: GRCh37-lite reference, VEP GRCh38) is common."""
    found: dict[str, str] = {}
    for reference in header.generic.get("reference", []):
        text = reference.lower()
        if any(n in text for n in GRCH38_NAMES):
            found.setdefault("##reference", "GRCh38")
        elif any(n in text for n in GRCH37_NAMES):
            found.setdefault("##reference", "GRCh37")
    for vep in header.generic.get("VEP", []):
        assembly = re.search(r'assembly="?(GRCh3[78])', vep)
        if assembly:
            found.setdefault("##VEP assembly", assembly.group(1))
    for name in ("chr1", "1"):
        length = header.contigs.get(name)
        if length in CHR1_LENGTH:
            found.setdefault(f"##contig {name} length", CHR1_LENGTH[length])
    builds = set(found.values())
    if len(builds) > 1:
        said = "; ".join(f"{where} says {build}" for where, build in found.items())
        return None, f"the header disagrees on the genome build ({said}); no build assumed"
    return next(iter(builds), None), None


def _chrom(name: str) -> str:
    bare = name[3:] if name[:3].lower() == "chr" else name
    return "MT" if bare in ("M", "m") else bare


def info_value(info: str, key: str) -> str | None:
    """The value of INFO ``key`` (the first one, as htslib keeps it); None when absent or a
    bare flag."""
    if key not in info:
        return None
    for item in info.split(";"):
        name, eq, value = item.partition("=")
        if name == key:
            return value if eq else None
    return None


class _Reader:
    """Turns record lines into SmallVariants, Skipped groups and, with ``genes``, counts of the
    variants outside those genes (``Tally`` per reason).

    Lines read in full wait in ``_pending`` until ``BATCH`` of them can be decoded at once; their
    place in ``records`` is kept by a list that the decoded variants fill.
    """

    def __init__(
        self,
        path: Path,
        header: HeaderInfo,
        genes: frozenset[str] | None,
        backend: str | None,
        tumour: str | None,
    ) -> None:
        self.path = path
        self.path_text = str(path)
        self.records: list[Record | list[Record]] = []
        self.nested = False  # records holds lists (decoded full records)
        self.skipped: dict[str, tuple[list[int], list[str]]] = {}
        self.passenger_counts: dict[str, Tally] = {}  # reason -> variants only counted
        choice = tumour_sample(self.path_text, header, tumour)
        self.tumour = choice.sample
        self.warnings = list(choice.warnings)
        self.tumour_column = 9 + header.samples.index(self.tumour) if self.tumour else None
        self.schemas: list[Schema] = []
        for key in ANNOTATION_KEYS:
            if key in header.infos:
                schema = schema_from_description(key, header.infos[key].description)
                if schema is not None:
                    self.schemas.append(schema)
        self.genome, build_warning = _genome_hint(header)
        if build_warning:
            self.warnings.append(build_warning)
        self.details = header_details(header.generic, self.schemas)
        if choice.sample is not None:
            where = header.samples.index(choice.sample) + 1
            self.details.append(
                (
                    "tumour sample",
                    f"{choice.sample} (column {where} of {len(header.samples)}; {choice.rule})",
                )
            )
        self.passengers = PassengerTest(self.schemas, genes) if genes is not None else None
        tokens = "|".join(re.escape(s.key + "=") for s in self.schemas)
        self.annotated = re.compile(tokens).search if tokens else None
        # one search per key: an alternation of literals is many times slower in ``re``
        self.key_searches = [
            re.compile(re.escape(s.key + "=").encode()).finditer for s in self.schemas
        ]
        # positions of the bundled hotspot codons (either build), for a cheap first test
        self.hotspots = frozenset(pos for _, pos in hotspot_positions())
        # the POS values (as text) of a one-base REF that reaches one: the codon base or the
        # base before it (an insertion lands after POS)
        self.near_hotspot_text = frozenset(
            str(p).encode() for p in self.hotspots | {p - 1 for p in self.hotspots}
        )
        self.sorted_hotspots = sorted(self.hotspots)
        self.decoder: Decoder = decoder(backend_name(backend), self.path_text, header, self.tumour)
        self._pending: list[tuple[int, str, list[Record]]] = []
        self._chroms: dict[str, str] = {}
        self.handed_back: list[tuple[int, str]] | None = None  # see decode_later

    def add_tail(self, tail: TailResult, offset: int) -> None:
        """What the process that read the second half of the file found, its lines numbered
        from ``offset + 1``: all of it comes after what this reader has read."""
        for reason, (lines, examples) in tail.skipped.items():
            mine = self.skipped.setdefault(reason, ([], []))
            mine[0].extend(n + offset for n in lines)
            mine[1].extend(examples[: max(0, 3 - len(mine[1]))])
        for reason, tally in tail.counts.items():
            self.passenger_counts.setdefault(reason, Tally()).extend(tally, offset)
        for line, text in tail.decode:
            self.decode_later(line + offset, text)

    def _error(self, line: int, text: str, column: int, problem: str) -> InputFormatError:
        """A bad fixed column: the message names it and a caret marks it in the line."""
        parts = text.split("\t")
        start = sum(len(p) + 1 for p in parts[:column])
        width = len(parts[column]) if column < len(parts) else 1
        excerpt, caret = text, (start, width)
        if len(text) > 160:  # keep the excerpt short, around the bad column
            left = max(0, start - 40)
            excerpt, caret = text[left : left + 160], (start - left, min(width, 120))
        return InputFormatError(
            self.path,
            problem,
            line=line,
            column=FIXED_COLUMNS[column],
            excerpt=excerpt,
            caret=caret,
        )

    def _check(self, line: int, text: str) -> list[str] | None:
        """The line split up to INFO; None for a blank line; an error for a line without 8
        columns or an integer POS."""
        if text.startswith("#"):
            raise InputFormatError(self.path, "header line among the records", line=line)
        columns = text.split("\t", SPLIT)
        if len(columns) <= INFO:
            if not text.strip():
                return None
            raise self._error(
                line,
                text,
                min(len(columns), INFO),
                f"expected at least 8 tab-separated columns, got {len(columns)}",
            )
        if not columns[POS].isdigit():
            raise self._error(line, text, POS, f"expected a position, got {columns[POS]!r}")
        return columns

    def read(self, block: Block) -> None:
        """Read the record lines of ``block`` (see ``VcfText.blocks``)."""
        if self.passengers is None:
            text = block.text.decode("utf-8", "replace")
            for line, item in enumerate(text.split("\n"), block.start + 1):
                if self._check(line, item) is not None:
                    self._pend(line, item)
        elif b"#" in block.text and (block.text[:1] == b"#" or b"\n#" in block.text):
            for line, raw in enumerate(block.lines, block.start + 1):  # an error among them
                self._read_light(line, raw.decode("utf-8", "replace"))
        else:
            self._count_passengers(block)

    def _annotated_lines(self, block: Block) -> set[int]:
        """The numbers of the lines where an annotation key (``CSQ=``...) appears, found by
        searching the whole block at once (a search per line costs more than the rest of the
        line's checks)."""
        found: set[int] = set()
        if not self.key_searches:
            return found
        # where each line ends in block.text: bisecting a match position gives its line
        ends = list(map(add, accumulate(map(len, block.lines)), count()))
        for search in self.key_searches:
            for match in search(block.text):
                found.add(block.start + 1 + bisect_left(ends, match.start()))
        return found

    def _count_passengers(self, block: Block) -> None:
        """The common record, counted from its bytes: 8 columns or more, an integer POS, one
        ALT of bases, no annotation key in the line and no bundled codon within reach (it is a
        variant not annotated). Every other line goes to ``_read_light``, which decides the same
        for these (the tests compare both reads)."""
        tally = self.passenger_counts.get(NOT_ANNOTATED)
        if tally is None:
            tally = self.passenger_counts[NOT_ANNOTATED] = Tally()
        collecting = not tally.full  # line numbers or examples still kept
        counted = 0
        annotated = self._annotated_lines(block)
        near = self.near_hotspot_text
        line = block.start
        for raw in block.lines:
            line += 1
            head = raw.split(b"\t", 7)  # CHROM POS ID REF ALT QUAL FILTER and INFO onwards
            if len(head) == 8 and head[4].isalpha() and head[1].isdigit():
                pos = head[1]
                if (
                    (pos not in near and pos[0] != 48)  # 48: a leading "0"
                    if len(head[3]) == 1
                    else not self._near_hotspot(int(pos), len(head[3]))
                ) and (not annotated or line not in annotated):
                    if collecting:
                        chrom = _chrom(head[0].decode("utf-8", "replace"))
                        ref, alt = head[3].decode("utf-8", "replace"), head[4].decode()
                        tally.add(line, f"{chrom}:{int(pos)} {ref}>{alt}")
                        collecting = not tally.full
                    else:
                        counted += 1
                    continue
            self._read_light(line, raw.decode("utf-8", "replace"))
        tally.count += counted

    def _near_hotspot(self, pos: int, ref_length: int) -> bool:
        """Whether a bundled codon position lies in [pos, pos + ref_length] (any chromosome)."""
        found = self.sorted_hotspots
        i = bisect_left(found, pos)
        return i < len(found) and found[i] <= pos + ref_length

    def _read_light(self, line: int, text: str) -> None:
        """One record line when ``genes`` are given: counted if it is a passenger, else read."""
        head = text.split("\t", 5)  # CHROM POS ID REF ALT and the rest
        if (len(head) < 6 or not head[POS].isdigit()) and self._check(line, text) is None:
            return  # a blank line
        if text.startswith("#"):
            self._check(line, text)  # raises
        rest = head[5]
        cut = rest.find("\t")
        if cut < 0 or rest.find("\t", cut + 1) < 0:
            self._check(line, text)  # fewer than 8 columns: raises
        pos = int(head[POS])
        ref = head[REF]
        if (
            (pos in self.hotspots or pos + 1 in self.hotspots)
            if len(ref) == 1
            else touches_hotspot(head[0], pos, len(ref))
        ) and touches_hotspot(head[0], pos, len(ref)):
            # annotate derives a protein change for an unannotated variant at a bundled
            # codon from its full record, so none of those is read light
            self._pend(line, text)
            return
        alt = head[ALT]
        if self.annotated is None or self.annotated(text) is None:  # no annotation key at all
            if alt.isalpha():  # the common passenger: one plain ALT
                chrom = self._chroms.get(head[0])
                if chrom is None:
                    chrom = self._chroms[head[0]] = _chrom(head[0])
                self._count(line, f"{chrom}:{pos} {ref}>{alt}", [])
            else:  # several ALTs, or symbolic ones: what the view would give, without its work
                alts = () if alt == "." else tuple(alt.split(","))
                self._add_light(LightView(head[0], pos, ref, alts, None, [], None, None), line)
            return
        assert self.passengers is not None
        view = self.passengers.view(text.split("\t", SPLIT), pos)
        if view is None:
            self._pend(line, text)
        else:
            self._add_light(view, line)

    def _pend(self, line: int, text: str) -> None:
        if self._small(line, text):
            self.decode_later(line, text)

    def decode_later(self, line: int, text: str) -> None:
        """Queue a record line to be decoded; where the reader reads the second half of a file
        in another process, the line is handed back to be decoded here (``handed_back``)."""
        if self.handed_back is not None:
            self.handed_back.append((line, text))
            return
        slot: list[Record] = []
        self.records.append(slot)
        self.nested = True
        self._pending.append((line, text, slot))
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Decode the lines waiting to be read in full and fill their places."""
        pending, self._pending = self._pending, []
        values = self.decoder.decode([(line, text) for line, text, _ in pending])
        for (line, text, slot), sample in zip(pending, values, strict=True):
            self._add(line, text, sample, slot)

    def _small(self, line: int, text: str) -> bool:
        """False, with the record skipped for its reason, for symbolic or ALT-less records."""
        columns = text.split("\t", SPLIT)
        alt = columns[ALT]
        alts = () if alt == "." else tuple(alt.split(","))
        return self._is_small_variant(_chrom(columns[0]), int(columns[POS]), alts, line)

    def _skip(self, reason: str, line: int, example: str) -> None:
        lines, examples = self.skipped.setdefault(reason, ([], []))
        lines.append(line)
        if len(examples) < 3:
            examples.append(example)

    def _add(self, line: int, text: str, sample: SampleValues | None, out: list[Record]) -> None:
        columns = text.split("\t")
        chrom, pos, ref = _chrom(columns[0]), int(columns[POS]), columns[REF]
        alts = tuple(columns[ALT].split(","))
        raw = list(zip(FIXED_COLUMNS, columns, strict=False))
        if self.tumour is not None and self.tumour_column is not None:
            raw.append((self.tumour, columns[self.tumour_column]))
        filters = () if columns[6] == "." else tuple(columns[6].split(";"))
        schema, values = self._annotation(columns[INFO])
        entries = parse_entries(schema, values) if schema is not None else []
        source: str | None = schema.source if schema is not None else None
        for index, alt in enumerate(alts):
            if alt in PLACEHOLDER_ALTS:
                continue
            counts = allele_counts(sample, alts, index) if sample is not None else None
            ref_raw = raw
            if counts is not None and counts.stated is not None:
                key, stated = counts.stated
                ref_raw = [*raw, (f"{key} (caller's VAF)", f"{stated:.4g}")]
            chosen = (
                choose_per_gene(entries_for_allele(schema, entries, ref, alts, index))
                if schema is not None
                else []
            )
            picks: list[tuple[TranscriptConsequence | None, str | None]] = [
                (a, r) for a, r in chosen
            ] or [(None, None)]  # unannotated: still one variant
            ref_source = SourceRef(self.path_text, line, tuple(ref_raw))
            for annotation, reason in picks:
                out.append(
                    SmallVariant(
                        chrom=chrom,
                        pos=pos,
                        ref=ref,
                        alt=alt,
                        filters=filters,
                        tumor_sample=self.tumour,
                        vaf=counts.vaf if counts else None,
                        depth=counts.depth if counts else None,
                        alt_reads=counts.alt_reads if counts else None,
                        annotation=annotation,
                        annotation_source=source if annotation else None,
                        transcript_choice=reason,
                        source=ref_source,
                    )
                )

    def _is_small_variant(self, chrom: str, pos: int, alts: tuple[str, ...], line: int) -> bool:
        where = f"{chrom}:{pos} {','.join(alts) or '.'}"
        if any(
            a.startswith("<") or "[" in a or "]" in a or a.startswith(".") or a.endswith(".")
            for a in alts
            if a not in PLACEHOLDER_ALTS
        ):
            self._skip(SYMBOLIC, line, where)
            return False
        if all(a in PLACEHOLDER_ALTS for a in alts):
            self._skip(NO_ALT, line, where)
            return False
        return True

    def _add_light(self, view: LightView, line: int) -> None:
        """A passenger record from its text: one variant counted per ALT and gene."""
        chrom, ref, alts = _chrom(view.chrom), view.ref, view.alts
        if view.genes is not None and alts[0].isalpha():  # one plain ALT: the common record
            self._count(line, f"{chrom}:{view.pos} {ref}>{alts[0]}", view.genes)
            return
        single = len(alts) == 1 and alts[0].isalpha()
        if not single and not self._is_small_variant(chrom, view.pos, alts, line):
            return
        for index, alt in enumerate(alts):
            if alt in PLACEHOLDER_ALTS:
                continue
            self._count(line, f"{chrom}:{view.pos} {ref}>{alt}", _light_genes(view, index))

    def _count(self, line: int, example: str, genes: list[str | None]) -> None:
        """One variant per gene ([None]: intergenic entries only), or one not annotated ([]),
        as ``alterations.variant_alterations`` would skip the full read's variants."""
        reason = OUTSIDE_TARGETS if genes else NOT_ANNOTATED
        tally = self.passenger_counts.get(reason)
        if tally is None:
            tally = self.passenger_counts[reason] = Tally()
        for _ in genes or [None]:
            tally.add(line, example)

    def _annotation(self, info: str) -> tuple[Schema | None, list[str]]:
        """The first annotation key the record carries (CSQ, ANN, EFF) and its entries."""
        for schema in self.schemas:
            value = info_value(info, schema.key)
            if value is not None and value not in ("", "."):
                return schema, value.split(",")
        return None, []

    def result(self) -> list[Record]:
        self.flush()
        if not self.nested:
            return self.records  # type: ignore[return-value]
        out: list[Record] = []
        for item in self.records:
            if type(item) is list:
                out.extend(item)
            else:
                out.append(item)  # type: ignore[arg-type]
        return out


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are built: a large VCF makes a million
    small tuples (none in a reference cycle), and the collections they trigger cost about a
    fifth of the reading time. Restored on the way out, whatever happens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse(
    path: Path,
    *,
    genes: frozenset[str] | None = None,
    backend: str | None = None,
    tumor_sample: str | None = None,
) -> ParsedInput:
    """Read every record of a small-variant VCF.

    ``genes``: the genes that matter; a record whose annotation names none of them is only
    counted (``PassengerSkipped`` entries in ``skipped``, per reason), with an index beside a
    BGZF file only the genes' regions are read, and without one a large BGZF file is read by
    two processes (:mod:`~annotator.parsers.vcf_split`). ``backend``: "pysam", "pyvcf3" or
    "auto" (default: the environment variable ``IMT_ANNOTATOR_VCF_BACKEND``, else auto).
    ``tumor_sample``: the tumour column, overriding what the header says.
    """
    try:
        return _parse(path, genes, backend, tumor_sample, split=True)
    except ChildFailed:  # the second process ended without an answer: read alone
        return _parse(path, genes, backend, tumor_sample, split=False)


def _parse(
    path: Path,
    genes: frozenset[str] | None,
    backend: str | None,
    tumor_sample: str | None,
    *,
    split: bool,
) -> ParsedInput:
    with VcfText(path) as text, _collector_paused():
        header = read_header(text.header.lines, text.header.samples)
        reader = _Reader(path, header, genes, backend, tumor_sample)
        found: RegionRead | str | None = None
        if genes is not None and text.kind == "bgzf":
            found = region_read(path, header, genes, reader.genome, text.header.count)
        regions = found if isinstance(found, RegionRead) else None
        child: Child | None = None
        if split and genes is not None and regions is None and text.kind == "bgzf":
            at = split_offset(path)
            if at is not None and text.can_stop_at(at):
                with suppress(OSError):  # no process to be had: read alone
                    child = Child(reader, path, at)
                    text.stop_at(at)
        try:
            for block in regions.blocks if regions is not None else text.blocks():
                reader.read(block)
            if child is not None:
                finish(reader, text, child)
        finally:
            if child is not None:
                child.stop()
        records = reader.result()
    if text.kind == "bgzf" and not has_bgzf_eof(path):
        reader.warnings.append("BGZF end-of-file block missing: the file may have been cut short")
    skipped: list[Skipped] = [
        Skipped(str(path), reason, tuple(lines), len(lines), tuple(examples))
        for reason, (lines, examples) in reader.skipped.items()
    ]
    skipped += [
        tally.passenger_skipped(str(path), reason)
        for reason, tally in reader.passenger_counts.items()
        if tally.count
    ]
    details = list(reader.details)
    if isinstance(found, str):
        details.append(("read", found))
    if regions is not None:
        details.append(("read", regions.describe()))
        if regions.unread:
            skipped.append(regions.skipped(str(path)))
    return ParsedInput(
        path=str(path),
        format=PARSER.name,
        format_label=PARSER.label,
        kind="variant",
        records=tuple(records),
        warnings=tuple(reader.warnings),
        skipped=tuple(skipped),
        genome_hint=reader.genome,
        sample_hint=reader.tumour,
        details=tuple(details),
    )


PARSER = Parser(
    name="vcf",
    label="VCF (plain, gzip or bgzip) with VEP CSQ, SnpEff ANN/EFF or no annotation",
    kind="variant",
    sniff_rule="first line '##fileformat=VCFv4.x', records are small variants (not SV or CNV)",
    sniff=sniff,
    parse=parse,
    read=lambda path, options: parse(
        path,
        genes=options.genes,
        backend=options.vcf.backend,
        tumor_sample=options.vcf.tumor_sample,
    ),
)
