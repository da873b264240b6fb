"""One JSON error shape for every error of the API and the SPARQL endpoint:

``{"error": {"status": 404, "code": "not_found", "message": "…", …}}`` — extra keys
(``close_matches``, ``results``, ``fields``) where they help the caller.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.extra = status, code, message, headers, extra

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.message, self.headers, **self.extra)


def error_response(status: int, code: str, message: str, headers: dict | None = None, **extra) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message, **extra}},
                        status_code=status, headers=headers)


ERROR_SCHEMA = {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["status", "code", "message"], "properties": {
        "status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"},
        "close_matches": {"type": "array", "items": {"type": "string"}}}}},
}
