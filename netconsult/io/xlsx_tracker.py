"""The improvement plan as an Excel tracker: sheets Actions, Events and Owners.

Written with openpyxl (imported inside the functions: `check` and `status` never load it).
The output is reproducible: the workbook's created/modified properties and every zip entry
carry the export's one timestamp (see `stamp.build_time`), so the same folder gives the same
bytes with the same openpyxl, Python and zlib.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from netconsult.io.text import printable
from netconsult.project.load import Project
from netconsult.project.models import ActionStatus

TRACKER_NAME = "improvement-plan.xlsx"
CREATOR = "netconsult"
STATUSES: tuple[str, ...] = get_args(ActionStatus)
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
#: Actions columns; the overdue rule and the status validation refer to them by letter.
DUE_COLUMN, STATUS_COLUMN = "H", "I"

Kind = Literal["text", "wrap", "date", "datetime", "number"]


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: list[list[Any]]


ACTION_COLUMNS = (
    Column("Action"),
    Column("Recommendation"),
    Column("Recommendation title", "wrap"),
    Column("Title", "wrap"),
    Column("Owner", "wrap"),
    Column("Owner id"),
    Column("Start", "date"),
    Column("Due", "date"),  # DUE_COLUMN
    Column("Status"),  # STATUS_COLUMN
    Column("Indicator", "wrap"),
)
EVENT_COLUMNS = (
    Column("Event"),
    Column("Title", "wrap"),
    Column("Kind"),
    Column("Start (local)", "datetime"),
    Column("UTC offset"),
    Column("Start (UTC)", "datetime"),
    Column("Duration (min)", "number"),
    Column("Facilitator", "wrap"),
    Column("Audience", "wrap"),
    Column("Actions", "wrap"),
)
OWNER_COLUMNS = (
    Column("Owner", "wrap"),
    Column("Owner id"),
    Column("Type"),
    Column("Actions", "wrap"),
    Column("Open actions", "wrap"),
    Column("Next due", "date"),
)


# -- the data ----------------------------------------------------------------------------


def owner_names(project: Project) -> dict[str, tuple[str, str]]:
    """Owner id → (display name, "member" or "group")."""
    names = {m.id: (m.name, "member") for m in project.members}
    names.update({g.id: (g.name, "group") for g in project.network.groups})
    return names


def tables(project: Project) -> list[Table]:
    """The three sheets as plain rows: what the workbook shows, before any styling."""
    owners = owner_names(project)
    recommendations = {r.id: r.title for r in project.recommendations}
    actions = [[a.id, a.recommendation, recommendations.get(a.recommendation, ""), a.title,
                owners[a.owner][0] if a.owner in owners else a.owner or "", a.owner or "",
                a.start, a.due, a.status, a.indicator or ""] for a in project.actions]
    events = []
    for e in project.events:
        offset = e.start.utcoffset() or dt.timedelta(0)
        events.append([e.id, e.title, e.kind, e.start.replace(tzinfo=None), "UTC" + _hours(offset),
                       e.start.astimezone(dt.UTC).replace(tzinfo=None), e.duration_minutes,
                       e.facilitator or "", e.audience or "", ", ".join(e.actions)])
    return [Table("Actions", ACTION_COLUMNS, actions),
            Table("Events", EVENT_COLUMNS, events),
            Table("Owners", OWNER_COLUMNS, _owner_rows(project, owners))]


def _owner_rows(project: Project, owners: dict[str, tuple[str, str]]) -> list[list[Any]]:
    by_owner: dict[str, list[Any]] = {}
    for action in project.actions:
        by_owner.setdefault(action.owner or "", []).append(action)
    rows = []
    for owner_id, actions in by_owner.items():
        name, kind = owners.get(owner_id, (owner_id, "")) if owner_id else ("(no owner)", "")
        still_open = [a for a in actions if a.status not in ("done", "dropped")]
        dues = [a.due for a in still_open if a.due is not None]
        rows.append([name, owner_id, kind, ", ".join(a.id for a in actions),
                     ", ".join(a.id for a in still_open), min(dues) if dues else None])
    return sorted(rows, key=lambda row: (row[1] == "", str(row[0]).casefold(), row[1]))


def _hours(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# -- the workbook ------------------------------------------------------------------------


def tracker_bytes(project: Project, stamp: dt.datetime) -> bytes:
    """The tracker workbook as .xlsx bytes; `stamp` (aware) is its created/modified time."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables(project):
        _write_table(workbook, table, project.config.branding.colour)
    _actions_rules(workbook["Actions"], len(project.actions))
    workbook.active = 0

    naive_utc = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    props = workbook.properties
    props.title = printable(f"{project.engagement.title}: improvement plan tracker")
    props.subject = printable(project.engagement.client)
    props.creator = CREATOR
    props.description = "Generated by netconsult from improvement-plan.yaml; edit the YAML."
    props.created = props.modified = naive_utc
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps `modified` with the wall clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return restamped(buffer.getvalue(), naive_utc)


