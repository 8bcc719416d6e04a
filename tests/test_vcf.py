"""The VCF parser against the real caller outputs in shared/samples/variants, plus tiny
hand-written VCFs for the cases no sample shows (escaped HGVS, symbolic ALTs, sample naming)."""

from __future__ import annotations

import gzip
import os
import threading
from pathlib import Path

import pytest

from annotator.errors import InputFormatError
from annotator.models import SmallVariant
from annotator.parsers import vcf
from annotator.parsers.textio import read_head
from tests.conftest import SAMPLE_INPUTS

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
if not SAMPLES.is_dir():
    pytest.skip(f"sample folder {SAMPLES} not present", allow_module_level=True)

VARIANTS = SAMPLES / "variants"
ALL_VCFS = sorted([*VARIANTS.glob("**/*.vcf"), *VARIANTS.glob("**/*.vcf.gz")])
FIXED = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"
CSQ_HEADER = (
    '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. '
    'Format: Allele|Consequence|IMPACT|SYMBOL|Feature|HGVSc|HGVSp|EXON|PICK|CANONICAL|MANE_SELECT">'
)


def write_vcf(path: Path, meta: list[str], columns: str, rows: list[str]) -> Path:
    text = "\n".join(["##fileformat=VCFv4.2", *meta, columns, *rows]) + "\n"
    path.write_text(text)
    return path


def variants(path: Path) -> list[SmallVariant]:
    records = vcf.parse(path).records
    assert all(isinstance(r, SmallVariant) for r in records)
    return [r for r in records if isinstance(r, SmallVariant)]


def at(records: list[SmallVariant], chrom: str, pos: int) -> list[SmallVariant]:
    return [r for r in records if r.chrom == chrom and r.pos == pos]


def test_samples_found() -> None:
    assert len(ALL_VCFS) >= 20


@pytest.mark.parametrize("path", ALL_VCFS, ids=lambda p: str(p.relative_to(VARIANTS)))
def test_every_sample_parses_and_sniffs(path: Path) -> None:
    assert vcf.sniff(read_head(path))
    parsed = vcf.parse(path)
    assert (parsed.format, parsed.kind, parsed.path) == ("vcf", "variant", str(path))
    assert len(parsed.records) >= 1
    first = parsed.records[0]
    assert isinstance(first, SmallVariant)
    assert not first.chrom.startswith("chr")
    assert first.source.line > 1
    assert first.source.raw[0][0] == "CHROM"


def test_sniff_rejects_other_text(tmp_path: Path) -> None:
    other = tmp_path / "fusions.tsv"
    other.write_text("#gene1\tgene2\nEML4\tALK\n")
    assert not vcf.sniff(read_head(other))


def test_pvactools_tp53_mane_transcript() -> None:
    parsed = vcf.parse(VARIANTS / "pvactools" / "annotated.expression.imt_genes.vcf.gz")
    assert parsed.sample_hint == "HCC1395_TUMOR_DNA"
    assert parsed.genome_hint == "GRCh38"
    assert ("annotation", "VEP v105") in parsed.details
    (tp53,) = [
        r for r in variants(Path(parsed.path)) if r.annotation and r.annotation.gene == "TP53"
    ]
    assert tp53.annotation is not None
    assert (tp53.chrom, tp53.pos, tp53.ref, tp53.alt) == ("17", 7675088, "C", "T")
    assert "p.Arg175His" in (tp53.annotation.hgvsp or "")
    assert tp53.annotation.hgvsp == "ENSP00000269305.4:p.Arg175His"
    assert tp53.annotation.transcript == "ENST00000269305.9"
    assert tp53.annotation.mane_select == "NM_000546.6"
    assert tp53.annotation.exon == "5/11"
    assert (tp53.transcript_choice, tp53.annotation_source) == ("MANE_SELECT", "VEP")
    assert tp53.tumor_sample == "HCC1395_TUMOR_DNA"
    # tumour column 0/1:1,87:0.98864:88:... -> FORMAT AF, AD alt, DP
    assert (tp53.vaf, tp53.alt_reads, tp53.depth) == (0.9886, 87, 88)
    assert tp53.filters == ("PASS",)
    assert tp53.source.line == 3556
    assert tp53.source.raw_dict()["HCC1395_TUMOR_DNA"].startswith("0/1:1,87:0.98864:88:")


