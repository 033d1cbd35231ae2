"""HTML → PDF with WeasyPrint, fetching nothing outside the project and the package."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


class RefusedFetch(ValueError):
    pass


#: `netconsult:fonts/NotoSans-Regular.ttf` names a file shipped in the package's templates
#: folder, so the HTML never carries a machine's absolute paths (golden files stay portable).
PACKAGE_SCHEME = "netconsult"


def make_fetcher(roots: list[Path], refused: list[str] | None = None,
                 fetched: list[str] | None = None) -> Any:
    """A WeasyPrint URL fetcher serving data: URIs, files under `roots` and the package's own
    `netconsult:` resources; nothing from the network, nothing else on disk. What it refuses
    is appended to `refused`, so the user hears why an image is missing from the PDF; the
    files under `roots` it serves to `fetched` (the build keys the PDF on them)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    from netconsult.resources import resource_dir

    allowed = [root.resolve() for root in roots]
    package = resource_dir("templates").resolve()

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme, _, rest = url.partition(":")
            scheme = scheme.lower()
            if scheme == PACKAGE_SCHEME:
                path = (package / unquote(rest)).resolve()
                if path.is_relative_to(package) and path.is_file():
                    mime = "font/ttf" if path.suffix == ".ttf" else "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(),
                                              {"Content-Type": mime})
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                parts = urlsplit(url)
                # A host in a file: URL makes urllib resolve it (a DNS query) or, on Windows,
                # open a network share: only local files are ever fetched.
                path = Path(unquote(parts.path))
                if parts.netloc.lower() in ("", "localhost") and path.is_absolute() \
                        and any(path.resolve().is_relative_to(root) for root in allowed):
                    if fetched is not None:
                        fetched.append(str(path.resolve()))
                    return super().fetch(url, headers)
            if refused is not None and url not in refused:
                refused.append(url)
            raise RefusedFetch(f"netconsult does not fetch {short_url(url)}: only files inside "
                               "the project and the netconsult package")

    return ProjectFetcher()


def short_url(url: str) -> str:
    """A URL for a message: whole, except a data: URI's payload, which can be megabytes."""
    return url if not url.lower().startswith("data:") or len(url) <= 80 else url[:79] + "…"


@dataclass(frozen=True)
class PdfResult:
    pages: int
    data: bytes
    refused: tuple[str, ...] = ()  # URLs left out of the PDF
    fetched: tuple[str, ...] = ()  # absolute paths of the local files it shows


def html_to_pdf(html: str, base_url: Path, roots: list[Path]) -> PdfResult:
    """Lay out and write a tagged (PDF/UA) PDF; the document title and language come from
    the HTML's <title> and lang attribute."""
    import weasyprint

    refused: list[str] = []
    fetched: list[str] = []
    document = weasyprint.HTML(string=html, base_url=str(base_url) + "/",
                               url_fetcher=make_fetcher(roots, refused, fetched)).render()
    out = io.BytesIO()
    document.write_pdf(out, pdf_variant="pdf/ua-1", pdf_identifier=b"netconsult")
    return PdfResult(len(document.pages), out.getvalue(), tuple(refused), tuple(fetched))
