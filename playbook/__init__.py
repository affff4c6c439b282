"""Contributor commands (`make check`, `make chapter`, `make freshness`); never loaded by the build."""
