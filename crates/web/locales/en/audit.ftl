# The audit trail: what happened, for security events and changes of the network.
audit-role-account_holder = own account
auditx-kind-login = Logged in
auditx-kind-second_factor = Second login step
auditx-kind-password_change = Password changed
auditx-kind-password_reset = New password by e-mail
auditx-kind-email_change = E-mail address changed
auditx-kind-phone_change = Phone number changed
auditx-kind-factor_added = Second step added
auditx-kind-factor_removed = Second step removed
auditx-kind-recovery_codes = New recovery codes made
auditx-kind-account_deletion = Account deleted
auditx-kind-session_ended = Logged out
auditx-kind-invite = Invitation sent
auditx-kind-invite_accept = Invitation accepted
auditx-kind-invite_decline = Invitation declined
auditx-kind-invite_withdraw = Invitation withdrawn
auditx-kind-member_permissions = Permissions of a member changed
auditx-kind-member_removed = Member removed from the network
auditx-kind-member_left = Left the network
auditx-kind-unlinking = Link with the care provider ended
auditx-kind-hand_over = Care page handed over
auditx-kind-fhir_write = Data sent by the care provider
auditx-kind-fhir_read = Data fetched by the care provider
auditx-kind-staff_view = Record viewed by the care provider
auditx-kind-audit_export = Clients' audit log viewed
auditx-kind-client_created = Record made by the care provider
auditx-kind-client_edited = Record changed by the care provider
auditx-kind-letter_printed = Letter with a code made by the care provider
auditx-kind-api_token_created = API token made
auditx-kind-api_token_revoked = API token revoked

# The provider's audit log in the staff area.
auditx-export-link = Audit log: who viewed or changed data
auditx-export-title = Audit log
auditx-export-intro = Here you see who viewed or changed data of your clients. You also see what your staff and integrations did. The newest is at the top.
auditx-export-download = Download this period as a CSV file
auditx-export-too-many = This period has more than { $max } lines. Choose a shorter period.
