"""The view-model of ``cohort.html`` and its rendering (Jinja2, autoescape, inline CSS/SVG).

Counts are of samples, not findings: a sample with two ALK fusion calls counts once for ALK.
Percentages are of the annotated samples (failed and missing ones are listed, not counted).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from annotator import __version__
from annotator.resources import bundled_dir

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies
KINASE_COLOURS = {
    "ALK": "#0072B2",
    "ROS1": "#E69F00",
    "NTRK1": "#009E73",
    "NTRK2": "#56B4E9",
    "NTRK3": "#CC79A7",
    "RET": "#D55E00",
    "PDGFRB": "#F0E442",
}
OTHER_COLOUR = "#999999"
TIERS = ("IA", "IB", "IIC", "IID", "III", "IV")


@cache
def _environment() -> Environment:
    """Built once per process: compiling the template costs more than rendering it."""
    return Environment(
        loader=FileSystemLoader(str(bundled_dir("templates"))),
        autoescape=select_autoescape(["html", "xml", "j2"], default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_cohort_html(view: dict[str, Any]) -> str:
    return _environment().get_template("cohort.html.j2").render(v=view)


def cohort_view(rows: list[dict[str, Any]]) -> dict[str, Any]:
    annotated = [r for r in rows if r["status"] == "ok"]
    n = len(annotated)
    return {
        "tool_version": __version__,
        "total": len(rows),
        "annotated": n,
        "failed": [r for r in rows if r["status"] != "ok"],
        "characteristics": _characteristics(annotated),
        "alterations": _alterations(annotated),
        "tiers": _counts(
            [r["highest_tier"] or "no finding" for r in annotated], n, order=[*TIERS, "no finding"]
        ),
        "therapies": _counts([r["top_therapy"] or "none" for r in annotated], n),
        "rows": [_table_row(r) for r in rows],
        "plot": fusion_plot(annotated),
        "kinase_colours": [*KINASE_COLOURS.items(), ("other", OTHER_COLOUR)],
    }


def _percent(count: int, n: int) -> str:
    return f"{100 * count / n:.0f}%" if n else "–"


def _counts(values: list[str], n: int, order: list[str] | None = None) -> list[dict[str, Any]]:
    counted = Counter(values)
    keys = [k for k in order if k in counted] if order else []
    keys += sorted((k for k in counted if k not in keys), key=lambda k: (-counted[k], k))
    return [{"label": k, "count": counted[k], "percent": _percent(counted[k], n)} for k in keys]


def _age(text: str) -> float | None:
    found = re.match(r"\s*(\d+(?:\.\d+)?)", text)
    return float(found.group(1)) if found else None


def _characteristics(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Table 1: disease, age, sex, site and specimen of the annotated samples."""
    n = len(rows)
    ages = [a for a in (_age(str(r["age"])) for r in rows) if a is not None]
    out: list[dict[str, Any]] = []
    if ages:
        median = statistics.median(ages)
        out.append(
            {
                "group": "Age (years)",
                "label": "median (range)",
                "count": "",
                "percent": f"{median:g} ({min(ages):g}–{max(ages):g}); {len(ages)} given",
            }
        )
        young = sum(a < 18 for a in ages)
        out.append(
            {
                "group": "",
                "label": "under 18",
                "count": young,
                "percent": _percent(young, len(ages)),
            }
        )
    for group, key in (
        ("Disease", "disease"),
        ("Sex", "sex"),
        ("Site", "site"),
        ("Specimen", "specimen"),
    ):
        for i, item in enumerate(_counts([r[key] or "not given" for r in rows], n)):
            out.append({"group": group if i == 0 else "", **item})
    return out


def _alterations(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Samples per alteration group (ALK fusion, PIK3CA mutation...) and per partner/variant."""
    n = len(rows)
    groups: dict[str, Counter[str]] = {}
    samples: dict[str, set[str]] = {}
    for r in rows:
        for kind, label, genes in r["_alterations"]:
            if kind == "fusion":
                kinase, partner = next((k, p) for k, p, lab in r["_fusions"] if lab == label)
                group, detail = f"{kinase} fusion", f"{partner} partner"
            elif kind == "mutation":
                group, detail = f"{genes[0]} mutation", label
            else:
                group, detail = label, ""
            groups.setdefault(group, Counter())[detail] += 1
            samples.setdefault(group, set()).add(r["sample_id"])
    out = []
    for group in sorted(groups, key=lambda g: (-len(samples[g]), g)):
        count = len(samples[group])
        out.append({"label": group, "detail": "", "count": count, "percent": _percent(count, n)})
        details = groups[group]
        for detail in sorted(details, key=lambda d: (-details[d], d)):
            if detail:
                out.append(
                    {
                        "label": "",
                        "detail": detail,
                        "count": details[detail],
                        "percent": _percent(details[detail], n),
                    }
                )
    return out


def _table_row(r: dict[str, Any]) -> dict[str, Any]:
    tier = r["highest_tier"]
    return {
        **{k: v for k, v in r.items() if not k.startswith("_")},
        "tier_order": TIERS.index(tier) if tier in TIERS else len(TIERS),
        "age_order": _age(str(r["age"])) if r["age"] != "" else "",
    }


def fusion_plot(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of the fusion-partner tile plot: one column per sample with a fusion, one row
    per fusion (partner::kinase), rows grouped by kinase and ordered by frequency."""
    labels: Counter[str] = Counter()
    kinase_of: dict[str, str] = {}
    for r in rows:
        for kinase, _, label in r["_fusions"]:
            labels[label] += 1
            kinase_of[label] = kinase
    with_fusion = [r for r in rows if r["_fusions"]]
    if not with_fusion:
        return {"empty": True}
    kinase_rank = {k: i for i, k in enumerate(KINASE_COLOURS)}
    order = sorted(labels, key=lambda lab: (kinase_rank.get(kinase_of[lab], 99), -labels[lab], lab))
    row_of = {label: i for i, label in enumerate(order)}
    samples = sorted(
        with_fusion, key=lambda r: (min(row_of[lab] for _, _, lab in r["_fusions"]), r["sample_id"])
    )
    cell_w = max(3.0, min(18.0, 720 / len(samples)))
    cell_h, left, top = 16, 150, 10
    cells = [
        {
            "x": round(left + c * cell_w, 2),
            "y": top + row_of[label] * cell_h,
            "colour": KINASE_COLOURS.get(kinase, OTHER_COLOUR),
            "title": f"{r['sample_id']}: {label}",
        }
        for c, r in enumerate(samples)
        for kinase, _, label in r["_fusions"]
    ]
    width = left + len(samples) * cell_w + 60
    return {
        "empty": False,
        "width": round(width, 2),
        "height": top + len(order) * cell_h + 24,
        "cell_w": round(max(cell_w - 1, 1), 2),
        "cell_h": cell_h - 2,
        "rows": [
            {"label": label, "y": top + i * cell_h + cell_h - 5, "count": labels[label]}
            for i, label in enumerate(order)
        ],
        "cells": cells,
        "left": left,
        "count_x": round(left + len(samples) * cell_w + 8, 2),
        "axis_y": top + len(order) * cell_h + 16,
        "samples": len(samples),
    }