def test_pvactools_one_variant_per_gene() -> None:
    records = variants(VARIANTS / "pvactools" / "annotated.expression.imt_genes.vcf.gz")
    site = at(records, "15", 98649533)
    assert [(r.annotation.gene if r.annotation else None, r.transcript_choice) for r in site] == [
        ("IGF1R", "MANE_SELECT"),
        ("IRAIN", "CANONICAL"),
    ]
    assert site[0].source is site[1].source


def test_snpeff_multiallelic_one_variant_per_alt_allele() -> None:
    path = VARIANTS / "nf-core-test-datasets" / "multiallelic_variants_snpeff.subset.vcf"
    parsed = vcf.parse(path)
    assert parsed.sample_hint == "TUMOR"
    assert ("annotation", "SnpEff 4.1k") in parsed.details
    site = at(variants(path), "14", 23894593)
    assert [r.alt for r in site] == ["G", "C"]
    g, c = site
    assert g.annotation is not None
    assert (g.annotation.allele, g.annotation.gene, g.annotation.transcript) == (
        "G",
        "MYH7",
        "ENST00000355349",
    )
    assert (g.annotation.hgvsp, g.annotation.exon) == ("p.Glu774Ala", "21/40")
    assert (g.annotation_source, g.transcript_choice) == ("SnpEff", "first listed")
    # SnpEff wrote no entry for C: the allele is kept, unannotated
    assert (c.annotation, c.annotation_source, c.transcript_choice) == (None, None, None)
    # Strelka tier-1 counts, tumour: AU 0 CU 0 GU 25 TU 103
    assert (g.vaf, g.alt_reads, g.depth) == (0.1953, 25, 128)
    assert (c.vaf, c.alt_reads, c.depth) == (0.0, 0, 128)


def test_snpeff_two_genes_and_sequence_feature_rows() -> None:
    records = variants(
        VARIANTS / "nf-core-test-datasets" / "multiallelic_variants_snpeff.subset.vcf"
    )
    site = at(records, "2", 26680996)
    assert [(r.alt, r.annotation.gene if r.annotation else None) for r in site] == [
        ("G", "OTOF"),
        ("G", "DRC1"),
        ("C", None),
    ]
    (xirp1,) = at(records, "3", 39229606)
    assert xirp1.annotation is not None
    assert xirp1.annotation.consequence == "missense_variant"  # not the sequence_feature row


def test_mutect2_tumour_from_header_and_ad_ratio() -> None:
    path = (
        VARIANTS
        / "nf-core-test-datasets"
        / "HCC1395T_vs_HCC1395N.mutect2.filtered_chr22.subset.vcf"
    )
    parsed = vcf.parse(path)
    assert parsed.sample_hint == "HCC1395_HCC1395T"  # second column; the normal comes first
    assert parsed.warnings == ()
    assert ("caller", "FilterMutectCalls, Mutect2") in parsed.details
    assert ("tumour sample", "HCC1395_HCC1395T (column 2 of 2; ##tumor_sample)") in parsed.details
    first = variants(path)[0]
    # tumour column: 0/1:559,10:0.018:569:... (the normal's AF is 0.02). VAF is the AD ratio
    # 10 / 569; Mutect2's model AF 0.018 differs at 4 decimals, so it is kept beside it in raw.
    assert first.tumor_sample == "HCC1395_HCC1395T"
    assert (first.chrom, first.pos, first.ref, first.alt) == ("22", 10752820, "C", "T")
    assert first.vaf == 0.0176
    assert first.source.raw[-1] == ("AF (caller's VAF)", "0.018")
    assert (first.alt_reads, first.depth) == (10, 569)
    assert first.filters == ("normal_artifact", "panel_of_normals")  # kept, not dropped
    assert first.source.line == 72
    raw = first.source.raw_dict()
    assert raw["HCC1395_HCC1395T"].split(":")[2] == "0.018"
    assert "HCC1395_HCC1395N" not in raw


