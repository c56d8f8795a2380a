-- The letters overview of a provider (SPEC S8): newest first, optionally by stored state; the
-- expiry time rides along in the index so "valid" and "expired" are told apart without
-- reading the rows.
CREATE INDEX letters_by_provider ON letters (provider_id, issued_at, id);
CREATE INDEX letters_by_provider_state ON letters (provider_id, state, issued_at, id) INCLUDE (expires_at);

-- A batch of letters for many clients, issued in one action and printed from one PDF.
CREATE TABLE letter_batches (
    id              uuid PRIMARY KEY NOT NULL,
    provider_id     uuid NOT NULL REFERENCES providers (id),
    created_at      timestamptz NOT NULL,
    letter_count    integer NOT NULL CHECK (letter_count BETWEEN 1 AND 200),
    available_until timestamptz NOT NULL
);

-- The letters of a batch in the order of its PDF; a letter is in one batch at most.
CREATE TABLE letter_batch_letters (
    batch_id  uuid NOT NULL REFERENCES letter_batches (id),
    position  integer NOT NULL,
    letter_id uuid NOT NULL UNIQUE REFERENCES letters (id),
    PRIMARY KEY (batch_id, position)
);

-- A batch's PDF, sealed like a single letter's and downloadable for 24 hours.
CREATE TABLE letter_batch_pdfs (
    batch_id        uuid PRIMARY KEY NOT NULL REFERENCES letter_batches (id),
    provider_id     uuid NOT NULL REFERENCES providers (id),
    sealed          bytea NOT NULL,
    available_until timestamptz NOT NULL
);
CREATE INDEX letter_batch_pdfs_by_until ON letter_batch_pdfs (available_until);
