"""Formats at the edges: files other tools read (Excel tracker, calendar...), from a `Project`.

Nothing here imports Typer or Rich; heavy libraries (openpyxl, icalendar) are imported inside
the functions that use them, so `check` and `status` never load them.
"""
