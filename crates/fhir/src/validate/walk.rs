//! The walk over one resource: objects, arrays and primitives against their definitions.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::definitions::{DEFINITIONS, Element, Kind, TypeDef};
use super::primitive;
use crate::json::{MAX_ISSUES, kind};
use crate::outcome::{Issue, IssueCode};

/// Collects the issues of one walk. Paths are built in one buffer, pushed and truncated.
pub(crate) struct Walker {
    issues: Vec<Issue>,
}

/// Where the value being checked sits in its definition.
#[derive(Clone, Copy)]
struct Slot<'d> {
    td: &'d TypeDef,
    element: usize,
    /// The type of this value (a choice's chosen type; `None` for a content reference).
    type_code: Option<&'d str>,
    /// The JSON key was `_name`: the id and extensions of a primitive.
    primitive_extension: bool,
    /// This is `id` directly on a resource, whose values follow the `id` type.
    resource_id: bool,
}

impl Walker {
    pub(crate) fn new() -> Self {
        Walker { issues: Vec::new() }
    }

    pub(crate) fn into_issues(self) -> Vec<Issue> {
        self.issues
    }

    fn error(&mut self, code: IssueCode, path: &str, diagnostics: impl Into<String>) {
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(Issue::error(code, diagnostics).at(path));
        }
    }

    /// A whole resource at `path`; `contained` when it sits in another's `contained`.
    pub(crate) fn resource(&mut self, value: &Value, path: &mut String, contained: bool) {
        let Value::Object(map) = value else {
            self.error(
                IssueCode::Structure,
                path,
                format!("A resource must be a JSON object, not {}", kind(value)),
            );
            return;
        };
        let len = path.len();
        path.push_str(".resourceType");
        let td = match map.get("resourceType") {
            None | Some(Value::Null) => {
                self.error(IssueCode::Required, path, "resourceType is required");
                None
            }
            Some(Value::String(name)) => match DEFINITIONS.supported_resource(name) {
                Some(td) => Some(td),
                None => {
                    self.error(
                        IssueCode::NotSupported,
                        path,
                        format!("Resource type '{name}' is not supported by this server"),
                    );
                    None
                }
            },
            Some(other) => {
                self.error(
                    IssueCode::Structure,
                    path,
                    format!("resourceType must be a string, not {}", kind(other)),
                );
                None
            }
        };
        path.truncate(len);
        if let Some(td) = td {
            self.object(td, 0, map, path, Some(contained));
        }
    }

    /// The members of an object defined by `td.elements[element]`. `resource` is
    /// `Some(contained)` when the object is a resource.
    fn object(
        &mut self,
        td: &TypeDef,
        element: usize,
        map: &Map<String, Value>,
        path: &mut String,
        resource: Option<bool>,
    ) {
        if map.is_empty() {
            self.error(
                IssueCode::Structure,
                path,
                "An object must have content: empty objects are not allowed in FHIR JSON",
            );
            return;
        }
        let def = &td.elements[td.elements[element].children_of];
        // Elements present, with the key that named them (to spot a choice given twice).
        let mut present: Vec<(usize, &str)> = Vec::with_capacity(map.len());
        let len = path.len();
        for (key, value) in map {
            if resource.is_some() && key == "resourceType" {
                continue;
            }
            path.push('.');
            path.push_str(key);
            let (name, primitive_extension) = match key.strip_prefix('_') {
                Some(name) => (name, true),
                None => (key.as_str(), false),
            };
            match def.children.get(name) {
                None => self.error(
                    IssueCode::Structure,
                    path,
                    format!(
                        "Unknown element '{key}': {} has no such element in FHIR R4",
                        def.path
                    ),
                ),
                Some(child) => {
                    let el = &td.elements[child.element];
                    let type_code = match (child.choice, el.types.as_slice()) {
                        (Some(n), types) => types.get(n).map(String::as_str),
                        (None, [only]) => Some(only.as_str()),
                        _ => None,
                    };
                    if let Some(&(_, other)) = present
                        .iter()
                        .find(|(e, k)| *e == child.element && *k != name)
                    {
                        self.error(
                            IssueCode::Structure,
                            path,
                            format!(
                                "{} allows one value, but both '{other}' and '{name}' are given",
                                el.name
                            ),
                        );
                    }
                    present.push((child.element, name));
                    let slot = Slot {
                        td,
                        element: child.element,
                        type_code,
                        primitive_extension,
                        resource_id: resource.is_some() && el.name == "id",
                    };
                    if primitive_extension && !type_code.is_some_and(is_primitive) {
                        self.error(
                            IssueCode::Structure,
                            path,
                            format!(
                                "Unknown element '{key}': only primitive elements have an \
                                 '_' element, and {name} is not one"
                            ),
                        );
                    } else if el.name == "modifierExtension" {
                        self.modifier_extensions(value, path);
                    } else if el.name == "implicitRules" && resource.is_some() {
                        self.error(
                            IssueCode::NotSupported,
                            path,
                            "This server cannot honour implicitRules, so it cannot keep this \
                             resource correctly",
                        );
                    } else if resource == Some(true) && el.name == "contained" {
                        self.error(
                            IssueCode::NotSupported,
                            path,
                            "A contained resource cannot contain other resources",
                        );
                    } else {
                        let pair = Pair {
                            map,
                            name,
                            primitive_extension,
                        };
                        self.values(slot, el, value, pair, path);
                    }
                }
            }
            path.truncate(len);
        }
        for &required in &def.required {
            if !present.iter().any(|(e, _)| *e == required) {
                let name = &td.elements[required].name;
                path.push('.');
                path.push_str(name.strip_suffix("[x]").unwrap_or(name));
                self.error(
                    IssueCode::Required,
                    path,
                    format!("{} is required", td.elements[required].path),
                );
                path.truncate(len);
            }
        }
    }

    /// The value(s) of one element: an array when it repeats, else a single value.
    fn values(
        &mut self,
        slot: Slot<'_>,
        el: &Element,
        value: &Value,
        pair: Pair<'_>,
        path: &mut String,
    ) {
        let repeats = el.max != Some(1);
        match value {
            Value::Array(items) if repeats => {
                if items.is_empty() {
                    self.error(
                        IssueCode::Structure,
                        path,
                        "Empty arrays are not allowed in FHIR JSON; leave the element out",
                    );
                    return;
                }
                if let Some(max) = el.max
                    && items.len() > max as usize
                {
                    self.error(
                        IssueCode::Structure,
                        path,
                        format!("{} allows at most {max} values", el.path),
                    );
                }
                let len = path.len();
                for (i, item) in items.iter().enumerate() {
                    let _ = write!(path, "[{i}]");
                    if !(item.is_null() && pair.other_has(i)) {
                        self.value(slot, item, path);
                    }
                    path.truncate(len);
                }
            }
            Value::Array(_) => self.error(
                IssueCode::Structure,
                path,
                format!("{} has one value, not an array", el.path),
            ),
            Value::Null => self.null(path),
            _ if repeats => self.error(
                IssueCode::Structure,
                path,
                format!("{} repeats, so it must be an array", el.path),
            ),
            _ => self.value(slot, value, path),
        }
    }

    fn null(&mut self, path: &str) {
        self.error(
            IssueCode::Structure,
            path,
            "null is not allowed in FHIR JSON; leave the element out",
        );
    }

    /// One value of an element.
    fn value(&mut self, slot: Slot<'_>, value: &Value, path: &mut String) {
        if value.is_null() {
            return self.null(path);
        }
        let el = &slot.td.elements[slot.element];
        let Some(type_code) = slot.type_code else {
            // A content reference: the children of another element of this type.
            return self.inline(slot.td, slot.element, value, path);
        };
        if slot.primitive_extension {
            return match (DEFINITIONS.get(type_code), value) {
                (Some(td), Value::Object(map)) => self.object(td, 0, map, path, None),
                _ => self.error(
                    IssueCode::Structure,
                    path,
                    format!(
                        "The extensions of a primitive must be an object, not {}",
                        kind(value)
                    ),
                ),
            };
        }
        match type_code {
            "Element" | "BackboneElement" => self.inline(slot.td, slot.element, value, path),
            "Resource" => self.resource(value, path, el.name == "contained"),
            _ => match DEFINITIONS.get(type_code) {
                Some(td) if td.kind == Kind::PrimitiveType => {
                    let checked_as = if slot.resource_id { "id" } else { type_code };
                    match primitive::check(checked_as, value) {
                        Err((code, message)) => {
                            self.error(code, path, format!("{}: {message}", el.path))
                        }
                        Ok(()) => self.binding(el, value, path),
                    }
                }
                Some(td) if td.kind == Kind::Resource => {
                    self.resource(value, path, el.name == "contained")
                }
                Some(td) => match value {
                    Value::Object(map) => self.object(td, 0, map, path, None),
                    other => self.error(
                        IssueCode::Structure,
                        path,
                        format!(
                            "{} must be a {type_code} object, not {}",
                            el.path,
                            kind(other)
                        ),
                    ),
                },
                None => self.error(
                    IssueCode::NotSupported,
                    path,
                    format!(
                        "{} has type {type_code}, which this server cannot check",
                        el.path
                    ),
                ),
            },
        }
    }

    /// An object whose children are defined inline (a backbone element).
    fn inline(&mut self, td: &TypeDef, element: usize, value: &Value, path: &mut String) {
        match value {
            Value::Object(map) => self.object(td, element, map, path, None),
            other => self.error(
                IssueCode::Structure,
                path,
                format!(
                    "{} must be an object, not {}",
                    td.elements[element].path,
                    kind(other)
                ),
            ),
        }
    }

    /// A code checked against its required value set.
    fn binding(&mut self, el: &Element, value: &Value, path: &str) {
        let (Some(url), Some(code)) = (&el.value_set, value.as_str()) else {
            return;
        };
        if DEFINITIONS.in_value_set(url, code) == Some(false) {
            self.error(
                IssueCode::Value,
                path,
                format!(
                    "'{code}' is not a valid code for {} (value set {url})",
                    el.path
                ),
            );
        }
    }

    /// `modifierExtension`: refused, naming each extension, since we do not understand it.
    fn modifier_extensions(&mut self, value: &Value, path: &mut String) {
        let items = value.as_array().map_or(&[][..], Vec::as_slice);
        if items.is_empty() {
            self.error(
                IssueCode::NotSupported,
                path,
                "This server does not understand modifier extensions, so it cannot keep this \
                 resource correctly",
            );
        }
        let len = path.len();
        for (i, item) in items.iter().enumerate() {
            let _ = write!(path, "[{i}]");
            let url = item
                .get("url")
                .and_then(Value::as_str)
                .unwrap_or("(no url)");
            self.error(
                IssueCode::NotSupported,
                path,
                format!(
                    "This server does not understand modifier extension {url}, so it cannot \
                     keep this resource correctly"
                ),
            );
            path.truncate(len);
        }
    }
}

/// The object holding an element, to find the other half of a primitive array: `_given`
/// for `given` and the reverse, where a `null` may stand opposite a value.
#[derive(Clone, Copy)]
struct Pair<'a> {
    map: &'a Map<String, Value>,
    name: &'a str,
    primitive_extension: bool,
}

impl Pair<'_> {
    /// Whether the other half has a value at `index` (looked up only for a `null`).
    fn other_has(&self, index: usize) -> bool {
        let other = if self.primitive_extension {
            self.map.get(self.name)
        } else {
            self.map.get(&format!("_{}", self.name))
        };
        other
            .and_then(Value::as_array)
            .and_then(|items| items.get(index))
            .is_some_and(|v| !v.is_null())
    }
}

/// Whether a type code names a primitive type.
fn is_primitive(type_code: &str) -> bool {
    DEFINITIONS
        .get(type_code)
        .is_some_and(|t| t.kind == Kind::PrimitiveType)
}
