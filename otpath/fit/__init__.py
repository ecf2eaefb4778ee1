"""The fit engine: eligibility, explainable scores and gap plans."""

from .engine import WEIGHTS, rank_roles, score_role
from .models import Factor, FitResult, GapStep

__all__ = ["WEIGHTS", "Factor", "FitResult", "GapStep", "rank_roles", "score_role"]
