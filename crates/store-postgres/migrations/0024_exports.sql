-- "Mijn gegevens downloaden" (SPEC S9). A request becomes a job; a worker on any instance
-- claims it (a lease in `locked_until`), builds the FHIR Bundle and the HTML summary, stores
-- them sealed (AES-256-GCM under a key derived from the server key: they hold health data) and
-- writes the prepared e-mail notice to the outbox in the same transaction. After seven days
-- the sweep removes the files; the row stays, so the link says it expired and the daily limit
-- can count requests.
CREATE TABLE export_jobs (
    id             UUID PRIMARY KEY,
    account_id     UUID NOT NULL REFERENCES accounts (id),
    care_page_id   UUID NOT NULL REFERENCES care_pages (id),
    state          TEXT NOT NULL CHECK (state IN ('waiting', 'running', 'ready', 'expired')),
    requested_at   TIMESTAMPTZ NOT NULL,
    locked_until   TIMESTAMPTZ,
    claim_id       UUID,
    attempts       INTEGER NOT NULL DEFAULT 0,
    ready_at       TIMESTAMPTZ,
    expires_at     TIMESTAMPTZ,
    bundle         BYTEA,
    summary        BYTEA,
    notice_to      TEXT NOT NULL,
    notice_subject TEXT NOT NULL,
    notice_text    TEXT NOT NULL,
    notice_html    TEXT
);
CREATE INDEX export_jobs_by_account ON export_jobs (account_id, requested_at);
CREATE INDEX export_jobs_waiting ON export_jobs (state, requested_at) WHERE state IN ('waiting', 'running');
CREATE INDEX export_jobs_expiring ON export_jobs (expires_at) WHERE state = 'ready';
