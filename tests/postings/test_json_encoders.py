"""The JSON encoders kept by the pipeline and the store write what ``json.dumps`` writes.

``json.dumps`` with any option builds a new ``JSONEncoder`` a call; the hot paths
(``hash_record``, ``cap_raw``'s sizes, the store's JSON columns) keep one instead.
Each must give the very text ``json.dumps`` gives with the same options, or content
keys and stored rows would change.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from otpath.postings.pipeline.dedupe import _RECORD_ENCODER, hash_record
from otpath.postings.pipeline.normalize import _SIZE_ENCODER
from otpath.store.writes import _json

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.dates(),  # not JSON: default=str writes it
    st.decimals(allow_nan=False, allow_infinity=False),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=8), inner, max_size=5),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_kept_encoders_write_what_dumps_writes(value: Any) -> None:
    assert _json(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    assert _RECORD_ENCODER.encode(value) == json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    assert _SIZE_ENCODER.encode(value) == json.dumps(value, ensure_ascii=False, default=str)


def test_kept_encoders_on_fixed_values() -> None:
    record = {"b": [1, 2.5, "é"], "a": {"z": None, "y": dt.date(2026, 12, 6)}, "c": Decimal("1.5")}
    assert _json(record) == '{"b":[1,2.5,"é"],"a":{"z":null,"y":"2026-12-06"},"c":"1.5"}'
    assert _RECORD_ENCODER.encode(record) == '{"a":{"y":"2026-12-06","z":null},"b":[1,2.5,"é"],"c":"1.5"}'
    assert _SIZE_ENCODER.encode(record) == '{"b": [1, 2.5, "é"], "a": {"z": null, "y": "2026-12-06"}, "c": "1.5"}'
    assert hash_record(record) == hash_record(dict(reversed(list(record.items()))))
