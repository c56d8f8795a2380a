//! "Mijn gegevens downloaden" (SPEC S9). `/zorgpagina/gegevens?pagina=<id>` explains what an
//! export holds and asks for one; `/gegevens-downloaden/{id}` is the link in the e-mail, with
//! the two files under it. Only the requester, logged in with a second factor, reaches a job:
//! anyone else gets "not found", the same as an id that does not exist.

use crate::AppState;
use crate::auth::LoggedIn;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::i18n::Tr;
use crate::mail::{Block, button, compose, hello, regards, text};
use crate::page::PageCtx;
use crate::requester::Requester;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::export::Section;
use zk_domain::account::Account;
use zk_domain::{CarePageId, ExportJobId};
use zk_store::{ExportFile, ExportJob, ExportState};

#[derive(Deserialize)]
pub struct ExportQuery {
    pagina: Option<String>,
    /// Set after a request: the page says the download is being made.
    gevraagd: Option<String>,
}

struct JobRow {
    when: String,
    state: String,
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "export.html")]
struct ExportPage<'a> {
    page: &'a PageCtx,
    page_name: String,
    action: String,
    back: String,
    sections: Vec<String>,
    has_factor: bool,
    requested: bool,
    error: Option<String>,
    jobs: Vec<JobRow>,
}

#[derive(Template)]
#[template(path = "export_job.html")]
struct JobPage<'a> {
    page: &'a PageCtx,
    state: &'static str,
    until: String,
    bundle_href: String,
    summary_href: String,
}

/// The e-mail that says the download is ready: a link, no care data, no names of others.
fn notice(tr: &Tr, name: &str, link: &str) -> zk_app::registration::RenderedMail {
    compose(
        tr.t("export-mail-subject"),
        vec![
            hello(tr, name),
            text(tr, "export-mail-1"),
            button(tr, "export-mail-button", link),
            text(tr, "export-mail-2"),
            Block::Text(tr.t("export-mail-3")),
            regards(tr),
        ],
    )
}

fn state_key(job: &ExportJob, now: jiff::Timestamp) -> &'static str {
    match job.state {
        ExportState::Waiting | ExportState::Running => "export-state-waiting",
        ExportState::Ready if zk_app::export::is_ready(job, now) => "export-state-ready",
        ExportState::Ready | ExportState::Expired => "export-state-expired",
        ExportState::Failed => "export-state-failed",
    }
}

/// The care page asked for, or else the account's first one.
async fn chosen(
    state: &AppState,
    account: &Account,
    pagina: Option<&str>,
) -> Result<Option<CarePageId>, ()> {
    match pagina {
        Some(p) => p.parse().map(Some).map_err(|_| ()),
        None => Ok(zk_app::network::pages_of(&state.app, account)
            .await
            .map_err(|_| ())?
            .first()
            .map(|(p, _)| p.id)),
    }
}

