"""`make check`: fast checks for contributors, each printing file:line: what is wrong.

Run all with `python -m playbook.check`, or some by name: `python -m playbook.check spelling links`.
Run from the project folder: the template and reference checks use this folder's macros.
Settings live in the usual files so editors and pre-commit read them too:
.yamllint.yml, .codespellrc (+ .codespell-ignore), .pymarkdown.json.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .checks import data, links, markdown, reference, spelling, templates, todo, workflows, yaml
from .checks.common import Finding
from . import prebuild

# In the order they run: the quick ones first, the build last.
def prebuild_check(root: Path) -> list[Finding]:
    """The pre-build step's problems (symlinks, data, pages, other files), as findings."""
    return [Finding(*_split(line)) for line in prebuild.problems(root)]


def _split(line: str) -> tuple[str, int | None, str]:
    """(file, line, message) of one pre-build line, `file:line: message` or `file: message`."""
    where, _, message = line.partition(": ")
    file, _, number = where.partition(":")
    return (file, int(number), message) if number.isdigit() else (where, None, message)


CHECKS: dict[str, Callable[[Path], list[Finding]]] = {
    "yaml": yaml.check,
    "prebuild": prebuild_check,
    "data": data.check,
    "spelling": spelling.check,
    "markdown": markdown.check,
    "todo": todo.check,
    "reference": reference.check,
    "templates": templates.check,
    "workflows": workflows.check,
    "links": links.check,
}
# A check that builds the site runs only after its guard found nothing: a page the
# template guard refuses is never rendered, not even into build/check-site.
GUARDS = {"links": "prebuild"}


def _run_one(name: str, root: Path) -> list[Finding]:
    """Run one check, print its findings and its status line; return the findings."""
    findings = CHECKS[name](root)
    for finding in findings:
        print(finding)
    print(f"check {name}: {f'{len(findings)} problem(s)' if findings else 'ok'}", file=sys.stderr)
    return findings


def main(argv: list[str] | None = None) -> int:
    """Run the named checks (all by default); print findings; 1 if any, else 0."""
    parser = argparse.ArgumentParser(prog="python -m playbook.check", description=__doc__.splitlines()[0])
    parser.add_argument("checks", nargs="*", choices=[[], *CHECKS], metavar="CHECK",
                        help=f"some of: {', '.join(CHECKS)} (default: all)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    results: dict[str, list[Finding]] = {}
    for name in args.checks or list(CHECKS):
        guard = GUARDS.get(name)
        if guard and guard not in results:
            results[guard] = _run_one(guard, root)
        if guard and results[guard]:
            results[name] = [Finding(name, None, f"not run: check {guard} found problems (above); the site is "
                                     "not built while a page holds template code it refuses")]
            print(results[name][0])
            print(f"check {name}: skipped", file=sys.stderr)
            continue
        if name not in results:
            results[name] = _run_one(name, root)
    failed = sum(bool(findings) for findings in results.values())
    if failed:
        print(f"make check: {failed} check(s) failed; fix the lines above and run it again.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
