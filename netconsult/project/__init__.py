"""The v1 project folder: file models, loading with positions, validation, writing."""
