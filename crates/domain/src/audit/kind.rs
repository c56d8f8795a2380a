//! What exactly an audit event records, beside its action and category: the security events
//! and the changes of care data that need a name of their own.

/// What exactly happened, for security events and changes that action and category alone do
/// not name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditKind {
    /// A login with e-mail and password (or a passkey).
    Login,
    /// The second step of a login: SMS code, authenticator app, passkey or recovery code.
    SecondFactor,
    PasswordChange,
    /// A new password through the reset link in an e-mail.
    PasswordReset,
    EmailChange,
    PhoneChange,
    FactorAdded,
    FactorRemoved,
    /// A new set of recovery codes was made.
    RecoveryCodes,
    AccountDeletion,
    /// A session was ended: logging out, or ending one's other sessions.
    SessionEnded,
    Invite,
    InviteAccept,
    InviteDecline,
    InviteWithdraw,
    MemberPermissions,
    MemberRemoved,
    MemberLeft,
    /// A provider unlinked a client record from the care page.
    Unlinking,
    /// The care page was handed over to a new beheerder.
    HandOver,
    /// A write through the FHIR API (create, update, delete, transaction, import).
    FhirWrite,
    /// A read through the FHIR API by an API token.
    FhirRead,
    /// Provider staff opened a client record in the staff area.
    StaffView,
    /// Provider staff read or downloaded the audit trail of their clients.
    AuditExport,
    /// A conversation was started with its first message.
    ThreadStarted,
    /// A message was written in a conversation.
    MessageSent,
    /// Provider staff saw the list of their conversations with a client.
    StaffMessageList,
    /// Provider staff made a client record.
    ClientCreated,
    /// Provider staff changed a client record.
    ClientEdited,
    /// Provider staff printed a letter with a code for a client.
    LetterPrinted,
    /// Provider staff made an API token.
    ApiTokenCreated,
    /// Provider staff revoked an API token.
    ApiTokenRevoked,
    /// An account was made (at the end of registration), with its care page.
    AccountCreated,
    /// A care page was connected to a provider with a letter.
    Connected,
    /// An admin (or the operator) invited an e-mail address into the provider's staff.
    StaffInvited,
    /// An admin withdrew an open staff invitation.
    StaffInvitationWithdrawn,
    /// An account accepted a staff invitation and became a member of the staff.
    StaffInvitationAccepted,
}

names!(AuditKind { Login => "login", SecondFactor => "second_factor",
    PasswordChange => "password_change", PasswordReset => "password_reset",
    EmailChange => "email_change", PhoneChange => "phone_change", FactorAdded => "factor_added",
    FactorRemoved => "factor_removed", RecoveryCodes => "recovery_codes",
    AccountDeletion => "account_deletion", SessionEnded => "session_ended", Invite => "invite",
    InviteAccept => "invite_accept", InviteDecline => "invite_decline",
    InviteWithdraw => "invite_withdraw", MemberPermissions => "member_permissions",
    MemberRemoved => "member_removed", MemberLeft => "member_left", Unlinking => "unlinking",
    HandOver => "hand_over", FhirWrite => "fhir_write", FhirRead => "fhir_read",
    StaffView => "staff_view", AuditExport => "audit_export", ThreadStarted => "thread_started",
    MessageSent => "message_sent", StaffMessageList => "staff_message_list",
    ClientCreated => "client_created",
    ClientEdited => "client_edited", LetterPrinted => "letter_printed",
    ApiTokenCreated => "api_token_created", ApiTokenRevoked => "api_token_revoked",
    AccountCreated => "account_created", Connected => "connected",
    StaffInvited => "staff_invited", StaffInvitationWithdrawn => "staff_invitation_withdrawn",
    StaffInvitationAccepted => "staff_invitation_accepted" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in AuditKind::ALL {
            assert_eq!(AuditKind::parse(k.as_str()), Some(*k));
        }
    }
}
