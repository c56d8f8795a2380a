-- Accounts with their care pages and connections, registrations in progress, login sessions
-- and attempt counters. Tokens exist here only as their SHA-256 (32-byte blobs); e-mail
-- addresses are stored in lower case.

CREATE TABLE accounts (
    id                BLOB PRIMARY KEY NOT NULL,
    email             TEXT NOT NULL UNIQUE,
    first_name        TEXT NOT NULL,
    last_name         TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    phone             TEXT,
    phone_verified_at INTEGER,
    language          TEXT NOT NULL,
    created_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE care_pages (
    id           BLOB PRIMARY KEY NOT NULL,
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    birth_date   TEXT,
    beheerder_id BLOB NOT NULL REFERENCES accounts (id),
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX care_pages_by_beheerder ON care_pages (beheerder_id, id);

-- A client record belongs to at most one care page, and a care page has at most one
-- connection per provider.
CREATE TABLE connections (
    id               BLOB PRIMARY KEY NOT NULL,
    care_page_id     BLOB NOT NULL REFERENCES care_pages (id),
    provider_id      BLOB NOT NULL REFERENCES providers (id),
    client_record_id BLOB NOT NULL UNIQUE REFERENCES client_records (id),
    letter_id        BLOB NOT NULL REFERENCES letters (id),
    connected_at     INTEGER NOT NULL,
    UNIQUE (care_page_id, provider_id)
) STRICT;
CREATE INDEX connections_by_care_page ON connections (care_page_id, id);

CREATE TABLE registrations (
    id                    BLOB PRIMARY KEY NOT NULL,
    browser_token_hash    BLOB NOT NULL UNIQUE,
    activation_token_hash BLOB UNIQUE,
    activation_expires_at INTEGER,
    state                 TEXT NOT NULL,
    created_at            INTEGER NOT NULL,
    expires_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    id               BLOB PRIMARY KEY NOT NULL,
    token_hash       BLOB NOT NULL UNIQUE,
    account_id       BLOB NOT NULL REFERENCES accounts (id),
    created_at       INTEGER NOT NULL,
    last_seen_at     INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    second_factor_at INTEGER,
    user_agent       TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Failed attempts per scope ("login-account", "letter-ip", …) and keyed hash.
CREATE TABLE attempt_counters (
    scope             TEXT NOT NULL,
    key               TEXT NOT NULL,
    failures          INTEGER NOT NULL,
    window_started_at INTEGER NOT NULL,
    last_failure_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
) STRICT;
