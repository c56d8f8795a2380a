-- An authenticator app (TOTP): the secret, sealed by the application, and the last time step
-- used, so that no code can be used twice.
ALTER TABLE accounts ADD COLUMN totp_sealed bytea NULL;
ALTER TABLE accounts ADD COLUMN totp_last_step bigint NULL;
