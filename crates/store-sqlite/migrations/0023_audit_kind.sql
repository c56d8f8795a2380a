-- What exactly an audit record is about, when action and category do not say it: a login, a
-- second factor, an invitation, a member removed, a FHIR write. Older records have none.
ALTER TABLE audit_events ADD COLUMN kind TEXT;

-- A provider's export reads what its own staff and API tokens did, beside its clients' records.
CREATE INDEX audit_events_by_provider ON audit_events (on_behalf_of, seq);
