"""Contributor tooling: checks catch planted faults with file:line, scaffold, reference, CI files."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site
from playbook.project import TOOL_FOLDERS

# Copied for a scratch project: everything a build and the checks read.
_IGNORED = shutil.ignore_patterns(*TOOL_FOLDERS, "tests", "benchmarks")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project in tmp_path, safe to break."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=_IGNORED, symlinks=True)
    return copy


@pytest.fixture
def stub_project(project: Path) -> Path:
    """The project copy with every page a one-line stub: it builds in seconds, with the whole navigation."""
    for page in (project / "docs").rglob("*.md"):
        page.write_text("# Stub\n", encoding="utf-8")
    return project


def run_check(project: Path, *checks: str) -> subprocess.CompletedProcess[str]:
    """`python -m playbook.check CHECKS` in `project`, as `make check` runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "playbook.check", *checks], cwd=project, env=env,
                          capture_output=True, text=True, check=False)


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first line containing `old` by `new`; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if old in line)
    lines[number] = lines[number].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")
    return number + 1


def append(path: Path, text: str) -> int:
    """Append lines to a file; return the line number of the first appended line."""
    before = path.read_text(encoding="utf-8")
    if not before.endswith("\n"):
        before += "\n"
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1 + next(i for i, line in enumerate(text.splitlines()) if line.strip())


# --- Each check passes on the real project ------------------------------------------------------

@pytest.mark.parametrize("check", ["yaml", "data", "spelling", "markdown", "todo", "reference", "templates",
                                   "workflows"])
def test_fast_checks_pass_on_the_project(check: str) -> None:
    result = run_check(ROOT, check)
    assert result.returncode == 0, result.stdout + result.stderr


# --- Each check catches a planted fault, naming file and line ----------------------------------

def test_misspelling_is_reported_with_file_and_line(project: Path) -> None:
    line = append(project / "docs" / "tools" / "rmm.md", "\nThe agent recieves its policy from the server.\n")
    result = run_check(project, "spelling")
    assert result.returncode == 1
    assert f"docs/tools/rmm.md:{line}: spelling: recieves ==> receives" in result.stdout


def test_broken_anchor_is_reported_with_file_and_line(stub_project: Path) -> None:
    line = append(stub_project / "docs" / "tools" / "rmm.md", "\nSee [the PSA side](psa.md#no-such-section).\n")
    result = run_check(stub_project, "links")
    assert result.returncode == 1
    assert f"docs/tools/rmm.md:{line}: broken link 'psa.md#no-such-section'" in result.stdout
    assert "does not contain an anchor '#no-such-section'" in result.stdout


def test_broken_anchor_in_raw_html_is_caught_by_lychee(stub_project: Path) -> None:
    line = append(stub_project / "docs" / "tools" / "rmm.md", '\n<p><a href="../psa/#nowhere-at-all">PSA</a></p>\n')
    result = run_check(stub_project, "links")
    assert result.returncode == 1
    assert re.search(rf"^docs/tools/rmm\.md:{line}: broken link in the built page: tools/psa/?#nowhere-at-all",
                     result.stdout, re.M), result.stdout


def test_bad_data_field_is_reported_with_file_and_line(project: Path) -> None:
    line = replace_line(project / "data" / "vendors.yml", "  website: https://usehalo.com/",
                        "  website: usehalo.com")
    result = run_check(project, "data")
    assert result.returncode == 1
    assert f'data/vendors.yml:{line}: entry "halopsa", field "website"' in result.stdout
    assert "https://" in result.stdout


def test_yaml_style_fault_is_reported_with_file_and_line(project: Path) -> None:
    line = append(project / "data" / "vendors.yml", "\n- id: tabbed\n  name: Tabbed   \n")
    result = run_check(project, "yaml")
    assert result.returncode == 1
    assert f"data/vendors.yml:{line + 1}: trailing spaces" in result.stdout


def test_markdown_fault_is_reported_with_file_and_line(project: Path) -> None:
    line = append(project / "docs" / "tools" / "rmm.md", "\n##A heading without its space\n")
    result = run_check(project, "markdown")
    assert result.returncode == 1
    assert f"docs/tools/rmm.md:{line}: Markdown style: MD018" in result.stdout


