//! Local references (`"Patient/abc"`) and the logical id rule.

use std::fmt;

use serde_json::{Value, json};

use crate::ResourceType;

/// The id rule in words, for the messages that refuse an id.
pub const ID_RULE: &str =
    "ids are 1 to 64 characters of A-Z, a-z, 0-9, '-' and '.', and not '.' or '..'";

/// Whether `id` is a FHIR logical id: `[A-Za-z0-9\-\.]{1,64}`, and not `.` or `..`, which a
/// URL reads as "this folder" and "the folder above" (`Patient/..` is no resource's address).
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id != "."
        && id != ".."
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// A typed local reference, `Type/id`, to a resource on this server.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    pub resource_type: ResourceType,
    pub id: String,
}

/// Why a reference string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceError {
    /// `http://…/Patient/1` or `urn:uuid:…`.
    Absolute,
    /// `#local` (a contained resource).
    Contained,
    /// `Patient?identifier=…`.
    Conditional,
    /// `Patient/1/_history/2`.
    Versioned,
    /// Not of the form `Type/id`.
    Malformed,
    /// The id part breaks the logical id rule.
    BadId,
    /// A well-formed reference to a type this server does not store.
    UnknownType(String),
}

impl ReferenceError {
    /// A plain-English explanation naming the offending input.
    pub fn describe(&self, input: &str) -> String {
        match self {
            ReferenceError::Absolute => format!(
                "'{input}' is an absolute reference; only local references such as 'Patient/123' are accepted"
            ),
            ReferenceError::Contained => format!(
                "'{input}' refers to a contained resource; contained resources are not supported, send the resource on its own and refer to it as 'Type/id'"
            ),
            ReferenceError::Conditional => {
                format!("'{input}' is a conditional reference; refer to the resource as 'Type/id'")
            }
            ReferenceError::Versioned => format!(
                "'{input}' is a version-specific reference; refer to the resource as 'Type/id' without _history"
            ),
            ReferenceError::Malformed => {
                format!("'{input}' is not a reference of the form 'Type/id'")
            }
            ReferenceError::BadId => format!("'{input}' has an invalid id; {ID_RULE}"),
            ReferenceError::UnknownType(t) => {
                format!("'{input}' refers to a {t}, which this server does not store")
            }
        }
    }
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReferenceError::Absolute => "absolute references are not accepted",
            ReferenceError::Contained => "contained references are not accepted",
            ReferenceError::Conditional => "conditional references are not accepted",
            ReferenceError::Versioned => "version-specific references are not accepted",
            ReferenceError::Malformed => "not a reference of the form Type/id",
            ReferenceError::BadId => "invalid id in reference",
            ReferenceError::UnknownType(_) => "reference to a type this server does not store",
        })
    }
}

impl std::error::Error for ReferenceError {}

impl Reference {
    /// A reference; `id` is taken as is (use [`Reference::parse`] for untrusted input).
    pub fn new(resource_type: ResourceType, id: impl Into<String>) -> Self {
        Reference {
            resource_type,
            id: id.into(),
        }
    }

    /// Parses a local reference `Type/id` to one of our resource types.
    pub fn parse(input: &str) -> Result<Self, ReferenceError> {
        let (type_name, id) = split_local(input)?;
        let resource_type = ResourceType::parse(type_name)
            .ok_or_else(|| ReferenceError::UnknownType(type_name.to_owned()))?;
        Ok(Reference::new(resource_type, id))
    }

    /// The FHIR `Reference` element: `{"reference": "Type/id"}`.
    pub fn to_json(&self) -> Value {
        json!({ "reference": self.to_string() })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.resource_type, self.id)
    }
}

/// Splits a local reference of any type name into `(type, id)`, checking its form and id.
pub(crate) fn split_local(input: &str) -> Result<(&str, &str), ReferenceError> {
    if input.starts_with('#') {
        return Err(ReferenceError::Contained);
    }
    if input.contains("://") || input.starts_with("urn:") {
        return Err(ReferenceError::Absolute);
    }
    if input.contains('?') {
        return Err(ReferenceError::Conditional);
    }
    let parts: Vec<&str> = input.split('/').collect();
    match parts.as_slice() {
        [type_name, id] if is_type_name(type_name) => {
            if is_valid_id(id) {
                Ok((type_name, id))
            } else {
                Err(ReferenceError::BadId)
            }
        }
        [type_name, _, "_history", _] if is_type_name(type_name) => Err(ReferenceError::Versioned),
        _ => Err(ReferenceError::Malformed),
    }
}

fn is_type_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("abc-123.X"));
        assert!(is_valid_id(&"a".repeat(64)));
        assert!(is_valid_id("..."));
        assert!(is_valid_id(".a"));
        assert!(!is_valid_id("."));
        assert!(!is_valid_id(".."));
        assert!(!is_valid_id(&"a".repeat(65)));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id("é"));
    }

    #[test]
    fn parses_local_references() {
        assert_eq!(
            Reference::parse("Patient/abc"),
            Ok(Reference::new(ResourceType::Patient, "abc"))
        );
        assert_eq!(
            Reference::parse("Practitioner/1.2-3").map(|r| r.to_string()),
            Ok("Practitioner/1.2-3".to_owned())
        );
    }

    #[test]
    fn refuses_everything_else() {
        use ReferenceError::*;
        for (input, err) in [
            ("http://example.org/fhir/Patient/1", Absolute),
            ("urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a", Absolute),
            ("#p1", Contained),
            ("Patient?identifier=1", Conditional),
            ("Patient/1/_history/2", Versioned),
            ("Patient", Malformed),
            ("Patient/", BadId),
            ("Patient/a b", BadId),
            ("patient/1", Malformed),
            ("/Patient/1", Malformed),
            ("Location/1", UnknownType("Location".to_owned())),
        ] {
            assert_eq!(Reference::parse(input), Err(err), "{input}");
        }
    }
}
