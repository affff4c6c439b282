"""Macros of the security part: the client baseline mapped to four frameworks (data/frameworks.yml)."""
from __future__ import annotations

from collections.abc import Sequence

from .records import FrameworkArea, Handbook
from .rendering import render_template


def render_framework_mapping(areas: Sequence[FrameworkArea]) -> str:
    """HTML table: each control area and what to do, then its reference in each framework."""
    # HTML rather than a Markdown table: the first cell holds a name over a sentence.
    return render_template("framework_mapping.html.j2", areas=areas)


def framework_mapping(handbook: Handbook) -> str:
    """The client baseline of data/frameworks.yml beside CIS IG1, NIST CSF 2.0, Essential Eight, Cyber Essentials."""
    return render_framework_mapping(handbook.frameworks)
