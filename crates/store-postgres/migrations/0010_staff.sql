-- Provider staff (SPEC S8): an ordinary account with a membership of a provider and a role.
CREATE TABLE staff_memberships (
    account_id  uuid NOT NULL REFERENCES accounts (id),
    provider_id uuid NOT NULL REFERENCES providers (id),
    role        text NOT NULL CHECK (role IN ('secretariat', 'admin')),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, provider_id)
);
CREATE INDEX staff_by_provider ON staff_memberships (provider_id, account_id);

-- The secretariat's client search: by birth date, or by the start of the last name (compared
-- bytewise, as in SQLite, so the range scan uses the index).
CREATE INDEX client_records_by_birth_date ON client_records (provider_id, birth_date, id);
CREATE INDEX client_records_by_last_name ON client_records (provider_id, (lower(last_name) COLLATE "C"), id);

-- A letter's PDF, sealed (AES-256-GCM under a key derived from the server key), downloadable
-- by the provider's staff for 24 hours after issue. The code itself is only in the sealed PDF.
CREATE TABLE letter_pdfs (
    letter_id       uuid PRIMARY KEY NOT NULL REFERENCES letters (id),
    provider_id     uuid NOT NULL REFERENCES providers (id),
    sealed          bytea NOT NULL,
    available_until timestamptz NOT NULL
);
CREATE INDEX letter_pdfs_by_until ON letter_pdfs (available_until);
