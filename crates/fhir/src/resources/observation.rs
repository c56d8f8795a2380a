//! Observation: one measured value of a client, e.g. weight or a questionnaire score, or a
//! measurement made of parts (`component`, e.g. blood pressure 120/80).
//!
//! Every R4 status is kept. What the care page cannot show correctly is refused with
//! `business-rule` (422) naming the element: a value other than a quantity or an integer, a
//! missing value with only a `dataAbsentReason`, a code without display text.

use serde_json::{Value, json};

use super::{Meta, concept_text, header, read_id, required_reference};
use crate::datetime::FhirDateTime;
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;
use crate::{Reference, ResourceType};

/// `Observation.status`: all R4 codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObservationStatus {
    Registered,
    Preliminary,
    Final,
    Amended,
    Corrected,
    Cancelled,
    EnteredInError,
    Unknown,
}

impl ObservationStatus {
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "registered" => Self::Registered,
            "preliminary" => Self::Preliminary,
            "final" => Self::Final,
            "amended" => Self::Amended,
            "corrected" => Self::Corrected,
            "cancelled" => Self::Cancelled,
            "entered-in-error" => Self::EnteredInError,
            "unknown" => Self::Unknown,
            _ => return None,
        })
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Preliminary => "preliminary",
            Self::Final => "final",
            Self::Amended => "amended",
            Self::Corrected => "corrected",
            Self::Cancelled => "cancelled",
            Self::EnteredInError => "entered-in-error",
            Self::Unknown => "unknown",
        }
    }

    /// Never shown as data: the measurement was not made or was recorded in error.
    pub const fn is_withdrawn(self) -> bool {
        matches!(self, Self::Cancelled | Self::EnteredInError)
    }
}

/// One part of a measurement, e.g. the systolic pressure of a blood pressure.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationComponent {
    /// `code.text`, else the first `code.coding.display`.
    pub label: String,
    pub value: f64,
    /// `valueQuantity.unit`, else `valueQuantity.code` (empty for an integer).
    pub unit: String,
}

/// A validated Observation.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub id: String,
    pub status: ObservationStatus,
    pub subject: Reference,
    /// `code.text`, else the first `code.coding.display`.
    pub label: String,
    /// `valueQuantity.value` or `valueInteger`; `None` when the parts carry the values (or a
    /// withdrawn observation has none).
    pub value: Option<f64>,
    /// `valueQuantity.unit`, else `valueQuantity.code` (empty without a value or unit).
    pub unit: String,
    pub components: Vec<ObservationComponent>,
    /// `effectiveDateTime`.
    pub effective: FhirDateTime,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

/// The value types the care page cannot show; refused by name.
const OTHER_VALUES: [&str; 9] = [
    "valueCodeableConcept",
    "valueString",
    "valueBoolean",
    "valueRange",
    "valueRatio",
    "valueSampledData",
    "valueTime",
    "valueDateTime",
    "valuePeriod",
];

/// The label of a CodeableConcept at `key`, or a 422 naming it when it has no text to show.
fn concept_label(cx: &mut Ctx<'_>, obj: &Obj<'_>, key: &str) -> Option<String> {
    let missing = format!("{key} needs text to show: {key}.text or a {key}.coding with a display");
    if !obj.require(cx, key, &missing) {
        return None;
    }
    let concept = obj.object(cx, key)?;
    let text = concept_text(cx, &concept);
    if text.is_none() {
        cx.error(IssueCode::BusinessRule, &obj.at(key), missing);
    }
    text
}

