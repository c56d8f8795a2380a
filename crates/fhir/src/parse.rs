//! Parsing a request body into a validated [`Resource`], or an OperationOutcome.

use serde_json::Value;

use crate::ResourceType;
use crate::bundle::TransactionBundle;
use crate::json::{Ctx, MAX_ISSUES, Obj, from_slice_strict, kind};
use crate::outcome::{IssueCode, OperationOutcome};
use crate::resources::{
    Meta, appointment::Appointment, binary::Binary, care_plan::CarePlan, care_team::CareTeam,
    document_reference::DocumentReference, goal::Goal, observation::Observation, patient::Patient,
    practitioner::Practitioner, practitioner_role::PractitionerRole,
};
use crate::validate::{knows_resource_type, validate_resource};

/// Size limits for incoming bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest request body accepted, in bytes.
    pub max_bytes: usize,
    /// The largest decoded base64 attachment (`attachment.data`, `Binary.data`), in bytes.
    pub max_attachment_bytes: usize,
}

impl Default for Limits {
    /// 16 MiB bodies, 10 MiB attachments.
    fn default() -> Self {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            max_attachment_bytes: 10 * 1024 * 1024,
        }
    }
}

/// A validated incoming resource.
#[derive(Debug, Clone, PartialEq)]
pub enum Resource {
    Patient(Patient),
    Practitioner(Practitioner),
    PractitionerRole(PractitionerRole),
    CareTeam(CareTeam),
    Appointment(Appointment),
    CarePlan(CarePlan),
    Goal(Goal),
    DocumentReference(DocumentReference),
    Binary(Binary),
    Observation(Observation),
    /// A `Bundle` of type `transaction`.
    Transaction(TransactionBundle),
}

impl Resource {
    /// The resource type (`Bundle` for a transaction).
    pub fn resource_type(&self) -> ResourceType {
        match self {
            Resource::Patient(_) => ResourceType::Patient,
            Resource::Practitioner(_) => ResourceType::Practitioner,
            Resource::PractitionerRole(_) => ResourceType::PractitionerRole,
            Resource::CareTeam(_) => ResourceType::CareTeam,
            Resource::Appointment(_) => ResourceType::Appointment,
            Resource::CarePlan(_) => ResourceType::CarePlan,
            Resource::Goal(_) => ResourceType::Goal,
            Resource::DocumentReference(_) => ResourceType::DocumentReference,
            Resource::Binary(_) => ResourceType::Binary,
            Resource::Observation(_) => ResourceType::Observation,
            Resource::Transaction(_) => ResourceType::Bundle,
        }
    }

    /// The logical id (`None` for a transaction, which has no stored identity).
    pub fn id(&self) -> Option<&str> {
        Some(match self {
            Resource::Patient(r) => &r.id,
            Resource::Practitioner(r) => &r.id,
            Resource::PractitionerRole(r) => &r.id,
            Resource::CareTeam(r) => &r.id,
            Resource::Appointment(r) => &r.id,
            Resource::CarePlan(r) => &r.id,
            Resource::Goal(r) => &r.id,
            Resource::DocumentReference(r) => &r.id,
            Resource::Binary(r) => &r.id,
            Resource::Observation(r) => &r.id,
            Resource::Transaction(_) => return None,
        })
    }

    /// Checks that the body's id equals the id in the URL of a PUT (`invalid` at `Type.id`).
    pub fn ensure_id(&self, url_id: &str) -> Result<(), OperationOutcome> {
        match self.id() {
            Some(id) if id != url_id => Err(OperationOutcome::error_at(
                IssueCode::Invalid,
                format!("{}.id", self.resource_type()),
                format!("The id in the body ('{id}') differs from the id in the URL ('{url_id}')"),
            )),
            _ => Ok(()),
        }
    }

    /// The FHIR JSON of this resource, with `meta` when given (not used for a transaction).
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        match self {
            Resource::Patient(r) => r.to_json(meta),
            Resource::Practitioner(r) => r.to_json(meta),
            Resource::PractitionerRole(r) => r.to_json(meta),
            Resource::CareTeam(r) => r.to_json(meta),
            Resource::Appointment(r) => r.to_json(meta),
            Resource::CarePlan(r) => r.to_json(meta),
            Resource::Goal(r) => r.to_json(meta),
            Resource::DocumentReference(r) => r.to_json(meta),
            Resource::Binary(r) => r.to_json(meta),
            Resource::Observation(r) => r.to_json(meta),
            Resource::Transaction(b) => b.to_json(),
        }
    }
}

