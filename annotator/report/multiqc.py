"""MultiQC custom content: one table row per sample with the report's headline findings.

MultiQC picks up any file named ``*_mqc.json`` (its ``custom_content`` search pattern) and
merges every such file that carries the same top-level ``id`` into one section: the ``data``
dicts, keyed by sample name, are combined with ``dict.update`` and the section's config with
``dict.update`` too, so the last file read wins for config keys (MultiQC 1.35,
``multiqc/core/special_case_modules/custom_content.py``). Hence every per-sample file written
here carries exactly the same ``id``, ``headers`` and ``pconfig``, and only its own row under
``data``: many ``ID.imt_mqc.json`` files in one folder become one table with a row per sample,
whatever order MultiQC reads them in. The section description names the versions of the
file it came from; when samples annotated with different versions are merged, MultiQC shows the
description of the last file it read, so the versions (and the sign-out status) are also columns
of each row, which are authoritative.

Spec: https://docs.seqera.io/multiqc/custom_content
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from annotator.errors import UsageError

SECTION_ID = "imt_annotator_findings"
SECTION_NAME = "IMT molecular findings"
NAMESPACE = "IMT annotator"
TIER_ORDER = ("IA", "IB", "IIC", "IID", "III", "IV")
LEVEL_ORDER = ("A", "B", "C", "D")

# column id, title, description, extra MultiQC header keys; in display order
_COLUMNS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("key_alterations", "Key alterations",
     "Every reported alteration, in report order (tier, then label)", {}),
    ("highest_tier", "Highest tier",
     "Most significant AMP/ASCO/CAP 2017 tier among the findings", {}),
    ("findings", "Findings", "Number of reported alterations", {"format": "{:,.0f}", "min": 0}),
    ("top_therapy", "Top therapy",
     "Sensitivity therapy with the highest evidence level in IMT context", {}),
    ("fusion_detected", "Fusion", "A kinase fusion was reported (yes/no)", {}),
    ("status", "Status", "Report status: draft, or final/amended with its revision", {}),
    ("kb_version", "KB version",
     "Knowledgebase name and version the sample was annotated with", {}),
    ("tool_version", "Tool version", "imt-annotator version", {"hidden": True}),
)  # fmt: skip


def _headers() -> dict[str, dict[str, Any]]:
    """MultiQC column headers. ``placement`` pins the order; ``scale: False`` since the values
    are labels, not measurements to colour on a gradient."""
    return {
        column: {
            "title": title,
            "description": description,
            "namespace": NAMESPACE,
            "scale": False,
            "placement": place * 10,
            **extra,
        }
        for place, (column, title, description, extra) in enumerate(_COLUMNS, start=1)
    }


def _highest_tier(findings: Sequence[dict[str, Any]]) -> str:
    tiers = [f["tier"] for f in findings]
    return min(tiers, key=TIER_ORDER.index) if tiers else "none"


def _top_therapy(findings: Sequence[dict[str, Any]]) -> str:
    """Best sensitivity evidence level; ties go to the earlier finding, as the report orders."""
    best: dict[str, Any] | None = None
    for f in findings:
        for t in f["therapies"]:
            if t["effect"] != "sensitivity":
                continue
            if best is None or LEVEL_ORDER.index(t["level"]) < LEVEL_ORDER.index(best["level"]):
                best = t
    return f"{best['drug']} (level {best['level']})" if best else "none"


def _status(report: dict[str, Any]) -> str:
    status = str(report.get("status") or "draft")
    revision = report.get("revision")
    return f"{status} v{revision}" if revision else status


def multiqc_row(report: dict[str, Any]) -> dict[str, str | int]:
    """The one table row a report contributes, keyed by the column ids of ``_COLUMNS``."""
    findings = report["findings"]
    kb = report["knowledgebase"]
    return {
        "key_alterations": "; ".join(f["label"] for f in findings) or "none",
        "highest_tier": _highest_tier(findings),
        "findings": len(findings),
        "top_therapy": _top_therapy(findings),
        "fusion_detected": "yes" if any(f["kind"] == "fusion" for f in findings) else "no",
        "status": _status(report),
        "kb_version": f"{kb.get('name') or 'knowledgebase'} {kb['version']}",
        "tool_version": f"{report['tool']['name']} {report['tool']['version']}",
    }


def _versions(reports: Sequence[dict[str, Any]]) -> str:
    """' from TOOL, annotated against KB' with every version present (none for no reports)."""
    if not reports:
        return ""
    tools = dict.fromkeys(str(multiqc_row(r)["tool_version"]) for r in reports)
    kbs = dict.fromkeys(str(multiqc_row(r)["kb_version"]) for r in reports)
    return f" from {', '.join(tools)}, annotated against {', '.join(kbs)}"


def _custom_content(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, dict[str, str | int]] = {}
    for report in reports:
        sample_id = report["sample"]["id"]
        if sample_id in data:
            raise UsageError(
                f"sample id {sample_id!r} appears in more than one report; MultiQC rows are "
                "keyed by sample id, so one would silently replace the other"
            )
        data[sample_id] = multiqc_row(report)
    return {
        "id": SECTION_ID,
        "section_name": SECTION_NAME,
        "description": (
            f"Headline molecular findings per sample{_versions(reports)}. Tiers follow "
            "AMP/ASCO/CAP 2017; each sample's own report is the record."
        ),
        "plot_type": "table",
        "pconfig": {
            "id": f"{SECTION_ID}_table",
            "title": f"{NAMESPACE}: {SECTION_NAME}",
            "namespace": NAMESPACE,
            "col1_header": "Sample",
            "sort_rows": True,
        },
        "headers": _headers(),
        "data": data,
    }


def render_multiqc(report: dict[str, Any]) -> str:
    """One sample's custom-content file (``ID.imt_mqc.json``); merges with its siblings."""
    return json.dumps(_custom_content([report]), indent=2, ensure_ascii=False) + "\n"


def render_multiqc_many(reports: list[dict[str, Any]]) -> str:
    """One custom-content file for a batch: the same section, a row per report.

    The description names every tool and knowledgebase version present. Sample ids must be
    unique, since MultiQC keys rows by sample name.
    """
    return json.dumps(_custom_content(reports), indent=2, ensure_ascii=False) + "\n"
