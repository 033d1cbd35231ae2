"""Safe rendering: hostile project content stays data, the PDF renderer fetches nothing
outside the project and the package, quotes keep their privacy, project templates are
sandboxed and their errors name their place, and renders are reproducible."""

from __future__ import annotations

import base64
import logging
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markupsafe import escape
from pypdf import PdfReader

from netconsult.project.load import load_project
from netconsult.render.context import quote_attribution
from netconsult.resources import resource_dir
from tests.conftest import MINIMAL, MakeProject, RunCli

EPOCH = "1608249600"  # 2020-12-18
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src="file:///etc/passwd">'
MD_IMG = "![x](file:///etc/passwd)"
MD_LINK = "[link](javascript:alert(1))"
JINJA = "{{ 7*7 }}"
RAW = "{% raw %}"
HOSTILE = f"{SCRIPT} {IMG} {MD_IMG} {MD_LINK} {JINJA} {RAW}"
ARABIC = "شبكة الشركاء تعمل معاً"
EMOJI = "🌍🤝"
LONG = ("LONGSTART " + "members exchange practice across regions " * 500)[:19992] + " LONGEND"
UNBROKEN = "x" * 3000  # a pasted token with no break opportunity
BUILTIN = resource_dir("templates") / "reports"


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _minimal(name: str) -> Any:
    return yaml.safe_load((MINIMAL / name).read_text(encoding="utf-8"))


def _meeting(front: dict[str, Any], notes: str = "Notes.") -> str:
    return f"---\n{_yaml(front)}---\n{notes}\n"


def _north(**changes: Any) -> str:
    """The minimal project's northern meeting (members n1, n2) with `changes`."""
    front = {"date": "2020-07-01", "kind": "regional", "region": "north", "deliverable": "D2",
             "participants": ["n1", "n2"],
             "findings": [{"id": "F1", "theme": "trust", "text": "Members trust each other.",
                           "type": "strength"}]}
    return _meeting(dict(front, **changes))


def hostile_files() -> dict[str, str]:
    """Every free-text field a user types, filled with what must stay plain text."""
    config = _minimal("netconsult.yaml")
    config["engagement"]["title"] = f"Engagement {HOSTILE}"
    workplan = _minimal("workplan.yaml")
    for deliverable in workplan["deliverables"]:
        deliverable["title"] = f"{deliverable['title']} {HOSTILE}"
    members = _minimal("members.yaml")
    members["members"][0]["name"] = f"North One {IMG} {EMOJI}"
    members["members"][1]["name"] = f"North Two {SCRIPT} {ARABIC}"
    recs = _minimal("recommendations.yaml")
    recs["recommendations"][0].update(title=f"Shared space {HOSTILE}",
                                      rationale=f"Because {HOSTILE}\n\n{ARABIC} {EMOJI}")
    north = _north(
        title=f"North meeting {HOSTILE}",
        findings=[{"id": "F1", "theme": "trust", "type": "strength",
                   "text": f"Finding {HOSTILE} {ARABIC} {EMOJI}"},
                  {"theme": "rituals", "type": "gap", "text": LONG}],
        quotes=[{"text": f"Quote {HOSTILE} {ARABIC} {EMOJI}", "member": "n2"},
                {"text": UNBROKEN, "member": "n1"}],
    )
    notes = (f"Notes {SCRIPT} and {IMG}\n\n{MD_IMG} and {MD_LINK} and <file:///etc/passwd>\n\n"
             f"{JINJA} {RAW}\n\n{ARABIC} {EMOJI}")
    return {
        "netconsult.yaml": _yaml(config),
        "workplan.yaml": _yaml(workplan),
        "members.yaml": _yaml(members),
        "recommendations.yaml": _yaml(recs),
        "meetings/2020-07-01-north.md": north.replace("Notes.", notes),
    }


def render_html(cli: RunCli, project: Path, which: str = "all",
                out: Path | None = None) -> dict[str, str]:
    out = out or project / "build"
    result = cli("report", which, project, "--format", "html", "--out", out)
    assert result.exit_code == 0, result.output
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}


@pytest.fixture
def hostile(make_project: MakeProject) -> Path:
    return make_project(hostile_files())


@pytest.fixture
def hostile_html(cli: RunCli, hostile: Path) -> dict[str, str]:
    return render_html(cli, hostile)


