//! CarePlan: a client's treatment plan, with its goals referenced by id.

use serde_json::{Map, Value, json};

use super::{Meta, header, put_opt, read_id, reference_in, required_reference};
use crate::datetime::FhirDateTime;
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;
use crate::{Reference, ResourceType};

/// `CarePlan.status`: all R4 codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CarePlanStatus {
    Draft,
    Active,
    OnHold,
    Revoked,
    Completed,
    EnteredInError,
    Unknown,
}

impl CarePlanStatus {
    /// Reads a FHIR code.
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "draft" => Self::Draft,
            "active" => Self::Active,
            "on-hold" => Self::OnHold,
            "revoked" => Self::Revoked,
            "completed" => Self::Completed,
            "entered-in-error" => Self::EnteredInError,
            "unknown" => Self::Unknown,
            _ => return None,
        })
    }

    /// The FHIR code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::OnHold => "on-hold",
            Self::Revoked => "revoked",
            Self::Completed => "completed",
            Self::EnteredInError => "entered-in-error",
            Self::Unknown => "unknown",
        }
    }
}

/// `CarePlan.intent`: all R4 codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CarePlanIntent {
    Proposal,
    Plan,
    Order,
    Option,
}

impl CarePlanIntent {
    /// Reads a FHIR code.
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "proposal" => Self::Proposal,
            "plan" => Self::Plan,
            "order" => Self::Order,
            "option" => Self::Option,
            _ => return None,
        })
    }

    /// The FHIR code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Proposal => "proposal",
            Self::Plan => "plan",
            Self::Order => "order",
            Self::Option => "option",
        }
    }
}

/// A validated CarePlan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarePlan {
    pub id: String,
    pub subject: Reference,
    pub status: CarePlanStatus,
    /// `intent`; `plan` when left out.
    pub intent: CarePlanIntent,
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
            .required_string(cx, "status", "A status is required, e.g. active")
            .and_then(|code| read_status(cx, &obj.at("status"), code));
        let intent = match obj.string(cx, "intent") {
            None => Some(CarePlanIntent::Plan),
            Some(code) => {
                let intent = CarePlanIntent::parse(code);
                if intent.is_none() {
                    cx.error(
                        IssueCode::Value,
                        &obj.at("intent"),
                        format!("'{code}' is not a care plan intent; use proposal, plan, order or option"),
                    );
                }
                intent
            }
        };
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
            intent: intent?,
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
        m.insert("intent".into(), json!(self.intent.as_str()));
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
    let status = CarePlanStatus::parse(code);
    if status.is_none() {
        cx.error(
            IssueCode::Value,
            path,
            format!("'{code}' is not a care plan status; use draft, active, on-hold, revoked, completed, entered-in-error or unknown"),
        );
    }
    status
}
