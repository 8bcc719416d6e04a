"""The error tree. The library raises these; only ``cli.py`` turns them into exit codes.

Messages follow the compiler convention ``file:line: what was expected, got what`` so a lab
can find the offending row without a traceback.
"""

from __future__ import annotations

from pathlib import Path


class AnnotatorError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1

    def detail_lines(self) -> list[str]:
        """Optional extra lines (an excerpt with a caret) shown under the one-line message."""
        return []


class UsageError(AnnotatorError):
    """The command was called wrongly (bad option value, contradictory options)."""

    exit_code = 2


class InputFormatError(AnnotatorError):
    """An input file is not what its format promises. Names file, line and column."""

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        line: int | None = None,
        column: str | None = None,
        excerpt: str | None = None,
        caret: tuple[int, int] | None = None,
    ) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        self.column = column
        self.excerpt = excerpt
        self.caret = caret
        where = f"{self.path}:{line}" if line is not None else self.path
        what = f"column '{column}': {problem}" if column is not None else problem
        super().__init__(f"{where}: {what}")

    def detail_lines(self) -> list[str]:
        if self.excerpt is None or self.caret is None:
            return []
        start, length = self.caret
        return [f"    {self.excerpt}", "    " + " " * start + "^" * max(length, 1)]


class UnknownFormatError(InputFormatError):
    """No parser recognises the file."""


class AmbiguousFormatError(InputFormatError):
    """More than one parser claims the file."""


class KnowledgebaseError(AnnotatorError):
    """The knowledgebase does not validate. Carries every problem, each with file and path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        head = problems[0] if problems else "knowledgebase is invalid"
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(head + more)

    def detail_lines(self) -> list[str]:
        return [f"    {p}" for p in self.problems[1:]]


class OutputError(AnnotatorError):
    """A report could not be written (permissions, disk full, path is a file)."""