# --- 1. hostile content ----------------------------------------------------------------


def test_no_live_markup_from_user_text(hostile_html: dict[str, str]) -> None:
    assert set(hostile_html) == {"assessment", "recommendations", "improvement-plan"}
    for name, html in hostile_html.items():
        lowered = html.lower()
        assert "<script" not in lowered, name
        assert 'src="file:' not in lowered and "<img src=\"file:" not in lowered, name
        assert 'href="javascript:' not in lowered and 'href="file:' not in lowered, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name


@pytest.mark.parametrize(("report", "text"), [
    ("assessment", f"Finding {HOSTILE} {ARABIC} {EMOJI}"),  # finding
    ("assessment", f"Quote {HOSTILE} {ARABIC} {EMOJI}"),  # quote
    ("assessment", f"North meeting {HOSTILE}"),  # meeting title
    ("assessment", f"North Two {SCRIPT} {ARABIC}"),  # member name
    ("assessment", f"North One {IMG} {EMOJI}"),
    ("assessment", f"Engagement {HOSTILE}"),  # engagement title, on the cover
    ("assessment", f"Assessment {HOSTILE}"),  # deliverable title = report title
    ("recommendations", f"Shared space {HOSTILE}"),  # recommendation title
    ("improvement-plan", f"Shared space {HOSTILE}"),
])
def test_user_text_is_escaped_verbatim(hostile_html: dict[str, str], report: str,
                                       text: str) -> None:
    # Exactly the autoescaped text: nothing evaluated ({{ 7*7 }} stays), nothing dropped.
    assert str(escape(text)) in hostile_html[report]


def test_template_syntax_in_data_is_never_evaluated(hostile_html: dict[str, str]) -> None:
    for html in hostile_html.values():
        assert JINJA in html and RAW in html
        assert "North meeting 49" not in html and "Finding 49" not in html


def test_markdown_cannot_embed_files_or_scripts(hostile_html: dict[str, str]) -> None:
    notes = hostile_html["assessment"].split('id="annex-meetings"', 1)[1]
    assert "Notes &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=" in notes
    # links and images to file:, javascript: stay visible as the text the user typed
    assert f"<p>{MD_IMG} and {MD_LINK} and &lt;file:///etc/passwd&gt;</p>" in notes
    assert f"<p>{JINJA} {RAW}</p>" in notes
    rationale = hostile_html["recommendations"]
    assert "<p>Because &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=" in rationale
    assert MD_IMG in rationale and MD_LINK in rationale


def test_arabic_and_emoji_survive(hostile_html: dict[str, str]) -> None:
    assessment = hostile_html["assessment"]
    assert assessment.count(ARABIC) >= 4  # finding, quote, member name, notes
    assert assessment.count(EMOJI) >= 3
    assert f"{ARABIC} {EMOJI}" in hostile_html["recommendations"]


