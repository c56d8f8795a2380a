//! Validation of incoming JSON against the FHIR R4 StructureDefinitions of the supported types.
//!
//! [`validate_resource`] walks a parsed resource once and reports, each at its FHIRPath:
//!
//! - elements that the R4 definition of the type or datatype does not have (`structure`);
//! - wrong JSON types, arrays where one value is allowed and the reverse, too many or too
//!   few values (`structure`, `required`);
//! - primitive values that do not match the R4 regex of their type (`value`);
//! - codes outside a **required** binding (`value`); bindings to value sets that cannot be
//!   expanded offline (mime types, currencies) are not checked;
//! - `null` (except aligned in a primitive array with an `_element` array), `[]`, `{}`, `""`
//!   (`structure` / `value`);
//! - a choice (`value[x]`) given twice, or with a type it does not allow (`structure`);
//! - `modifierExtension` anywhere and `implicitRules` (`not-supported`: we do not understand
//!   them, so we cannot keep the resource correctly);
//! - `contained` and `Bundle.entry.resource` are validated as resources of their own type;
//!   unsupported types and contained resources inside contained ones are refused.
//!
//! Extensions (`extension`, `_birthDate`) are allowed wherever R4 allows them. FHIRPath
//! invariants (`constraint`) are not evaluated. The definitions are indexed once, so the
//! walk is linear in the size of the resource.

mod definitions;
mod primitive;
mod walk;

use serde_json::Value;

use crate::outcome::Issue;

/// Validates `value` as a FHIR R4 resource located at `root` (`Patient`, or
/// `Bundle.entry[2].resource`) and returns every problem found, at most 100.
pub fn validate_resource(value: &Value, root: &str) -> Vec<Issue> {
    let mut walker = walk::Walker::new();
    walker.resource(value, &mut root.to_owned(), false);
    walker.into_issues()
}

/// Whether `name` is a resource type the validator knows (the supported types).
pub fn knows_resource_type(name: &str) -> bool {
    definitions::DEFINITIONS.supported_resource(name).is_some()
}
