"""BLS wage figures: check values against the published table and link integrity."""

from __future__ import annotations

import pytest

from otpath.catalog import default_catalog
from otpath.wages import _links, credential_wage, role_wage, wage_table


@pytest.mark.parametrize(
    ("code", "median"),
    # Check values from the BLS SOURCE.md (May 2025 annual medians).
    [("OT", 100330), ("COTA", 72300), ("PT", 102760), ("PTA", 68380), ("SLP", 97870)],
)
def test_credential_medians_match_bls(code, median):
    assert credential_wage(code).annual_median == median


def test_every_role_link_points_to_a_known_role_source_and_occupation():
    cat = default_catalog()
    for role_id, link in _links()["roles"].items():
        assert role_id in cat.roles, role_id
        assert link["soc"] in wage_table(), link["soc"]
        for key in link["sources"]:
            assert key in cat.sources, key
    assert "bls:oews-2025" in cat.sources


def test_roles_without_a_sourced_link_have_no_wage():
    assert role_wage("utilization_review") is None
    assert role_wage("recruiter").wage.annual_median == 75940
