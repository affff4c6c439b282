"""One page grammar, one implementation: `{{ macro(literal) }}` calls and `{% raw %}` blocks, nothing else."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from conftest import ROOT
from macros import MACROS, require_page_grammar
from macros.errors import HandbookError
from macros.grammar import GRAMMAR_EXTENSION, PageGrammarError, page_problem
from playbook.checks.templates import page_environment
from playbook.project import read_mkdocs_config

# What the wider grammar once let through, and the sandbox then had to stop.
REFUSED = {
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}": '"cycler" is not a macro',
    "{{ lipsum.__globals__['os'] }}": '"lipsum" is not a macro',
    "{{ ''.__class__.__mro__[1].__subclasses__() }}": "only a macro call",
    "{{ tool_category_table.func }}": "must be called",
    "{{ tool_category_table().__class__ }}": "must be the whole expression",
    "{{ glossary() | upper }}": "must be the whole expression",
    "{{ page.title }}": '"page" is not a macro',
    "{{ config }}": '"config" is not a macro',
    "{{ macros_info() }}": '"macros_info" is not a macro',
    "{{ 'x' * 100000000 }}": "only a macro call",
    "{{ 2 ** 1000000 }}": "only a macro call",
    "{{ '{0:>999999999}'.format(1) }}": "only a macro call",
    "{{ checklist('a' ~ 'b') }}": "arguments must be plain values",
    "{{ checklist('%999999999d' % 1) }}": "arguments must be plain values",
    "{{ checklist(page) }}": "is a name, not a value",
    "{{ checklist(id=x) }}": "arguments must be plain values",
    "{{ checklist(*ids) }}": "arguments must be plain values",
    "{{ checklist(-'a') }}": "a minus sign may only stand before a number",
    "{{ glossary(a=1, 2) }}": "a plain value may not follow",
    "{{ checklst('x') }}": 'did you mean "checklist"',
    "{% for i in range(3) %}{{ i }}{% endfor %}": '"{% for %}" is not allowed',
    "{% set x = 1 %}": '"{% set %}" is not allowed',
    "{% include 'index.md' %}": '"{% include %}" is not allowed',
    "{% macro f() %}{% endmacro %}": '"{% macro %}" is not allowed',
    "{{ glossary() }}{{ 1 }}": "only a macro call",
    "{{ vendor_list( }}": "template syntax error",
    "{{ checklist([[[[[[[[[[1]]]]]]]]]]) }}": "nest more than",
}
ALLOWED = [
    "Plain text, no template at all.",
    '{{ checklist("client-onboarding") }}',
    "{{ checklist('a', compact=true, limit=-3, ratio=1.5, names=['x', 'y'], pairs={'k': (1, 2)}) }}",
    '{{ glossary("a" "b",) }}',
    "{% raw %}{{ client.name }} {% if x %}{% endif %}{% endraw %}",
    "## A heading with an anchor {#custom-anchor}",
    "{## a comment ##}",
]


@pytest.fixture(scope="module")
def environment() -> jinja2.Environment:
    """Pages' environment as `make check` and the pre-build step make it, from mkdocs.yml."""
    return page_environment(ROOT)


@pytest.mark.parametrize("source", sorted(REFUSED))
def test_the_grammar_refuses_everything_but_macro_calls(source: str, environment: jinja2.Environment) -> None:
    """Each refusal names the line and says why, at parse time (nothing is rendered)."""
    problem = page_problem(f"# Page\n\n{source}\n", environment)
    assert problem is not None
    line, message = problem
    assert line == 3
    assert REFUSED[source] in message, message
    assert "\n" not in message


@pytest.mark.parametrize("source", ALLOWED)
def test_the_grammar_accepts_macro_calls_with_plain_values(source: str, environment: jinja2.Environment) -> None:
    """Literal arguments of every kind, raw blocks, comments and attribute lists pass."""
    assert page_problem(source, environment) is None


def test_a_plain_jinja_environment_with_the_extension_refuses_at_parse_time() -> None:
    """What Zensical makes for each page: a plain Environment that loads j2_extensions."""
    env = jinja2.Environment(extensions=[GRAMMAR_EXTENSION])
    with pytest.raises(PageGrammarError, match='line 1: "cycler" is not a macro'):
        env.from_string("{{ cycler.__init__ }}")
    env.globals.update({name: (lambda *a, **k: "M") for name in MACROS})
    assert env.from_string('a {{ glossary("x") }} {% raw %}{{ b }}{% endraw %}').render() == "a M {{ b }}"


def test_mkdocs_yml_lists_exactly_the_grammar() -> None:
    """Both engines build pages' environment from this one setting."""
    plugins = read_mkdocs_config()["plugins"]
    macros = next(p["macros"] for p in plugins if isinstance(p, dict) and "macros" in p)
    assert macros["j2_extensions"] == [GRAMMAR_EXTENSION]
    require_page_grammar(macros)


@pytest.mark.parametrize("listed", [[], ["jinja2.ext.do"], [GRAMMAR_EXTENSION, "jinja2.ext.loopcontrols"]])
def test_any_other_extension_list_is_refused(listed: list[str]) -> None:
    """Without the grammar, or with another extension beside it, define_env stops the build."""
    with pytest.raises(HandbookError, match=f"must list exactly {re.escape(GRAMMAR_EXTENSION)}"):
        require_page_grammar({"j2_extensions": listed})


@pytest.mark.slow
def test_macros_and_literal_braces_build(minimal: Path, tmp_path: Path) -> None:
    """In a real build, macros render and {% raw %} keeps literal braces in prose and code."""
    project = tmp_path / "project"
    shutil.copytree(minimal, project)
    (project / "docs" / "index.md").write_text(
        "---\nrender_macros: true\n---\n# Test page\n\n{{ tool_category_table() }}\n\n"
        "Write {% raw %}`{{ name }}`{% endraw %} in a template.\n\n"
        "{% raw %}\n```jinja\n{{ client.name }} {% if x %}{# note #}{% endif %}\n```\n{% endraw %}\n\n"
        "## Heading with an anchor {#custom-anchor}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-P", "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=project, capture_output=True, text=True, check=False,
                            env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", home))
    assert "Remote monitoring and management" in home
    assert "{{ name }}" in text
    assert "{{ client.name }} {% if x %}{# note #}{% endif %}" in text
    assert 'id="custom-anchor"' in home
