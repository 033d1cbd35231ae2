"""The survey instrument as an XLSForm: the file KoboToolbox and ODK build a form from.

`xlsform_sheets` turns a loaded project into the `survey`, `choices` and `settings` sheets as
plain rows (a dict per row, header → text), the shape pyxform's `convert(xlsform=dict)` reads;
`xlsform_bytes` writes them as .xlsx with openpyxl (imported inside the function: `check` and
`status` never load it). Question names are the instrument's ids, so exports downloaded "with
XML names" carry them as column headers and `survey import` maps them without help.

Every engagement language gets its own `label::Language (code)` column (and `hint::`,
`constraint_message::`): wording missing in a language falls back to the engagement's default
language, so no respondent ever sees an empty label. Same project and stamp, same bytes.

A members question with `follow_ups` is followed by a repeat group `<qid>_ties`, one entry per
partner ticked (`repeat_count` = count-selected): a calculate `<qid>_partner` holds that
partner's member id (what `survey import` reads), a second `<qid>_partner_name` its name for
the screen, a note names it, and one select_one `<qid>_<item>` per rating (items of
`FOLLOW_UP_ITEMS`: intensity on PARTNER's four levels, the trust and value items 1-4).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from netconsult.errors import Place, Problem, UsageError
from netconsult.io.text import printable

# Shared with the tracker: same "is it ours?" rule and the same fixed zip entry times.
from netconsult.io.xlsx_tracker import CREATOR, is_generated, restamped
from netconsult.project import models as m
from netconsult.project.load import Project
from netconsult.project.write import write_new

BUILD_DIR = "build"
SURVEY_FILE = "survey/survey.yaml"
SHEETS = ("survey", "choices", "settings")
#: How each language is named in column headers and `default_language`, in its own words.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français"}
AGREE_LIST, MEMBER_LIST = "agree", "members"
INTENSITY_LIST, RATING_LIST = "intensity", "rating"
#: pyxform puts the form's instanceID under `meta`; a question may not take the name.
RESERVED_NAMES = frozenset({"meta"})

# Sheet columns in the order they are written; a column no row uses is left out.
_COLUMNS = ("list_name", "type", "name", "label", "hint", "required", "appearance",
            "constraint", "constraint_message", "relevant", "choice_filter",
            "repeat_count", "calculation", "form_title", "form_id", "version", "default_language")

#: The 1-5 agreement scale of likert items, stored as "1".."5" (responses.py reads these).
AGREE_SCALE: tuple[tuple[str, dict[str, str]], ...] = (
    ("1", {"en": "Strongly disagree", "es": "Muy en desacuerdo",
           "fr": "Pas du tout d'accord"}),
    ("2", {"en": "Disagree", "es": "En desacuerdo", "fr": "Plutôt pas d'accord"}),
    ("3", {"en": "Neither agree nor disagree", "es": "Ni de acuerdo ni en desacuerdo",
           "fr": "Ni d'accord ni pas d'accord"}),
    ("4", {"en": "Agree", "es": "De acuerdo", "fr": "Plutôt d'accord"}),
    ("5", {"en": "Strongly agree", "es": "Muy de acuerdo", "fr": "Tout à fait d'accord"}),
)
DONT_KNOW = {"en": "Don't know", "es": "No sé", "fr": "Je ne sais pas"}
NOT_APPLICABLE = {"en": "Not applicable", "es": "No aplica", "fr": "Sans objet"}
#: Constraint messages of number questions: (from and to, at least, at most).
RANGE_MESSAGES = {
    "en": ("Enter a number from {low} to {high}.", "Enter a number of at least {low}.",
           "Enter a number of at most {high}."),
    "es": ("Introduzca un número entre {low} y {high}.",
           "Introduzca un número igual o mayor que {low}.",
           "Introduzca un número igual o menor que {high}."),
    "fr": ("Saisissez un nombre entre {low} et {high}.",
           "Saisissez un nombre supérieur ou égal à {low}.",
           "Saisissez un nombre inférieur ou égal à {high}."),
}

#: PARTNER's levels of relationship intensity, each including the ones before it.
INTENSITY_SCALE: tuple[tuple[str, dict[str, str]], ...] = (
    ("1", {"en": "Awareness: we know who they are and what they do",
           "es": "Conocimiento: sabemos quiénes son y a qué se dedican",
           "fr": "Connaissance : nous savons qui ils sont et ce qu'ils font"}),
    ("2", {"en": "Cooperation: we share information and meet informally",
           "es": "Cooperación: compartimos información y nos reunimos de manera informal",
           "fr": "Coopération : nous échangeons des informations et nous voyons "
                 "de manière informelle"}),
    ("3", {"en": "Coordination: we plan activities together or share data",
           "es": "Coordinación: planificamos actividades juntos o compartimos datos",
           "fr": "Coordination : nous planifions des activités ensemble ou partageons "
                 "des données"}),
    ("4", {"en": "Integration: a formal tie binds us (a joint grant, an agreement, "
                 "pooled funds)",
           "es": "Integración: nos une un vínculo formal (una subvención conjunta, un "
                 "acuerdo, fondos comunes)",
           "fr": "Intégration : un lien formel nous unit (subvention commune, accord, "
                 "fonds mis en commun)"}),
)
#: How much, for the trust and value items.
RATING_SCALE: tuple[tuple[str, dict[str, str]], ...] = (
    ("1", {"en": "Not at all", "es": "Nada", "fr": "Pas du tout"}),
    ("2", {"en": "A little", "es": "Un poco", "fr": "Un peu"}),
    ("3", {"en": "Quite a lot", "es": "Bastante", "fr": "Assez"}),
    ("4", {"en": "A great deal", "es": "En gran medida", "fr": "Beaucoup"}),
)
#: Each follow-up item's question and hint, asked about one partner at a time.
FOLLOW_UP_WORDING: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "intensity": (
        {"en": "Which best describes how your organisation works with this partner?",
         "es": "¿Qué describe mejor cómo trabaja su organización con este socio?",
         "fr": "Qu'est-ce qui décrit le mieux la façon dont votre organisation travaille "
               "avec ce partenaire ?"},
        {"en": "Pick the highest level that applies: each one includes those before it.",
         "es": "Elija el nivel más alto que corresponda: cada uno incluye los anteriores.",
         "fr": "Choisissez le niveau le plus élevé qui s'applique : chacun inclut les "
               "précédents."}),
    "reliability": (
        {"en": "How far can you count on this partner to do what it has agreed to do?",
         "es": "¿Hasta qué punto puede contar con que este socio haga lo que ha acordado?",
         "fr": "Dans quelle mesure pouvez-vous compter sur ce partenaire pour faire ce "
               "qu'il a accepté de faire ?"},
        {"en": "Think of deadlines, promises and follow-through.",
         "es": "Piense en plazos, promesas y seguimiento.",
         "fr": "Pensez aux délais, aux promesses et au suivi."}),
    "openness": (
        {"en": "How open is this partner to discussing things with you, disagreements "
               "included?",
         "es": "¿Qué tan abierto es este socio a conversar con ustedes, incluso sobre los "
               "desacuerdos?",
         "fr": "Dans quelle mesure ce partenaire est-il ouvert à la discussion avec vous, "
               "désaccords compris ?"},
        {"en": "Think of how it listens, shares its plans and takes criticism.",
         "es": "Piense en cómo escucha, comparte sus planes y recibe las críticas.",
         "fr": "Pensez à sa manière d'écouter, de partager ses projets et de recevoir "
               "les critiques."}),
    "mission": (
        {"en": "How much does this partner share the network's mission?",
         "es": "¿En qué medida comparte este socio la misión de la red?",
         "fr": "Dans quelle mesure ce partenaire partage-t-il la mission du réseau ?"},
        {"en": "Think of its goals and priorities next to the network's.",
         "es": "Piense en sus objetivos y prioridades frente a los de la red.",
         "fr": "Pensez à ses objectifs et priorités, comparés à ceux du réseau."}),
    "influence": (
        {"en": "How much power and influence does this partner have in the field the "
               "network works in?",
         "es": "¿Cuánto poder e influencia tiene este socio en el ámbito en el que trabaja "
               "la red?",
         "fr": "Quel poids et quelle influence ce partenaire a-t-il dans le domaine où "
               "travaille le réseau ?"},
        {"en": "Think of its standing with funders, authorities and other organisations.",
         "es": "Piense en su peso ante financiadores, autoridades y otras organizaciones.",
         "fr": "Pensez à son poids auprès des bailleurs, des autorités et des autres "
               "organisations."}),
    "resources": (
        {"en": "How much does this partner bring to the network?",
         "es": "¿Cuánto aporta este socio a la red?",
         "fr": "Dans quelle mesure ce partenaire apporte-t-il des ressources au réseau ?"},
        {"en": "Count anything it brings: funding, in-kind support, data, skills, contacts.",
         "es": "Cuente todo lo que aporta: fondos, apoyo en especie, datos, "
               "conocimientos, contactos.",
         "fr": "Comptez tout ce qu'il apporte : fonds, soutien en nature, données, "
               "compétences, contacts."}),
    "involvement": (
        {"en": "How actively is this partner involved in the network's work?",
         "es": "¿Con qué intensidad participa este socio en el trabajo de la red?",
         "fr": "Avec quelle intensité ce partenaire s'implique-t-il dans le travail du "
               "réseau ?"},
        {"en": "Think of meetings attended, working groups joined, replies to requests.",
         "es": "Piense en las reuniones a las que asiste, los grupos de trabajo en los que "
               "participa, las respuestas a las solicitudes.",
         "fr": "Pensez aux réunions suivies, aux groupes de travail rejoints, aux réponses "
               "aux demandes."}),
}
#: The repeat's label, and the note naming the partner (`{name}` is its reference).
TIES_LABEL = {"en": "Your partners, one by one", "es": "Sus socios, uno por uno",
              "fr": "Vos partenaires, un par un"}
PARTNER_NOTE = {"en": "About {name}", "es": "Sobre {name}", "fr": "À propos de {name}"}
PARTNER_HINT = {"en": "The questions on this page are about this partner only.",
                "es": "Las preguntas de esta página se refieren solo a este socio.",
                "fr": "Les questions de cette page portent uniquement sur ce partenaire."}

Row = dict[str, str]
Sheets = dict[str, list[Row]]


def ties_repeat(qid: str) -> str:
    """The repeat group of a members question's follow-ups, and its export sheet or file."""
    return f"{qid}_ties"


