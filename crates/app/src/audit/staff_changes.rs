//! Changes provider staff make in the staff area (SPEC S9): a client record made or edited, a
//! letter printed for a client (alone or in a batch), an API token made or revoked, a staff
//! invitation sent, withdrawn or accepted. Each is
//! recorded on the provider's behalf, in the same transaction as the change: the functions here
//! build the record as a [`Pending`] (or its events) for the store write that makes the change.

use super::security::current_source;
use super::{Pending, by_account, now};
use crate::{App, AppResult};
use zk_domain::account::Account;
use zk_domain::audit::*;
use zk_domain::client::ClientRecord;
use zk_domain::{ApiTokenId, CarePageId, ClientRecordId, ProviderId};

/// Who makes a change in a provider's records outside the FHIR API.
#[derive(Clone, Copy, Debug)]
pub enum By<'a> {
    /// A member of the provider's staff, in the staff area.
    Staff(&'a Account),
    /// The operator of the installation, from the command line (the demo data).
    Operator,
}

/// An event by `by` on `provider`'s behalf.
fn event(
    app: &App,
    by: By<'_>,
    provider: ProviderId,
    action: AuditAction,
    category: DataCategory,
    kind: AuditKind,
) -> AuditEvent {
    let mut e = match by {
        By::Staff(account) => by_account(
            app,
            account,
            ActorRole::ProviderStaff,
            category,
            &current_source(),
        ),
        By::Operator => AuditEvent {
            id: AuditEventId::new(),
            action,
            at: now(app),
            care_page_id: None,
            client_record_id: None,
            actor_id: None,
            actor_name: "zorgkring".into(),
            role: ActorRole::Operator,
            on_behalf_of: None,
            ground: Ground::Authorisation,
            category,
            resource_id: None,
            source: Source {
                ip: "local".into(),
                user_agent: "command line".into(),
            },
            outcome: Outcome::Success,
            kind: None,
        },
    };
    e.action = action;
    e.on_behalf_of = Some(provider);
    e.kind = Some(kind);
    e
}

/// An event about `provider`'s client record `client`, shown on the care page it is connected
/// to (if any).
async fn client_event(
    app: &App,
    by: By<'_>,
    provider: ProviderId,
    client: ClientRecordId,
    action: AuditAction,
    kind: AuditKind,
) -> AppResult<AuditEvent> {
    let mut e = event(app, by, provider, action, DataCategory::CarePage, kind);
    e.ground = Ground::CareRelationship;
    e.client_record_id = Some(client);
    e.care_page_id = care_page_of(app, client).await?;
    Ok(e)
}

/// The care page `client` is connected to.
async fn care_page_of(app: &App, client: ClientRecordId) -> AppResult<Option<CarePageId>> {
    Ok(app
        .store
        .connection_of_client(client)
        .await?
        .map(|c| c.care_page_id))
}

/// The record of a new client record (`record`, not stored yet).
pub fn client_created(app: &App, by: By<'_>, record: &ClientRecord) -> Pending {
    let mut e = event(
        app,
        by,
        record.provider_id,
        AuditAction::Create,
        DataCategory::CarePage,
        AuditKind::ClientCreated,
    );
    e.ground = Ground::CareRelationship;
    e.client_record_id = Some(record.id);
    Pending::new(app, vec![e])
}

/// The record of an edit of `record` (its new fields).
pub async fn client_edited(app: &App, by: By<'_>, record: &ClientRecord) -> AppResult<Pending> {
    let e = client_event(
        app,
        by,
        record.provider_id,
        record.id,
        AuditAction::Update,
        AuditKind::ClientEdited,
    )
    .await?;
    Ok(Pending::new(app, vec![e]))
}

/// The events of letters printed for `clients` of `provider`, one per client, without their
/// letter ids yet (see [`with_letter`]): a letter replaces the code the client had.
pub async fn letters_printed(
    app: &App,
    by: By<'_>,
    provider: ProviderId,
    clients: &[ClientRecordId],
) -> AppResult<Vec<AuditEvent>> {
    let mut events = Vec::with_capacity(clients.len());
    for client in clients {
        events.push(
            client_event(
                app,
                by,
                provider,
                *client,
                AuditAction::Create,
                AuditKind::LetterPrinted,
            )
            .await?,
        );
    }
    Ok(events)
}

/// `events` (from [`letters_printed`]) naming the letter drawn for each, ready to be stored.
pub fn with_letter(
    app: &App,
    events: &[AuditEvent],
    letters: impl IntoIterator<Item = zk_domain::LetterId>,
) -> Pending {
    let events = events
        .iter()
        .zip(letters)
        .map(|(e, letter)| AuditEvent {
            id: AuditEventId::new(),
            resource_id: Some(letter.to_string()),
            ..e.clone()
        })
        .collect();
    Pending::new(app, events)
}

/// The record of an API token of `provider` made (`revoked` false) or revoked: a security
/// event on the provider's behalf.
pub fn api_token(
    app: &App,
    by: By<'_>,
    provider: ProviderId,
    token: ApiTokenId,
    revoked: bool,
) -> Pending {
    let (action, kind) = if revoked {
        (AuditAction::Delete, AuditKind::ApiTokenRevoked)
    } else {
        (AuditAction::Create, AuditKind::ApiTokenCreated)
    };
    let mut e = event(app, by, provider, action, DataCategory::Account, kind);
    e.resource_id = Some(token.0.to_string());
    Pending::new(app, vec![e])
}

/// The record of the staff invitation `invitation` of `provider` sent (`withdrawn` false) or
/// withdrawn by `by`: a security event on the provider's behalf. It names the invitation by its
/// id only; the typed address stays with the invitation, since the trail keeps no address of
/// someone who has not acted (a refused login keeps only a keyed hash of it).
pub fn staff_invitation(
    app: &App,
    by: By<'_>,
    provider: ProviderId,
    invitation: uuid::Uuid,
    withdrawn: bool,
) -> Pending {
    let (action, kind) = if withdrawn {
        (AuditAction::Delete, AuditKind::StaffInvitationWithdrawn)
    } else {
        (AuditAction::Create, AuditKind::StaffInvited)
    };
    let mut e = event(app, by, provider, action, DataCategory::Account, kind);
    e.resource_id = Some(invitation.to_string());
    Pending::new(app, vec![e])
}

/// The record of `account` accepting the staff invitation `invitation` of `provider`, which
/// makes it a member of the staff: it acts as staff from here on. With `created`, the account
/// is made by the same step (the link proved its address), recorded as such before.
pub fn staff_joined(
    app: &App,
    account: &Account,
    provider: ProviderId,
    invitation: uuid::Uuid,
    created: bool,
) -> Pending {
    let mut events = Vec::with_capacity(2);
    if created {
        events.push(super::security::event(
            app,
            account,
            AuditKind::AccountCreated,
            AuditAction::Create,
        ));
    }
    let mut e = event(
        app,
        By::Staff(account),
        provider,
        AuditAction::Create,
        DataCategory::Account,
        AuditKind::StaffInvitationAccepted,
    );
    e.resource_id = Some(invitation.to_string());
    events.push(e);
    Pending::new(app, events)
}
