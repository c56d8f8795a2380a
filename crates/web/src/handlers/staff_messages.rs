//! The provider's messages in the staff area (SPEC S5b): `/zorgaanbieder/{p}/berichten` lists
//! the threads the provider takes part in, newest first (the look recorded in the audit trail
//! of each care page listed); `/berichten/{care_page}/{thread}` shows one (recorded too) with
//! the reply form. Every staff member (secretariat
//! and admin) may read and reply: the secretariat is where clients are told to turn. A staff
//! member replies on behalf of the provider, shown with their own name. Only while an admin has
//! switched messaging on; otherwise the list says so and a thread is "not found".

use super::messages::thread::{Reach, ReplyForm};
use super::own_content::{FieldErrors, failed};
use crate::AppState;
use crate::dates;
use crate::error::render;
use crate::links;
use crate::page::PageCtx;
use crate::requester::Requester;
use crate::staff::StaffMember;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use zk_app::messages::Reader;
use zk_domain::message::Party;
use zk_domain::page::PageRequest;
use zk_domain::{CarePageId, MessageThreadId};

/// Threads per page of the staff list.
const SHOWN: u32 = 25;

#[derive(Deserialize)]
pub struct ListQuery {
    pub na: Option<String>,
}

#[derive(Deserialize)]
pub struct ThreadQuery {
    pub na: Option<String>,
}

pub struct Row {
    pub subject: String,
    pub client: String,
    pub when: String,
    pub href: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "staff_messages.html")]
struct ListPage<'a> {
    page: &'a PageCtx,
    back: String,
    on: bool,
    rows: Vec<Row>,
    more: Option<String>,
}

fn base(staff: &StaffMember) -> String {
    format!("/zorgaanbieder/{}/berichten", staff.provider.id)
}

pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    staff: StaffMember,
    Query(q): Query<ListQuery>,
) -> Response {
    let app = &state.app;
    let on = match app.store.provider_messaging(staff.provider.id).await {
        Ok(on) => on,
        Err(e) => return failed(&page, e.into()),
    };
    let mut rows = Vec::new();
    let mut more = None;
    if on {
        let request = match q.na {
            Some(c) => PageRequest::after(c, SHOWN),
            None => PageRequest::first(SHOWN),
        };
        let list = match app
            .store
            .threads_of(Party::Provider(staff.provider.id), None, &request)
            .await
        {
            Ok(l) => l,
            Err(e) => return failed(&page, e.into()),
        };
        // Clients' names and subjects are shown only once the look is recorded.
        let pages: Vec<CarePageId> = list.items.iter().map(|s| s.thread.care_page_id).collect();
        let account = &staff.user.account;
        let viewed =
            zk_app::audit::staff::message_list_viewed(app, account, staff.provider.id, &pages);
        if let Err(e) = viewed.await {
            return failed(&page, e);
        }
        for s in list.items {
            let client = match app.store.get_care_page(s.thread.care_page_id).await {
                Ok(Some(p)) => format!("{} {}", p.first_name, p.last_name),
                Ok(None) => String::new(),
                Err(e) => return failed(&page, e.into()),
            };
            rows.push(Row {
                href: format!("{}/{}/{}", base(&staff), s.thread.care_page_id, s.thread.id),
                when: format!(
                    "{}, {}",
                    dates::day(page.tr.lang, s.thread.last_message_at),
                    dates::time(s.thread.last_message_at)
                ),
                client: page.tr.t_with("staff-msg-client", &[("client", &client)]),
                subject: s.thread.subject,
                unread: s.unread,
            });
        }
        more = list.next.map(|c| format!("{}?na={c}", base(&staff)));
    }
    let t = ListPage {
        page: &page,
        back: format!("/zorgaanbieder/{}", staff.provider.id),
        on,
        rows,
        more,
    };
    render(&page, &t)
}

async fn staff_reader(
    state: &AppState,
    page: &PageCtx,
    staff: &StaffMember,
    care_page: &str,
) -> Result<Reader, Response> {
    let not_found = || failed(page, zk_app::AppError::NotFound("message thread"));
    let Ok(id) = care_page.parse::<CarePageId>() else {
        return Err(not_found());
    };
    Reader::staff(&state.app, &staff.user.account, &staff.provider, id)
        .await
        .map_err(|e| failed(page, e))
}

/// The thread as `staff` reaches it; its own link is built from the checked ids, not the path.
fn reach<'a>(
    state: &'a AppState,
    page: &'a PageCtx,
    from: &'a Requester,
    (staff, r): (&StaffMember, &'a Reader),
    thread: &str,
) -> Reach<'a> {
    let id = thread.parse::<MessageThreadId>().ok();
    let href = id.map_or_else(String::new, |t| {
        links::fill(links::STAFF_THREAD, &[&staff.provider.id, &r.page().id, &t])
    });
    Reach {
        state,
        page,
        from,
        reader: r,
        id,
        back: base(staff),
        href,
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    staff: StaffMember,
    from: Requester,
    Path((_, care_page, thread)): Path<(String, String, String)>,
    Query(q): Query<ThreadQuery>,
) -> Response {
    let r = match staff_reader(&state, &page, &staff, &care_page).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    reach(&state, &page, &from, (&staff, &r), &thread)
        .show(q.na, ReplyForm::default(), FieldErrors::default())
        .await
}

pub async fn save(
    State(state): State<AppState>,
    page: PageCtx,
    staff: StaffMember,
    from: Requester,
    Path((_, care_page, thread)): Path<(String, String, String)>,
    Form(form): Form<ReplyForm>,
) -> Response {
    let r = match staff_reader(&state, &page, &staff, &care_page).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    reach(&state, &page, &from, (&staff, &r), &thread)
        .reply(form)
        .await
}