def partner_field(qid: str) -> str:
    """The calculate holding the member id of the partner one repeat entry is about."""
    return f"{qid}_partner"


def item_field(qid: str, item: str) -> str:
    """The select_one of one follow-up item (partners_intensity, partners_reliability...)."""
    return f"{qid}_{item}"


def follow_up_items(question: m.Question) -> list[str]:
    """The items a question's follow_ups ask, in FOLLOW_UP_ITEMS order."""
    return [item for group, items in m.FOLLOW_UP_ITEMS.items()
            if group in question.follow_ups for item in items]


def generated_names(question: m.Question) -> list[str]:
    """The form names the follow-ups of `question` take; no question may use one."""
    qid = question.id
    return [ties_repeat(qid), partner_field(qid), f"{partner_field(qid)}_name",
            f"{partner_field(qid)}_note",
            *(item_field(qid, item) for item in follow_up_items(question))]


# -- names and settings ------------------------------------------------------------------


def language_column(code: str) -> str:
    """`English (en)`: the suffix of translated columns and the `default_language` value."""
    return f"{LANGUAGE_NAMES[code]} ({code})"


def form_id(survey: m.SurveyFile) -> str:
    """The survey's form_id, or its title as a valid XML name (ASCII, lower case, `_`)."""
    if survey.form_id:
        return survey.form_id
    ascii_title = unicodedata.normalize("NFKD", survey.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_title.lower()).strip("_")[:64].rstrip("_")
    if not slug:
        return "survey"
    return slug if not slug[0].isdigit() else f"survey_{slug}"[:64]


