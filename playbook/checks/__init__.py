"""One module per check of `make check`, each with `check(root) -> list[Finding]`."""