def test_long_text_lays_out(cli: RunCli, hostile: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="weasyprint")
    result = cli("report", "assessment", hostile, "--format", "pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(hostile / "build" / "assessment.pdf")
    pages = [page.extract_text() for page in reader.pages]
    # ~20 pages: the long finding is printed three times (summary, theme, gaps)
    assert 10 <= len(pages) <= 60
    # NUL-interleaved runs: pypdf misreads WeasyPrint's compact one-byte font encoding
    text = "\n".join(pages).replace("\x00", "")
    assert text.count("LONGSTART") == 3 and text.count("LONGEND") == 3
    assert "<script>alert(1)</script>" in text  # shown as text, where the user typed it
    # the unbroken token wraps inside the page instead of running off it
    assert "x" * 40 in text
    assert max(len(line) for line in text.splitlines() if "xxxx" in line) < 200
    unrendered = " ".join(r.getMessage() for r in caplog.records if "notdef" in r.getMessage())
    assert not any(char in unrendered for char in ARABIC.replace(" ", ""))


# --- 2. the fetcher ----------------------------------------------------------------------


@pytest.fixture
def roots(tmp_path: Path) -> dict[str, Path]:
    """An allowed root with a file, a file outside it and links from inside to outside."""
    root = tmp_path / "root"
    (root / "img").mkdir(parents=True)
    (root / "img" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "link.txt").symlink_to(outside / "secret.txt")
    (root / "linked-dir").symlink_to(outside, target_is_directory=True)
    return {"root": root, "outside": outside}


def test_fetcher_serves_files_inside_a_root(roots: dict[str, Path]) -> None:
    from netconsult.render.pdf import make_fetcher

    fetcher = make_fetcher([roots["root"]])
    logo = roots["root"] / "img" / "logo.svg"
    assert fetcher.fetch(logo.as_uri()).read() == b"<svg/>"
    assert fetcher.fetch("file://localhost" + str(logo)).read() == b"<svg/>"
    assert fetcher.fetch(logo.as_uri() + "#frag").read() == b"<svg/>"


def test_fetcher_serves_data_uris(roots: dict[str, Path]) -> None:
    from netconsult.render.pdf import make_fetcher

    fetcher = make_fetcher([roots["root"]])
    data = base64.b64encode(b"<svg/>").decode()
    assert fetcher.fetch(f"data:image/svg+xml;base64,{data}").read() == b"<svg/>"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "http://example.org/x.png",
    "https://example.org/x.png",
    "ftp://example.org/x.png",
    "http://127.0.0.1:9/x.png",
    "{root}/../outside/secret.txt",  # escapes with ..
    "{root}/%2e%2e/outside/secret.txt",  # ... percent-encoded
    "{root}/link.txt",  # a symlink pointing outside
    "{root}/linked-dir/secret.txt",  # a symlinked folder pointing outside
    "file://example.org{path}/img/logo.svg",  # a host: no DNS query, no network share
    "file:img/logo.svg",  # relative: not resolved against the working directory
    "netconsult:../../../../../../etc/passwd",  # the package scheme stays in the package
    "javascript:alert(1)",
])
def test_fetcher_refuses(roots: dict[str, Path], url: str) -> None:
    from netconsult.render.pdf import RefusedFetch, make_fetcher

    fetcher = make_fetcher([roots["root"]])
    url = url.format(root=roots["root"].as_uri(), path=roots["root"])
    with pytest.raises(RefusedFetch, match="netconsult does not fetch"):
        fetcher.fetch(url)


