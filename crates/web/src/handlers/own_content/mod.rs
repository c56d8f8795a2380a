//! The client's own content under the care page (SPEC S5): the diary (`/zorgpagina/dagboek`)
//! and the network's agenda (`/zorgpagina/agenda`), each for the care page named by
//! `?pagina=`. Every request opens the page with the account's access; a page, entry or
//! appointment the account may not see is "not found", exactly like one that does not exist.

pub mod agenda;
pub mod agenda_delete;
pub mod agenda_edit;
pub mod agenda_form;
pub mod agenda_new;
pub mod care_block;
pub mod diary;
pub mod diary_delete;
pub mod diary_edit;

use crate::AppState;
use crate::error::{error_page, internal};
use crate::page::PageCtx;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::own_page::{Opening, OwnPage, open};
use zk_app::registration::RenderedMail;
use zk_domain::account::Account;
use zk_domain::network::Permission;

/// Opens the care page of `pagina` for `permission`, or the response to give instead: not
/// found, or (without a second factor) the care page that asks for one.
pub(crate) async fn open_page(
    state: &AppState,
    page: &PageCtx,
    account: &Account,
    pagina: Option<&str>,
    permission: Permission,
) -> Result<OwnPage, Response> {
    let Some(id) = pagina.and_then(|p| p.parse().ok()) else {
        return Err(error_page(page, StatusCode::NOT_FOUND));
    };
    match open(&state.app, account, id, permission).await {
        Ok(Opening::Open(own)) => Ok(*own),
        Ok(Opening::NeedsSecondFactor(id)) => {
            Err(Redirect::to(&format!("/zorgpagina?pagina={id}")).into_response())
        }
        Err(zk_app::AppError::NotFound(_)) => Err(error_page(page, StatusCode::NOT_FOUND)),
        Err(e) => Err(internal(page, e)),
    }
}

/// The answer to a failed use case: not found as such, anything else as a server error.
pub(crate) fn failed(page: &PageCtx, e: zk_app::AppError) -> Response {
    match e {
        zk_app::AppError::NotFound(_) => error_page(page, StatusCode::NOT_FOUND),
        other => internal(page, other),
    }
}

/// The messages of a refused form, per field, shown next to each field and summed up on top.
#[derive(Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn push(&mut self, field: &'static str, message: String) {
        self.0.push((field, message));
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every message with the field it belongs to, for the summary's links.
    pub fn all(&self) -> &[(&'static str, String)] {
        &self.0
    }
}

/// Renders the agenda notice for one recipient, in their language.
pub(crate) fn agenda_mail(
    page: &PageCtx,
    to: &Account,
    notice: &zk_app::agenda::AgendaNotice,
) -> RenderedMail {
    crate::mail::agenda_changed(&page.tr.of(to), &to.first_name, notice)
}

/// The link to a page of own content for care page `pagina`.
pub(crate) fn href(path: &str, own: &OwnPage) -> String {
    format!("{path}?pagina={}", own.page().id)
}
