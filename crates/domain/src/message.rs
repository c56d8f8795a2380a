//! Messages (berichten) on a care page (SPEC S5b): threads with a subject between chosen
//! participants (network members with the "berichten" permission, and connected providers that
//! switched messaging on), plain-text messages, and the limits a new thread or message must meet.

use crate::diary::{clean_line, clean_text};
use crate::{AccountId, CarePageId, MessageId, MessageThreadId, ProviderId};
use jiff::{SignedDuration, Timestamp};

/// The longest message, in characters.
pub const MESSAGE_TEXT_MAX: usize = 10_000;
/// The longest subject, in characters.
pub const MESSAGE_SUBJECT_MAX: usize = 200;
/// Messages one account may write per hour, over all its care pages.
pub const MESSAGES_PER_HOUR: u32 = 60;
/// Most participants of one thread (the writer included).
pub const PARTICIPANTS_MAX: usize = 30;
/// A recipient who has not read a new message this long after it was written gets an e-mail.
pub const NOTICE_AFTER: SignedDuration = SignedDuration::from_mins(5);
/// At most one e-mail per thread per recipient in this time.
pub const NOTICE_GAP: SignedDuration = SignedDuration::from_hours(1);

/// Who takes part in a thread: a person with an account, or a provider (whose staff answer on
/// its behalf). The uuids of accounts and providers never clash, so the id alone is a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Party {
    Account(AccountId),
    Provider(ProviderId),
}

impl Party {
    /// The stored kind.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Account(_) => "account",
            Self::Provider(_) => "provider",
        }
    }

    pub fn id(self) -> uuid::Uuid {
        match self {
            Self::Account(a) => a.0,
            Self::Provider(p) => p.0,
        }
    }

    /// Reads a stored kind and id.
    pub fn from_parts(kind: &str, id: uuid::Uuid) -> Option<Self> {
        match kind {
            "account" => Some(Self::Account(AccountId(id))),
            "provider" => Some(Self::Provider(ProviderId(id))),
            _ => None,
        }
    }

    /// As a form sends it: `a-<uuid>` or `p-<uuid>`.
    pub fn form_value(self) -> String {
        match self {
            Self::Account(a) => format!("a-{a}"),
            Self::Provider(p) => format!("p-{p}"),
        }
    }

    pub fn parse_form_value(s: &str) -> Option<Self> {
        let (kind, id) = s.trim().split_once('-')?;
        let id = uuid::Uuid::try_parse(id).ok()?;
        match kind {
            "a" => Some(Self::Account(AccountId(id))),
            "p" => Some(Self::Provider(ProviderId(id))),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageThread {
    pub id: MessageThreadId,
    pub care_page_id: CarePageId,
    pub subject: String,
    pub started_by: AccountId,
    pub created_at: Timestamp,
    /// When its newest message was written.
    pub last_message_at: Timestamp,
}

/// A participant of one thread, with what they read and when they were last told by e-mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    pub thread_id: MessageThreadId,
    pub party: Party,
    /// The name when they were added, kept to show a former participant by name.
    pub name: String,
    pub added_at: Timestamp,
    /// Everything written up to this time is read (a writer has read their own message).
    pub last_read_at: Option<Timestamp>,
    pub notified_at: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: MessageId,
    pub thread_id: MessageThreadId,
    pub care_page_id: CarePageId,
    /// On whose behalf it was written: the writer, or the provider a staff member answers for.
    pub author: Party,
    /// The account that typed it.
    pub writer_id: AccountId,
    /// The writer's name when they wrote it.
    pub writer_name: String,
    /// Plain text; line breaks are kept, nothing is read as HTML.
    pub text: String,
    pub created_at: Timestamp,
}

/// A thread in a list, with whether the reader has anything new in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadSummary {
    pub thread: MessageThread,
    pub unread: bool,
}

/// Why a message form was refused; each names its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageProblem {
    SubjectEmpty,
    SubjectTooLong,
    TextEmpty,
    TextTooLong,
    NoParticipants,
    TooManyParticipants,
    /// Not someone of this care page's network or a provider connected to it.
    UnknownParticipant,
    /// A member without the "berichten" permission, or a provider with messaging off.
    ParticipantCannotRead,
    /// More than [`MESSAGES_PER_HOUR`] messages in the last hour.
    TooManyMessages,
}

impl MessageProblem {
    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            Self::SubjectEmpty | Self::SubjectTooLong => "onderwerp",
            Self::TextEmpty | Self::TextTooLong | Self::TooManyMessages => "tekst",
            Self::NoParticipants
            | Self::TooManyParticipants
            | Self::UnknownParticipant
            | Self::ParticipantCannotRead => "deelnemers",
        }
    }
}

/// Checks the text of a message: kept with its line breaks, control characters dropped.
pub fn check_text(text: &str, problems: &mut Vec<MessageProblem>) -> String {
    let text = clean_text(text);
    if text.is_empty() {
        problems.push(MessageProblem::TextEmpty);
    } else if text.chars().count() > MESSAGE_TEXT_MAX {
        problems.push(MessageProblem::TextTooLong);
    }
    text
}

/// Checks a subject: one line, not empty, at most [`MESSAGE_SUBJECT_MAX`] characters.
pub fn check_subject(subject: &str, problems: &mut Vec<MessageProblem>) -> String {
    let subject = clean_line(subject);
    if subject.is_empty() {
        problems.push(MessageProblem::SubjectEmpty);
    } else if subject.chars().count() > MESSAGE_SUBJECT_MAX {
        problems.push(MessageProblem::SubjectTooLong);
    }
    subject
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_crossed_by_one_character() {
        let mut p = Vec::new();
        check_text(&"é".repeat(MESSAGE_TEXT_MAX), &mut p);
        check_subject(&"s".repeat(MESSAGE_SUBJECT_MAX), &mut p);
        assert!(p.is_empty());
        check_text(&"é".repeat(MESSAGE_TEXT_MAX + 1), &mut p);
        check_subject(&"s".repeat(MESSAGE_SUBJECT_MAX + 1), &mut p);
        assert_eq!(
            p,
            vec![MessageProblem::TextTooLong, MessageProblem::SubjectTooLong]
        );
        let mut p = Vec::new();
        assert_eq!(check_text(" a\r\nb\u{0} ", &mut p), "a\nb");
        check_text(" \n ", &mut p);
        check_subject("\n", &mut p);
        assert_eq!(
            p,
            vec![MessageProblem::TextEmpty, MessageProblem::SubjectEmpty]
        );
    }

    #[test]
    fn parties_round_trip_through_forms_and_storage() {
        let a = Party::Account(AccountId::new());
        let p = Party::Provider(ProviderId::new());
        for party in [a, p] {
            assert_eq!(Party::parse_form_value(&party.form_value()), Some(party));
            assert_eq!(Party::from_parts(party.kind(), party.id()), Some(party));
        }
        assert_eq!(Party::parse_form_value("x-123"), None);
        assert_eq!(Party::parse_form_value("a-nope"), None);
    }
}