def form_version(survey: m.SurveyFile, stamp: dt.datetime) -> str:
    """The survey's version, or the stamp's day as yyyymmdd01 (XLSForm's yyyymmddrr)."""
    return survey.version or f"{stamp.astimezone(dt.UTC):%Y%m%d}01"


def default_path(project: Project) -> Path:
    """Where `survey form` writes without --out: build/<form_id>.xlsx in the project."""
    return project.root / BUILD_DIR / f"{form_id(_instrument(project))}.xlsx"


def _instrument(project: Project) -> m.SurveyFile:
    """The survey, refused with a hint when there is nothing to put in a form."""
    survey = project.survey
    if survey is None:
        raise UsageError([Problem(
            Place(SURVEY_FILE), "no survey instrument: the project has no survey/survey.yaml",
            hint="write survey/survey.yaml with a title and its questions (docs/project-folder.md "
                 "describes the keys), then run `netconsult survey form` again")],
            root=str(project.root))
    if not survey.questions:
        raise UsageError([Problem(
            project.place("file", SURVEY_FILE), "the survey has no questions: an empty form "
            "is of no use in the field",
            hint="list them under 'questions:', each with an id, a type and a label")],
            root=str(project.root))
    return survey


# -- the sheets --------------------------------------------------------------------------


def xlsform_sheets(project: Project, stamp: dt.datetime) -> Sheets:
    """The XLSForm as rows per sheet, only non-empty cells in each row."""
    survey = _instrument(project)
    _refuse_unfieldable(project, survey)
    return _FormBuilder(project, survey).sheets(stamp)


