"""The structural-variant VCF parser against real Manta, GRIDSS and FusionCatcher VCFs, plus small
hand-written VCFs for what no sample shows (Arriba VCF, PARID/EVENT pairing, broken records)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from annotator.errors import InputFormatError
from annotator.models import Breakpoint, FusionCall, ParsedInput
from annotator.parsers import detect, sv_vcf
from annotator.parsers.fusion_common import breakpoint
from annotator.parsers.textio import read_head, read_table
from annotator.parsers.vcf_kind import vcf_kind
from tests.conftest import shared_samples

COLUMNS = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"
SOMATIC = COLUMNS + "\tFORMAT\tNORMAL\tTUMOR"


def calls(parsed: ParsedInput) -> list[FusionCall]:
    found = [r for r in parsed.records if isinstance(r, FusionCall)]
    assert len(found) == len(parsed.records)
    return found


def at_line(parsed: ParsedInput, line: int) -> FusionCall:
    (call,) = [c for c in calls(parsed) if c.source.line == line]
    return call


def skips(parsed: ParsedInput) -> dict[str, tuple[int, ...]]:
    return {s.reason: s.lines for s in parsed.skipped}


def write(path: Path, rows: list[str], meta: tuple[str, ...] = (), columns: str = SOMATIC) -> Path:
    text = "\n".join(["##fileformat=VCFv4.2", *meta, columns, *rows]) + "\n"
    path.write_text(text)
    return path


# --- real samples -----------------------------------------------------------------------------


def test_manta_1_0_somatic_mavis() -> None:
    parsed = sv_vcf.parse(shared_samples() / "fusions/manta/mavis_tests.manta_events.vcf")
    found = calls(parsed)
    assert len(found) == 12  # 9 symbolic (4 DEL, 2 DUP:TANDEM, 3 INV) + 3 breakend pairs
    assert parsed.skipped == ()
    assert parsed.genome_hint == "GRCh37"  # ##contig 1 length 249250621 and GRCh37-lite
    assert parsed.sample_hint == "COLO829"  # the last of two columns (normal COLO829BL first)
    assert ("caller", "Manta 1.0.0") in parsed.details
    assert [c.fusion_type for c in found].count("inversion") == 4
    t = at_line(parsed, 126)  # 10:7059511 ]19:17396810]T with its mate on line 127
    assert (t.bp5, t.bp3) == (Breakpoint("10", 7059511), Breakpoint("19", 17396810))
    assert (t.gene5_field, t.gene3_field) == ("", "")  # genes from the gene models later
    assert t.support == (19, 20, 39)  # COLO829 PR 71,20 and SR 59,19
    assert t.fusion_type == "translocation" and t.filters == ("PASS",)
    raw = t.source.raw_dict()
    assert raw["MATE_LINE"] == "127" and raw["MATE_ALT"] == "T[10:7059511["
    assert raw["ALT"] == "]19:17396810]T" and raw["COLO829"] == "71,20:59,19"
    assert "the sequence from 10:7059511 joins the sequence up to 19:17396810" in t.caller_notes[0]
    assert "somatic score 95" in t.caller_notes
    inv = at_line(parsed, 130)
    assert (inv.bp5, inv.bp3) == (Breakpoint("3", 24565105), Breakpoint("3", 24566181))
    assert inv.fusion_type == "inversion" and inv.support == (86, 97, 183)
    assert any(n.startswith("Manta INV5") for n in inv.caller_notes)
    # the two hand-edited records at the end: INFO swallowed FORMAT, sample columns are '.'
    last = at_line(parsed, 136)
    assert last.support == (None, None, None)
    assert parsed.warnings == (
        "calls without read support: no per-sample read counts (FORMAT or the tumour column "
        "is '.') (lines 136)",
    )


def test_manta_1_5_purple_snpeff_umccrise() -> None:
    parsed = sv_vcf.parse(shared_samples() / "fusions/manta/umccrise_gpgr.manta.bnd_subset.vcf")
    found = calls(parsed)
    assert len(found) == 34  # 32 breakend pairs + <DEL> + <DUP:TANDEM>
    assert skips(parsed) == {
        sv_vcf.INDEL: (85, 88, 89, 90, 91, 98, 99, 100, 103, 104),
        sv_vcf.SINGLE: (86, 97, 106, 113),  # PURPLE-inferred .N / N.
    }
    assert parsed.warnings == (
        "4 × single breakend (no partner position) ignored (lines 86, 97, 106, 113)",
    )
    assert parsed.genome_hint == "GRCh38"  # ##reference .../hg38/seq/hg38.fa
    assert parsed.sample_hint == "CCR170115b_MH17T002P033"
    assert ("annotation", "SnpEff 4.3t") in parsed.details
    # SnpEff names A&B in hash order: not tied to a breakend, so genes stay empty
    ras = at_line(parsed, 130)
    assert (ras.gene5_field, ras.gene3_field) == ("", "")
    assert ras.name_field == "RASGRF1&TMEM229A"
    assert (ras.bp5, ras.bp3) == (Breakpoint("7", 124032077), Breakpoint("15", 78995709))
    # one gene for both breakends: both fields
    rit2 = at_line(parsed, 159)
    assert (rit2.gene5_field, rit2.gene3_field) == ("RIT2", "RIT2")
    axin = at_line(parsed, 156)  # FORMAT PR only: no split-read count
    assert axin.support == (None, 4, 4) and axin.name_field == "AXIN1&TBC1D22A"
    assert "imprecise breakpoints (CIPOS -365,365)" in axin.caller_notes
    usp = at_line(parsed, 105)
    assert usp.name_field == "USH2A&RP11-637O19.3, USH2A&TMEM14B"
    event = [c for c in found if any("EVENT MantaBND:0:95994:95995" in n for n in c.caller_notes)]
    assert [c.source.line for c in event] == [107, 108]
    assert at_line(parsed, 87).fusion_type == "deletion"
    assert at_line(parsed, 93).fusion_type == "tandem duplication"
    assert at_line(parsed, 93).support == (11, 0, 11)
    # assembled contigs are shortened in raw; everything else is kept as written
    info = at_line(parsed, 101).source.raw_dict()["INFO"]
    assert (
        "CONTIG=TATGAGAAACATTTCAATAA…(" in info and "MATEID=MantaBND:0:44667:44670:0:0:0:0;" in info
    )


def test_gridss_somatic_colo829() -> None:
    path = shared_samples() / "fusions/gridss/gridss_repo_test.colo829_1.gridss.somatic.subset.vcf"
    parsed = sv_vcf.parse(path)
    found = calls(parsed)
    assert len(found) == 22
    assert skips(parsed) == {sv_vcf.SINGLE: (147, 168, 169, 170, 171, 175, 176)}
    assert parsed.genome_hint is None  # ##contig and ##reference lines were trimmed
    assert parsed.sample_hint == "COLO829v001T_dedup.realigned.bam"
    assert ("caller", "GRIDSS 2.8.3-gridss") in parsed.details
    t = at_line(parsed, 130)  # gridss8ff_1153o / gridss8ff_1153h on line 172
    assert (t.bp5, t.bp3) == (Breakpoint("1", 87337011), Breakpoint("10", 36119127))
    assert t.support == (20, 5, 51)  # tumour FORMAT SR, RP, VF
    assert t.source.raw_dict()["MATE_LINE"] == "172"
    assert "QUAL 2766.28" in t.caller_notes
    assert [c.source.line for c in found if c.filters == ("PON",)] == [143, 150, 155, 161, 163]
    dup = at_line(parsed, 135)  # same tandem duplication as Manta's 1:224646602-224800120
    assert dup.fusion_type == "duplication"
    assert (dup.bp5, dup.bp3) == (Breakpoint("1", 224646603), Breakpoint("1", 224800120))


FC = "fusions/fusioncatcher/fusioncatcher_repo_test.final-list_candidate-fusion-genes"


def _fusioncatcher_text_rows() -> list[tuple[str, str, Breakpoint, Breakpoint]]:
    table = read_table(shared_samples() / f"{FC}.txt")
    rows = []
    for row in table.rows:
        bp5 = breakpoint(row, "Fusion_point_for_gene_1(5end_fusion_partner)")
        bp3 = breakpoint(row, "Fusion_point_for_gene_2(3end_fusion_partner)")
        assert bp5 is not None and bp3 is not None
        gene5 = row.text("Gene_1_symbol(5end_fusion_partner)")
        rows.append((gene5, row.text("Gene_2_symbol(3end_fusion_partner)"), bp5, bp3))
    return rows


def _near(a: Breakpoint | None, b: Breakpoint) -> bool:
    return a is not None and (a.chrom, a.strand) == (b.chrom, b.strand) and abs(a.pos - b.pos) <= 10


def test_fusioncatcher_vcf_matches_its_text_output() -> None:
    parsed = sv_vcf.parse(shared_samples() / f"{FC}.vcf")
    found = calls(parsed)
    assert len(found) == 22 and parsed.skipped == () and parsed.warnings == ()
    assert parsed.genome_hint == "GRCh38"
    assert ("caller", "FusionCatcher 1.20") in parsed.details
    rows = _fusioncatcher_text_rows()
    assert {(c.gene5_field, c.gene3_field) for c in found} == {(r[0], r[1]) for r in rows}

    def matches(call: FusionCall) -> list[tuple[str, str, Breakpoint, Breakpoint]]:
        genes = (call.gene5_field, call.gene3_field)
        return [
            r for r in rows if r[:2] == genes and _near(call.bp5, r[2]) and _near(call.bp3, r[3])
        ]

    # every junction of the text output is in the VCF; the VCF run found two more IGH@ junctions
    assert all(any(r in matches(c) for c in found) for r in rows)
    assert [c.source.line for c in found if not matches(c)] == [36, 40]
    by_name = {c.name_field: c for c in found}
    expected = {
        "EML4--ALK": ("2:42301391:+", "2:29223587:-", 4, 5),
        "NPM1--ALK": ("5:171391799:+", "2:29223528:-", 3, 3),
        "CD74--ROS1": ("5:150404680:-", "6:117324415:-", 7, 6),
        "ETV6--NTRK3": ("12:11869969:+", "15:87940753:-", 9, 7),
        "HOOK3--RET": ("8:42968214:+", "10:43116584:+", 10, 13),
    }
    for name, (bp5, bp3, split, spanning) in expected.items():
        call = by_name[name]
        assert (str(call.bp5), str(call.bp3)) == (bp5, bp3)
        assert (call.split_reads, call.discordant_reads) == (split, spanning)
        assert call.caller == "FusionCatcher" and call.fusion_type is not None
    gopc = [c for c in found if c.name_field == "GOPC--ROS1"]
    assert [str(c.bp3) for c in gopc] == ["6:117321394:-", "6:117320030:-"]
    assert [c.frame for c in gopc] == ["in-frame", "out-of-frame"]
    assert by_name["EML4--ALK"].frame == "CDS(truncated)/UTR"
    assert by_name["EML4--ALK"].caller_notes[0].startswith("FusionCatcher description: known,")


def test_vcf_kinds_of_the_samples_stay_apart() -> None:
    samples = shared_samples()
    variants = [*samples.glob("variants/**/*.vcf"), *samples.glob("variants/**/*.vcf.gz")]
    assert variants and {vcf_kind(read_head(p)) for p in variants} == {"small"}
    cnv = list(samples.glob("cnv/nf-core-test-datasets/*.vcf"))
    assert cnv and {vcf_kind(read_head(p)) for p in cnv} == {"cnv"}
    sv = [*samples.glob("fusions/*/*.vcf")]
    assert len(sv) == 4 and {vcf_kind(read_head(p)) for p in sv} == {"sv"}


# --- hand-written files -----------------------------------------------------------------------

PAIR = [
    "2\t42301394\tbnd_A\tN\tN]2:29223584]\t60\tPASS\tSVTYPE=BND;MATEID=bnd_B\tPR:SR\t30,0:30,0\t20,7:25,9",
    "2\t29223584\tbnd_B\tN\tN]2:42301394]\t60\tPASS\tSVTYPE=BND;MATEID=bnd_A\tPR:SR\t30,0:30,0\t20,7:25,9",
]


def test_mate_missing_is_skipped_with_reason(tmp_path: Path) -> None:
    lonely = (
        "5\t171391799\tbnd_C\tN\tN[2:29223528[\t.\tPASS\tSVTYPE=BND;MATEID=bnd_D\tPR:SR\t.\t.,3:.,4"
    )
    parsed = sv_vcf.parse(write(tmp_path / "sv.vcf", [PAIR[0], lonely, PAIR[1]]))
    (call,) = calls(parsed)
    assert call.source.line == 3 and call.support == (9, 7, 16)
    assert call.fusion_type == "inversion"  # t]p] on both breakends
    assert skips(parsed) == {sv_vcf.MATE_MISSING: (4,)}
    assert parsed.skipped[0].examples == ("5:171391799 N[2:29223528[",)
    assert parsed.warnings == (
        "1 × breakend whose mate record (MATEID) is not in the file ignored (lines 4)",
    )


def test_malformed_breakend_points_at_the_position(tmp_path: Path) -> None:
    bad = "2\t42301394\tbnd_A\tN\tN[2:abc[\t.\tPASS\tSVTYPE=BND;MATEID=bnd_B\tPR:SR\t.\t."
    path = write(tmp_path / "sv.vcf", [PAIR[1], bad])
    with pytest.raises(InputFormatError) as err:
        sv_vcf.parse(path)
    e = err.value
    assert (e.line, e.column) == (4, "ALT")
    assert str(e) == (
        f"{path}:4: column 'ALT': expected a breakend like 'N[2:29223528[' or ']2:29223528]N': "
        "the partner position must be an integer, got 'abc'"
    )
    excerpt, caret = e.detail_lines()
    start = caret.index("^")
    assert excerpt[start : start + len(caret.strip())] == "abc"


@pytest.mark.parametrize(
    ("alt", "problem", "marked"),
    [
        ("N[2:123]", "got 'N[2:123]'", "[2:123]"),
        ("N[2:123[N", "got 'N[2:123[N'", "[2:123[N"),
        ("N[29223528[", "no 'chrom:pos' inside the brackets", "29223528"),
        ("1N[2:5[", "bases '1N' are not a sequence", "1N"),
    ],
)
def test_malformed_breakend_variants(tmp_path: Path, alt: str, problem: str, marked: str) -> None:
    row = f"2\t100\tx\tN\t{alt}\t.\tPASS\tSVTYPE=BND\tPR:SR\t.\t."
    with pytest.raises(InputFormatError) as err:
        sv_vcf.parse(write(tmp_path / "sv.vcf", [row]))
    assert err.value.column == "ALT" and problem in err.value.problem
    excerpt, caret = err.value.detail_lines()
    start = caret.index("^")
    assert excerpt[start : start + len(caret.strip())] == marked


def test_bad_pos_short_line_and_bad_end(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError) as err:
        sv_vcf.parse(write(tmp_path / "a.vcf", [PAIR[0].replace("42301394", "42,301,394", 1)]))
    assert (err.value.line, err.value.column) == (3, "POS")
    assert "expected a 1-based integer position, got '42,301,394'" in str(err.value)
    with pytest.raises(InputFormatError) as err:
        sv_vcf.parse(write(tmp_path / "b.vcf", ["2\t100\tx\tN\tN[2:5["]))
    assert err.value.line == 3 and "expected at least 8 tab-separated VCF columns, got 5" in str(
        err.value
    )
    dele = "7\t100\tdel1\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=2OO\tPR:SR\t.\t1,2:3,4"
    with pytest.raises(InputFormatError) as err:
        sv_vcf.parse(write(tmp_path / "c.vcf", [dele]))
    assert (err.value.line, err.value.column) == (3, "INFO")
    excerpt, caret = err.value.detail_lines()
    start = caret.index("^")
    assert excerpt[start : start + len(caret.strip())] == "2OO"
    counts = "7\t100\tdel1\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=200\tPR:SR\t.\t1,2:3,x"
    with pytest.raises(InputFormatError) as err:
        sv_vcf.parse(write(tmp_path / "d.vcf", [counts]))
    assert (err.value.line, err.value.column) == (3, "TUMOR")
    assert "expected a count or 'ref,alt' counts, got 'x'" in str(err.value)
    with pytest.raises(InputFormatError, match="record before the '#CHROM' header line"):
        sv_vcf.parse(write(tmp_path / "e.vcf", [PAIR[0], SOMATIC], columns="##x=y"))


def test_crlf_bom_no_final_newline_and_gzip_read_alike(tmp_path: Path) -> None:
    plain = sv_vcf.parse(write(tmp_path / "plain.vcf", PAIR))
    text = "\r\n".join(["##fileformat=VCFv4.2", SOMATIC, *PAIR])
    crlf = tmp_path / "crlf.vcf"
    crlf.write_bytes("\ufeff".encode() + text.encode())
    gz = tmp_path / "sv.vcf.bin"  # gzip found from content, not the name
    gz.write_bytes(gzip.compress((text + "\r\n").encode()))
    for path in (crlf, gz):
        assert detect(path).parser.name == "sv_vcf"
        other = sv_vcf.parse(path)
        assert (
            [c.support for c in calls(other)] == [c.support for c in calls(plain)] == [(9, 7, 16)]
        )
        assert [(c.bp5, c.bp3) for c in calls(other)] == [
            (Breakpoint("2", 42301394), Breakpoint("2", 29223584))
        ]
        assert calls(other)[0].source.raw_dict()["TUMOR"] == "20,7:25,9"


def test_symbolic_and_skipped_records(tmp_path: Path) -> None:
    rows = [
        "chr7\t100\ta\tN\t<DUP:TANDEM>\t.\tPASS\tSVTYPE=DUP;END=900\tPR:SR\t.\t1,2:3,4",
        "chr7\t200\tb\tN\t<INS>\t.\tPASS\tSVTYPE=INS;END=201\tPR:SR\t.\t1,2:3,4",
        "chr7\t300\tc\tACGTACGT\tA\t.\tPASS\tSVTYPE=DEL;END=307\tPR:SR\t.\t1,2:3,4",
        "chr7\t400\td\tN\t<CNV>\t.\tPASS\tSVTYPE=CNV;END=900\tPR:SR\t.\t1,2:3,4",
        "chr7\t500\te\tN\t<INV>\t.\tMinSomaticScore\tSVTYPE=INV\tPR:SR\t.\t1,2:3,4",
        "chrM\t600\tf\tG\t.G\t.\tPASS\tSVTYPE=BND\tPR:SR\t.\t1,2:3,4",
        "chr7\t700\tg\tN\t<INV>\t.\tMinSomaticScore;MaxDepth\tSVTYPE=INV;END=800;INV3\tPR:SR\t.\t.",
    ]
    parsed = sv_vcf.parse(write(tmp_path / "sv.vcf", rows))
    dup, inv = calls(parsed)
    assert (dup.bp5, dup.bp3, dup.fusion_type) == (
        Breakpoint("7", 100),
        Breakpoint("7", 900),
        "tandem duplication",
    )
    assert dup.support == (4, 2, 6)
    assert inv.filters == ("MinSomaticScore", "MaxDepth")  # non-PASS filters kept
    assert "Manta INV3: inversion breakends open 3' of the reported positions" in inv.caller_notes
    assert skips(parsed) == {
        sv_vcf.INSERTION: (4,),
        sv_vcf.INDEL: (5,),
        sv_vcf.OTHER_SYMBOLIC: (6,),
        sv_vcf.NO_END: (7,),
        sv_vcf.SINGLE: (8,),
    }


ARRIBA_META = (
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">',
    '##INFO=<ID=MATEID,Number=.,Type=String,Description="ID of mate breakends">',
    '##INFO=<ID=GENE_NAME,Number=.,Type=String,Description="Name of gene hit by breakpoint">',
    '##INFO=<ID=GENE_ID,Number=.,Type=String,Description="ID of gene hit by breakpoint">',
    "##contig=<ID=chr1,length=248956422>",
)


def test_arriba_vcf_genes_follow_the_a_b_ids(tmp_path: Path) -> None:
    rows = [
        # the 3' record (b) first: file order must not decide which gene is 5'
        "chr2\t29223584\t1b\tT\t]chr2:42301394]T\t5\tPASS\tSVTYPE=BND;MATEID=1a;GENE_NAME=ALK;"
        "GENE_ID=ENSG00000171094",
        "chr2\t42301394\t1a\tG\tG[chr2:29223584[\t5\tPASS\tSVTYPE=BND;MATEID=1b;GENE_NAME=EML4;"
        "GENE_ID=ENSG00000143924",
    ]
    path = write(tmp_path / "fusions.vcf", rows, ARRIBA_META, COLUMNS)
    assert detect(path).parser.name == "sv_vcf"
    parsed = sv_vcf.parse(path)
    (call,) = calls(parsed)
    assert call.caller == "Arriba" and call.confidence == "high"
    assert (call.gene5_field, call.gene3_field) == ("EML4", "ALK")
    assert (call.bp5, call.bp3) == (Breakpoint("2", 42301394), Breakpoint("2", 29223584))
    assert call.source.line == len(ARRIBA_META) + 3
    assert call.support == (None, None, None)
    assert parsed.genome_hint == "GRCh38" and parsed.sample_hint is None


def test_parid_event_and_alt_only_pairing(tmp_path: Path) -> None:
    rows = [
        "1\t100\tgridss1o\tA\tA[3:500[\t90\tLOW_QUAL\tSVTYPE=BND;PARID=gridss1h;SR=2;RP=3;VF=6",
        "1\t200\tev1\tA\t]4:600]A\t.\tPASS\tSVTYPE=BND;EVENT=E1",
        "1\t300\tsolo\tA\tA]5:700]\t.\tPASS\tSVTYPE=BND",
        "3\t500\tgridss1h\tA\t]1:100]A\t90\tLOW_QUAL\tSVTYPE=BND;PARID=gridss1o;SR=2;RP=3;VF=6",
        "4\t600\tev2\tA\tA[1:200[\t.\tPASS\tSVTYPE=BND;EVENT=E1",
    ]
    meta = ("##source=GRIDSS 1.4",)
    parsed = sv_vcf.parse(write(tmp_path / "sv.vcf", rows, meta, COLUMNS))
    par, ev, solo = calls(parsed)
    assert par.caller == "GRIDSS" and par.support == (2, 3, 6) and par.filters == ("LOW_QUAL",)
    assert par.source.raw_dict()["MATE_LINE"] == "7"
    assert (ev.bp5, ev.bp3) == (Breakpoint("1", 200), Breakpoint("4", 600))
    assert ev.source.raw_dict()["MATE_ID"] == "ev2"
    assert (solo.bp5, solo.bp3) == (Breakpoint("1", 300), Breakpoint("5", 700))
    assert "no mate record; the partner position is read from the ALT" in solo.caller_notes
    assert parsed.skipped == ()


def test_tumour_column_rules(tmp_path: Path) -> None:
    row = "2\t100\tx\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=900\tPR:SR\t1,1:1,1\t1,2:1,3\t1,4:1,5"
    three = COLUMNS + "\tFORMAT\tA\tB\tC"
    named = sv_vcf.parse(write(tmp_path / "a.vcf", [row], ("##tumor_sample=B",), three))
    assert named.sample_hint == "B" and calls(named)[0].support == (3, 2, 5)
    unnamed = sv_vcf.parse(write(tmp_path / "b.vcf", [row], (), three))
    assert unnamed.sample_hint is None and calls(unnamed)[0].support == (None, None, None)
    assert unnamed.warnings == (
        "3 sample columns and none named as the tumour; read support not taken from FORMAT",
    )
    tumour_first = COLUMNS + "\tFORMAT\tTumour_1\tGermline\tC"
    by_name = sv_vcf.parse(write(tmp_path / "c.vcf", [row], (), tumour_first))
    assert by_name.sample_hint == "Tumour_1" and calls(by_name)[0].support == (1, 1, 2)


def test_genome_hint_sources_must_agree(tmp_path: Path) -> None:
    meta = ("##reference=file:///ref/hg19.fa", "##contig=<ID=1,length=248956422>")
    parsed = sv_vcf.parse(write(tmp_path / "sv.vcf", PAIR, meta))
    assert parsed.genome_hint is None
    assert parsed.warnings == (
        "the header disagrees on the genome build (##reference says GRCh37; ##contig 1 length "
        "says GRCh38); no build assumed",
    )
    asm = ("##contig=<ID=chr1,length=1000,assembly=b37>",)
    assert sv_vcf.parse(write(tmp_path / "b.vcf", PAIR, asm)).genome_hint == "GRCh37"


def test_header_only_sv_vcfs_are_not_small_variant_vcfs(tmp_path: Path) -> None:
    gridss = write(tmp_path / "gridss.vcf", [], ("##gridssVersion=2.8.3-gridss",), COLUMNS)
    arriba = write(tmp_path / "arriba.vcf", [], ARRIBA_META, COLUMNS)
    for path in (gridss, arriba):
        assert detect(path).parser.name == "sv_vcf"
        assert sv_vcf.parse(path).records == ()
    assert sv_vcf.parse(gridss).details[0] == ("caller", "GRIDSS 2.8.3-gridss")