def test_unfiltered_mutect2_filter_is_empty() -> None:
    parsed = vcf.parse(VARIANTS / "purecn" / "example_mutect2.vcf.gz")  # BGZF, FILTER "."
    first = parsed.records[0]
    assert isinstance(first, SmallVariant)
    assert first.filters == ()
    assert (first.tumor_sample, parsed.genome_hint) == ("EU_It", "GRCh38")


def test_strelka_snv_vaf_from_tier1_counts() -> None:
    (rec,) = at(variants(VARIANTS / "vcf2maf" / "test_strelka.vcf"), "1", 35944648)
    # TUMOR 58:0:0:0:56,57:0,0:2,2:0,0 -> AU 56 / (56 + 0 + 2 + 0)
    assert (rec.ref, rec.alt, rec.tumor_sample) == ("G", "A", "TUMOR")
    assert (rec.vaf, rec.alt_reads, rec.depth) == (0.9655, 56, 58)


def test_strelka_indel_vaf_and_vep_insertion_allele() -> None:
    parsed = vcf.parse(VARIANTS / "pvactools" / "input.new.vcf")
    (rec,) = at([r for r in parsed.records if isinstance(r, SmallVariant)], "2", 217498305)
    # TAR 90,91 TIR 4,4 -> 4 / (90 + 4)
    assert (rec.vaf, rec.alt_reads, rec.depth) == (0.0426, 4, 101)
    assert rec.annotation is not None
    assert rec.annotation.allele == "GCTGCC"  # VEP's allele for T>TGCTGCC, anchor base removed
    # ##reference says GRCh37-lite but VEP ran on GRCh38: no build is guessed
    assert parsed.genome_hint is None
    assert any("disagrees on the genome build" in w for w in parsed.warnings)


def test_varscan_freq_percent_and_alt_only_ad() -> None:
    (rec,) = at(variants(VARIANTS / "vcf2maf" / "test_varscan.first300.vcf"), "1", 1991014)
    # TUMOR 0/1:.:91:56:35:38.46%:... -> FREQ 38.46 %, AD = 35 alt reads, DP 91
    assert (rec.vaf, rec.alt_reads, rec.depth) == (0.3846, 35, 91)


def test_varscan_escaped_percent(tmp_path: Path) -> None:
    path = write_vcf(
        tmp_path / "varscan.vcf",
        [
            '##FORMAT=<ID=AD,Number=1,Type=Integer,Description="alt depth">',
            '##FORMAT=<ID=RD,Number=1,Type=Integer,Description="ref depth">',
            '##FORMAT=<ID=FREQ,Number=1,Type=String,Description="Variant allele frequency">',
        ],
        FIXED + "\tFORMAT\tNORMAL\tTUMOR",
        ["chr1\t100\t.\tA\tG\t.\tPASS\t.\tRD:AD:FREQ\t50:0:0%25\t46:6:11.56%25"],
    )
    (rec,) = variants(path)
    assert (rec.tumor_sample, rec.vaf, rec.alt_reads, rec.depth) == ("TUMOR", 0.1156, 6, 52)


def test_truncated_gzip_raises(tmp_path: Path) -> None:
    for sample in (
        "pvactools/annotated.expression.first300.vcf.gz",
        "pvactools/somatic.chr1-2.vcf.gz",
    ):
        cut = tmp_path / Path(sample).name
        cut.write_bytes((VARIANTS / sample).read_bytes()[:3000])
        with pytest.raises(InputFormatError) as info:
            vcf.parse(cut)
        assert str(cut) in str(info.value)
        assert f"{cut}:" in str(info.value)
        assert "truncated" in str(info.value)


