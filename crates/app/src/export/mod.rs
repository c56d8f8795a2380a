//! "Mijn gegevens downloaden" (SPEC S9): everything about a care page and one's own account,
//! as a FHIR R4 Bundle and a readable HTML summary. A request becomes a job (at most
//! [`REQUESTS_PER_DAY`] per account); a background worker on any instance claims it, builds both
//! files for what the requester may see *at that moment*, stores them sealed with the server
//! key (they hold health data) and sends the prepared e-mail, which carries only a link. The
//! files are served to the requester alone, with a second factor, for [`KEPT`]; then a sweep
//! removes them. The request and every download are recorded in the audit trail first.

mod bundle;
mod collect;
mod sections;

pub use bundle::{ACCOUNT_TITLE, AUDIT_TITLE, DIARY_TITLE, MESSAGES_TITLE, NETWORK_TITLE, bundle};
pub use collect::{AccountData, ExportData, Factor, MAX_ITEMS, MemberData, ProviderData, collect};
pub use sections::Section;

use crate::audit::{by_account, denied, record, role_of};
use crate::registration::RenderedMail;
use crate::{App, AppError, AppResult};
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use zk_domain::account::{Account, CarePage};
use zk_domain::audit::{AuditAction, DataCategory, Source};
use zk_domain::{CarePageId, ExportJobId};
use zk_store::{ExportFile, ExportJob, ExportState, OutgoingMessage};

/// Requests per account in any 24 hours.
pub const REQUESTS_PER_DAY: u32 = 3;
/// How long the files can be downloaded.
pub const KEPT: SignedDuration = SignedDuration::from_hours(7 * 24);
/// How long a worker holds a job before another may take it over.
const LEASE: SignedDuration = SignedDuration::from_mins(15);
/// How long a job that could not be built waits for its next try.
pub const RETRY_AFTER: SignedDuration = SignedDuration::from_mins(5);
/// The purpose of the key that seals the files.
const FILE_KEY: &str = "data export files v1";

/// Renders the readable summary; the web layer knows the languages and the page design.
pub trait SummaryWriter: Send + Sync {
    /// The whole HTML document, in `language`.
    fn summary(&self, language: &str, data: &ExportData) -> String;
}

/// The care page and the access of `account`, or `NotFound` (recorded as refused) when it
/// has none: a stranger and an unknown id get the same answer.
async fn page_for(
    app: &App,
    account: &Account,
    page_id: CarePageId,
    source: &Source,
) -> AppResult<(CarePage, zk_domain::network::Access)> {
    let page = app.store.get_care_page(page_id).await?;
    let access = match &page {
        Some(p) => crate::network::access(app, account, p).await?,
        None => None,
    };
    match (page, access) {
        (Some(page), Some(access)) => Ok((page, access)),
        _ => {
            denied(
                app,
                account,
                Some(page_id),
                DataCategory::CarePage,
                None,
                source,
            )
            .await?;
            Err(AppError::NotFound("care page"))
        }
    }
}

/// What the export page shows: the care page and this account's exports of it.
pub async fn overview(
    app: &App,
    account: &Account,
    page_id: CarePageId,
    source: &Source,
) -> AppResult<(CarePage, Vec<Section>, Vec<ExportJob>)> {
    let (page, access) = page_for(app, account, page_id, source).await?;
    let jobs = app.store.exports_of(account.id, page.id, 10).await?;
    Ok((page, Section::for_access(Some(access)), jobs))
}

/// Asks for an export of `page_id`. `notice` makes the e-mail for the job's id (a link, no
/// care data). `Invalid` when the account has no second factor or asked too often today.
pub async fn request(
    app: &App,
    account: &Account,
    page_id: CarePageId,
    source: &Source,
    notice: impl FnOnce(ExportJobId) -> RenderedMail,
) -> AppResult<ExportJob> {
    let (page, access) = page_for(app, account, page_id, source).await?;
    if !account.has_second_factor() {
        return Err(AppError::invalid(
            "factor",
            "a second factor is needed before you can download your data",
        ));
    }
    let now = crate::audit::now(app);
    let job = ExportJob {
        id: ExportJobId::new(),
        account_id: account.id,
        care_page_id: page.id,
        state: ExportState::Waiting,
        requested_at: now,
        ready_at: None,
        expires_at: None,
    };
    let role = role_of(app, account, &page, access).await?;
    let mut e = by_account(app, account, role, DataCategory::CarePage, source);
    e.action = AuditAction::Execute;
    e.care_page_id = Some(page.id);
    e.resource_id = Some(format!("export {}", job.id));
    // No export without its record: both are stored in one transaction, or neither.
    let pending = crate::audit::Pending::new(app, vec![e.clone()]);
    let mail = notice(job.id);
    let message = OutgoingMessage::mail(
        &account.email,
        &mail.subject,
        &mail.text,
        Some(&mail.html),
        now,
    );
    let since = now - SignedDuration::from_hours(24);
    if !app
        .store
        .request_export(&job, &message, since, REQUESTS_PER_DAY, pending.audit())
        .await?
    {
        let mut refused = e;
        refused.id = zk_domain::audit::AuditEventId::new();
        refused.outcome = zk_domain::audit::Outcome::Denied;
        record(app, &[refused]).await?;
        return Err(AppError::invalid(
            "limit",
            "you asked for your data three times today; try again tomorrow",
        ));
    }
    Ok(job)
}

