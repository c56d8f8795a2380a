//! `/zorgpagina/netwerk`: the people of a care page's network (SPEC S6). Everyone with access
//! sees who is in it; the beheerder and co-beheerders invite, change and remove. Manage URLs of
//! a page one does not manage answer "not found", exactly like a page that does not exist.

pub mod invitations;
pub mod invite;
pub mod leave;
pub mod member;
pub mod remove;
pub mod show;

use crate::AppState;
use crate::error::{error_page, internal};
use crate::network_mail::Mails;
use crate::page::PageCtx;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use zk_app::AppError;
use zk_domain::CarePageId;
use zk_domain::network::{Permission, Relation};

#[derive(Deserialize)]
pub struct PageQuery {
    pagina: Option<String>,
}

impl PageQuery {
    /// The page asked for: `Ok(None)` without `?pagina=`, `Err` for a malformed one.
    fn selected(&self) -> Result<Option<CarePageId>, ()> {
        self.pagina
            .as_deref()
            .map(|s| s.parse().map_err(|_| ()))
            .transpose()
    }

    /// The page the manage URLs act on: they always name it.
    fn required(&self) -> Result<CarePageId, ()> {
        self.selected()?.ok_or(())
    }
}

pub(crate) fn mails(state: &AppState) -> Mails {
    Mails {
        i18n: state.i18n.clone(),
    }
}

/// "Not found" for what the account may not reach, the error page for everything else.
pub(crate) fn failed(page: &PageCtx, e: AppError) -> Response {
    match e {
        AppError::NotFound(_) => error_page(page, StatusCode::NOT_FOUND),
        e => internal(page, e),
    }
}

pub(crate) fn not_found(page: &PageCtx) -> Response {
    error_page(page, StatusCode::NOT_FOUND)
}

pub(crate) fn network_url(page: CarePageId) -> String {
    format!("/zorgpagina/netwerk?pagina={page}")
}

pub(crate) fn relation_label(page: &PageCtx, r: Relation) -> String {
    page.t(&format!("relation-{}", r.as_str().replace('_', "-")))
}

pub(crate) fn permission_label(page: &PageCtx, p: Permission) -> String {
    page.t(&format!("permission-{}", p.as_str().replace('_', "-")))
}

/// The form's radio buttons for the relation, `current` checked.
pub(crate) fn relation_field(page: &PageCtx, current: Option<Relation>) -> crate::form_page::Field {
    let choices = Relation::ALL
        .into_iter()
        .map(|r| crate::form_page::Choice {
            value: r.as_str().to_owned(),
            label: relation_label(page, r),
            checked: current == Some(r),
        })
        .collect();
    crate::form_page::Field::radio("relatie", page.t("network-relation"), choices)
}

/// One tick box per category, ticked as in `current`.
pub(crate) fn permission_fields(
    page: &PageCtx,
    current: zk_domain::network::Permissions,
) -> Vec<crate::form_page::Field> {
    Permission::ALL
        .into_iter()
        .map(|p| {
            crate::form_page::Field::checkbox(
                p.as_str(),
                permission_label(page, p),
                current.allows(p),
            )
        })
        .collect()
}

/// The categories ticked in a posted form.
pub(crate) fn ticked(form: &[(String, String)]) -> zk_domain::network::Permissions {
    let list: Vec<Permission> = form
        .iter()
        .filter_map(|(k, _)| Permission::parse(k))
        .collect();
    zk_domain::network::Permissions::of(&list)
}

pub(crate) fn value<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
