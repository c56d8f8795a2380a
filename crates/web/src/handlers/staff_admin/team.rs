//! The provider's staff (admins only): the list with name, e-mail, role and since when, the
//! open invitations (only the address typed and the role: never whether it has an account), and
//! inviting a member, who gets an e-mail with a link to accept.

use super::{PAGE_SIZE, home, next_link};
use crate::AppState;
use crate::dates;
use crate::error::{internal, render};
use crate::form_page::{Choice, Field, FormPage};
use crate::i18n::{Lang, Tr};
use crate::page::PageCtx;
use crate::staff_admin::StaffAdmin;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::AppError;
use zk_app::audit::staff_changes::By;
use zk_app::staff::NewStaffMember;
use zk_app::staff_admin::list_staff;
use zk_app::staff_invitations::{invite, open_invitations, withdraw as withdraw_invitation};
use zk_store::StaffRole;

#[derive(Deserialize)]
pub struct ListQuery {
    na: Option<String>,
}

/// An open invitation: the address as typed, the role, until when; and how to withdraw it.
struct Invited {
    email: String,
    role: String,
    until: String,
    withdraw: String,
}

/// Open invitations shown on the list; more than this many open at once is not expected.
const INVITATIONS_SHOWN: u32 = 100;

struct Row {
    href: String,
    name: String,
    email: String,
    role: String,
    since: String,
}

#[derive(Template)]
#[template(path = "staff_team.html")]
struct ListPage<'a> {
    page: &'a PageCtx,
    provider: String,
    home: String,
    new: String,
    rows: Vec<Row>,
    invited: Vec<Invited>,
    next: Option<String>,
    bad_cursor: bool,
}

/// The name of a role in the page's language.
pub(super) fn role_name(page: &PageCtx, role: StaffRole) -> String {
    match role {
        StaffRole::Admin => page.t("staff-role-admin"),
        StaffRole::Secretariat => page.t("staff-role-secretariat"),
    }
}

/// The role a form's `rol` field names.
pub(super) fn parse_role(value: &str) -> Option<StaffRole> {
    match value {
        "beheerder" => Some(StaffRole::Admin),
        "secretariaat" => Some(StaffRole::Secretariat),
        _ => None,
    }
}

/// The role choices of a form, `current` checked.
pub(super) fn role_choices(page: &PageCtx, current: Option<StaffRole>) -> Vec<Choice> {
    [
        (
            "secretariaat",
            StaffRole::Secretariat,
            "staff-team-role-secretariat",
        ),
        ("beheerder", StaffRole::Admin, "staff-team-role-admin"),
    ]
    .into_iter()
    .map(|(value, role, key)| Choice {
        value: value.to_owned(),
        label: page.t(key),
        checked: current == Some(role),
    })
    .collect()
}

pub async fn list(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Query(q): Query<ListQuery>,
) -> Response {
    let request = crate::paging::requested(q.na.as_ref(), PAGE_SIZE);
    let base = format!("{}/medewerkers", home(staff.provider.id));
    let (found, bad_cursor) = match crate::paging::or_bad_cursor(
        list_staff(&state.app, staff.provider.id, &request).await,
    ) {
        Ok(found) => found,
        Err(e) => return internal(&page, e),
    };
    let lang = page.tr.lang;
    let open = match open_invitations(
        &state.app,
        staff.provider.id,
        &zk_domain::page::PageRequest::first(INVITATIONS_SHOWN),
    )
    .await
    {
        Ok(open) => open.items,
        Err(e) => return internal(&page, e),
    };
    let invited = open
        .iter()
        .map(|i| Invited {
            email: i.email.clone(),
            role: role_name(&page, i.role),
            until: dates::day(lang, i.expires_at),
            withdraw: format!("{base}/uitnodigingen/{}/intrekken", i.id),
        })
        .collect();
    let rows = found
        .items
        .iter()
        .map(|s| Row {
            href: format!("{base}/{}", s.membership.account_id),
            name: format!("{} {}", s.first_name, s.last_name),
            email: s.email.clone(),
            role: role_name(&page, s.membership.role),
            since: dates::day(lang, s.membership.created_at),
        })
        .collect();
    render(
        &page,
        &ListPage {
            page: &page,
            provider: staff.provider.name.clone(),
            home: home(staff.provider.id),
            new: format!("{base}/nieuw"),
            rows,
            invited,
            next: next_link(&base, found.next),
            bad_cursor,
        },
    )
}

