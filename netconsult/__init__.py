"""netconsult: a toolkit for network-strengthening engagements."""

__version__ = "0.1.0"
