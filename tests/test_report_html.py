"""The HTML report's inlined stylesheet and script: static files, never report data."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import OutputError
from annotator.report import render
from annotator.resources import bundled_dir
from tests.conftest import SAMPLE_INPUTS

HOSTILE = "</script><script>alert(1)</script><!--"


@pytest.fixture(scope="module")
def eims_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("eims")
    inputs = sorted(str(p) for p in (SAMPLE_INPUTS / "eims_ranbp2_alk").iterdir())
    args = ["annotate", *inputs, "--sample-id", "EIMS1", "--out", str(out), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.stderr
    report: dict[str, Any] = json.loads((out / "EIMS1.report.json").read_text())
    return report


def _script_bodies(html: str) -> list[str]:
    return re.findall(r"<script>\n(.*?)\n</script>", html, flags=re.DOTALL)


def test_inlined_script_is_report_js_verbatim_whatever_the_data(
    eims_report: dict[str, Any],
) -> None:
    report = copy.deepcopy(eims_report)
    report["sample"]["site"] = HOSTILE
    report["findings"][0]["label"] = HOSTILE
    report["findings"][0]["therapies"][0]["basis"] = HOSTILE
    html = render.render_html(report)
    js = (bundled_dir("templates") / "report.js").read_text("utf-8")
    assert html.count("<script") == 1
    assert html.count("</script>") == 1
    assert _script_bodies(html) == [js]
    assert HOSTILE not in html
    escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--"
    assert html.count(escaped) >= 4  # site, label (heading, table, caption), basis


def test_inlined_css_is_not_html_escaped(eims_report: dict[str, Any]) -> None:
    html = render.render_html(eims_report)
    css = (bundled_dir("templates") / "report.css").read_text("utf-8")
    assert f"<style>\n{css}\n</style>" in html
    assert 'font-family: "DejaVu Sans"' in html


@pytest.mark.parametrize(
    ("name", "text", "token"),
    [
        ("report.js", "var a = '</SCRIPT>';\n", "</script"),
        ("report.js", "<!-- old browsers\n", "<!--"),
        ("report.css", "p::after { content: '</style>'; }\n", "</style"),
    ],
)
def test_inline_asset_refuses_what_would_end_the_element(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, token: str
) -> None:
    (tmp_path / name).write_text(text, "utf-8")
    monkeypatch.setattr(render, "bundled_dir", lambda _: tmp_path)
    with pytest.raises(OutputError) as caught:
        render.inline_asset(name)
    assert str(caught.value) == f"templates/{name}: contains {token!r}, which cannot be inlined"


def test_evidence_is_open_in_the_markup_and_tables_carry_sort_keys(
    eims_report: dict[str, Any],
) -> None:
    html = render.render_html(eims_report)
    therapies = eims_report["findings"][0]["therapies"]
    assert therapies
    assert html.count('<details class="evidence" open>') == len(therapies)
    assert '<td data-sort="1">Tier IA</td>' in html
    rank = {"A": "1", "B": "2", "C": "3", "D": "4"}
    assert re.findall(r'<td data-sort="(\d)">([A-D])</td>', html) == [
        (rank[t["level"]], t["level"]) for t in therapies
    ]
    assert '<table class="findings" data-sortable data-filter="findings">' in html
    assert (
        '<table class="therapies" data-sortable data-filter="therapies for RANBP2::ALK"'
        " data-effect-filter>" in html
    )


@pytest.fixture
def fresh_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A cache folder of this test's own, and a Jinja2 environment built anew on each use."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("IMT_ANNOTATOR_NO_CACHE", raising=False)
    render._environment.cache_clear()
    yield tmp_path / "cache" / "imt-annotator" / f"templates-jinja2-{jinja2.__version__}"
    render._environment.cache_clear()


def test_compiled_template_is_cached_and_renders_the_same(
    eims_report: dict[str, Any], fresh_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = render.render_html(eims_report)  # compiles, then writes the compiled template
    entries = list(fresh_environment.glob("*.cache"))
    assert len(entries) == 1
    written = entries[0].stat().st_mtime_ns
    render._environment.cache_clear()
    assert render.render_html(eims_report) == first  # from the cache
    assert entries[0].stat().st_mtime_ns == written  # read, not compiled and written again
    monkeypatch.setenv("IMT_ANNOTATOR_NO_CACHE", "1")
    render._environment.cache_clear()
    assert render.render_html(eims_report) == first


def test_a_damaged_or_unwritable_template_cache_only_costs_a_compile(
    eims_report: dict[str, Any], fresh_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = render.render_html(eims_report)
    (entry,) = fresh_environment.glob("*.cache")
    for damage in (entry.read_bytes()[:40], b"", b"j2 not a template"):
        entry.write_bytes(damage)
        render._environment.cache_clear()
        assert render.render_html(eims_report) == expected
    blocked = fresh_environment.parent.parent / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    render._environment.cache_clear()
    assert render.render_html(eims_report) == expected
