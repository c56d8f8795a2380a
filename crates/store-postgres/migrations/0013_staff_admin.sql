-- The provider admin's pages (SPEC S8). The client search also finds the start of the full
-- name ("jan de v", so also the first name), compared bytewise as in SQLite so the range scan
-- uses the index.
CREATE INDEX client_records_by_full_name
    ON client_records (provider_id, (lower(first_name || ' ' || last_name) COLLATE "C"), id);

-- A provider's connections, newest first.
CREATE INDEX connections_by_provider ON connections (provider_id, connected_at, id);
