//! Patient: a client of the portal, known by the provider's client number.

use jiff::civil::Date;
use serde_json::{Map, Value, json};

use super::{Meta, header, put_opt, read_id};
use crate::ResourceType;
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;

/// A business identifier with its namespace, e.g. the provider's client number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    pub system: String,
    pub value: String,
}

/// A postal address (the first `Patient.address`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub lines: Vec<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
}

/// A validated Patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patient {
    pub id: String,
    /// Every `identifier` that has a `system` (at least one).
    pub identifiers: Vec<Identifier>,
    pub family: String,
    /// The given names, joined with spaces.
    pub given: Option<String>,
    pub birth_date: Date,
    /// The first `telecom` with `system: email`.
    pub email: Option<String>,
    pub address: Option<Address>,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

impl Patient {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);

        let issues_before = cx.issues.len();
        let mut identifiers = Vec::new();
        for ident in obj.objects(cx, "identifier") {
            let Some(system) = ident.string(cx, "system") else {
                continue;
            };
            if let Some(value) = ident.required_string(
                cx,
                "value",
                "An identifier with a system needs a value (the client number)",
            ) {
                identifiers.push(Identifier {
                    system: system.to_owned(),
                    value: value.to_owned(),
                });
            }
        }
        if identifiers.is_empty() && cx.issues.len() == issues_before {
            cx.error(
                IssueCode::Required,
                &obj.at("identifier"),
                "At least one identifier with a system and value (the client number) is required",
            );
        }

        let (family, given) = read_name(cx, obj);

        let birth_date = if obj.require(
            cx,
            "birthDate",
            "A birth date (birthDate, YYYY-MM-DD) is required",
        ) {
            obj.date(cx, "birthDate")
        } else {
            None
        };

        let mut email = None;
        for telecom in obj.objects(cx, "telecom") {
            if telecom.string(cx, "system") == Some("email") {
                email = telecom.string(cx, "value").map(str::to_owned);
                if email.is_some() {
                    break;
                }
            }
        }

        let address = obj.first_object(cx, "address").and_then(|a| {
            let lines: Vec<String> = a
                .strings(cx, "line")
                .into_iter()
                .map(str::to_owned)
                .collect();
            let postal_code = a.string(cx, "postalCode").map(str::to_owned);
            let city = a.string(cx, "city").map(str::to_owned);
            (!lines.is_empty() || postal_code.is_some() || city.is_some()).then_some(Address {
                lines,
                postal_code,
                city,
            })
        });

        if obj.raw("active") == Some(&Value::Bool(false)) {
            super::cannot_show(
                cx,
                &obj.at("active"),
                "An inactive record cannot be shown on the care page; delete the Patient, or set active to true",
            );
        }
        if obj.raw("deceasedBoolean") == Some(&Value::Bool(true)) || obj.has("deceasedDateTime") {
            super::cannot_show(
                cx,
                &obj.at("deceased[x]"),
                "The care page cannot show that a client has died; delete the Patient instead",
            );
        }
        if obj.has("link") {
            super::cannot_show(
                cx,
                &obj.at("link"),
                "Linked or replaced records (Patient.link) are not supported; send the record that is in use",
            );
        }
        Some(Patient {
            received: Some(super::received(obj)),
            id: id?,
            identifiers,
            family: family?,
            given,
            birth_date: birth_date?,
            email,
            address,
        })
    }

    /// The FHIR JSON of this patient.
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::Patient, &self.id, meta);
        m.insert(
            "identifier".into(),
            Value::Array(
                self.identifiers
                    .iter()
                    .map(|i| json!({ "system": i.system, "value": i.value }))
                    .collect(),
            ),
        );
        let mut name = Map::new();
        name.insert("use".into(), json!("official"));
        name.insert("family".into(), json!(self.family));
        if let Some(given) = &self.given {
            name.insert(
                "given".into(),
                json!(given.split_whitespace().collect::<Vec<_>>()),
            );
        }
        m.insert("name".into(), json!([name]));
        put_opt(
            &mut m,
            "telecom",
            self.email
                .as_ref()
                .map(|e| json!([{ "system": "email", "value": e }])),
        );
        m.insert("birthDate".into(), json!(self.birth_date.to_string()));
        put_opt(
            &mut m,
            "address",
            self.address.as_ref().map(|a| {
                let mut addr = Map::new();
                if !a.lines.is_empty() {
                    addr.insert("line".into(), json!(a.lines));
                }
                put_opt(
                    &mut addr,
                    "postalCode",
                    a.postal_code.as_ref().map(|p| json!(p)),
                );
                put_opt(&mut addr, "city", a.city.as_ref().map(|c| json!(c)));
                json!([addr])
            }),
        );
        Value::Object(m)
    }
}

/// The family name (required) and joined given names of the official name, else the first.
fn read_name(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> (Option<String>, Option<String>) {
    let names = obj.required_objects(cx, "name", "A name with at least a family name is required");
    let mut chosen = None;
    for name in &names {
        if name.string(cx, "use") == Some("official") {
            chosen = Some(name.clone());
            break;
        }
    }
    let Some(name) = chosen.or_else(|| names.into_iter().next()) else {
        return (None, None);
    };
    let family = name
        .required_string(cx, "family", "A family name is required")
        .map(str::to_owned);
    let given = name.strings(cx, "given");
    let given = (!given.is_empty()).then(|| given.join(" "));
    (family, given)
}
