//! The provider's staff (admins only): the list with name, e-mail, role and since when, and
//! adding a member, who gets an e-mail with a one-time link to choose a password.

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
use zk_app::staff::{NewStaffMember, add_staff_member};
use zk_app::staff_admin::list_staff;
use zk_store::StaffRole;

#[derive(Deserialize)]
pub struct ListQuery {
    na: Option<String>,
}

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
    let added = add_staff_member(
        &state.app,
        NewStaffMember {
            provider: staff.provider.id,
            email: form.email.clone(),
            first_name: form.voornaam.clone(),
            last_name: form.achternaam.clone(),
            role,
        },
        &state.config.public_url,
        |account, provider, link| {
            let lang = Lang::parse(&account.language).unwrap_or(Lang::Nl);
            crate::mail::staff_welcome(
                &Tr::new(i18n, lang),
                &account.first_name,
                &provider.name,
                link,
            )
        },
    )
    .await;
    let key = match added {
        Ok(added) => {
            return Redirect::to(&format!(
                "{}/medewerkers/{}",
                home(staff.provider.id),
                added.account_id
            ))
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
