"""`report`'s engine: contexts → HTML (in this process) → PDFs (in parallel), cached.

Each report's outputs are keyed on what that report read (render/cache.py): when nothing
changed, nothing is loaded or rendered (the check reads file bytes alone, before any heavy
import); when something did, only the reports that read it are rendered again and the
others are reused from the manifest.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateError

from netconsult.errors import Place, Problem, ProjectError
from netconsult.project.write import write_atomic
from netconsult.render.pdf import PdfResult
from netconsult.resources import resource_dir

if TYPE_CHECKING:
    from netconsult.project.load import Project

MANIFEST = ".netconsult-build.json"
REPORT_FILES = {"assessment": "assessment", "recommendations": "recommendations",
                "plan": "improvement-plan"}


@dataclass(frozen=True)
class Output:
    report: str
    path: str
    format: str
    size: int
    pages: int | None = None
    reused: bool = False
    refused: tuple[str, ...] = ()  # URLs the PDF renderer would not fetch


Progress = Callable[[str, str], None]  # (report, what just happened)


def _files_under(root: Path, skip: Iterable[Path] = ()) -> list[Path]:
    skipped = [s.resolve() for s in skip]
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not any(path.resolve().is_relative_to(s) for s in skipped) \
                and ".git" not in path.parts and "__pycache__" not in path.parts:
            found.append(path)
    return found


def _manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The last builds' record of each report: its keys, what it read and its outputs."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        records = manifest["reports"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(records, dict):
        return {}
    # Anything malformed (an older format, a hand edit) is rendered again.
    return {kind: record for kind, record in records.items()
            if kind in REPORT_FILES and isinstance(record, dict)
            and isinstance(record.get("reads"), list)
            and all(isinstance(token, str) for token in record["reads"])}


def _reusable(out: Path, record: dict[str, Any] | None) -> list[Output] | None:
    """The outputs a record lists, if they are all still there."""
    if not record:
        return None
    try:
        outputs = [Output(**dict(item, reused=True, refused=tuple(item.get("refused", ()))))
                   for item in record["outputs"]]
    except (KeyError, TypeError):
        return None
    if not outputs or not all((out / Path(o.path).name).is_file() for o in outputs):
        return None
    return outputs


def render_html(root: Path, reports: Sequence[str], lang: str,
                as_of: dt.date | None = None) -> dict[str, str]:
    """The HTML of each report (fast: Jinja is ~0.2 % of a PDF's cost)."""
    from netconsult.project.load import load_project

    return {kind: page for kind, page, _ in _html_pages(load_project(root), root, reports,
                                                         lang, as_of)}


def _html_pages(project: Project, root: Path, reports: Sequence[str], lang: str,
                as_of: dt.date | None) -> Iterator[tuple[str, str, set[str]]]:
    """Each report's HTML and the files it read (render/cache.py's tokens), one report at
    a time, so its PDF can start while the next one is rendered."""
    from markupsafe import Markup

    from netconsult.render.cache import project_file
    from netconsult.render.context import build_context
    from netconsult.render.environment import make_environment
    from netconsult.render.layout import mark_short_chapters
    from netconsult.render.track import reading, tracked

    env = make_environment(root, lang)
    env.bytecode_cache = _bytecode_cache()
    watched = tracked(project)
    logo = project.config.branding.logo
    logo_file = project_file(root, root / logo) if logo else None
    try:
        stylesheet = Markup(env.loader.get_source(env, "reports/style.css")[0])  # type: ignore[union-attr]
        for kind in reports:
            with reading(set()) as reads:
                ctx = build_context(watched, kind, lang, as_of)
                sections = {s.anchor: s for s in ctx.sections}
                template = env.get_template(f"reports/{REPORT_FILES[kind]}.html")
                page = mark_short_chapters(template.render(
                    report=ctx, section=sections.__getitem__, stylesheet=stylesheet,
                    privacy_min=project.config.privacy.min_group_size))
            if logo_file:  # every cover shows it
                reads.add(logo_file)
            yield kind, page, reads
    except TemplateError as exc:  # the sandbox's SecurityError is one too
        raise template_problem(exc, root) from None
    except UnicodeDecodeError:
        undecodable = _undecodable_templates(root)
        if undecodable is None:
            raise
        raise undecodable from None
    except Exception as exc:
        # 1/0, a filter given the wrong type, a range over the sandbox's limit: raised by a
        # project override, it is the user's input (exit 2, no traceback); raised anywhere
        # else it is a bug in netconsult and must surface as one.
        if not _template_frames(exc, [root / "templates"]):
            raise
        raise template_problem(exc, root) from None


def _bytecode_cache() -> Any:
    """Compiled templates kept between runs (compiling them is most of the HTML's cost), in
    the user's own cache folder: never in the project, whose files may come from anyone."""
    import stat

    import jinja2
    from jinja2 import FileSystemBytecodeCache

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "netconsult" / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:  # no home folder, or a read-only one: compile every time
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid()
                                  or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return None  # someone else could plant code in it
    return FileSystemBytecodeCache(str(folder))


def _template_frames(exc: BaseException, dirs: Sequence[Path]) -> list[tuple[str, int | None]]:
    """(file, line) of the traceback's frames that run a template file under `dirs`."""
    import traceback

    bases = [d.resolve() for d in dirs]
    return [(frame.filename, frame.lineno)
            for frame in traceback.extract_tb(exc.__traceback__)
            if any(Path(frame.filename).resolve().is_relative_to(b) for b in bases)]


def template_problem(exc: Exception, root: Path) -> ProjectError:
    """A template error as `path:line: message`, naming the project override when it is one."""
    from jinja2 import TemplateNotFound

    name = getattr(exc, "filename", None) or "template"
    line = getattr(exc, "lineno", None)
    if line is None:  # runtime errors: the innermost frame inside a template file
        frames = _template_frames(exc, [root / "templates", resource_dir("templates")])
        if frames:
            name, line = frames[-1]
    # Template file names are relative to the working directory when the project is.
    path = Path(str(name)).resolve()
    shown = path.relative_to(root.resolve()).as_posix() \
        if path.is_relative_to(root.resolve()) else str(name)
    if isinstance(exc, TemplateNotFound):
        message = f"no template named '{exc.name}'"
    elif isinstance(exc, TemplateError):
        message = str(exc)
    else:
        message = f"{type(exc).__name__}: {exc}"
    return ProjectError([Problem(Place(shown, line), f"template error: {message}",
                                 hint="check the override in templates/ against the built-in "
                                      "(builtin/<name>)")], root=str(root))


def _undecodable_templates(root: Path) -> ProjectError | None:
    """The override files that are not UTF-8 (Jinja's loader does not say which one)."""
    bad = []
    for path in _files_under(root / "templates"):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            bad.append(Problem(Place(path.relative_to(root).as_posix()),
                               f"not UTF-8 text (byte {exc.start})",
                               hint="save the template as UTF-8"))
    return ProjectError(bad, root=str(root)) if bad else None


_jobs_done = 0  # PDFs this worker process has made


def _pdf_job(html: str, base: str, roots: list[str]) -> PdfResult:
    import gc

    from netconsult.render.pdf import html_to_pdf

    global _jobs_done
    if _jobs_done:  # the garbage a document left, not while the first (longest) one waits
        gc.collect()
    _jobs_done += 1
    return html_to_pdf(html, Path(base), [Path(r) for r in roots])


def _warm_up() -> None:
    import gc

    import weasyprint  # noqa: F401

    # Layout allocates millions of short-lived objects, nearly all freed by reference
    # counting (the assessment's peak memory is the same with the collector off): a worker
    # lives for one build, so it runs without collections (none over the imported modules),
    # and collects between documents. ~3 % off the assessment's PDF against a high
    # threshold, ~15 % against the default one.
    gc.freeze()
    gc.disable()


def _pdf_order(reports: Sequence[str], records: dict[str, dict[str, Any]]) -> list[str]:
    """Longest PDF first (by its pages last time, else the usual order: the assessment is
    the longest), so the last report to start is a short one."""
    def pages(kind: str) -> int:
        outputs = (records.get(kind) or {}).get("outputs") or []
        return max((o.get("pages") or 0 for o in outputs if isinstance(o, dict)), default=0)

    return sorted(reports, key=lambda k: (-pages(k), list(REPORT_FILES).index(k)))


def build_reports(root: Path, reports: Sequence[str], formats: Sequence[str], out: Path,
                  lang: str, progress: Progress | None = None,
                  jobs: int | None = None, as_of: dt.date | None = None) -> list[Output]:
    from netconsult.render.cache import MEETING_INDEX, Inputs, options_key

    notify = progress or (lambda report, what: None)
    records = _manifest(out)
    inputs = Inputs(root, options_key(formats, lang, as_of))
    extra = {t for r in records.values() for t in r.get("reads", ()) if not t.startswith("@")}
    digest = inputs.digest(extra)
    reused: dict[str, list[Output]] = {}
    for kind in reports:
        outputs = _reusable(out, records.get(kind))
        if outputs is not None and records[kind].get("checked") == digest:
            reused[kind] = outputs
    if len(reused) == len(reports):  # nothing changed: nothing loaded
        return [o for kind in reports for o in reused[kind]]
    # Something changed: load the project (a broken file is reported whichever report
    # reads it), then render only the reports whose inputs changed. As far as can be told
    # before loading, `surely` read a file that changed; `possibly` also those that read
    # the meeting index (known once the notes are loaded).
    surely = [k for k in reports if k not in reused and (
        _reusable(out, records.get(k)) is None
        or records[k].get("files_key") != inputs.files_key(records[k].get("reads", ())))]
    possibly = [k for k in reports if k not in reused and (
        k in surely or MEETING_INDEX in records[k].get("reads", ()))]
    # Worker processes when more than one core may be used: even a single PDF gains one,
    # as it imports WeasyPrint (~0.5 s) while this process loads the project. Started now
    # only if some PDF surely has to be made (an edit no report shows costs no start-up).
    cores = (jobs or os.cpu_count() or 1) if "pdf" in formats else 1
    pool = _start_pool(min(len(possibly), cores)) if surely and cores > 1 else None
    try:
        from netconsult.project.load import load_project
        from netconsult.render.cache import meeting_index

        project = load_project(root)
        index = meeting_index(project)
        for kind in reports:
            record = records.get(kind)
            outputs = _reusable(out, record)
            if kind in reused or outputs is None or record is None:
                continue
            if record.get("files_key") == inputs.files_key(record.get("reads", ())) and \
                    record.get("index") == (index if MEETING_INDEX in record["reads"] else None):
                reused[kind] = outputs
        stale = [k for k in reports if k not in reused]
        if pool is None and stale and cores > 1:  # the meeting index changed
            pool = _start_pool(min(len(stale), cores))
        rendered = _render(project, root, _pdf_order(stale, records), formats, out, lang,
                           as_of, pool, notify)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    for kind, (outputs, reads) in rendered.items():
        records[kind] = {"files_key": inputs.files_key(reads),
                         "index": index if MEETING_INDEX in reads else None,
                         "reads": sorted(reads), "outputs": [asdict(o) for o in outputs]}
        for item in records[kind]["outputs"]:
            item.pop("reused")
    extra = {t for r in records.values() for t in r.get("reads", ()) if not t.startswith("@")}
    digest = inputs.digest(extra)
    for kind in reports:
        records[kind]["checked"] = digest
    write_atomic(out / MANIFEST, json.dumps({"reports": records}, indent=2) + "\n")
    return [o for kind in reports
            for o in (reused[kind] if kind in reused else rendered[kind][0])]


def _start_pool(workers: int) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm_up)
    # Start the workers now (one per submit): each imports WeasyPrint (~0.5 s) in its
    # initializer while this process loads the project and renders the HTML.
    for _ in range(workers):
        pool.submit(int)
    return pool


