//! The `Store` traits, one per area. Methods take the time from the caller (a store holds no
//! clock and no rules) and every list takes a `PageRequest`.

use crate::{
    AccountSecurityStore, AccountStore, AgendaStore, ApiTokenStore, AttemptStore, Audit,
    AuditStore, AuthenticatorStore, DepartureStore, DiaryStore, ExportStore, ExtraPageStore,
    FhirStore, HandOverStore, ImportStore, InvitationStore, LetterPrintStore, MessageStore,
    NetworkStore, OutgoingMessage, RecoveryCodeStore, RecoveryStore, RegistrationStore,
    SecondFactorStore, SessionStore, StaffAdminStore, StaffInvitationStore, StaffStore,
    StoreResult, SweepStore, WebhookStore,
};
use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use zk_domain::care::*;
use zk_domain::client::ClientRecord;
use zk_domain::letter::Letter;
use zk_domain::page::{Page, PageRequest};
use zk_domain::provider::{Practitioner, Provider};
use zk_domain::*;

/// A keyed hash (HMAC-SHA256) of a letter code: the only form in which a code is stored.
pub type CodeHash = [u8; 32];

/// Everything the application needs from storage.
#[async_trait]
pub trait Store:
    ProviderStore
    + ClientStore
    + LetterStore
    + CareStore
    + OutboxStore
    + MetaStore
    + RegistrationStore
    + AccountStore
    + SessionStore
    + AttemptStore
    + SecondFactorStore
    + RecoveryStore
    + AuthenticatorStore
    + RecoveryCodeStore
    + AccountSecurityStore
    + ApiTokenStore
    + FhirStore
    + ImportStore
    + StaffStore
    + StaffAdminStore
    + StaffInvitationStore
    + LetterPrintStore
    + WebhookStore
    + NetworkStore
    + DiaryStore
    + AgendaStore
    + DepartureStore
    + HandOverStore
    + ExtraPageStore
    + InvitationStore
    + AuditStore
    + MessageStore
    + ExportStore
    + SweepStore
    + Send
    + Sync
{
    /// Proves the database answers (for `/healthz`).
    async fn ping(&self) -> StoreResult<()>;
    /// The backend's name, for logs and the start-up line.
    fn backend(&self) -> &'static str;
}