def test_plain_gzip_truncated_after_records(tmp_path: Path) -> None:
    source = VARIANTS / "pvactools" / "annotated.expression.first300.vcf.gz"
    cut = tmp_path / "cut.vcf.gz"
    cut.write_bytes(source.read_bytes()[:300_000])
    threads, fds = threading.active_count(), _open_fds()
    with pytest.raises(InputFormatError) as info:
        vcf.parse(cut)
    message = str(info.value)
    assert message.startswith(f"{cut}:")
    assert "gzip stream is truncated or corrupt after record" in message
    assert isinstance(info.value.__cause__, EOFError)
    assert info.value.line is not None and info.value.line > 3552  # 3552 header lines
    assert threading.active_count() == threads
    assert _open_fds() == fds


def test_truncated_bgzf_names_the_last_record(tmp_path: Path) -> None:
    cut = tmp_path / "cut.vcf.gz"
    cut.write_bytes((VARIANTS / "pvactools" / "somatic.chr1-2.vcf.gz").read_bytes()[:100_000])
    with pytest.raises(InputFormatError, match="truncated") as info:
        vcf.parse(cut)
    assert info.value.line is not None and info.value.line > 3446  # 3446 header lines
    assert str(info.value).startswith(f"{cut}:{info.value.line}: gzip stream is truncated")


def test_bgzf_without_eof_block_is_still_read(tmp_path: Path) -> None:
    source = VARIANTS / "pvactools" / "somatic.chr1-2.vcf.gz"
    data = source.read_bytes()
    assert data[-28:].startswith(b"\x1f\x8b\x08\x04")  # the empty 28-byte BGZF EOF block
    no_eof = tmp_path / "no_eof.vcf.gz"
    no_eof.write_bytes(data[:-28])
    parsed = vcf.parse(no_eof)
    assert len(parsed.records) == len(vcf.parse(source).records) == 296
    assert parsed.warnings == ("BGZF end-of-file block missing: the file may have been cut short",)


def test_plain_vcf_with_cut_last_record_raises(tmp_path: Path) -> None:
    # Decision: a record with fewer than 8 columns is an error naming its line, not skipped.
    lines = (VARIANTS / "vcf2maf" / "test.vcf").read_text().splitlines()
    cut = tmp_path / "cut.vcf"
    cut.write_text("\n".join([*lines[:-1], "\t".join(lines[-1].split("\t")[:4])]))
    with pytest.raises(InputFormatError) as info:
        vcf.parse(cut)
    assert info.value.line == len(lines)
    assert str(info.value).startswith(f"{cut}:{len(lines)}: ")


def test_gunzip_pump_leaves_no_thread_or_fd_on_bad_record(tmp_path: Path) -> None:
    source = VARIANTS / "pvactools" / "annotated.expression.first300.vcf.gz"
    text = gzip.decompress(source.read_bytes()).decode().split("\n")
    header = sum(1 for line in text if line.startswith("#"))
    fields = text[header + 4].split("\t")
    text[header + 4] = "\t".join([fields[0], "notanumber", *fields[2:]])
    bad = tmp_path / "bad.vcf.gz"
    bad.write_bytes(gzip.compress("\n".join(text).encode()))  # plain gzip, not BGZF
    threads, fds = threading.active_count(), _open_fds()
    with pytest.raises(InputFormatError) as info:
        vcf.parse(bad)
    assert info.value.line == header + 5
    assert threading.active_count() == threads
    assert _open_fds() == fds


def test_header_rejections_name_the_file(tmp_path: Path) -> None:
    dup = write_vcf(tmp_path / "dup.vcf", [], FIXED + "\tFORMAT\tS1\tS1", [])
    with pytest.raises(InputFormatError, match="repeated: S1") as info:
        vcf.parse(dup)
    assert str(info.value).startswith(f"{dup}:2: ")
    short = write_vcf(tmp_path / "short.vcf", [], "#CHROM\tPOS\tID\tREF", [])
    with pytest.raises(InputFormatError, match="'#CHROM' line must hold"):
        vcf.parse(short)
    no_chrom = tmp_path / "nochrom.vcf"
    no_chrom.write_text("##fileformat=VCFv4.2\n##source=x\n")
    with pytest.raises(InputFormatError, match="ends before the '#CHROM'"):
        vcf.parse(no_chrom)


