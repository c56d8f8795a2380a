//! CareTeam: the practitioners who care for one client.

use serde_json::{Map, Value, json};

use super::{Meta, concept_text, header, put_opt, read_id, reference_in, required_reference};
use crate::json::{Ctx, Obj};
use crate::{Reference, ResourceType};

/// One member of a care team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareTeamMember {
    /// Always a Practitioner.
    pub member: Reference,
    /// `role[0]`: its text or first coding display.
    pub role: Option<String>,
}

/// A validated CareTeam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareTeam {
    pub id: String,
    pub subject: Reference,
    pub participants: Vec<CareTeamMember>,
    /// `status` is inactive, suspended or entered-in-error: its members do not (or no longer)
    /// care for the client, and leave the care page.
    pub inactive: bool,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

impl CareTeam {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let subject = required_reference(
            cx,
            obj,
            "subject",
            &[ResourceType::Patient],
            "A subject ('Patient/id') is required",
        );
        let mut participants = Vec::new();
        let mut complete = true;
        for p in obj.objects(cx, "participant") {
            let member = if p.require(
                cx,
                "member",
                "Each participant needs a member ('Practitioner/id')",
            ) {
                p.object(cx, "member")
                    .and_then(|m| reference_in(cx, &m, &[ResourceType::Practitioner]))
            } else {
                None
            };
            let role = p
                .first_object(cx, "role")
                .and_then(|r| concept_text(cx, &r));
            match member {
                Some(member) => participants.push(CareTeamMember { member, role }),
                None => complete = false,
            }
        }
        let inactive = match obj.string(cx, "status") {
            None | Some("active") => false,
            Some("inactive" | "suspended" | "entered-in-error") => true,
            Some("proposed") => {
                super::cannot_show(
                    cx,
                    &obj.at("status"),
                    "A proposed care team cannot be shown as the client's care team; send it when it is active",
                );
                false
            }
            Some(other) => {
                cx.error(
                    crate::outcome::IssueCode::Value,
                    &obj.at("status"),
                    format!("'{other}' is not a care team status; use proposed, active, suspended, inactive or entered-in-error"),
                );
                false
            }
        };
        complete.then_some(())?;
        Some(CareTeam {
            received: Some(super::received(obj)),
            inactive,
            id: id?,
            subject: subject?,
            participants,
        })
    }

    /// The FHIR JSON of this care team.
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::CareTeam, &self.id, meta);
        m.insert("subject".into(), self.subject.to_json());
        if !self.participants.is_empty() {
            let participants: Vec<Value> = self
                .participants
                .iter()
                .map(|p| {
                    let mut pm = Map::new();
                    put_opt(
                        &mut pm,
                        "role",
                        p.role.as_ref().map(|r| json!([{ "text": r }])),
                    );
                    pm.insert("member".into(), p.member.to_json());
                    Value::Object(pm)
                })
                .collect();
            m.insert("participant".into(), Value::Array(participants));
        }
        Value::Object(m)
    }
}