/// Parses and validates a request body.
///
/// `expected` is the type in the URL (`None` when posting to the base, e.g. a transaction).
/// All problems found are returned together as one OperationOutcome.
pub fn parse_resource(
    expected: Option<ResourceType>,
    body: &[u8],
    limits: &Limits,
) -> Result<Resource, OperationOutcome> {
    if body.len() > limits.max_bytes {
        return Err(OperationOutcome::error(
            IssueCode::TooLong,
            format!(
                "The request body is {} bytes; at most {} bytes are accepted",
                body.len(),
                limits.max_bytes
            ),
        ));
    }
    let value = from_slice_strict(body)?;
    // The R4 definitions first; a body of the wrong or an unknown type is left to the
    // reading below, which names the mismatch.
    let validated = validation_root(expected, &value);
    let mut issues = match validated {
        Some(root) => validate_resource(&value, root),
        None => Vec::new(),
    };
    // Invalid FHIR is 400 with what the definitions found. What remains is valid FHIR, or
    // valid apart from elements and types this server does not support (a modifier
    // extension, a contained Condition); the typed reading adds what the care page cannot
    // keep or show, and all of it is answered 422.
    if issues.iter().any(|i| i.code != IssueCode::NotSupported) {
        return Err(OperationOutcome::from_issues(issues));
    }
    let mut cx = Ctx::new(limits);
    let resource = read_resource(&mut cx, &value, None, expected);
    for issue in cx.issues {
        let repeated = issue.expression.iter().any(|e| {
            issues
                .iter()
                .flat_map(|i| &i.expression)
                .any(|seen| within(e, seen))
        });
        if !repeated && issues.len() < MAX_ISSUES {
            issues.push(issue);
        }
    }
    let refusal = match resource {
        Some(r) if issues.is_empty() => return Ok(r),
        _ if issues.is_empty() => {
            OperationOutcome::error(IssueCode::Invalid, "The resource is not valid")
        }
        _ => OperationOutcome::from_issues(issues),
    };
    Err(if validated.is_some() {
        refusal.unprocessable()
    } else {
        refusal
    })
}

/// Whether the FHIRPath `path` is `outer` or inside it.
fn within(path: &str, outer: &str) -> bool {
    path.strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The type name to validate the body as: its `resourceType`, when that is a supported type
/// and the one the URL expects.
fn validation_root(expected: Option<ResourceType>, value: &Value) -> Option<&str> {
    let name = value.get("resourceType")?.as_str()?;
    let matches = expected.is_none_or(|t| t.as_str() == name);
    (matches && knows_resource_type(name)).then_some(name)
}

/// Reads one resource at `root` (`None` at the top level, where the root is named after
/// the type; `Bundle.entry[n].resource` inside a transaction, where bundles are refused).
pub(crate) fn read_resource(
    cx: &mut Ctx<'_>,
    value: &Value,
    root: Option<String>,
    expected: Option<ResourceType>,
) -> Option<Resource> {
    let nested = root.is_some();
    let Value::Object(map) = value else {
        let path = root
            .or_else(|| expected.map(|t| t.as_str().to_owned()))
            .unwrap_or_else(|| "Resource".to_owned());
        cx.error(
            IssueCode::Structure,
            &path,
            format!("A resource must be a JSON object, not {}", kind(value)),
        );
        return None;
    };
    let type_value = map.get("resourceType");
    let type_name = type_value.and_then(Value::as_str);
    let root = root.unwrap_or_else(|| match (expected, type_name) {
        (Some(t), _) => t.as_str().to_owned(),
        (None, Some(name))
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            name.to_owned()
        }
        _ => "Resource".to_owned(),
    });
    let type_path = format!("{root}.resourceType");
    let Some(type_name) = type_name else {
        match type_value {
            None | Some(Value::Null) => {
                cx.error(IssueCode::Required, &type_path, "resourceType is required")
            }
            Some(other) => cx.error(
                IssueCode::Structure,
                &type_path,
                format!("resourceType must be a string, not {}", kind(other)),
            ),
        }
        return None;
    };
    if let Some(expected) = expected
        && type_name != expected.as_str()
    {
        cx.error(
            IssueCode::Invalid,
            &type_path,
            format!("Expected a {expected} resource here, but the body is a {type_name}"),
        );
        return None;
    }
    let Some(resource_type) = ResourceType::parse(type_name) else {
        cx.error(
            IssueCode::NotSupported,
            &type_path,
            format!("Resource type '{type_name}' is not supported by this server"),
        );
        return None;
    };
    let obj = Obj::new(map, root);
    match resource_type {
        ResourceType::Patient => Patient::read(cx, &obj).map(Resource::Patient),
        ResourceType::Practitioner => Practitioner::read(cx, &obj).map(Resource::Practitioner),
        ResourceType::PractitionerRole => {
            PractitionerRole::read(cx, &obj).map(Resource::PractitionerRole)
        }
        ResourceType::CareTeam => CareTeam::read(cx, &obj).map(Resource::CareTeam),
        ResourceType::Appointment => Appointment::read(cx, &obj).map(Resource::Appointment),
        ResourceType::CarePlan => CarePlan::read(cx, &obj).map(Resource::CarePlan),
        ResourceType::Goal => Goal::read(cx, &obj).map(Resource::Goal),
        ResourceType::DocumentReference => {
            DocumentReference::read(cx, &obj).map(Resource::DocumentReference)
        }
        ResourceType::Binary => Binary::read(cx, &obj).map(Resource::Binary),
        ResourceType::Observation => Observation::read(cx, &obj).map(Resource::Observation),
        ResourceType::Bundle if nested => {
            cx.error(
                IssueCode::NotSupported,
                &type_path,
                "A Bundle cannot be nested inside a transaction",
            );
            None
        }
        ResourceType::Bundle => TransactionBundle::read(cx, &obj).map(Resource::Transaction),
    }
}
