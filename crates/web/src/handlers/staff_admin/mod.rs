//! The provider admin's part of the staff area (SPEC S8), and the pages the secretariat shares
//! with the admin: staff, API tokens and settings (admins only, through `StaffAdmin`), editing
//! a client record and the provider's connections (all staff). Every page lives under
//! `/zorgaanbieder/{provider}/…`, but the staff invitation's link (`/medewerker-uitnodiging/…`).

mod client_edit;
mod connections;
mod invitation;
mod settings;
mod team;
mod team_member;
mod tokens;
mod tokens_new;

use crate::AppState;
use crate::page::PageCtx;
use crate::staff::{STAFF_ROOT, StaffMember};
use axum::Router;
use axum::routing::{get, post};
use zk_domain::ProviderId;
use zk_store::StaffRole;

/// Rows per page on the lists of this area.
const PAGE_SIZE: u32 = 25;

/// The routes of this area, merged into the router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/zorgaanbieder/{provider}/medewerkers", get(team::list))
        .route(
            "/zorgaanbieder/{provider}/medewerkers/nieuw",
            get(team::new_form).post(team::add),
        )
        .route(
            "/zorgaanbieder/{provider}/medewerkers/{account}",
            get(team_member::show),
        )
        .route(
            "/zorgaanbieder/{provider}/medewerkers/uitnodigingen/{invitation}/intrekken",
            post(team::withdraw),
        )
        .route(
            crate::links::STAFF_INVITATION,
            get(invitation::show).post(invitation::create_account),
        )
        .route(
            crate::links::STAFF_INVITATION_ACCEPT,
            post(invitation::accept),
        )
        .route(
            "/zorgaanbieder/{provider}/medewerkers/{account}/rol",
            post(team_member::change_role),
        )
        .route(
            "/zorgaanbieder/{provider}/medewerkers/{account}/verwijderen",
            post(team_member::remove),
        )
        .route("/zorgaanbieder/{provider}/api-sleutels", get(tokens::list))
        .route(
            "/zorgaanbieder/{provider}/api-sleutels/nieuw",
            get(tokens_new::form).post(tokens_new::create),
        )
        .route(
            "/zorgaanbieder/{provider}/api-sleutels/{token}/intrekken",
            post(tokens::revoke),
        )
        .route(
            "/zorgaanbieder/{provider}/instellingen",
            get(settings::show).post(settings::save),
        )
        .route(
            "/zorgaanbieder/{provider}/clienten/{client}/wijzigen",
            get(client_edit::show).post(client_edit::save),
        )
        .route(
            "/zorgaanbieder/{provider}/koppelingen",
            get(connections::list),
        )
}

/// `/zorgaanbieder/{provider}`.
fn home(provider: ProviderId) -> String {
    format!("{STAFF_ROOT}/{provider}")
}

/// The links of this area on the staff start page: what this member's role may open.
pub fn home_links(page: &PageCtx, staff: &StaffMember) -> Vec<(String, String)> {
    let base = home(staff.provider.id);
    let mut links = vec![
        (format!("{base}/brieven"), page.t("staff-letters-link")),
        (
            format!("{base}/koppelingen"),
            page.t("staff-admin-link-connections"),
        ),
        (format!("{base}/berichten"), page.t("staff-msg-title")),
    ];
    if staff.membership.role == StaffRole::Admin {
        links.extend([
            (
                format!("{base}/medewerkers"),
                page.t("staff-admin-link-team"),
            ),
            (
                format!("{base}/api-sleutels"),
                page.t("staff-admin-link-tokens"),
            ),
            (
                format!("{base}/instellingen"),
                page.t("staff-admin-link-settings"),
            ),
            (format!("{base}/webhooks"), page.t("staff-home-webhooks")),
            (format!("{base}/logboek"), page.t("auditx-export-link")),
        ]);
    }
    links
}

/// The link to the next page of a list at `base`, when there is one.
fn next_link(base: &str, next: Option<String>) -> Option<String> {
    next.map(|n| format!("{base}?na={}", crate::auth::url_escape(&n)))
}