# The grammar itself is tested in test_grammar.py; here, that `make check` reports it by file and line.
@pytest.mark.parametrize(("planted", "expected"), [
    ("{{ vendor_lst('psa') }}", '"vendor_lst" is not a macro of the handbook (did you mean "vendor_list"?)'),
    ("{% for x in [1] %}{{ x }}{% endfor %}", '"{% for %}" is not allowed in a page'),
])
def test_forbidden_template_syntax_is_reported_with_file_and_line(project: Path, planted: str,
                                                                  expected: str) -> None:
    line = append(project / "docs" / "tools" / "rmm.md", f"\n{planted}\n")
    result = run_check(project, "templates")
    assert result.returncode == 1
    assert f"docs/tools/rmm.md:{line}: " in result.stdout
    assert expected in result.stdout


def test_raw_blocks_and_documented_calls_are_allowed(project: Path) -> None:
    append(project / "docs" / "tools" / "rmm.md",
           '\n{% raw %}{{ config }}{% endraw %}\n\n{{ vendor_list("rmm") }}\n')
    result = run_check(project, "templates")
    assert result.returncode == 0, result.stdout


def test_leftover_todo_is_reported(project: Path) -> None:
    line = append(project / "docs" / "tools" / "rmm.md", "\nTODO: finish this.\n")
    result = run_check(project, "todo")
    assert result.returncode == 1
    assert f"docs/tools/rmm.md:{line}: unfinished" in result.stdout


# --- Macro reference ----------------------------------------------------------------------------

def test_every_registered_macro_is_documented() -> None:
    from macros.reference import reference_problems

    assert reference_problems() == []


def test_undocumented_macro_fails_the_reference_check(project: Path) -> None:
    init = project / "macros" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    init.write_text(text.replace("MACROS = {\n", 'MACROS = {\n    "extra_table": rendering.tool_category_table,\n', 1),
                    encoding="utf-8")
    result = run_check(project, "reference", "templates")
    assert result.returncode == 1
    assert 'macros/reference.yml: macro "extra_table" is registered in macros/__init__.py but not documented' \
        in result.stdout


def test_every_documented_example_renders() -> None:
    from macros.loading import load_handbook
    from macros.reference import load_reference, render_example

    handbook = load_handbook(ROOT / "data")
    for name, entry in load_reference().items():
        for example in entry["examples"]:
            assert example["call"].startswith(name + "("), f"{name}: example calls another macro"
            output = render_example(handbook, example["call"])
            assert str(output).strip(), f"{name}: {example['call']} rendered nothing"


def test_reference_page_shows_every_macro(built_site: Path) -> None:
    from macros.reference import registered_macros

    html = (built_site / "contributing" / "macros" / "index.html").read_text(encoding="utf-8")
    for name in registered_macros():
        assert f'id="{name}"' in html, f"{name} is missing from the macro reference page"
    assert "Not documented yet" not in html


def test_example_headings_leave_the_outline_and_give_back_their_slug() -> None:
    """Headings inside an example (nested ones too) lose id, permalink and TOC line; real ones keep them."""
    import markdown

    text = ("## Intro\n\n"
            '<aside class="msp-example" markdown data-search-exclude>\n\n### glossary\n\n'
            '<aside class="msp-example" markdown>\n\n## A\n\n</aside>\n\n'
            '## Terms {: .msp-checklist__heading }\n\n</aside>\n\n'
            '<aside class="note" markdown>\n\n### Kept\n\n</aside>\n\n'
            "## glossary\n")
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc", "macros.examples"],
                           extension_configs={"toc": {"permalink": True}})
    html = md.convert(text)

    assert re.findall(r'id="([^"]+)"', html) == ["intro", "kept", "glossary"]
    assert html.count("headerlink") == 3 and 'href="#glossary"' in html
    assert "<h3>glossary</h3>" in html and "<h2>A</h2>" in html and "Terms</h2>" in html

    def outline(tokens: list[dict]) -> list:
        return [(token["id"], outline(token["children"])) for token in tokens]
    assert outline(md.toc_tokens) == [("intro", [("kept", [])]), ("glossary", [])]


