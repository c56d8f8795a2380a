-- Accounts with their care pages and connections, registrations in progress, login sessions
-- and attempt counters. The same tables, constraints and indexes as the SQLite backend, in
-- PostgreSQL's own types. Tokens exist here only as their SHA-256 (32 bytes); e-mail
-- addresses are stored in lower case.

CREATE TABLE accounts (
    id                uuid PRIMARY KEY NOT NULL,
    email             text NOT NULL UNIQUE,
    first_name        text NOT NULL,
    last_name         text NOT NULL,
    password_hash     text NOT NULL,
    phone             text,
    phone_verified_at timestamptz,
    language          text NOT NULL,
    created_at        timestamptz NOT NULL
);

CREATE TABLE care_pages (
    id           uuid PRIMARY KEY NOT NULL,
    first_name   text NOT NULL,
    last_name    text NOT NULL,
    birth_date   date,
    beheerder_id uuid NOT NULL REFERENCES accounts (id),
    created_at   timestamptz NOT NULL
);
CREATE INDEX care_pages_by_beheerder ON care_pages (beheerder_id, id);

-- A client record belongs to at most one care page, and a care page has at most one
-- connection per provider.
CREATE TABLE connections (
    id               uuid PRIMARY KEY NOT NULL,
    care_page_id     uuid NOT NULL REFERENCES care_pages (id),
    provider_id      uuid NOT NULL REFERENCES providers (id),
    client_record_id uuid NOT NULL UNIQUE REFERENCES client_records (id),
    letter_id        uuid NOT NULL REFERENCES letters (id),
    connected_at     timestamptz NOT NULL,
    UNIQUE (care_page_id, provider_id)
);
CREATE INDEX connections_by_care_page ON connections (care_page_id, id);

CREATE TABLE registrations (
    id                    uuid PRIMARY KEY NOT NULL,
    browser_token_hash    bytea NOT NULL UNIQUE,
    activation_token_hash bytea UNIQUE,
    activation_expires_at timestamptz,
    state                 text NOT NULL,
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL
);

CREATE TABLE sessions (
    id               uuid PRIMARY KEY NOT NULL,
    token_hash       bytea NOT NULL UNIQUE,
    account_id       uuid NOT NULL REFERENCES accounts (id),
    created_at       timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    second_factor_at timestamptz,
    user_agent       text NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Failed attempts per scope ("login-account", "letter-ip", …) and keyed hash.
CREATE TABLE attempt_counters (
    scope             text NOT NULL,
    key               text NOT NULL,
    failures          integer NOT NULL,
    window_started_at timestamptz NOT NULL,
    last_failure_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
