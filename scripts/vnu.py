"""The Nu HTML Checker (vnu) at the version package-lock.json pins, for tests/test_markup.py.

The jar (about 32 MB) is neither committed nor served: `make vnu` (which `make test` runs)
downloads the npm package named in the lock, refuses it unless it matches the lock's
integrity hash, and keeps only `vnu.jar` in build/cache/vnu-jar-<version>/. No Node.js needed.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path

from playbook.project import ROOT

PACKAGE = "vnu-jar"
REGISTRY = "https://registry.npmjs.org"


def pinned(root: Path = ROOT) -> tuple[str, str]:
    """The version and the integrity string ("sha512-...") package-lock.json holds for vnu-jar."""
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{PACKAGE}"]
    return entry["version"], entry["integrity"]


def jar_path(root: Path = ROOT) -> Path:
    """Where `make vnu` puts the pinned jar (it may not be there yet)."""
    version, _ = pinned(root)
    return root / "build" / "cache" / f"{PACKAGE}-{version}" / "vnu.jar"


def matches(data: bytes, integrity: str) -> bool:
    """True when `data` has the Subresource Integrity hash npm recorded ("sha512-<base64>")."""
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected


def package_file(package: str, version: str, integrity: str, member: str) -> bytes:
    """One file (`member`) of an npm package's tarball, refused unless the tarball matches `integrity`."""
    url = f"{REGISTRY}/{package}/-/{package.rsplit('/', 1)[-1]}-{version}.tgz"
    print(f"Fetching {package} {version} from {url}")
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    if not matches(data, integrity):
        raise SystemExit(f"{url} does not match the integrity hash in package-lock.json; refused.")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        extracted = archive.extractfile(member)
        if extracted is None:
            raise SystemExit(f"{url} holds no {member}; refused.")
        return extracted.read()


def fetch(root: Path = ROOT) -> Path:
    """Download and check the pinned package once; return the jar's path."""
    jar = jar_path(root)
    if jar.is_file():
        return jar
    version, integrity = pinned(root)
    content = package_file(PACKAGE, version, integrity, "package/build/dist/vnu.jar")
    jar.parent.mkdir(parents=True, exist_ok=True)
    partial = jar.with_suffix(".partial")
    partial.write_bytes(content)
    partial.replace(jar)
    return jar


if __name__ == "__main__":
    fetch()
