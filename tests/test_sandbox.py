"""A page cannot run code through template syntax; literal braces stay writable."""
from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import safe_range
from mkdocs.config import load_config

from conftest import build_site, copy_project
from macros import MACROS
from macros.errors import HandbookError
from macros.sandbox import SANDBOX_EXTENSION, PageEnvironment, PageSandbox, install_sandbox
from playbook.project import read_mkdocs_config

PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.popen('id -un').read() }}",
    "{{ lipsum.__globals__['os'].popen('id -un').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ tool_category_table.func }}",
]


def site_with_page(tmp_path: Path, body: str) -> tuple[int, str, Path]:
    """Build a copy of the project whose home page is `body`; return code, output, site."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "index.md").write_text(
        f"---\nrender_macros: true\n---\n# Test page\n\n{body}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site)
    return result.returncode, result.stdout + result.stderr, site


@pytest.mark.slow
@pytest.mark.parametrize("payload", PAYLOADS)
def test_template_payload_fails_the_build(payload: str, tmp_path: Path) -> None:
    """Reaching Python internals from a page is refused and stops the build."""
    code, output, site = site_with_page(tmp_path, payload)
    assert code != 0
    assert "index.md: template syntax tried something unsafe and was stopped" in output, output
    assert "Traceback" not in output
    home = site / "index.html"
    assert not home.exists() or "root" not in home.read_text(encoding="utf-8")


@pytest.mark.slow
def test_macros_and_literal_braces_still_work(tmp_path: Path) -> None:
    """Macros render in the sandbox, and {% raw %} keeps literal braces in prose and code."""
    body = (
        "{{ tool_category_table() }}\n\n"
        "Write {% raw %}`{{ name }}`{% endraw %} in a template.\n\n"
        "{% raw %}\n```jinja\n{{ client.name }} {% if x %}{# note #}{% endif %}\n```\n{% endraw %}\n\n"
        "## Heading with an anchor {#custom-anchor}\n"
    )
    code, output, site = site_with_page(tmp_path, body)
    assert code == 0, output
    home = (site / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", home))
    assert "Remote monitoring and management" in home
    assert "{{ name }}" in text
    assert "{{ client.name }} {% if x %}{# note #}{% endif %}" in text
    assert 'id="custom-anchor"' in home


@pytest.mark.slow
def test_unknown_variable_fails_the_build(tmp_path: Path) -> None:
    """on_undefined: strict turns a typo in a macro name into a failed build."""
    code, output, _ = site_with_page(tmp_path, "{{ tool_category_tabel() }}")
    assert code != 0
    assert "tool_category_tabel" in output


def test_define_env_installs_the_sandbox(project_root: Path) -> None:
    """After on_config, the macros plugin renders pages with the allowlisted, sandboxed environment."""
    config = load_config(str(project_root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    env = config.plugins["macros"].env
    assert isinstance(env, PageEnvironment)
    template = env.from_string("x")
    assert set(template.globals) == set(MACROS) | {"range"}
    assert template.globals["range"] is safe_range


class OtherEngine:
    """Stands in for zensical.extensions.macros.MacroEnv: the macros settings as a dict."""

    def __init__(self, extensions: list[str]) -> None:
        self.config = {"module_name": "macros", "j2_extensions": extensions}


def test_other_engines_without_the_sandbox_extension_are_refused() -> None:
    """An engine whose page environment define_env cannot reach must have loaded PageSandbox."""
    with pytest.raises(HandbookError, match="has not sandboxed"):
        install_sandbox(OtherEngine([]), MACROS)
    install_sandbox(OtherEngine([SANDBOX_EXTENSION]), MACROS)


def test_no_other_jinja_extension_can_be_listed_beside_the_sandbox() -> None:
    """Another j2_extensions entry would stay loaded in the converted environment: refused, on any engine."""
    with pytest.raises(HandbookError, match="may list only macros.sandbox.PageSandbox; jinja2.ext.do"):
        install_sandbox(OtherEngine([SANDBOX_EXTENSION, "jinja2.ext.do"]), MACROS)


@pytest.mark.slow
def test_mkdocs_build_refuses_another_jinja_extension(tmp_path: Path) -> None:
    """Under MkDocs too: one line naming the extension, no traceback, no site."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    listed = f"- {SANDBOX_EXTENSION}\n"
    text = config.read_text(encoding="utf-8")
    assert text.count(listed) == 1
    indent = text.split(listed)[0].rsplit("\n", 1)[1]
    config.write_text(text.replace(listed, f"{listed}{indent}- jinja2.ext.loopcontrols\n"), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "may list only macros.sandbox.PageSandbox; jinja2.ext.loopcontrols would add" in output, output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "index.html").exists()


def test_mkdocs_yml_loads_the_sandbox_extension() -> None:
    """Every engine that reads mkdocs.yml's macros settings loads PageSandbox into its environment."""
    plugins = read_mkdocs_config()["plugins"]
    macros = next(p["macros"] for p in plugins if isinstance(p, dict) and "macros" in p)
    assert SANDBOX_EXTENSION in macros["j2_extensions"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sandbox_extension_stops_payloads_in_a_plain_environment(payload: str) -> None:
    """A plain jinja2.Environment, as Zensical makes for each page, becomes the handbook's sandbox."""
    env = jinja2.Environment(extensions=[SANDBOX_EXTENSION], undefined=jinja2.StrictUndefined)
    env.globals.update(MACROS)
    assert isinstance(env, PageEnvironment) and env.sandboxed
    with pytest.raises((jinja2.exceptions.SecurityError, jinja2.exceptions.UndefinedError)):
        env.from_string(payload).render(page=FakePage())


def test_sandbox_extension_keeps_macros_and_plain_facts() -> None:
    """Under the extension a page still calls macros and reads its facts, and nothing else."""
    env = jinja2.Environment(extensions=[PageSandbox], undefined=jinja2.StrictUndefined)
    env.globals.update({"glossary": lambda: "G", "now": print, "config": object()})
    template = env.from_string("{{ glossary() }} {{ page.title }} {{ range(3) | length }}")
    assert set(template.globals) == {"glossary", "range"}
    assert template.render(config=object(), environment={}, page=FakePage()) == "G Home 3"
    with pytest.raises(jinja2.exceptions.SecurityError, match="filter 'pprint'"):
        env.from_string("{{ page | pprint }}")


def test_page_sees_only_plain_facts() -> None:
    """Variables the engine passes (config, environment, git...) never reach the template."""
    env = PageEnvironment(["shout"], undefined=jinja2.StrictUndefined)
    env.globals.update({"shout": str.upper, "config": object(), "macros_info": print})
    template = env.from_string("{{ shout('a') }}{{ page.title }}{{ tags[0] }}")
    assert template.render(config=object(), environment={}, git={},
                           page=FakePage()) == "AHome<b>"
    for name in ("config", "environment", "git", "macros_info", "cycler", "lipsum", "namespace"):
        with pytest.raises(Exception):
            env.from_string("{{ %s }}" % name).render(page=FakePage())


class FakePage:
    """The parts of a MkDocs page the template facts read."""

    title = "Home"
    url = "index.html"
    meta = {"tags": ["<b>"], "render_macros": True, "hook": object()}
