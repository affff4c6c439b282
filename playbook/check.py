"""`make check`: fast checks for contributors, each printing file:line: what is wrong.

Run all with `python -m playbook.check`, or some by name: `python -m playbook.check spelling links`.
Run from the project folder: the template and reference checks use this folder's macros.
Settings live in the usual files so editors and pre-commit read them too:
.yamllint.yml, .codespellrc (+ .codespell-ignore), .pymarkdown.json.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jinja2
import yaml
from jinja2 import nodes

# Folders never checked: tools, builds and git.
SKIPPED = {".venv", ".venv-lock", "site", "build", "node_modules", ".git", ".pytest_cache", ".hypothesis"}
# Where the link check builds the site (also what CI uploads for reviewers).
CHECK_SITE = Path("build") / "check-site"
REFERENCE_PAGE = "docs/contributing/macros.md"


@dataclass(frozen=True)
class Finding:
    """One problem: where (file, line) and what."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """file:line: message, the form editors and CI logs turn into links."""
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


def _tool(name: str) -> str:
    """A command installed in the same virtual environment as this Python."""
    return str(Path(sys.executable).parent / name)


def _files(root: Path, pattern: str) -> list[Path]:
    """Files under root matching pattern, outside tool and build folders, sorted."""
    return sorted(p for p in root.rglob(pattern)
                  if p.is_file() and not SKIPPED & set(p.relative_to(root).parts[:-1]))


def _run(command: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    """Run a command in the project folder and capture its output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)


class _AnyTagLoader(yaml.SafeLoader):
    """SafeLoader that reads tags such as !!python/name (mkdocs.yml) as plain values."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """!ENV as MkDocs reads it: the first environment variable that is set, else the last item."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    *names, default = loader.construct_sequence(node)
    return next((os.environ[name] for name in names if name in os.environ), default)


_AnyTagLoader.add_constructor("!ENV", _env_tag)
_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_config(root: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data (tags that name Python objects become None)."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # noqa: S506


# --- YAML style -------------------------------------------------------------------------------

def check_yaml(root: Path) -> list[Finding]:
    """yamllint over every YAML file of the project, with .yamllint.yml."""
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    config = YamlLintConfig(file=str(root / ".yamllint.yml"))
    findings = []
    for path in _files(root, "*.yml") + _files(root, "*.yaml"):
        relative = path.relative_to(root).as_posix()
        if config.is_file_ignored(relative):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            findings.append(Finding(relative, None, "not UTF-8 text; expected the file saved as UTF-8"))
            continue
        for problem in linter.run(text, config, relative):
            findings.append(Finding(relative, problem.line, f"{problem.desc} ({problem.rule or 'syntax'})"))
    return findings


# --- Data against the schemas -----------------------------------------------------------------

def check_data(root: Path) -> list[Finding]:
    """Every data file validated exactly as the build does (macros.loading.load_handbook)."""
    from macros.errors import DataError, HandbookError
    from macros.loading import load_handbook

    try:
        load_handbook(root / "data")
    except DataError as error:
        problem = error.problem
        text = problem.message()
        # The message already starts with file:line; keep the rest as the description.
        return [Finding(problem.file, problem.line, text.split(": ", 1)[1] if ": " in text else text)]
    except HandbookError as error:
        return [Finding("data", None, error.message)]
    return []


# --- Spelling ---------------------------------------------------------------------------------

SPELLING_PATHS = ("docs", "data", "macros", "playbook", "CONTRIBUTING.md", "README.md")
_CODESPELL_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<message>.+)$")


def check_spelling(root: Path) -> list[Finding]:
    """codespell over the prose and data, with .codespellrc and the word list .codespell-ignore."""
    paths = [p for p in SPELLING_PATHS if (root / p).exists()]
    result = _run([_tool("codespell"), *paths], root)
    findings = []
    for line in result.stdout.splitlines():
        match = _CODESPELL_LINE.match(line.strip())
        if match:
            findings.append(Finding(match["file"], int(match["line"]),
                                    f"spelling: {match['message']} (if the word is right, add it in lowercase "
                                    "to .codespell-ignore)"))
    if result.returncode not in (0, 65) and not findings:
        findings.append(Finding("codespell", None, (result.stderr or result.stdout).strip()))
    return findings