def test_vep_escaped_hgvs_allele_matching_and_choice(tmp_path: Path) -> None:
    csq_del = ",".join(
        [
            "-|frameshift_variant|HIGH|ALK|ENST1|ENST1:c.1del|ENSP1:p.Gly299%3D|3/29|||",
            "-|frameshift_variant|HIGH|ALK|ENST2|ENST2:c.9del|ENSP2:p.Gly9fs|3/29||YES|",
            "-|intergenic_variant|MODIFIER||||||||",
            "-|intron_variant|MODIFIER|EML4|ENST3|||||YES|",
            "-|intron_variant|MODIFIER|EML4|ENST4||||1||",
        ]
    )
    csq_snv = "T|missense_variant|MODERATE|ALK|ENST1|ENST1:c.5C>T|ENSP1:p.Ala2Val|3/29|||NM_1.2"
    csq_snv += ",T|missense_variant|MODERATE|ALK|ENST2|ENST2:c.5C>T|ENSP2:p.Ala2Val|3/29|1|YES|"
    path = write_vcf(
        tmp_path / "vep.vcf",
        [CSQ_HEADER, '##VEP="v111" assembly="GRCh38.p14"'],
        FIXED,
        [
            f"chr2\t29223528\t.\tCA\tC\t.\t.\tCSQ={csq_del}",
            f"2\t10\t.\tC\tT\t.\tPASS\tCSQ={csq_snv}",
        ],
    )
    parsed = vcf.parse(path)
    assert (parsed.sample_hint, parsed.genome_hint) == (None, "GRCh38")  # sites-only
    records = variants(path)
    deletion = at(records, "2", 29223528)
    assert [
        (r.annotation.gene, r.annotation.transcript, r.transcript_choice)
        for r in deletion
        if r.annotation
    ] == [
        ("ALK", "ENST2", "CANONICAL"),
        ("EML4", "ENST4", "PICK"),
    ]
    (snv,) = at(records, "2", 10)
    assert snv.annotation is not None
    assert (snv.annotation.transcript, snv.transcript_choice) == ("ENST1", "MANE_SELECT")
    assert (snv.vaf, snv.depth, snv.alt_reads, snv.tumor_sample) == (None, None, None, None)
    no_choice = write_vcf(
        tmp_path / "escaped.vcf",
        [CSQ_HEADER],
        FIXED,
        ["1\t5\t.\tA\tG\t.\tPASS\tCSQ=G|synonymous_variant|LOW|TP53|ENST1||ENSP1:p.Gly299%3D||||"],
    )
    (syn,) = variants(no_choice)
    assert syn.annotation is not None
    assert (syn.annotation.hgvsp, syn.transcript_choice) == ("ENSP1:p.Gly299=", "first listed")


def test_vep_multiallelic_allele_num_and_trimming(tmp_path: Path) -> None:
    header = CSQ_HEADER.replace("MANE_SELECT", "MANE_SELECT|ALLELE_NUM")
    path = write_vcf(
        tmp_path / "multi.vcf",
        [header],
        FIXED,
        [
            # ALLELE_NUM decides; both entries have the same Allele string on purpose
            "1\t5\t.\tA\tG,T\t.\tPASS\tCSQ=X|missense_variant|MODERATE|KIT|E1|||||||2,"
            "X|synonymous_variant|LOW|KIT|E1|||||||1",
            # no ALLELE_NUM value: all alleles share REF's first base, VEP drops it
            "1\t9\t.\tAT\tA,ATT\t.\tPASS\tCSQ=-|frameshift_variant|HIGH|KIT|E1||||||,"
            "TT|frameshift_variant|HIGH|KIT|E2||||||",
        ],
    )
    records = variants(path)
    assert [
        (r.alt, r.annotation.consequence if r.annotation else None) for r in at(records, "1", 5)
    ] == [
        ("G", "synonymous_variant"),
        ("T", "missense_variant"),
    ]
    assert [
        (r.alt, r.annotation.transcript if r.annotation else None) for r in at(records, "1", 9)
    ] == [
        ("A", "E1"),
        ("ATT", "E2"),
    ]


