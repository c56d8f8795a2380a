-- Leaving (SPEC S4, S9). A connection that ended (unlinked by the beheerder or by the
-- provider's staff) moves here from `connections`, so the provider's staff area keeps showing
-- who was connected, until when, and who ended it; the client record is free for a new letter.
-- A deleted account stays as a tombstone (`deleted_at` set, nothing personal left) because
-- care pages, connections, letters and this history keep pointing at it.
ALTER TABLE accounts ADD COLUMN deleted_at timestamptz;

CREATE TABLE ended_connections (
    id               uuid PRIMARY KEY NOT NULL,
    care_page_id     uuid NOT NULL REFERENCES care_pages (id),
    provider_id      uuid NOT NULL REFERENCES providers (id),
    client_record_id uuid NOT NULL REFERENCES client_records (id),
    letter_id        uuid NOT NULL REFERENCES letters (id),
    connected_at     timestamptz NOT NULL,
    ended_at         timestamptz NOT NULL,
    ended_by         uuid NOT NULL REFERENCES accounts (id),
    ended_by_kind    text NOT NULL CHECK (ended_by_kind IN ('beheerder', 'staff'))
);
CREATE INDEX ended_connections_by_provider ON ended_connections (provider_id, ended_at, id);
