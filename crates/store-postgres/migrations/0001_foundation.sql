-- Providers, client records, letters, care data, the outbox and meta facts.
-- The same tables, constraints and indexes as the SQLite backend, in PostgreSQL's own types:
-- ids are uuid (v7), times are timestamptz (microseconds, UTC), dates are date, bytes are bytea.

CREATE TABLE providers (
    id                   uuid PRIMARY KEY NOT NULL,
    name                 text NOT NULL,
    secretariat_email    text NOT NULL,
    secretariat_phone    text NOT NULL,
    letter_validity_days integer NOT NULL CHECK (letter_validity_days BETWEEN 1 AND 365)
);

CREATE TABLE practitioners (
    id          uuid PRIMARY KEY NOT NULL,
    provider_id uuid NOT NULL REFERENCES providers (id),
    name        text NOT NULL,
    discipline  text NOT NULL
);
CREATE INDEX practitioners_by_provider ON practitioners (provider_id, id);

CREATE TABLE client_records (
    id            uuid PRIMARY KEY NOT NULL,
    provider_id   uuid NOT NULL REFERENCES providers (id),
    client_number text NOT NULL,
    first_name    text NOT NULL,
    last_name     text NOT NULL,
    birth_date    date NOT NULL,
    email         text,
    street        text,
    postal_code   text,
    city          text,
    UNIQUE (provider_id, client_number)
);
CREATE INDEX client_records_by_provider ON client_records (provider_id, id);

CREATE TABLE letters (
    id               uuid PRIMARY KEY NOT NULL,
    provider_id      uuid NOT NULL REFERENCES providers (id),
    client_record_id uuid NOT NULL REFERENCES client_records (id),
    code_hash        bytea NOT NULL UNIQUE,
    intended_for     text NOT NULL CHECK (intended_for IN ('client', 'representative')),
    issued_at        timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    state            text NOT NULL CHECK (state IN ('issued', 'used', 'revoked')),
    state_changed_at timestamptz
);
CREATE INDEX letters_by_client ON letters (client_record_id, issued_at, id);
CREATE INDEX letters_issued_by_expiry ON letters (provider_id, expires_at, id) WHERE state = 'issued';

CREATE TABLE care_team_members (
    id               uuid PRIMARY KEY NOT NULL,
    client_record_id uuid NOT NULL REFERENCES client_records (id),
    practitioner_id  uuid NOT NULL REFERENCES practitioners (id),
    role             text NOT NULL,
    UNIQUE (client_record_id, practitioner_id)
);
CREATE INDEX care_team_by_client ON care_team_members (client_record_id, id);

CREATE TABLE appointments (
    id               uuid PRIMARY KEY NOT NULL,
    client_record_id uuid NOT NULL REFERENCES client_records (id),
    practitioner_id  uuid REFERENCES practitioners (id),
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    title            text NOT NULL,
    location         text,
    video_url        text,
    cancelled        boolean NOT NULL DEFAULT false,
    CHECK (ends_at >= starts_at)
);
CREATE INDEX appointments_by_client_end ON appointments (client_record_id, ends_at, starts_at, id);
CREATE INDEX appointments_by_client_start ON appointments (client_record_id, starts_at, id);

CREATE TABLE care_plans (
    id               uuid PRIMARY KEY NOT NULL,
    client_record_id uuid NOT NULL REFERENCES client_records (id),
    title            text NOT NULL,
    description      text NOT NULL,
    period_start     date NOT NULL,
    period_end       date,
    status           text NOT NULL CHECK (status IN ('draft', 'active', 'completed'))
);
CREATE INDEX care_plans_by_client ON care_plans (client_record_id, id);

CREATE TABLE goals (
    id           uuid PRIMARY KEY NOT NULL,
    care_plan_id uuid NOT NULL REFERENCES care_plans (id),
    description  text NOT NULL,
    achieved     boolean NOT NULL DEFAULT false,
    target_date  date
);
CREATE INDEX goals_by_plan ON goals (care_plan_id, id);

CREATE TABLE reports (
    id               uuid PRIMARY KEY NOT NULL,
    client_record_id uuid NOT NULL REFERENCES client_records (id),
    author_id        uuid REFERENCES practitioners (id),
    written_at       timestamptz NOT NULL,
    title            text NOT NULL,
    body             text NOT NULL
);
CREATE INDEX reports_by_client ON reports (client_record_id, written_at, id);

CREATE TABLE documents (
    id               uuid PRIMARY KEY NOT NULL,
    client_record_id uuid NOT NULL REFERENCES client_records (id),
    title            text NOT NULL,
    content_type     text NOT NULL,
    size_bytes       bigint NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX documents_by_client ON documents (client_record_id, created_at, id);

-- Kept apart so that listing documents never reads their bytes.
CREATE TABLE document_contents (
    document_id uuid PRIMARY KEY NOT NULL REFERENCES documents (id),
    content     bytea NOT NULL
);

CREATE TABLE measurements (
    id               uuid PRIMARY KEY NOT NULL,
    client_record_id uuid NOT NULL REFERENCES client_records (id),
    label            text NOT NULL,
    value            double precision NOT NULL,
    unit             text NOT NULL,
    measured_at      timestamptz NOT NULL
);
CREATE INDEX measurements_by_client ON measurements (client_record_id, measured_at, id);

CREATE TABLE outbox (
    id              uuid PRIMARY KEY NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('mail', 'sms')),
    recipient       text NOT NULL,
    subject         text,
    text_body       text NOT NULL,
    html_body       text,
    created_at      timestamptz NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz,
    last_error      text,
    sent_at         timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;

CREATE TABLE instance_meta (
    key   text PRIMARY KEY NOT NULL,
    value text NOT NULL
);