def test_symbolic_and_missing_alts_are_skipped(tmp_path: Path) -> None:
    path = write_vcf(
        tmp_path / "sv.vcf",
        [],
        FIXED,
        [
            "2\t29223528\t.\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL",
            "chr2\t100\t.\tN\tN[2:123[\t.\tPASS\t.",
            "2\t200\t.\tA\t.N\t.\tPASS\t.",
            "2\t300\t.\tA\t<DUP>\t.\tPASS\t.",
            "2\t400\t.\tA\t.\t.\tPASS\t.",
            "chrM\t73\t.\tA\tG,*\t.\tPASS\t.",
        ],
    )
    parsed = vcf.parse(path)
    assert [(r.chrom, r.alt) for r in parsed.records if isinstance(r, SmallVariant)] == [
        ("MT", "G")
    ]
    sv, no_alt = parsed.skipped
    assert sv.reason == "structural-variant or symbolic ALT, not a small variant"
    assert (sv.lines, sv.count) == ((3, 4, 5, 6), 4)
    assert sv.examples == ("2:29223528 <DEL>", "2:100 N[2:123[", "2:200 .N")
    assert (no_alt.lines, no_alt.count, no_alt.examples) == ((7,), 1, ("2:400 .",))


@pytest.mark.parametrize(
    ("meta", "samples", "tumour", "warned"),
    [
        (["##tumor_sample=T1"], ["N1", "T1"], "T1", False),
        (["##normal_sample=N1"], ["N1", "X"], "X", False),
        (["##SAMPLE=<ID=T2,Genomes=Tumor>"], ["N", "T2"], "T2", False),
        (["##PEDIGREE=<Derived=T3,Original=N3>"], ["N3", "T3"], "T3", False),
        ([], ["NORMAL", "TUMOR"], "TUMOR", False),
        ([], ["only"], "only", False),
        (["##SAMPLE=<ID=a,Genomes=Germline>"], ["a", "b", "c"], "b", True),
        (["##tumor_sample=gone"], ["x", "y"], "x", True),
    ],
)
def test_tumour_sample_rules(
    tmp_path: Path, meta: list[str], samples: list[str], tumour: str, warned: bool
) -> None:
    format_line = '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">'
    row = "\t".join(["1", "5", ".", "A", "G", ".", "PASS", ".", "GT", *(["0/1"] * len(samples))])
    path = write_vcf(
        tmp_path / "s.vcf", [format_line, *meta], "\t".join([FIXED, "FORMAT", *samples]), [row]
    )
    parsed = vcf.parse(path)
    assert parsed.sample_hint == tumour
    assert bool(parsed.warnings) is warned
    (rec,) = variants(path)
    assert rec.tumor_sample == tumour
    assert rec.source.raw[-1] == (tumour, "0/1")


def test_csq_preferred_over_ann_and_old_vep_without_allele() -> None:
    parsed = vcf.parse(VARIANTS / "cyvcf2" / "test.vcf.gz")
    assert ("annotation", "SnpEff 4.1g (used only where a record has no CSQ)") in parsed.details
    assert parsed.genome_hint == "GRCh37"
    records = [r for r in parsed.records if isinstance(r, SmallVariant)]
    assert {r.annotation_source for r in records} == {"VEP"}
    site = at(records, "1", 10172)
    assert [r.annotation.gene for r in site if r.annotation] == ["DDX11L1", "WASH7P"]


def _open_fds() -> int:
    fd_dir = Path("/proc/self/fd")
    return len(os.listdir(fd_dir)) if fd_dir.is_dir() else 0


