"""Property: any engagement the services can make survives export → import → export unchanged."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from strategies import EngagementPlan, apply_plan, engagement_plans

from app.exchange.document import dumps, export_bundle, export_engagement
from app.exchange.importer import import_document
from app.exchange.schema import validator
from models.db import open_database, transaction


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans=st.lists(engagement_plans(), min_size=1, max_size=2), include_private=st.booleans())
def test_random_engagements_round_trip_byte_for_byte(
    plans: list[EngagementPlan], include_private: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = open_database(Path(folder) / "source.sqlite")
        target = open_database(Path(folder) / "target.sqlite")
        try:
            with transaction(source) as session:
                ids = [apply_plan(session, plan) for plan in plans]
            with transaction(source) as session:
                if len(ids) == 1:
                    doc = export_engagement(session, ids[0], include_private=include_private)
                else:
                    doc = export_bundle(session, ids, include_private=include_private)
            assert list(validator().iter_errors(doc)) == []
            engagements = doc.get("engagements") or [doc["engagement"]]
            for part in ("agreement_versions", "checkins", "scaffolds", "network_ties"):
                event(f"{part}: {'some' if any(e[part] for e in engagements) else 'none'}")
            first = dumps(doc)

            with transaction(target) as session:
                new_ids = import_document(session, first.encode("utf-8"))
            assert len(new_ids) == len(ids)
            with transaction(target) as session:
                if len(new_ids) == 1:
                    again = export_engagement(session, new_ids[0], include_private=include_private)
                else:
                    again = export_bundle(session, new_ids, include_private=include_private)
            assert dumps(again) == first
        finally:
            source.dispose()
            target.dispose()
