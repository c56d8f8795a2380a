//! The provider's connections (secretariat and admin): which client record was connected to a
//! care page, by which beheerder, and when; newest first, a page at a time. (Unlinking does not
//! exist yet, so there are no unlinking requests to list.)

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

#[derive(Deserialize)]
pub struct ListQuery {
    na: Option<String>,
}

struct Row {
    client: String,
    href: String,
    number: String,
    beheerder: String,
    when: String,
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
    let lang = page.tr.lang;
    let rows = found
        .items
        .iter()
        .map(|c| Row {
            client: format!("{} {}", c.client_first_name, c.client_last_name),
            href: format!(
                "{}/clienten/{}",
                home(staff.provider.id),
                c.client_record_id
            ),
            number: c.client_number.clone(),
            beheerder: format!("{} {}", c.beheerder_first_name, c.beheerder_last_name),
            when: format!(
                "{}, {}",
                dates::day(lang, c.connected_at),
                dates::time(c.connected_at)
            ),
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
        },
    )
}
