"""schema/leads_store on a real database: aliases stored once per organisation, never re-matched,
and the review operations (decide, merge, rename) moving aliases between leads."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from plantables.schema import db, leads_store
from plantables.schema.models import LeadAlias, LeadRow


@pytest.fixture
def engine(db_url):
    engine = db.open_engine(db_url)
    yield engine
    engine.dispose()


def _lead_of(conn, org: str, alias: str) -> str:
    return conn.execute(select(LeadRow.name).join(LeadAlias, LeadAlias.lead_id == LeadRow.id)
                        .where(LeadAlias.organisation == org, LeadAlias.alias == alias)).scalar_one()


def test_aliases_are_stored_once_per_organisation_and_not_matched_again(engine):
    with engine.begin() as conn:
        first = leads_store.resolve_aliases(conn, "Acme", ["Head of Service", "Head of Service", "", "Jo Bloggs"])
        assert set(first) == {"Head of Service", "Jo Bloggs"}
        again = leads_store.resolve_aliases(conn, "Acme", ["Jo Bloggs", "Head of Service"])
        assert again == first
        other = leads_store.resolve_aliases(conn, "Other Council", ["Jo Bloggs"])
        assert other["Jo Bloggs"] != first["Jo Bloggs"]  # leads are per organisation
        n = conn.execute(select(LeadAlias.id)).all()
        assert len(n) == 3
        assert leads_store.resolve_aliases(conn, "Acme", []) == {}


def test_decide_merge_and_rename_move_aliases_between_leads(engine):
    with engine.begin() as conn:
        leads_store.resolve_aliases(conn, "Acme", ["Jo Bloggs", "Sam Smith"])
        jo, sam = _lead_of(conn, "Acme", "Jo Bloggs"), _lead_of(conn, "Acme", "Sam Smith")
        assert jo != sam
        leads_store.decide(conn, "Acme", "Sam Smith", leads_store.CONFIRMED, lead=jo)
        assert _lead_of(conn, "Acme", "Sam Smith") == jo
        leads_store.rename(conn, "Acme", jo, "Joanna Bloggs")
        assert _lead_of(conn, "Acme", "Jo Bloggs") == "Joanna Bloggs"
        leads_store.resolve_aliases(conn, "Acme", ["Pat Jones"])
        pat = _lead_of(conn, "Acme", "Pat Jones")
        with pytest.raises(leads_store.LeadError, match="exists already"):
            leads_store.rename(conn, "Acme", pat, "Joanna Bloggs")
        assert leads_store.merge(conn, "Acme", pat, "Joanna Bloggs") == 1
        assert _lead_of(conn, "Acme", "Pat Jones") == "Joanna Bloggs"
        with pytest.raises(leads_store.LeadError, match="no lead 'Nobody'"):
            leads_store.merge(conn, "Acme", "Nobody", "Joanna Bloggs")
        with pytest.raises(leads_store.LeadError, match="decision must be"):
            leads_store.decide(conn, "Acme", "Pat Jones", "maybe")
