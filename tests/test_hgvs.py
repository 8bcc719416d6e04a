"""HGVS protein changes in every form the annotators and tables write, to one short form."""

from __future__ import annotations

import pytest

from annotator.normalize.variants import is_protein_altering, protein_change

# (as written, short form, position, kind)
FORMS = [
    ("p.Gly1202Arg", "G1202R", 1202, "missense"),
    ("ENSP00000389048.3:p.Gly1202Arg", "G1202R", 1202, "missense"),
    ("NP_004295.2:p.(Gly1202Arg)", "G1202R", 1202, "missense"),
    ("p.G1202R", "G1202R", 1202, "missense"),
    ("G1202R", "G1202R", 1202, "missense"),
    ("p.(G1202R)", "G1202R", 1202, "missense"),
    ("Gly1202Arg", "G1202R", 1202, "missense"),  # OncoKB HGVSp column: no "p."
    ("T790M", "T790M", 790, "missense"),
    ("p.Gly1202=", "G1202=", 1202, "synonymous"),
    ("ENSP00000269305.4:p.Gly299%3D", "G299=", 299, "synonymous"),  # VEP VCF escapes '='
    ("p.S406=", "S406=", 406, "synonymous"),
    ("S150S", "S150=", 150, "synonymous"),  # cBioPortal writes silent changes like this
    ("p.Ter110=", "*110=", 110, "synonymous"),
    ("c.861A>G(p.=)", "=", None, "synonymous"),  # very old VEP
    ("p.Trp54Ter", "W54*", 54, "nonsense"),
    ("p.W54*", "W54*", 54, "nonsense"),
    ("Glu182*", "E182*", 182, "nonsense"),
    ("p.Ter110GlnextTer17", "*110Qext*17", 110, "stop lost"),
    ("p.*110Qext*?", "*110Qext*?", 110, "stop lost"),
    ("p.Met1ext-5", "M1ext-5", 1, "extension"),
    ("p.Arg1192ProfsTer5", "R1192Pfs*5", 1192, "frameshift"),
    ("p.K224Nfs*19", "K224Nfs*19", 224, "frameshift"),
    ("p.R1192PfsX5", "R1192Pfs*5", 1192, "frameshift"),  # pre-2016 stop notation
    ("p.Arg1192fs", "R1192fs", 1192, "frameshift"),
    ("p.Thr949del", "T949del", 949, "deletion"),
    ("p.Glu746_Ala750del", "E746_A750del", 746, "deletion"),
    ("p.Glu604_Phe605insSerPro", "E604_F605insSP", 604, "insertion"),
    ("T1151_L1152insT", "T1151_L1152insT", 1151, "insertion"),
    ("p.Glu469delinsAspLys", "E469delinsDK", 469, "deletion-insertion"),
    ("p.E469delinsDK", "E469delinsDK", 469, "deletion-insertion"),
    ("p.Leu747_Pro753delinsSer", "L747_P753delinsS", 747, "deletion-insertion"),
    ("p.Ala767_Val769dup", "A767_V769dup", 767, "duplication"),
    ("p.Val769dup", "V769dup", 769, "duplication"),
    ("p.?", "?", None, "unknown"),
    ("p.(?)", "?", None, "unknown"),
    ("p.0", "0", None, "no protein"),
    ("p.Met1?", "M1?", 1, "start lost"),
    ("p.M1?", "M1?", 1, "start lost"),
    ("p.X168_splice", "X168_splice", 168, "splice site"),  # vcf2maf HGVSp_Short
]


@pytest.mark.parametrize(("written", "short", "position", "kind"), FORMS)
def test_every_form_normalises(written: str, short: str, position: int | None, kind: str) -> None:
    change = protein_change(written)
    assert change is not None
    assert (change.short, change.position, change.kind) == (short, position, kind)
    assert change.hgvs == written  # the original is kept for the report


def test_parts_of_a_missense_change() -> None:
    change = protein_change("NP_004295.2:p.(Gly1202Arg)")
    assert change is not None
    assert (change.ref, change.position, change.alt) == ("G", 1202, "R")


def test_ranges_keep_the_first_residue_and_the_rest() -> None:
    change = protein_change("p.Glu746_Ala750del")
    assert change is not None
    assert (change.ref, change.position, change.alt) == ("E", 746, "_A750del")


@pytest.mark.parametrize(
    "text",
    [None, "", "   ", ".", "p.(Gly1202", "garbage", "p.[Gly12Cys;Gly13Asp]", "c.3604G>A",
     "p.g1202r", "1202R"],
)  # fmt: skip
def test_what_is_not_a_protein_change_is_not_guessed(text: str | None) -> None:
    assert protein_change(text) is None


def test_splice_site_parent_term_counts_as_protein_altering() -> None:
    assert is_protein_altering("splice_site_variant")
    assert is_protein_altering("splice_donor_variant&intron_variant")
    assert not is_protein_altering("splice_region_variant&intron_variant")
    assert not is_protein_altering(None)
