"""Sign-out: a draft report becomes a numbered final; every later sign-out is an amendment.

Naming (the only place it is defined): revision N of sample ID is written as
``OUT/ID.final-vN.<suffix>`` for each requested format, with the suffixes of the ``FORMATS``
registry, e.g. ``EIMS1.final-v1.report.json``, ``EIMS1.final-v1.report.html``,
``EIMS1.final-v2.findings.tsv``.

Rules, because a signed clinical report is a record:
- a final file is never overwritten: signing again (from a corrected draft, or from the latest
  final) writes revision N+1 with status "amended", and fails rather than replace a file;
- an amendment needs a reason (``comment``) and records what changed relative to the previous
  final as human-readable lines; earlier amendments are carried forward;
- the JSON of every revision is always written, since the next amendment is compared with it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.errors import InputFormatError, UsageError
from annotator.report.schema import schema_problem, validate_report
from annotator.report.write import (
    DEFAULT_RENDER_OPTIONS,
    FORMATS,
    RenderOptions,
    safe_file_stem,
    write_reports,
)

EXPECTED = "expected a report JSON written by 'imt-annotator annotate' or 'signout'"


@dataclass(frozen=True, slots=True)
class SignoutResult:
    """What a sign-out produced: the signed report, its revision, files and changes."""

    report: dict[str, Any]
    revision: int
    written: list[Path]
    changes: list[str]


def final_stem(sample_id: str, revision: int) -> str:
    """File stem of a signed-out revision: ``ID.final-vN``."""
    return f"{safe_file_stem(sample_id)}.final-v{revision}"


def final_revisions(out_dir: Path, sample_id: str) -> list[int]:
    """Revisions of ``sample_id`` signed out in ``out_dir`` (a file of any format counts)."""
    suffixes = "|".join(re.escape(suffix) for suffix, _ in FORMATS.values())
    pattern = re.compile(
        rf"{re.escape(safe_file_stem(sample_id))}\.final-v([1-9][0-9]*)\.(?:{suffixes})"
    )
    if not out_dir.is_dir():
        return []
    found = {int(m.group(1)) for p in out_dir.iterdir() if (m := pattern.fullmatch(p.name))}
    return sorted(found)


def load_report(path: Path) -> dict[str, Any]:
    """Read a report JSON and check it against the published schema."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InputFormatError(path, f"not UTF-8 text; {EXPECTED}") from e
    except OSError as e:
        raise InputFormatError(path, f"cannot read ({e.strerror}); {EXPECTED}") from e
    try:
        report = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputFormatError(path, f"not valid JSON ({e.msg}); {EXPECTED}", line=e.lineno) from e
    problem = schema_problem(report)
    if problem is not None:
        if len(problem) > 160:
            problem = problem[:157] + "..."
        raise InputFormatError(path, f"not an imt-annotator report ({problem}); {EXPECTED}")
    assert isinstance(report, dict)  # the schema says it is an object
    return report


def _text(value: object) -> str:
    return "not given" if value is None or value == "" else str(value)


def _kb_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    if old["version"] != new["version"]:
        name = new.get("name") or "knowledgebase"
        return [f"Knowledgebase: {name} {old['version']} → {new['version']}"]
    if old["sha256"] != new["sha256"]:
        return [
            f"Knowledgebase content changed at version {new['version']} "
            f"(sha256 {old['sha256'][:12]}… → {new['sha256'][:12]}…)"
        ]
    return []


def _sample_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    from annotator.meta import HEADER_FIELDS

    changes = []
    # disease_name follows from disease, and the id is the file name: neither can differ alone
    for key in dict.fromkeys([*new, *old]):
        if key in ("id", "disease_name") or old.get(key) == new.get(key):
            continue
        label = HEADER_FIELDS.get(key, key.replace("_", " "))
        changes.append(f"Sample {label}: {_text(old.get(key))} → {_text(new.get(key))}")
    return changes