# --- Markdown style ---------------------------------------------------------------------------

_PYMARKDOWN_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def check_markdown(root: Path) -> list[Finding]:
    """pymarkdown over docs/ and the top-level Markdown files, with .pymarkdown.json."""
    paths = ["docs"] + [p.name for p in sorted(root.glob("*.md"))]
    result = _run([_tool("pymarkdown"), "--config", ".pymarkdown.json", "scan", "-r", *paths], root)
    findings = []
    for line in (result.stdout + result.stderr).splitlines():
        match = _PYMARKDOWN_LINE.match(line.strip())
        if match:
            file = Path(match["file"])
            shown = file.relative_to(root).as_posix() if file.is_absolute() else file.as_posix()
            findings.append(Finding(shown, int(match["line"]), f"Markdown style: {match['message']}"))
    if result.returncode != 0 and not findings:
        findings.append(Finding("pymarkdown", None, (result.stderr or result.stdout).strip()))
    return findings


# --- Template syntax in pages -----------------------------------------------------------------

# Statements a page must not use, named as the author wrote them.
_STATEMENTS = {
    nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from ... import",
    nodes.Extends: "extends", nodes.For: "for", nodes.If: "if", nodes.Assign: "set",
    nodes.AssignBlock: "set", nodes.Macro: "macro", nodes.CallBlock: "call", nodes.FilterBlock: "filter",
    nodes.With: "with", nodes.Block: "block", nodes.ScopedEvalContextModifier: "autoescape",
}
_LITERALS = (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Keyword, nodes.Neg, nodes.Pos)


def page_environment(root: Path) -> jinja2.Environment:
    """A Jinja environment with the markers the macros plugin uses for pages (j2_* settings)."""
    config = read_mkdocs_config(root)
    settings: dict[str, Any] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "macros" in plugin:
            settings = plugin["macros"] or {}
    names = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string")
    return jinja2.Environment(**{name: settings[f"j2_{name}"] for name in names if f"j2_{name}" in settings})


def _front_matter(text: str) -> dict[str, Any]:
    """A page's YAML front matter, or {} when it has none or it cannot be read."""
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n", text, re.S)
    if not match:
        return {}
    try:
        value = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return value if isinstance(value, dict) else {}


def _macro_list(allowed: frozenset[str]) -> str:
    """The allowed macros, for messages."""
    return ", ".join(sorted(allowed)) or "none"


