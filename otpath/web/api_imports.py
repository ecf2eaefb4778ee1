"""Pasting a posting and removing the sample postings, in the JSON API (``/api/v1``).

============================  ==============================================
``POST /import/paste``        ``{title, text, company?, location?, url?}`` -> the
                              stored posting's id and whether it was new
``GET  /samples``             how many sample postings the store holds
``POST /samples/remove``      delete them -> how many were removed
============================  ==============================================

Both POSTs require a JSON body (``{}`` for ``/samples/remove``), the API's CSRF
defence (see :mod:`otpath.web.app`).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from ..paste import MAX_PASTE_CHARS, ingest_pasted
from ..samples import remove_samples
from ._views import open_store
from .api import require_json
from .schemas import errors

__all__ = ["router"]

router = APIRouter(tags=["import"], responses=errors(400, 500))  # 400: a Host not answered


class PastedPosting(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=500, pattern=r"\S", description="The job's title.")
    text: str = Field(
        max_length=MAX_PASTE_CHARS, pattern=r"\S", description="The posting's text (plain text)."
    )
    company: str | None = Field(default=None, max_length=500)
    location: str | None = Field(default=None, max_length=500)
    url: str | None = Field(
        default=None,
        max_length=2000,
        # what the paste checks: blank, or a web address (any case of http/https)
        pattern=r"^\s*$|^\s*[Hh][Tt][Tt][Pp][Ss]?://",
        description="Kept as its source: an http:// or https:// address.",
    )


class PasteOut(BaseModel):
    posting_id: str
    outcome: Literal["new", "duplicate", "unchanged"]


class SampleCount(BaseModel):
    samples: int = Field(description="Sample postings (made up by the otpath authors) stored.")


class SamplesRemoved(BaseModel):
    removed: int


class Empty(BaseModel):
    model_config = ConfigDict(extra="forbid")


@router.post(
    "/import/paste",
    response_model=PasteOut,
    responses=errors(413, 415, 422),
    dependencies=[Depends(require_json)],
    summary="Import one pasted posting",
)
async def paste(request: Request, body: PastedPosting) -> PasteOut:
    def run() -> PasteOut:
        with open_store(request) as store:
            result = ingest_pasted(
                store, title=body.title, text=body.text, company=body.company,
                location=body.location, url=body.url,
            )  # fmt: skip
        return PasteOut(posting_id=result.posting_id, outcome=result.outcome)  # type: ignore[arg-type]

    return await run_in_threadpool(run)


@router.get("/samples", response_model=SampleCount, summary="How many sample postings are stored")
def samples(request: Request) -> SampleCount:
    with open_store(request) as store:
        return SampleCount(samples=store.count_postings(sample=True))


@router.post(
    "/samples/remove",
    response_model=SamplesRemoved,
    responses=errors(413, 415, 422),
    dependencies=[Depends(require_json)],
    summary="Remove every sample posting",
)
async def samples_remove(request: Request, body: Empty) -> SamplesRemoved:
    def run() -> int:
        with open_store(request) as store:
            return remove_samples(store)

    return SamplesRemoved(removed=await run_in_threadpool(run))
