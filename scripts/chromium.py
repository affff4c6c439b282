"""Debian's Chromium and the flags every headless launch of it here needs, in one place."""
from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
# Root in a container needs --no-sandbox; there is no GPU; background networking would try
# Google's hosts, which this machine's closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