def _render(project: Project, root: Path, reports: Sequence[str], formats: Sequence[str],
            out: Path, lang: str, as_of: dt.date | None, pool: ProcessPoolExecutor | None,
            notify: Progress) -> dict[str, tuple[list[Output], set[str]]]:
    """Write each report's outputs; with what it read (the PDF adds the files it shows).
    Each PDF is handed to a worker as soon as its HTML is ready."""
    from netconsult.render.cache import project_file

    roots = [str(root.resolve()), str(resource_dir("templates"))]
    base = str(root.resolve())
    results: dict[str, tuple[list[Output], set[str]]] = {}
    pending: dict[Future[PdfResult], str] = {}
    pages: dict[str, str] = {}
    for kind, html, reads in _html_pages(project, root, reports, lang, as_of):
        if "pdf" in formats and pool is not None:
            pending[pool.submit(_pdf_job, html, base, roots)] = kind
        elif "pdf" in formats:
            pages[kind] = html
        notify(kind, "html")
        results[kind] = ([], reads)
        if "html" in formats:
            path = out / f"{REPORT_FILES[kind]}.html"
            data = html.encode("utf-8")
            write_atomic(path, data)
            results[kind][0].append(Output(kind, str(path), "html", len(data)))

    def done(kind: str, result: PdfResult) -> None:
        path = out / f"{REPORT_FILES[kind]}.pdf"
        write_atomic(path, result.data)
        results[kind][0].append(Output(kind, str(path), "pdf", len(result.data),
                                       result.pages, refused=result.refused))
        results[kind][1].update(rel for f in result.fetched
                                if (rel := project_file(root, Path(f))) is not None)
        notify(kind, "pdf")

    for kind, html in pages.items():
        done(kind, _pdf_job(html, base, roots))
    for future in as_completed(pending):
        done(pending[future], future.result())
    # The order asked for, HTML before PDF, whichever PDF finished first.
    return {kind: (sorted(results[kind][0], key=lambda o: o.format != "html"),
                   results[kind][1]) for kind in reports}
