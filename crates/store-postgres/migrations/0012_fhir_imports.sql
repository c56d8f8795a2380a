-- Bulk NDJSON imports through the FHIR API: a job per upload, its lines in chunks (deleted a
-- week after the job finished), and the errors of the lines that could not be stored (the
-- first ones). A worker holds a job with a lease (`claim_id`, `locked_until`). The same tables
-- as the SQLite backend, in PostgreSQL's types.

CREATE TABLE fhir_imports (
    id             uuid PRIMARY KEY NOT NULL,
    provider_id    uuid NOT NULL REFERENCES providers (id),
    -- Space-separated resource type names the uploading token may write; NULL for all types.
    resource_types text,
    state          text NOT NULL CHECK (state IN ('queued', 'running', 'done')),
    created_at     timestamptz NOT NULL,
    started_at     timestamptz,
    finished_at    timestamptz,
    lines_total    bigint NOT NULL,
    chunks_total   bigint NOT NULL,
    next_chunk     bigint NOT NULL DEFAULT 0,
    lines_read     bigint NOT NULL DEFAULT 0,
    written        bigint NOT NULL DEFAULT 0,
    failed         bigint NOT NULL DEFAULT 0,
    errors_kept    bigint NOT NULL DEFAULT 0,
    claim_id       uuid,
    locked_until   timestamptz,
    upload_purged  boolean NOT NULL DEFAULT false
);
CREATE INDEX fhir_imports_waiting ON fhir_imports (created_at, id) WHERE state <> 'done';
CREATE INDEX fhir_imports_finished ON fhir_imports (finished_at) WHERE state = 'done' AND NOT upload_purged;

CREATE TABLE fhir_import_chunks (
    import_id  uuid NOT NULL REFERENCES fhir_imports (id) ON DELETE CASCADE,
    seq        bigint NOT NULL,
    first_line bigint NOT NULL,
    data       bytea NOT NULL,
    PRIMARY KEY (import_id, seq)
);
CREATE TABLE fhir_import_errors (
    import_id   uuid NOT NULL REFERENCES fhir_imports (id) ON DELETE CASCADE,
    line        bigint NOT NULL,
    code        text NOT NULL,
    expression  text NOT NULL,
    diagnostics text NOT NULL,
    PRIMARY KEY (import_id, line)
);
