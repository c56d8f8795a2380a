//! Editing a client record (secretariat and admin): names, birth date, e-mail, address and the
//! client number, which stays unique within the provider. A refusal says what to fix, keeps
//! what was typed and changes nothing.

use super::home;
use crate::AppState;
use crate::error::{error_page, internal, render};
use crate::page::PageCtx;
use crate::staff::StaffMember;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::AppError;
use zk_app::client_edit::edit_client;
use zk_app::clients::NewClient;
use zk_domain::client::{ClientRecord, PostalAddress};
use zk_domain::{BirthDate, ClientRecordId};

#[derive(Clone, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    clientnummer: String,
    #[serde(default)]
    voornaam: String,
    #[serde(default)]
    achternaam: String,
    #[serde(default)]
    geboortedatum: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    straat: String,
    #[serde(default)]
    postcode: String,
    #[serde(default)]
    plaats: String,
}

impl EditForm {
    fn of(record: &ClientRecord) -> Self {
        let address = record.address.as_ref();
        Self {
            clientnummer: record.client_number.clone(),
            voornaam: record.first_name.clone(),
            achternaam: record.last_name.clone(),
            geboortedatum: record.birth_date.dutch(),
            email: record.email.clone().unwrap_or_default(),
            straat: address.map(|a| a.street.clone()).unwrap_or_default(),
            postcode: address.map(|a| a.postal_code.clone()).unwrap_or_default(),
            plaats: address.map(|a| a.city.clone()).unwrap_or_default(),
        }
    }

    /// The fields as the use case takes them, or the message key of what to fix.
    fn fields(&self, today: jiff::civil::Date) -> Result<NewClient, &'static str> {
        let birth_date = BirthDate::parse_dutch(&self.geboortedatum, today)
            .map_err(|_| "staff-client-error-birth-date")?;
        let parts = [&self.straat, &self.postcode, &self.plaats];
        let address = match parts.iter().filter(|p| !p.trim().is_empty()).count() {
            0 => None,
            3 => Some(PostalAddress {
                street: self.straat.clone(),
                postal_code: self.postcode.clone(),
                city: self.plaats.clone(),
            }),
            _ => return Err("staff-client-error-address"),
        };
        Ok(NewClient {
            client_number: self.clientnummer.clone(),
            first_name: self.voornaam.clone(),
            last_name: self.achternaam.clone(),
            birth_date,
            email: Some(self.email.trim().to_owned()).filter(|e| !e.is_empty()),
            address,
        })
    }
}

#[derive(Template)]
#[template(path = "staff_client_edit.html")]
struct EditPage<'a> {
    page: &'a PageCtx,
    provider: String,
    back: String,
    action: String,
    form: EditForm,
    error: Option<String>,
}

fn client_page(staff: &StaffMember, client: ClientRecordId) -> String {
    format!("{}/clienten/{client}", home(staff.provider.id))
}

fn edit_page(
    page: &PageCtx,
    staff: &StaffMember,
    client: ClientRecordId,
    form: EditForm,
    error: Option<&str>,
) -> Response {
    let body = render(
        page,
        &EditPage {
            page,
            provider: staff.provider.name.clone(),
            back: client_page(staff, client),
            action: format!("{}/wijzigen", client_page(staff, client)),
            form,
            error: error.map(|k| page.t(k)),
        },
    );
    match error {
        Some(_) => (StatusCode::UNPROCESSABLE_ENTITY, body).into_response(),
        None => body,
    }
}

/// Which message a refusal of the use case shows.
fn error_key(e: &AppError) -> Option<&'static str> {
    match e {
        AppError::Conflict(_) => Some("staff-client-error-duplicate"),
        AppError::Invalid { field, .. } => Some(match *field {
            "client_number" => "staff-client-error-number",
            "first_name" => "staff-client-error-first-name",
            "last_name" => "staff-client-error-last-name",
            "birth_date" => "staff-client-error-birth-date",
            "email" => "staff-client-error-email",
            _ => "staff-client-error-address",
        }),
        _ => None,
    }
}

pub async fn show(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, client)): Path<(String, String)>,
) -> Response {
    let Ok(client) = client.parse::<ClientRecordId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    match state.app.store.get_client_record(client).await {
        Ok(Some(r)) if r.provider_id == staff.provider.id => {
            edit_page(&page, &staff, client, EditForm::of(&r), None)
        }
        Ok(_) => error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => internal(&page, e),
    }
}

pub async fn save(
    page: PageCtx,
    State(state): State<AppState>,
    staff: StaffMember,
    Path((_, client)): Path<(String, String)>,
    Form(form): Form<EditForm>,
) -> Response {
    let Ok(client) = client.parse::<ClientRecordId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let fields = match form.fields(state.app.today()) {
        Ok(fields) => fields,
        Err(key) => return edit_page(&page, &staff, client, form, Some(key)),
    };
    match edit_client(&state.app, staff.provider.id, client, fields).await {
        Ok(_) => Redirect::to(&client_page(&staff, client)).into_response(),
        Err(AppError::NotFound(_)) => error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => match error_key(&e) {
            Some(key) => edit_page(&page, &staff, client, form, Some(key)),
            None => internal(&page, e),
        },
    }
}
