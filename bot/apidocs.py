"""/docs without the internet: Swagger UI's files come from the swagger-ui-bundle-v2 package, not a CDN.

FastAPI's own /docs page loads swagger-ui-bundle.js and its CSS from cdn.jsdelivr.net, which leaves a
blank page on an offline server (the kind govqa is meant to run on). This page is the same, with every
asset served by govqa itself under /docs/assets/.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response

ASSETS = "/docs/assets"
FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")
TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


def _folder() -> Path:
    import swagger_ui_bundle

    return Path(swagger_ui_bundle.swagger_ui_path)


def add_docs(app: FastAPI, title: str) -> None:
    """GET /docs (Swagger UI over /openapi.json) and GET /docs/assets/<file>; the app needs docs_url=None."""
    folder = _folder()

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{title} — API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )

    @app.get(ASSETS + "/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        if name not in FILES:  # a fixed list: no path from the request ever reaches the file system
            return Response(status_code=404)
        return FileResponse(
            folder / name, media_type=TYPES[Path(name).suffix], headers={"Cache-Control": "max-age=86400"}
        )
