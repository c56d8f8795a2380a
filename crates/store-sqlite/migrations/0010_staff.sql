-- Provider staff (SPEC S8): an ordinary account with a membership of a provider and a role.
CREATE TABLE staff_memberships (
    account_id  BLOB NOT NULL REFERENCES accounts (id),
    provider_id BLOB NOT NULL REFERENCES providers (id),
    role        TEXT NOT NULL CHECK (role IN ('secretariat', 'admin')),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, provider_id)
) STRICT;
CREATE INDEX staff_by_provider ON staff_memberships (provider_id, account_id);

-- The secretariat's client search: by birth date, or by the start of the last name (SQLite's
-- lower() folds ASCII letters only).
CREATE INDEX client_records_by_birth_date ON client_records (provider_id, birth_date, id);
CREATE INDEX client_records_by_last_name ON client_records (provider_id, lower(last_name), id);

-- A letter's PDF, sealed (AES-256-GCM under a key derived from the server key), downloadable
-- by the provider's staff for 24 hours after issue. The code itself is only in the sealed PDF.
CREATE TABLE letter_pdfs (
    letter_id       BLOB PRIMARY KEY NOT NULL REFERENCES letters (id),
    provider_id     BLOB NOT NULL REFERENCES providers (id),
    sealed          BLOB NOT NULL,
    available_until INTEGER NOT NULL
) STRICT;
CREATE INDEX letter_pdfs_by_until ON letter_pdfs (available_until);
