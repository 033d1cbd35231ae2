"""Analyses over a loaded Project: workplan timing, effort, coverage."""
