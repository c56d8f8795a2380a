//! What provider staff read in the staff area, recorded before it is shown: a client record's
//! page, the list of the provider's conversations, and the audit trail of the provider's
//! clients (its export is audited too).

use super::security::current_source;
use super::{by_account, record};
use crate::{App, AppResult};
use zk_domain::account::Account;
use zk_domain::audit::*;
use zk_domain::network::Permission;
use zk_domain::page::{Page, PageRequest};
use zk_domain::{CarePageId, ClientRecordId, ProviderId};
use zk_store::AuditFilter;

/// An event by `staff` on `provider`'s behalf.
fn staff_event(app: &App, staff: &Account, provider: ProviderId, kind: AuditKind) -> AuditEvent {
    let category = match kind {
        AuditKind::AuditExport => DataCategory::AuditTrail,
        AuditKind::StaffMessageList => DataCategory::Care(Permission::Messages),
        _ => DataCategory::CarePage,
    };
    let mut e = by_account(
        app,
        staff,
        ActorRole::ProviderStaff,
        category,
        &current_source(),
    );
    e.on_behalf_of = Some(provider);
    e.ground = Ground::CareRelationship;
    e.kind = Some(kind);
    e
}

/// Records that `staff` opens the page of `provider`'s client record `client` (only call it
/// for the provider's own record). Shown to the care page's managers when it is connected.
pub async fn client_viewed(
    app: &App,
    staff: &Account,
    provider: ProviderId,
    client: ClientRecordId,
) -> AppResult<()> {
    let mut e = staff_event(app, staff, provider, AuditKind::StaffView);
    e.client_record_id = Some(client);
    e.care_page_id = app
        .store
        .connection_of_client(client)
        .await?
        .map(|c| c.care_page_id);
    record(app, &[e]).await
}

/// Records that `staff` sees the list of `provider`'s conversations, which names the clients
/// of care pages `pages` and the subjects: one record per care page, so each page's trail shows
/// it, all in one append. Nothing is recorded for an empty list, which shows nothing.
pub async fn message_list_viewed(
    app: &App,
    staff: &Account,
    provider: ProviderId,
    pages: &[CarePageId],
) -> AppResult<()> {
    let mut seen: Vec<CarePageId> = Vec::with_capacity(pages.len());
    for page in pages {
        if !seen.contains(page) {
            seen.push(*page);
        }
    }
    let events: Vec<AuditEvent> = seen
        .into_iter()
        .map(|page| {
            let mut e = staff_event(app, staff, provider, AuditKind::StaffMessageList);
            e.care_page_id = Some(page);
            e
        })
        .collect();
    if events.is_empty() {
        return Ok(());
    }
    record(app, &events).await
}

/// Records that `staff` reads (`download` false) or downloads the provider's trail in the
/// filter's period.
async fn record_export(
    app: &App,
    staff: &Account,
    provider: ProviderId,
    filter: &AuditFilter,
    download: bool,
) -> AppResult<()> {
    let mut e = staff_event(app, staff, provider, AuditKind::AuditExport);
    let period = |t: Option<jiff::Timestamp>| t.map(|t| t.to_string()).unwrap_or_default();
    let how = if download { "download" } else { "view" };
    e.resource_id = Some(format!(
        "{how} {}..{}",
        period(filter.from),
        period(filter.until)
    ));
    record(app, &[e]).await
}

/// A page of the audit trail of `provider`'s clients and of its own staff and tokens, read by
/// `staff` (an admin: the caller checks). Recorded first, with the period asked for.
pub async fn provider_trail(
    app: &App,
    staff: &Account,
    provider: ProviderId,
    filter: &AuditFilter,
    page: &PageRequest,
) -> AppResult<Page<AuditRecord>> {
    record_export(app, staff, provider, filter, false).await?;
    Ok(app.store.audit_of_provider(provider, filter, page).await?)
}

/// Records read per round for a download.
const EXPORT_BATCH: u32 = 1000;

/// The most records one download holds; a longer period must be split.
pub const EXPORT_MAX: usize = 20_000;

/// The whole trail of the period for a download, newest first, recorded first; `None` when it
/// holds more than [`EXPORT_MAX`] records (nothing is recorded then, since nothing is given).
pub async fn provider_export(
    app: &App,
    staff: &Account,
    provider: ProviderId,
    filter: &AuditFilter,
) -> AppResult<Option<Vec<AuditRecord>>> {
    let mut all = Vec::new();
    let mut request = PageRequest::first(EXPORT_BATCH);
    loop {
        let page = app
            .store
            .audit_of_provider(provider, filter, &request)
            .await?;
        all.extend(page.items);
        if all.len() > EXPORT_MAX {
            return Ok(None);
        }
        match page.next {
            Some(next) => request = PageRequest::after(next, EXPORT_BATCH),
            None => break,
        }
    }
    record_export(app, staff, provider, filter, true).await?;
    Ok(Some(all))
}