def _refuse_unfieldable(project: Project, survey: m.SurveyFile) -> None:
    """What pyxform, Kobo or ODK would refuse, placed where the user can fix it."""
    # (A reserved question id or a code on the 1-5 scale is refused when the project loads.)
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    if not project.members:
        for i, question in enumerate(survey.questions):
            if question.type in ("member", "members"):
                found.append((("questions", i, "type"), f"question {question.id} offers the "
                              "member organisations, and members.yaml lists none",
                              "list the network's members in members.yaml first"))
    rated = _rated_question(survey)
    if rated is not None:
        # The follow-ups' names are what `survey import` looks for in an export: a question
        # taking one would make the form and its exports ambiguous.
        taken = {name.casefold(): name for name in generated_names(rated)}
        for i, question in enumerate(survey.questions):
            if question.id.casefold() in taken:
                found.append((("questions", i, "id"), f"question id '{question.id}' is the "
                              f"name of a follow-up field of question {rated.id} in the form",
                              "give the question another id"))
    if found:
        place = _placer(project)
        raise UsageError([Problem(place(loc), message, hint) for loc, message, hint in found],
                         root=str(project.root))


def _rated_question(survey: m.SurveyFile) -> m.Question | None:
    """The members question whose partners are rated one by one, if the survey asks that."""
    question = survey.tie_question()
    return question if question is not None and question.follow_ups else None


def _placer(project: Project) -> Callable[[tuple[str | int, ...]], Place]:
    """Line and column of a key in survey.yaml (read again: only an error needs them)."""
    from netconsult.project.yamldoc import YamlSyntaxError, parse_yaml

    try:
        text = (project.root / SURVEY_FILE).read_text(encoding="utf-8")
        doc, _ = parse_yaml(text, SURVEY_FILE)
    except (OSError, ValueError, YamlSyntaxError):  # changed since it was loaded
        return lambda loc: project.place("file", SURVEY_FILE)
    return doc.place


