"""The MAF parser on the real vcf2maf, cBioPortal and OncoKB-annotator files, plus hand-written
MAFs for hostile input, and the same ALK G1202R read from a MAF and from a VEP VCF."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator.annotate import Sample, Settings, annotate
from annotator.errors import InputFormatError
from annotator.models import ParsedInput, PassengerVariant, SmallVariant
from annotator.parsers import maf
from annotator.parsers.textio import read_head
from tests.conftest import shared_samples

GDC_COLUMNS = (
    "Hugo_Symbol\tEntrez_Gene_Id\tCenter\tNCBI_Build\tChromosome\tStart_Position\tEnd_Position\t"
    "Strand\tVariant_Classification\tVariant_Type\tReference_Allele\tTumor_Seq_Allele1\t"
    "Tumor_Seq_Allele2\tTumor_Sample_Barcode\tHGVSc\tHGVSp\tHGVSp_Short\tTranscript_ID\t"
    "Exon_Number\tt_depth\tt_ref_count\tt_alt_count"
)
ALK_G1202R = (
    "ALK\t238\t.\tGRCh38\tchr2\t29220747\t29220747\t+\tMissense_Mutation\tSNP\tC\tC\tT\tIMT-7\t"
    "c.3604G>A\tp.Gly1202Arg\tp.G1202R\tENST00000389048\t23/29\t240\t180\t60"
)
TP53_R175H = (
    "TP53\t7157\t.\tGRCh38\t17\t7675088\t7675088\t+\tMissense_Mutation\tSNP\tC\tC\tT\tIMT-7\t"
    "c.524G>A\tp.Arg175His\tp.R175H\tENST00000269305\t5/11\t100\t70\t30"
)


def variants(parsed: ParsedInput) -> list[SmallVariant]:
    return [r for r in parsed.records if isinstance(r, SmallVariant)]


def at_line(parsed: ParsedInput, line: int) -> SmallVariant:
    (found,) = [v for v in variants(parsed) if v.source.line == line]
    return found


def skips(parsed: ParsedInput) -> dict[str, tuple[int, ...]]:
    return {s.reason: s.lines for s in parsed.skipped}


def write(path: Path, *lines: str, newline: str = "\n", final: bool = True) -> Path:
    path.write_bytes((newline.join(lines) + (newline if final else "")).encode())
    return path


# --- real samples ---------------------------------------------------------------------------


def test_vcf2maf_test_maf_keeps_maf_alleles_without_flanking_bases() -> None:
    parsed = maf.parse(shared_samples() / "variants/vcf2maf/test.maf")
    assert len(variants(parsed)) == 20 and parsed.skipped == ()
    assert (parsed.genome_hint, parsed.sample_hint) == ("GRCh37", "TUMOR")
    assert ("MAF version", "2.4") in parsed.details
    assert ("consequence from", "Variant_Classification") in parsed.details
    map3k1 = at_line(parsed, 14)
    assert (map3k1.chrom, map3k1.pos, map3k1.ref, map3k1.alt) == ("5", 56177849, "CAA", "-")
    assert (map3k1.vaf, map3k1.depth, map3k1.alt_reads) == (0.32, 50, 16)
    assert map3k1.annotation is not None
    assert map3k1.annotation.consequence == "inframe_deletion"
    # Splice_Site without HGVSc: the SO parent term, not a guess at donor or acceptor
    chd1l = at_line(parsed, 5)
    assert chd1l.annotation is not None and chd1l.annotation.gene == "CHD1L"
    assert chd1l.annotation.consequence == "splice_site_variant"
    intergenic = at_line(parsed, 4)  # Hugo_Symbol "Unknown"
    assert intergenic.annotation is not None and intergenic.annotation.gene is None


def test_vcf2maf_b38_output_indels_become_vcf_style() -> None:
    parsed = maf.parse(shared_samples() / "variants/vcf2maf/test_b38_output.maf")
    assert len(variants(parsed)) == 25 and parsed.skipped == ()
    assert parsed.genome_hint == "GRCh38"
    assert ("columns", "114") in parsed.details
    runx1 = at_line(parsed, 3)
    assert runx1.annotation is not None
    assert (runx1.annotation.gene, runx1.annotation.hgvsp) == ("RUNX1", "p.Leu429Arg")
    assert runx1.vaf == pytest.approx(21 / 54) and runx1.depth == 54  # t_ref_count is "."
    assert (runx1.annotation.transcript, runx1.annotation.exon) == ("ENST00000675419", "9/9")
    assert (runx1.annotation_source, runx1.transcript_choice) == ("MAF", "MAF row")
    # the source VCF (vcf2maf tests/test_b38.vcf) has 21 41479182 GT>G and 34880555 A>ACCTCTT
    tmprss2 = at_line(parsed, 17)
    assert (tmprss2.chrom, tmprss2.pos, tmprss2.ref, tmprss2.alt) == ("21", 41479182, "GT", "G")
    splice = at_line(parsed, 6)
    assert (splice.pos, splice.ref, splice.alt) == (34880555, "A", "ACCTCTT")
    assert splice.annotation is not None
    assert splice.annotation.consequence == "splice_donor_variant"
    assert splice.annotation.hgvsp == "p.X168_splice"  # HGVSp empty: HGVSp_Short used


def test_vcf2maf_vep_isoforms_indels_match_the_source_vcf() -> None:
    samples = shared_samples() / "variants/vcf2maf"
    parsed = maf.parse(samples / "test_output.vep_isoforms.maf")
    assert len(variants(parsed)) == 20
    source = set()
    for line in (samples / "test.vcf").read_text().splitlines():
        if not line.startswith("#"):
            chrom, pos, _, ref, alts = line.split("\t")[:5]
            source |= {(chrom, int(pos), ref, alt) for alt in alts.split(",")}
    indels = [v for v in variants(parsed) if len(v.ref) != len(v.alt)]
    assert len(indels) == 12
    rewritten = [v for v in indels if v.ref[0] == v.alt[0]]
    assert len(rewritten) == 9
    assert all((v.chrom, v.pos, v.ref, v.alt) in source for v in rewritten)
    pik3ca = at_line(parsed, 11)
    assert pik3ca.annotation is not None
    assert (pik3ca.annotation.gene, pik3ca.annotation.hgvsp) == ("PIK3CA", "p.Glu545Lys")
    assert pik3ca.annotation.exon == "10/21" and pik3ca.vaf == pytest.approx(22 / 43)
    map3k1 = at_line(parsed, 14)
    assert map3k1.filters == ("common_variant",)
    assert map3k1.annotation is not None
    assert map3k1.annotation.consequence == "inframe_deletion"
    multi = at_line(parsed, 7)
    assert multi.annotation is not None
    assert multi.annotation.consequence == (
        "splice_donor_variant&coding_sequence_variant&intron_variant"
    )


def test_cbioportal_mutation_table() -> None:
    parsed = maf.parse(shared_samples() / "variants/cbioportal-core/data_mutations_extended.txt")
    assert len(variants(parsed)) == 96
    assert skips(parsed) == {
        "Mutation_Status LOH: no somatic mutation": (18,),
        "Mutation_Status Wildtype: no somatic mutation": (23, 24),
    }
    assert parsed.sample_hint == "TCGA-AA-3664-01" and parsed.genome_hint is None
    assert ("MAF sequenced samples", "TCGA-AA-3664-01") in parsed.details
    ntrk3 = at_line(parsed, 69)  # "Start_position" with a lower-case p, "chr15"
    assert (ntrk3.chrom, ntrk3.pos, ntrk3.ref, ntrk3.alt) == ("15", 86479593, "", "")
    assert ntrk3.annotation is not None
    assert (ntrk3.annotation.gene, ntrk3.annotation.hgvsp) == ("NTRK3", "R316H")
    assert ntrk3.annotation.consequence == "missense_variant" and ntrk3.vaf is None
    germline = [v for v in variants(parsed) if "Mutation_Status=Germline" in v.filters]
    assert [v.source.line for v in germline] == [40, 41, 42]


@pytest.mark.parametrize(
    ("name", "rows", "protein_only", "build", "last"),
    [
        ("example_maf.txt", 17, 9, "GRCh37", ("EGFR", "T790M")),
        ("example_maf_grch38.txt", 14, 8, "GRCh38", ("MYD88", "M219T")),
    ],
)
def test_oncokb_examples(
    name: str, rows: int, protein_only: int, build: str, last: tuple[str, str]
) -> None:
    parsed = maf.parse(shared_samples() / "variants/oncokb-annotator" / name)
    assert len(variants(parsed)) == rows and parsed.skipped == ()
    assert parsed.genome_hint == build and parsed.sample_hint is None
    assert sum(v.pos == 0 for v in variants(parsed)) == protein_only
    warnings = " | ".join(parsed.warnings)
    assert "holds 4 samples" in warnings
    assert f"{protein_only} rows give a protein change but no genomic position" in warnings
    assert "line 8 FGFR2: HGVSp Gln121Lys vs HGVSp_Short p.Q212K" in warnings
    protein_only_row = variants(parsed)[-1]  # bare "T790M": no position, no "p."
    assert protein_only_row.annotation is not None
    assert (protein_only_row.chrom, protein_only_row.pos) == ("", 0)
    assert (protein_only_row.annotation.gene, protein_only_row.annotation.hgvsp) == last
    pik3ca = at_line(parsed, 4)
    assert pik3ca.annotation is not None and pik3ca.annotation.hgvsp == "Glu542Lys"
    assert pik3ca.tumor_sample == "TCGA-02-0033-01"


@pytest.mark.parametrize(
    "relative",
    [
        "variants/vcf2maf/minimalist_test_maf.first300.tsv",  # no Hugo_Symbol: unannotated
        "variants/vcf2maf/test.tsv",  # the same, maf2maf input
        "variants/oncokb-annotator/example_clinical.txt",
        "variants/oncokb-annotator/example_atypical_alterations.txt",  # HUGO_SYMBOL only
        "variants/oncokb-annotator/example_fusions.txt",
        "variants/cbioportal-core/data_structural_variants.txt",
        "cnv/oncokb-annotator/example_individual_cna.txt",  # Hugo + Tumor_Sample_Barcode
        "cnv/cbioportal-core/data_cna_discrete_long.txt",
    ],
)
def test_sniff_rejects_tables_that_are_not_mafs(relative: str) -> None:
    path = shared_samples() / relative
    if not path.exists():
        pytest.skip(f"{relative} not in this sample set")
    assert not maf.sniff(read_head(path))


# --- hand-written input ---------------------------------------------------------------------


def test_crlf_bom_no_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "imt.maf"
    path.write_bytes(
        b"\xef\xbb\xbf" + "\r\n".join(["#version 2.4", GDC_COLUMNS, ALK_G1202R]).encode()
    )
    assert maf.sniff(read_head(path))
    (alk,) = variants(maf.parse(path))
    assert (alk.chrom, alk.pos, alk.ref, alk.alt, alk.vaf) == ("2", 29220747, "C", "T", 0.25)
    assert alk.source.line == 3 and alk.tumor_sample == "IMT-7"


def test_malformed_position_points_at_the_cell(tmp_path: Path) -> None:
    bad = ALK_G1202R.replace("\t29220747\t29220747\t", "\t29220747x\t29220747\t")
    path = write(tmp_path / "bad.maf", "#version 2.4", GDC_COLUMNS, TP53_R175H, bad)
    with pytest.raises(InputFormatError) as err:
        maf.parse(path)
    e = err.value
    assert (e.line, e.column) == (4, "Start_Position")
    assert str(e).endswith(":4: column 'Start_Position': expected an integer, got '29220747x'")
    excerpt, caret = e.detail_lines()
    assert excerpt.strip() and caret.strip() == "^" * len("29220747x")
    assert excerpt[caret.index("^") :].startswith("29220747x")


def test_alt_count_above_depth_is_an_error(tmp_path: Path) -> None:
    bad = ALK_G1202R.replace("\t240\t180\t60", "\t40\t0\t60")
    path = write(tmp_path / "bad.maf", GDC_COLUMNS, bad)
    with pytest.raises(InputFormatError, match=r":2: column 't_alt_count': expected at most"):
        maf.parse(path)


def _drop_column(line: str, index: int) -> str:
    return "\t".join(c for i, c in enumerate(line.split("\t")) if i != index)


def _missing_barcode(tmp_path: Path) -> Path:
    index = GDC_COLUMNS.split("\t").index("Tumor_Sample_Barcode")
    return write(
        tmp_path / "no_barcode.maf",
        "#version 2.4",
        _drop_column(GDC_COLUMNS, index),
        _drop_column(ALK_G1202R, index),
    )


def test_missing_required_column_names_file_header_line_and_column(tmp_path: Path) -> None:
    path = _missing_barcode(tmp_path)
    with pytest.raises(InputFormatError) as err:
        maf.parse(path)
    assert err.value.line == 2  # the header, after '#version 2.4'
    assert str(err.value).startswith(
        f"{path}:2: missing required MAF column Tumor_Sample_Barcode; columns present: Hugo_Symbol"
    )


def test_missing_genomic_and_protein_columns_are_all_named(tmp_path: Path) -> None:
    path = write(
        tmp_path / "thin.maf",
        "Hugo_Symbol\tTumor_Sample_Barcode\tVariant_Classification\tChromosome",
        "ALK\tS1\tMissense_Mutation\t2",
    )
    with pytest.raises(InputFormatError, match=re.escape(
        ":1: missing required MAF columns Start_Position, Reference_Allele, Tumor_Seq_Allele2 "
        "(or HGVSp/HGVSp_Short for protein-level rows)"
    )):  # fmt: skip
        maf.parse(path)


def test_cli_missing_column_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    path = _missing_barcode(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "annotate", str(path), "--sample-id", "S1",
         "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith(f"imt-annotator: error: {path}:2: missing required MAF column")
    assert "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_rows_of_other_genes_are_read_light(tmp_path: Path) -> None:
    path = write(tmp_path / "two.maf", GDC_COLUMNS, TP53_R175H, ALK_G1202R)
    parsed = maf.parse(path, genes=frozenset({"ALK"}))
    passenger, alk = parsed.records
    assert isinstance(passenger, PassengerVariant) and isinstance(alk, SmallVariant)
    assert (passenger.line, passenger.gene, passenger.pos) == (2, "TP53", 7675088)


def test_protein_level_rows_and_skips(tmp_path: Path) -> None:
    header = (
        "Hugo_Symbol\tTumor_Sample_Barcode\tVariant_Classification\tHGVSp_Short\tMutation_Status"
    )
    path = write(
        tmp_path / "oncokb.txt",
        header,
        "ALK\tS1\tMissense_Mutation\tG1202R\tSomatic",
        "ALK\tS1\tFusion\t\tSomatic",
        "ROS1\tS1\tMissense_Mutation\t\tSomatic",
        "NTRK1\tS1\tMissense_Mutation\tG595R\tWildtype",
    )
    parsed = maf.parse(path)
    (alk,) = variants(parsed)
    assert alk.annotation is not None and alk.annotation.hgvsp == "G1202R"
    assert skips(parsed) == {
        "Variant_Classification Fusion: a fusion row in a mutation table (fusions are read "
        "from fusion-caller files)": (3,),
        "neither a genomic position nor a protein change": (4,),
        "Mutation_Status Wildtype: no somatic mutation": (5,),
    }


# --- the same variant from a MAF and from a VEP VCF -----------------------------------------

VEP_VCF = [
    "##fileformat=VCFv4.2",
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
    '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP.'
    " Format: Allele|Consequence|IMPACT|SYMBOL|Feature|HGVSc|HGVSp|EXON|PICK|CANONICAL|"
    'MANE_SELECT">',
    "##contig=<ID=chr2,length=242193529>",
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tIMT-7",
    "chr2\t29220747\t.\tC\tT\t.\tPASS\tCSQ=T|missense_variant|MODERATE|ALK|ENST00000389048.8|"
    "ENST00000389048.8:c.3604G>A|ENSP00000373700.3:p.Gly1202Arg|23/29|1|YES|NM_004304.5"
    "\tGT:AD:DP\t0/1:180,60:240",
]


def _mutations(result: Any) -> list[tuple[str, str | None, int | None]]:
    return [
        (f.alteration.label, f.alteration.protein_change, f.alteration.protein_position)
        for f in result.findings
        if f.alteration.kind == "mutation"
    ]


def test_alk_g1202r_from_maf_and_from_vep_vcf_is_one_alteration(tmp_path: Path, kb: Any) -> None:
    maf_path = write(tmp_path / "imt.maf", "#version 2.4", GDC_COLUMNS, ALK_G1202R)
    vcf_path = write(tmp_path / "imt.vep.vcf", *VEP_VCF)
    settings = Settings(genome="GRCh38")
    from_maf = annotate([maf_path], Sample("IMT-7"), kb, settings)
    from_vcf = annotate([vcf_path], Sample("IMT-7"), kb, settings)
    assert _mutations(from_maf) == _mutations(from_vcf) == [("ALK p.G1202R", "G1202R", 1202)]
    (maf_finding,) = from_maf.findings
    (vcf_finding,) = from_vcf.findings
    assert maf_finding.matched_biomarker == vcf_finding.matched_biomarker
    assert maf_finding.alteration.details["vaf"] == vcf_finding.alteration.details["vaf"] == 0.25
    assert maf_finding.alteration.details["annotation_source"] == "MAF"