#[derive(Clone, Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    voornaam: String,
    #[serde(default)]
    achternaam: String,
    #[serde(default)]
    rol: String,
}

fn add_page(
    page: &PageCtx,
    staff: &crate::staff::StaffMember,
    form: &AddForm,
    error: Option<&str>,
) -> Response {
    let mut f = FormPage::new(page, "staff-team-add-title");
    f.back = Some(format!("{}/medewerkers", home(staff.provider.id)));
    f.paras = vec![crate::form_page::Para::text(page.tr.t_with(
        "staff-team-add-intro",
        &[("provider", &staff.provider.name)],
    ))];
    f.error = error.map(|k| page.t(k));
    f.fields = vec![
        Field::text(
            "email",
            page.t("staff-team-email"),
            &form.email,
            "email",
            "off",
        ),
        Field::text(
            "voornaam",
            page.t("staff-client-first-name"),
            &form.voornaam,
            "text",
            "off",
        ),
        Field::text(
            "achternaam",
            page.t("staff-client-last-name"),
            &form.achternaam,
            "text",
            "off",
        ),
        Field::radio(
            "rol",
            page.t("staff-team-role"),
            role_choices(page, parse_role(&form.rol)),
        ),
    ];
    f.submit = page.t("staff-team-add-button");
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, render(page, &f)).into_response()
}

pub async fn new_form(page: PageCtx, StaffAdmin(staff): StaffAdmin) -> Response {
    add_page(&page, &staff, &AddForm::default(), None)
}

pub async fn add(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Form(form): Form<AddForm>,
) -> Response {
    let Some(role) = parse_role(&form.rol) else {
        return add_page(&page, &staff, &form, Some("staff-team-error-role"));
    };
    let i18n = page.tr.i18n();
    let added = invite(
        &state.app,
        NewStaffMember {
            provider: staff.provider.id,
            email: form.email.clone(),
            first_name: form.voornaam.clone(),
            last_name: form.achternaam.clone(),
            role,
        },
        By::Staff(&staff.user.account),
        &state.config.public_url,
        |invitee, provider, link| {
            let lang = Lang::parse(invitee.language).unwrap_or(Lang::Nl);
            crate::mail::staff_welcome(
                &Tr::new(i18n, lang),
                invitee.first_name,
                &provider.name,
                link,
            )
        },
    )
    .await;
    let key = match added {
        // The same answer whether the address has an account or not: the list shows it invited.
        Ok(_) => {
            return Redirect::to(&format!("{}/medewerkers", home(staff.provider.id)))
                .into_response();
        }
        Err(AppError::Conflict(_)) => "staff-team-error-member",
        Err(AppError::Invalid { field, .. }) => match field {
            "email" => "staff-team-error-email",
            "first_name" => "staff-client-error-first-name",
            _ => "staff-client-error-last-name",
        },
        Err(e) => return internal(&page, e),
    };
    add_page(&page, &staff, &form, Some(key))
}

/// Withdraws an open invitation: its link stops working. One that is gone already changes
/// nothing; either way back to the list, which shows what is open.
pub async fn withdraw(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    axum::extract::Path((_, invitation)): axum::extract::Path<(String, String)>,
) -> Response {
    let by = By::Staff(&staff.user.account);
    match withdraw_invitation(&state.app, by, staff.provider.id, &invitation).await {
        Ok(_) => Redirect::to(&format!("{}/medewerkers", home(staff.provider.id))).into_response(),
        Err(e) => internal(&page, e),
    }
}
