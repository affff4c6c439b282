"""The pre-build step: every check on a contribution, run before either engine renders a page.

`make build`, `make zensical`, `make check` and the pull-request workflow run it, so MkDocs and
Zensical publish nothing a check has not read. One line per problem, file and line first;
exit status 1 when there is any. Run it as `python -P -m playbook.prebuild [--root DIR]`.
"""
from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path

from .checks.templates import page_environment, rendered_as_template
from .project import PAGE_SUFFIXES, load_project


def problems(root: Path) -> list[str]:
    """Every problem in the contribution folders (docs/ and data/), one line each, in file order."""
    from macros import require_page_grammar
    from macros.contributed import check_page, check_static_file, check_symlinks, read_page
    from macros.errors import HandbookError
    from macros.grammar import page_problem
    from macros.loading import handbook_for_build
    from macros.tags import check_page_tags

    project = load_project(root)
    settings, docs = project.macros, project.docs_dir
    try:
        require_page_grammar(settings)
        check_symlinks(root)  # first: nothing below is read through a link
    except HandbookError as error:
        return [error.message]
    found: list[str] = []
    try:
        vocabulary = handbook_for_build(project.data_dir, project.site_url, docs, project.directory_urls).tags
    except HandbookError as error:
        found.append(error.message)
        vocabulary = None
    environment = page_environment(root)
    markers = project.markers
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        relative = path.relative_to(docs).as_posix()
        try:
            if not path.name.endswith(PAGE_SUFFIXES):
                check_static_file(relative)
                continue
            page = read_page(path, f"docs/{relative}")
            check_page(page, root, markers)
            if vocabulary is not None:
                check_page_tags(relative, page.meta.get("tags"), vocabulary)
        except HandbookError as error:
            found.append(error.message)
            continue
        if rendered_as_template(page.meta, relative, settings):
            # The macros engines render the page and, when it holds template markers, its title.
            title = page.meta.get("title")
            if isinstance(title, str) and page_problem(title, environment) is not None:
                _, message = page_problem(title, environment)  # type: ignore[misc]
                found.append(f"docs/{relative}:{page.key_lines.get('title', 2)}: front matter title: "
                             + message.split(": ", 1)[1])
            problem = page_problem(page.body, environment)
            if problem is not None:
                line, message = problem
                found.append(f"docs/{relative}:{line + page.body_line - 1}: "
                             + message.removeprefix(f"line {line}: "))
    return found


@cache
def problems_once(root: Path) -> tuple[str, ...]:
    """`problems(root)`, worked out once per process.

    Zensical executes the macros module afresh for every page it renders, so a cache kept
    there is empty each time; this module is imported once. The cost: a long-running
    `zensical serve` checks once, at its first build; `make zensical` and `make build` run this
    step in a process of its own before every build, and the page grammar is enforced per page.
    """
    return tuple(problems(root))


def main(argv: list[str] | None = None) -> int:
    """Print every problem; 1 if there is any, else 0."""
    parser = argparse.ArgumentParser(prog="python -m playbook.prebuild", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    args = parser.parse_args(argv)
    found = problems(args.root.resolve())
    for line in found:
        print(line)
    if found:
        print(f"pre-build: {len(found)} problem(s); nothing was built. Fix the lines above.", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
