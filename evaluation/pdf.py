"""PDF documents of the evaluation, rendered by WeasyPrint from templates under
templates/evaluation/pdf/ (A4, DejaVu fonts, no remote resource)."""

from django.template.loader import render_to_string
from django.utils import timezone


def render_pdf(template, context):
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = render_to_string(template, {"generated_at": timezone.now(), **context})
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"no remote resource in the evaluation's PDFs: {url}")
