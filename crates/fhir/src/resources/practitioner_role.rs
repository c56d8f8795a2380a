//! PractitionerRole: the role a practitioner has at the provider, e.g. "behandelaar".

use serde_json::{Value, json};

use super::{Meta, concept_text, header, put_opt, read_id, required_reference};
use crate::json::{Ctx, Obj};
use crate::{Reference, ResourceType};

/// A validated PractitionerRole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PractitionerRole {
    pub id: String,
    pub practitioner: Reference,
    /// `code[0]`: its text or first coding display.
    pub role: Option<String>,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

impl PractitionerRole {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let practitioner = required_reference(
            cx,
            obj,
            "practitioner",
            &[ResourceType::Practitioner],
            "A practitioner reference ('Practitioner/id') is required",
        );
        let role = obj
            .first_object(cx, "code")
            .and_then(|code| concept_text(cx, &code));
        Some(PractitionerRole {
            received: Some(super::received(obj)),
            id: id?,
            practitioner: practitioner?,
            role,
        })
    }

    /// The FHIR JSON of this role.
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::PractitionerRole, &self.id, meta);
        m.insert("practitioner".into(), self.practitioner.to_json());
        put_opt(
            &mut m,
            "code",
            self.role.as_ref().map(|r| json!([{ "text": r }])),
        );
        Value::Object(m)
    }
}
