//! Appointment: a planned meeting of one client with (optionally) one practitioner.
//!
//! Location and video link use plain R4 elements, no extensions: the location is the
//! `display` of a participant whose actor is a Location (`"reference": "Location/…"` or
//! `"type": "Location"`); R4 has no element for a video link, so `comment` is kept verbatim
//! and [`Appointment::video_url`] finds the first `https://` link in it.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::{Meta, concept_text, header, put_opt, read_id};
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;
use crate::reference::split_local;
use crate::{Reference, ResourceType};

/// `Appointment.status`; `noshow` is read as [`AppointmentStatus::Cancelled`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentStatus {
    Proposed,
    Pending,
    Booked,
    Arrived,
    Fulfilled,
    Cancelled,
    /// The client did not come.
    Noshow,
    EnteredInError,
    CheckedIn,
    Waitlist,
}

impl AppointmentStatus {
    /// Reads a FHIR code; `noshow` maps to `Cancelled`.
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "proposed" => Self::Proposed,
            "pending" => Self::Pending,
            "booked" => Self::Booked,
            "arrived" => Self::Arrived,
            "fulfilled" => Self::Fulfilled,
            "cancelled" => Self::Cancelled,
            "noshow" => Self::Noshow,
            "entered-in-error" => Self::EnteredInError,
            "checked-in" => Self::CheckedIn,
            "waitlist" => Self::Waitlist,
            _ => return None,
        })
    }

    /// The FHIR code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Pending => "pending",
            Self::Booked => "booked",
            Self::Arrived => "arrived",
            Self::Fulfilled => "fulfilled",
            Self::Cancelled => "cancelled",
            Self::Noshow => "noshow",
            Self::EnteredInError => "entered-in-error",
            Self::CheckedIn => "checked-in",
            Self::Waitlist => "waitlist",
        }
    }

    /// Whether the appointment will not (or did not) take place.
    pub const fn is_cancelled(self) -> bool {
        matches!(self, Self::Cancelled | Self::Noshow | Self::EnteredInError)
    }
}

/// A validated Appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    pub id: String,
    pub status: AppointmentStatus,
    /// `description`, else the text of `serviceType[0]`.
    pub title: Option<String>,
    pub start: Timestamp,
    pub end: Timestamp,
    /// The one participant whose actor is a Patient.
    pub patient: Reference,
    /// The participant whose actor is a Practitioner, if any (at most one).
    pub practitioner: Option<Reference>,
    /// The `display` of the participant whose actor is a Location.
    pub location: Option<String>,
    /// `comment`, verbatim; see [`Appointment::video_url`].
    pub comment: Option<String>,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

impl Appointment {
    /// The first `https://` link in `comment`, taken as the video-call link.
    pub fn video_url(&self) -> Option<&str> {
        self.comment
            .as_deref()?
            .split_whitespace()
            .find_map(|word| {
                let start = word.find("https://")?;
                let link = word[start..].trim_end_matches(|c: char| ".,;:!?)]>'\"".contains(c));
                (link.len() > "https://".len()).then_some(link)
            })
    }

    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let status = obj
            .required_string(cx, "status", "A status is required, e.g. 'booked'")
            .and_then(|code| {
                let status = AppointmentStatus::parse(code);
                if status.is_none() {
                    cx.error(
                        IssueCode::Value,
                        &obj.at("status"),
                        format!("'{code}' is not an appointment status; use proposed, pending, booked, arrived, fulfilled, cancelled, noshow, entered-in-error, checked-in or waitlist"),
                    );
                }
                status
            });
        let title = match obj.string(cx, "description") {
            Some(d) => Some(d.to_owned()),
            None => obj
                .first_object(cx, "serviceType")
                .and_then(|s| concept_text(cx, &s)),
        };
        let start = if obj.require(cx, "start", "A start (date, time and timezone) is required") {
            obj.instant(cx, "start")
        } else {
            None
        };
        let end = if obj.require(cx, "end", "An end (date, time and timezone) is required") {
            obj.instant(cx, "end")
        } else {
            None
        };
        if let (Some(start), Some(end)) = (start, end)
            && end <= start
        {
            cx.error(
                IssueCode::Invalid,
                &obj.at("end"),
                format!("The end ({end}) must be after the start ({start})"),
            );
        }
        let comment = obj.string(cx, "comment").map(str::to_owned);
        let (patient, practitioner, location) = read_participants(cx, obj);
        Some(Appointment {
            received: Some(super::received(obj)),
            id: id?,
            status: status?,
            title,
            start: start?,
            end: end?,
            patient: patient?,
            practitioner,
            location,
            comment,
        })
    }

    /// The FHIR JSON of this appointment (participants are emitted with status `accepted`).
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::Appointment, &self.id, meta);
        m.insert("status".into(), json!(self.status.as_str()));
        put_opt(&mut m, "description", self.title.as_ref().map(|t| json!(t)));
        m.insert("start".into(), json!(self.start.to_string()));
        m.insert("end".into(), json!(self.end.to_string()));
        put_opt(&mut m, "comment", self.comment.as_ref().map(|c| json!(c)));
        let mut participants =
            vec![json!({ "actor": self.patient.to_json(), "status": "accepted" })];
        if let Some(p) = &self.practitioner {
            participants.push(json!({ "actor": p.to_json(), "status": "accepted" }));
        }
        if let Some(location) = &self.location {
            participants.push(json!({
                "actor": { "type": "Location", "display": location },
                "status": "accepted"
            }));
        }
        m.insert("participant".into(), Value::Array(participants));
        Value::Object(m)
    }
}

