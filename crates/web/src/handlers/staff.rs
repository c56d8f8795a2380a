//! The staff area's start (SPEC S8): `/zorgaanbieder` sends a member of one provider on to it
//! and lets a member of several choose; `/zorgaanbieder/{provider}` is that provider's start
//! page.

use crate::error::render;
use crate::page::PageCtx;
use crate::staff::{STAFF_ROOT, StaffAccount, StaffMember};
use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use zk_store::StaffRole;

/// One provider to choose.
struct Choice {
    href: String,
    name: String,
}

#[derive(Template)]
#[template(path = "staff_choose.html")]
struct ChoosePage<'a> {
    page: &'a PageCtx,
    choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "staff_home.html")]
struct HomePage<'a> {
    page: &'a PageCtx,
    provider: String,
    name: String,
    role: String,
    clients: String,
    /// The webhook page, for admins.
    webhooks: Option<String>,
}

pub async fn choose(
    page: PageCtx,
    state: axum::extract::State<crate::AppState>,
    staff: StaffAccount,
) -> Response {
    if let [only] = staff.memberships.as_slice() {
        return Redirect::to(&format!("{STAFF_ROOT}/{}", only.provider_id)).into_response();
    }
    let mut choices = Vec::with_capacity(staff.memberships.len());
    for m in &staff.memberships {
        // A provider that cannot be read is left out rather than failing the whole page.
        if let Ok(Some(p)) = state.app.store.get_provider(m.provider_id).await {
            choices.push(Choice {
                href: format!("{STAFF_ROOT}/{}", p.id),
                name: p.name,
            });
        }
    }
    render(
        &page,
        &ChoosePage {
            page: &page,
            choices,
        },
    )
}

pub async fn home(page: PageCtx, staff: StaffMember) -> Response {
    let role = match staff.membership.role {
        StaffRole::Admin => page.t("staff-role-admin"),
        StaffRole::Secretariat => page.t("staff-role-secretariat"),
    };
    render(
        &page,
        &HomePage {
            page: &page,
            provider: staff.provider.name.clone(),
            name: staff.user.account.full_name(),
            role,
            clients: format!("{STAFF_ROOT}/{}/clienten", staff.provider.id),
            webhooks: (staff.membership.role == StaffRole::Admin)
                .then(|| format!("{STAFF_ROOT}/{}/webhooks", staff.provider.id)),
        },
    )
}
