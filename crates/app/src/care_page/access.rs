//! Opening one report or downloading one document from the care page. Checked on every
//! request: the account has a second factor and may see the category (reports, documents) on
//! the care page connected to the record's client. Anything else is `NotFound`, exactly like an id that does not exist, so
//! nobody learns whether a record exists.

use crate::{App, AppError, AppResult};
use std::collections::HashMap;
use zk_domain::account::{Account, Connection};
use zk_domain::care::{Document, Report};
use zk_domain::network::Permission;
use zk_domain::{CarePageId, ClientRecordId, ConnectionId, DocumentId, ReportId};

/// A report ready to read, with where it comes from.
#[derive(Clone, Debug)]
pub struct ReportView {
    pub report: Report,
    pub author: Option<String>,
    pub provider_name: String,
    /// The care page and connection it belongs to, for the way back.
    pub care_page: CarePageId,
    pub connection: ConnectionId,
}

/// The connection through which `account` may see the client record's data of `category`, if
/// any.
async fn allowed(
    app: &App,
    account: &Account,
    client: ClientRecordId,
    category: Permission,
) -> AppResult<Option<Connection>> {
    // Provider data stays hidden until the account has a second factor (SPEC S2.14).
    if !account.has_second_factor() {
        return Ok(None);
    }
    let Some(connection) = app.store.connection_of_client(client).await? else {
        return Ok(None);
    };
    let Some(page) = app.store.get_care_page(connection.care_page_id).await? else {
        return Ok(None);
    };
    let access = crate::network::access(app, account, &page).await?;
    Ok(access.filter(|a| a.allows(category)).map(|_| connection))
}

const NOT_FOUND_REPORT: AppError = AppError::NotFound("report");
const NOT_FOUND_DOCUMENT: AppError = AppError::NotFound("document");

/// One report, if the account may read it.
pub async fn report(app: &App, account: &Account, id: ReportId) -> AppResult<ReportView> {
    let report = app.store.get_report(id).await?.ok_or(NOT_FOUND_REPORT)?;
    let connection = allowed(app, account, report.client_record_id, Permission::Reports)
        .await?
        .ok_or(NOT_FOUND_REPORT)?;
    let provider_name = app
        .store
        .get_provider(connection.provider_id)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let author = match report.author_id {
        Some(a) => super::records::author_name(app, &mut HashMap::new(), a).await?,
        None => None,
    };
    Ok(ReportView {
        report,
        author,
        provider_name,
        care_page: connection.care_page_id,
        connection: connection.id,
    })
}

/// One document's description and bytes, if the account may download it.
pub async fn document(
    app: &App,
    account: &Account,
    id: DocumentId,
) -> AppResult<(Document, Vec<u8>)> {
    let document = app
        .store
        .get_document(id)
        .await?
        .ok_or(NOT_FOUND_DOCUMENT)?;
    allowed(
        app,
        account,
        document.client_record_id,
        Permission::Documents,
    )
    .await?
    .ok_or(NOT_FOUND_DOCUMENT)?;
    let content = app
        .store
        .read_document_content(id)
        .await?
        .ok_or(NOT_FOUND_DOCUMENT)?;
    Ok((document, content))
}
