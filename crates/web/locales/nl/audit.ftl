# The audit trail: what happened, for security events and changes of the network.
audit-role-account_holder = eigen account
auditx-kind-login = Ingelogd
auditx-kind-second_factor = Tweede stap van het inloggen
auditx-kind-password_change = Wachtwoord veranderd
auditx-kind-password_reset = Nieuw wachtwoord via e-mail
auditx-kind-email_change = E-mailadres veranderd
auditx-kind-phone_change = Telefoonnummer veranderd
auditx-kind-factor_added = Tweede stap toegevoegd
auditx-kind-factor_removed = Tweede stap verwijderd
auditx-kind-recovery_codes = Nieuwe herstelcodes gemaakt
auditx-kind-account_deletion = Account verwijderd
auditx-kind-session_ended = Uitgelogd
auditx-kind-invite = Uitnodiging verstuurd
auditx-kind-invite_accept = Uitnodiging aangenomen
auditx-kind-invite_decline = Uitnodiging afgewezen
auditx-kind-invite_withdraw = Uitnodiging ingetrokken
auditx-kind-member_permissions = Rechten van een naaste veranderd
auditx-kind-member_removed = Naaste uit het netwerk gehaald
auditx-kind-member_left = Uit het netwerk gegaan
auditx-kind-unlinking = Koppeling met zorgaanbieder verbroken
auditx-kind-hand_over = Zorgpagina overgedragen
auditx-kind-fhir_write = Gegevens gestuurd door de zorgaanbieder
auditx-kind-fhir_read = Gegevens opgehaald door de zorgaanbieder
auditx-kind-staff_view = Dossier bekeken door de zorgaanbieder
auditx-kind-audit_export = Logboek van cliënten bekeken
auditx-kind-client_created = Dossier gemaakt door de zorgaanbieder
auditx-kind-client_edited = Dossier veranderd door de zorgaanbieder
auditx-kind-letter_printed = Brief met code gemaakt door de zorgaanbieder
auditx-kind-api_token_created = API-sleutel gemaakt
auditx-kind-api_token_revoked = API-sleutel ingetrokken

# The provider's audit log in the staff area.
auditx-export-link = Logboek: wie heeft gegevens bekeken of veranderd
auditx-export-title = Logboek
auditx-export-intro = Hier zie je wie gegevens van jullie cliënten heeft bekeken of veranderd. Je ziet ook wat jullie medewerkers en koppelingen deden. Het nieuwste staat bovenaan.
auditx-export-download = Download deze periode als CSV-bestand
auditx-export-too-many = Deze periode heeft meer dan { $max } regels. Kies een kortere periode.
