"""The fit engine: eligibility, musts, explainable scores, pay and gap plans."""

from .engine import (
    LABELS,
    WEIGHTS,
    market_note,
    must_label,
    profile_weights,
    rank,
    rank_roles,
    score_role,
)
from .models import (
    BrokenMust,
    CredentialPay,
    Factor,
    FitResult,
    GapStep,
    PostingCount,
    PostingEvidence,
    Ranking,
    RolePay,
    StepSource,
    Weight,
)
from .pay import credential_baselines

__all__ = [
    "LABELS",
    "WEIGHTS",
    "BrokenMust",
    "CredentialPay",
    "Factor",
    "FitResult",
    "GapStep",
    "PostingCount",
    "PostingEvidence",
    "Ranking",
    "RolePay",
    "StepSource",
    "Weight",
    "credential_baselines",
    "market_note",
    "must_label",
    "profile_weights",
    "rank",
    "rank_roles",
    "score_role",
]
