-- Providers' webhooks: endpoints that receive signed JSON events, delivered through the outbox.

-- The outbox gets a third channel. SQLite cannot change a CHECK constraint, so the table is
-- rebuilt with the same columns and indexes (nothing refers to it).
CREATE TABLE outbox_new (
    id              BLOB PRIMARY KEY NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('mail', 'sms', 'webhook')),
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
INSERT INTO outbox_new (id, channel, recipient, subject, text_body, html_body, created_at,
                        attempts, next_attempt_at, locked_until, last_error, sent_at)
SELECT id, channel, recipient, subject, text_body, html_body, created_at,
       attempts, next_attempt_at, locked_until, last_error, sent_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- The signing secret is sealed (AES-256-GCM under a key derived from the server key): the
-- worker needs the secret itself to sign.
CREATE TABLE webhook_endpoints (
    id            BLOB PRIMARY KEY NOT NULL,
    provider_id   BLOB NOT NULL REFERENCES providers (id),
    url           TEXT NOT NULL,
    sealed_secret BLOB NOT NULL,
    enabled       INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_endpoints_by_provider ON webhook_endpoints (provider_id, id);

-- One row per event per endpoint; `id` is the outbox message's. No foreign key to the
-- endpoint: an endpoint removed while an event is being written must not fail a letter's
-- redemption; removing an endpoint deletes its rows.
CREATE TABLE webhook_deliveries (
    id           BLOB PRIMARY KEY NOT NULL,
    endpoint_id  BLOB NOT NULL,
    event_type   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    delivered_at INTEGER,
    failed_at    INTEGER
) STRICT;
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_by_created ON webhook_deliveries (created_at);
