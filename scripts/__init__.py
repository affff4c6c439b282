"""Helpers the tests, benchmarks and `make pdf` share: Debian's Chromium, a loopback static server, PDF printing."""
