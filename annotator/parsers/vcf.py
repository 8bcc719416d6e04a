"""Somatic small-variant VCF (plain text, plain gzip or BGZF), annotated by VEP CSQ or SnpEff ANN.

Callers seen in real output: GATK Mutect2 4.0-4.5 (FORMAT AF),
MuTect1, Strelka 1/2 (AU/CU/GU/TU and TAR/TIR tier counts), VarScan2 (FREQ percent, AD = alt
depth only), VarDict/bcbio ensembles, SAGE/PURPLE, PCGR combined ``T_N`` columns (ADT/DPT) and
merged pVACtools files whose FORMAT keys change per record. Format: VCF 4.x specification
(samtools.github.io/hts-specs/VCFv4.3.pdf); per-caller VAF and sample-naming rules and the
annotation fields are read by :mod:`annotator.parsers.vcf_annotation`.

Records are read with pysam/htslib. htslib cannot open plain (non-BGZF) gzip, which is how many
pipelines and our own trimmed samples ship ``.vcf.gz``; such files are decompressed by Python in
a thread and fed to pysam through a pipe, so the file is still streamed once.
"""

from __future__ import annotations

import gzip
import os
import re
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import pysam

from annotator.errors import InputFormatError
from annotator.models import (
    ParsedInput,
    PassengerVariant,
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
    allele_counts,
    choose_per_gene,
    entries_for_allele,
    header_details,
    parse_entries,
    schema_from_description,
    tumour_sample,
)
from annotator.parsers.vcf_kind import vcf_kind
from annotator.parsers.vcf_text import (
    LightView,
    PassengerTest,
    RecordLines,
    light_genes,
)

FIXED_COLUMNS = ("CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT")
SYMBOLIC = "structural-variant or symbolic ALT, not a small variant"
NO_ALT = "no ALT allele (reference-only site or placeholder allele only)"
# Alleles that stand for "some other allele" rather than a change at this record.
PLACEHOLDER_ALTS = frozenset({"*", "<NON_REF>", "<*>"})
GRCH38_NAMES = ("grch38", "hg38")
GRCH37_NAMES = ("grch37", "hg19", "b37", "hs37d5", "human_g1k_v37")
CHR1_LENGTH = {248956422: "GRCh38", 249250621: "GRCh37"}


def sniff(head: Head) -> bool:
    # Structural-variant and copy-number VCFs have their own parsers (see vcf_kind).
    return vcf_kind(head) == "small"


class _GunzipPump:
    """Decompress a plain-gzip file into a pipe whose read end pysam reads as plain VCF.

    The pipe is never written after its reader closed: ``close`` asks the thread to stop and
    drains the pipe until the thread closes its end, so no EPIPE/SIGPIPE even when the caller
    restored the default SIGPIPE action.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: BaseException | None = None
        self._stop = threading.Event()
        read_fd, self._write_fd = os.pipe()
        self.reader: BinaryIO = os.fdopen(read_fd, "rb")
        self._thread = threading.Thread(target=self._run, name="vcf-gunzip", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            # The pipe is opened first so that it is closed (pysam sees EOF) whatever fails.
            with os.fdopen(self._write_fd, "wb") as sink, gzip.open(self.path, "rb") as source:
                while not self._stop.is_set():
                    chunk = source.read(1 << 16)
                    if not chunk:
                        break
                    sink.write(chunk)
        except (EOFError, OSError, zlib.error) as e:
            self.error = e

    def close(self) -> None:
        """Stop the thread, drain what it still writes, close the read end, join."""
        self._stop.set()
        # pysam reads through its own dup of the descriptor, closed by VariantFile.close().
        while os.read(self.reader.fileno(), 1 << 16):
            pass
        self.reader.close()
        self._thread.join()


def _compression(path: Path) -> str:
    """'plain', 'gzip' or 'bgzf' from the magic bytes (BGZF: FEXTRA with subfield 'BC')."""
    try:
        with path.open("rb") as fh:
            start = fh.read(18)
    except OSError as e:
        raise InputFormatError(path, f"cannot read the file ({e.strerror or e})") from e
    if start[:2] != b"\x1f\x8b":
        return "plain"
    return "bgzf" if len(start) >= 14 and start[3] & 4 and start[12:14] == b"BC" else "gzip"


def _count_header_lines(path: Path, gzipped: bool) -> int:
    """Lines up to and including ``#CHROM``, so record N sits on file line header + N."""
    count = 0
    try:
        with gzip.open(path, "rb") if gzipped else path.open("rb") as fh:
            for count, raw in enumerate(fh, start=1):
                if raw.startswith(b"#CHROM"):
                    _check_columns(path, raw, count)
                    return count
                if not raw.startswith(b"#") and raw.strip():
                    raise InputFormatError(
                        path, "record line before the '#CHROM' header line", line=count
                    )
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        raise InputFormatError(
            path, "gzip stream is truncated or corrupt inside the VCF header", line=count
        ) from e
    except OSError as e:
        raise InputFormatError(path, f"cannot read the file ({e.strerror or e})") from e
    raise InputFormatError(path, "the file ends before the '#CHROM' header line", line=count)


