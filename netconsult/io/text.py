"""User text made safe for formats that forbid control characters (XML, iCalendar TEXT)."""

from __future__ import annotations

import re

# C0 controls other than tab and newline, DEL, and lone surrogates: XML 1.0 and RFC 5545
# both refuse them, and YAML's "\a" or "\ud800" escapes can put them in a title.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def printable(value: str) -> str:
    """`value` with line ends as \\n and forbidden characters shown as U+FFFD, not dropped."""
    return _FORBIDDEN.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))