def _input_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    before = {i["path"]: i for i in old}
    after = {i["path"]: i for i in new}
    changes = []
    for path, i in after.items():
        if path not in before:
            changes.append(f"Input added: {path} ({i['format']})")
        elif before[path]["sha256"] != i["sha256"]:
            changes.append(f"Input changed: {path} (content differs)")
    changes += [f"Input removed: {path}" for path in before if path not in after]
    return changes


def _therapy_changes(label: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    def by_drug(therapies: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
        grouped: dict[str, list[tuple[str, str]]] = {}
        for t in therapies:
            grouped.setdefault(t["drug"], []).append((t["effect"], t["level"]))
        return {drug: sorted(pairs) for drug, pairs in grouped.items()}

    def show(pairs: list[tuple[str, str]]) -> str:
        return "; ".join(f"{effect}, level {level}" for effect, level in pairs)

    before, after = by_drug(old), by_drug(new)
    changes = []
    for drug in dict.fromkeys([*after, *before]):
        was, now = before.get(drug, []), after.get(drug, [])
        if was == now:
            continue
        if not was:
            changes.append(f"{label}: therapy added: {drug} ({show(now)})")
        elif not now:
            changes.append(f"{label}: therapy removed: {drug} (was {show(was)})")
        elif len(was) == len(now) == 1 and was[0][0] != now[0][0]:
            (old_effect, old_level), (new_effect, new_level) = was[0], now[0]
            level = f", level {old_level} → {new_level}" if old_level != new_level else ""
            changes.append(f"{label}: {drug}: effect {old_effect} → {new_effect}{level}")
        elif len(dict(was)) == len(was) and len(dict(now)) == len(now):
            # one entry per effect on each side: compare effect by effect
            old_levels, new_levels = dict(was), dict(now)
            for effect in dict.fromkeys([*new_levels, *old_levels]):
                if effect not in old_levels:
                    changes.append(
                        f"{label}: therapy added: {drug} ({effect}, level {new_levels[effect]})"
                    )
                elif effect not in new_levels:
                    changes.append(
                        f"{label}: therapy removed: {drug} "
                        f"(was {effect}, level {old_levels[effect]})"
                    )
                elif old_levels[effect] != new_levels[effect]:
                    changes.append(
                        f"{label}: {drug} ({effect}): level {old_levels[effect]} → "
                        f"{new_levels[effect]}"
                    )
        else:
            changes.append(f"{label}: {drug}: {show(was)} → {show(now)}")
    return changes


def _keyed_findings(findings: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Findings by label; a repeated label (not expected) gets its occurrence number."""
    keyed: dict[str, dict[str, Any]] = {}
    for f in findings:
        key, n = f["label"], 1
        while key in keyed:
            n += 1
            key = f"{f['label']} (#{n})"
        keyed[key] = f
    return keyed


def _finding_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    before, after = _keyed_findings(old), _keyed_findings(new)
    changes = [
        f"Finding removed: {label} (was Tier {f['tier']})"
        for label, f in before.items()
        if label not in after
    ]
    for label, f in after.items():
        if label not in before:
            changes.append(f"Finding added: {label} (Tier {f['tier']})")
            continue
        was = before[label]
        if was["tier"] != f["tier"]:
            changes.append(f"{label}: tier {was['tier']} → {f['tier']}")
        changes += _therapy_changes(label, was["therapies"], f["therapies"])
    return changes


def describe_changes(previous: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What a pathologist must know changed since the previous final, one line per change.

    Covers the knowledgebase version, genome build, tool version, sample and header fields,
    inputs, findings (added, removed, tier), therapies (added, removed, effect, level) and
    negative statements. Evidence text and citations follow from these and are not listed.
    """
    changes = _kb_changes(previous["knowledgebase"], current["knowledgebase"])
    if previous["genome_build"] != current["genome_build"]:
        changes.append(f"Genome build: {previous['genome_build']} → {current['genome_build']}")
    if previous["tool"]["version"] != current["tool"]["version"]:
        changes.append(
            f"Tool version: {previous['tool']['version']} → {current['tool']['version']}"
        )
    changes += _sample_changes(previous["sample"], current["sample"])
    changes += _input_changes(previous["inputs"], current["inputs"])
    changes += _finding_changes(previous["findings"], current["findings"])
    old_neg = [n["statement"] for n in previous["negatives"]]
    new_neg = [n["statement"] for n in current["negatives"]]
    changes += [f"Negative statement removed: {s}" for s in old_neg if s not in new_neg]
    changes += [f"Negative statement added: {s}" for s in new_neg if s not in old_neg]
    return changes


def sign_report(
    report: dict[str, Any],
    *,
    reviewer: str,
    comment: str | None,
    signed_at: dt.datetime,
    previous: dict[str, Any] | None,
) -> tuple[dict[str, Any], list[str]]:
    """The signed copy of ``report`` (never modified in place) and its list of changes.

    ``previous`` is the latest final of this sample, or None for the first sign-out.
    """
    when = signed_at.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()
    signed = copy.deepcopy(report)
    signed["signout"] = {"reviewer": reviewer, "signed_at": when, "comment": comment}
    if previous is None:
        signed.update(status="final", revision=1, amendments=[])
        return signed, []
    revision = int(previous["revision"]) + 1
    changes = describe_changes(previous, report)
    entry = {
        "revision": revision,
        "reviewer": reviewer,
        "signed_at": when,
        "comment": comment,
        "changes": changes,
    }
    signed.update(
        status="amended",
        revision=revision,
        amendments=[*copy.deepcopy(previous.get("amendments") or []), entry],
    )
    return signed, changes


def _clean_reviewer(reviewer: str) -> str:
    name = reviewer.strip()
    if not name:
        raise UsageError("--reviewer must name the person signing out")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UsageError("--reviewer contains a control character (newline, tab, ...)")
    return name


def _previous_final(out_dir: Path, sample_id: str, revision: int) -> dict[str, Any]:
    path = out_dir / f"{final_stem(sample_id, revision)}.{FORMATS['json'][0]}"
    if not path.is_file():
        raise InputFormatError(
            path,
            f"missing: revision {revision} of {sample_id} was signed out here but its JSON, "
            "which an amendment is compared with, is not present",
        )
    previous = load_report(path)
    if previous["sample"]["id"] != sample_id or previous.get("revision") != revision:
        raise InputFormatError(
            path,
            f"expected revision {revision} of sample {sample_id!r}, found revision "
            f"{previous.get('revision')} of sample {previous['sample']['id']!r}",
        )
    return previous


def sign_out(
    path: Path,
    *,
    reviewer: str,
    comment: str | None,
    formats: Sequence[str],
    out_dir: Path | None = None,
    now: dt.datetime | None = None,
    options: RenderOptions = DEFAULT_RENDER_OPTIONS,
) -> SignoutResult:
    """Sign out the report at ``path`` and write its next final revision to ``out_dir``.

    ``out_dir`` defaults to the report's own folder, where its earlier finals are looked for;
    ``options`` go to the renderers (PDF paper size). Nothing is written when any check fails.
    """
    reviewer = _clean_reviewer(reviewer)
    comment = comment.strip() if comment and comment.strip() else None
    report = load_report(path)
    sample_id = report["sample"]["id"]
    folder = path.parent if out_dir is None else out_dir
    revisions = final_revisions(folder, sample_id)
    previous = None
    if revisions:
        if comment is None:
            raise UsageError(
                f"{sample_id} already has final revision {revisions[-1]} in {folder}; an "
                "amendment needs --comment giving the reason"
            )
        previous = _previous_final(folder, sample_id, revisions[-1])
    elif report.get("status", "draft") != "draft":
        raise UsageError(
            f"{path} is already signed out (revision {report.get('revision')}) but {folder} "
            f"holds no final of {sample_id}; sign it in the folder that holds its finals (--out)"
        )
    signed, changes = sign_report(
        report,
        reviewer=reviewer,
        comment=comment,
        signed_at=now or dt.datetime.now(dt.timezone.utc),
        previous=previous,
    )
    validate_report(signed)
    wanted = list(dict.fromkeys(["json", *formats]))
    stem = final_stem(sample_id, signed["revision"])
    written = write_reports(signed, folder, wanted, stem=stem, overwrite=False, options=options)
    return SignoutResult(signed, signed["revision"], written, changes)
