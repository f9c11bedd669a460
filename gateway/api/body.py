"""Reading a request body with a size limit, before anything parses it."""

from __future__ import annotations

from fastapi import Request

from gateway.errors import BadRequest, PayloadTooLarge

__all__ = ["read_body"]


async def read_body(request: Request, limit: int) -> bytes:
    message = f"リクエスト本文が上限 ({limit:,} バイト) を超えています。文書を分割して送信してください。"
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise BadRequest("Content-Length が不正です。")
        if int(declared) > limit:
            raise PayloadTooLarge(message)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(message)
        chunks.append(chunk)
    return b"".join(chunks)