def _check_columns(path: Path, raw: bytes, line: int) -> None:
    """Say what is wrong with a ``#CHROM`` line; htslib (silenced) would only say "invalid"."""
    columns = raw.decode("utf-8", "replace").rstrip("\r\n").lstrip("#").split("\t")
    if tuple(columns[:8]) != FIXED_COLUMNS[:8] or columns[8:9] not in ([], ["FORMAT"]):
        raise InputFormatError(
            path,
            "the '#CHROM' line must hold the tab-separated columns "
            f"{' '.join(FIXED_COLUMNS[:8])} [FORMAT sample...], got {' '.join(columns)[:120]!r}",
            line=line,
        )
    samples = columns[9:]
    repeated = sorted({s for s in samples if samples.count(s) > 1})
    if repeated:
        raise InputFormatError(path, f"sample name(s) repeated: {', '.join(repeated)}", line=line)


@contextmanager
def _open_variants(path: Path, pump: _GunzipPump | None) -> Iterator[Any]:
    try:
        vf: Any = pysam.VariantFile(pump.reader if pump else str(path))
    except (OSError, ValueError) as e:
        reason = "VCF header rejected" if "truncated" not in str(e) else "file is truncated"
        raise InputFormatError(path, f"{reason} (htslib: {e})") from e
    try:
        yield vf
    finally:
        vf.close()


def _meta(header: Any) -> tuple[dict[str, list[str]], list[tuple[str, dict[str, str]]]]:
    """Header ``##key=value`` lines as key -> values, and ``##KEY=<...>`` lines as items."""
    generic: dict[str, list[str]] = {}
    structured: list[tuple[str, dict[str, str]]] = []
    for rec in header.records:
        if rec.type == "GENERIC":
            generic.setdefault(str(rec.key), []).append(str(rec.value))
        elif rec.type == "STRUCTURED":
            structured.append((str(rec.key), {str(k): str(v) for k, v in rec.items()}))
    return generic, structured


def _genome_hint(generic: dict[str, list[str]], header: Any) -> tuple[str | None, str | None]:
    """(build, warning). Sources that disagree give no build: a stale ``##reference`` left by
    an earlier tool (pVACtools input.new.vcf: GRCh37-lite reference, VEP GRCh38) is common."""
    found: dict[str, str] = {}
    for reference in generic.get("reference", []):
        text = reference.lower()
        if any(n in text for n in GRCH38_NAMES):
            found.setdefault("##reference", "GRCh38")
        elif any(n in text for n in GRCH37_NAMES):
            found.setdefault("##reference", "GRCh37")
    for vep in generic.get("VEP", []):
        assembly = re.search(r'assembly="?(GRCh3[78])', vep)
        if assembly:
            found.setdefault("##VEP assembly", assembly.group(1))
    for name in ("chr1", "1"):
        length: int | None = header.contigs[name].length if name in header.contigs else None
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


