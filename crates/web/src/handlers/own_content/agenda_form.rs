//! The form of an own appointment, for adding and for changing one: its fields as typed, the
//! message per refused field, and the page around it.

use super::FieldErrors;
use crate::error::render;
use crate::page::PageCtx;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zk_domain::agenda::{
    AGENDA_PLACE_MAX, AGENDA_REMARKS_MAX, AGENDA_TITLE_MAX, AgendaForm, AgendaItem, AgendaProblem,
};
use zk_domain::recurrence::Frequency;

/// The fields as typed, kept when the form is refused.
#[derive(Deserialize, Default)]
pub struct AgendaFields {
    #[serde(default)]
    pub titel: String,
    #[serde(default)]
    pub plaats: String,
    #[serde(default)]
    pub begindatum: String,
    #[serde(default)]
    pub begintijd: String,
    #[serde(default)]
    pub einddatum: String,
    #[serde(default)]
    pub eindtijd: String,
    #[serde(default)]
    pub herhalen: String,
    #[serde(default)]
    pub tot: String,
    #[serde(default)]
    pub opmerkingen: String,
}

impl AgendaFields {
    pub fn form(&self) -> AgendaForm<'_> {
        AgendaForm {
            title: &self.titel,
            place: &self.plaats,
            start_date: &self.begindatum,
            start_time: &self.begintijd,
            end_date: &self.einddatum,
            end_time: &self.eindtijd,
            remarks: &self.opmerkingen,
            repeat: &self.herhalen,
            until: &self.tot,
        }
    }

    /// The fields of a stored appointment, on the Dutch wall clock.
    pub fn of(item: &AgendaItem) -> Self {
        let tz = zk_app::dutch_time_zone();
        let start = item.starts_at.to_zoned(tz.clone());
        let end = item.ends_at.to_zoned(tz);
        let hm = |z: &jiff::Zoned| format!("{:02}:{:02}", z.hour(), z.minute());
        Self {
            titel: item.title.clone(),
            plaats: item.place.clone().unwrap_or_default(),
            begindatum: start.date().to_string(),
            begintijd: hm(&start),
            einddatum: end.date().to_string(),
            eindtijd: hm(&end),
            herhalen: item
                .recurrence
                .map(|r| r.frequency.as_str().to_owned())
                .unwrap_or_default(),
            tot: item
                .recurrence
                .and_then(|r| r.until)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            opmerkingen: item.remarks.clone().unwrap_or_default(),
        }
    }
}

/// A choice of how often it repeats.
pub struct RepeatChoice {
    value: &'static str,
    label: String,
    selected: bool,
}

/// One of the one-line fields.
pub struct Input {
    name: &'static str,
    label: String,
    kind: &'static str,
    value: String,
    hint: Option<String>,
}

#[derive(Template)]
#[template(path = "agenda_form.html")]
struct FormPage<'a> {
    page: &'a PageCtx,
    title: String,
    page_name: String,
    back: String,
    action: String,
    submit: String,
    form: AgendaFields,
    inputs: Vec<Input>,
    repeats: Vec<RepeatChoice>,
    errors: FieldErrors,
}

fn inputs(page: &PageCtx, form: &AgendaFields) -> Vec<Input> {
    let input = |name, label: &str, kind, value: &str, hint: Option<&str>| Input {
        name,
        label: page.t(label),
        kind,
        value: value.to_owned(),
        hint: hint.map(|h| page.t(h)),
    };
    vec![
        input("titel", "agenda-field-title", "text", &form.titel, None),
        input("plaats", "agenda-field-place", "text", &form.plaats, None),
        input(
            "begindatum",
            "agenda-field-start-date",
            "date",
            &form.begindatum,
            None,
        ),
        input(
            "begintijd",
            "agenda-field-start-time",
            "time",
            &form.begintijd,
            None,
        ),
        input(
            "einddatum",
            "agenda-field-end-date",
            "date",
            &form.einddatum,
            Some("agenda-field-end-date-hint"),
        ),
        input(
            "eindtijd",
            "agenda-field-end-time",
            "time",
            &form.eindtijd,
            None,
        ),
    ]
}

fn too_long(page: &PageCtx, max: usize) -> String {
    page.tr
        .t_with("own-error-too-long", &[("max", &max.to_string())])
}

fn problem_text(page: &PageCtx, p: AgendaProblem) -> String {
    use AgendaProblem::*;
    match p {
        TitleEmpty => page.t("agenda-error-title-empty"),
        TitleTooLong => too_long(page, AGENDA_TITLE_MAX),
        PlaceTooLong => too_long(page, AGENDA_PLACE_MAX),
        RemarksTooLong => too_long(page, AGENDA_REMARKS_MAX),
        StartDateInvalid => page.t("agenda-error-start-date"),
        StartTimeInvalid => page.t("agenda-error-start-time"),
        EndDateInvalid => page.t("agenda-error-end-date"),
        EndTimeInvalid => page.t("agenda-error-end-time"),
        EndNotAfterStart => page.t("agenda-error-end-before-start"),
        RepeatUnknown => page.t("agenda-error-repeat"),
        UntilInvalid => page.t("agenda-error-until"),
        UntilBeforeStart => page.t("agenda-error-until-before-start"),
    }
}

pub fn errors_of(page: &PageCtx, problems: Vec<AgendaProblem>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for p in problems {
        errors.push(p.field(), problem_text(page, p));
    }
    errors
}

/// What the form page shows around the fields.
pub struct Frame {
    pub title_key: &'static str,
    pub submit_key: &'static str,
    pub page_name: String,
    pub back: String,
    pub action: String,
}

/// The form page; 422 when it comes back refused.
pub fn form_page(
    page: &PageCtx,
    frame: Frame,
    form: AgendaFields,
    errors: FieldErrors,
) -> Response {
    let repeats = std::iter::once(("none", "agenda-repeat-none"))
        .chain(Frequency::ALL.into_iter().map(|f| {
            (
                f.as_str(),
                match f {
                    Frequency::Daily => "agenda-repeat-daily",
                    Frequency::Weekly => "agenda-repeat-weekly",
                    Frequency::Monthly => "agenda-repeat-monthly",
                    Frequency::Yearly => "agenda-repeat-yearly",
                },
            )
        }))
        .map(|(value, key)| RepeatChoice {
            value,
            label: page.t(key),
            selected: form.herhalen == value || (value == "none" && form.herhalen.is_empty()),
        })
        .collect();
    let refused = !errors.is_empty();
    let t = FormPage {
        page,
        title: page.t(frame.title_key),
        page_name: frame.page_name,
        back: frame.back,
        action: frame.action,
        submit: page.t(frame.submit_key),
        inputs: inputs(page, &form),
        form,
        repeats,
        errors,
    };
    let body = render(page, &t);
    if refused {
        (StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
    } else {
        body
    }
}
