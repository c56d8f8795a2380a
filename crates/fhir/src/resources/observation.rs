//! Observation: one measured value of a client, e.g. weight or a questionnaire score.

use serde_json::{Value, json};

use super::{Meta, concept_text, header, read_id, required_reference};
use crate::datetime::FhirDateTime;
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;
use crate::{Reference, ResourceType};

/// A validated Observation with a quantity value.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub id: String,
    pub subject: Reference,
    /// `code.text`, else the first `code.coding.display`.
    pub label: String,
    /// `valueQuantity.value`.
    pub value: f64,
    /// `valueQuantity.unit`, else `valueQuantity.code`.
    pub unit: String,
    /// `effectiveDateTime`.
    pub effective: FhirDateTime,
}

impl Observation {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let subject = required_reference(
            cx,
            obj,
            "subject",
            &[ResourceType::Patient],
            "A subject ('Patient/id') is required",
        );
        let label_missing = "A label is required: code.text or code.coding[0].display";
        let label = if obj.require(cx, "code", label_missing) {
            obj.object(cx, "code").and_then(|code| {
                let text = concept_text(cx, &code);
                if text.is_none() {
                    cx.error(IssueCode::Required, &code.at("text"), label_missing);
                }
                text
            })
        } else {
            None
        };
        let (value, unit) = if obj.require(
            cx,
            "valueQuantity",
            "A valueQuantity with value and unit is required (other value types are not supported)",
        ) {
            match obj.object(cx, "valueQuantity") {
                Some(q) => {
                    let value = if q.require(cx, "value", "valueQuantity.value is required") {
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
                                    "valueQuantity.unit is required",
                                );
                            }
                            None
                        }
                    };
                    (value, unit)
                }
                None => (None, None),
            }
        } else {
            (None, None)
        };
        let effective = if obj.require(
            cx,
            "effectiveDateTime",
            "effectiveDateTime is required (a full date, or date and time with timezone)",
        ) {
            obj.date_time(cx, "effectiveDateTime")
        } else {
            None
        };
        Some(Observation {
            id: id?,
            subject: subject?,
            label: label?,
            value: value?,
            unit: unit?,
            effective: effective?,
        })
    }

    /// The FHIR JSON of this observation (`status` is always `final`).
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        let mut m = header(ResourceType::Observation, &self.id, meta);
        m.insert("status".into(), json!("final"));
        m.insert("code".into(), json!({ "text": self.label }));
        m.insert("subject".into(), self.subject.to_json());
        m.insert(
            "effectiveDateTime".into(),
            json!(self.effective.to_string()),
        );
        m.insert(
            "valueQuantity".into(),
            json!({ "value": self.value, "unit": self.unit }),
        );
        Value::Object(m)
    }
}
