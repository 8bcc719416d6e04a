"""Which column of a somatic VCF is the tumour, and its VAF, depth and alt reads per caller.

Tumour column, first rule that applies (the rule is stated in ParsedInput.details):

1. the ``tumor_sample=`` argument of ``vcf.parse`` (a later CLI option);
2. ``##tumor_sample=`` (GATK Mutect2);
3. ``##normal_sample=`` naming one of two columns: the other one;
4. ``##SAMPLE=<ID=..,Genomes=Tumor>`` or ``##PEDIGREE=<Derived=..>`` (bcbio, umccrise);
   ``##SAMPLE=<..,Genomes=Germline|Normal>`` naming one of two columns: the other one;
5. the DRAGEN command line (``##DRAGENCommandLine=<..,CommandLineOptions="..">``):
   ``--RGSM-tumor NAME`` is the tumour, ``--RGSM NAME`` the normal (or the sample of a
   single-sample run), as vcf2maf and umccrise read it;
6. a single sample column;
7. the column names: TUMOR/NORMAL (Strelka, VarScan, MuTect1), ``*_T``/``*_N``,
   ``*tumor*``/``*normal*`` words;
8. otherwise the first column not known to be normal, with a warning naming the columns.

VAF per caller (field guide section 1), first that applies: Strelka tier-1 counts (SNV
``{ALT}U`` over ``AU+CU+GU+TU``, indel ``TIR/(TAR+TIR)``); VarDict ``AF`` (recognised by its
``VD`` alt-depth key); the AD ratio alt / sum(AD) when AD has ref and every ALT (Mutect2, SAGE,
DRAGEN, MuTect1, generic GT:AD:DP), with the caller's own AF (Mutect2's model estimate, MuTect1
FA) kept in the raw columns where the two differ at 4 decimals; VarScan ``FREQ`` ("12.5%", also
%-escaped ``12.5%25``; its AD is the alt depth only); a caller's AF alone when there are no
counts. Depth: DP (PCGR: DPT), else the sum of AD.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from annotator.errors import UsageError
from annotator.parsers.vcf_backends import SampleValues
from annotator.parsers.vcf_header import HeaderInfo

_TUMOUR_WORDS = frozenset({"t", "tumor", "tumour", "tum", "cancer"})
_NORMAL_WORDS = frozenset({"n", "normal", "germline", "blood", "bl", "control", "nor"})
_DRAGEN_TUMOUR = re.compile(r"--RGSM-tumor[= ]+\"?([^\s\"]+)")
_DRAGEN_NORMAL = re.compile(r"--RGSM[= ]+\"?([^\s\"]+)")


@dataclass(frozen=True, slots=True)
class TumourChoice:
    sample: str | None
    rule: str | None  # which rule chose it, for details
    warnings: tuple[str, ...]


def tumour_sample(path: str, header: HeaderInfo, given: str | None = None) -> TumourChoice:
    samples = list(header.samples)
    if given is not None:
        if given not in samples:
            listed = ", ".join(samples) or "none (sites-only VCF)"
            raise UsageError(f"{path}: tumour sample {given!r} is not a column; columns: {listed}")
        return TumourChoice(given, "given as the tumour sample", ())
    if not samples:
        return TumourChoice(None, None, ())  # sites-only VCF
    warnings: list[str] = []
    found = _from_header(header, samples, warnings)
    if found is not None:
        return TumourChoice(found[0], found[1], tuple(warnings))
    if len(samples) == 1:
        return TumourChoice(samples[0], "the only sample column", tuple(warnings))
    named = _from_names(samples)
    if named is not None:
        return TumourChoice(named, "column name", tuple(warnings))
    normals = _known_normals(header)
    candidates = [s for s in samples if s not in normals and not _has_word(s, _NORMAL_WORDS)]
    choice = (candidates or samples)[0]
    warnings.append(
        f"the header does not say which sample is the tumour (columns: {', '.join(samples)}); "
        f"took column '{choice}' (sample {samples.index(choice) + 1} of {len(samples)})"
    )
    return TumourChoice(choice, "first column not known to be normal (ambiguous)", tuple(warnings))


def _from_header(
    header: HeaderInfo, samples: list[str], warnings: list[str]
) -> tuple[str, str] | None:
    named = header.generic.get("tumor_sample", [None])[0]
    if named in samples:
        return named, "##tumor_sample"
    if named:
        # PURPLE/umccrise rename the column (SEQCII_50pc__T_x) but keep the caller's name.
        warnings.append(f"##tumor_sample={named} is not a sample column; ignored")
    other = _other_of_two(samples, header.generic.get("normal_sample", []))
    if other is not None:
        return other, "##normal_sample names the other column"
    for key, items in header.structured:
        if key == "SAMPLE" and items.get("Genomes", "").lower() == "tumor":
            if items.get("ID") in samples:
                return items["ID"], "##SAMPLE Genomes=Tumor"
        elif key == "PEDIGREE" and items.get("Derived") in samples:
            return items["Derived"], "##PEDIGREE Derived"
    germline = [
        items.get("ID", "")
        for key, items in header.structured
        if key == "SAMPLE" and items.get("Genomes", "").lower() in ("germline", "normal")
    ]
    other = _other_of_two(samples, germline)
    if other is not None:
        return other, "##SAMPLE Genomes=Germline names the other column"
    return _from_dragen(header, samples)


def _from_dragen(header: HeaderInfo, samples: list[str]) -> tuple[str, str] | None:
    for key, items in header.structured:
        if key != "DRAGENCommandLine":
            continue
        options = items.get("CommandLineOptions", "")
        tumour = _DRAGEN_TUMOUR.search(options)
        if tumour and tumour.group(1) in samples:
            return tumour.group(1), "DRAGEN command line --RGSM-tumor"
        normal = _DRAGEN_NORMAL.search(options)
        other = _other_of_two(samples, [normal.group(1)] if normal else [])
        if other is not None:
            return other, "DRAGEN command line --RGSM names the normal"
    return None


def _other_of_two(samples: list[str], normals: list[str]) -> str | None:
    if len(samples) == 2 and normals and normals[0] in samples:
        return samples[1] if samples[0] == normals[0] else samples[0]
    return None


def _known_normals(header: HeaderInfo) -> set[str]:
    normals = set(header.generic.get("normal_sample", []))
    for key, items in header.structured:
        if key == "SAMPLE" and items.get("Genomes", "").lower() in ("germline", "normal"):
            normals.add(items.get("ID", ""))
        elif key == "PEDIGREE":
            normals.add(items.get("Original", ""))
    return normals


def _has_word(name: str, words: frozenset[str]) -> bool:
    return any(w.rstrip("0123456789") in words for w in re.split(r"[-_.\s]+", name.lower()))


def _from_names(samples: list[str]) -> str | None:
    tumours = [s for s in samples if _has_word(s, _TUMOUR_WORDS)]
    normals = [s for s in samples if _has_word(s, _NORMAL_WORDS)]
    tumours = [s for s in tumours if s not in normals]
    if len(tumours) == 1:
        return tumours[0]
    if len(samples) == 2 and len(normals) == 1 and not tumours:
        return samples[1] if samples[0] == normals[0] else samples[0]
    return None


Nums = Callable[[str], list[float | None]]  # a FORMAT key's values as numbers


@dataclass(frozen=True, slots=True)
class Counts:
    vaf: float | None
    depth: int | None
    alt_reads: int | None
    stated: tuple[str, float] | None  # (key, value) of the caller's own VAF where it differs


def _number(value: object) -> float | None:
    """A FORMAT value as a number; strings (PCGR ADT, VarScan FREQ) included, '.' -> None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().rstrip("%"))
        except ValueError:
            return None
    return None if number != number else number  # "nan" is as good as missing


