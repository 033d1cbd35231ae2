"""HTML → PDF with WeasyPrint, fetching nothing outside the project and the package."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse


class RefusedFetch(ValueError):
    pass


def make_fetcher(roots: list[Path]) -> Any:
    """A WeasyPrint URL fetcher serving data: URIs and files under `roots`, nothing else."""
    from weasyprint.urls import URLFetcher

    allowed = [root.resolve() for root in roots]

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if any(path.is_relative_to(root) for root in allowed):
                    return super().fetch(url, headers)
            raise RefusedFetch(f"netconsult does not fetch {url[:80]}: only files inside the "
                               "project and the netconsult package")

    return ProjectFetcher()


@dataclass(frozen=True)
class PdfResult:
    pages: int
    data: bytes


def html_to_pdf(html: str, base_url: Path, roots: list[Path]) -> PdfResult:
    """Lay out and write a tagged (PDF/UA) PDF; the document title and language come from
    the HTML's <title> and lang attribute."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=str(base_url) + "/",
                               url_fetcher=make_fetcher(roots)).render()
    out = io.BytesIO()
    document.write_pdf(out, pdf_variant="pdf/ua-1", pdf_identifier=b"netconsult")
    return PdfResult(len(document.pages), out.getvalue())
