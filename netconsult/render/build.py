"""`report`'s engine: contexts → HTML (in this process) → PDFs (in parallel), cached.

Outputs are keyed by a digest of every input (project files, templates, netconsult's
version, options, SOURCE_DATE_EPOCH). When the digest matches the last build's and every
output is still there, nothing is loaded or rendered: the digest is computed from file
bytes alone, before any heavy import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

from jinja2 import TemplateError

from netconsult import __version__
from netconsult.errors import Place, Problem, ProjectError
from netconsult.project.write import write_atomic
from netconsult.render.pdf import PdfResult
from netconsult.resources import resource_dir

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


def input_digest(root: Path, out: Path, reports: Sequence[str], formats: Sequence[str],
                 lang: str, as_of: dt.date | None = None) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, list(reports), list(formats), lang,
                              os.environ.get("SOURCE_DATE_EPOCH", ""),
                              as_of.isoformat() if as_of else ""]).encode())
    # Without SOURCE_DATE_EPOCH an undelivered report prints today's date: key on the day.
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        digest.update(dt.date.today().isoformat().encode())
    for base in (root, resource_dir("templates"), Path(__file__).resolve().parent):
        for path in _files_under(base, skip=[out, root / "build"] if base == root else []):
            digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cached_outputs(out: Path, digest: str) -> list[Output] | None:
    """The previous build's outputs, if it had the same inputs and they are all still there."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("digest") != digest:
        return None
    outputs = [Output(**dict(item, reused=True, refused=tuple(item.get("refused", ()))))
               for item in manifest.get("outputs", [])]
    if not outputs or not all((out / Path(o.path).name).is_file() for o in outputs):
        return None
    return outputs


def render_html(root: Path, reports: Sequence[str], lang: str,
                as_of: dt.date | None = None) -> dict[str, str]:
    """The HTML of each report (fast: Jinja is ~0.2 % of a PDF's cost)."""
    from markupsafe import Markup

    from netconsult.project.load import load_project
    from netconsult.render.context import build_context
    from netconsult.render.environment import make_environment
    from netconsult.render.layout import mark_short_chapters

    project = load_project(root)
    env = make_environment(root, lang)
    html = {}
    try:
        stylesheet = Markup(env.loader.get_source(env, "reports/style.css")[0])  # type: ignore[union-attr]
        for kind in reports:
            ctx = build_context(project, kind, lang, as_of)
            sections = {s.anchor: s for s in ctx.sections}
            template = env.get_template(f"reports/{REPORT_FILES[kind]}.html")
            html[kind] = mark_short_chapters(template.render(
                report=ctx, section=sections.__getitem__, stylesheet=stylesheet,
                privacy_min=project.config.privacy.min_group_size))
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
    return html


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


def _pdf_job(html: str, base: str, roots: list[str]) -> PdfResult:
    from netconsult.render.pdf import html_to_pdf

    return html_to_pdf(html, Path(base), [Path(r) for r in roots])


def _warm_up() -> None:
    import gc

    import weasyprint  # noqa: F401

    # Layout allocates millions of short-lived objects; a worker lives for one build, so
    # fewer collections (and none over the imported modules) save ~15 % of its time.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _pdfs(html: dict[str, str], root: Path, reports: Sequence[str],
          pool: ProcessPoolExecutor | None,
          notify: Progress) -> list[tuple[str, PdfResult]]:
    roots = [str(root.resolve()), str(resource_dir("templates"))]
    base = str(root.resolve())
    results: dict[str, PdfResult] = {}
    if pool is None:
        for kind in reports:
            results[kind] = _pdf_job(html[kind], base, roots)
            notify(kind, "pdf")
    else:
        # Longest first, so the last report to start is a short one.
        order = sorted(reports, key=lambda k: -len(html[k]))
        futures = {pool.submit(_pdf_job, html[k], base, roots): k for k in order}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            notify(futures[future], "pdf")
    return [(kind, results[kind]) for kind in reports]


def build_reports(root: Path, reports: Sequence[str], formats: Sequence[str], out: Path,
                  lang: str, progress: Progress | None = None,
                  jobs: int | None = None, as_of: dt.date | None = None) -> list[Output]:
    notify = progress or (lambda report, what: None)
    digest = input_digest(root, out, reports, formats, lang, as_of)
    cached = cached_outputs(out, digest)
    if cached is not None:
        return cached
    workers = max(1, min(len(reports), jobs or os.cpu_count() or 1)) if "pdf" in formats else 0
    pool = (ProcessPoolExecutor(max_workers=workers, initializer=_warm_up)
            if workers > 1 else None)
    try:
        if pool is not None:
            # Start the workers now (one per submit): each imports WeasyPrint (~0.5 s) in
            # its initializer while this process renders the HTML.
            for _ in range(workers):
                pool.submit(int)
        html = render_html(root, reports, lang, as_of)
        outputs: list[Output] = []
        for kind in reports:
            notify(kind, "html")
            if "html" in formats:
                path = out / f"{REPORT_FILES[kind]}.html"
                data = html[kind].encode("utf-8")
                write_atomic(path, data)
                outputs.append(Output(kind, str(path), "html", len(data)))
        if "pdf" in formats:
            for kind, result in _pdfs(html, root, reports, pool, notify):
                path = out / f"{REPORT_FILES[kind]}.pdf"
                write_atomic(path, result.data)
                outputs.append(Output(kind, str(path), "pdf", len(result.data), result.pages,
                                      refused=result.refused))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    manifest = {"digest": digest, "outputs": [asdict(o) for o in outputs]}
    for item in manifest["outputs"]:
        item.pop("reused")
    write_atomic(out / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return outputs