/// `value[x]` of `obj` (an Observation or one of its components): a quantity or an integer
/// as (value, unit); `Ok(None)` when there is none; `Err` after an issue.
fn value(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Result<Option<(f64, String)>, ()> {
    if let Some(other) = OTHER_VALUES.iter().find(|k| obj.has(k)) {
        cx.error(
            IssueCode::BusinessRule,
            &obj.at("value[x]"),
            format!(
                "{other} cannot be shown on the care page; send a valueQuantity or a valueInteger"
            ),
        );
        return Err(());
    }
    if obj.has("valueInteger") {
        return match obj.number(cx, "valueInteger") {
            Some(v) if v.fract() == 0.0 => Ok(Some((v, String::new()))),
            Some(_) => {
                cx.error(
                    IssueCode::Value,
                    &obj.at("valueInteger"),
                    "valueInteger must be a whole number",
                );
                Err(())
            }
            None => Err(()),
        };
    }
    if !obj.has("valueQuantity") {
        return Ok(None);
    }
    let q = obj.object(cx, "valueQuantity").ok_or(())?;
    let number = if q.require(cx, "value", "valueQuantity.value is required") {
        q.number(cx, "value")
    } else {
        None
    };
    let unit = match q.string(cx, "unit").or_else(|| q.string(cx, "code")) {
        Some(u) => Some(u.to_owned()),
        None => {
            if !q.has("unit") && !q.has("code") {
                cx.error(
                    IssueCode::Required,
                    &q.at("unit"),
                    "valueQuantity.unit (or its UCUM code) is required",
                );
            }
            None
        }
    };
    match (number, unit) {
        (Some(n), Some(u)) if n.is_finite() => Ok(Some((n, u))),
        (Some(_), Some(_)) => {
            cx.error(
                IssueCode::Value,
                &q.at("value"),
                "The value is not a number",
            );
            Err(())
        }
        _ => Err(()),
    }
}

impl Observation {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let status = obj
            .required_string(cx, "status", "A status is required, e.g. 'final'")
            .and_then(|code| {
                let status = ObservationStatus::parse(code);
                if status.is_none() {
                    cx.error(
                        IssueCode::Value,
                        &obj.at("status"),
                        format!("'{code}' is not an observation status; use registered, preliminary, final, amended, corrected, cancelled, entered-in-error or unknown"),
                    );
                }
                status
            });
        let subject = required_reference(
            cx,
            obj,
            "subject",
            &[ResourceType::Patient],
            "A subject ('Patient/id') is required",
        );
        let label = concept_label(cx, obj, "code");
        let value = value(cx, obj);
        let mut components = Vec::new();
        let mut components_ok = true;
        for c in obj.objects(cx, "component") {
            let label = concept_label(cx, &c, "code");
            match (label, value_of_component(cx, &c)) {
                (Some(label), Some((value, unit))) => {
                    components.push(ObservationComponent { label, value, unit })
                }
                _ => components_ok = false,
            }
        }
        let withdrawn = status.is_some_and(ObservationStatus::is_withdrawn);
        if let Ok(None) = value
            && components.is_empty()
            && components_ok
            && !withdrawn
        {
            if obj.has("dataAbsentReason") {
                cx.error(
                    IssueCode::BusinessRule,
                    &obj.at("dataAbsentReason"),
                    "An observation without a value cannot be shown on the care page; send it when there is a value",
                );
            } else {
                cx.error(
                    IssueCode::Required,
                    &obj.at("value[x]"),
                    "A value is required: valueQuantity (value and unit), valueInteger, or components with values",
                );
            }
        }
        let effective = if obj.require(
            cx,
            "effectiveDateTime",
            "effectiveDateTime is required (a full date, or date and time with timezone)",
        ) {
            obj.date_time(cx, "effectiveDateTime")
        } else {
            None
        };
        let (value, unit) = match value.ok()? {
            Some((v, u)) => (Some(v), u),
            None => (None, String::new()),
        };
        components_ok.then_some(())?;
        Some(Observation {
            received: Some(super::received(obj)),
            id: id?,
            status: status?,
            subject: subject?,
            label: label?,
            value,
            unit,
            components,
            effective: effective?,
        })
    }

    /// The FHIR JSON of this observation.
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::Observation, &self.id, meta);
        m.insert("status".into(), json!(self.status.as_str()));
        m.insert("code".into(), json!({ "text": self.label }));
        m.insert("subject".into(), self.subject.to_json());
        m.insert(
            "effectiveDateTime".into(),
            json!(self.effective.to_string()),
        );
        if let Some(value) = self.value {
            m.insert("valueQuantity".into(), quantity(value, &self.unit));
        }
        if !self.components.is_empty() {
            let parts = self
                .components
                .iter()
                .map(|c| json!({ "code": { "text": c.label }, "valueQuantity": quantity(c.value, &c.unit) }))
                .collect();
            m.insert("component".into(), Value::Array(parts));
        }
        Value::Object(m)
    }
}

fn quantity(value: f64, unit: &str) -> Value {
    if unit.is_empty() {
        json!({ "value": value })
    } else {
        json!({ "value": value, "unit": unit })
    }
}

/// A component's value, which it must have.
fn value_of_component(cx: &mut Ctx<'_>, c: &Obj<'_>) -> Option<(f64, String)> {
    match value(cx, c) {
        Ok(Some(v)) => Some(v),
        Ok(None) => {
            let (code, what) = if c.has("dataAbsentReason") {
                (
                    IssueCode::BusinessRule,
                    "A part without a value cannot be shown on the care page",
                )
            } else {
                (
                    IssueCode::Required,
                    "Each component needs a valueQuantity or a valueInteger",
                )
            };
            cx.error(code, &c.at("value[x]"), what);
            None
        }
        Err(()) => None,
    }
}
