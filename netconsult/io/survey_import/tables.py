"""A survey export read as one table: a header row and data rows of cells, read safely.

Limits are checked before any parser sees the bytes: the file size; for workbooks, that the
file is a zip (not an old .xls, an encrypted workbook or an OpenDocument file), that its
entries unpack to what their headers declare within a total and a compression ratio
(decompression bombs), and that no XML part declares a DOCTYPE (spreadsheet programs never
write one; entity tricks need one). python-calamine then parses the workbook in Rust; its XML
parser expands no entities either. CSV text must be UTF-8 (a BOM is fine); the delimiter
(`,`, `;` or tab) is read from the header line.

Rows keep their place: spreadsheet row numbers for workbooks, the line a record starts on
for CSV (records may span lines), and 1-based column numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path

from netconsult.errors import Place, Problem, ProjectError, did_you_mean

#: Exports of a member survey are a few MB; anything far bigger is the wrong file.
MAX_EXPORT_BYTES = 100 * 1024 * 1024
#: What a workbook's parts may unpack to in all, and how much smaller than that any large
#: part may be packed (a real sheet packs 5-20x; a bomb packs 1,000x).
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 8 * 1024 * 1024  # small parts may pack as tightly as they like
MAX_COLUMNS = 16384  # Excel's own limit
CSV_SUFFIXES = {".csv", ".txt", ".tsv", ""}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXPORT_HINT = "export the responses as XLSX or CSV"

Cell = str | float | int | bool | dt.datetime | dt.date | dt.time | dt.timedelta


@dataclass
class Table:
    """One sheet (or CSV file) of an export: its header and, lazily, its data rows."""

    source: str  # the path as the user named it, for messages
    kind: str  # "xlsx" or "csv"
    sheet: str | None  # the sheet read, for workbooks
    sheets: tuple[str, ...]  # every sheet of the workbook, in order
    header: list[str]
    header_row: int  # 1-based row (line) of the header
    first_column: int  # 1-based column of header[0]
    delimiter: str | None
    rows: Iterator[Sequence[Cell]]  # the data rows' cells, from the first, not read yet
    first_row: int  # the row number of the first data row
    numbers: list[int] | None  # CSV: each data row's line (records may span lines)
    sha256: str
    size: int
    extra_cells: list[int] = field(default_factory=list)  # CSV rows longer than the header
    #: Workbooks: reads another sheet of the same workbook (no second read of the file).
    opener: Callable[[str], Table] | None = field(default=None, repr=False)

    def open_sheet(self, name: str) -> Table:
        """Another sheet of this workbook, as a table; ProjectError when it holds none."""
        if self.opener is None:
            raise fail(Place(self.source), f"no sheet named '{name}': not a workbook")
        return self.opener(name)

    def take(self, indices: list[int]) -> tuple[list[int], list[tuple[Cell, ...]]]:
        """Read the data rows, keeping the cells at `indices` only: each row's number and
        its kept cells. Reads once; a workbook's rows are converted and narrowed as they
        come, so the cells of columns no question needs never pile up."""
        rows: Iterable[Sequence[Cell]] = self.rows
        self.rows = iter(())
        if self.kind == "csv":  # records may be shorter or longer than the header
            rows = self._even(list(rows), max(indices, default=-1) + 1)
        getter: Callable[[Sequence[Cell]], tuple[Cell, ...]]
        if len(indices) == 1:
            only = indices[0]
            getter = lambda cells: (cells[only],)  # noqa: E731 (itemgetter gives no tuple)
        else:
            getter = itemgetter(*indices) if indices else lambda cells: ()
        try:
            taken = list(map(getter, rows))
        except Exception as exc:  # calamine's errors have no common base besides Exception
            raise fail(Place(self.source), f"cannot read the workbook: {_calamine_message(exc)}",
                       hint=_EXPORT_HINT) from None
        numbers = self.numbers if self.numbers is not None else list(
            range(self.first_row, self.first_row + len(taken)))
        return numbers, taken

    def _even(self, rows: list[Sequence[Cell]], width: int) -> list[Sequence[Cell]]:
        assert self.numbers is not None
        header = len(self.header)
        self.extra_cells = [self.numbers[i] for i, cells in enumerate(rows)
                            if len(cells) > header and any(c != "" for c in cells[header:])]
        return [cells if len(cells) >= width else [*cells, *[""] * (width - len(cells))]
                for cells in rows]

    def column(self, index: int) -> int:
        """The 1-based column number of cell `index`."""
        return self.first_column + index

    def place(self, row: int | None = None, index: int | None = None) -> Place:
        return Place(self.source, row, None if index is None else self.column(index))

    def where(self, index: int) -> str:
        """How messages name a column: by its header, and its sheet for workbooks."""
        header = self.header[index] if index < len(self.header) else ""
        text = f"column '{header}'" if header else f"column {self.column(index)} (no header)"
        return f"sheet '{self.sheet}', {text}" if self.sheet is not None else text


def fail(place: Place, message: str, hint: str | None = None) -> ProjectError:
    return ProjectError([Problem(place, message, hint)])


def read_table(path: Path, source: str, sheet: str | None = None) -> Table:
    """The export at `path` as a table; ProjectError (placed) when it cannot be read."""
    try:
        if not path.is_file():
            raise fail(Place(source), "no such file" if not path.exists() else "not a file")
        size = path.stat().st_size
        if size > MAX_EXPORT_BYTES:
            raise fail(Place(source), f"file is too large ({size:,} bytes; the limit is "
                       f"{MAX_EXPORT_BYTES:,})", hint="a survey export is a few MB; is this the "
                       "right file?")
        data = path.read_bytes()  # once: what is checked is what is parsed and hashed
    except OSError as exc:
        raise fail(Place(source), f"cannot read file: {exc.strerror or exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if data.startswith(_OLE_MAGIC):
        raise _ole_error(data, source)
    if data.startswith(_ZIP_MAGIC):
        return _read_workbook(data, source, sheet, digest)
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".numbers"}:
        what = "an Excel workbook" if suffix.startswith(".xls") else f"a {suffix} file"
        raise fail(Place(source), f"not {what}: the file is not a zip archive, so it is "
                   "damaged or not what its name says", hint=_EXPORT_HINT)
    if suffix not in CSV_SUFFIXES:
        raise fail(Place(source), f"unsupported file type '{suffix}'", hint=_EXPORT_HINT)
    if sheet is not None:
        raise fail(Place(source), f"--sheet '{sheet}' applies to workbooks; this is a CSV file")
    return _read_csv(data, source, digest)


# -- workbooks --------------------------------------------------------------------------


def _ole_error(data: bytes, source: str) -> ProjectError:
    # An OLE2 compound file is either a legacy .xls or an encrypted OOXML workbook, which
    # Excel wraps in OLE2 with an "EncryptionInfo" stream.
    if "EncryptionInfo".encode("utf-16-le") in data:
        return fail(Place(source), "the workbook is encrypted (password-protected)",
                    hint="open it in Excel, remove the password (File > Info > Protect "
                    "Workbook) and save it again, or download the export again")
    return fail(Place(source), "this is an old Excel 97-2003 (.xls) workbook",
                hint="save it as .xlsx (Excel Workbook) or CSV UTF-8, or download the export "
                "again as XLSX")


def check_workbook_zip(data: bytes, source: str) -> None:
    """Refuse a workbook zip before parsing it: bombs, encryption, other formats, DOCTYPEs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise fail(Place(source), f"the workbook is damaged: not a readable zip archive ({exc})",
                   hint=_EXPORT_HINT) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise _not_xlsx(archive, names, source)
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNPACKED_BYTES:
        raise fail(Place(source), f"the workbook unpacks to {declared:,} bytes (the limit is "
                   f"{MAX_UNPACKED_BYTES:,}); refusing to open it",
                   hint="this is not an ordinary survey export")
    for info in infos:
        if info.flag_bits & 0x1:
            raise fail(Place(source), f"the workbook is encrypted (part {info.filename})",
                       hint="save it again without a password")
        if (info.file_size > RATIO_FLOOR_BYTES
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise fail(Place(source), f"part {info.filename} unpacks {info.file_size:,} bytes "
                       f"from {info.compress_size:,} (a decompression bomb?); refusing to open "
                       "the workbook", hint="this is not an ordinary survey export")
    for info in infos:
        _check_part(archive, info, source)


def _not_xlsx(archive: zipfile.ZipFile, names: set[str], source: str) -> ProjectError:
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
        if "opendocument" in mimetype:
            return fail(Place(source), "this is an OpenDocument spreadsheet (.ods)",
                        hint="save it as .xlsx or CSV UTF-8, or download the export as XLSX")
    if "xl/workbook.bin" in names:
        return fail(Place(source), "this is a binary Excel workbook (.xlsb)",
                    hint="save it as .xlsx (Excel Workbook) or CSV UTF-8")
    csvs = sorted(name for name in names if name.lower().endswith(".csv"))
    if csvs:
        return fail(Place(source), "this is a zip archive of CSV files, not a workbook",
                    hint=f"unzip it and import the main table ({csvs[0]}, for ODK Central the "
                    "one without a repeat name after the form id)")
    return fail(Place(source), "a zip archive, but not an Excel workbook (no xl/workbook.xml)",
                hint=_EXPORT_HINT)


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> None:
    # The declared sizes were checked above; python-calamine's zip reader stops with an
    # error when a part inflates beyond its declared size, so they cannot lie. What is left
    # is the start of each XML part: no DOCTYPE before its root element.
    if not info.filename.endswith((".xml", ".rels", ".vml")):
        return
    try:
        with archive.open(info) as part:
            head = part.read(1 << 16)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise fail(Place(source), f"the workbook is damaged: part {info.filename}: {exc}",
                   hint=_EXPORT_HINT) from None
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise fail(Place(source), f"part {info.filename} of the workbook declares a DOCTYPE "
                   "(XML entities), which spreadsheet programs never write; refusing to read it",
                   hint="open and save the file in a spreadsheet program, or download the "
                   "export again")


def _read_workbook(data: bytes, source: str, sheet: str | None, digest: str) -> Table:
    check_workbook_zip(data, source)
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = tuple(book.sheet_names)
    except Exception as exc:  # calamine's errors have no common base besides Exception
        raise fail(Place(source), f"cannot read the workbook: {_calamine_message(exc)}",
                   hint=_EXPORT_HINT) from None
    if not names:
        raise fail(Place(source), "the workbook has no sheets")
    if sheet is None:
        chosen = names[0]
    elif sheet in names:
        chosen = sheet
    else:
        raise fail(Place(source), f"no sheet named '{sheet}' in the workbook",
                   hint=did_you_mean(sheet, list(names), "sheets"))

    return _Workbook(book, source, names, digest, len(data)).open(chosen)


@dataclass
class _Workbook:
    """An open workbook: each sheet read as a table on demand. Tables keep a bound `open`,
    not a closure, so no reference cycle keeps the workbook alive past its tables."""

    book: object  # a python_calamine.CalamineWorkbook
    source: str
    names: tuple[str, ...]
    digest: str
    size: int

    def open(self, name: str) -> Table:
        if name not in self.names:
            raise fail(Place(self.source), f"no sheet named '{name}' in the workbook",
                       hint=did_you_mean(name, list(self.names), "sheets"))
        try:
            found = self.book.get_sheet_by_name(name)  # type: ignore[attr-defined]
            first_column = found.start[1] + 1 if found.start else 1
            start_row = found.start[0] if found.start else 0
            # iter_rows yields the columns from the first used one, and the rows from the
            # sheet's first (blank above the first used one), or from the first used one:
            # the first row tells which, so each row's number is known without counting.
            rows = found.iter_rows()
            first = next(rows, None)
            table = _table(self.source, "xlsx", name, self.names, chain([first], rows)
                           if first is not None else iter(()), None,
                           start_row + 1 if start_row and first and any(c != "" for c in first)
                           else 1,
                           first_column, None, self.digest, self.size)
        except ProjectError:
            raise
        except Exception as exc:  # calamine's errors have no common base besides Exception
            raise fail(Place(self.source), f"cannot read the workbook: "
                       f"{_calamine_message(exc)}", hint=_EXPORT_HINT) from None
        table.opener = self.open
        return table


def _calamine_message(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "..."


# -- CSV --------------------------------------------------------------------------------


def _read_csv(data: bytes, source: str, digest: str) -> Table:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(Place(source, 1, 1), "the file is UTF-16 text (Excel's \"Unicode Text\")",
                   hint="save it as \"CSV UTF-8\", or download the export again as CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        before = data[:start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise fail(Place(source, line, column),
                   f"the file is not UTF-8 text: byte 0x{data[start]:02X} here cannot be read",
                   hint="it may be Windows-1252 or Latin-1: save it as \"CSV UTF-8\" in your "
                   "spreadsheet program, or download the export again") from None
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        raise fail(Place(source, line, at - text.rfind("\n", 0, at)),
                   "the file contains NUL bytes: it is not CSV text", hint=_EXPORT_HINT)
    if not text.strip():
        raise fail(Place(source, 1, 1), "the file is empty",
                   hint="download the export again; it should start with a header row")
    delimiter = _sniff_delimiter(text)
    numbers: list[int] = []
    rows: list[Sequence[Cell]] = []
    for number, row in _csv_rows(text, delimiter, source):
        numbers.append(number)
        rows.append(row)
    return _table(source, "csv", None, (), iter(rows), numbers, 1, 1, delimiter, digest,
                  len(data))


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: whichever of , ; and tab it uses most, outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in text[:1 << 16]:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            if char == "\n":
                break
            if char in counts:
                counts[char] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv_rows(text: str, delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _csv_error(text, delimiter, start, exc, source) from None
        end = reader.line_num
        if row:
            yield start, row


def _csv_error(text: str, delimiter: str, start: int, exc: csv.Error,
               source: str) -> ProjectError:
    """Where a broken record goes wrong: the cell whose quote never closes, or the text after
    a closing quote."""
    offset = 0
    for _ in range(start - 1):
        offset = text.find("\n", offset) + 1
    line, field, opened = start, 1, None
    quoted = after_quote = False
    at_start = True
    i = offset
    while i < len(text):
        char = text[i]
        if quoted:
            if char == '"':
                if text.startswith('"', i + 1):
                    i += 1
                else:
                    quoted, after_quote = False, True
            elif char == "\n":
                line += 1
        elif after_quote and char not in (delimiter, "\r", "\n"):
            return fail(Place(source, line, field), "text after the closing quote of a quoted "
                        "cell", hint='a quote inside a quoted cell must be doubled ("")')
        elif char == '"' and at_start:
            quoted, opened = True, (line, field)
        elif char == delimiter:
            field, at_start, after_quote = field + 1, True, False
        elif char == "\n":
            break
        elif char != "\r":
            at_start = False
        i += 1
    if quoted and opened:
        return fail(Place(source, *opened), "a quoted cell is never closed: its opening quote "
                    "is here and the file ends inside it",
                    hint='the file may be cut short, or a quote inside a cell is not doubled ("")')
    return fail(Place(source, start, 1), f"broken CSV record: {exc}")


# -- both -------------------------------------------------------------------------------


def cell_text(cell: Cell) -> str:
    """A cell as text: integral numbers without '.0', dates in ISO form."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def _table(source: str, kind: str, sheet: str | None, sheets: tuple[str, ...],
           rows: Iterator[Sequence[Cell]], numbers: list[int] | None, first_number: int,
           first_column: int, delimiter: str | None, digest: str, size: int) -> Table:
    """The table whose header is the first row holding anything; its data rows are left
    unread from the first one (past blank rows and an HXL hashtag row)."""
    where = f"sheet '{sheet}'" if sheet is not None else "the file"

    def number(index: int) -> int:
        return numbers[index] if numbers is not None else first_number + index

    numbered = enumerate(rows)  # one count across both loops below
    for index, cells in numbered:
        if any(cell != "" for cell in cells):
            header_row, header_cells = number(index), cells
            break
    else:
        what = "the file is empty" if sheet is None else f"sheet '{sheet}' is empty"
        raise fail(Place(source, 1, 1), what, hint="the export starts with a header row")
    header = [_header_text(cell) for cell in header_cells]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise fail(Place(source, header_row, MAX_COLUMNS + 1),
                   f"{len(header):,} columns in {where}; the limit is {MAX_COLUMNS:,}")
    seen: dict[str, int] = {}
    for column, name in enumerate(header):
        if not name:
            continue
        if name in seen:
            first = seen[name]
            prefix = f"sheet '{sheet}': " if sheet is not None else ""
            raise fail(Place(source, header_row, first_column + column),
                       f"{prefix}column header '{name}' appears twice (columns "
                       f"{first_column + first} and {first_column + column})",
                       hint="rename one of them: each column must hold one question")
        seen[name] = column
    hxl_possible = True
    for index, cells in numbered:
        filled = [c for c in cells if c != ""]
        if not filled:
            continue
        if hxl_possible and all(isinstance(c, str) and c.startswith("#") for c in filled):
            hxl_possible = False  # KoboToolbox's HXL tags, for forms with an hxl column
            continue
        return Table(source, kind, sheet, sheets, header, header_row, first_column, delimiter,
                     chain([cells], rows), number(index),
                     numbers[index:] if numbers is not None else None, digest, size)
    raise fail(Place(source, header_row + 1, 1), f"no responses: {where} ends after its "
               "header row", hint="download the export again once responses came in")


def _header_text(cell: Cell) -> str:
    # Exports that went through R or Excel carry a BOM inside the first header.
    return " ".join(cell_text(cell).replace("\ufeff", "").split())