/// The requester's job, or `NotFound` for anyone else (recorded as refused), the same as an
/// id that does not exist.
pub async fn job(
    app: &App,
    account: &Account,
    id: ExportJobId,
    source: &Source,
) -> AppResult<ExportJob> {
    match app.store.get_export(id).await? {
        Some(job) if job.account_id == account.id && account.has_second_factor() => Ok(job),
        found => {
            let page = found.map(|j| j.care_page_id);
            denied(
                app,
                account,
                page,
                DataCategory::CarePage,
                Some(format!("export {id}")),
                source,
            )
            .await?;
            Err(AppError::NotFound("export"))
        }
    }
}

/// One file of the requester's ready export, recorded before it is handed out. `NotFound`
/// when it is not ready, expired, or not the account's.
pub async fn download(
    app: &App,
    account: &Account,
    id: ExportJobId,
    file: ExportFile,
    source: &Source,
) -> AppResult<Vec<u8>> {
    let job = job(app, account, id, source).await?;
    let Some(sealed) = app.store.export_file(id, file, app.now()).await? else {
        return Err(AppError::NotFound("export"));
    };
    // Someone who lost their place on the page since the request loses the download too.
    let found = match app.store.get_care_page(job.care_page_id).await? {
        Some(page) => crate::network::access(app, account, &page)
            .await?
            .map(|access| (page, access)),
        None => None,
    };
    let Some((page, access)) = found else {
        let resource = Some(format!("export {id}"));
        let category = DataCategory::CarePage;
        denied(
            app,
            account,
            Some(job.care_page_id),
            category,
            resource,
            source,
        )
        .await?;
        return Err(AppError::NotFound("export"));
    };
    let role = role_of(app, account, &page, access).await?;
    let mut e = by_account(app, account, role, DataCategory::CarePage, source);
    e.care_page_id = Some(job.care_page_id);
    e.resource_id = Some(format!("export {id}"));
    record(app, &[e]).await?;
    crate::totp::open(&app.key.derive(FILE_KEY), id.0.as_bytes(), &sealed)
        .ok_or(AppError::NotFound("export"))
}

/// Builds the oldest waiting export, if any; returns whether one was built. A build that goes
/// wrong is tried again after [`RETRY_AFTER`], at most [`zk_store::EXPORT_TRIES`] times in all.
pub async fn run_once(app: &App, writer: &dyn SummaryWriter) -> AppResult<bool> {
    let now = app.now();
    let Some((job, claim)) = app.store.claim_export(now, LEASE).await? else {
        return Ok(false);
    };
    if let Err(e) = build(app, writer, &job, claim).await {
        app.store
            .fail_export(job.id, claim, now + RETRY_AFTER)
            .await?;
        return Err(e);
    }
    Ok(true)
}

/// Builds and stores the files of a claimed job.
async fn build(
    app: &App,
    writer: &dyn SummaryWriter,
    job: &ExportJob,
    claim: uuid::Uuid,
) -> AppResult<()> {
    let (Some(account), Some(page)) = (
        app.store.get_account(job.account_id).await?,
        app.store.get_care_page(job.care_page_id).await?,
    ) else {
        return Err(AppError::NotFound("export"));
    };
    let access = crate::network::access(app, &account, &page).await?;
    let data = collect(app, &account, &page, access).await?;
    let json = serde_json::to_vec_pretty(&bundle(&job.id.to_string(), &data))
        .map_err(|e| AppError::invalid("export", e.to_string()))?;
    let html = writer.summary(&account.language, &data);
    let key = app.key.derive(FILE_KEY);
    let context = job.id.0.as_bytes();
    let ready = crate::audit::now(app);
    app.store
        .finish_export(
            job.id,
            claim,
            &crate::totp::seal(&key, context, &json),
            &crate::totp::seal(&key, context, html.as_bytes()),
            ready,
            ready + KEPT,
        )
        .await?;
    Ok(())
}

/// Builds waiting exports and removes expired ones every `poll`, until `shutdown`. Any number
/// of instances may run it: each job is claimed by one of them.
pub async fn run(
    app: App,
    writer: Arc<dyn SummaryWriter>,
    poll: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        loop {
            match run_once(&app, writer.as_ref()).await {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    tracing::error!(error = %e, "a data export could not be made");
                    break;
                }
            }
        }
        if let Err(e) = sweep(&app).await {
            tracing::error!(error = %e, "expired data exports could not be removed");
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Removes the files of expired exports (and of deleted accounts).
pub async fn sweep(app: &App) -> AppResult<u64> {
    Ok(app.store.purge_expired_exports(app.now()).await?)
}

/// Whether an export's files can still be downloaded at `now`.
pub fn is_ready(job: &ExportJob, now: Timestamp) -> bool {
    job.state == ExportState::Ready && job.expires_at.is_some_and(|e| e > now)
}