class _FormBuilder:
    def __init__(self, project: Project, survey: m.SurveyFile) -> None:
        from netconsult.project.frameworks import survey_dimensions

        self.project, self.survey = project, survey
        self.languages = list(project.engagement.languages)
        self.dimensions = {d.id: d.name for d in survey_dimensions(survey)}
        self.member_question = next((q.id for q in survey.questions if q.type == "member"),
                                    None)
        self.rated = _rated_question(survey)
        # Survey names (questions, groups, metadata) and list names are unique ignoring
        # case: pyxform warns about names that differ in case only. The follow-ups' names
        # are fixed (imports look for them), so they are taken before any group's.
        self.names = {q.id.casefold() for q in survey.questions}
        if self.rated is not None:
            self.names.update(name.casefold() for name in generated_names(self.rated))
        self.list_names: set[str] = set()
        self.lists: dict[str, list[Row]] = {}  # list name → choice rows, in first-use order
        self.agree_list: str | None = None
        self.member_list: str | None = None
        self.scales: dict[str, str] = {}  # base list name → the name it got

    def sheets(self, stamp: dt.datetime) -> Sheets:
        rows = [{"type": kind, "name": self._new_name(kind)} for kind in ("start", "end")]
        for dimension, questions in self._runs():
            if dimension is None:
                for q in questions:
                    rows.append(self._question(q))
                    if q is self.rated:
                        rows += self._follow_ups(q)
                continue
            group = self._new_name(dimension if dimension[0].isalpha() else f"dim_{dimension}")
            # Dimension names are written in one language: the same text in every column.
            rows.append({"type": "begin_group", "name": group,
                         **self._labels("label", self.dimensions.get(dimension, dimension)),
                         "appearance": "field-list"})
            rows += [self._question(q) for q in questions]
            rows.append({"type": "end_group", "name": group})
        settings = {"form_title": printable(self.survey.title), "form_id": form_id(self.survey),
                    "version": printable(form_version(self.survey, stamp)),
                    "default_language": language_column(self.languages[0])}
        choices = [row for list_rows in self.lists.values() for row in list_rows]
        return {"survey": rows, "choices": choices, "settings": [settings]}

    def _runs(self) -> Iterator[tuple[str | None, list[m.Question]]]:
        """Consecutive likert items of one dimension together (a group, one screen each);
        other questions one by one. Items are never reordered: the order is the designer's."""
        run: list[m.Question] = []
        for question in self.survey.questions:
            dimension = question.dimension if question.type == "likert" else None
            if run and (dimension is None or run[0].dimension != dimension):
                yield run[0].dimension, run
                run = []
            if dimension is None:
                yield None, [question]
            else:
                run.append(question)
        if run:
            yield run[0].dimension, run

    def _question(self, q: m.Question) -> Row:
        row: Row = {"type": self._type(q), "name": q.id, **self._labels("label", q.label)}
        if q.hint is not None:
            row.update(self._labels("hint", q.hint))
        if q.required:
            row["required"] = "yes"
        appearance = {"likert": "likert", "member": "minimal", "text": "multiline"}.get(q.type)
        if appearance:
            row["appearance"] = appearance
        if q.type == "number":
            row.update(self._range(q))
        if q.type == "members" and self.member_question is not None:
            # Which *other* centres: the respondent's own is not a partner of itself.
            row["choice_filter"] = f"name != ${{{self.member_question}}}"
        return row

    def _follow_ups(self, q: m.Question) -> list[Row]:
        """The repeat asking each follow-up item about each partner ticked in `q`, one
        partner per entry (and per screen)."""
        repeat, partner = ties_repeat(q.id), partner_field(q.id)
        name = f"{partner}_name"
        rows: list[Row] = [
            {"type": "begin_repeat", "name": repeat, **self._labels("label", TIES_LABEL),
             "appearance": "field-list", "repeat_count": f"count-selected(${{{q.id}}})"},
            # The entry's position picks the partner: entry 1 is the first one ticked.
            {"type": "calculate", "name": partner,
             "calculation": f"selected-at(${{{q.id}}}, position(..) - 1)"},
            {"type": "calculate", "name": name,
             "calculation": f"jr:choice-name(${{{partner}}}, '${{{q.id}}}')"},
            {"type": "note", "name": f"{partner}_note",
             **self._labels("label", {code: text.format(name=f"${{{name}}}")
                                      for code, text in PARTNER_NOTE.items()}),
             **self._labels("hint", PARTNER_HINT)},
        ]
        for item in follow_up_items(q):
            label, hint = FOLLOW_UP_WORDING[item]
            kind = self._scale_list(INTENSITY_LIST, INTENSITY_SCALE) if item == "intensity" \
                else self._scale_list(RATING_LIST, RATING_SCALE)
            rows.append({"type": f"select_one {kind}", "name": item_field(q.id, item),
                         **self._labels("label", label), **self._labels("hint", hint)})
        rows.append({"type": "end_repeat", "name": repeat})
        return rows

    def _scale_list(self, base: str, scale: tuple[tuple[str, dict[str, str]], ...]) -> str:
        """The choice list of a 1-4 scale, added on first use."""
        name = self.scales.get(base)
        if name is None:
            name = self.scales[base] = self._new_list(base)
            self.lists[name] = [{"list_name": name, "name": code,
                                 **self._labels("label", text)} for code, text in scale]
        return name

    def _type(self, q: m.Question) -> str:
        # decimal, not integer, even for whole bounds: the instrument cannot say "whole
        # numbers only", and an integer field would refuse a true answer such as 2.5 in the
        # field, where it cannot be corrected later; decimal accepts whole numbers too.
        simple = {"number": "decimal", "text": "text"}
        if q.type in simple:
            return simple[q.type]
        select = "select_multiple" if q.type in ("multiple", "members") else "select_one"
        if q.type == "likert":
            return f"{select} {self._agree_list()}"
        if q.type in ("member", "members"):
            return f"{select} {self._member_list()}"
        name = self._new_list(q.id)
        self.lists[name] = [{"list_name": name, "name": c.name, **self._labels("label", c.label)}
                            for c in q.choices]
        return f"{select} {name}"

    def _agree_list(self) -> str:
        if self.agree_list is None:
            name = self.agree_list = self._new_list(AGREE_LIST)
            codes = self.survey.codes
            scale = [*AGREE_SCALE, (codes.dont_know, DONT_KNOW),
                     (codes.not_applicable, NOT_APPLICABLE)]
            self.lists[name] = [{"list_name": name, "name": code, **self._labels("label", text)}
                                for code, text in scale]
        return self.agree_list

    def _member_list(self) -> str:
        if self.member_list is None:
            name = self.member_list = self._new_list(MEMBER_LIST)
            # A member's name is the same in every language.
            self.lists[name] = [{"list_name": name, "name": member.id,
                                 **self._labels("label", member.name)}
                                for member in self.project.members]
        return self.member_list

    def _range(self, q: m.Question) -> Row:
        low = q.minimum if q.minimum is not None and _finite(q.minimum) else None
        high = q.maximum if q.maximum is not None and _finite(q.maximum) else None
        if low is None and high is None:
            return {}
        tests = ([f". >= {_xpath_number(low)}"] if low is not None else []) + (
            [f". <= {_xpath_number(high)}"] if high is not None else [])
        which = 0 if low is not None and high is not None else 1 if low is not None else 2
        messages = {}
        for code in self.languages:
            messages[code] = RANGE_MESSAGES[code][which].format(
                low=_shown_number(low, code), high=_shown_number(high, code))
        return {"constraint": " and ".join(tests), **self._labels("constraint_message", messages)}

    def _labels(self, column: str, text: str | dict[str, str]) -> Row:
        """One cell per engagement language; a missing language gets the default's wording."""
        out: Row = {}
        for code in self.languages:
            if isinstance(text, str):
                value = text
            else:
                fallback = text.get(self.languages[0]) or next(iter(text.values()))
                value = text.get(code) or fallback
            out[f"{column}::{language_column(code)}"] = printable(value)
        return out

    def _new_name(self, base: str) -> str:
        return _unique(base, self.names)

    def _new_list(self, base: str) -> str:
        return _unique(base, self.list_names)


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 1
    while name.casefold() in taken or name in RESERVED_NAMES:
        n += 1
        name = f"{base}_{n}"
    taken.add(name.casefold())
    return name


