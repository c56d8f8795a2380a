-- The audit trail (SPEC S9, NEN 7513): one row per event, append-only and chained. Each row's
-- hash is a keyed hash over the previous row's hash, its sequence number and the event, so a
-- changed, removed or inserted row breaks the chain from there on. Care page and client record
-- ids have no foreign keys: the record must outlive what it is about.
CREATE TABLE audit_events (
    seq              INTEGER PRIMARY KEY,
    prev_hash        BLOB NOT NULL,
    hash             BLOB NOT NULL,
    id               BLOB NOT NULL UNIQUE,
    action           TEXT NOT NULL,
    at               INTEGER NOT NULL,
    care_page_id     BLOB,
    client_record_id BLOB,
    actor_id         BLOB,
    actor_name       TEXT NOT NULL,
    role             TEXT NOT NULL,
    on_behalf_of     BLOB,
    ground           TEXT NOT NULL,
    category         TEXT NOT NULL,
    resource_id      TEXT,
    source_ip        TEXT NOT NULL,
    user_agent       TEXT NOT NULL,
    outcome          TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_by_page ON audit_events (care_page_id, seq);
CREATE INDEX audit_events_by_client ON audit_events (client_record_id, seq);

-- The chain's head: the last sequence number and hash. Appends take the write lock first
-- (BEGIN IMMEDIATE), so they queue and never fork the chain.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash BLOB NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

-- Nobody changes a record, and nobody deletes one younger than five years: not the
-- application, not the database's owner short of dropping these triggers.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit records cannot be changed');
END;
CREATE TRIGGER audit_events_kept_five_years BEFORE DELETE ON audit_events
WHEN OLD.at > unixepoch('now', '-5 years') * 1000000
BEGIN
    SELECT RAISE(ABORT, 'audit records are kept five years');
END;
