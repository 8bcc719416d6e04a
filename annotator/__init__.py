"""imt-annotator: turn NGS caller output into an IMT-specific clinical molecular report.

Importing the package has no side effects: no network, no file access, no global state.
"""

__version__ = "0.1.0"
