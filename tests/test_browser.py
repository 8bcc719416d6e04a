"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

Every demo case is annotated through the CLI and opened from disk. The page must make no request
beyond its own file, log no error, show the findings of the JSON report, sort and filter its
tables and expand evidence with JavaScript, and show everything without it. Playwright never
downloads a browser here: the module is skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.report.render import render_html
from tests.conftest import SAMPLE_INPUTS
from tests.test_cli import DEMOS

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Chromium not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# The findings of each demo case, written out (they are pinned by the golden JSON too), and
# what sorting and filtering them must show. Therapy rows follow the knowledgebase, so their
# expected orders are worked out below from the JSON report by the rules the page promises.
EXPECTED: dict[str, dict[str, Any]] = {
    "EIMS1": {
        "findings": [("RANBP2::ALK", "Tier IA")],
        "tier_ascending": ["RANBP2::ALK"],
        "alteration_ascending": ["RANBP2::ALK"],
        "finding_filter": ("fusion", ["RANBP2::ALK"]),
        "therapy_filter": "lorlatinib",
    },
    "LUNG1": {
        "findings": [("TFG::ROS1", "Tier IIC")],
        "tier_ascending": ["TFG::ROS1"],
        "alteration_ascending": ["TFG::ROS1"],
        "finding_filter": ("ros1", ["TFG::ROS1"]),
        "therapy_filter": "entrectinib",
    },
    "MDM2AMP1": {
        "findings": [
            ("PIK3CA p.H1047R", "Tier IID"),
            ("chromosome 19 loss", "Tier IID"),
            ("MDM2 amplification", "Tier III"),
        ],
        "tier_ascending": ["PIK3CA p.H1047R", "chromosome 19 loss", "MDM2 amplification"],
        "tier_descending": ["MDM2 amplification", "PIK3CA p.H1047R", "chromosome 19 loss"],
        "alteration_ascending": ["chromosome 19 loss", "MDM2 amplification", "PIK3CA p.H1047R"],
        "finding_filter": ("amplification", ["MDM2 amplification"]),
        "therapy_filter": None,
    },
}
LEVEL_RANK = {"A": 1, "B": 2, "C": 3, "D": 4}


