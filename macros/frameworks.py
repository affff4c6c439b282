"""Checklists against frameworks: which checklist items help meet each control (data/controls.yml)."""
from __future__ import annotations

from .errors import MacroArgumentError
from .records import Checklist, ChecklistItem, Control, Framework, Handbook
from .rendering import render_template

Use = tuple[Checklist, ChecklistItem]


def coverage(handbook: Handbook, framework: Framework) -> list[tuple[Control, list[Use]]]:
    """Every control of `framework`, in its order, with the checklist items that name it (none: uncovered)."""
    uses: dict[str, list[Use]] = {framework.key(control): [] for control in framework.controls}
    for checklist in handbook.checklists:
        for item in checklist.items:
            for key in item.controls:
                if key in uses:
                    uses[key].append((checklist, item))
    return [(control, uses[framework.key(control)]) for control in framework.controls]


def _known(handbook: Handbook, framework_id: object) -> Framework:
    """The framework named by a macro argument, or a MacroArgumentError listing the known IDs."""
    found = handbook.framework(framework_id) if isinstance(framework_id, str) else None
    if found is None:
        known = ", ".join(f'"{f.id}"' for f in handbook.controls)
        raise MacroArgumentError(f"framework_coverage({framework_id!r}): no framework has this id; expected one of: "
                                 f"{known} (the ids in data/controls.yml)")
    return found


def framework_coverage(handbook: Handbook, framework_id: str) -> str:
    """Every control of one framework with the checklist items that help meet it, and those no item covers."""
    framework = _known(handbook, framework_id)
    rows = coverage(handbook, framework)
    covered = sum(1 for _, uses in rows if uses)
    return render_template("framework_coverage.md.j2", framework=framework, rows=rows, covered=covered)
