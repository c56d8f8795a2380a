//! The R4 StructureDefinitions we validate against, embedded and indexed once.
//!
//! `definitions/r4-definitions.json` is extracted by `definitions/generate.mjs` from the
//! FHIR R4 (4.0.1) StructureDefinitions and value sets, which HL7 publishes under CC0
//! (public domain). It holds the supported resource types, every datatype they reach, and
//! the expanded codes of their required bindings.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

/// The embedded definitions, parsed and indexed on first use.
pub(crate) static DEFINITIONS: LazyLock<Definitions> = LazyLock::new(|| {
    #[allow(
        clippy::expect_used,
        reason = "the embedded file is checked by the tests"
    )]
    let raw: RawDefinitions =
        serde_json::from_str(include_str!("../../definitions/r4-definitions.json"))
            .expect("the embedded R4 definitions are valid JSON");
    Definitions::index(raw)
});

#[derive(Deserialize)]
struct RawDefinitions {
    supported: Vec<String>,
    types: HashMap<String, RawType>,
    #[serde(rename = "valueSets")]
    value_sets: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct RawType {
    kind: String,
    elements: Vec<RawElement>,
}

#[derive(Deserialize)]
struct RawElement {
    /// The path below the type, e.g. `contact.name` or `value[x]`.
    p: String,
    min: u32,
    max: String,
    /// The type codes (absent for a content reference).
    #[serde(default)]
    t: Vec<String>,
    /// The path of the element whose definition this one reuses (`contentReference`).
    #[serde(default, rename = "ref")]
    content_ref: Option<String>,
    /// The required value set of a `code`.
    #[serde(default)]
    vs: Option<String>,
}

/// What kind of type a definition describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    PrimitiveType,
    ComplexType,
    Resource,
}

/// All types and value sets, indexed for lookups by JSON key.
pub(crate) struct Definitions {
    /// The resource types this server accepts.
    supported: HashSet<String>,
    types: HashMap<String, TypeDef>,
    value_sets: HashMap<String, HashSet<String>>,
}

/// One type: its elements, element 0 being the type itself.
pub(crate) struct TypeDef {
    pub(crate) kind: Kind,
    pub(crate) elements: Vec<Element>,
}

/// One element of a type, with the JSON keys of its children.
pub(crate) struct Element {
    /// The element's path in its type, e.g. `Patient.contact.name`.
    pub(crate) path: String,
    /// The element's name as in FHIRPath, e.g. `value[x]` or `given`.
    pub(crate) name: String,
    pub(crate) min: u32,
    /// `None` for `*`.
    pub(crate) max: Option<u32>,
    /// The allowed type codes: `string`, `Quantity`, `BackboneElement`, `Resource`, …
    pub(crate) types: Vec<String>,
    /// The required value set of a `code` element.
    pub(crate) value_set: Option<String>,
    /// The element whose children this one has (itself, or its `contentReference`).
    pub(crate) children_of: usize,
    /// JSON key → child; a choice element appears once per type (`valueQuantity`, …).
    pub(crate) children: HashMap<String, Child>,
    /// Child elements with `min > 0`.
    pub(crate) required: Vec<usize>,
}

/// A child element as named by one JSON key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Child {
    /// Index of the element in its type.
    pub(crate) element: usize,
    /// For a choice (`value[x]`): the index of the chosen type in `types`.
    pub(crate) choice: Option<usize>,
}

impl Definitions {
    fn index(raw: RawDefinitions) -> Self {
        let types = raw
            .types
            .into_iter()
            .map(|(name, t)| {
                let def = TypeDef::index(&name, t);
                (name, def)
            })
            .collect();
        let value_sets = raw
            .value_sets
            .into_iter()
            .map(|(url, codes)| (url, codes.into_iter().collect()))
            .collect();
        Definitions {
            supported: raw.supported.into_iter().collect(),
            types,
            value_sets,
        }
    }

    /// The definition of a type by its FHIR name.
    pub(crate) fn get(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name)
    }

    /// The definition of a resource type this server accepts.
    pub(crate) fn supported_resource(&self, name: &str) -> Option<&TypeDef> {
        self.supported
            .contains(name)
            .then(|| self.types.get(name))
            .flatten()
            .filter(|t| t.kind == Kind::Resource)
    }

    /// Whether `code` is in the value set; `None` when the value set was not expanded.
    pub(crate) fn in_value_set(&self, url: &str, code: &str) -> Option<bool> {
        self.value_sets.get(url).map(|codes| codes.contains(code))
    }
}

impl TypeDef {
    fn index(name: &str, raw: RawType) -> Self {
        let kind = match raw.kind.as_str() {
            "primitive-type" => Kind::PrimitiveType,
            "resource" => Kind::Resource,
            _ => Kind::ComplexType,
        };
        let paths: Vec<&str> = std::iter::once("")
            .chain(raw.elements.iter().map(|e| e.p.as_str()))
            .collect();
        let position = |path: &str| paths.iter().position(|p| *p == path);
        let mut elements: Vec<Element> = Vec::with_capacity(paths.len());
        elements.push(Element {
            path: name.to_owned(),
            name: name.to_owned(),
            min: 0,
            max: None,
            types: Vec::new(),
            value_set: None,
            children_of: 0,
            children: HashMap::new(),
            required: Vec::new(),
        });
        let type_name = name;
        for (i, e) in raw.elements.iter().enumerate() {
            let name = e.p.rsplit('.').next().unwrap_or(&e.p).to_owned();
            let children_of = e.content_ref.as_deref().and_then(position).unwrap_or(i + 1);
            elements.push(Element {
                path: format!("{type_name}.{}", e.p),
                name,
                min: e.min,
                max: e.max.parse().ok(),
                types: e.t.clone(),
                value_set: e.vs.clone(),
                children_of,
                children: HashMap::new(),
                required: Vec::new(),
            });
        }
        for (i, e) in raw.elements.iter().enumerate() {
            let index = i + 1;
            let parent =
                e.p.rfind('.')
                    .and_then(|dot| position(&e.p[..dot]))
                    .unwrap_or(0);
            let element = &elements[index];
            let mut keys = Vec::new();
            if let Some(stem) = element.name.strip_suffix("[x]") {
                for (n, t) in element.types.iter().enumerate() {
                    keys.push((choice_key(stem, t), Some(n)));
                }
            } else {
                keys.push((element.name.clone(), None));
            }
            let min = element.min;
            let parent = &mut elements[parent];
            for (key, choice) in keys {
                parent.children.insert(
                    key,
                    Child {
                        element: index,
                        choice,
                    },
                );
            }
            if min > 0 {
                parent.required.push(index);
            }
        }
        TypeDef { kind, elements }
    }
}

/// The JSON key of one type of a choice: `value` + `Quantity`, `value` + `String`.
fn choice_key(stem: &str, type_code: &str) -> String {
    let mut key = String::with_capacity(stem.len() + type_code.len());
    key.push_str(stem);
    let mut chars = type_code.chars();
    if let Some(first) = chars.next() {
        key.extend(first.to_uppercase());
        key.push_str(chars.as_str());
    }
    key
}
