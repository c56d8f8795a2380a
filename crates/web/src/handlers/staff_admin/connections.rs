//! The provider's connections (secretariat and admin): which client record was connected to a
//! care page, by which beheerder, and when; newest first, a page at a time. Below them the
//! ended ones ("Ontkoppeld op … door …"), most recently ended first, with their own pages.

use super::{PAGE_SIZE, home, next_link};
use crate::AppState;
use crate::dates;
use crate::error::{internal, render};
use crate::page::PageCtx;
use crate::staff::StaffMember;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use zk_app::staff_admin::connections;
use zk_app::unlinking::ended_connections;
use zk_store::{EndedBy, EndedConnectionListing};

#[derive(Deserialize)]
pub struct ListQuery {
    na: Option<String>,
    /// The cursor of the ended connections' list.
    eind_na: Option<String>,
}

struct Row {
    client: String,
    href: String,
    number: String,
    beheerder: String,
    when: String,
}

struct EndedRow {
    client: String,
    href: String,
    number: String,
    ended: String,
}

#[derive(Template)]
#[template(path = "staff_connections.html")]
struct ListPage<'a> {
    page: &'a PageCtx,
    provider: String,
    home: String,
    rows: Vec<Row>,
    next: Option<String>,
    bad_cursor: bool,
    ended: Vec<EndedRow>,
    ended_next: Option<String>,
    ended_bad_cursor: bool,
}

/// "Ontkoppeld op {datum} door {wie}"; a deleted account has no name left, so then only what
/// they were.
fn ended_text(page: &PageCtx, e: &EndedConnectionListing) -> String {
    let name = format!("{} {}", e.ended_by_first_name, e.ended_by_last_name);
    let name = name.trim();
    let who = match (e.ended_by_kind, name.is_empty()) {
        (EndedBy::Beheerder, true) => page.t("staff-ended-by-beheerder-unnamed"),
        (EndedBy::Staff, true) => page.t("staff-ended-by-staff-unnamed"),
        (EndedBy::Beheerder, false) => page
            .tr
            .t_with("staff-ended-by-beheerder", &[("name", name)]),
        (EndedBy::Staff, false) => page.tr.t_with("staff-ended-by-staff", &[("name", name)]),
    };
    let date = dates::day(page.tr.lang, e.ended_at);
    page.tr.t_with(
        "staff-connections-ended-on",
        &[("date", &date), ("who", &who)],
    )
}

pub async fn list(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Query(q): Query<ListQuery>,
) -> Response {
    let request = crate::paging::requested(q.na.as_ref(), PAGE_SIZE);
    let base = format!("{}/koppelingen", home(staff.provider.id));
    let (found, bad_cursor) = match crate::paging::or_bad_cursor(
        connections(&state.app, staff.provider.id, &request).await,
    ) {
        Ok(found) => found,
        Err(e) => return internal(&page, e),
    };
    let ended_request = crate::paging::requested(q.eind_na.as_ref(), PAGE_SIZE);
    let (ended, ended_bad_cursor) = match crate::paging::or_bad_cursor(
        ended_connections(&state.app, staff.provider.id, &ended_request).await,
    ) {
        Ok(found) => found,
        Err(e) => return internal(&page, e),
    };
    let lang = page.tr.lang;
    let client_href = |id| format!("{}/clienten/{id}", home(staff.provider.id));
    let rows = found
        .items
        .iter()
        .map(|c| Row {
            client: format!("{} {}", c.client_first_name, c.client_last_name),
            href: client_href(c.client_record_id),
            number: c.client_number.clone(),
            beheerder: match format!("{} {}", c.beheerder_first_name, c.beheerder_last_name).trim()
            {
                // A beheerder who deleted their account left no name.
                "" => page.t("staff-beheerder-deleted"),
                name => name.to_owned(),
            },
            when: format!(
                "{}, {}",
                dates::day(lang, c.connected_at),
                dates::time(c.connected_at)
            ),
        })
        .collect();
    let ended_rows = ended
        .items
        .iter()
        .map(|e| EndedRow {
            client: format!("{} {}", e.client_first_name, e.client_last_name),
            href: client_href(e.client_record_id),
            number: e.client_number.clone(),
            ended: ended_text(&page, e),
        })
        .collect();
    render(
        &page,
        &ListPage {
            page: &page,
            provider: staff.provider.name.clone(),
            home: home(staff.provider.id),
            rows,
            next: next_link(&base, found.next),
            bad_cursor,
            ended: ended_rows,
            ended_next: ended
                .next
                .map(|n| format!("{base}?eind_na={}", crate::auth::url_escape(&n))),
            ended_bad_cursor,
        },
    )
}