class _Reader:
    """Turns pysam records into SmallVariants and Skipped groups, counting as it goes.

    With ``genes`` set, a record whose CSQ/ANN text names none of them is read light, from its
    text: its VAF, raw columns and transcript fields are not decoded (most of the cost of a
    passenger record), see :mod:`annotator.parsers.vcf_text`.
    """

    def __init__(
        self, path: Path, vf: Any, header_lines: int, genes: frozenset[str] | None
    ) -> None:
        self.path = path
        self.path_text = str(path)
        self.header_lines = header_lines
        self.count = 0  # records read so far
        self.records: list[Record] = []
        self.skipped: dict[str, tuple[list[int], list[str]]] = {}
        header = vf.header
        self.generic, structured = _meta(header)
        samples = [str(s) for s in header.samples]
        self.tumour, self.warnings = tumour_sample(samples, self.generic, structured)
        self.tumour_column = 9 + samples.index(self.tumour) if self.tumour else None
        self.schemas: list[Schema] = []
        for key in ("CSQ", "ANN"):  # CSQ first: preferred when a file carries both
            if key in header.info:
                schema = schema_from_description(key, str(header.info[key].description or ""))
                if schema is not None:
                    self.schemas.append(schema)
        if "EFF" in header.info and not self.schemas:
            self.warnings.append(
                "legacy SnpEff EFF annotations were ignored (only VEP CSQ and SnpEff ANN are "
                "read); variants are unannotated"
            )
        self.genome, build_warning = _genome_hint(self.generic, header)
        if build_warning:
            self.warnings.append(build_warning)
        self.details = header_details(self.generic, self.schemas)
        self.passengers = PassengerTest(self.schemas, genes) if genes is not None else None

    def add(self, rec: Any, text: str | None = None) -> None:
        """Read one pysam record; ``text`` is its line, when read beside (see vcf_text)."""
        self.count += 1
        line = self.header_lines + self.count
        try:
            light = self.passengers.view(text, rec.pos) if self.passengers is not None else None
            if light is not None:
                self._add_light(light, line)
            else:
                self._add(rec, line)
        except (ValueError, TypeError, KeyError, IndexError, OSError) as e:
            raise InputFormatError(self.path, f"cannot read this record ({e})", line=line) from e

    def _skip(self, reason: str, line: int, example: str) -> None:
        lines, examples = self.skipped.setdefault(reason, ([], []))
        lines.append(line)
        if len(examples) < 3:
            examples.append(example)

    def _add(self, rec: Any, line: int) -> None:
        chrom, pos, ref = _chrom(str(rec.chrom)), int(rec.pos), str(rec.ref)
        alts = tuple(str(a) for a in rec.alts or ())
        if not self._is_small_variant(chrom, pos, alts, line):
            return
        columns = str(rec).rstrip("\n").split("\t")
        raw = list(zip(FIXED_COLUMNS, columns, strict=False))
        if self.tumour is not None and self.tumour_column is not None:
            raw.append((self.tumour, columns[self.tumour_column]))
        source = SourceRef(self.path_text, line, tuple(raw))
        filters = tuple(str(f) for f in rec.filter)
        sample = rec.samples[self.tumour] if self.tumour is not None else None
        schema, values = self._annotation(rec)
        entries = parse_entries(schema, values) if schema is not None else []

        for index, alt in enumerate(alts):
            if alt in PLACEHOLDER_ALTS:
                continue
            vaf, depth, alt_reads = (
                allele_counts(rec, sample, index, len(alts))
                if sample is not None
                else (None, None, None)
            )
            chosen = (
                choose_per_gene(entries_for_allele(schema, entries, ref, alts, index))
                if schema is not None
                else []
            )
            picks: list[tuple[TranscriptConsequence | None, str | None]] = [
                (a, r) for a, r in chosen
            ] or [(None, None)]  # unannotated: still one variant
            for annotation, reason in picks:
                self.records.append(
                    SmallVariant(
                        chrom=chrom,
                        pos=pos,
                        ref=ref,
                        alt=alt,
                        filters=filters,
                        tumor_sample=self.tumour,
                        vaf=vaf,
                        depth=depth,
                        alt_reads=alt_reads,
                        annotation=annotation,
                        annotation_source=schema.source if annotation and schema else None,
                        transcript_choice=reason,
                        source=source,
                    )
                )

    def _is_small_variant(self, chrom: str, pos: int, alts: tuple[str, ...], line: int) -> bool:
        """False, with the record skipped for its reason, for symbolic or ALT-less records."""
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
        """A passenger record from its text: one PassengerVariant per ALT and gene."""
        chrom, ref, alts = _chrom(view.chrom), view.ref, view.alts
        if view.genes is not None and alts[0].isalpha():  # one plain ALT: the common record
            for gene in view.genes or [None]:
                self.records.append(
                    PassengerVariant(
                        self.path_text, line, chrom, view.pos, ref, alts[0], gene, bool(view.genes)
                    )
                )
            return
        single = len(alts) == 1 and alts[0].isalpha()
        if not single and not self._is_small_variant(chrom, view.pos, alts, line):
            return
        for index, alt in enumerate(alts):
            if alt in PLACEHOLDER_ALTS:
                continue
            genes = light_genes(view, index)
            for gene in genes or [None]:
                self.records.append(
                    PassengerVariant(
                        self.path_text, line, chrom, view.pos, ref, alt, gene, bool(genes)
                    )
                )

    def _annotation(self, rec: Any) -> tuple[Schema | None, list[str]]:
        """The first annotation key the record carries (CSQ before ANN) and its entries."""
        for schema in self.schemas:
            value = rec.info.get(schema.key)
            if value is not None:
                values = value.split(",") if isinstance(value, str) else [str(v) for v in value]
                return schema, values
        return None, []


