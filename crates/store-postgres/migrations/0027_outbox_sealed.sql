-- What waits in the outbox is sealed (AES-256-GCM under a key derived from the server key):
-- `sealed` holds the subject and bodies, which then stay empty. The key is not in the database,
-- so rows queued before this version stay plain here; the server seals them at start-up, and
-- claiming reads both forms. A sent message keeps neither.
ALTER TABLE outbox ADD COLUMN sealed bytea;
