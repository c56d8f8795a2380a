//! The Store trait for messages (SPEC S5b): threads on a care page, their participants and
//! messages, what each participant read, the claim of the e-mail that announces unread
//! messages (safe with several server instances), and whether a provider takes part.

use crate::{Audit, OutgoingMessage, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use zk_domain::message::{Message, MessageThread, Participant, Party, ThreadSummary};
use zk_domain::page::{Page, PageRequest};
use zk_domain::{AccountId, CarePageId, MessageThreadId, ProviderId};

/// A participant with an account who has an unread message due for an e-mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueNotice {
    pub thread_id: MessageThreadId,
    pub care_page_id: CarePageId,
    pub account_id: AccountId,
    /// When they were last told (the claim succeeds only while this is unchanged).
    pub notified_at: Option<Timestamp>,
}

#[async_trait]
pub trait MessageStore {
    /// Stores a new thread with its participants (the writer among them, having read it), its
    /// first message and `audit`, all or nothing.
    async fn start_thread(
        &self,
        thread: &MessageThread,
        participants: &[Participant],
        first: &Message,
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    /// Adds a message to its thread (which must be on the message's care page) with `audit`,
    /// moves the thread's last message time and marks it read for its author. False (nothing
    /// written, nothing recorded) when there is no such thread or the author takes no part in
    /// it.
    async fn add_message(&self, message: &Message, audit: Audit<'_>) -> StoreResult<bool>;
    async fn get_thread(
        &self,
        care_page: CarePageId,
        id: MessageThreadId,
    ) -> StoreResult<Option<MessageThread>>;
    /// The participants of a thread, in the order they were added.
    async fn participants_of(&self, thread: MessageThreadId) -> StoreResult<Vec<Participant>>;
    /// The threads `party` takes part in (on `care_page`, or on every page when `None`),
    /// newest message first, each with whether it has anything unread for `party`.
    async fn threads_of(
        &self,
        party: Party,
        care_page: Option<CarePageId>,
        page: &PageRequest,
    ) -> StoreResult<Page<ThreadSummary>>;
    /// A thread's messages, newest first.
    async fn messages_of(
        &self,
        thread: MessageThreadId,
        page: &PageRequest,
    ) -> StoreResult<Page<Message>>;
    /// Marks everything in the thread up to `at` read for `party`. False when it takes no part.
    async fn mark_thread_read(
        &self,
        thread: MessageThreadId,
        party: Party,
        at: Timestamp,
    ) -> StoreResult<bool>;
    /// How many threads (on `care_page`, or everywhere) have something unread for `party`.
    async fn unread_thread_count(
        &self,
        party: Party,
        care_page: Option<CarePageId>,
    ) -> StoreResult<u64>;
    /// How many messages `writer` wrote after `since` (for the hourly limit).
    async fn messages_written_since(&self, writer: AccountId, since: Timestamp)
    -> StoreResult<u64>;
    /// Participants with an account whose thread's newest message is from `written_before` or
    /// earlier, unread by them, and who were not told about it, nor told at all after
    /// `told_after`. Oldest first, at most `limit`.
    async fn due_message_notices(
        &self,
        written_before: Timestamp,
        told_after: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<DueNotice>>;
    /// Sets the participant's `notified_at` to `at` and stores `messages` in one transaction,
    /// if its `notified_at` is still `due.notified_at` and the thread is still unread for it.
    /// Of any number of instances racing for one notice exactly one gets true.
    async fn claim_message_notice(
        &self,
        due: &DueNotice,
        at: Timestamp,
        messages: &[OutgoingMessage],
    ) -> StoreResult<bool>;
    /// Whether the provider switched messaging on (off until it does).
    async fn provider_messaging(&self, provider: ProviderId) -> StoreResult<bool>;
    async fn set_provider_messaging(
        &self,
        provider: ProviderId,
        on: bool,
        at: Timestamp,
    ) -> StoreResult<()>;
}