async fn page_of(
    state: &AppState,
    page: &PageCtx,
    account: &Account,
    page_id: CarePageId,
    from: &Requester,
    requested: bool,
    error: Option<String>,
) -> Response {
    let source = from.audit_source();
    let (care_page, sections, jobs) =
        match zk_app::export::overview(&state.app, account, page_id, &source).await {
            Ok(found) => found,
            Err(zk_app::AppError::NotFound(_)) => return error_page(page, StatusCode::NOT_FOUND),
            Err(e) => return internal(page, e),
        };
    let now = state.app.now();
    let t = ExportPage {
        page,
        page_name: format!("{} {}", care_page.first_name, care_page.last_name),
        action: format!("/zorgpagina/gegevens?pagina={page_id}"),
        back: format!("/zorgpagina?pagina={page_id}"),
        sections: sections
            .iter()
            .map(|s: &Section| page.t(&format!("export-section-{}", s.as_str())))
            .collect(),
        has_factor: account.has_second_factor(),
        requested,
        jobs: jobs
            .iter()
            .map(|j| JobRow {
                when: format!(
                    "{}, {}",
                    dates::day(page.tr.lang, j.requested_at),
                    dates::time(j.requested_at)
                ),
                state: page.t(state_key(j, now)),
                href: zk_app::export::is_ready(j, now)
                    .then(|| format!("/gegevens-downloaden/{}", j.id)),
            })
            .collect(),
        error: error.clone(),
    };
    let status = match &error {
        Some(e) if *e == page.t("export-too-many") => StatusCode::TOO_MANY_REQUESTS,
        Some(_) => StatusCode::BAD_REQUEST,
        None => StatusCode::OK,
    };
    (status, render(page, &t)).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Query(q): Query<ExportQuery>,
) -> Response {
    match chosen(&state, &user.account, q.pagina.as_deref()).await {
        Ok(Some(id)) => {
            let requested = q.gevraagd.is_some();
            page_of(&state, &page, &user.account, id, &from, requested, None).await
        }
        Ok(None) => Redirect::to("/zorgpagina").into_response(),
        Err(()) => error_page(&page, StatusCode::NOT_FOUND),
    }
}

pub async fn request(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Query(q): Query<ExportQuery>,
) -> Response {
    let Some(Ok(page_id)) = q.pagina.as_deref().map(str::parse::<CarePageId>) else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let account = &user.account;
    let tr = page.tr.of(account);
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let source = from.audit_source();
    let made = zk_app::export::request(&state.app, account, page_id, &source, |id| {
        notice(
            &tr,
            &account.first_name,
            &format!("{base}/gegevens-downloaden/{id}"),
        )
    })
    .await;
    match made {
        Ok(_) => Redirect::to(&format!("/zorgpagina/gegevens?pagina={page_id}&gevraagd=1"))
            .into_response(),
        Err(zk_app::AppError::NotFound(_)) => error_page(&page, StatusCode::NOT_FOUND),
        Err(zk_app::AppError::Invalid { field, .. }) => {
            let key = if field == "limit" {
                "export-too-many"
            } else {
                "export-needs-factor"
            };
            page_of(
                &state,
                &page,
                account,
                page_id,
                &from,
                false,
                Some(page.t(key)),
            )
            .await
        }
        Err(e) => internal(&page, e),
    }
}

pub async fn job(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<ExportJobId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let source = from.audit_source();
    let job = match zk_app::export::job(&state.app, &user.account, id, &source).await {
        Ok(j) => j,
        Err(zk_app::AppError::NotFound(_)) => return error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => return internal(&page, e),
    };
    let t = JobPage {
        page: &page,
        state: state_key(&job, state.app.now()),
        until: job
            .expires_at
            .map(|e| format!("{}, {}", dates::day(page.tr.lang, e), dates::time(e)))
            .unwrap_or_default(),
        bundle_href: format!("/gegevens-downloaden/{id}/fhir.json"),
        summary_href: format!("/gegevens-downloaden/{id}/overzicht.html"),
    };
    render(&page, &t)
}

pub async fn file(
    State(state): State<AppState>,
    page: PageCtx,
    LoggedIn(user): LoggedIn,
    from: Requester,
    Path((id, name)): Path<(String, String)>,
) -> Response {
    let Ok(id) = id.parse::<ExportJobId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let (file, content_type, download_name) = match name.as_str() {
        "fhir.json" => (
            ExportFile::Bundle,
            "application/fhir+json",
            "zorgkring-gegevens.json",
        ),
        "overzicht.html" => (
            ExportFile::Summary,
            "text/html; charset=utf-8",
            "zorgkring-overzicht.html",
        ),
        _ => return error_page(&page, StatusCode::NOT_FOUND),
    };
    let source = from.audit_source();
    let bytes = match zk_app::export::download(&state.app, &user.account, id, file, &source).await {
        Ok(b) => b,
        Err(zk_app::AppError::NotFound(_)) => return error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => return internal(&page, e),
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{download_name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}
