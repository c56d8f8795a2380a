//! The provider's letters overview (SPEC S8): every letter newest first, a page at a time and
//! filtered by status, with the PDF link while it can be downloaded; above it the valid letters
//! that expire within 7 days. Also holds the routes of the letters pages.

use crate::AppState;
use crate::dates;
use crate::error::{internal, render};
use crate::handlers::{staff_letter_batches, staff_letters};
use crate::page::PageCtx;
use crate::staff::{STAFF_ROOT, StaffMember};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use zk_app::letter_print::{expiring_soon, provider_letters};
use zk_domain::ProviderId;
use zk_domain::letter::LetterStatus;
use zk_domain::page::Page;

/// Letters per page of the overview.
const PAGE_SIZE: u32 = 25;
/// Letters per page of the "expires within 7 days" list.
const EXPIRING_PAGE_SIZE: u32 = 20;

/// The routes of the letters overview and of batches.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/zorgaanbieder/{provider}/brieven",
            get(staff_letters::overview),
        )
        .route(
            "/zorgaanbieder/{provider}/stapels",
            post(staff_letter_batches::create),
        )
        .route(
            "/zorgaanbieder/{provider}/stapels/{batch}",
            get(staff_letter_batches::show),
        )
        .route(
            "/zorgaanbieder/{provider}/stapels/{batch}/pdf",
            get(staff_letter_batches::download),
        )
}

/// The filter words in the address, and the status each one means.
const FILTERS: [(&str, LetterStatus); 4] = [
    ("uitgegeven", LetterStatus::Valid),
    ("gebruikt", LetterStatus::Used),
    ("verlopen", LetterStatus::Expired),
    ("ingetrokken", LetterStatus::Revoked),
];

#[derive(Deserialize)]
pub struct OverviewQuery {
    status: Option<String>,
    na: Option<String>,
    verloopt_na: Option<String>,
}

/// One letter of the overview.
struct Row {
    client_href: String,
    client: String,
    number: String,
    issued: String,
    expires: String,
    status: String,
    pdf: Option<String>,
}

/// One letter of the "expires within 7 days" list.
struct ExpiringRow {
    client_href: String,
    client: String,
    number: String,
    expires: String,
}

/// A filter link above the list.
struct Filter {
    href: String,
    label: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "staff_letters.html")]
struct OverviewPage<'a> {
    page: &'a PageCtx,
    provider: String,
    clients: String,
    filters: Vec<Filter>,
    bad_filter: bool,
    bad_cursor: bool,
    rows: Vec<Row>,
    next: Option<String>,
    expiring: Vec<ExpiringRow>,
    expiring_next: Option<String>,
}

/// The overview's own address.
pub fn overview_path(provider: ProviderId) -> String {
    format!("{STAFF_ROOT}/{provider}/brieven")
}

/// `GET /zorgaanbieder/{provider}/brieven[?status=…][&na=…][&verloopt_na=…]`.
pub async fn overview(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Query(q): Query<OverviewQuery>,
) -> Response {
    let provider = staff.provider.id;
    let base = overview_path(provider);
    let clients = format!("{STAFF_ROOT}/{provider}/clienten");
    let word = q.status.as_deref().filter(|s| !s.is_empty());
    let status = word.map(|w| FILTERS.iter().find(|(f, _)| *f == w).map(|(_, s)| *s));
    let bad_filter = matches!(status, Some(None));
    let status = status.flatten();
    let lang = page.tr.lang;

    let (letters, bad_cursor) = if bad_filter {
        (
            Page {
                items: Vec::new(),
                next: None,
            },
            false,
        )
    } else {
        let found = provider_letters(
            &state.app,
            provider,
            status,
            &crate::paging::requested(q.na.as_ref(), PAGE_SIZE),
        )
        .await;
        match crate::paging::or_bad_cursor(found) {
            Ok(found) => found,
            Err(e) => return internal(&page, e),
        }
    };
    let rows = letters
        .items
        .iter()
        .map(|(l, status)| {
            let letter = &l.letter;
            let pdf = if l.pdf_available {
                Some(format!("{base}/{}.pdf", letter.id))
            } else {
                l.batch_pdf
                    .map(|b| format!("{STAFF_ROOT}/{provider}/stapels/{b}/pdf"))
            };
            Row {
                client_href: format!("{clients}/{}", letter.client_record_id),
                client: l.client_name.clone(),
                number: l.client_number.clone(),
                issued: dates::day(lang, letter.issued_at),
                expires: dates::day(lang, letter.expires_at),
                status: page.t(&format!("staff-letter-status-{}", status.as_str())),
                pdf,
            }
        })
        .collect();
    let filter_query = word.map(|w| format!("status={w}&")).unwrap_or_default();
    let next = letters
        .next
        .map(|n| format!("{base}?{filter_query}na={}", crate::auth::url_escape(&n)));

    let (soon, soon_bad_cursor) = match crate::paging::or_bad_cursor(
        expiring_soon(
            &state.app,
            provider,
            &crate::paging::requested(q.verloopt_na.as_ref(), EXPIRING_PAGE_SIZE),
        )
        .await,
    ) {
        Ok(found) => found,
        Err(e) => return internal(&page, e),
    };
    let expiring = soon
        .items
        .iter()
        .map(|(letter, record)| ExpiringRow {
            client_href: format!("{clients}/{}", record.id),
            client: record.full_name(),
            number: record.client_number.clone(),
            expires: format!(
                "{}, {}",
                dates::day(lang, letter.expires_at),
                dates::time(letter.expires_at)
            ),
        })
        .collect();
    let expiring_next = soon.next.map(|n| {
        format!(
            "{base}?{filter_query}verloopt_na={}",
            crate::auth::url_escape(&n)
        )
    });

    let mut filters = vec![Filter {
        href: base.clone(),
        label: page.t("staff-letters-filter-all"),
        current: word.is_none(),
    }];
    filters.extend(FILTERS.iter().map(|(w, s)| Filter {
        href: format!("{base}?status={w}"),
        label: page.t(&format!("staff-letter-status-{}", s.as_str())),
        current: word == Some(*w),
    }));
    render(
        &page,
        &OverviewPage {
            page: &page,
            provider: staff.provider.name.clone(),
            clients,
            filters,
            bad_filter,
            bad_cursor: bad_cursor || soon_bad_cursor,
            rows,
            next,
            expiring,
            expiring_next,
        },
    )
}