def test_bad_position_names_line_column_and_caret(tmp_path: Path) -> None:
    path = write_vcf(
        tmp_path / "pos.vcf",
        [],
        FIXED,
        ["1\t5\t.\tA\tG\t.\tPASS\t.", "1\tx6\t.\tA\tG\t.\tPASS\t."],
    )
    with pytest.raises(InputFormatError) as info:
        vcf.parse(path)
    assert str(info.value) == f"{path}:4: column 'POS': expected a position, got 'x6'"
    assert info.value.detail_lines() == ["    1\tx6\t.\tA\tG\t.\tPASS\t.", "      ^^"]


def test_short_record_names_the_missing_column(tmp_path: Path) -> None:
    path = write_vcf(tmp_path / "short.vcf", [], FIXED, ["1\t5\t.\tA\tG\t.\tPASS"])
    with pytest.raises(InputFormatError) as info:
        vcf.parse(path, genes=frozenset({"ALK"}))  # the passenger path checks columns too
    assert str(info.value) == (
        f"{path}:3: column 'INFO': expected at least 8 tab-separated columns, got 7"
    )


def test_header_line_among_records_is_an_error(tmp_path: Path) -> None:
    path = write_vcf(tmp_path / "h.vcf", [], FIXED, ["1\t5\t.\tA\tG\t.\tPASS\t.", "#x\ty"])
    with pytest.raises(InputFormatError, match="header line among the records") as info:
        vcf.parse(path)
    assert info.value.line == 4


def test_crlf_bom_blank_lines_and_missing_final_newline(tmp_path: Path) -> None:
    source = SAMPLE_INPUTS / "alk_negative_mdm2"
    clean = (source / "somatic.vep.vcf").read_text()
    lines = clean.rstrip("\n").split("\n")
    header = sum(1 for line in lines if line.startswith("#"))
    # a blank line after the first record (htslib stops there; it is skipped here and counted)
    hostile = "\ufeff" + "\r\n".join([*lines[: header + 1], "", *lines[header + 1 :]])
    path = tmp_path / "hostile.vcf"
    path.write_bytes(hostile.encode())
    expected = vcf.parse(source / "somatic.vep.vcf")
    parsed = vcf.parse(path)
    assert len(parsed.records) == len(expected.records) == 5
    moved = [(r.pos, r.source.line) for r in parsed.records if isinstance(r, SmallVariant)]
    assert moved[0] == (179234297, header + 1)
    assert moved[1][1] == header + 3  # after the blank line
    assert [r.vaf for r in variants(path)] == [r.vaf for r in variants(source / "somatic.vep.vcf")]


@pytest.mark.parametrize("damage", ["truncated gzip", "bad FORMAT value"])
def test_cli_exits_1_and_writes_nothing(tmp_path: Path, damage: str) -> None:
    from click.testing import CliRunner

    from annotator.cli import main

    bad = tmp_path / "bad.vcf.gz"
    if damage == "truncated gzip":
        source = VARIANTS / "pvactools" / "annotated.expression.first300.vcf.gz"
        bad.write_bytes(source.read_bytes()[:300_000])
        expected = "gzip stream is truncated or corrupt after record"
    else:  # the TP53 record (a target gene: read in full) with a bad tumour AD
        source = VARIANTS / "pvactools" / "annotated.expression.imt_genes.vcf.gz"
        text = gzip.decompress(source.read_bytes()).decode().split("\n")
        at = next(i for i, line in enumerate(text) if "|TP53|" in line)
        fields = text[at].split("\t")
        fields[10] = fields[10].replace(":", ":x,", 1)
        text[at] = "\t".join(fields)
        bad.write_bytes(gzip.compress("\n".join(text).encode()))
        expected = f"{bad}:{at + 1}: cannot parse this record"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["annotate", str(bad), "--sample-id", "S", "--out", str(out)])
    assert result.exit_code == 1
    assert expected in result.stderr
    assert not out.exists() or not any(out.iterdir())
