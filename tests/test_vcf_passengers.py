"""Passenger variants read from the VCF text give the same reports as reading every record.

``vcf.parse(genes=...)`` builds records outside those genes from their text (fast); these tests
pin that the report is identical to a full read on every VCF at hand and on the awkward cases:
multi-allelic and indel records, intergenic and unannotated ones, %-escapes, SnpEff ANN, CRLF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import random
import shutil
import struct
from pathlib import Path
from typing import Any

import pysam
import pytest

from annotator.alterations import SkipLog
from annotator.annotate import Sample, Settings, annotate
from annotator.errors import InputFormatError
from annotator.models import SmallVariant
from annotator.parsers import PARSERS, vcf
from annotator.passengers import (
    MAX_LINES,
    NOT_ANNOTATED,
    OUTSIDE_TARGETS,
    PassengerSkipped,
    record_count,
)
from annotator.report.build import build_report
from tests.conftest import SAMPLE_INPUTS, SAMPLES

WHEN = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
DEMO_VCF = SAMPLE_INPUTS / "alk_negative_mdm2" / "somatic.vep.vcf"


def _report(path: Path, kb: Any, *, light: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    if not light:  # the VCF parser without its fast path: every record read in full
        monkeypatch.setitem(PARSERS, "vcf", dataclasses.replace(vcf.PARSER, read=None))
    result = annotate([path], Sample("S"), kb, Settings())
    monkeypatch.undo()
    return build_report(result, kb, generated_at=WHEN)


def _vcfs() -> list[Path]:
    found = sorted(SAMPLE_INPUTS.glob("*/*.vcf"))
    if SAMPLES.is_dir():
        found += sorted(p for p in SAMPLES.rglob("*.vcf*") if p.suffix in (".vcf", ".gz"))
    return found


def _edge_cases(tmp_path: Path) -> Path:
    """The demo VCF with records a light read could get wrong."""
    lines = DEMO_VCF.read_text().splitlines()
    header = [line for line in lines if line.startswith("#")]
    record = next(line for line in lines if "CD74" in line).split("\t")

    def rec(pos: int, ref: str, alt: str, csq: str | None) -> str:
        info = record[7].split(";CSQ=")[0] + (f";CSQ={csq}" if csq is not None else "")
        return "\t".join([record[0], str(pos), ".", ref, alt, *record[5:7], info, *record[8:]])

    entry = record[7].split(";CSQ=")[1]
    body = [
        rec(150404700, "C", "A,T", entry + "," + entry.replace("A|", "T|", 1)),  # two ALTs
        rec(150404710, "CA", "C", entry.replace("A|", "-|", 1)),  # deletion, VEP allele '-'
        rec(150404720, "C", "A", "A|intergenic_variant|MODIFIER||||||||||||||||||||||||||"),
        rec(150404730, "C", "A", None),  # no CSQ at all
        rec(150404740, "C", "A", entry.replace("CD74", "CD%37%34")),  # escaped symbol
        rec(150404750, "C", "A", entry + "," + entry.replace("CD74", "GOPC")),  # two genes
        rec(150404760, "C", "A", entry.replace("CD74", "ALKBH5")),  # a target inside a name
        rec(150404770, "C", ".", entry),  # no ALT
        rec(150404780, "C", "*", entry),  # placeholder ALT only
        rec(150404790, "C", "<DEL>", entry),  # symbolic
        rec(150404800, "c", "t", entry.replace("A|", "t|", 1)),  # lower-case bases
    ]
    path = tmp_path / "edge.vcf"
    path.write_text("\n".join([*header, *body]) + "\n")
    return path


@pytest.mark.parametrize("path", _vcfs(), ids=lambda p: p.name)
def test_light_read_gives_the_same_report(
    path: Path, kb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _report(path, kb, light=True, monkeypatch=monkeypatch) == _report(
        path, kb, light=False, monkeypatch=monkeypatch
    )


def test_light_read_of_edge_cases(tmp_path: Path, kb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _edge_cases(tmp_path)
    light = _report(path, kb, light=True, monkeypatch=monkeypatch)
    assert light == _report(path, kb, light=False, monkeypatch=monkeypatch)
    crlf = tmp_path / "crlf.vcf"
    crlf.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert _report(crlf, kb, light=True, monkeypatch=monkeypatch) == _report(
        crlf, kb, light=False, monkeypatch=monkeypatch
    )


def test_passengers_are_counted_and_targets_read_in_full() -> None:
    genes = frozenset({"PIK3CA", "TP53"})
    parsed = vcf.parse(DEMO_VCF, genes=genes)
    full = vcf.parse(DEMO_VCF)
    (target,) = parsed.records
    assert isinstance(target, SmallVariant) and target.annotation is not None
    assert target.annotation.gene == "PIK3CA" and target.source.line == 82
    assert target.vaf == 0.3105 and target.source.raw  # read in full: VAF (77/248) and raw
    (counted,) = parsed.skipped
    assert isinstance(counted, PassengerSkipped)
    assert (counted.reason, counted.count, counted.lines) == (OUTSIDE_TARGETS, 4, (83, 84, 85, 86))
    assert counted.examples == ("5:150404753 C>A", "5:171391775 C>T", "6:117566933 C>T",
                                "12:11869912 A>G")  # fmt: skip
    assert counted.example_lines == (83, 84, 85, 86)
    assert [r.source.line for r in full.records[1:]] == list(counted.lines)  # type: ignore[union-attr]
    assert record_count(parsed) == len(full.records) == 5


def _many_passengers(tmp_path: Path) -> Path:
    """The demo VCF's header and records, then 3,000 unannotated passengers with, among them,
    records read in full that are not target variants: unannotated records at bundled codons
    of another build (read in full, then skipped as not annotated) and a record whose CSQ names
    TP53 for one ALT and CD74 for the other (CD74 then skipped as outside the targets)."""
    lines = DEMO_VCF.read_text().splitlines()
    header = [line for line in lines if line.startswith("#")]
    demo = [line for line in lines if not line.startswith("#")]
    cd74 = demo[1].split("\t")
    fmt = "GT:AD:AF:DP:F1R2:F2R1\t0/1:30,5:0.14:35:15,2:15,3\t0/0:30,0:0.01:30:15,0:15,0"
    rng = random.Random(5)
    body: list[str] = []
    for i in range(3000):
        ref, alt = rng.sample("ACGT", 2)
        body.append(f"chr1\t{1_000_000 + 100 * i}\t.\t{ref}\t{alt}\t.\tPASS\tDP=35\t{fmt}")
        if i in (400, 1500, 2900):  # ALK G1202 base 1 on GRCh37: read in full on GRCh38
            body.append(f"chr2\t29443613\t.\tC\tG\t.\tPASS\tDP=35\t{fmt}")
        if i == 2000:  # two ALTs: TP53 for the first (read in full), CD74 for the second
            entry = cd74[7].split(";CSQ=")[1]
            csq = entry.replace("A|", "T|", 1).replace("CD74", "TP53") + "," + entry
            info = cd74[7].split(";CSQ=")[0] + ";CSQ=" + csq
            body.append("\t".join([*cd74[:4], "T,A", *cd74[5:7], info, *cd74[8:]]))
    path = tmp_path / "many.vcf"
    path.write_text("\n".join([*header, *demo, *body]) + "\n")
    return path


def test_light_read_caps_lines_and_merges_counts(
    tmp_path: Path, kb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _many_passengers(tmp_path)
    light = _report(path, kb, light=True, monkeypatch=monkeypatch)
    assert light == _report(path, kb, light=False, monkeypatch=monkeypatch)
    skipped = {s["reason"]: s for s in light["skipped"]}
    assert list(skipped) == [OUTSIDE_TARGETS, NOT_ANNOTATED]  # in the order they first occur
    outside, unannotated = skipped[OUTSIDE_TARGETS], skipped[NOT_ANNOTATED]
    assert outside["count"] == 5  # four demo passengers and the second ALT at line 2090
    assert outside["lines"] == [83, 84, 85, 86, 2090]
    assert unannotated["count"] == 3003  # every count is the total...
    assert len(unannotated["lines"]) == MAX_LINES == 1000  # ...lines only the first 1000
    assert unannotated["lines"][:3] == [87, 88, 89]
    assert 488 in unannotated["lines"]  # the first GRCh37 codon record, read in full
    assert unannotated["examples"] == [
        "1:1000000 G>T", "1:1000100 G>T", "1:1000200 A>C", "1:1000300 C>G", "1:1000400 A>T"
    ]  # fmt: skip
    assert light["inputs"][0]["records"] == 1 + 5 + 1 + 3003  # as many as the full read has
    parsed = vcf.parse(path, genes=frozenset(g.symbol for g in kb.genes.values()))
    lines = [r.source.line for r in parsed.records]  # type: ignore[union-attr]
    assert lines == [82, 488, 1589, 2090, 2090, 2991]  # read in full


def test_skip_log_counts_all_keeps_the_first_lines_and_examples() -> None:
    log = SkipLog()
    for line in range(1, 2501):
        log.add("a.vcf", NOT_ANNOTATED, line, f"1:{line // 2} A>C")
    (entry,) = log.entries()
    assert entry.count == 2500 and entry.lines == tuple(range(1, 1001))
    assert entry.examples == ("1:0 A>C", "1:1 A>C", "1:2 A>C", "1:3 A>C", "1:4 A>C")
    # a parser's count whose lines interleave with those skipped here
    log = SkipLog()
    log.add("a.vcf", NOT_ANNOTATED, 5, "1:5 A>C")
    counted = PassengerSkipped(
        "a.vcf", NOT_ANNOTATED, (2, 4, 6, 8), 4, ("1:2 A>C", "1:4 A>C", "1:5 A>C"), (2, 4, 8)
    )
    log.absorb(counted)
    log.add("a.vcf", NOT_ANNOTATED, 3, "1:3 A>C")
    log.add("a.vcf", NOT_ANNOTATED, 1, "1:1 A>C")
    log.add("a.vcf", NOT_ANNOTATED, 9, "1:9 A>C")
    (entry,) = log.entries()
    assert (entry.count, entry.lines) == (8, (1, 2, 3, 4, 5, 6, 8, 9))
    assert entry.examples == ("1:1 A>C", "1:2 A>C", "1:3 A>C", "1:4 A>C", "1:5 A>C")


def test_header_line_among_records_is_an_error_in_both_reads(tmp_path: Path) -> None:
    lines = DEMO_VCF.read_text().splitlines()
    lines.insert(len(lines) - 1, "#chr12\t11869912\t.\tA\tG\t.\tPASS\t.")
    path = tmp_path / "hash.vcf"
    path.write_text("\n".join(lines) + "\n")
    for genes in (None, frozenset({"PIK3CA"})):
        with pytest.raises(InputFormatError, match="header line among the records") as info:
            vcf.parse(path, genes=genes)
        assert info.value.line == 86


def test_bad_passenger_line_names_line_and_column(tmp_path: Path) -> None:
    lines = DEMO_VCF.read_text().splitlines()
    bad = lines[-1].split("\t")
    lines[-1] = "\t".join([bad[0], "11869x12", *bad[2:]])
    lines.append("\t".join(bad[:6]))  # not reached
    path = tmp_path / "bad.vcf"
    path.write_bytes(("\ufeff" + "\r\n".join(lines)).encode())  # BOM, CRLF, no final line end
    with pytest.raises(InputFormatError, match="expected a position, got '11869x12'") as info:
        vcf.parse(path, genes=frozenset({"PIK3CA"}))
    assert (info.value.line, info.value.column) == (86, "POS")
    lines[-2] = "\t".join(bad)
    path.write_bytes(("\ufeff" + "\r\n".join(lines)).encode())
    with pytest.raises(InputFormatError, match="expected at least 8 tab-separated columns") as info:
        vcf.parse(path, genes=frozenset({"PIK3CA"}))
    assert info.value.line == 87


GENES = frozenset({"ALK", "BRAF", "NTRK1", "NTRK2", "NTRK3", "PDGFRB", "PIK3CA", "RET", "ROS1",
                   "TP53"})  # fmt: skip


def _indexed_vcf(
    tmp_path: Path, csi: bool = False, build: str | None = "GRCh38", seed: int = 11
) -> Path:
    """The demo VCF, an unannotated record at ALK G1202, a CSQ-annotated BRAF V600E and 30,000
    unannotated passengers over chr1-chr22 (about 120 BGZF blocks), bgzipped and indexed by
    htslib; ``build``: what the header says (None: nothing)."""
    lines = DEMO_VCF.read_text().splitlines()
    header = [line for line in lines if line.startswith("#")]
    if build != "GRCh38":
        header = [h for h in header if not h.startswith(("##contig", "##reference", "##VEP"))]
    if build == "GRCh37":
        header.insert(1, "##reference=file:///ref/hg19.fa")
    records = [line for line in lines if not line.startswith("#")]
    cd74 = records[1].split("\t")
    csq = cd74[7].split(";CSQ=")[1].replace("CD74", "BRAF")
    rng = random.Random(seed)
    fmt = "GT:AD:AF:DP:F1R2:F2R1\t0/1:30,5:0.14:35:15,2:15,3\t0/0:30,0:0.01:30:15,0:15,0"
    records += [
        f"chr2\t29220747\t.\tC\tG\t.\tPASS\tDP=35\t{fmt}",
        "\t".join(["chr7", "140753336", ".", "A", "T", *cd74[5:7], f"DP=35;CSQ={csq}", fmt]),
    ]
    for _ in range(30_000):
        chrom, pos = rng.randint(1, 22), rng.randint(10_000, 240_000_000)
        ref, alt = rng.sample("ACGT", 2)
        records.append(f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=65\t{fmt}")
    records.sort(key=lambda r: (int(r.split("\t")[0][3:]), int(r.split("\t")[1])))
    plain = tmp_path / "big.vcf"
    plain.write_text("\n".join([*header, *records]) + "\n")
    return Path(pysam.tabix_index(str(plain), preset="vcf", csi=csi))


def _expected_line(path: Path, line: int) -> str:
    """'chrom:pos ref>alt' of a line of the file, as skipped examples give it."""
    with pysam.BGZFile(str(path)) as fh:
        text = fh.read().decode().split("\n")[line - 1].split("\t")
    return f"{text[0].removeprefix('chr')}:{text[1]} {text[3]}>{text[4]}"


@pytest.mark.parametrize("csi", [False, True], ids=["tbi", "csi"])
def test_index_reads_only_target_regions(tmp_path: Path, csi: bool) -> None:
    path = _indexed_vcf(tmp_path, csi)
    index = path.with_name(path.name + (".csi" if csi else ".tbi"))
    assert index.is_file()
    parsed = vcf.parse(path, genes=GENES)
    targets = [r for r in parsed.records if isinstance(r, SmallVariant)]
    assert [(r.annotation.gene if r.annotation else None, r.pos) for r in targets] == [
        (None, 29220747),  # no annotation: read in full at the ALK G1202 codon
        ("PIK3CA", 179234297),
        ("BRAF", 140753336),  # a region from gene_regions.tsv (no MANE model)
    ]
    # exact line numbers and values, as a read of the whole file gives them
    index.rename(index.with_name("elsewhere"))
    whole = vcf.parse(path, genes=GENES)
    assert targets == [r for r in whole.records if isinstance(r, SmallVariant)]
    (note,) = [s for s in parsed.skipped if "not read" in s.reason]
    assert note.reason == (
        f"record lines outside the target genes' regions: counted, not read (index {index.name})"
    )
    assert note.lines == ()
    assert note.count + record_count(parsed) == record_count(whole) == 30_007
    assert note.count > 27_000  # only the blocks around the genes are read
    (counted,) = [s for s in parsed.skipped if isinstance(s, PassengerSkipped)]
    for line, example in zip(counted.example_lines, counted.examples, strict=True):
        assert _expected_line(path, line) == example  # line numbers of lines only counted, too
    read = dict(parsed.details)["read"]
    assert read.startswith(f"target-gene regions only, through the index {index.name} (10 regions")
    assert "PIK3CA chr3:179143357-179245093 (GRCh38)" in read
    assert "BRAF chr7:140708328-140929929 (GRCh38)" in read
    assert "read" not in dict(whole.details)


@pytest.mark.parametrize(
    ("build", "missing"), [("GRCh37", "BRAF on GRCh37"), (None, "BRAF on GRCh37")]
)
def test_index_unused_without_coordinates(tmp_path: Path, build: str | None, missing: str) -> None:
    """No GRCh37 coordinates are bundled for BRAF (no MANE model, no offline source): a file
    that is or may be GRCh37 is read whole, and the details say why."""
    path = _indexed_vcf(tmp_path, build=build)
    parsed = vcf.parse(path, genes=GENES)
    assert parsed.genome_hint == build
    assert dict(parsed.details)["read"] == (
        f"whole file (index big.vcf.gz.tbi not used: no bundled coordinates for {missing})"
    )
    assert record_count(parsed) == 30_007
    assert not [s for s in parsed.skipped if "not read" in s.reason]


def _tbi_without_counts(index: Path) -> None:
    """Rewrite a tabix index without its pseudo-bins (as indexes of old tabix versions)."""
    data = gzip.decompress(index.read_bytes())
    (l_nm,) = struct.unpack_from("<i", data, 32)
    at = 36 + l_nm
    out = [data[:at]]
    (n_ref,) = struct.unpack_from("<i", data, 4)
    for _ in range(n_ref):
        (n_bin,) = struct.unpack_from("<i", data, at)
        at += 4
        kept = []
        for _ in range(n_bin):
            bin_id, n_chunk = struct.unpack_from("<Ii", data, at)
            size = 8 + 16 * n_chunk
            if bin_id != 37450:
                kept.append(data[at : at + size])
            at += size
        (n_intv,) = struct.unpack_from("<i", data, at)
        out += [struct.pack("<i", len(kept)), *kept, data[at : at + 4 + 8 * n_intv]]
        at += 4 + 8 * n_intv
    out.append(data[at:])
    index.write_bytes(gzip.compress(b"".join(out)))


def test_index_that_does_not_fit_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    path = _indexed_vcf(tmp_path / "a", seed=12)
    other = _indexed_vcf(tmp_path / "b")
    shutil.copyfile(path, other)  # the file changed after its index was written
    index = other.with_name(other.name + ".tbi")
    parsed = vcf.parse(other, genes=GENES)
    assert dict(parsed.details)["read"].startswith("whole file (index big.vcf.gz.tbi not used: ")
    index.rename(index.with_name("elsewhere"))
    assert parsed == dataclasses.replace(
        vcf.parse(other, genes=GENES), details=parsed.details
    )  # what a read without the index gives
    # the file's own index, without the per-contig counts (as old tabix versions wrote it)
    pysam.tabix_index(str(other), preset="vcf", force=True)
    _tbi_without_counts(index)
    parsed = vcf.parse(other, genes=GENES)
    assert dict(parsed.details)["read"] == (
        "whole file (index big.vcf.gz.tbi not used: it holds no per-contig record counts, which "
        "exact line numbers need; re-index with htslib tabix or bcftools)"
    )
    assert record_count(parsed) == 30_007


def test_every_mutation_gene_has_a_grch38_region(kb: Any) -> None:
    """With the shipped knowledgebase an index can serve a GRCh38 file: BRAF (no MANE model)
    from gene_regions.tsv, never a guessed GRCh37 extent."""
    from annotator.parsers.vcf_index import gene_extents

    genes = {g.symbol for g in kb.genes.values() if g.report_mutations}
    assert genes <= set(gene_extents("GRCh38"))
    assert gene_extents("GRCh38")["BRAF"] == (("7", 140713328, 140924929),)
    assert gene_extents("GRCh38")["TP53"] == (("17", 7668421, 7687490),)  # MANE, not the table
    assert sorted(genes - set(gene_extents("GRCh37"))) == ["BRAF"]
