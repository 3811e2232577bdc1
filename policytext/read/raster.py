"""Rasterising pages for OCR: PDFium (pypdfium2) renders a PDF page to pixels.

A page is rendered at the resolution asked for, lowered so that it never has more
than :data:`MAX_PIXELS` pixels (a hostile page 5 m wide must not take gigabytes);
the result is an RGB array and the resolution actually used.
"""

from __future__ import annotations

from typing import Any

from ..errors import CorruptFileError, PasswordError

__all__ = ["MAX_PIXELS", "render_pdf_page"]

#: An A4 page at 300 dpi has 8.7 million pixels.
MAX_PIXELS = 12_000_000


def render_pdf_page(data: bytes, index: int, *, dpi: float = 200.0,
                    password: str | None = None) -> tuple[Any, float]:
    """Page ``index`` (from 0) of the PDF ``data`` as an RGB ``numpy`` array, and its dpi."""
    import numpy as np
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PasswordError("the PDF is encrypted: give its password with --password") \
                from exc
        raise CorruptFileError(f"PDFium cannot open the PDF to render it ({exc})") from exc
    try:
        page = pdf[index]
        w, h = page.get_size()
        scale = dpi / 72.0
        if w * h * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / max(w * h, 1.0)) ** 0.5
        bitmap = page.render(scale=scale)
        rgb = np.array(bitmap.to_pil().convert("RGB"))
        page.close()
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(f"PDFium cannot render page {index + 1} ({exc})") from exc
    finally:
        pdf.close()
    return rgb, scale * 72.0
