"""Measurements of the built site (speed, weight, build time); never run by `make test`."""
