"""Reading only the target genes' regions of a BGZF VCF through its tabix or CSI index.

When the annotate path asks about a few genes and ``file.vcf.gz.tbi`` (tabix, samtools
``tabix.pdf``) or ``file.vcf.gz.csi`` (CSI v1, samtools ``CSIv1.pdf``) sits beside a BGZF file,
the records in the genes' regions are read as usual and every other record is only counted:

* regions: the MANE Select transcript of each gene (:func:`annotator.reference.genes.gene_models`)
  widened by ``MARGIN`` (VEP's and SnpEff's default up/downstream distance, so upstream and
  downstream annotations are still found), on the build the header states, or on both builds
  when it states none; a gene without a bundled model means the whole file is read;
* the index gives the BGZF chunks holding those regions; the file is then walked block by
  block: blocks of a chunk are split into lines and read, the others are only inflated to count
  their lines (C speed, no Python per record), so line numbers stay exact and the number of
  records not examined is known and reported as a Skipped entry;
* the index is parsed here (a few dozen lines of the two binary layouts), so the region read
  works the same with either backend.
"""

from __future__ import annotations

import contextlib
import gzip
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from annotator.errors import InputFormatError
from annotator.models import Skipped
from annotator.parsers.vcf_header import HeaderInfo
from annotator.parsers.vcf_source import INFLATE_ERRORS
from annotator.reference.genes import BUILDS, Build, gene_models

_inflate = zlib.decompress
with contextlib.suppress(ImportError):  # twice as fast as zlib where installed
    from isal.isal_zlib import decompress as _inflate
_BLOCK_ERRORS: tuple[type[BaseException], ...] = (ValueError, *INFLATE_ERRORS)

MARGIN = 5000
NOT_READ = "record lines outside the target genes' regions: counted, not read (index {name})"
Region = tuple[str, int, int, str]  # index contig name, 0-based start, end, label
Chunk = tuple[int, int]  # virtual offsets [begin, end)


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
class _Index:
    names: list[str]
    bins: list[dict[int, list[Chunk]]]  # per contig: bin -> chunks
    min_shift: int
    depth: int

    def chunks(self, contig: str, beg: int, end: int) -> list[Chunk]:
        ref = self.names.index(contig)
        found = self.bins[ref]
        return [
            c for b in _reg2bins(beg, end, self.min_shift, self.depth) for c in found.get(b, [])
        ]


_INT = struct.Struct("<i")
_BIN = struct.Struct("<Ii")  # bin, n_chunk
_CSI_BIN = struct.Struct("<IQi")  # bin, loffset, n_chunk


def _read_index(path: Path, wanted: set[str]) -> _Index:
    """The index's contig names and, for the ``wanted`` contigs only, bin -> chunks (the other
    contigs' bins are stepped over: a whole-genome index holds about 200,000 bins)."""
    try:
        data = gzip.decompress(path.read_bytes())
        magic, at = data[:4], 4
        if magic == b"TBI\x01":
            (n_ref,) = _INT.unpack_from(data, at)
            at += 4 + 24  # n_ref, then format, col_seq, col_beg, col_end, meta, skip
            (l_nm,) = _INT.unpack_from(data, at)
            names_blob, at = data[at + 4 : at + 4 + l_nm], at + 4 + l_nm
            min_shift, depth, csi = 14, 5, False
        elif magic == b"CSI\x01":
            min_shift, depth, l_aux = struct.unpack_from("<3i", data, at)
            aux, at = data[at + 12 : at + 12 + l_aux], at + 12 + l_aux
            (l_nm,) = _INT.unpack_from(aux, 24)
            names_blob = aux[28 : 28 + l_nm]
            (n_ref,) = _INT.unpack_from(data, at)
            at += 4
            csi = True
        else:
            raise ValueError("not a tabix or CSI index")
        names = [n.decode() for n in names_blob.split(b"\x00") if n]
        bins: list[dict[int, list[Chunk]]] = []
        layout = _CSI_BIN if csi else _BIN
        for ref in range(n_ref):
            keep = ref < len(names) and names[ref] in wanted
            found: dict[int, list[Chunk]] = {}
            (n_bin,) = _INT.unpack_from(data, at)
            at += 4
            for _ in range(n_bin):
                fields = layout.unpack_from(data, at)
                at += layout.size
                n_chunk = fields[-1]
                if keep:
                    pairs = struct.unpack_from(f"<{2 * n_chunk}Q", data, at)
                    found[fields[0]] = list(zip(pairs[::2], pairs[1::2], strict=True))
                at += 16 * n_chunk
            if not csi:
                (n_intv,) = _INT.unpack_from(data, at)
                at += 4 + 8 * n_intv  # linear index
            bins.append(found)
    except (OSError, EOFError, ValueError, struct.error, zlib.error, UnicodeDecodeError) as e:
        raise InputFormatError(path, f"cannot read the VCF index ({e})") from e
    return _Index(names, bins, min_shift, depth)


def _names(chrom: str) -> tuple[str, ...]:
    """The names a chromosome may have in a VCF (models name it without ``chr``)."""
    return (chrom, "chr" + chrom, "chrM", "M") if chrom == "MT" else (chrom, "chr" + chrom)


def _contig(names: list[str], chrom: str) -> str | None:
    return next((c for c in _names(chrom) if c in names), None)


