"""Caller conventions pinned on named records of the real samples: VAF, depth and alt reads per
caller, the tumour column and the rule that chose it per sample, legacy SnpEff EFF entries and
the "longest transcript" rule; DRAGEN and column-name rules on small VCFs written here (no public
DRAGEN sample exists)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import UsageError
from annotator.models import SmallVariant
from annotator.parsers import vcf
from tests.conftest import SAMPLE_INPUTS, shared_samples


def _variants(relative: str) -> tuple[list[SmallVariant], dict[str, str]]:
    path = shared_samples() / "variants" / relative
    parsed = vcf.parse(path)
    return [r for r in parsed.records if isinstance(r, SmallVariant)], dict(parsed.details)


def _at(relative: str, chrom: str, pos: int) -> SmallVariant:
    found = [r for r in _variants(relative)[0] if (r.chrom, r.pos) == (chrom, pos)]
    assert found, f"no record at {chrom}:{pos}"
    return found[0]


@pytest.mark.parametrize(
    ("relative", "chrom", "pos", "expected"),
    [
        # Mutect2 (GATK 4.5): AD 559,10 -> 10/569; model AF 0.018 kept in raw
        ("nf-core-test-datasets/HCC1395T_vs_HCC1395N.mutect2.filtered_chr22.subset.vcf",
         "22", 10752820, (0.0176, 10, 569)),
        # Mutect2 tumour-only (GATK 4.0): AD 40,3, no DP in FORMAT -> depth = sum(AD)
        ("purecn/example_mutect2.vcf.gz", "1", 17614, (0.0698, 3, 43)),
        # MuTect1: AD 175,30 (FA 0.146 kept in raw), DP 206
        ("vcf2maf/test_mutect.first300.vcf", "1", 2453125, (0.1463, 30, 206)),
        # Strelka SNV: tier-1 AU 56 over AU+CU+GU+TU 58
        ("vcf2maf/test_strelka.vcf", "1", 35944648, (0.9655, 56, 58)),
        # Strelka indel: TIR 4 / (TAR 90 + TIR 4)
        ("pvactools/input.new.vcf", "2", 217498305, (0.0426, 4, 101)),
        # VarScan: FREQ 38.46%, AD = 35 alt reads, DP 91
        ("vcf2maf/test_varscan.first300.vcf", "1", 1991014, (0.3846, 35, 91)),
        # VarDict (umccrise ensemble): its AF 0.1611, VD 29, DP 180
        ("gpgr-umccrise/somatic-ensemble-PASS.first300.vcf.gz", "1", 1303273, (0.1611, 29, 180)),
        # SAGE/PURPLE tumour-only column, VarDict-style FORMAT: AF 0.1486, VD 11, DP 74
        ("gpgr-umccrise/purple.somatic.first300.vcf.gz", "1", 3086201, (0.1486, 11, 74)),
        # PCGR combined T_N column: ADT 112,32 and DPT 144
        ("pcgr/T001-BRCA.grch38.vcf.gz", "1", 1968826, (0.2222, 32, 144)),
        # merged pVACtools file: AD 651,90 (Mutect2's) before VarScan's escaped FREQ 11.56%25
        ("pvactools/annotated.expression.first300.vcf.gz", "1", 451649, (0.1215, 90, 741)),
        # generic GT:AD:DP
        ("vcf2maf/test.vcf", "1", 11290178, (0.5, 10, 20)),
    ],
)  # fmt: skip
def test_vaf_per_caller(
    relative: str, chrom: str, pos: int, expected: tuple[float, int, int]
) -> None:
    rec = _at(relative, chrom, pos)
    assert (rec.vaf, rec.alt_reads, rec.depth) == expected


def test_caller_vaf_kept_where_it_differs() -> None:
    mutect1 = _at("vcf2maf/test_mutect.first300.vcf", "1", 2453125)
    assert mutect1.source.raw[-1] == ("FA (caller's VAF)", "0.146")
    # AF 0.98864 and AD 1,87 (87/88 = 0.98864) agree: nothing added
    tp53 = _at("pvactools/annotated.expression.imt_genes.vcf.gz", "17", 7675088)
    assert tp53.source.raw[-1][0] == "HCC1395_TUMOR_DNA"


@pytest.mark.parametrize(
    ("relative", "tumour"),
    [
        ("nf-core-test-datasets/HCC1395T_vs_HCC1395N.mutect2.filtered_chr22.subset.vcf",
         "HCC1395_HCC1395T (column 2 of 2; ##tumor_sample)"),
        ("purecn/example_mutect2.vcf.gz", "EU_It (column 1 of 1; ##tumor_sample)"),
        ("cyvcf2/test_gt_alt_freqs.vcf", "c-tumor2 (column 1 of 2; ##PEDIGREE Derived)"),
        ("gpgr-umccrise/purple.somatic.first300.vcf.gz",
         "SEQCII_50pc__T_SRR7890936_50pc (column 1 of 1; the only sample column)"),
        ("gpgr-umccrise/somatic-ensemble-PASS.first300.vcf.gz",
         "CCR170115b_MH17T002P033 (column 1 of 2; ##tumor_sample)"),
        ("vcf2maf/test_strelka.vcf", "TUMOR (column 2 of 2; column name)"),
        ("vcf2maf/test.vcf", "TUMOR (column 1 of 2; column name)"),
        ("nf-core-test-datasets/multiallelic_variants_snpeff.subset.vcf",
         "TUMOR (column 2 of 2; column name)"),
        ("pvactools/somatic.chr1-2.vcf.gz",
         "H_NJ-HCC1395-HCC1395 (column 1 of 1; the only sample column)"),
        ("cyvcf2/test-hemi.vcf",
         "15G15594 (column 1 of 27; first column not known to be normal (ambiguous))"),
    ],
)  # fmt: skip
def test_tumour_column_per_sample(relative: str, tumour: str) -> None:
    assert _variants(relative)[1]["tumour sample"] == tumour


def test_ambiguous_columns_are_named_in_the_warning() -> None:
    parsed = vcf.parse(shared_samples() / "variants" / "cyvcf2" / "test.snpeff.vcf")
    assert parsed.warnings == (
        "the header does not say which sample is the tumour (columns: 1094PC0005, 1094PC0009, "
        "1094PC0012, 1094PC0013); took column '1094PC0005' (sample 1 of 4)",
    )


def test_demo_tumour_column_from_header() -> None:
    parsed = vcf.parse(SAMPLE_INPUTS / "lung_imt_tfg_ros1" / "somatic.vep.vcf")
    assert dict(parsed.details)["tumour sample"] == "IMT-LU-08_T (column 2 of 2; ##tumor_sample)"


def _two_samples(tmp_path: Path, meta: list[str], samples: tuple[str, str]) -> Path:
    path = tmp_path / "two.vcf"
    row = "1\t5\t.\tA\tG\t.\tPASS\t.\tGT:AD\t0/1:10,2\t0/1:6,4"
    path.write_text(
        "\n".join(
            [
                "##fileformat=VCFv4.2",
                '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
                '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
                *meta,
                "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(samples),
                row,
            ]
        )
        + "\n"
    )
    return path


DRAGEN = (
    '##DRAGENCommandLine=<ID=dragen,Version="SW: 07.021.624.3.10.4, HW: 07.021.624",'
    'Date="Mon Jan 15 10:00:00 UTC 2024",CommandLineOptions="-r /staging/ref --tumor-fastq1 '
    "t1.fq.gz --tumor-fastq2 t2.fq.gz -1 n1.fq.gz -2 n2.fq.gz --RGID N1 --RGSM {normal} "
    '--RGID-tumor T1 --RGSM-tumor {tumour} --enable-variant-caller true">'
)


@pytest.mark.parametrize(
    ("meta", "samples", "expected"),
    [
        ([DRAGEN.format(normal="PT9_blood", tumour="PT9_ffpe")], ("PT9_blood", "PT9_ffpe"),
         ("PT9_ffpe", "DRAGEN command line --RGSM-tumor")),
        # tumour name not a column (renamed later): the normal's --RGSM still decides
        ([DRAGEN.format(normal="PT9_blood", tumour="other")], ("PT9_ffpe", "PT9_blood"),
         ("PT9_ffpe", "DRAGEN command line --RGSM names the normal")),
        (["##SAMPLE=<ID=N1,Genomes=Germline>"], ("T1", "N1"),
         ("T1", "##SAMPLE Genomes=Germline names the other column")),
        ([], ("PT9_N", "PT9_T"), ("PT9_T", "column name")),
        ([], ("lib-normal", "lib-3"), ("lib-3", "column name")),
        ([], ("S1", "S2"), ("S1", "first column not known to be normal (ambiguous)")),
    ],
)  # fmt: skip
def test_tumour_rules_on_written_headers(
    tmp_path: Path, meta: list[str], samples: tuple[str, str], expected: tuple[str, str]
) -> None:
    parsed = vcf.parse(_two_samples(tmp_path, meta, samples))
    tumour, rule = expected
    assert parsed.sample_hint == tumour
    column = samples.index(tumour) + 1
    assert dict(parsed.details)["tumour sample"] == f"{tumour} (column {column} of 2; {rule})"
    (rec,) = [r for r in parsed.records if isinstance(r, SmallVariant)]
    assert rec.vaf == (0.1667 if column == 1 else 0.4)


def test_tumour_sample_given_overrides_the_header(tmp_path: Path) -> None:
    path = _two_samples(tmp_path, ["##tumor_sample=A"], ("A", "B"))
    parsed = vcf.parse(path, tumor_sample="B")
    assert dict(parsed.details)["tumour sample"] == "B (column 2 of 2; given as the tumour sample)"
    with pytest.raises(UsageError, match="tumour sample 'C' is not a column; columns: A, B"):
        vcf.parse(path, tumor_sample="C")


def test_legacy_snpeff_eff_entries() -> None:
    variants, details = _variants("cyvcf2/test.snpeff.vcf")
    assert details["annotation"] == "SnpEff 3.1b EFF"
    # line 128: EFF=NON_SYNONYMOUS_CODING(MODERATE|MISSENSE|tTt/tGt|F113C|305|OR4F5|
    #   protein_coding|CODING|ENST00000335137|)
    (rec,) = [r for r in variants if r.pos == 69428]
    assert rec.source.line == 128
    assert rec.annotation is not None
    a = rec.annotation
    assert (a.gene, a.transcript, a.consequence, a.impact) == (
        "OR4F5",
        "ENST00000335137",
        "missense_variant",
        "MODERATE",
    )
    assert (a.hgvsp, a.hgvsc, a.biotype, a.exon) == ("p.F113C", None, "protein_coding", None)
    assert (rec.annotation_source, rec.transcript_choice) == ("SnpEff EFF", "first listed")
    # line 122: three genes (downstream/upstream effects): one variant per gene, as for ANN
    first = [r for r in variants if r.pos == 30548]
    assert [(r.annotation.gene, r.annotation.consequence) for r in first if r.annotation] == [
        ("FAM138A", "downstream_gene_variant"),
        ("MIR1302-10", "downstream_gene_variant"),
        ("WASH7P", "upstream_gene_variant"),
    ]


def test_longest_transcript_from_snpeff_protein_length() -> None:
    # XIRP1 has entries for several transcripts, none flagged: AA.length decides
    rec = _at("nf-core-test-datasets/multiallelic_variants_snpeff.subset.vcf", "3", 39229606)
    assert rec.annotation is not None
    assert (rec.annotation.transcript, rec.transcript_choice) == ("ENST00000340369", "longest")
    assert rec.annotation.hgvsp == "p.Leu444His"


def test_longest_transcript_from_vep_lengths(tmp_path: Path) -> None:
    csq = (
        '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl '
        'VEP. Format: Allele|Consequence|SYMBOL|Feature|HGVSp|Protein_position|CDS_position">'
    )
    entries = ",".join(
        [
            "G|missense_variant|KIT|T1|p.A1V|1/300|",
            "G|missense_variant|KIT|T2|p.A1V|1/976|",
            "G|missense_variant|KIT|T3|p.A1V||1/2700",  # CDS 2700 = 900 codons
            "G|intron_variant|PDGFRA|T4|||",
        ]
    )
    path = tmp_path / "vep.vcf"
    path.write_text(
        "\n".join(
            [
                "##fileformat=VCFv4.2",
                csq,
                "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
                f"4\t5\t.\tA\tG\t.\tPASS\tCSQ={entries}",
            ]
        )
        + "\n"
    )
    records = [r for r in vcf.parse(path).records if isinstance(r, SmallVariant)]
    assert [
        (r.annotation.gene, r.annotation.transcript, r.transcript_choice)
        for r in records
        if r.annotation
    ] == [("KIT", "T2", "longest"), ("PDGFRA", "T4", "first listed")]
