"""Display names of the format's fixed values, marked for translation.

`N_` only marks a string for extraction into the gettext catalog; contexts translate the
marked strings with the report language's catalog when they build.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


CATEGORY = {
    "digital-tools": N_("Digital tools and platforms"),
    "rituals": N_("Rituals"),
    "incentives": N_("Incentives for participation"),
    "collaboration-principles": N_("Collaboration principles"),
    "governance": N_("Governance and decision-making"),
    "funding": N_("Funding and sustainability"),
    "other": N_("Other"),
}
LEVEL = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}
FINDING_TYPE = {"strength": N_("Strength"), "gap": N_("Gap"), "observation": N_("Observation")}
MEETING_KIND = {
    "kickoff": N_("Kick-off"),
    "regional": N_("Regional meeting"),
    "interview": N_("Interview"),
    "workshop": N_("Workshop"),
    "training": N_("Training"),
    "summit": N_("Summit"),
    "mentoring": N_("Mentoring"),
    "other": N_("Meeting"),
}
MEETING_MODE = {"virtual": N_("Virtual"), "in-person": N_("In person"), "hybrid": N_("Hybrid")}
EVENT_KIND = {
    "workshop": N_("Workshop"),
    "training": N_("Training"),
    "discussion": N_("Facilitated discussion"),
    "meeting": N_("Meeting"),
}
ACTION_STATUS = {
    "planned": N_("Planned"),
    "in-progress": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}
MEMBER_TYPE = {
    "coordinator": N_("Coordinator"),
    "member": N_("Member"),
    "associate": N_("Associate"),
    "observer": N_("Observer"),
}
DELIVERABLE_STATUS = {
    "planned": N_("Draft"),
    "in-progress": N_("Draft"),
    "submitted": N_("Submitted"),
    "accepted": N_("Final"),
}
REPORT_TITLE = {
    "assessment": N_("Assessment of the network's goals and current practices"),
    "recommendations": N_("Recommendation report"),
    "plan": N_("Network improvement plan"),
}
MEMBER_SIZE = {"small": N_("Small"), "medium": N_("Medium"), "large": N_("Large")}
BREAKDOWN = {"region": N_("Region"), "type": N_("Member type"), "size": N_("Member size")}
#: The group of respondents or members with no value for a breakdown (analysis NOT_STATED).
NOT_STATED = N_("Not stated")


def group_label(by: str, group: str, name: str) -> str:
    """The display name (untranslated, marked) of a breakdown group the analysis gives as
    (by, group id, name): types and sizes by their label, "Not stated" for NOT_STATED (""),
    anything else (a region, an attribute's choice) by its own name."""
    if not group:
        return NOT_STATED
    table = {"type": MEMBER_TYPE, "size": MEMBER_SIZE}.get(by, {})
    return table.get(group, name)
