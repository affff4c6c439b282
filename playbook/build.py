"""The site as it is published: a strict engine build of a project folder, then the post-build step.

`make build` runs these steps from the Makefile; the tests and the benchmarks call `mkdocs_published`
(and the tests `zensical_published`) so that what they measure and check is what readers get, with
the Content-Security-Policy, the named search dialog, the Word files and Pagefind's index.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .project import ROOT

# Zensical runs from its own environment (make zensical-setup), beside the MkDocs one.
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


def joined(first: subprocess.CompletedProcess[str],
           second: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """The second step's result with both steps' output, so a failure shows all that was said."""
    return subprocess.CompletedProcess(second.args, second.returncode, first.stdout + second.stdout,
                                       first.stderr + second.stderr)


def post_build(project: Path, site: Path, env: dict[str, str],
               templates: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The post-build step over `site`, for the project in `project`."""
    command = [sys.executable, "-P", "-m", "playbook.postbuild", str(site), "--root", str(project)]
    if templates is not None:
        command += ["--templates", str(templates)]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)


def mkdocs_published(project: Path, site: Path, site_url: str | None = None,
                     post: bool = True) -> subprocess.CompletedProcess[str]:
    """A strict MkDocs build of `project` into `site`, then (unless `post` is false) the post-build step."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"SITE_URL": site_url} if site_url else {})}
    built = subprocess.run([sys.executable, "-P", "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                           cwd=project, env=env, capture_output=True, text=True, check=False)
    if built.returncode != 0 or not post:
        return built
    return joined(built, post_build(project, site, env))


def zensical_templates() -> Path:
    """Zensical's own theme templates, where the post-build step reads its inline scripts from."""
    found = subprocess.run([str(ZENSICAL.with_name("python")), "-c",
                            "import pathlib, zensical; print(pathlib.Path(zensical.__file__).parent / 'templates')"],
                           capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


def zensical_env(project: Path) -> dict[str, str]:
    """The environment Zensical builds `project` in: it loads the macros package by its path, whose imports need the folder."""
    return {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}


def zensical_build(project: Path) -> subprocess.CompletedProcess[str]:
    """Zensical alone, strict, on `project` into its zensical-site/ (no pre-build or post-build step)."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "zensical.yml").write_text(f"{config}\nsite_dir: zensical-site\n", encoding="utf-8")
    return subprocess.run([str(ZENSICAL), "build", "--clean", "--strict", "--config-file", "zensical.yml"],
                          cwd=project, env=zensical_env(project), capture_output=True, text=True, check=False)


def zensical_post_build(project: Path) -> subprocess.CompletedProcess[str]:
    """The post-build step over the Zensical build in `project`, with Zensical's own templates."""
    return post_build(project, project / "zensical-site", zensical_env(project), zensical_templates())


def zensical_published(project: Path) -> subprocess.CompletedProcess[str]:
    """A strict Zensical build of `project` into its zensical-site/, then the post-build step, as `make zensical` runs them."""
    built = zensical_build(project)
    if built.returncode != 0:
        return built
    return joined(built, zensical_post_build(project))


def required(result: subprocess.CompletedProcess[str]) -> None:
    """Stop with the build's own output when it failed (for scripts, which have no test to report it)."""
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, result.args))} failed:\n{result.stdout}{result.stderr}")
