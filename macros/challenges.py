"""Render the challenges MSPs face and the strategies against them (data/challenges.yml)."""
from __future__ import annotations

from collections.abc import Sequence

from .records import Challenge, Handbook
from .rendering import render_template


def render_challenge_table(challenges: Sequence[Challenge]) -> str:
    """HTML table of challenges: name (linking to its section) over the problem, then strategies."""
    # HTML rather than a Markdown table: a cell needs a real list of strategies.
    return render_template("challenge_table.html.j2", challenges=challenges)


def challenge_table(handbook: Handbook) -> str:
    """The challenge-to-strategy table of every challenge in data/challenges.yml."""
    return render_challenge_table(handbook.challenges)