def _level_descending(therapies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """D first, A last; equal levels keep the report's order (Python's sort is stable)."""
    return sorted(therapies, key=lambda t: -LEVEL_RANK[t["level"]])


def _filter_text(therapy: dict[str, Any]) -> str:
    """What the therapies filter searches in a row: every cell but the evidence body."""
    cells = [therapy["drug"], therapy["effect"], therapy["level"], therapy["escat"] or "—"]
    return " ".join(cells + (therapy["regulatory"] or ["none recorded"])).lower()


@dataclass
class Page:
    """A page and everything it asked for or complained about while open."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_quiet(self) -> None:
        foreign = [u for u in self.requests if not u.startswith(("file:", "data:"))]
        assert foreign == []
        assert self.errors == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Each demo case annotated once through the CLI: its HTML path and its JSON report."""
    out = tmp_path_factory.mktemp("reports")
    done = {}
    for sample_id, (folder, disease) in DEMOS.items():
        inputs = sorted(str(p) for p in (SAMPLE_INPUTS / folder).iterdir())
        args = ["annotate", *inputs, "--sample-id", sample_id, "--disease", disease]
        result = CliRunner().invoke(main, [*args, "--out", str(out), "--format", "html,json"])
        assert result.exit_code == 0, result.stderr
        report = json.loads((out / f"{sample_id}.report.json").read_text())
        done[sample_id] = (out / f"{sample_id}.report.html", report)
    return done


def _open(browser: Any, path: Path, *, javascript: bool = True) -> Page:
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(5_000)  # a missing control fails in seconds, not in 30 s
    watched = Page(context.new_page())
    context.on("request", lambda r: watched.requests.append(r.url))
    watched.page.on(
        "console", lambda m: watched.errors.append(m.text) if m.type == "error" else None
    )
    watched.page.on("pageerror", lambda e: watched.errors.append(str(e)))
    watched.page.goto(path.as_uri())
    return watched


def _column(page: Any, table: str, index: int) -> list[str]:
    """Text of one column (0-based, row header included) over the table's visible rows."""
    cells = page.locator(f"{table} tbody tr:visible").evaluate_all(
        f"rows => rows.map(r => r.cells[{index}].textContent.trim())"
    )
    return list(cells)


def _finding_rows(page: Any) -> list[tuple[str, str]]:
    """(Alteration, Tier) of each visible row of the findings table."""
    labels, tiers = _column(page, "table.findings", 1), _column(page, "table.findings", 3)
    return list(zip(labels, tiers, strict=True))


def _visible(locator: Any) -> list[bool]:
    return [locator.nth(i).is_visible() for i in range(locator.count())]


def _sort_states(page: Any, table: str) -> list[str | None]:
    return list(
        page.locator(f"{table} thead th").evaluate_all(
            "ths => ths.map(th => th.getAttribute('aria-sort'))"
        )
    )


@pytest.mark.parametrize("sample_id", list(DEMOS))
def test_report_sorts_filters_and_expands_with_javascript(
    browser: Any, reports: dict[str, tuple[Path, dict[str, Any]]], sample_id: str
) -> None:
    path, report = reports[sample_id]
    expected = EXPECTED[sample_id]
    watched = _open(browser, path)
    page = watched.page
    findings = "table.findings"

    json_rows = [(f["label"], f"Tier {f['tier']}") for f in report["findings"]]
    assert json_rows == expected["findings"]
    assert _finding_rows(page) == json_rows

    tier = page.get_by_role("button", name="Tier", exact=True)
    tier.click()
    assert _column(page, findings, 1) == expected["tier_ascending"]
    assert _sort_states(page, findings) == [None, None, None, "ascending", None]
    tier.click()
    # descending: tiers reversed; findings of one tier keep their report order
    assert _column(page, findings, 1) == expected.get(
        "tier_descending", expected["tier_ascending"][::-1]
    )
    assert _sort_states(page, findings) == [None, None, None, "descending", None]
    page.get_by_role("button", name="Alteration", exact=True).click()
    assert _column(page, findings, 1) == expected["alteration_ascending"]
    assert _sort_states(page, findings) == [None, "ascending", None, None, None]

    term, shown = expected["finding_filter"]
    box = page.get_by_role("searchbox", name="Filter findings", exact=True)
    box.fill(term)
    assert sorted(_column(page, findings, 1)) == sorted(shown)
    status = page.get_by_role("group", name="Controls for findings", exact=True).get_by_role(
        "status"
    )
    assert status.text_content() == f"{len(shown)} of {len(json_rows)} rows shown"
    box.fill("no-such-alteration")
    assert _column(page, findings, 1) == []
    assert status.text_content() == f"0 of {len(json_rows)} rows shown"
    box.fill("")
    assert len(_column(page, findings, 1)) == len(json_rows)

    therapies = "table.therapies"
    therapy_json = report["findings"][0]["therapies"]
    drugs = [t["drug"] for t in therapy_json]
    assert bool(drugs) is (expected["therapy_filter"] is not None)
    assert page.locator(therapies).count() == (1 if drugs else 0)
    if drugs:
        label = report["findings"][0]["label"]
        assert _column(page, therapies, 0) == drugs
        page.get_by_role("button", name="Drug", exact=True).click()
        assert _column(page, therapies, 0) == sorted(drugs)
        assert _sort_states(page, therapies) == ["ascending", None, None, None, None, None]
        level = page.get_by_role("button", name="Level", exact=True)
        level.click()
        level.click()
        by_level = _level_descending(therapy_json)
        assert _column(page, therapies, 0) == [t["drug"] for t in by_level]
        assert _column(page, therapies, 2) == [t["level"] for t in by_level]
        assert _sort_states(page, therapies) == [None, None, "descending", None, None, None]

        term = expected["therapy_filter"]
        shown = [t["drug"] for t in by_level if term in _filter_text(t)]
        assert 0 < len(shown) < len(drugs)
        box = page.get_by_role("searchbox", name=f"Filter therapies for {label}", exact=True)
        box.fill(term)
        assert _column(page, therapies, 0) == shown
        box.fill("")
        assert len(_column(page, therapies, 0)) == len(drugs)

        # Evidence starts collapsed; one summary opens one row's basis.
        basis = page.locator(f"{therapies} p.basis")
        assert _visible(basis) == [False] * len(drugs)
        first = page.locator(f"{therapies} tbody tr").first
        first.locator("summary").click()
        assert first.locator("p.basis").text_content() == by_level[0]["basis"]
        assert _visible(basis) == [True] + [False] * (len(drugs) - 1)
        page.get_by_role(
            "button", name=f"Expand all evidence, therapies for {label}", exact=True
        ).click()
        assert _visible(basis) == [True] * len(drugs)
        page.get_by_role(
            "button", name=f"Collapse all evidence, therapies for {label}", exact=True
        ).click()
        assert _visible(basis) == [False] * len(drugs)

    watched.assert_quiet()
    watched.page.context.close()


@pytest.mark.parametrize("sample_id", list(DEMOS))
def test_report_is_complete_without_javascript(
    browser: Any, reports: dict[str, tuple[Path, dict[str, Any]]], sample_id: str
) -> None:
    path, report = reports[sample_id]
    watched = _open(browser, path, javascript=False)
    page = watched.page
    assert _finding_rows(page) == EXPECTED[sample_id]["findings"]
    assert page.locator("button").count() == 0
    assert page.locator(".table-tools, input, select").count() == 0
    assert _sort_states(page, "table.findings") == [None] * 5
    basis = page.locator("p.basis")
    all_basis = [t["basis"] for f in report["findings"] for t in f["therapies"]]
    assert bool(all_basis) is (EXPECTED[sample_id]["therapy_filter"] is not None)
    assert basis.all_text_contents() == all_basis
    assert _visible(basis) == [True] * len(all_basis)
    watched.assert_quiet()
    watched.page.context.close()


# Four therapies with every level, both effects and one without ESCAT; alectinib's basis names
# brigatinib, which the filter must not search.
SYNTHETIC_THERAPIES = [
    ("crizotinib", "C", "sensitivity", "I-B", "Crizotinib basis."),
    ("alectinib", "A", "resistance", "II-A", "Listed with brigatinib."),
    ("brigatinib", "D", "sensitivity", None, "Brigatinib basis."),
    ("ceritinib", "B", "resistance", "III-A", "Ceritinib basis."),
]


def _six_tier_report(report: dict[str, Any]) -> dict[str, Any]:
    """The EIMS1 report with six copies of its finding, one per tier, in no tier order, each
    with the synthetic therapies."""
    base = report["findings"][0]
    template = base["therapies"][0]
    therapies = [
        {**copy.deepcopy(template), "drug": drug, "level": level, "effect": effect,
         "escat": escat, "regulatory": [], "basis": basis}
        for drug, level, effect, escat, basis in SYNTHETIC_THERAPIES
    ]  # fmt: skip
    tiers = [("F5", "III"), ("F10", "IA"), ("F1", "IV"), ("F2", "IID"), ("F3", "IB"), ("F4", "IIC")]
    findings = [
        {**copy.deepcopy(base), "id": fid, "tier": tier, "label": f"ALT{fid}",
         "therapies": copy.deepcopy(therapies)}
        for fid, tier in tiers
    ]  # fmt: skip
    return {**report, "findings": findings}


def test_tier_level_and_natural_orders_and_print(
    browser: Any, reports: dict[str, tuple[Path, dict[str, Any]]], tmp_path: Path
) -> None:
    _, report = reports["EIMS1"]
    path = tmp_path / "six.report.html"
    path.write_text(render_html(_six_tier_report(report)), "utf-8")
    watched = _open(browser, path)
    page = watched.page
    findings, therapies = "table.findings", "#F5 table.therapies"

    assert _column(page, findings, 0) == ["F5", "F10", "F1", "F2", "F3", "F4"]
    page.get_by_role("button", name="Tier", exact=True).click()
    assert _column(page, findings, 3) == [
        "Tier IA", "Tier IB", "Tier IIC", "Tier IID", "Tier III", "Tier IV"
    ]  # fmt: skip
    page.get_by_role("button", name="Tier", exact=True).click()
    assert _column(page, findings, 3) == [
        "Tier IV", "Tier III", "Tier IID", "Tier IIC", "Tier IB", "Tier IA"
    ]  # fmt: skip
    page.get_by_role("button", name="#", exact=True).click()
    assert _column(page, findings, 0) == ["F1", "F2", "F3", "F4", "F5", "F10"]

    level = page.locator(therapies).get_by_role("button", name="Level", exact=True)
    level.click()
    assert _column(page, therapies, 2) == ["A", "B", "C", "D"]
    assert _column(page, therapies, 0) == ["alectinib", "ceritinib", "crizotinib", "brigatinib"]

    escat = page.locator(therapies).get_by_role("button", name="ESCAT", exact=True)
    escat.click()
    assert _column(page, therapies, 0) == ["crizotinib", "alectinib", "ceritinib", "brigatinib"]
    escat.click()  # a missing ESCAT stays last either way
    assert _column(page, therapies, 0) == ["ceritinib", "alectinib", "crizotinib", "brigatinib"]
    level.click()
    assert _column(page, therapies, 0) == ["alectinib", "ceritinib", "crizotinib", "brigatinib"]

    box = page.get_by_role("searchbox", name="Filter therapies for ALTF5", exact=True)
    box.fill("brigatinib")
    assert _column(page, therapies, 0) == ["brigatinib"]
    box.fill("")

    effect = page.get_by_role("combobox", name="Effect (therapies for ALTF5)", exact=True)
    effect.select_option("resistance")
    assert _column(page, therapies, 0) == ["alectinib", "ceritinib"]
    effect.select_option("sensitivity")
    assert _column(page, therapies, 0) == ["crizotinib", "brigatinib"]

    # Paper shows every row and every evidence block, and the screen comes back as it was.
    page.emulate_media(media="print")
    assert _column(page, therapies, 0) == ["alectinib", "ceritinib", "crizotinib", "brigatinib"]
    assert page.locator(".table-tools").first.is_visible() is False
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    basis = page.locator("p.basis")
    assert _visible(basis) == [True] * 24
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert _visible(basis) == [False] * 24
    assert _column(page, therapies, 0) == ["crizotinib", "brigatinib"]

    watched.assert_quiet()
    watched.page.context.close()
