//! Making an API token (admins only): a name, read and/or write, every resource type or chosen
//! ones. The secret is shown once, on the answer to the form, with a plain warning; it is
//! stored only as a hash and never shown again.

use super::home;
use super::tokens::{access, types};
use crate::AppState;
use crate::error::{internal, render};
use crate::form_page::{Choice, Field, FormPage, Para};
use crate::page::PageCtx;
use crate::staff::StaffMember;
use crate::staff_admin::StaffAdmin;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use zk_app::AppError;
use zk_app::api_tokens::{self, Scopes};
use zk_fhir::ResourceType;

/// The types a token can be limited to: every stored type (a Bundle is not one).
fn choosable() -> impl Iterator<Item = ResourceType> {
    ResourceType::ALL
        .into_iter()
        .filter(|t| *t != ResourceType::Bundle)
}

/// What the form sent, as (name, value) pairs: one checkbox per resource type.
struct Sent(Vec<(String, String)>);

impl Sent {
    fn value(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn checked(&self, name: &str) -> bool {
        self.value(name) == "ja"
    }
}

fn form_page(page: &PageCtx, staff: &StaffMember, sent: &Sent, error: Option<&str>) -> Response {
    let mut f = FormPage::new(page, "staff-tokens-new-title");
    f.back = Some(format!("{}/api-sleutels", home(staff.provider.id)));
    f.paras = vec![Para::text(page.t("staff-tokens-new-intro"))];
    f.error = error.map(|k| page.t(k));
    let fresh = sent.0.is_empty();
    let chosen = sent.value("soorten") == "gekozen";
    f.fields = vec![
        Field::text(
            "naam",
            page.t("staff-tokens-name"),
            sent.value("naam"),
            "text",
            "off",
        )
        .with_hint(page.t("staff-tokens-name-hint")),
        Field::checkbox(
            "lezen",
            page.t("staff-tokens-read"),
            fresh || sent.checked("lezen"),
        ),
        Field::checkbox(
            "schrijven",
            page.t("staff-tokens-write"),
            sent.checked("schrijven"),
        ),
        Field::radio(
            "soorten",
            page.t("staff-tokens-types"),
            vec![
                Choice {
                    value: "alle".into(),
                    label: page.t("staff-tokens-all-types"),
                    checked: !chosen,
                },
                Choice {
                    value: "gekozen".into(),
                    label: page.t("staff-tokens-chosen-types"),
                    checked: chosen,
                },
            ],
        ),
    ];
    f.fields.extend(
        choosable()
            .map(|t| Field::checkbox(t.as_str(), t.as_str().to_owned(), sent.checked(t.as_str()))),
    );
    f.submit = page.t("staff-tokens-new-button");
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, render(page, &f)).into_response()
}

pub async fn form(page: PageCtx, StaffAdmin(staff): StaffAdmin) -> Response {
    form_page(&page, &staff, &Sent(Vec::new()), None)
}

#[derive(Template)]
#[template(path = "staff_token_created.html")]
struct CreatedPage<'a> {
    page: &'a PageCtx,
    list: String,
    name: String,
    access: String,
    types: String,
    secret: String,
}

pub async fn create(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Form(sent): Form<Vec<(String, String)>>,
) -> Response {
    let sent = Sent(sent);
    let resource_types = match sent.value("soorten") {
        "alle" => None,
        "gekozen" => Some(choosable().filter(|t| sent.checked(t.as_str())).collect()),
        _ => return form_page(&page, &staff, &sent, Some("staff-tokens-error-types")),
    };
    let scopes = Scopes {
        read: sent.checked("lezen"),
        write: sent.checked("schrijven"),
        resource_types,
    };
    let created = match api_tokens::create(
        &state.app,
        zk_app::audit::staff_changes::By::Staff(&staff.user.account),
        staff.provider.id,
        sent.value("naam"),
        scopes,
    )
    .await
    {
        Ok(created) => created,
        Err(AppError::Invalid { field, .. }) => {
            let key = match field {
                "name" => "staff-tokens-error-name",
                "scopes" => "staff-tokens-error-access",
                _ => "staff-tokens-error-types",
            };
            return form_page(&page, &staff, &sent, Some(key));
        }
        Err(e) => return internal(&page, e),
    };
    // Every page is sent with `Cache-Control: no-store` (see `security`), so the secret does not
    // linger in a cache.
    render(
        &page,
        &CreatedPage {
            page: &page,
            list: format!("{}/api-sleutels", home(staff.provider.id)),
            name: created.token.name.clone(),
            access: access(&page, &created.token),
            types: types(&page, &created.token),
            secret: created.secret,
        },
    )
}
