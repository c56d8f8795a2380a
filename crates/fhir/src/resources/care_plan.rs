//! CarePlan: a client's treatment plan, with its goals referenced by id.

use serde_json::{Map, Value, json};

use super::{Meta, header, put_opt, read_id, reference_in, required_reference};
use crate::datetime::FhirDateTime;
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;
use crate::{Reference, ResourceType};

/// The portal's care plan states. FHIR `on-hold` is read as `Active` and `revoked` as
/// `Completed`; `entered-in-error` and `unknown` are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CarePlanStatus {
    Draft,
    Active,
    Completed,
}

impl CarePlanStatus {
    /// The FHIR code emitted for this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Completed => "completed",
        }
    }
}

/// A validated CarePlan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarePlan {
    pub id: String,
    pub subject: Reference,
    pub status: CarePlanStatus,
    pub title: Option<String>,
    pub description: Option<String>,
    pub start: FhirDateTime,
    pub end: Option<FhirDateTime>,
    /// The goals of this plan, in order; each is a `Goal/id`.
    pub goals: Vec<Reference>,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

impl CarePlan {
    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let subject = required_reference(
            cx,
            obj,
            "subject",
            &[ResourceType::Patient],
            "A subject ('Patient/id') is required",
        );
        let status = obj
            .required_string(
                cx,
                "status",
                "A status is required: draft, active or completed",
            )
            .and_then(|code| read_status(cx, &obj.at("status"), code));
        let title = obj.string(cx, "title").map(str::to_owned);
        let description = obj.string(cx, "description").map(str::to_owned);
        let period = obj.object(cx, "period");
        let missing_start = "A start date (period.start) is required";
        let start = match &period {
            Some(p) if p.require(cx, "start", missing_start) => p.date_time(cx, "start"),
            Some(_) => None,
            // Present but not an object: already reported.
            None if obj.has("period") => None,
            None => {
                cx.error(IssueCode::Required, &obj.at("period.start"), missing_start);
                None
            }
        };
        let end = period.as_ref().and_then(|p| p.date_time(cx, "end"));
        let mut goals = Vec::new();
        let mut goals_ok = true;
        for goal in obj.objects(cx, "goal") {
            match reference_in(cx, &goal, &[ResourceType::Goal]) {
                Some(r) => goals.push(r),
                None => goals_ok = false,
            }
        }
        goals_ok.then_some(())?;
        Some(CarePlan {
            received: Some(super::received(obj)),
            id: id?,
            subject: subject?,
            status: status?,
            title,
            description,
            start: start?,
            end,
            goals,
        })
    }

    /// The FHIR JSON of this care plan (`intent` is always `plan`).
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::CarePlan, &self.id, meta);
        m.insert("status".into(), json!(self.status.as_str()));
        m.insert("intent".into(), json!("plan"));
        put_opt(&mut m, "title", self.title.as_ref().map(|t| json!(t)));
        put_opt(
            &mut m,
            "description",
            self.description.as_ref().map(|d| json!(d)),
        );
        m.insert("subject".into(), self.subject.to_json());
        let mut period = Map::new();
        period.insert("start".into(), json!(self.start.to_string()));
        put_opt(&mut period, "end", self.end.map(|e| json!(e.to_string())));
        m.insert("period".into(), Value::Object(period));
        if !self.goals.is_empty() {
            m.insert(
                "goal".into(),
                Value::Array(self.goals.iter().map(Reference::to_json).collect()),
            );
        }
        Value::Object(m)
    }
}

fn read_status(cx: &mut Ctx<'_>, path: &str, code: &str) -> Option<CarePlanStatus> {
    match code {
        "draft" => Some(CarePlanStatus::Draft),
        "active" | "on-hold" => Some(CarePlanStatus::Active),
        "completed" | "revoked" => Some(CarePlanStatus::Completed),
        "entered-in-error" => {
            cx.error(
                IssueCode::Value,
                path,
                "Status 'entered-in-error' is not accepted; delete the care plan instead (DELETE CarePlan/id)",
            );
            None
        }
        other => {
            cx.error(
                IssueCode::Value,
                path,
                format!("'{other}' is not a care plan status we accept; use draft, active (or on-hold), or completed (or revoked)"),
            );
            None
        }
    }
}
