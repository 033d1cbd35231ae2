"""Rendering: report contexts, templates, charts and HTML → PDF."""
