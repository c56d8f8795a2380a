//! Batches of letters (SPEC S8): the secretariat ticks clients on the search page (or takes
//! every client on that page) and makes a letter for each in one action; the result is one PDF
//! in which every letter starts on a new page, downloadable for 24 hours.

use crate::AppState;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::handlers::staff_letters::overview_path;
use crate::page::PageCtx;
use crate::staff::{STAFF_ROOT, StaffMember};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::AppError;
use zk_app::letter_print::{batch_pdf, issue_letter_batch, letter_batch};
use zk_app::staff::LetterSite;
use zk_domain::ClientRecordId;
use zk_domain::letter_batch::{LetterBatchId, MAX_BATCH_CLIENTS};

/// The form field of a ticked client.
pub const CHOSEN_FIELD: &str = "client";
/// The form field of each client shown on the page ("every client on this page").
pub const ON_PAGE_FIELD: &str = "op_pagina";
/// The submit button's field: `pagina` takes every client on the page, anything else the ticked.
pub const WHICH_FIELD: &str = "welke";

#[derive(Template)]
#[template(path = "staff_batch_refused.html")]
struct RefusedPage<'a> {
    page: &'a PageCtx,
    text: String,
    back: String,
}

#[derive(Template)]
#[template(path = "staff_batch.html")]
struct BatchPage<'a> {
    page: &'a PageCtx,
    provider: String,
    made: String,
    until: String,
    pdf: Option<String>,
    letters: String,
    clients: String,
}

#[derive(Template)]
#[template(path = "staff_pdf_gone.html")]
struct PdfGonePage<'a> {
    page: &'a PageCtx,
}

/// The client ids the form chose; None when one is not an id at all.
fn chosen(body: &[u8]) -> Option<Vec<ClientRecordId>> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    let whole_page = pairs.iter().any(|(k, v)| k == WHICH_FIELD && v == "pagina");
    let field = if whole_page {
        ON_PAGE_FIELD
    } else {
        CHOSEN_FIELD
    };
    pairs
        .iter()
        .filter(|(k, _)| k == field)
        .map(|(_, v)| v.parse().ok())
        .collect()
}

fn refused(page: &PageCtx, staff: &StaffMember, text: String) -> Response {
    let back = format!("{STAFF_ROOT}/{}/clienten", staff.provider.id);
    let body = render(page, &RefusedPage { page, text, back });
    (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
}

/// `POST /zorgaanbieder/{provider}/stapels`: a letter for each chosen client, all or nothing.
pub async fn create(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    body: Bytes,
) -> Response {
    let Some(clients) = chosen(&body) else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let site = LetterSite {
        public_url: &state.config.public_url,
        brand_name: &state.config.brand,
    };
    match issue_letter_batch(
        &state.app,
        zk_app::audit::staff_changes::By::Staff(&staff.user.account),
        &staff.provider,
        clients,
        &site,
    )
    .await
    {
        Ok(batch) => Redirect::to(&format!(
            "{STAFF_ROOT}/{}/stapels/{}",
            staff.provider.id, batch.id
        ))
        .into_response(),
        Err(AppError::Invalid {
            field: "clients", ..
        }) => refused(&page, &staff, page.t("staff-batch-error-none")),
        Err(AppError::Invalid {
            field: "too_many_clients",
            ..
        }) => refused(
            &page,
            &staff,
            page.tr.t_with(
                "staff-batch-error-too-many",
                &[("max", &MAX_BATCH_CLIENTS.to_string())],
            ),
        ),
        Err(AppError::NotFound(_)) => error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => internal(&page, e),
    }
}

/// `GET /zorgaanbieder/{provider}/stapels/{batch}`: what was made, and the download.
pub async fn show(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, batch)): Path<(String, String)>,
) -> Response {
    let Ok(id) = batch.parse::<LetterBatchId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let batch = match letter_batch(&state.app, staff.provider.id, id).await {
        Ok(Some(b)) => b,
        Ok(None) => return error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => return internal(&page, e),
    };
    let lang = page.tr.lang;
    let available = state.app.now() < batch.available_until;
    render(
        &page,
        &BatchPage {
            page: &page,
            provider: staff.provider.name.clone(),
            made: page.tr.t_with(
                "staff-batch-made",
                &[("count", &batch.letter_count.to_string())],
            ),
            until: page.tr.t_with(
                "staff-batch-until",
                &[(
                    "until",
                    &format!(
                        "{}, {}",
                        dates::day(lang, batch.available_until),
                        dates::time(batch.available_until)
                    ),
                )],
            ),
            pdf: available.then(|| {
                format!(
                    "{STAFF_ROOT}/{}/stapels/{}/pdf",
                    staff.provider.id, batch.id
                )
            }),
            letters: overview_path(staff.provider.id),
            clients: format!("{STAFF_ROOT}/{}/clienten", staff.provider.id),
        },
    )
}

/// `GET /zorgaanbieder/{provider}/stapels/{batch}/pdf`: the batch's PDF for 24 hours.
pub async fn download(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, batch)): Path<(String, String)>,
) -> Response {
    let gone = |page: &PageCtx| {
        let body = render(page, &PdfGonePage { page });
        (StatusCode::NOT_FOUND, body).into_response()
    };
    let Ok(batch) = batch.parse::<LetterBatchId>() else {
        return gone(&page);
    };
    match batch_pdf(&state.app, staff.provider.id, batch).await {
        Ok(Some(pdf)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"brieven-{batch}.pdf\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            pdf,
        )
            .into_response(),
        Ok(None) => gone(&page),
        Err(e) => internal(&page, e),
    }
}
