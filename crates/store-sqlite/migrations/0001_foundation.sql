-- Providers, client records, letters, care data, the outbox and meta facts.
-- Ids are uuid v7 as 16-byte blobs; times are UTC microseconds since the epoch; dates are
-- ISO text (YYYY-MM-DD), which sorts like the date.

CREATE TABLE providers (
    id                   BLOB PRIMARY KEY NOT NULL,
    name                 TEXT NOT NULL,
    secretariat_email    TEXT NOT NULL,
    secretariat_phone    TEXT NOT NULL,
    letter_validity_days INTEGER NOT NULL CHECK (letter_validity_days BETWEEN 1 AND 365)
) STRICT;

CREATE TABLE practitioners (
    id          BLOB PRIMARY KEY NOT NULL,
    provider_id BLOB NOT NULL REFERENCES providers (id),
    name        TEXT NOT NULL,
    discipline  TEXT NOT NULL
) STRICT;
CREATE INDEX practitioners_by_provider ON practitioners (provider_id, id);

CREATE TABLE client_records (
    id            BLOB PRIMARY KEY NOT NULL,
    provider_id   BLOB NOT NULL REFERENCES providers (id),
    client_number TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    email         TEXT,
    street        TEXT,
    postal_code   TEXT,
    city          TEXT,
    UNIQUE (provider_id, client_number)
) STRICT;
CREATE INDEX client_records_by_provider ON client_records (provider_id, id);

CREATE TABLE letters (
    id               BLOB PRIMARY KEY NOT NULL,
    provider_id      BLOB NOT NULL REFERENCES providers (id),
    client_record_id BLOB NOT NULL REFERENCES client_records (id),
    code_hash        BLOB NOT NULL UNIQUE,
    intended_for     TEXT NOT NULL CHECK (intended_for IN ('client', 'representative')),
    issued_at        INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('issued', 'used', 'revoked')),
    state_changed_at INTEGER
) STRICT;
CREATE INDEX letters_by_client ON letters (client_record_id, issued_at, id);
CREATE INDEX letters_issued_by_expiry ON letters (provider_id, expires_at, id) WHERE state = 'issued';

CREATE TABLE care_team_members (
    id               BLOB PRIMARY KEY NOT NULL,
    client_record_id BLOB NOT NULL REFERENCES client_records (id),
    practitioner_id  BLOB NOT NULL REFERENCES practitioners (id),
    role             TEXT NOT NULL,
    UNIQUE (client_record_id, practitioner_id)
) STRICT;
CREATE INDEX care_team_by_client ON care_team_members (client_record_id, id);

CREATE TABLE appointments (
    id               BLOB PRIMARY KEY NOT NULL,
    client_record_id BLOB NOT NULL REFERENCES client_records (id),
    practitioner_id  BLOB REFERENCES practitioners (id),
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL,
    title            TEXT NOT NULL,
    location         TEXT,
    video_url        TEXT,
    cancelled        INTEGER NOT NULL DEFAULT 0,
    CHECK (ends_at >= starts_at)
) STRICT;
CREATE INDEX appointments_by_client_end ON appointments (client_record_id, ends_at, starts_at, id);
CREATE INDEX appointments_by_client_start ON appointments (client_record_id, starts_at, id);

CREATE TABLE care_plans (
    id               BLOB PRIMARY KEY NOT NULL,
    client_record_id BLOB NOT NULL REFERENCES client_records (id),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    period_start     TEXT NOT NULL,
    period_end       TEXT,
    status           TEXT NOT NULL CHECK (status IN ('draft', 'active', 'completed'))
) STRICT;
CREATE INDEX care_plans_by_client ON care_plans (client_record_id, id);

CREATE TABLE goals (
    id           BLOB PRIMARY KEY NOT NULL,
    care_plan_id BLOB NOT NULL REFERENCES care_plans (id),
    description  TEXT NOT NULL,
    achieved     INTEGER NOT NULL DEFAULT 0,
    target_date  TEXT
) STRICT;
CREATE INDEX goals_by_plan ON goals (care_plan_id, id);

CREATE TABLE reports (
    id               BLOB PRIMARY KEY NOT NULL,
    client_record_id BLOB NOT NULL REFERENCES client_records (id),
    author_id        BLOB REFERENCES practitioners (id),
    written_at       INTEGER NOT NULL,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL
) STRICT;
CREATE INDEX reports_by_client ON reports (client_record_id, written_at, id);

CREATE TABLE documents (
    id               BLOB PRIMARY KEY NOT NULL,
    client_record_id BLOB NOT NULL REFERENCES client_records (id),
    title            TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size_bytes       INTEGER NOT NULL,
    created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX documents_by_client ON documents (client_record_id, created_at, id);

-- Kept apart so that listing documents never reads their bytes.
CREATE TABLE document_contents (
    document_id BLOB PRIMARY KEY NOT NULL REFERENCES documents (id),
    content     BLOB NOT NULL
) STRICT;

CREATE TABLE measurements (
    id               BLOB PRIMARY KEY NOT NULL,
    client_record_id BLOB NOT NULL REFERENCES client_records (id),
    label            TEXT NOT NULL,
    value            REAL NOT NULL,
    unit             TEXT NOT NULL,
    measured_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX measurements_by_client ON measurements (client_record_id, measured_at, id);

CREATE TABLE outbox (
    id              BLOB PRIMARY KEY NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('mail', 'sms')),
    recipient       TEXT NOT NULL,
    subject         TEXT,
    text_body       TEXT NOT NULL,
    html_body       TEXT,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_until    INTEGER,
    last_error      TEXT,
    sent_at         INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;

CREATE TABLE instance_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
