//! Care data reads with their audit records. Each calls the plain read, then records what it is
//! about to show (or that it refused) before handing anything back: when the record cannot be
//! written, the read fails and shows nothing.
//!
//! A care page view records one event per connected provider per category shown, so the trail
//! says plainly "read the reports from provider X", and a member's narrower view records only
//! what that member saw; the network's own next appointments shown beside them are one more
//! look at the agenda, in the same append.

use super::{by_account, denied, record, role_of};
use crate::care_page::{CarePageView, More, ReportView};
use crate::{App, AppError, AppResult};
use std::collections::HashMap;
use zk_domain::account::Account;
use zk_domain::audit::{DataCategory, Source};
use zk_domain::care::Document;
use zk_domain::network::Permission;
use zk_domain::page::PageRequest;
use zk_domain::{CarePageId, DocumentId, ReportId};

/// The categories of a provider's section on the care page.
const SHOWN: [Permission; 6] = [
    Permission::CareTeam,
    Permission::Appointments,
    Permission::CarePlan,
    Permission::Reports,
    Permission::Documents,
    Permission::Measurements,
];

/// [`crate::care_page::view`], recorded.
pub async fn care_page(
    app: &App,
    account: &Account,
    selected: Option<CarePageId>,
    more: Option<More>,
    source: &Source,
) -> AppResult<CarePageView> {
    let view = match crate::care_page::view(app, account, selected, more).await {
        Err(AppError::NotFound(what)) => {
            denied(app, account, selected, DataCategory::CarePage, None, source).await?;
            return Err(AppError::NotFound(what));
        }
        other => other?,
    };
    // Without a second factor (Hidden) no care data is shown, so there is nothing to record.
    let CarePageView::Visible {
        page,
        access,
        sections,
        ..
    } = &view
    else {
        return Ok(view);
    };
    let role = role_of(app, account, page, *access).await?;
    let clients: HashMap<_, _> = app
        .store
        .connections_of(page.id, &PageRequest::first(50))
        .await?
        .items
        .into_iter()
        .map(|c| (c.id, c.client_record_id))
        .collect();
    let mut events = Vec::new();
    for s in sections {
        for category in SHOWN.into_iter().filter(|c| access.allows(*c)) {
            let mut e = by_account(app, account, role, DataCategory::Care(category), source);
            e.care_page_id = Some(page.id);
            e.client_record_id = clients.get(&s.connection).copied();
            events.push(e);
        }
    }
    // The next own appointments ([`crate::agenda::upcoming`]) show to whoever has the agenda.
    if access.allows(Permission::Agenda) {
        let category = DataCategory::Care(Permission::Agenda);
        let mut e = by_account(app, account, role, category, source);
        e.care_page_id = Some(page.id);
        events.push(e);
    }
    record(app, &events).await?;
    Ok(view)
}

/// [`crate::care_page::report`], recorded with the report's id.
pub async fn report(
    app: &App,
    account: &Account,
    id: ReportId,
    source: &Source,
) -> AppResult<ReportView> {
    let category = DataCategory::Care(Permission::Reports);
    let view = match crate::care_page::report(app, account, id).await {
        Err(AppError::NotFound(what)) => {
            denied(app, account, None, category, Some(id.to_string()), source).await?;
            return Err(AppError::NotFound(what));
        }
        other => other?,
    };
    let mut e = recorded_read(app, account, view.care_page, category, source).await?;
    e.client_record_id = Some(view.report.client_record_id);
    e.resource_id = Some(id.to_string());
    record(app, &[e]).await?;
    Ok(view)
}

/// [`crate::care_page::document`], recorded with the document's id.
pub async fn document(
    app: &App,
    account: &Account,
    id: DocumentId,
    source: &Source,
) -> AppResult<(Document, Vec<u8>)> {
    let category = DataCategory::Care(Permission::Documents);
    let (document, bytes) = match crate::care_page::document(app, account, id).await {
        Err(AppError::NotFound(what)) => {
            denied(app, account, None, category, Some(id.to_string()), source).await?;
            return Err(AppError::NotFound(what));
        }
        other => other?,
    };
    let page = app
        .store
        .connection_of_client(document.client_record_id)
        .await?
        .map(|c| c.care_page_id)
        .ok_or(AppError::NotFound("document"))?;
    let mut e = recorded_read(app, account, page, category, source).await?;
    e.client_record_id = Some(document.client_record_id);
    e.resource_id = Some(id.to_string());
    record(app, &[e]).await?;
    Ok((document, bytes))
}

/// A read event on `page` with the account's role there.
async fn recorded_read(
    app: &App,
    account: &Account,
    page: CarePageId,
    category: DataCategory,
    source: &Source,
) -> AppResult<zk_domain::audit::AuditEvent> {
    let page = app
        .store
        .get_care_page(page)
        .await?
        .ok_or(AppError::NotFound("care page"))?;
    let access = crate::network::access(app, account, &page)
        .await?
        .ok_or(AppError::NotFound("care page"))?;
    let role = role_of(app, account, &page, access).await?;
    let mut e = by_account(app, account, role, category, source);
    e.care_page_id = Some(page.id);
    Ok(e)
}