def _finite(value: float) -> bool:
    return value == value and value not in (float("inf"), float("-inf"))


def _xpath_number(value: float) -> str:
    """A number as XPath reads it: 40, 2.5, 0.0000001 (never 40.0 or 1e-07)."""
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _shown_number(value: float | None, language: str) -> str:
    if value is None:
        return ""
    from babel.numbers import format_decimal

    # Whole numbers without ".0"; decimals with the language's separator (2,5 in fr and es).
    return format_decimal(Decimal(_xpath_number(value)), locale=language,
                          decimal_quantization=False, group_separator=False)


# -- the workbook ------------------------------------------------------------------------


def xlsform_bytes(project: Project, stamp: dt.datetime) -> bytes:
    """The XLSForm as .xlsx bytes; `stamp` (aware) is its created/modified time."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    sheets = xlsform_sheets(project, stamp)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title in SHEETS:
        _write_sheet(workbook.create_sheet(title), sheets[title])
    workbook.active = 0

    naive_utc = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    props = workbook.properties
    props.title = sheets["settings"][0]["form_title"]
    props.subject = printable(project.engagement.client)
    props.creator = CREATOR
    props.description = ("Generated by netconsult from survey/survey.yaml; edit the YAML "
                         "and run `netconsult survey form` again.")
    props.created = props.modified = naive_utc
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps `modified` with the wall clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return restamped(buffer.getvalue(), naive_utc)


def sheet_header(rows: list[Row]) -> list[str]:
    """The columns some row uses: base columns in `_COLUMNS` order, languages as first met."""
    seen: dict[str, int] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, len(seen))

    def rank(key: str) -> tuple[int, int]:
        base = key.split("::", 1)[0]
        return (_COLUMNS.index(base) if base in _COLUMNS else len(_COLUMNS), seen[key])

    return sorted(seen, key=rank)


def _write_sheet(sheet: Any, rows: list[Row]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header = sheet_header(rows)
    bold = Font(bold=True)
    for col, key in enumerate(header, 1):
        sheet.cell(row=1, column=col, value=key).font = bold
    for r, row in enumerate(rows, 2):
        for col, key in enumerate(header, 1):
            if key in row:
                cell = sheet.cell(row=r, column=col)
                cell.value = row[key][:32767]  # Excel's limit for one cell
                # Text stays text: a label "=1+1" is not a formula, a name "98" not a number.
                cell.data_type = "s"
    for col, key in enumerate(header, 1):
        longest = max([len(key), *(len(row.get(key, "")) for row in rows)])
        sheet.column_dimensions[get_column_letter(col)].width = float(min(longest + 2, 60))
    sheet.freeze_panes = "A2"


def write_xlsform(project: Project, path: Path, stamp: dt.datetime, *,
                  force: bool = False) -> int:
    """Write the form to `path`; return its size in bytes.

    Same rule as `plan export`: a form netconsult wrote and no one has saved over since is
    replaced freely; any other file at `path` only with `force`.
    """
    content = xlsform_bytes(project, stamp)
    if path.exists() and not (path.is_file() and is_generated(path)) and not force:
        raise UsageError([Problem(Place(str(path)), "file exists and was not written by "
                                  "`netconsult survey form`, or was saved by another program "
                                  "since; not overwriting it",
                                  hint="pass --force to replace it, or --out to write elsewhere")])
    write_new(path, content, force=True, shown=str(path))  # atomic
    return len(content)
