-- Delivered messages are purged after a while; this index finds them without a scan.
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
