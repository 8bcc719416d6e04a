"""Legacy SnpEff ``EFF`` annotations (SnpEff up to 4.0, and 4.x with ``-formatEff``).

One entry per effect: ``EFFECT(Impact|Class|Codon|AA_change|AA_length|Gene|BioType|Coding|
Transcript|Exon|Genotype)``, e.g.
``NON_SYNONYMOUS_CODING(MODERATE|MISSENSE|tTt/tGt|F113C|305|OR4F5|protein_coding|CODING|
ENST00000335137|)`` (SnpEff 3.1 in ``cyvcf2/test.snpeff.vcf``). The field list is read from the
header Description (``Format: 'Effect ( Effect_Impact | ... [ | ERRORS | WARNINGS ] )'``);
SnpEff 3.0 lacks ``Amino_Acid_length``, 3.2+ adds ``Genotype_Number`` (the ALT the effect is
for; ``2-1`` style numbers of ``-cancer`` runs compare two alleles and are not read). Effect
names are mapped to the Sequence Ontology terms SnpEff itself writes in ``ANN`` (SnpEff
``EffectType.toSequenceOntology``), so EFF and ANN variants are judged alike downstream.
``AA_change`` is ``F113C`` (read as ``p.F113C``) or, with ``-hgvs``, ``p.Phe113Cys/c.338T>G``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.models import TranscriptConsequence

EFF_FIELDS = (
    "Effect",
    "Effect_Impact",
    "Functional_Class",
    "Codon_Change",
    "Amino_Acid_Change",
    "Amino_Acid_Length",
    "Gene_Name",
    "Transcript_BioType",
    "Gene_Coding",
    "Transcript_ID",
    "Exon_Rank",
    "Genotype_Number",
)
SO_TERMS = {
    "CDS": "coding_sequence_variant",
    "CHROMOSOME_LARGE_DELETION": "chromosome_number_variation",
    "CODON_CHANGE": "coding_sequence_variant",
    "CODON_CHANGE_PLUS_CODON_DELETION": "disruptive_inframe_deletion",
    "CODON_CHANGE_PLUS_CODON_INSERTION": "disruptive_inframe_insertion",
    "CODON_DELETION": "inframe_deletion",
    "CODON_INSERTION": "inframe_insertion",
    "DOWNSTREAM": "downstream_gene_variant",
    "EXON": "non_coding_transcript_exon_variant",
    "EXON_DELETED": "exon_loss_variant",
    "FRAME_SHIFT": "frameshift_variant",
    "GENE": "gene_variant",
    "INTERGENIC": "intergenic_region",
    "INTERGENIC_CONSERVED": "conserved_intergenic_variant",
    "INTRAGENIC": "intragenic_variant",
    "INTRON": "intron_variant",
    "INTRON_CONSERVED": "conserved_intron_variant",
    "MICRO_RNA": "miRNA",
    "MOTIF": "TF_binding_site_variant",
    "NON_SYNONYMOUS_CODING": "missense_variant",
    "NON_SYNONYMOUS_START": "initiator_codon_variant",
    "NON_SYNONYMOUS_STOP": "stop_retained_variant",
    "RARE_AMINO_ACID": "rare_amino_acid_variant",
    "REGULATION": "regulatory_region_variant",
    "SPLICE_SITE_ACCEPTOR": "splice_acceptor_variant",
    "SPLICE_SITE_BRANCH": "splice_branch_variant",
    "SPLICE_SITE_DONOR": "splice_donor_variant",
    "SPLICE_SITE_REGION": "splice_region_variant",
    "START_GAINED": "5_prime_UTR_premature_start_codon_gain_variant",
    "START_LOST": "start_lost",
    "STOP_GAINED": "stop_gained",
    "STOP_LOST": "stop_lost",
    "SYNONYMOUS_CODING": "synonymous_variant",
    "SYNONYMOUS_START": "initiator_codon_variant",
    "SYNONYMOUS_STOP": "stop_retained_variant",
    "TRANSCRIPT": "transcript_variant",
    "UPSTREAM": "upstream_gene_variant",
    "UTR_3_DELETED": "3_prime_UTR_truncation",
    "UTR_3_PRIME": "3_prime_UTR_variant",
    "UTR_5_DELETED": "5_prime_UTR_truncation",
    "UTR_5_PRIME": "5_prime_UTR_variant",
}
_ONE_LETTER_CHANGE = re.compile(r"^[A-Z*?]\d+[A-Z*?=]*$")


def eff_fields(description: str) -> tuple[str, ...]:
    """The field list of an EFF Description, the effect name first; the 3.x list if none."""
    found = re.search(r"Format:\s*'?([^(]*)\(([^)]*)\)", description)
    if not found:
        return EFF_FIELDS
    inner = found.group(2).split("[", 1)[0]
    fields = [f.strip() for f in inner.split("|") if f.strip()]
    return (found.group(1).strip() or "Effect", *fields) if fields else EFF_FIELDS


def so_term(effect: str) -> str:
    """SnpEff's SO term for a legacy effect name; names already in SO form are kept."""
    return "&".join(SO_TERMS.get(part, part) for part in effect.split("+"))


def _protein(change: str) -> tuple[str | None, str | None]:
    """(HGVS.p, HGVS.c) from AA_change: ``F113C`` or ``p.Phe113Cys/c.338T>G``."""
    if not change:
        return None, None
    hgvsp, _, hgvsc = change.partition("/")
    if hgvsc and not hgvsc.startswith(("c.", "n.")):
        hgvsc = ""
    if _ONE_LETTER_CHANGE.match(hgvsp):
        hgvsp = "p." + hgvsp
    return (hgvsp if hgvsp.startswith("p.") else None), (hgvsc or None)


def eff_entries(
    fields: tuple[str, ...], values: Iterable[str]
) -> list[tuple[TranscriptConsequence, int | None, int | None]]:
    """(consequence, 1-based ALT number, protein length) per EFF entry."""
    position = {name.lower(): i for i, name in enumerate(fields)}

    def at(parts: list[str], *names: str) -> str:
        for name in names:
            i = position.get(name.lower())
            if i is not None and i < len(parts) and parts[i].strip():
                return parts[i].strip()
        return ""

    out: list[tuple[TranscriptConsequence, int | None, int | None]] = []
    for value in values:
        effect, _, rest = value.strip().partition("(")
        parts = [effect, *rest.removesuffix(")").split("|")]
        genotype = at(parts, "Genotype_Number", "Genotype")
        if "-" in genotype:
            continue  # -cancer comparison of two alleles
        hgvsp, hgvsc = _protein(at(parts, "Amino_Acid_Change", "AA_change"))
        length = at(parts, "Amino_Acid_Length", "AA_length")
        consequence = TranscriptConsequence(
            allele=None,
            gene=at(parts, "Gene_Name", "Gene") or None,
            transcript=at(parts, "Transcript_ID", "Transcript") or None,
            consequence=so_term(effect.strip()) if effect.strip() else None,
            impact=at(parts, "Effect_Impact", "Impact") or None,
            hgvsc=hgvsc,
            hgvsp=hgvsp,
            exon=at(parts, "Exon_Rank", "Exon", "Exon_ID") or None,
            biotype=at(parts, "Transcript_BioType", "Gene_BioType", "BioType") or None,
        )
        out.append(
            (
                consequence,
                int(genotype) if genotype.isdigit() else None,
                int(length) if length.isdigit() else None,
            )
        )
    return out
