-- An activation link proves one exact address: the address it was sent to is stored with its
-- token, and on use it becomes the registration's proven address, which the account must carry.
-- Links sent before this change name no address and stop working (a new one can be asked for).
ALTER TABLE registrations ADD COLUMN activation_email TEXT;
ALTER TABLE registrations ADD COLUMN proven_email TEXT;
UPDATE registrations SET activation_token_hash = NULL, activation_expires_at = NULL;
