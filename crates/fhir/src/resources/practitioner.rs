//! Practitioner: a care professional, shown to clients by name and discipline.

use serde_json::{Value, json};

use super::{Meta, concept_text, header, put_opt, read_id};
use crate::ResourceType;
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;

/// A validated Practitioner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practitioner {
    pub id: String,
    /// The display name: `name.text`, else the given names and family name.
    pub name: String,
    /// `qualification[0].code`: its text or first coding display, e.g. "Fysiotherapeut".
    pub discipline: Option<String>,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

impl Practitioner {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let name = read_display_name(cx, obj);
        let discipline = obj
            .first_object(cx, "qualification")
            .and_then(|q| q.object(cx, "code"))
            .and_then(|code| concept_text(cx, &code));
        Some(Practitioner {
            received: Some(super::received(obj)),
            id: id?,
            name: name?,
            discipline,
        })
    }

    /// The FHIR JSON of this practitioner.
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::Practitioner, &self.id, meta);
        m.insert("name".into(), json!([{ "text": self.name }]));
        put_opt(
            &mut m,
            "qualification",
            self.discipline
                .as_ref()
                .map(|d| json!([{ "code": { "text": d } }])),
        );
        Value::Object(m)
    }
}

fn read_display_name(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<String> {
    let missing = "A name is required: name.text, or given and family names";
    let names = obj.required_objects(cx, "name", missing);
    let mut chosen = None;
    for name in &names {
        if name.string(cx, "use") == Some("official") {
            chosen = Some(name.clone());
            break;
        }
    }
    let name = chosen.or_else(|| names.into_iter().next())?;
    if let Some(text) = name.string(cx, "text") {
        return Some(text.to_owned());
    }
    let given = name.strings(cx, "given");
    let family = name.string(cx, "family");
    if given.is_empty() && family.is_none() {
        cx.error(IssueCode::Required, name.path(), missing);
        return None;
    }
    // As a Dutch letter heading writes it: "dr. Roos Vermeulen".
    let mut parts: Vec<&str> = name.strings(cx, "prefix");
    parts.extend(given);
    parts.extend(family);
    Some(parts.join(" "))
}
