-- Indexes for the sweep of staff invitations: accepted ones are deleted at once (the membership
-- is made; the typed name and address are not needed any more), every other one once its link
-- has expired. Without them every batch would read the whole table.
CREATE INDEX staff_invitations_by_expiry ON staff_invitations (expires_at);
CREATE INDEX staff_invitations_accepted ON staff_invitations (id) WHERE state = 'accepted';
