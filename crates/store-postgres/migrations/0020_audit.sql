-- The audit trail (SPEC S9, NEN 7513): one row per event, append-only and chained. Each row's
-- hash is a keyed hash over the previous row's hash, its sequence number and the event, so a
-- changed, removed or inserted row breaks the chain from there on. Care page and client record
-- ids have no foreign keys: the record must outlive what it is about.
CREATE TABLE audit_events (
    seq              bigint PRIMARY KEY,
    prev_hash        bytea NOT NULL,
    hash             bytea NOT NULL,
    id               uuid NOT NULL UNIQUE,
    action           text NOT NULL,
    at               timestamptz NOT NULL,
    care_page_id     uuid,
    client_record_id uuid,
    actor_id         uuid,
    actor_name       text NOT NULL,
    role             text NOT NULL,
    on_behalf_of     uuid,
    ground           text NOT NULL,
    category         text NOT NULL,
    resource_id      text,
    source_ip        text NOT NULL,
    user_agent       text NOT NULL,
    outcome          text NOT NULL
);
CREATE INDEX audit_events_by_page ON audit_events (care_page_id, seq);
CREATE INDEX audit_events_by_client ON audit_events (client_record_id, seq);

-- The chain's head: the last sequence number and hash. Appends lock this row
-- (SELECT ... FOR UPDATE), so appends from every instance queue and never fork the chain.
CREATE TABLE audit_head (
    id   smallint PRIMARY KEY CHECK (id = 1),
    seq  bigint NOT NULL,
    hash bytea NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

-- Nobody changes a record, and nobody deletes one younger than five years: not the
-- application, not the table's owner short of dropping these triggers. (The README shows how
-- to also REVOKE UPDATE and DELETE from the application's role.)
CREATE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit records cannot be changed';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'audit records cannot be truncated';
    END IF;
    IF OLD.at > now() - interval '5 years' THEN
        RAISE EXCEPTION 'audit records are kept five years';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard();