def _stream(
    path: Path, pump: _GunzipPump | None, header_lines: int, genes: frozenset[str] | None
) -> _Reader:
    # the same lines as text, for the cheap look at passengers (only when genes are given)
    gzipped = pump is not None or _compression(path) != "plain"
    lines = RecordLines(path, header_lines, gzipped) if genes is not None else None
    try:
        with _open_variants(path, pump) as vf:
            reader = _Reader(path, vf, header_lines, genes)
            records = iter(vf)
            while True:
                try:
                    rec = next(records)
                except StopIteration:
                    break
                except (OSError, ValueError) as e:
                    line = header_lines + reader.count + 1
                    problem = (
                        f"cannot parse this record (htslib: {e}); expected the tab-separated "
                        "columns of the '#CHROM' line, with an integer POS"
                    )
                    raise InputFormatError(path, problem, line=line) from e
                reader.add(rec, lines.next_line() if lines is not None else None)
    finally:
        if lines is not None:
            lines.close()
    return reader


def _read(
    path: Path, header_lines: int, genes: frozenset[str] | None, *, via_pipe: bool
) -> _Reader:
    pump = _GunzipPump(path) if via_pipe else None
    try:
        reader = _stream(path, pump, header_lines, genes)
    except InputFormatError as e:
        failure: InputFormatError | None = e
    else:
        failure = None
    finally:
        if pump is not None:
            pump.close()
    if pump is not None and pump.error is not None:
        # A truncated stream often also makes pysam fail on the cut line: the gzip error is
        # the real cause, so it wins.
        if failure is None:
            done = reader.count
        else:
            done = max(failure.line - header_lines - 1, 0) if failure.line else 0
        raise InputFormatError(
            path,
            f"gzip stream is truncated or corrupt after record {done} ({pump.error})",
            line=header_lines + done,
        ) from pump.error
    if failure is not None:
        raise failure
    return reader


def parse(path: Path, *, genes: frozenset[str] | None = None) -> ParsedInput:
    """Read every record of a VCF. With ``genes``, a record whose annotation names none of them
    becomes PassengerVariants (position, alleles, gene) read from its text: what a report needs
    of passengers, at a fraction of the cost; pysam still parses and checks every record."""
    pysam.set_verbosity(0)  # htslib would otherwise print its own errors on stderr
    compression = _compression(path)
    header_lines = _count_header_lines(path, gzipped=compression != "plain")
    try:
        reader = _read(path, header_lines, genes, via_pipe=compression == "gzip")
    except InputFormatError as e:
        if compression != "bgzf" or e.line is not None:
            raise
        # htslib refuses a BGZF file without its EOF block before reading any record. Read as
        # one gzip stream it either names the record after which it ends, or is complete (some
        # old writers omit the EOF block).
        reader = _read(path, header_lines, genes, via_pipe=True)
        reader.warnings.append("BGZF end-of-file block missing; read as a plain gzip stream")
    skipped = tuple(
        Skipped(str(path), reason, tuple(lines), len(lines), tuple(examples))
        for reason, (lines, examples) in reader.skipped.items()
    )
    return ParsedInput(
        path=str(path),
        format=PARSER.name,
        format_label=PARSER.label,
        kind="variant",
        records=tuple(reader.records),
        warnings=tuple(reader.warnings),
        skipped=skipped,
        genome_hint=reader.genome,
        sample_hint=reader.tumour,
        details=tuple(reader.details),
    )


PARSER = Parser(
    name="vcf",
    label="VCF (plain, gzip or bgzip) with VEP CSQ or SnpEff ANN",
    kind="variant",
    sniff_rule="first line '##fileformat=VCFv4.x', records are small variants (not SV or CNV)",
    sniff=sniff,
    parse=parse,
    parse_genes=lambda path, genes: parse(path, genes=genes),
)