type Participants = (Option<Reference>, Option<Reference>, Option<String>);

fn read_participants(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Participants {
    let mut patient: Option<Reference> = None;
    let mut patients_seen = 0;
    let mut practitioner: Option<Reference> = None;
    let mut location: Option<String> = None;
    let mut problem = false;
    for participant in obj.objects(cx, "participant") {
        let Some(actor) = participant.object(cx, "actor") else {
            continue;
        };
        let display = actor.string(cx, "display");
        let type_hint = actor.string(cx, "type");
        let path = actor.at("reference");
        let kind = match actor.string(cx, "reference") {
            Some(input) => match split_local(input) {
                Ok((type_name, id)) => Some((type_name.to_owned(), Some(id.to_owned()))),
                Err(e) => {
                    cx.error(IssueCode::Invalid, &path, e.describe(input));
                    problem = true;
                    None
                }
            },
            None => type_hint
                .map(|t| t.rsplit('/').next().unwrap_or(t))
                .map(|t| (t.to_owned(), None)),
        };
        let Some((type_name, id)) = kind else {
            continue;
        };
        match (type_name.as_str(), id) {
            ("Patient", Some(id)) => {
                patients_seen += 1;
                if patients_seen == 1 {
                    patient = Some(Reference::new(ResourceType::Patient, id));
                } else {
                    cx.error(
                        IssueCode::Invalid,
                        &path,
                        "An appointment has exactly one Patient participant; this is a second one",
                    );
                    problem = true;
                }
            }
            ("Practitioner", Some(id)) => {
                if practitioner.is_none() {
                    practitioner = Some(Reference::new(ResourceType::Practitioner, id));
                } else {
                    cx.error(
                        IssueCode::NotSupported,
                        &path,
                        "At most one Practitioner participant is supported; this is a second one",
                    );
                }
            }
            ("Location", _) if location.is_none() => {
                location = display.map(str::to_owned);
            }
            // Other participants (PractitionerRole, RelatedPerson, Device, …) are not stored.
            _ => {}
        }
    }
    if patients_seen == 0 && !problem {
        let path = obj.at("participant");
        cx.error(
            IssueCode::Required,
            &path,
            "Exactly one participant whose actor is a Patient ('Patient/id') is required",
        );
    }
    (patient, practitioner, location)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_comment(comment: &str) -> Appointment {
        Appointment {
            received: None,
            id: "a".into(),
            status: AppointmentStatus::Booked,
            title: None,
            start: Timestamp::UNIX_EPOCH,
            end: Timestamp::MAX,
            patient: Reference::new(ResourceType::Patient, "p"),
            practitioner: None,
            location: None,
            comment: Some(comment.into()),
        }
    }

    #[test]
    fn video_url_is_the_first_https_link_in_the_comment() {
        assert_eq!(
            with_comment("Beeldbellen via https://video.example.nl/r/abc123.").video_url(),
            Some("https://video.example.nl/r/abc123")
        );
        assert_eq!(
            with_comment("(link: https://x.nl/a) of http://y.nl").video_url(),
            Some("https://x.nl/a")
        );
        assert_eq!(with_comment("Neem uw pasje mee").video_url(), None);
        assert_eq!(with_comment("http://insecure.nl").video_url(), None);
    }
}