#[async_trait]
pub trait ProviderStore {
    async fn insert_provider(&self, provider: &Provider) -> StoreResult<()>;
    async fn get_provider(&self, id: ProviderId) -> StoreResult<Option<Provider>>;
    /// Ordered by id.
    async fn list_providers(&self, page: &PageRequest) -> StoreResult<Page<Provider>>;
    async fn insert_practitioner(&self, practitioner: &Practitioner) -> StoreResult<()>;
    async fn get_practitioner(&self, id: PractitionerId) -> StoreResult<Option<Practitioner>>;
    async fn list_practitioners(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<Practitioner>>;
}

#[async_trait]
pub trait ClientStore {
    /// Stores a new client record, with `audit` appended in the same transaction. Conflict (and
    /// nothing recorded) when the provider already has this client number.
    async fn insert_client_record(
        &self,
        record: &ClientRecord,
        audit: Audit<'_>,
    ) -> StoreResult<()>;
    async fn get_client_record(&self, id: ClientRecordId) -> StoreResult<Option<ClientRecord>>;
    async fn find_client_record_by_number(
        &self,
        provider: ProviderId,
        client_number: &str,
    ) -> StoreResult<Option<ClientRecord>>;
    /// A provider's client records, ordered by id.
    async fn list_client_records(
        &self,
        provider: ProviderId,
        page: &PageRequest,
    ) -> StoreResult<Page<ClientRecord>>;
}

#[async_trait]
pub trait LetterStore {
    /// Stores a new letter and, in the same transaction, revokes (at `letter.issued_at`) every
    /// other letter of that client that is still issued: a client has one valid letter at most.
    /// Conflict when the code hash exists already (the caller draws a new code).
    async fn issue_letter(&self, letter: &Letter, code_hash: &CodeHash) -> StoreResult<()>;
    async fn get_letter(&self, id: LetterId) -> StoreResult<Option<Letter>>;
    async fn find_letter_by_code_hash(&self, hash: &CodeHash) -> StoreResult<Option<Letter>>;
    /// Newest first.
    async fn list_letters_for_client(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<Letter>>;
    /// Letters still issued whose expiry falls in `[from, until)`, soonest first.
    async fn list_letters_expiring(
        &self,
        provider: ProviderId,
        from: Timestamp,
        until: Timestamp,
        page: &PageRequest,
    ) -> StoreResult<Page<Letter>>;
    /// Marks an issued, unexpired (at `at`) letter as used. Returns false when it was not
    /// (already used, revoked or expired): of any number of racing callers exactly one wins.
    async fn mark_letter_used(&self, id: LetterId, at: Timestamp) -> StoreResult<bool>;
    /// Revokes an issued letter. Returns false when it was not issued any more.
    async fn revoke_letter(&self, id: LetterId, at: Timestamp) -> StoreResult<bool>;
}

#[async_trait]
pub trait CareStore {
    /// Conflict when the practitioner is in this client's team already.
    async fn insert_care_team_member(&self, member: &CareTeamMember) -> StoreResult<()>;
    async fn list_care_team(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<CareTeamMember>>;

    async fn insert_appointment(&self, appointment: &Appointment) -> StoreResult<()>;
    async fn list_appointments(
        &self,
        client: ClientRecordId,
        window: AppointmentWindow,
        page: &PageRequest,
    ) -> StoreResult<Page<Appointment>>;

    async fn insert_care_plan(&self, plan: &CarePlan) -> StoreResult<()>;
    async fn list_care_plans(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<CarePlan>>;
    async fn insert_goal(&self, goal: &Goal) -> StoreResult<()>;
    async fn list_goals(&self, plan: CarePlanId, page: &PageRequest) -> StoreResult<Page<Goal>>;

    async fn insert_report(&self, report: &Report) -> StoreResult<()>;
    async fn get_report(&self, id: ReportId) -> StoreResult<Option<Report>>;
    /// Newest first.
    async fn list_reports(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<Report>>;

    async fn insert_document(&self, document: &Document, content: &[u8]) -> StoreResult<()>;
    async fn get_document(&self, id: DocumentId) -> StoreResult<Option<Document>>;
    async fn read_document_content(&self, id: DocumentId) -> StoreResult<Option<Vec<u8>>>;
    /// Newest first.
    async fn list_documents(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<Document>>;

    async fn insert_measurement(&self, measurement: &Measurement) -> StoreResult<()>;
    /// Newest first.
    async fn list_measurements(
        &self,
        client: ClientRecordId,
        page: &PageRequest,
    ) -> StoreResult<Page<Measurement>>;
}

#[async_trait]
pub trait OutboxStore {
    /// Stores a message for delivery. Later issues store messages inside the transaction of what
    /// caused them; this one is for messages that stand alone.
    async fn enqueue_message(&self, message: &OutgoingMessage) -> StoreResult<()>;
    /// Takes up to `limit` messages that are due at `now` and not held by another worker, and
    /// holds them for `lease`; a worker that dies releases them when the lease runs out.
    async fn claim_due_messages(
        &self,
        now: Timestamp,
        lease: SignedDuration,
        limit: u32,
    ) -> StoreResult<Vec<OutgoingMessage>>;
    async fn mark_message_sent(&self, id: OutboxMessageId, at: Timestamp) -> StoreResult<()>;
    /// Counts a failed attempt and makes the message due again at `retry_at`.
    async fn mark_message_failed(
        &self,
        id: OutboxMessageId,
        error: &str,
        retry_at: Timestamp,
    ) -> StoreResult<()>;
    /// Deletes delivered messages sent before `before`; returns how many. (A delivered message
    /// keeps no content, only who it went to and when.)
    async fn purge_sent_messages(&self, before: Timestamp) -> StoreResult<u64>;
    /// Messages not yet delivered (for the health page and tests).
    async fn count_pending_messages(&self) -> StoreResult<u64>;
    /// Seals the waiting messages that are stored in plain text (queued by a version from before
    /// the outbox was sealed, or by such an instance during an upgrade); returns how many. The
    /// server runs it at start-up; claiming opens both forms.
    async fn seal_plain_messages(&self) -> StoreResult<u64>;
}

/// Small facts about this installation, such as whether the demo world was seeded.
#[async_trait]
pub trait MetaStore {
    async fn get_meta(&self, key: &str) -> StoreResult<Option<String>>;
    /// Sets `key` only when it has no value yet; returns whether this call set it. Lets one of
    /// several instances starting together claim a one-time job.
    async fn claim_meta(&self, key: &str, value: &str) -> StoreResult<bool>;
    async fn set_meta(&self, key: &str, value: &str) -> StoreResult<()>;
}
