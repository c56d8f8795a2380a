-- Bulk NDJSON imports through the FHIR API: a job per upload, its lines in chunks (deleted a
-- week after the job finished), and the errors of the lines that could not be stored (the
-- first ones). A worker holds a job with a lease (`claim_id`, `locked_until`).

CREATE TABLE fhir_imports (
    id             BLOB PRIMARY KEY NOT NULL,
    provider_id    BLOB NOT NULL REFERENCES providers (id),
    -- Space-separated resource type names the uploading token may write; NULL for all types.
    resource_types TEXT,
    state          TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done')),
    created_at     INTEGER NOT NULL,
    started_at     INTEGER,
    finished_at    INTEGER,
    lines_total    INTEGER NOT NULL,
    chunks_total   INTEGER NOT NULL,
    next_chunk     INTEGER NOT NULL DEFAULT 0,
    lines_read     INTEGER NOT NULL DEFAULT 0,
    written        INTEGER NOT NULL DEFAULT 0,
    failed         INTEGER NOT NULL DEFAULT 0,
    errors_kept    INTEGER NOT NULL DEFAULT 0,
    claim_id       BLOB,
    locked_until   INTEGER,
    upload_purged  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX fhir_imports_waiting ON fhir_imports (created_at, id) WHERE state <> 'done';
CREATE INDEX fhir_imports_finished ON fhir_imports (finished_at) WHERE state = 'done' AND upload_purged = 0;

CREATE TABLE fhir_import_chunks (
    import_id  BLOB NOT NULL REFERENCES fhir_imports (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    first_line INTEGER NOT NULL,
    data       BLOB NOT NULL,
    PRIMARY KEY (import_id, seq)
) STRICT;

CREATE TABLE fhir_import_errors (
    import_id   BLOB NOT NULL REFERENCES fhir_imports (id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    code        TEXT NOT NULL,
    expression  TEXT NOT NULL,
    diagnostics TEXT NOT NULL,
    PRIMARY KEY (import_id, line)
) STRICT;