def test_reference_outline_lists_only_the_macros(built_site: Path) -> None:
    """The reference's TOC lists its macros, each heading's anchor the macro's name; it is out of search."""
    from macros.reference import registered_macros

    html = (built_site / "contributing" / "macros" / "index.html").read_text(encoding="utf-8")
    toc = html.split('<nav class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    names = sorted(registered_macros())
    assert re.findall(r'href="#([^"]+)"', toc) == names
    for name in names:
        assert re.search(rf'<h2 id="{name}">{name}<a class="headerlink" href="#{name}"', html), name
    # The glossary example: its letter bar, then its first letter's heading.
    assert re.search(r'<aside class="msp-example"[^>]*>\s*(?:<p>)?<nav [^>]*class="msp-az".*?</nav>(?:</p>)?\s*<h2>A</h2>', html, re.S)
    # Out of search (`search: exclude: true`): macro names are made of readers' words.
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert [d for d in docs if d["location"].startswith("contributing/macros/")] == []


# --- Edit links and the contributing page ------------------------------------------------------

def test_contributing_page_is_the_top_level_file(built_site: Path) -> None:
    html = (built_site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "Contributing to The MSP Playbook" in html
    assert 'href="https://github.com/msp-playbook/handbook/edit/main/CONTRIBUTING.md"' in html
    # Project-file links become code-host links; page links stay site links.
    assert 'href="https://github.com/msp-playbook/handbook/blob/main/data/vendors.yml"' in html
    assert 'href="macros/"' in html


def test_data_pages_edit_their_data_file(built_site: Path) -> None:
    glossary = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/msp-playbook/handbook/edit/main/data/glossary.yml"' in glossary
    ordinary = (built_site / "tools" / "rmm" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/msp-playbook/handbook/edit/main/docs/tools/rmm.md"' in ordinary


# --- Scaffold ----------------------------------------------------------------------------------

def scaffold(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m playbook.scaffold ARGS` in `project`, without a terminal."""
    return subprocess.run([sys.executable, "-m", "playbook.scaffold", *args], cwd=project,
                          capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)


@pytest.mark.slow
def test_scaffolded_chapter_builds_and_is_in_the_navigation(stub_project: Path, tmp_path: Path) -> None:
    project = stub_project
    config_before = (project / "mkdocs.yml").read_text(encoding="utf-8")
    result = scaffold(project, "--title", "Patch management: a first look", "--part", "tools")
    assert result.returncode == 0, result.stderr
    page = project / "docs" / "tools" / "patch-management-a-first-look.md"
    assert page.is_file()
    config_after = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # Exactly one line added; every comment kept.
    added = [line for line in config_after.splitlines() if line not in config_before.splitlines()]
    assert added == ["      - tools/patch-management-a-first-look.md"]
    site = tmp_path / "site"
    built = build_site(project, site)
    assert built.returncode == 0, built.stdout + built.stderr
    html = (site / "tools" / "patch-management-a-first-look" / "index.html").read_text(encoding="utf-8")
    # The heading may carry glossary hovers, so check its anchor and the page title.
    assert '<h1 id="patch-management-a-first-look">' in html
    assert "<title>Patch management: a first look - The MSP Playbook</title>" in html
    nav = (site / "tools" / "rmm" / "index.html").read_text(encoding="utf-8")
    assert 'href="../patch-management-a-first-look/"' in nav
    # The new page passes every check but the one that asks for its TODOs to be written.
    checks = run_check(project, "yaml", "spelling", "markdown", "templates")
    assert checks.returncode == 0, checks.stdout


def test_scaffold_refuses_a_duplicate(project: Path) -> None:
    result = scaffold(project, "--title", "RMM", "--part", "tools")
    assert result.returncode == 2
    assert "docs/tools/rmm.md already exists" in result.stderr


def test_scaffold_refuses_an_unknown_part(project: Path) -> None:
    before = (project / "mkdocs.yml").read_text(encoding="utf-8")
    result = scaffold(project, "--title", "Anything", "--part", "tool")
    assert result.returncode == 2
    assert "PART 'tool' is not a part of the handbook; expected one of:" in result.stderr
    assert "tools (Tools and their jobs)" in result.stderr
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == before


def test_scaffold_without_a_title_and_no_terminal_says_what_to_set(project: Path) -> None:
    result = scaffold(project, "--part", "tools")
    assert result.returncode == 2
    assert 'TITLE="..."' in result.stderr


# --- Repository automation ---------------------------------------------------------------------

GITHUB = ROOT / ".github"


def _workflow(name: str) -> dict:
    """A workflow file as data (`on` read as text, not true)."""
    text = (GITHUB / "workflows" / name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)


def test_pull_request_workflow_runs_what_ci_runs() -> None:
    ci_commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                   if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))]
    workflow = _workflow("pull-request.yml")
    assert "pull_request" in workflow["on"]
    job = workflow["jobs"]["test"]
    assert job["container"].startswith("python:3.11-") and "bookworm" in job["container"]
    runs = [step["run"].strip() for step in job["steps"] if "run" in step]
    assert runs == ci_commands == ["make test"]
    assert "secrets." not in (GITHUB / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    from playbook.checks.links import CHECK_SITE

    assert upload["with"]["path"].rstrip("/") == CHECK_SITE.as_posix()


def test_every_workflow_runs_in_the_same_image_pinned_by_digest() -> None:
    """A tag can be moved to another image; a digest cannot."""
    containers = {name.name: job["container"] for name in sorted((GITHUB / "workflows").glob("*.yml"))
                  for job in _workflow(name.name)["jobs"].values() if "container" in job}
    assert set(containers) == {"deploy.yml", "link-check.yml", "pull-request.yml"}, containers
    assert len(set(containers.values())) == 1, containers
    assert all(re.fullmatch(r"python:3\.11-bookworm@sha256:[0-9a-f]{64}", image) for image in containers.values())


def test_deploy_workflow_uses_the_official_pages_actions() -> None:
    steps = _workflow("deploy.yml")["jobs"]
    uses = [step.get("uses", "").split("@")[0] for job in steps.values() for step in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    runs = " ".join(step.get("run", "") for step in steps["build"]["steps"])
    assert "make build" in runs and "make pdf" in runs


def test_new_tool_form_matches_the_vendor_schema() -> None:
    schema = json.loads((ROOT / "data" / "schema" / "vendors.schema.json").read_text(encoding="utf-8"))["items"]
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "new-tool.yml").read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    # Every schema property has a field of the same id; extra fields are for reviewers only.
    assert set(schema["properties"]) <= set(fields)
    assert set(fields) - set(schema["properties"]) <= {"sources", "affiliation"}
    for name, field in fields.items():
        if name in schema["properties"]:
            required = field.get("validations", {}).get("required", False)
            assert required == (name in schema["required"]), f"{name}: required differs from the schema"
    categories = yaml.safe_load((ROOT / "data" / "categories.yml").read_text(encoding="utf-8"))
    assert fields["category"]["attributes"]["options"] == [c["id"] for c in categories]


def test_new_chapter_form_offers_the_scaffold_parts() -> None:
    from playbook.scaffold import find_parts

    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "new-chapter.yml").read_text(encoding="utf-8"))
    part = next(item for item in form["body"] if item.get("id") == "part")
    parts = find_parts((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert sorted(part["attributes"]["options"]) == sorted(parts)


def code_owners(path: str, rules: list[tuple[str, list[str]]]) -> list[str]:
    """The owners GitHub gives `path`: those of the last rule whose pattern matches it."""
    owners: list[str] = []
    for pattern, names in rules:
        bare = pattern.strip("/").rstrip("*")
        if pattern == "*" or path == bare or path.startswith(bare.rstrip("/") + "/") or \
                (pattern.endswith("*") and path.startswith(bare)):
            owners = names
    return owners


def test_codeowners_cover_everything_but_prose_and_data() -> None:
    """Any path outside docs/ and data/ (new top-level files too) needs a maintainer; pages and data do not."""
    rules = [(line.split()[0], line.split()[1:]) for line in
             (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    for path in ("hooks/offline.py", "macros/grammar.py", "playbook/prebuild.py", "scripts/pdf.py", "overrides/main.html",
                 "docs/assets/javascripts/checklists.js", "tests/conftest.py", ".ci/run", ".github/CODEOWNERS",
                 "Makefile", "mkdocs.yml", "requirements.lock", "pyproject.toml", "package.json",
                 "data/schema/vendors.schema.json", "conftest.py", "pytest.ini", "argparse.py", ".codespellrc"):
        assert code_owners(path, rules), path
    for path in ("docs/tools/rmm.md", "docs/tools/screenshot.png", "data/vendors.yml", "data/checklists/x.yml"):
        assert code_owners(path, rules) == [], path


def test_workflow_actions_are_pinned_to_commits() -> None:
    """Every action is pinned to a full commit SHA with its version in a comment."""
    for workflow in sorted((GITHUB / "workflows").glob("*.yml")):
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), (workflow.name, line)


def test_dependabot_watches_pip_and_actions() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions"}


def test_editor_maps_every_data_file_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for data_file in sorted((ROOT / "data").glob("*.yml")):
        schema = f"data/schema/{data_file.stem}.schema.json"
        assert settings.get(schema) == f"data/{data_file.name}", f"{data_file.name} has no schema in settings"
    for folder in sorted(p for p in (ROOT / "data").iterdir() if p.is_dir() and p.name != "schema"):
        assert f"data/{folder.name}/*.yml" in settings.values(), f"data/{folder.name}/ has no schema in settings"
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_pre_commit_runs_the_same_checks() -> None:
    from playbook.check import CHECKS

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [shlex.split(hook["entry"]) for repo in config["repos"] for hook in repo["hooks"]]
    covered = {name for entry in entries for name in entry[3:]}
    assert all(entry[:3] == [".venv/bin/python", "-m", "playbook.check"] for entry in entries)
    assert covered == set(CHECKS)


def test_make_test_runs_make_check_first() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^test:(.*)$", makefile, re.M)
    assert target and "$(ZENSICAL_STAMP)" in target.group(1).split()
    assert target and "check" in target.group(1).split()


# --- The template guard covers every page and comes before any build ---------------------------

def test_guard_knows_every_suffix_mkdocs_builds_into_a_page() -> None:
    from mkdocs.utils import markdown_extensions

    from playbook.project import PAGE_SUFFIXES

    assert set(PAGE_SUFFIXES) == set(markdown_extensions)


@pytest.mark.parametrize("suffix", [".markdown", ".mdown", ".mkdn", ".mkd"])
def test_guard_reads_pages_of_every_suffix(project: Path, suffix: str) -> None:
    page = project / "docs" / "tools" / f"planted{suffix}"
    page.write_text("---\nrender_macros: true\n---\n# Planted\n\n{{ config }}\n", encoding="utf-8")
    result = run_check(project, "templates")
    assert result.returncode == 1
    assert f"docs/tools/planted{suffix}:6: " in result.stdout


def test_guard_stops_the_link_step_before_anything_is_built(project: Path) -> None:
    marker = project / "payload-ran"
    (project / "docs" / "tools" / "planted.md").write_text(
        "---\nrender_macros: true\n---\n# Planted\n\n"
        f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\n", encoding="utf-8")
    result = run_check(project, "links")
    assert result.returncode == 1
    assert "docs/tools/planted.md:6: \"cycler\" is not a macro of the handbook" in result.stdout
    assert "links: not run: check prebuild found problems" in result.stdout
    assert not marker.exists()
    assert not (project / "build").exists()


@pytest.mark.parametrize(("meta", "settings", "rendered"), [
    ({}, {}, True),
    ({"render_macros": False}, {}, False),
    ({"render_macros": 0}, {}, False),                  # the plugin compares with ==
    ({}, {"render_by_default": False}, False),
    ({"render_macros": True}, {"render_by_default": False}, True),
    ({}, {"render_by_default": False, "force_render_paths": "tools/*.md"}, True),
])
def test_guard_reads_the_pages_mkdocs_macros_renders(meta: dict, settings: dict, rendered: bool) -> None:
    from playbook.checks.templates import rendered_as_template

    assert rendered_as_template(meta, "tools/rmm.md", settings) is rendered


def test_guard_refuses_extra_templates_and_names_unreadable_pages(project: Path) -> None:
    append(project / "mkdocs.yml", "extra_templates:\n  - feed.xml\n")
    (project / "docs" / "tools" / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    result = run_check(project, "templates")
    assert result.returncode == 1
    assert "mkdocs.yml: extra_templates: feed.xml would be rendered" in result.stdout
    assert "docs/tools/latin1.md: not UTF-8 text" in result.stdout
    assert "Traceback" not in result.stderr


def test_workflow_faults_are_reported_with_file_and_line(project: Path) -> None:
    """A tag-pinned action (zizmor) and an unknown key (actionlint), in a copy without git."""
    workflow = project / ".github" / "workflows" / "pull-request.yml"
    line = replace_line(workflow, "actions/checkout@", "actions/checkout@v4  # ")
    result = run_check(project, "workflows")
    assert result.returncode == 1
    assert f".github/workflows/pull-request.yml:{line}: zizmor: " in result.stdout
    assert "unpinned action reference" in result.stdout
    key = replace_line(workflow, "runs-on:", "runs-of:")
    result = run_check(project, "workflows")
    assert f".github/workflows/pull-request.yml:{key}: actionlint: " in result.stdout