def region_read(
    path: Path, header: HeaderInfo, genes: frozenset[str], build: str | None
) -> RegionRead | str | None:
    """The region read for ``genes``; a reason (str) when an index is there but cannot serve;
    None when there is no index."""
    index_path = _index_path(path)
    if index_path is None:
        return None
    builds: tuple[Build, ...] = BUILDS
    for known in BUILDS:
        if build == known:
            builds = (known,)
    missing = sorted(g for g in genes for b in builds if g not in gene_models(b))
    if missing:
        return (
            f"whole file (index {index_path.name} not used: no bundled coordinates for "
            f"{', '.join(dict.fromkeys(missing))})"
        )
    chroms = {gene_models(b)[g].chrom for b in builds for g in genes}
    index = _read_index(index_path, {c for chrom in chroms for c in _names(chrom)})
    regions: list[Region] = []
    chunks: list[Chunk] = []
    for b in builds:
        for gene in sorted(genes):
            model = gene_models(b)[gene]
            contig = _contig(index.names, model.chrom)
            if contig is None:
                continue  # no record on that chromosome
            beg, end = max(model.start - 1 - MARGIN, 0), model.end + MARGIN
            regions.append((contig, beg, end, f"{gene} {contig}:{beg + 1}-{end} ({b})"))
            chunks += index.chunks(contig, beg, end)
    return RegionRead(path, index_path.name, tuple(r[3] for r in regions), _merge(chunks))


def _merge(chunks: list[Chunk]) -> list[tuple[int, int]]:
    """The compressed-offset ranges [first block, last block] covering the chunks."""
    spans = sorted((beg >> 16, end >> 16) for beg, end in chunks)
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


class RegionRead:
    def __init__(
        self, path: Path, index_name: str, regions: tuple[str, ...], spans: list[tuple[int, int]]
    ) -> None:
        self.path = path
        self.index_name = index_name
        self.regions = regions
        self.spans = spans
        self.unread = 0  # record lines counted, not read (known once batches() is done)

    def describe(self) -> str:
        shown = "; ".join(self.regions[:12]) + ("; ..." if len(self.regions) > 12 else "")
        return (
            f"target-gene regions only, through the index {self.index_name} "
            f"({len(self.regions)} regions, ±{MARGIN} bp around the MANE transcript): {shown}"
        )

    def skipped(self, path: str) -> Skipped:
        return Skipped(path, NOT_READ.format(name=self.index_name), (), self.unread, ())

    def _wanted(self, offset: int) -> bool:
        return any(first <= offset <= last for first, last in self.spans)

    def batches(self, header_lines: int) -> Iterator[tuple[int, list[str]]]:
        """(number of the line before the batch, its lines) for the record lines in the chunks'
        blocks; the lines of the other blocks are counted into ``unread``.

        A block that is only counted keeps just its line count and the bytes after its last
        line end. (Inflating in two threads was measured slower: 64 KB blocks are too small.)
        """
        line = 0  # lines completed so far
        carry = b""
        wanted = False
        with self.path.open("rb") as fh:
            for body, wanted in self._blocks(fh):
                done = _inflate_block(body, wanted)
                if isinstance(done, InflateError):
                    raise InputFormatError(
                        self.path, f"gzip stream is corrupt after line {line} ({done})", line=line
                    )
                if not isinstance(done, bytes):
                    newlines, tail = done
                    if newlines:
                        self.unread += max(0, line + newlines - max(line, header_lines))
                        line += newlines
                        carry = tail
                    else:
                        carry += tail
                    continue
                parts = (carry + done).split(b"\n")
                carry = parts.pop()
                start, line = line, line + len(parts)
                records = parts[max(0, header_lines - start) :]
                if records:
                    text = b"\n".join(records).decode("utf-8", "replace").replace("\r", "")
                    yield line - len(records), text.split("\n")
        if carry.strip():
            if wanted:
                yield line, [carry.decode("utf-8", "replace").rstrip("\r")]
            else:
                self.unread += 1

    def _blocks(self, fh: BinaryIO) -> Iterator[tuple[bytes, bool]]:
        """The file's BGZF blocks: (compressed data, whether its lines are read)."""
        offset = 0
        while True:
            head = fh.read(18)
            if not head:
                break
            if len(head) < 18 or head[:4] != b"\x1f\x8b\x08\x04" or head[12:14] != b"BC":
                raise InputFormatError(
                    self.path, f"BGZF block expected at byte {offset}; the file is damaged"
                )
            size = struct.unpack_from("<H", head, 16)[0] + 1
            body = fh.read(size - 18)
            if len(body) < size - 18:
                raise InputFormatError(self.path, "gzip stream is truncated (last BGZF block cut)")
            yield body[:-8], self._wanted(offset)
            offset += size


class InflateError(Exception):
    """A block that does not inflate, handed back from the worker thread."""


def _inflate_block(body: bytes, wanted: bool) -> bytes | tuple[int, bytes] | InflateError:
    """The inflated block when it is read; (line ends, bytes after the last) when counted."""
    try:
        data: bytes = _inflate(body, -15)
    except _BLOCK_ERRORS as e:
        return InflateError(str(e))
    if wanted:
        return data
    newlines = data.count(b"\n")
    return newlines, data[data.rfind(b"\n") + 1 :] if newlines else data