def _write_table(workbook: Any, table: Table, accent: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(table.title)
    header_font = Font(bold=True, color=_text_colour_on(accent))
    header_fill = PatternFill("solid", fgColor=accent.lstrip("#").upper())
    for col, column in enumerate(table.columns, 1):
        cell = sheet.cell(row=1, column=col, value=column.header)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    top, wrapped = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    for r, values in enumerate(table.rows, 2):
        for col, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
            cell = sheet.cell(row=r, column=col)
            set_cell(cell, value)
            cell.alignment = wrapped if column.kind == "wrap" else top
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
            elif column.kind == "datetime":
                cell.number_format = DATETIME_FORMAT
    last = get_column_letter(len(table.columns))
    for col, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(col)].width = _width(
            column, [row[col - 1] for row in table.rows])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def set_cell(cell: Any, value: Any) -> None:
    if isinstance(value, str):
        cell.value = printable(value)[:32767]  # Excel's limit for one cell
        # Text stays text: a title "=HYPERLINK(...)" or "#N/A" must not become a formula
        # or an error value (openpyxl infers both from a leading "=" or "#").
        cell.data_type = "s"
    else:
        cell.value = value


def _actions_rules(sheet: Any, count: int) -> None:
    """Status picked from the four statuses; open rows past their due date shown in red."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if count == 0:
        return
    last_row = count + 1
    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"',
                            allow_blank=False, showErrorMessage=True, errorTitle="Unknown status",
                            error="Pick one of: " + ", ".join(STATUSES))
    status.add(f"{STATUS_COLUMN}2:{STATUS_COLUMN}{last_row}")
    sheet.add_data_validation(status)
    due, state = f"${DUE_COLUMN}2", f"${STATUS_COLUMN}2"
    # TODAY() is evaluated when the file is opened: "overdue" stays true to the reader's day.
    overdue = FormulaRule(
        formula=[f'AND({due}<>"",{due}<TODAY(),{state}<>"done",{state}<>"dropped")'],
        fill=PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE"),
        font=Font(color="9C0006"),
    )
    last_col = get_column_letter(len(ACTION_COLUMNS))
    sheet.conditional_formatting.add(f"A2:{last_col}{last_row}", overdue)


def _width(column: Column, values: Sequence[Any]) -> float:
    def length(value: Any) -> int:
        if isinstance(value, dt.datetime):
            return 16
        if isinstance(value, dt.date):
            return 10
        if value is None:
            return 0
        return max((len(line) for line in str(value).splitlines()), default=0)

    longest = max([len(column.header), *(length(v) for v in values)])
    return float(min(max(longest + 2, 8), MAX_WIDTH))


def _text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on `background` (#RRGGBB)."""
    red, green, blue = (int(background.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "FFFFFF"


def restamped(xlsx: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry's time and mode fixed (zip stores the write time)."""
    date_time: tuple[int, int, int, int, int, int] = when.timetuple()[:6]
    if when.year < 1980:  # the earliest time a zip entry can carry
        date_time = (1980, 1, 1, 0, 0, 0)
    elif when.year > 2107:
        date_time = (2107, 12, 31, 23, 59, 58)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()


# -- is it ours? -------------------------------------------------------------------------

_CORE = "docProps/core.xml"
_FIELD = re.compile(rb"<(dc:creator|dcterms:created|dcterms:modified|cp:lastModifiedBy)\b"
                    rb"[^>]*>([^<]*)<")


def is_generated(path: Path) -> bool:
    """True if netconsult wrote this workbook and no one has saved over it since.

    Excel and LibreOffice keep the creator but set `modified` (and usually
    `lastModifiedBy`) when they save; netconsult writes created == modified and no
    lastModifiedBy. Read with a pattern, not an XML parser: the file may be anyone's.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(_CORE)
            if info.file_size > 64 * 1024:
                return False
            core = archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return False
    fields = {name.decode(): value for name, value in _FIELD.findall(core)}
    return (fields.get("dc:creator") == CREATOR.encode()
            and not fields.get("cp:lastModifiedBy")
            and fields.get("dcterms:created") is not None
            and fields.get("dcterms:created") == fields.get("dcterms:modified"))
