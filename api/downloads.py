"""``GET /acts/{key}/download?at=DATE&format=akn|html|txt&lang=ru|kk``: a whole act as it stood
on a day, as a file (``graph.present.akn``): Akoma Ntoso 3.0 XML, a printable HTML document, plain text.

A thin translation into ``graph.present.akn``. The route sits beside the pages (a download link is
followed from the act's page), but what it answers is a file, not a page: its errors are the
API's one JSON error shape (``api.errors``) — a bad date or format 400, an unknown act or a
language the act has no text in 404 — not the HTML error page the app gives other ``/acts``
paths. ``format`` and ``lang`` are checked here for the same reason (FastAPI's own check
would answer 422 through that page).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import Query
from fastapi.responses import Response
from zangraph.graph.present import akn
from zangraph.graph.queries.query import NotFound

from .errors import ERROR_SCHEMA, ApiError
from .rest import DATE_DOC, day

FORMATS = {  # format → (media type, file extension, serialiser)
    "akn": ("application/akn+xml", "xml", akn.to_akn),
    "html": ("text/html; charset=utf-8", "html", akn.to_html),
    "txt": ("text/plain; charset=utf-8", "txt", akn.to_text),
}
LANGS = ("ru", "kk")


def filename(key: str, lang: str, on: str, ext: str) -> str:
    """``decree-2020-12-31-485_ru_2025-06-01.xml``."""
    return f"{key}_{lang}_{on}.{ext}"


def disposition(name: str) -> str:
    """An attachment header; a name outside ASCII also as RFC 6266 / 5987 ``filename*``.

    >>> disposition("decree-2020-12-31-485_ru_2025-06-01.xml")
    'attachment; filename="decree-2020-12-31-485_ru_2025-06-01.xml"'
    """
    plain = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return f'attachment; filename="{plain}"' + ("" if plain == name else f"; filename*=UTF-8''{quote(name, safe='')}")


def download(svc, key: str, at: str | None, fmt: str, lang: str | None) -> Response:
    if fmt not in FORMATS:
        raise ApiError(400, "bad_format", f"format: {fmt!r} is not one of {', '.join(FORMATS)}; e.g. format=akn")
    if lang is not None and lang not in LANGS:
        raise ApiError(400, "bad_language", f"lang: {lang!r} is not one of {', '.join(LANGS)}; e.g. lang=ru")
    on = day(at)
    expr = akn.act_expression(svc.store, key, on, lang)
    media, ext, serialise = FORMATS[fmt]
    return Response(serialise(expr), media_type=media,
                    headers={"Content-Disposition": disposition(filename(key, expr.lang, on.isoformat(), ext))})


def mount(app, svc) -> None:
    @app.get("/acts/{key}/download", tags=["downloads"], response_class=Response,
             summary="A whole act as it stood on a day, as a file: Akoma Ntoso 3.0, HTML or text",
             description="Every provision in force that day with its wording that day; provisions not in force are "
                         "left out; a wording that is not in the sources is not invented — the file says so.",
             responses={200: {"content": {m: {} for m, _, _ in FORMATS.values()}},
                        400: {"description": "Bad date, format or language", "content": {"application/json": {"schema": ERROR_SCHEMA}}},
                        404: {"description": "Unknown act, or no text in that language", "content": {"application/json": {"schema": ERROR_SCHEMA}}}})
    def act_download(key: str, at: str | None = Query(None, description=DATE_DOC),
                     format: str = Query("akn", description="akn (Akoma Ntoso 3.0 XML), html or txt"),  # noqa: A002
                     lang: str | None = Query(None, description="ru or kk (default: the act's language)")) -> Response:
        try:
            return download(svc, key, at, format, lang)
        except ApiError as e:
            return e.response()
        except NotFound as e:
            return ApiError(404, "not_found", str(e), close_matches=e.close).response()
