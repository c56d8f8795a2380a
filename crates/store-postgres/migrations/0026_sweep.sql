-- Indexes for the periodic sweep, which deletes in small batches what has run out: unfinished
-- registrations, ended sessions, expired reset and e-mail change links, attempt counters whose
-- window has passed, and old SMS codes. Without them every batch would read the whole table.
-- The same indexes as the SQLite backend.

CREATE INDEX registrations_by_expiry ON registrations (expires_at);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
CREATE INDEX password_resets_by_expiry ON password_resets (expires_at);
CREATE INDEX email_changes_by_expiry ON email_changes (expires_at);
CREATE INDEX attempt_counters_by_window ON attempt_counters (scope, window_started_at);
CREATE INDEX sms_challenges_by_age ON sms_challenges (created_at);
