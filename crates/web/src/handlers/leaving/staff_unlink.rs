//! `/zorgaanbieder/{provider}/clienten/{client}/ontkoppelen`: the provider's staff (admin or
//! secretariat) end a client's connection. The page says what happens; the button does it,
//! and the care page's beheerder gets an e-mail. A client of another provider, or one that is
//! not connected, answers 404.

use super::tr_for;
use crate::AppState;
use crate::error::{error_page, internal, render};
use crate::form_page::{InfoPage, Para};
use crate::page::PageCtx;
use crate::staff::{STAFF_ROOT, StaffMember};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::unlinking::{Unlinkable, unlink, unlinkable_by_staff};
use zk_domain::ClientRecordId;
use zk_store::EndedBy;

pub const PATH: &str = "/zorgaanbieder/{provider}/clienten/{client}/ontkoppelen";

fn client_page(staff: &StaffMember, client: ClientRecordId) -> String {
    format!("{STAFF_ROOT}/{}/clienten/{client}", staff.provider.id)
}

/// The link to unlink `client` of the staff member's provider.
pub fn path(staff: &StaffMember, client: ClientRecordId) -> String {
    format!("{}/ontkoppelen", client_page(staff, client))
}

async fn found(
    state: &AppState,
    page: &PageCtx,
    staff: &StaffMember,
    client: &str,
) -> Result<Unlinkable, Response> {
    let Ok(client) = client.parse::<ClientRecordId>() else {
        return Err(error_page(page, StatusCode::NOT_FOUND));
    };
    match unlinkable_by_staff(&state.app, staff.provider.id, client).await {
        Ok(Some(found)) => Ok(found),
        Ok(None) => Err(error_page(page, StatusCode::NOT_FOUND)),
        Err(e) => Err(internal(page, e)),
    }
}

pub async fn confirm_page(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, client)): Path<(String, String)>,
) -> Response {
    let found = match found(&state, &page, &staff, &client).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let client = found.client.full_name();
    let number = found.client.client_number.as_str();
    let paras = vec![
        Para::text(page.tr.t_with(
            "staff-unlink-intro",
            &[("client", &client), ("number", number)],
        )),
        Para::text(
            page.tr
                .t_with("staff-unlink-what-1", &[("provider", &staff.provider.name)]),
        ),
        Para::text(page.t("staff-unlink-what-2")),
        Para::text(page.t("staff-unlink-what-3")),
    ];
    render(
        &page,
        &InfoPage {
            page: &page,
            title: page.t("staff-unlink-title"),
            paras,
            action: Some((
                page.t("staff-unlink-button"),
                path(&staff, found.client.id),
                true,
            )),
            back: Some(client_page(&staff, found.client.id)),
        },
    )
}

pub async fn unlink_client(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, client)): Path<(String, String)>,
) -> Response {
    let found = match found(&state, &page, &staff, &client).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let support = state.config.support_email.clone();
    let outcome = unlink(
        &state.app,
        &found,
        &staff.user.account,
        EndedBy::Staff,
        |to, by| crate::mail::unlinked(&tr_for(&page, to), &to.first_name, by, &support),
    )
    .await;
    match outcome {
        Ok(_) => Redirect::to(&format!(
            "{}?ontkoppeld=ja",
            client_page(&staff, found.client.id)
        ))
        .into_response(),
        Err(e) => internal(&page, e),
    }
}
