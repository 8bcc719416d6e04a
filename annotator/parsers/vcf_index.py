"""Reading only the target genes' regions of a BGZF VCF through its tabix or CSI index.

When the annotate path asks about a few genes and ``file.vcf.gz.tbi`` (tabix, samtools
``tabix.pdf``) or ``file.vcf.gz.csi`` (CSI v1, samtools ``CSIv1.pdf``) sits beside a BGZF file,
the records in the genes' regions are read as usual and every other record is only counted:

* regions: each gene's extent widened by ``MARGIN`` (VEP's and SnpEff's default up/downstream
  distance, so upstream and downstream annotations are still found), on the build the header
  states, or on both builds when it states none. The extent is the MANE Select transcript
  (:func:`annotator.reference.genes.gene_models`) or, for a gene without a bundled model, its
  NCBI/UCSC extent from ``reference/data/gene_regions.tsv`` (GRCh38 only: there is no GRCh37
  source, and coordinates are never guessed). A gene without coordinates on a build that may
  apply means the whole file is read, and the ``read`` detail says why;
* the index gives the BGZF chunks holding those regions; only their blocks are inflated and
  split into lines;
* line numbers stay exact without inflating the rest of the file: htslib writes each contig's
  first and last record offsets and record count into the index (the pseudo-bin), so the
  number of lines before any contig is known, and the lines between a chunk and the nearer
  contig boundary are counted by inflating just those blocks (C speed, no Python per record).
  The records not examined are reported as one Skipped entry with their count. An index
  without those counts, or one that does not fit the file (a file rewritten after indexing),
  is not used: the whole file is read and the ``read`` detail says why. htslib refuses to index
  a file with blank lines; a ``#`` line among the records of an unread contig (which htslib
  skips when indexing, and which makes the file invalid) would go unseen;
* the index is parsed here (a few dozen lines of the two binary layouts), so the region read
  works the same with either backend.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import struct
import sys
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import compress, count, repeat
from operator import ne
from pathlib import Path
from typing import BinaryIO

from annotator.errors import InputFormatError
from annotator.models import Skipped
from annotator.parsers.vcf_header import HeaderInfo
from annotator.parsers.vcf_source import INFLATE_ERRORS, Block
from annotator.reference.genes import BUILDS, Build, gene_models

_inflate = zlib.decompress
_decompress: Callable[[bytes], bytes] = gzip.decompress
with contextlib.suppress(ImportError):  # twice as fast as zlib where installed
    from isal.igzip import decompress as _decompress
    from isal.isal_zlib import decompress as _inflate
_BLOCK_ERRORS: tuple[type[BaseException], ...] = (ValueError, *INFLATE_ERRORS)

MARGIN = 5000
NOT_READ = "record lines outside the target genes' regions: counted, not read (index {name})"
Chunk = tuple[int, int]  # virtual offsets [begin, end)
Extent = tuple[str, int, int]  # chromosome without "chr", 1-based start, end (inclusive)


class _Mismatch(Exception):
    """The index does not describe this file (or lacks what a region read needs)."""


@cache
def gene_extents(build: Build) -> dict[str, tuple[Extent, ...]]:
    """Each bundled gene's extent on ``build``: the MANE Select transcript, else the rows of
    ``gene_regions.tsv`` (knowledgebase genes without a MANE model; GRCh38 only)."""
    out: dict[str, tuple[Extent, ...]] = {
        symbol: ((model.chrom, model.start, model.end),)
        for symbol, model in gene_models(build).items()
    }
    table = resources.files("annotator.reference").joinpath("data", "gene_regions.tsv")
    extra: dict[str, list[Extent]] = {}
    for row in csv.DictReader(table.read_text("utf-8").splitlines(), delimiter="\t"):
        if row["build"] == build and row["gene"] not in out:
            extra.setdefault(row["gene"], []).append(
                (row["chrom"], int(row["start"]), int(row["end"]))
            )
    out.update((gene, tuple(extents)) for gene, extents in extra.items())
    return out


def _index_path(path: Path) -> Path | None:
    for suffix in (".tbi", ".csi"):
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def _reg2bins(beg: int, end: int, min_shift: int, depth: int) -> list[int]:
    """The bins that may hold records overlapping [beg, end) (htslib ``hts_reg2bins``)."""
    bins: list[int] = []
    end -= 1
    t, s = 0, min_shift + depth * 3
    for level in range(depth + 1):
        bins.extend(range(t + (beg >> s), t + (end >> s) + 1))
        s -= 3
        t += 1 << (level * 3)
    return bins


@dataclass(frozen=True, slots=True)
class _Contig:
    """What the index's pseudo-bin says about one contig's records."""

    begin: int  # virtual offset of its first record
    end: int  # virtual offset just after its last record
    records: int


@dataclass(frozen=True, slots=True)
class _Index:
    names: list[str]
    chunks: dict[str, list[Chunk]]  # per contig asked about: the chunks of its regions' bins
    contigs: list[_Contig | None]  # per contig; None: no records, or no pseudo-bin
    counted: bool  # every contig with records has its pseudo-bin


_INT = struct.Struct("<i")
_BIN = struct.Struct("<Ii")  # bin, n_chunk
_CSI_BIN = struct.Struct("<IQi")  # bin, loffset, n_chunk
_PAIRS = struct.Struct("<4Q")  # the pseudo-bin's two "chunks"
TBI_SHIFT, TBI_DEPTH = 14, 5


def _read_index(path: Path, ranges: dict[str, list[tuple[int, int]]]) -> _Index:
    """The index's contig names, each contig's pseudo-bin and, for the chromosomes of
    ``ranges`` (chromosome without ``chr`` -> 0-based [start, end) ranges), the chunks of the
    bins that may hold records overlapping them. Every contig's bins are walked (a whole-genome
    index holds about 200,000 of them), in bulk where they hold one chunk each, as most do."""
    try:
        data = _decompress(path.read_bytes())
        magic, at = data[:4], 4
        if magic == b"TBI\x01":
            (n_ref,) = _INT.unpack_from(data, at)
            at += 4 + 24  # n_ref, then format, col_seq, col_beg, col_end, meta, skip
            (l_nm,) = _INT.unpack_from(data, at)
            names_blob, at = data[at + 4 : at + 4 + l_nm], at + 4 + l_nm
            min_shift, depth, head = TBI_SHIFT, TBI_DEPTH, _BIN
        elif magic == b"CSI\x01":
            min_shift, depth, l_aux = struct.unpack_from("<3i", data, at)
            aux, at = data[at + 12 : at + 12 + l_aux], at + 12 + l_aux
            (l_nm,) = _INT.unpack_from(aux, 24)
            names_blob = aux[28 : 28 + l_nm]
            (n_ref,) = _INT.unpack_from(data, at)
            at += 4
            head = _CSI_BIN
        else:
            raise ValueError("not a tabix or CSI index")
        names = [n.decode() for n in names_blob.split(b"\x00") if n]
        wanted: dict[str, set[int]] = {}
        for chrom, spans in ranges.items():
            name = _contig(names, chrom)
            if name is not None:
                bins = wanted.setdefault(name, set())
                for beg, end in spans:
                    bins.update(_reg2bins(beg, end, min_shift, depth))
        walk = _BinWalk(data, head, ((1 << (3 * depth + 3)) - 1) // 7 + 1)  # htslib META_BIN
        chunks: dict[str, list[Chunk]] = {}
        contigs: list[_Contig | None] = []
        counted = True
        for ref in range(n_ref):
            name = names[ref] if ref < len(names) else ""
            (n_bin,) = _INT.unpack_from(data, at)
            found, contig, at = walk.contig(at + 4, n_bin, wanted.get(name, set()))
            if head is _BIN:
                (n_intv,) = _INT.unpack_from(data, at)
                at += 4 + 8 * n_intv  # linear index
            counted = counted and (contig is not None or n_bin == 0)
            contigs.append(contig)
            if name in wanted:
                chunks[name] = found
    except (OSError, EOFError, ValueError, struct.error, zlib.error, UnicodeDecodeError) as e:
        raise InputFormatError(path, f"cannot read the VCF index ({e})") from e
    return _Index(names, chunks, contigs, counted)


class _BinWalk:
    """Steps over one contig's bins: ``bin, [loffset,] n_chunk, n_chunk × (begin, end)``."""

    def __init__(self, data: bytes, head: struct.Struct, pseudo: int) -> None:
        self.data = data
        self.head = head
        self.pseudo = pseudo
        self.one = struct.Struct(head.format + "QQ")  # a bin with one chunk
        self.little = sys.byteorder == "little"  # n_chunk fields can be read as native ints

    def contig(
        self, at: int, n_bin: int, needed: set[int]
    ) -> tuple[list[Chunk], _Contig | None, int]:
        """(the chunks of the ``needed`` bins, the pseudo-bin, the offset after the bins)."""
        found: list[Chunk] = []
        contig: _Contig | None = None
        while n_bin > 0:
            run = self._one_chunk_run(at, n_bin)  # the pseudo-bin has two: never in a run
            if run:
                if needed:  # the bins asked for, found at C speed in a strided view of the ids
                    size = self.one.size
                    ids: Iterable[int] = (
                        memoryview(self.data)[at : at + size * run].cast("I")[:: size // 4]
                        if self.little
                        else (self.one.unpack_from(self.data, at + size * i)[0] for i in range(run))
                    )
                    for i in compress(count(), map(needed.__contains__, ids)):
                        fields = self.one.unpack_from(self.data, at + size * i)
                        found.append((fields[-2], fields[-1]))
                at += self.one.size * run
                n_bin -= run
                if not n_bin:
                    break
            fields = self.head.unpack_from(self.data, at)
            at += self.head.size
            n_chunk = fields[-1]
            if fields[0] == self.pseudo and n_chunk == 2:
                begin, end, mapped, unmapped = _PAIRS.unpack_from(self.data, at)
                contig = _Contig(begin, end, mapped + unmapped)
            elif fields[0] in needed:
                pairs = struct.unpack_from(f"<{2 * n_chunk}Q", self.data, at)
                found += zip(pairs[::2], pairs[1::2], strict=True)
            at += 16 * n_chunk
            n_bin -= 1
        return found, contig, at

    def _one_chunk_run(self, at: int, n_bin: int) -> int:
        """How many bins from ``at`` on hold one chunk each, found at C speed: the n_chunk
        fields' bytes, taken with a stride, are 1, 0, 0, 0 (little-endian) in such a run."""
        size, field = self.one.size, self.head.size - 4
        run = min(n_bin, (len(self.data) - at - field) // size)
        if run <= 0:
            return 0
        view = memoryview(self.data)[at + field : at + field + size * run]
        ones = run - len(view[::size].tobytes().lstrip(b"\x01"))  # lowest bytes equal to 1
        if any(view[i : size * ones : size].tobytes().strip(b"\x00") for i in (1, 2, 3)):
            # a count of 257, 513...: find the run by value instead
            counts = view.cast("B").cast("i") if self.little else None
            if counts is None:
                return 0
            return next(compress(count(), map(ne, counts[:: size // 4], repeat(1))), run)
        return ones


def _names(chrom: str) -> tuple[str, ...]:
    """The names a chromosome may have in a VCF (models name it without ``chr``)."""
    return (chrom, "chr" + chrom, "chrM", "M") if chrom == "MT" else (chrom, "chr" + chrom)


def _contig(names: list[str], chrom: str) -> str | None:
    return next((c for c in _names(chrom) if c in names), None)


def region_read(
    path: Path, header: HeaderInfo, genes: frozenset[str], build: str | None, header_lines: int
) -> RegionRead | str | None:
    """The region read for ``genes`` (``header_lines``: lines up to ``#CHROM``); a reason (str)
    when an index is there but cannot serve, and the whole file must be read; None when there
    is no index."""
    index_path = _index_path(path)
    if index_path is None:
        return None
    builds: tuple[Build, ...] = BUILDS
    for known in BUILDS:
        if build == known:
            builds = (known,)
    missing = [
        f"{', '.join(lacking)} on {b}"
        for b in builds
        if (lacking := sorted(g for g in genes if g not in gene_extents(b)))
    ]
    if missing:
        return (
            f"whole file (index {index_path.name} not used: no bundled coordinates for "
            f"{'; '.join(missing)})"
        )
    extents = [
        (b, gene, e) for b in builds for gene in sorted(genes) for e in gene_extents(b)[gene]
    ]
    ranges: dict[str, list[tuple[int, int]]] = {}
    for _, _, (chrom, start, end) in extents:
        ranges.setdefault(chrom, []).append((max(start - 1 - MARGIN, 0), end + MARGIN))
    index = _read_index(index_path, ranges)
    if not index.counted:
        return (
            f"whole file (index {index_path.name} not used: it holds no per-contig record "
            "counts, which exact line numbers need; re-index with htslib tabix or bcftools)"
        )
    labels: list[str] = []
    for b, gene, (chrom, start, end) in extents:
        contig = _contig(index.names, chrom)
        if contig is not None:  # else no record on that chromosome
            beg, stop = max(start - 1 - MARGIN, 0), end + MARGIN
            labels.append(f"{gene} {contig}:{beg + 1}-{stop} ({b})")
    chunks = [c for found in index.chunks.values() for c in found]
    try:
        with path.open("rb") as fh:
            blocks = _Reader(path, fh).read(index, _merge(chunks), header_lines)
    except _Mismatch as e:
        return f"whole file (index {index_path.name} not used: {e})"
    total = sum(c.records for c in index.contigs if c is not None)
    read = sum(len(block.lines) for block in blocks)
    return RegionRead(index_path.name, tuple(labels), blocks, total - read)


def _merge(chunks: list[Chunk]) -> list[Chunk]:
    """Chunks sorted and joined where they overlap or share a block: spans of whole lines."""
    merged: list[Chunk] = []
    for begin, end in sorted(chunks):
        if merged and begin >> 16 <= merged[-1][1] >> 16:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


class _Reader:
    """Inflates BGZF blocks of one file from known block offsets."""

    def __init__(self, path: Path, fh: BinaryIO) -> None:
        self.path = path
        self.fh = fh

    def _blocks(self, first: int, last: int) -> Iterator[tuple[int, bytes]]:
        """(offset, inflated data) of the blocks at compressed offsets ``first``..``last``."""
        offset = first
        self.fh.seek(offset)
        while offset <= last:
            head = self.fh.read(18)
            if len(head) < 18 or head[:4] != b"\x1f\x8b\x08\x04" or head[12:14] != b"BC":
                raise _Mismatch(f"no BGZF block at byte {offset} where the index points")
            size = struct.unpack_from("<H", head, 16)[0] + 1
            body = self.fh.read(size - 18)
            if len(body) < size - 18:
                raise InputFormatError(self.path, "gzip stream is truncated (last BGZF block cut)")
            try:
                data: bytes = _inflate(body[:-8], -15)
            except _BLOCK_ERRORS as e:
                raise InputFormatError(
                    self.path, f"gzip stream is corrupt in the BGZF block at byte {offset} ({e})"
                ) from e
            yield offset, data
            offset += size

    def text(self, begin: int, end: int) -> bytes:
        """The bytes between two virtual offsets, both of which must start a line: the byte
        before ``begin`` (where its block shows it) and the last byte are line ends."""
        parts: list[bytes | memoryview] = []
        for offset, data in self._blocks(begin >> 16, end >> 16):
            low = begin & 0xFFFF if offset == begin >> 16 else 0
            high = end & 0xFFFF if offset == end >> 16 else len(data)
            if offset == begin >> 16 and 0 < low <= len(data) and data[low - 1] != 0x0A:
                raise _Mismatch("an offset it gives is not the start of a line")
            parts.append(memoryview(data)[low:high])
        text = b"".join(parts)
        if text and not text.endswith(b"\n"):
            raise _Mismatch("an offset it gives is not the end of a line")
        return text

    def lines_between(self, begin: int, end: int) -> int:
        """The line ends between two virtual offsets (checked as ``text`` checks them), counted
        block by block: nothing is joined or kept."""
        total, last = 0, 0x0A
        for offset, data in self._blocks(begin >> 16, end >> 16):
            low = begin & 0xFFFF if offset == begin >> 16 else 0
            high = end & 0xFFFF if offset == end >> 16 else len(data)
            if offset == begin >> 16 and 0 < low <= len(data) and data[low - 1] != 0x0A:
                raise _Mismatch("an offset it gives is not the start of a line")
            if high > low:
                total += data.count(b"\n", low, high)
                last = data[high - 1]
        if last != 0x0A:
            raise _Mismatch("an offset it gives is not the end of a line")
        return total

    def read(self, index: _Index, spans: list[Chunk], header_lines: int) -> list[Block]:
        """(number of the line before, the span's lines) for every span, in file order.

        A span's first line number comes from the nearest point whose line number is known:
        a contig's first or last record (the pseudo-bins) or the end of a span already read;
        only the blocks between it and the span are inflated, to count their lines.
        """
        contigs = sorted((c for c in index.contigs if c is not None), key=lambda c: c.begin)
        if not contigs:
            return []
        # (virtual offset, lines before it): the contigs' boundaries, checked to be contiguous
        known = [(contigs[0].begin, header_lines)]
        for contig, following in zip(contigs, [*contigs[1:], None], strict=True):
            known.append((contig.end, known[-1][1] + contig.records))
            if following is not None and following.begin != contig.end:
                raise _Mismatch("its contigs' records are not contiguous in the file")
        if self.lines_between(0, contigs[0].begin) != header_lines:
            raise _Mismatch("its first record is not the first line after the header")
        out: list[Block] = []
        for begin, end in spans:
            text = self.text(begin, end)
            if not text:
                continue
            lines = text.count(b"\n")
            before = self._lines_before(known, begin, end, lines)
            at = bisect_left(known, (end, -1))
            if at < len(known) and known[at][0] == end and known[at][1] != before + lines:
                raise _Mismatch("its record counts do not match the file's lines")
            known.insert(at, (end, before + lines))
            out.append(Block.of(before, text[:-1]))
        return out

    def _lines_before(self, known: list[tuple[int, int]], begin: int, end: int, lines: int) -> int:
        """Lines before ``begin``, counted from the nearer known point before ``begin`` or
        after ``end`` (``lines``: the line ends between ``begin`` and ``end``)."""
        i = bisect_right(known, (begin, 1 << 62)) - 1  # the last known point at or before begin
        j = bisect_left(known, (end, -1))  # the first at or after end
        if i < 0 and j >= len(known):
            raise _Mismatch("a chunk lies outside its contigs")
        ahead = (begin >> 16) - (known[i][0] >> 16) if i >= 0 else None
        behind = (known[j][0] >> 16) - (end >> 16) if j < len(known) else None
        if behind is None or (ahead is not None and ahead <= behind):
            point, count = known[i]
            return count + self.lines_between(point, begin)
        point, count = known[j]
        return count - lines - self.lines_between(end, point)


class RegionRead:
    """The lines of the target genes' regions, read through the index, and the count of the
    record lines not read."""

    def __init__(
        self,
        index_name: str,
        regions: tuple[str, ...],
        blocks: list[Block],
        unread: int,
    ) -> None:
        self.index_name = index_name
        self.regions = regions
        self.blocks = blocks  # as VcfText.blocks gives them
        self.unread = unread

    def describe(self) -> str:
        shown = "; ".join(self.regions[:12]) + ("; ..." if len(self.regions) > 12 else "")
        return (
            f"target-gene regions only, through the index {self.index_name} "
            f"({len(self.regions)} regions, ±{MARGIN} bp around the MANE transcript or, "
            f"without one, the gene's NCBI extent): {shown}"
        )

    def skipped(self, path: str) -> Skipped:
        return Skipped(path, NOT_READ.format(name=self.index_name), (), self.unread, ())
