//! One staff member (admins only): their details, changing their role, and removing them from
//! the provider. Each change e-mails the member; the provider's last admin can neither lose the
//! role nor be removed.

use super::home;
use super::team::{parse_role, role_choices, role_name};
use crate::AppState;
use crate::dates;
use crate::error::{error_page, internal, render};
use crate::page::PageCtx;
use crate::staff::StaffMember;
use crate::staff_admin::StaffAdmin;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::AppError;
use zk_app::staff_admin::{change_staff, member};
use zk_domain::AccountId;
use zk_domain::account::Account;
use zk_domain::provider::Provider;
use zk_store::{StaffChange, StaffChangeOutcome};

#[derive(Template)]
#[template(path = "staff_member.html")]
struct MemberPage<'a> {
    page: &'a PageCtx,
    back: String,
    name: String,
    email: String,
    role: String,
    since: String,
    role_action: String,
    remove_action: String,
    choices: Vec<crate::form_page::Choice>,
    is_self: bool,
    error: Option<Refusal>,
}

/// A refused change, shown next to the part of the page it is about and in the summary.
struct Refusal {
    message: String,
    /// "rol" (the role choice) or "verwijderen" (the remove button).
    field: &'static str,
}

impl Refusal {
    /// Where the summary's link goes: the first role choice, or the button.
    fn target(&self) -> String {
        match self.field {
            "rol" => "f-rol-secretariaat".to_owned(),
            field => format!("f-{field}"),
        }
    }
}

impl MemberPage<'_> {
    /// The message for `field`, when the refusal is about it.
    fn error_at(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// The member's page, with a message when a change was refused.
async fn member_page(
    page: &PageCtx,
    state: &AppState,
    staff: &StaffMember,
    account: AccountId,
    error: Option<(&str, &'static str)>,
) -> Response {
    let (account, membership) = match member(&state.app, staff.provider.id, account).await {
        Ok(found) => found,
        Err(AppError::NotFound(_)) => return error_page(page, StatusCode::NOT_FOUND),
        Err(e) => return internal(page, e),
    };
    let base = format!("{}/medewerkers", home(staff.provider.id));
    let body = render(
        page,
        &MemberPage {
            page,
            back: base.clone(),
            name: account.full_name(),
            email: account.email.clone(),
            role: role_name(page, membership.role),
            since: dates::day(page.tr.lang, membership.created_at),
            role_action: format!("{base}/{}/rol", account.id),
            remove_action: format!("{base}/{}/verwijderen", account.id),
            choices: role_choices(page, Some(membership.role)),
            is_self: account.id == staff.user.account.id,
            error: error.map(|(key, field)| Refusal {
                message: page.t(key),
                field,
            }),
        },
    );
    if error.is_some() {
        (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
    } else {
        body
    }
}

fn account_in_path(raw: &str) -> Option<AccountId> {
    raw.parse().ok()
}

pub async fn show(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Path((_, account)): Path<(String, String)>,
) -> Response {
    let Some(account) = account_in_path(&account) else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    member_page(&page, &state, &staff, account, None).await
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    rol: String,
}

/// The e-mail to the member about `change`, in the member's language.
fn change_mail(
    page: &PageCtx,
    account: &Account,
    provider: &Provider,
    change: StaffChange,
) -> zk_app::registration::RenderedMail {
    let tr = page.tr.of(account);
    let role = |key: &str| tr.t(key);
    match change {
        StaffChange::Role(zk_store::StaffRole::Admin) => crate::mail::staff_changed(
            &tr,
            &account.first_name,
            &provider.name,
            Some(&role("staff-role-admin")),
        ),
        StaffChange::Role(zk_store::StaffRole::Secretariat) => crate::mail::staff_changed(
            &tr,
            &account.first_name,
            &provider.name,
            Some(&role("staff-role-secretariat")),
        ),
        StaffChange::Remove => {
            crate::mail::staff_changed(&tr, &account.first_name, &provider.name, None)
        }
    }
}

/// The part of the page a change was asked from.
fn field_of(change: StaffChange) -> &'static str {
    match change {
        StaffChange::Role(_) => "rol",
        StaffChange::Remove => "verwijderen",
    }
}

async fn apply(
    page: &PageCtx,
    state: &AppState,
    staff: &StaffMember,
    account: AccountId,
    change: StaffChange,
) -> Response {
    let outcome = change_staff(&state.app, &staff.provider, account, change, |a, p, c| {
        change_mail(page, a, p, c)
    })
    .await;
    match outcome {
        Ok(StaffChangeOutcome::Done) => {
            let base = format!("{}/medewerkers", home(staff.provider.id));
            let to = if account == staff.user.account.id {
                // Admins who step down or leave see the staff area as it now is for them.
                crate::staff::STAFF_ROOT.to_owned()
            } else {
                match change {
                    StaffChange::Remove => base,
                    StaffChange::Role(_) => format!("{base}/{account}"),
                }
            };
            Redirect::to(&to).into_response()
        }
        Ok(StaffChangeOutcome::NotMember) => error_page(page, StatusCode::NOT_FOUND),
        Ok(StaffChangeOutcome::LastAdmin) => {
            member_page(
                page,
                state,
                staff,
                account,
                Some(("staff-team-error-last-admin", field_of(change))),
            )
            .await
        }
        Err(e) => internal(page, e),
    }
}

pub async fn change_role(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Path((_, account)): Path<(String, String)>,
    Form(form): Form<RoleForm>,
) -> Response {
    let Some(account) = account_in_path(&account) else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let Some(role) = parse_role(&form.rol) else {
        return member_page(
            &page,
            &state,
            &staff,
            account,
            Some(("staff-team-error-role", "rol")),
        )
        .await;
    };
    apply(&page, &state, &staff, account, StaffChange::Role(role)).await
}

pub async fn remove(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Path((_, account)): Path<(String, String)>,
) -> Response {
    let Some(account) = account_in_path(&account) else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    apply(&page, &state, &staff, account, StaffChange::Remove).await
}
