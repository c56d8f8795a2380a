//! Goal: a treatment goal of a client. Its care plan is found through `CarePlan.goal`.

use jiff::civil::Date;
use serde_json::{Value, json};

use super::{Meta, header, put_opt, read_id, required_reference};
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;
use crate::{Reference, ResourceType};

/// `Goal.lifecycleStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GoalLifecycleStatus {
    Proposed,
    Planned,
    Accepted,
    Active,
    OnHold,
    Completed,
    Cancelled,
    EnteredInError,
    Rejected,
}

impl GoalLifecycleStatus {
    /// Reads a FHIR code.
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "proposed" => Self::Proposed,
            "planned" => Self::Planned,
            "accepted" => Self::Accepted,
            "active" => Self::Active,
            "on-hold" => Self::OnHold,
            "completed" => Self::Completed,
            "cancelled" => Self::Cancelled,
            "entered-in-error" => Self::EnteredInError,
            "rejected" => Self::Rejected,
            _ => return None,
        })
    }

    /// The FHIR code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Planned => "planned",
            Self::Accepted => "accepted",
            Self::Active => "active",
            Self::OnHold => "on-hold",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::EnteredInError => "entered-in-error",
            Self::Rejected => "rejected",
        }
    }
}

/// A validated Goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub id: String,
    pub subject: Reference,
    /// `description.text`.
    pub description: String,
    pub lifecycle_status: GoalLifecycleStatus,
    /// Whether `achievementStatus` carries the code `achieved`.
    pub achieved: bool,
    /// `target[0].dueDate`.
    pub due_date: Option<Date>,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

impl Goal {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let subject = required_reference(
            cx,
            obj,
            "subject",
            &[ResourceType::Patient],
            "A subject ('Patient/id') is required",
        );
        let description = if obj.require(
            cx,
            "description",
            "A description (description.text) is required",
        ) {
            obj.object(cx, "description").and_then(|d| {
                d.required_string(
                    cx,
                    "text",
                    "A description text (description.text) is required",
                )
                .map(str::to_owned)
            })
        } else {
            None
        };
        let lifecycle_status = obj
            .required_string(cx, "lifecycleStatus", "A lifecycleStatus is required, e.g. 'active'")
            .and_then(|code| {
                let status = GoalLifecycleStatus::parse(code);
                if status.is_none() {
                    cx.error(
                        IssueCode::Value,
                        &obj.at("lifecycleStatus"),
                        format!("'{code}' is not a goal lifecycle status; use proposed, planned, accepted, active, on-hold, completed, cancelled, entered-in-error or rejected"),
                    );
                }
                status
            });
        let mut achieved = false;
        if let Some(status) = obj.object(cx, "achievementStatus") {
            for coding in status.objects(cx, "coding") {
                if coding.string(cx, "code") == Some("achieved") {
                    achieved = true;
                }
            }
        }
        let due_date = obj
            .first_object(cx, "target")
            .and_then(|t| t.date(cx, "dueDate"));
        Some(Goal {
            received: Some(super::received(obj)),
            id: id?,
            subject: subject?,
            description: description?,
            lifecycle_status: lifecycle_status?,
            achieved,
            due_date,
        })
    }

    /// The FHIR JSON of this goal.
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::Goal, &self.id, meta);
        m.insert(
            "lifecycleStatus".into(),
            json!(self.lifecycle_status.as_str()),
        );
        put_opt(
            &mut m,
            "achievementStatus",
            self.achieved.then(|| {
                json!({ "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/goal-achievement",
                    "code": "achieved",
                    "display": "Achieved"
                }] })
            }),
        );
        m.insert("description".into(), json!({ "text": self.description }));
        m.insert("subject".into(), self.subject.to_json());
        put_opt(
            &mut m,
            "target",
            self.due_date.map(|d| json!([{ "dueDate": d.to_string() }])),
        );
        Value::Object(m)
    }
}