def allele_counts(values: SampleValues, alts: tuple[str, ...], index: int) -> Counts:
    """VAF, depth and alt reads of ALT ``index`` in the tumour sample, by caller convention."""
    n_alts = len(alts)

    def nums(key: str) -> list[float | None]:
        return [_number(v) for v in values.get(key, ())]

    alt_reads: float | None = None
    ad_total: float | None = None
    ad_ratio: float | None = None  # from AD with ref and every ALT (Number=R)
    ad = nums("AD") or nums("ADT")  # ADT: PCGR's tumour AD in a combined T_N column
    if len(ad) == n_alts + 1:  # Number=R: ref then each ALT
        alt_reads = ad[index + 1]
        ad_total = sum(v for v in ad if v is not None) if None not in ad else None
        if alt_reads is not None and ad_total:
            ad_ratio = alt_reads / ad_total
    strelka = _strelka(nums, alts[index])
    if strelka is not None:
        alt_reads = strelka[0] if alt_reads is None else alt_reads
    if alt_reads is None and len(ad) == 1 and n_alts == 1 and "RD" in values:
        alt_reads = ad[0]  # VarScan: AD is the alt depth (Number=1) and RD the ref depth
        rd = nums("RD")
        if ad[0] is not None and rd and rd[0] is not None:
            ad_total = ad[0] + rd[0]
    if alt_reads is None and n_alts == 1:
        alt_reads = next(iter(nums("VD")), None)  # VarDict

    af_key = "AF" if "AF" in values else "FA"  # Mutect2/VarDict/SAGE AF, MuTect1 FA
    af = nums(af_key)
    stated: float | None = None
    if len(af) == n_alts or (n_alts == 1 and af):
        stated = af[index if len(af) == n_alts else 0]
    freq = _freq(values) if n_alts == 1 else None
    from_counts = False
    # Merged files (pVACtools) carry several callers' keys on one record: the caller-specific
    # counts come first, then the AD ratio, then VarScan's FREQ, then a caller's own AF.
    if strelka is not None and strelka[1] is not None:
        vaf: float | None = strelka[1]
    elif "VD" in values and stated is not None:
        vaf = stated  # VarDict's AF is its own count ratio
    elif ad_ratio is not None:
        vaf, from_counts = ad_ratio, True
    elif freq is not None:
        vaf = freq
    elif alt_reads is not None and ad_total:
        vaf = alt_reads / ad_total  # VarScan without FREQ: AD / (AD + RD)
    else:
        vaf = stated
    shown = round(vaf, 4) if vaf is not None else None
    differs = from_counts and stated is not None and round(stated, 4) != shown
    dp = nums("DP") or nums("DPT")
    depth = dp[0] if dp and dp[0] is not None else ad_total
    return Counts(
        shown,
        int(depth) if depth is not None else None,
        int(alt_reads) if alt_reads is not None else None,
        (af_key, stated) if differs and stated is not None else None,
    )


def _strelka(get: Nums, alt: str) -> tuple[float | None, float | None] | None:
    """(alt reads, VAF) from Strelka tier-1 counts; None when the record has none."""
    tir, tar = get("TIR"), get("TAR")
    if tir and tar and tir[0] is not None and tar[0] is not None:  # indel, tier 1
        total = tar[0] + tir[0]
        return tir[0], (tir[0] / total if total else None)
    tiers = {base: get(f"{base}U") for base in "ACGT"}
    if alt in tiers and all(tiers.values()):  # SNV: {ALT}U tier 1 over all four bases
        tier1 = [t[0] for t in tiers.values()]
        if None not in tier1:
            total = sum(v for v in tier1 if v is not None)
            reads = tiers[alt][0]
            return reads, ((reads or 0) / total if total else None)
    return None


def _freq(values: SampleValues) -> float | None:
    """VarScan FREQ: "48.7%" (or %-escaped "48.7%25") as a fraction."""
    raw = next(iter(values.get("FREQ", ())), None)
    text = "" if raw is None else str(raw).replace("%25", "%")
    value = _number(text)
    if value is None:
        return None
    return value / 100 if "%" in text or value > 1 else value