def test_pdf_renders_without_fetching_outside(cli: RunCli, make_project: MakeProject,
                                              caplog: pytest.LogCaptureFixture,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    stylesheet = (BUILTIN / "style.css").read_text(encoding="utf-8") + (
        '\n.cover { background-image: url("file:///etc/passwd"); }'
        '\n.cover .band { background-image: url("http://127.0.0.1:9/x.png"); }\n')
    project = make_project({
        "templates/reports/style.css": stylesheet,
        "meetings/2020-07-01-north.md": _north().replace(
            "Notes.", "![outside](../outside.png) ![inside](photo.svg)"),
        "photo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
        "../outside.png": "not even a PNG",
    })
    caplog.set_level(logging.WARNING, logger="weasyprint")
    # With one core the PDF renders in this process (no worker), so caplog sees WeasyPrint's
    # log (on more cores even one PDF gets a worker, which imports WeasyPrint meanwhile).
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    result = cli("report", "assessment", project, "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert PdfReader(project / "build" / "assessment.pdf").pages
    refused = [r.getMessage() for r in caplog.records
               if r.name.startswith("weasyprint") and "netconsult does not fetch" in r.getMessage()]
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.png",
                (project.parent / "outside.png").as_uri()):
        assert any(f"netconsult does not fetch {url}" in m for m in refused), (url, refused)
        # ...and the user is told, on stderr, which file left out what.
        assert f"assessment.pdf: left out {url}: netconsult reads only files" in result.stderr
    assert not any("photo.svg" in m for m in refused)  # inside the project: served
    assert "photo.svg" not in result.stderr
    # A rerun with nothing changed re-renders nothing, and still says what was left out.
    again = cli("report", "assessment", project, "--format", "pdf")
    assert "nothing re-rendered" in again.stdout
    assert again.stderr.count("left out") == result.stderr.count("left out") == 3


# --- 3. privacy of quotes ---------------------------------------------------------------


def _quotes_project(make_project: MakeProject, min_group_size: int, member: str,
                    consent: bool) -> Path:
    config = _minimal("netconsult.yaml")
    config["privacy"] = {"min_group_size": min_group_size}
    quote = {"text": "We only see each other once a year.", "member": member, "consent": consent}
    return make_project({"netconsult.yaml": _yaml(config),
                         "meetings/2020-07-01-north.md": _north(quotes=[quote])})


@pytest.mark.parametrize(("min_group_size", "member", "consent", "by", "hidden"), [
    (5, "n2", False, "a network member", ["North Two", "North"]),  # region of 2 < 5
    (5, "s1", False, "a network member", ["South One", "South"]),
    (5, "n2", True, "North Two", []),
    (2, "n2", False, "a member in North", ["North Two"]),  # region of 2 >= 2
    (2, "s1", False, "a network member", ["South One", "South"]),  # region of 1 < 2
])
def test_quote_attribution_in_report(cli: RunCli, make_project: MakeProject,
                                     min_group_size: int, member: str, consent: bool, by: str,
                                     hidden: list[str]) -> None:
    project = _quotes_project(make_project, min_group_size, member, consent)
    html = render_html(cli, project, "assessment")["assessment"]
    quotes = re.findall(r'<blockquote class="quote">.*?</blockquote>', html, re.S)
    assert len(quotes) == 1
    assert "We only see each other once a year." in quotes[0]
    footer = re.search(r"<footer>— (.*?)</footer>", quotes[0], re.S)
    assert footer is not None
    assert footer[1].split(" · ")[0] == by
    for name in hidden:
        assert name not in quotes[0]


def test_quote_attribution_rules(make_project: MakeProject) -> None:
    def attribution(project: Any, member: str | None, consent: bool) -> str:
        return quote_attribution(project, member, consent, lambda s: s)

    small = load_project(make_project(name="small"))  # min_group_size 5; north 2, south 1
    assert attribution(small, "n2", False) == "a network member"
    assert attribution(small, "s1", False) == "a network member"
    assert attribution(small, "n2", True) == "North Two"
    assert attribution(small, None, True) == "a network member"
    assert attribution(small, "liaison", True) == "a network member"  # a group, not a member
    config = _minimal("netconsult.yaml")
    config["privacy"] = {"min_group_size": 2}
    two = load_project(make_project({"netconsult.yaml": _yaml(config)}, name="two"))
    assert attribution(two, "n2", False) == "a member in North"
    assert attribution(two, "n1", True) == "North One"
    assert attribution(two, "s1", False) == "a network member"


# --- 4. project templates ---------------------------------------------------------------


def test_override_extends_the_builtin(cli: RunCli, make_project: MakeProject) -> None:
    project = make_project({"templates/reports/assessment.html": (
        '{% extends "builtin/reports/assessment.html" %}'
        "{% block summary_lead %}<p>OVERRIDE-LEAD</p>{% endblock %}\n")})
    html = render_html(cli, project)
    assert "<p>OVERRIDE-LEAD</p>" in html["assessment"]
    assert "This assessment describes" not in html["assessment"]
    for section in ("Executive summary", "The network", "Findings by theme",
                    "Meeting notes"):
        assert f"</span>{section}</h1>" in html["assessment"], section
    assert "OVERRIDE-LEAD" not in html["recommendations"]


def test_override_of_a_partial_is_used(cli: RunCli, make_project: MakeProject) -> None:
    macros = (BUILTIN / "partials" / "macros.html").read_text(encoding="utf-8")
    assert macros.count('<h1 id="') == 1
    project = make_project({"templates/reports/partials/macros.html":
                            macros.replace('<h1 id="', '<h1 class="override-heading" id="')})
    for name, html in render_html(cli, project).items():
        assert '<h1 class="override-heading" id="summary"' in html, name


@pytest.mark.parametrize(("source", "line", "message"), [
    ("{% if %}", 2, "Expected an expression"),  # syntax error
    ("{{ nosuch }}", 2, "'nosuch' is undefined"),
    ("{{ report.nosuch }}", 2, "has no attribute 'nosuch'"),
    ("{{ m.nosuch() }}", 2, "has no attribute 'nosuch'"),
    # sandbox escapes: jinja2.sandbox.SecurityError, reported like any template error
    ("{{ ''.__class__.__mro__ }}", 2, "access to attribute '__class__' of 'str' object is unsafe"),
    ("{{ lipsum.__globals__ }}", 2, "'__globals__' of 'function' object is unsafe"),
    ("{{ section.__self__ }}", 2, "is unsafe"),
    ("{{ '{0.__class__}'.format(report) }}", 2, "is unsafe"),
    ("{% include '../../netconsult.yaml' %}", 2, "no template named '../../netconsult.yaml'"),
    # errors that are not Jinja's own, raised by the user's template: still no traceback
    ("{{ 1 / 0 }}", 2, "ZeroDivisionError: division by zero"),
    ("{{ range(10 ** 6) | list }}", 2, "OverflowError: Range too big"),
    ("{{ report.cover.client | date }}", 2, "the date filter needs a date, got str"),
    ("{{ report.cover.client | number }}", 2, "the number filter needs a number, got str"),
])
def test_broken_override_is_a_place_not_a_traceback(
        cli: RunCli, make_project: MakeProject, monkeypatch: pytest.MonkeyPatch,
        source: str, line: int, message: str) -> None:
    project = make_project({"templates/reports/assessment.html": (
        '{% extends "builtin/reports/assessment.html" %}\n'
        f"{{% block summary_lead %}}{source}{{% endblock %}}\n")})
    monkeypatch.chdir(project)
    result = cli("report", "assessment", ".", "--format", "html")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"templates/reports/assessment.html:{line}: template error: "), first
    assert message in first
    assert "Traceback" not in result.output
    assert not (project / "build" / "assessment.html").exists()