def _walk_call(call: nodes.Call, allowed: frozenset[str]) -> Iterator[tuple[int, str]]:
    """Problems in one macro call: unknown macro, or arguments that are not plain values."""
    if not isinstance(call.node, nodes.Name):
        yield call.lineno, ("only a macro name may be called, such as tool_category_table(); "
                            f"expected one of: {_macro_list(allowed)}")
        return
    name = call.node.name
    if name not in allowed:
        close = difflib.get_close_matches(name, sorted(allowed), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        yield call.lineno, (f'"{name}" is not a macro in the macro reference{hint}; expected one of: '
                            f"{_macro_list(allowed)} (see {REFERENCE_PAGE})")
    if call.dyn_args is not None or call.dyn_kwargs is not None:
        yield call.lineno, f"{name}(): expected plain arguments, not *args or **kwargs"
    for argument in [*call.args, *call.kwargs]:
        for node in argument.find_all(nodes.Node):
            if not isinstance(node, _LITERALS):
                yield node.lineno, (f"{name}(): arguments must be plain values (text in quotes, numbers, "
                                    "true/false, lists); expected no variables, filters or expressions")
                break
        if not isinstance(argument, _LITERALS):
            yield argument.lineno, (f"{name}(): arguments must be plain values (text in quotes, numbers, "
                                    "true/false, lists); expected no variables, filters or expressions")


def template_problems(source: str, env: jinja2.Environment, allowed: frozenset[str]) -> list[tuple[int, str]]:
    """(line, problem) for template syntax in a page that is not a plain call of an allowed macro."""
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as error:
        return [(error.lineno, f"template syntax error: {error.message}; expected {{{{ macro(...) }}}} "
                 "calls only (to show literal braces, wrap them in {% raw %} ... {% endraw %})")]
    problems: list[tuple[int, str]] = []
    for statement in tree.body:
        if isinstance(statement, nodes.Output):
            for node in statement.nodes:
                if isinstance(node, nodes.TemplateData):
                    continue
                if isinstance(node, nodes.Call):
                    problems.extend(_walk_call(node, allowed))
                elif isinstance(node, nodes.Name):
                    problems.append((node.lineno, f'"{{{{ {node.name} }}}}" is not a macro call; pages may only '
                                     f"call the macros in the macro reference: {_macro_list(allowed)}"))
                else:
                    problems.append((node.lineno, "only macro calls such as {{ tool_category_table() }} may "
                                     f"appear in a page; expected one of: {_macro_list(allowed)}"))
        else:
            tag = next((word for kind, word in _STATEMENTS.items() if isinstance(statement, kind)),
                       type(statement).__name__.lower())
            problems.append((statement.lineno, f'"{{% {tag} %}}" is not allowed in a page; expected only '
                             f"macro calls from the macro reference ({REFERENCE_PAGE})"))
    return sorted(set(problems))


def check_templates(root: Path) -> list[Finding]:
    """Pages call only macros the macro reference documents, with plain arguments."""
    from macros.reference import documented_macros

    env = page_environment(root)
    allowed = documented_macros()
    findings = []
    for path in _files(root / "docs", "*.md"):
        text = path.read_text(encoding="utf-8")
        if _front_matter(text).get("render_macros") is False:
            continue
        relative = path.relative_to(root).as_posix()
        findings.extend(Finding(relative, line, message) for line, message in template_problems(text, env, allowed))
    return findings


# --- Unfinished pages -------------------------------------------------------------------------

def check_todo(root: Path) -> list[Finding]:
    """No TODO left in a page (the chapter template marks what to write with TODO)."""
    findings = []
    for path in _files(root / "docs", "*.md"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "TODO" in line:
                findings.append(Finding(path.relative_to(root).as_posix(), number,
                                        "unfinished: TODO left from the chapter template; expected your own text"))
    return findings


# --- Macro reference --------------------------------------------------------------------------

def check_reference(root: Path) -> list[Finding]:
    """Every registered macro is documented in macros/reference.yml, and nothing stale is."""
    from macros.errors import HandbookError
    from macros.reference import reference_problems

    try:
        problems = reference_problems()
    except HandbookError as error:
        return [Finding("macros/reference.yml", None, error.message)]
    return [_reference_finding(problem) for problem in problems]


def _reference_finding(problem: str) -> Finding:
    """A reference problem ("file: message") as a Finding."""
    file, _, message = problem.partition(": ")
    return Finding(file, None, message) if file.startswith("macros/") else Finding("macros/__init__.py", None, problem)


# --- Links and anchors in the built site ------------------------------------------------------

_MKDOCS_LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains (?:an? )?(?:\w+ )*?link '(?P<target>[^']+)'(?P<rest>.*)")


def _source_line(source: Path, target: str) -> int | None:
    """First line of a source page that contains a link target (None if a macro generated it)."""
    if not source.is_file():
        return None
    needles = [f"({target}", f'"{target}"', f"'{target}'", target]
    lines = source.read_text(encoding="utf-8").splitlines()
    for needle in needles:
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None


def _build_findings(root: Path, output: str) -> list[Finding]:
    """MkDocs' link and anchor warnings as file:line findings, or the build's error."""
    findings = []
    for line in output.splitlines():
        match = _MKDOCS_LINK.search(line)
        if match:
            source = root / "docs" / match["page"]
            found = _source_line(source, match["target"])
            rest = match["rest"].strip(" ,.")
            note = "" if found else " (the link may come from a macro)"
            findings.append(Finding(f"docs/{match['page']}", found,
                                    f"broken link '{match['target']}': {rest}{note}"))
    if not findings:
        errors = [line for line in output.splitlines() if line.startswith(("ERROR", "WARNING"))]
        findings.append(Finding("mkdocs.yml", None, "the strict build failed: "
                                + (" | ".join(errors) or output.strip()[-2000:])))
    return findings


