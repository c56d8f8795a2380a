-- Providers' webhooks: endpoints that receive signed JSON events, delivered through the outbox.
-- The same tables, constraints and indexes as the SQLite backend.

ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check CHECK (channel IN ('mail', 'sms', 'webhook'));

-- The signing secret is sealed (AES-256-GCM under a key derived from the server key): the
-- worker needs the secret itself to sign.
CREATE TABLE webhook_endpoints (
    id            uuid PRIMARY KEY NOT NULL,
    provider_id   uuid NOT NULL REFERENCES providers (id),
    url           text NOT NULL,
    sealed_secret bytea NOT NULL,
    enabled       boolean NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_by_provider ON webhook_endpoints (provider_id, id);

-- One row per event per endpoint; `id` is the outbox message's. No foreign key to the
-- endpoint: an endpoint removed while an event is being written must not fail a letter's
-- redemption; removing an endpoint deletes its rows.
CREATE TABLE webhook_deliveries (
    id           uuid PRIMARY KEY NOT NULL,
    endpoint_id  uuid NOT NULL,
    event_type   text NOT NULL,
    created_at   timestamptz NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    delivered_at timestamptz,
    failed_at    timestamptz
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_by_created ON webhook_deliveries (created_at);
