"""Which tool wrote an export, told from its header (and sheet names), and what that implies.

A flavour says how group paths and select-multiple option columns are joined to question
names, which columns are the tool's own metadata (dropped; never stored), which of them
identify a submission (hashed into the anonymous respondent id) and which one says when it
was submitted. Metadata is recognised by name, never by position: KoboToolbox changed the
order and set of its columns over the years.

Sources (see ../shared/real-data/FORMATS.md): KoboToolbox/formpack exports (`_uuid`,
`_submission_time`..., `/` group paths, `q/option` columns, `;` CSV, repeat groups on later
sheets), ODK Central CSV (`SubmissionDate` first, `-` group paths, `KEY`, repeat tables with
`PARENT_KEY`), Google Forms CSV (`Timestamp`, checkboxes joined with `;`) and its linked
Sheet as XLSX (checkboxes joined with `, `).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from netconsult.io.survey_import.tables import Table, fail
from netconsult.project.models import FOLLOW_UP_ITEMS


@dataclass(frozen=True)
class Flavour:
    id: str
    name: str
    group_separators: tuple[str, ...]  # how group paths prefix question names
    option_separators: tuple[str, ...]  # between a question and a choice in option columns
    tool_prefixes: tuple[str, ...]  # names starting with these are the tool's own columns
    metadata: frozenset[str]  # casefolded names of the tool's own columns
    id_columns: tuple[str, ...]  # casefolded, best first: a stable submission id
    time_columns: tuple[str, ...]  # casefolded, best first: when it was submitted


#: Columns that identify a person or a device: never imported, even when asked for by name.
IDENTIFYING = frozenset({
    "username", "deviceid", "simserial", "subscriberid", "phonenumber", "phone", "email",
    "e-mail", "email address", "e-mail address", "_submitted_by", "x_submitted_by",
    "_submission__submitted_by", "submitterid", "submittername", "submitter name",
    "submitter id", "ip address", "first name", "last name",
    "dirección de correo electrónico", "correo electrónico", "adresse e-mail",
    "adresse électronique", "nom d'utilisateur", "nombre de usuario",
})

#: XLSForm metadata questions any Kobo or ODK form may carry.
_XLSFORM_META = {"start", "end", "today", "deviceid", "username", "simserial", "subscriberid",
                 "phonenumber", "audit", "start-geopoint", "background-audio"}

KOBO = Flavour(
    id="kobo", name="KoboToolbox export",
    # "." joins options after R's read.csv ("q.option"); tried only when "q" is a multiple
    group_separators=("/",), option_separators=("/", "."), tool_prefixes=("_", "$"),
    metadata=frozenset({
        *_XLSFORM_META, "__version__", "meta/instanceid", "meta/rootuuid", "meta/deprecatedid",
        "meta/instancename", "meta/audit", "formhub/uuid", "instanceid", "rootuuid",
        "x.u.feff.start", "x__version__",
    }),
    id_columns=("meta/rootuuid", "rootuuid", "_uuid", "x_uuid", "meta/instanceid",
                "instanceid"),
    time_columns=("_submission_time", "x_submission_time", "end", "today", "start"),
)

ODK = Flavour(
    id="odk-central", name="ODK Central CSV export",
    group_separators=("-",), option_separators=("/",), tool_prefixes=(),
    metadata=frozenset({
        *_XLSFORM_META, "submissiondate", "meta-instanceid", "meta-instancename",
        "meta-deprecatedid", "meta-audit", "instanceid", "instancename", "key", "submitterid",
        "submittername", "attachmentspresent", "attachmentsexpected", "status", "reviewstate",
        "deviceid", "edits", "formversion",
    }),
    id_columns=("key", "meta-instanceid", "instanceid"),
    time_columns=("submissiondate", "end", "today", "start"),
)

#: The first column of a Google Forms export, by the form owner's language.
GOOGLE_TIMESTAMPS = ("timestamp", "marca temporal", "horodateur", "marca de tiempo",
                     "zeitstempel", "carimbo de data/hora", "informazioni cronologiche")

GOOGLE_CSV = Flavour(
    id="google-forms-csv", name="Google Forms CSV download",
    group_separators=(), option_separators=(), tool_prefixes=(),
    metadata=frozenset({*GOOGLE_TIMESTAMPS, "email address", "score", "total score",
                        "puntuación", "note"}),
    id_columns=(), time_columns=GOOGLE_TIMESTAMPS,
)
GOOGLE_SHEETS = Flavour(
    id="google-sheets-xlsx", name="Google Forms responses sheet (XLSX)",
    group_separators=(), option_separators=(), tool_prefixes=(),
    metadata=GOOGLE_CSV.metadata, id_columns=(), time_columns=GOOGLE_TIMESTAMPS,
)

#: A table someone made by hand, or netconsult's own responses file read back.
PLAIN_NAMES = ("respondent", "respondent_id", "respondent id", "response id", "id", "uuid")
PLAIN_TIMES = ("submitted", "submission date", "date", "timestamp")
PLAIN_XLSX = Flavour(
    id="excel", name="Excel table",
    group_separators=(), option_separators=("/",), tool_prefixes=(),
    metadata=frozenset({*PLAIN_NAMES, *PLAIN_TIMES}),
    id_columns=PLAIN_NAMES, time_columns=PLAIN_TIMES,
)
PLAIN_CSV = Flavour(
    id="csv", name="CSV table",
    group_separators=(), option_separators=("/",), tool_prefixes=(),
    metadata=PLAIN_XLSX.metadata, id_columns=PLAIN_NAMES, time_columns=PLAIN_TIMES,
)

_KOBO_MARKS = {"_uuid", "_submission_time", "_index", "__version__", "_validation_status",
               "meta/instanceid", "meta/rootuuid", "formhub/uuid", "x_uuid", "x_index",
               "x_submission_time"}
_REPEAT_MARKS = {"_parent_index", "_parent_table_name", "_submission__uuid"}
_ITEMS = frozenset(item for items in FOLLOW_UP_ITEMS.values() for item in items)
_SHEET_NAMES_GOOGLE = ("form responses", "respuestas de formulario", "réponses au formulaire")


def detect(table: Table) -> Flavour:
    """The tool that wrote `table`; ProjectError for a form, or a repeat group's table."""
    names = [h.casefold() for h in table.header]
    present = set(names)
    _refuse_xlsform(table, names)
    if present & _REPEAT_MARKS:
        column = next(i for i, n in enumerate(names) if n in _REPEAT_MARKS)
        raise fail(table.place(table.header_row, column),
                   f"{_in(table)}this is a repeat group's table: its rows are repeat entries "
                   f"(column '{table.header[column]}' links them to submissions), not "
                   "respondents", hint=_main_sheet_hint(table))
    if "parent_key" in present and "submissiondate" not in present:
        column = names.index("parent_key")
        raise fail(table.place(table.header_row, column),
                   "this is a repeat group's table of an ODK Central export (column "
                   "'PARENT_KEY' links its rows to submissions), not the main table",
                   hint="import the main table: the CSV named after the form id alone, whose "
                   "first column is SubmissionDate")
    if names[:2] == ["respondent", "partner"] and len(names) > 2 and set(names[2:]) <= _ITEMS:
        raise fail(table.place(table.header_row, 0),
                   "this is a ratings file (the follow-up ratings of each partner named, as "
                   "netconsult stores them in survey/responses/<round>.ties.csv), not an "
                   "export of responses",
                   hint="import the export itself; its ratings are read with it")
    if present & _KOBO_MARKS or any(n.startswith("x.u.feff.") for n in names[:1]):
        return replace(KOBO, id=f"kobo-{table.kind}",
                       name=f"KoboToolbox {table.kind.upper()} export")
    if "submissiondate" in present and ("key" in present or "meta-instanceid" in present):
        return ODK if table.kind == "csv" else replace(
            ODK, id="odk-central-xlsx", name="ODK Central export, saved as XLSX")
    sheet = (table.sheet or "").casefold()
    if (names and names[0] in GOOGLE_TIMESTAMPS) or sheet.startswith(_SHEET_NAMES_GOOGLE):
        return GOOGLE_SHEETS if table.kind == "xlsx" else GOOGLE_CSV
    return PLAIN_XLSX if table.kind == "xlsx" else PLAIN_CSV


def _in(table: Table) -> str:
    return f"sheet '{table.sheet}': " if table.sheet is not None else ""


def _main_sheet_hint(table: Table) -> str:
    if table.sheets:
        return (f"import the main sheet ('{table.sheets[0]}', the default); KoboToolbox puts "
                "each repeat group on a sheet of its own")
    return "import the main table of the export"


def _refuse_xlsform(table: Table, names: list[str]) -> None:
    sheets = {s.casefold() for s in table.sheets}
    form_header = "type" in names and "name" in names
    if ("survey" in sheets and ({"choices", "settings"} & sheets or form_header)) or (
            form_header and any(n == "label" or n.startswith("label::") for n in names)):
        column = names.index("type") if "type" in names else 0
        raise fail(table.place(table.header_row, column),
                   f"{_in(table)}this looks like an XLSForm (a form definition with survey/"
                   "choices sheets), not an export of responses",
                   hint="download the responses: KoboToolbox > DATA > Downloads (XLS or CSV), "
                   "ODK Central > Submissions > Download, Google Forms > Responses")


def ignored_sheets(table: Table) -> list[str]:
    """The sheets besides the one read: repeat groups, for KoboToolbox exports."""
    return [s for s in table.sheets if s != table.sheet]

