//! Editing a client record (secretariat and admin): names, birth date, e-mail, address and the
//! client number, which stays unique within the provider. A refusal says what to fix, keeps
//! what was typed and changes nothing.

use super::home;
use crate::AppState;
use crate::error::{error_page, internal, render};
use crate::handlers::own_content::FieldErrors;
use crate::handlers::staff_clients::{ClientForm, client_errors, error_key};
use crate::page::PageCtx;
use crate::staff::StaffMember;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use zk_app::AppError;
use zk_app::client_edit::edit_client;
use zk_domain::ClientRecordId;

#[derive(Template)]
#[template(path = "staff_client_edit.html")]
struct EditPage<'a> {
    page: &'a PageCtx,
    provider: String,
    back: String,
    action: String,
    form: ClientForm,
    errors: FieldErrors,
}

fn client_page(staff: &StaffMember, client: ClientRecordId) -> String {
    format!("{}/clienten/{client}", home(staff.provider.id))
}

fn edit_page(
    page: &PageCtx,
    staff: &StaffMember,
    client: ClientRecordId,
    form: ClientForm,
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
            errors: client_errors(page, error),
        },
    );
    match error {
        Some(_) => (StatusCode::UNPROCESSABLE_ENTITY, body).into_response(),
        None => body,
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
            edit_page(&page, &staff, client, ClientForm::of(&r), None)
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
    Form(form): Form<ClientForm>,
) -> Response {
    let Ok(client) = client.parse::<ClientRecordId>() else {
        return error_page(&page, StatusCode::NOT_FOUND);
    };
    let fields = match form.fields(state.app.today()) {
        Ok(fields) => fields,
        Err(key) => return edit_page(&page, &staff, client, form, Some(key)),
    };
    match edit_client(
        &state.app,
        zk_app::audit::staff_changes::By::Staff(&staff.user.account),
        staff.provider.id,
        client,
        fields,
    )
    .await
    {
        Ok(_) => Redirect::to(&client_page(&staff, client)).into_response(),
        Err(AppError::NotFound(_)) => error_page(&page, StatusCode::NOT_FOUND),
        Err(e) => match error_key(&e) {
            Some(key) => edit_page(&page, &staff, client, form, Some(key)),
            None => internal(&page, e),
        },
    }
}
