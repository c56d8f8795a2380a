//! The e-mails that confirm every change in a care page's network (SPEC S6), written by the
//! web layer in the recipient's language. They name people, never the client or care data:
//! an e-mail can be read by others, and that someone has a care page is care data itself.

use crate::registration::RenderedMail;
use jiff::Timestamp;
use zk_store::OutgoingMessage;

/// What a notice tells its recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkNotice {
    /// To the beheerder: `who` accepted the invitation.
    Accepted,
    /// To the beheerder: `who` declined the invitation.
    Declined,
    /// To the member: `who` changed what they may see.
    Changed,
    /// To the member: `who` removed them from the network.
    Removed,
    /// To the beheerder: `who` left the network.
    Left,
    /// To the invitee: `who` withdrew the invitation.
    Withdrawn,
}

pub trait NetworkMails: Send + Sync {
    /// The invitation with its link, in `language`, valid until `until`.
    fn invitation(
        &self,
        language: &str,
        invitee: &str,
        inviter: &str,
        link: &str,
        until: Timestamp,
    ) -> RenderedMail;
    /// A notice to `to_name`, in `language`, about something `who` did.
    fn notice(
        &self,
        language: &str,
        notice: NetworkNotice,
        to_name: &str,
        who: &str,
    ) -> RenderedMail;
}

pub(crate) fn message(to: &str, mail: &RenderedMail, now: Timestamp) -> OutgoingMessage {
    OutgoingMessage::mail(to, &mail.subject, &mail.text, Some(&mail.html), now)
}