def test_template_error_path_with_a_relative_project(cli: RunCli, make_project: MakeProject,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project({"templates/reports/assessment.html": "\n\n{{ nosuch }}\n"})
    monkeypatch.chdir(project.parent)
    result = cli("report", "assessment", project.name, "--format", "html")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{project.name}/templates/reports/assessment.html:3: template error: 'nosuch'")


def test_override_that_is_not_utf8(cli: RunCli, make_project: MakeProject,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project()
    (project / "templates" / "reports").mkdir(parents=True)
    (project / "templates" / "reports" / "assessment.html").write_bytes(b"caf\xe9 {{ 1 }}\n")
    monkeypatch.chdir(project)
    result = cli("report", "assessment", ".", "--format", "html")
    assert result.exit_code == 2
    assert result.stderr.startswith("templates/reports/assessment.html: not UTF-8 text")
    assert "Traceback" not in result.output


# --- 5. branding ------------------------------------------------------------------------

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10"/></svg>')


def _branded(make_project: MakeProject, logo: str, files: dict[str, str]) -> Path:
    config = _minimal("netconsult.yaml")
    config["branding"] = {"colour": "#AA3300", "logo": logo}
    return make_project({"netconsult.yaml": _yaml(config), **files})


def test_brand_colour_and_logo(cli: RunCli, make_project: MakeProject) -> None:
    project = _branded(make_project, "logo.svg", {"logo.svg": LOGO})
    html = render_html(cli, project, "assessment")["assessment"]
    assert "--accent: #AA3300;" in html
    data = base64.b64encode(LOGO.encode()).decode()
    cover = html.split('<section class="cover">', 1)[1].split("</section>", 1)[0]
    assert f'<img class="logo" src="data:image/svg+xml;base64,{data}"' in cover


@pytest.mark.parametrize("where", ["parent", "absolute", "symlink"])
def test_logo_outside_the_project_is_ignored(cli: RunCli, make_project: MakeProject,
                                             tmp_path: Path, where: str) -> None:
    outside = tmp_path / "x.svg"
    outside.write_text(LOGO, encoding="utf-8")
    logo = {"parent": "../x.svg", "absolute": str(outside), "symlink": "logo.svg"}[where]
    project = _branded(make_project, logo, {})
    if where == "symlink":
        (project / "logo.svg").symlink_to(outside)
    html = render_html(cli, project, "assessment")["assessment"]
    assert "--accent: #AA3300;" in html
    assert 'class="logo"' not in html
    assert base64.b64encode(LOGO.encode()).decode() not in html


# --- 6. reproducibility -----------------------------------------------------------------


def test_html_is_byte_identical_across_renders(cli: RunCli, hostile: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = render_html(cli, hostile, out=tmp_path / "one")
    second = render_html(cli, hostile, out=tmp_path / "two")
    assert len(first) == 3
    assert first == second
    assert "Dec 18, 2020" in first["assessment"]
