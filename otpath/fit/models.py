"""Results of the fit engine."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

__all__ = ["Factor", "FitResult", "GapStep"]


class Factor(BaseModel):
    """One named part of a role's score."""

    name: str  # work_arrangement, patient_interaction, ...
    label: str  # "Remote work"
    weight: float  # share of the total, the weights add up to 1
    score: float  # 0..1, how well the role meets this wish
    points: float  # weight * score * 100: what it adds to the 0-100 score
    reason: str  # plain words


class GapStep(BaseModel):
    order: int
    kind: Literal["credential", "experience", "setting", "certification", "skill", "business"]
    priority: Literal["required", "recommended", "optional"]
    text: str


class FitResult(BaseModel):
    role: str
    title: str
    family: str
    eligible: bool
    eligibility_reason: str
    score: int
    factors: list[Factor]
    reasons: list[str]
    gaps: list[GapStep]
