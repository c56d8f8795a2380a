//! The provider's settings (admins only): how many days a new letter stays valid (7 to 90), and
//! the secretariat's phone and e-mail, which letters print and clients are shown, and whether the
//! provider reads and answers messages (off until switched on). Letters made afterwards use them.

use super::home;
use crate::AppState;
use crate::error::{internal, render};
use crate::form_page::{Field, FormPage, Para};
use crate::page::PageCtx;
use crate::staff::StaffMember;
use crate::staff_admin::StaffAdmin;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use zk_app::AppError;
use zk_app::provider_settings::{VALIDITY_DAYS, update_settings};

#[derive(Clone, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    dagen: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    telefoon: String,
    /// "ja" when messaging is ticked on (an unticked box sends nothing).
    #[serde(default)]
    berichten: Option<String>,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    opgeslagen: Option<String>,
}

fn settings_page(
    page: &PageCtx,
    staff: &StaffMember,
    form: &SettingsForm,
    saved: bool,
    error: Option<&str>,
) -> Response {
    let mut f = FormPage::new(page, "staff-settings-title");
    f.back = Some(home(staff.provider.id));
    let (min, max) = (
        VALIDITY_DAYS.start().to_string(),
        VALIDITY_DAYS.end().to_string(),
    );
    f.paras = vec![Para::text(page.t("staff-settings-intro"))];
    if saved {
        f.paras
            .insert(0, Para::text(page.t("staff-settings-saved")));
    }
    f.error = error.map(|k| page.tr.t_with(k, &[("min", &min), ("max", &max)]));
    f.fields = vec![
        Field::text(
            "dagen",
            page.t("staff-settings-days"),
            &form.dagen,
            "text",
            "off",
        )
        .with_hint(
            page.tr
                .t_with("staff-settings-days-hint", &[("min", &min), ("max", &max)]),
        ),
        Field::text(
            "telefoon",
            page.t("staff-settings-phone"),
            &form.telefoon,
            "tel",
            "off",
        )
        .with_hint(page.t("staff-settings-phone-hint")),
        Field::text(
            "email",
            page.t("staff-settings-email"),
            &form.email,
            "email",
            "off",
        ),
        Field::checkbox(
            "berichten",
            page.t("staff-settings-messages"),
            form.berichten.is_some(),
        ),
    ];
    f.submit = page.t("staff-settings-button");
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    (status, render(page, &f)).into_response()
}

pub async fn show(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Query(q): Query<ShowQuery>,
) -> Response {
    let p = &staff.provider;
    let messaging = match state.app.store.provider_messaging(p.id).await {
        Ok(on) => on,
        Err(e) => return internal(&page, e),
    };
    let form = SettingsForm {
        dagen: p.letter_validity_days.to_string(),
        email: p.secretariat.email.clone(),
        telefoon: p.secretariat.phone.clone(),
        berichten: messaging.then(|| "ja".to_owned()),
    };
    settings_page(&page, &staff, &form, q.opgeslagen.is_some(), None)
}

pub async fn save(
    page: PageCtx,
    State(state): State<AppState>,
    StaffAdmin(staff): StaffAdmin,
    Form(form): Form<SettingsForm>,
) -> Response {
    let Ok(days) = form.dagen.trim().parse::<u16>() else {
        return settings_page(
            &page,
            &staff,
            &form,
            false,
            Some("staff-settings-error-days"),
        );
    };
    match update_settings(
        &state.app,
        staff.provider.id,
        days,
        &form.email,
        &form.telefoon,
    )
    .await
    {
        Ok(_) => {
            if let Err(e) = state
                .app
                .store
                .set_provider_messaging(
                    staff.provider.id,
                    form.berichten.is_some(),
                    state.app.now(),
                )
                .await
            {
                return internal(&page, e);
            }
            Redirect::to(&format!(
                "{}/instellingen?opgeslagen=ja",
                home(staff.provider.id)
            ))
            .into_response()
        }
        Err(AppError::Invalid { field, .. }) => {
            let key = match field {
                "letter_validity_days" => "staff-settings-error-days",
                "secretariat_email" => "staff-settings-error-email",
                _ => "staff-settings-error-phone",
            };
            settings_page(&page, &staff, &form, false, Some(key))
        }
        Err(e) => internal(&page, e),
    }
}