def _page_source(root: Path, site: Path, html: Path) -> Path:
    """The Markdown page a built HTML file came from (best guess from the path)."""
    relative = html.relative_to(site)
    folder = relative.parent
    for candidate in (folder.with_suffix(".md"), folder / "index.md", folder / "README.md"):
        if str(candidate) != ".md" and (root / "docs" / candidate).is_file():
            return root / "docs" / candidate
    return html


def _site_root(root: Path, site: Path) -> Path:
    """A folder that resolves root-relative links (/handbook/...) the way the published site does.

    The site is published under the path of site_url, so a folder named like that path
    (a link to the built site) is placed inside a scratch root.
    """
    prefix = urlparse(str(read_mkdocs_config(root).get("site_url") or "")).path.strip("/")
    if not prefix:
        return site
    scratch = site.parent / "check-root"
    link = scratch / prefix
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(site.resolve(), target_is_directory=True)
    return scratch


def check_links(root: Path) -> list[Finding]:
    """Strict build into build/check-site, then lychee offline: 0 broken internal links or anchors."""
    site = root / CHECK_SITE
    result = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], root)
    if result.returncode != 0:
        return _build_findings(root, result.stdout + result.stderr)
    report = site.parent / "lychee.json"
    report.unlink(missing_ok=True)
    lychee = _run([_tool("lychee"), "--offline", "--include-fragments", "--index-files", "index.html",
                   "--root-dir", str(_site_root(root, site)), "--no-progress", "--format", "json",
                   "--output", str(report),
                   # PDFs are made by `make pdf`, not by this build; 404.html is served from any path.
                   "--exclude", r"/pdf/[^/]+\.pdf$", "--exclude-path", str(site / "404.html"), str(site)], root)
    if not report.is_file():
        return [Finding("lychee", None, (lychee.stderr or lychee.stdout).strip() or "no report written")]
    data = json.loads(report.read_text(encoding="utf-8"))
    findings = []
    for html, failures in sorted((data.get("error_map") or data.get("fail_map") or {}).items()):
        source = _page_source(root, site, Path(html))
        shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
        for failure in failures:
            url = failure.get("url", "")
            status = failure.get("status", {})
            text = status.get("text") if isinstance(status, dict) else str(status)
            # Look the link up in the source by its file name or anchor, whichever it shows.
            key = url.rsplit("#", 1)[-1] if "#" in url else Path(url.split("?")[0]).name
            line = _source_line(source, key) if source.suffix == ".md" else None
            shown_url = url.replace(site.as_uri() + "/", "")
            findings.append(Finding(shown, line, f"broken link in the built page: {shown_url} ({text})"))
    if lychee.returncode != 0 and not findings:
        findings.append(Finding("lychee", None, (lychee.stderr or lychee.stdout).strip()))
    return findings


CHECKS: dict[str, Callable[[Path], list[Finding]]] = {
    "yaml": check_yaml,
    "data": check_data,
    "spelling": check_spelling,
    "markdown": check_markdown,
    "todo": check_todo,
    "reference": check_reference,
    "templates": check_templates,
    "links": check_links,
}


def main(argv: list[str] | None = None) -> int:
    """Run the named checks (all by default); print findings; 1 if any, else 0."""
    parser = argparse.ArgumentParser(prog="python -m playbook.check", description=__doc__.splitlines()[0])
    parser.add_argument("checks", nargs="*", choices=[[], *CHECKS], metavar="CHECK",
                        help=f"some of: {', '.join(CHECKS)} (default: all)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    failed = 0
    for name in args.checks or list(CHECKS):
        findings = CHECKS[name](root)
        for finding in findings:
            print(finding)
        status = f"{len(findings)} problem(s)" if findings else "ok"
        print(f"check {name}: {status}", file=sys.stderr)
        failed += bool(findings)
    if failed:
        print(f"make check: {failed} check(s) failed; fix the lines above and run it again.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
