//! The server's CapabilityStatement, built from what the caller says it supports.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use crate::ResourceType;

/// A type-level or instance-level RESTful interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interaction {
    Read,
    Vread,
    Update,
    Delete,
    HistoryInstance,
    Create,
    SearchType,
}

impl Interaction {
    /// The FHIR code, e.g. `"search-type"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Interaction::Read => "read",
            Interaction::Vread => "vread",
            Interaction::Update => "update",
            Interaction::Delete => "delete",
            Interaction::HistoryInstance => "history-instance",
            Interaction::Create => "create",
            Interaction::SearchType => "search-type",
        }
    }
}

/// The FHIR search parameter types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchParamType {
    Number,
    Date,
    String,
    Token,
    Reference,
    Quantity,
    Uri,
}

impl SearchParamType {
    /// The FHIR code, e.g. `"reference"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SearchParamType::Number => "number",
            SearchParamType::Date => "date",
            SearchParamType::String => "string",
            SearchParamType::Token => "token",
            SearchParamType::Reference => "reference",
            SearchParamType::Quantity => "quantity",
            SearchParamType::Uri => "uri",
        }
    }
}

/// A supported search parameter, e.g. `patient` of type `reference`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchParam {
    pub name: String,
    pub kind: SearchParamType,
    /// What it matches and which values, prefixes and modifiers it takes.
    pub documentation: Option<String>,
}

impl SearchParam {
    pub fn new(name: impl Into<String>, kind: SearchParamType) -> Self {
        SearchParam {
            name: name.into(),
            kind,
            documentation: None,
        }
    }

    /// The same parameter with its documentation.
    pub fn documented(mut self, documentation: impl Into<String>) -> Self {
        self.documentation = Some(documentation.into());
        self
    }
}

/// What the server supports for one resource type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceCapability {
    pub resource_type: ResourceType,
    pub interactions: Vec<Interaction>,
    pub search_params: Vec<SearchParam>,
    /// Whether an update (PUT) to a new id creates the resource.
    pub update_create: bool,
    /// `versioned` with `readHistory`, and how many versions are kept (said in
    /// `documentation`); `None`: no versioning listed.
    pub versions_kept: Option<i64>,
    /// Conditional create and update (by `identifier`); conditional delete is not supported.
    pub conditional: bool,
}

/// Everything the server supports.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Capabilities {
    pub resources: Vec<ResourceCapability>,
    /// Whether `transaction` Bundles are accepted at the base URL.
    pub transaction: bool,
    /// Whether `batch` Bundles are accepted at the base URL.
    pub batch: bool,
    /// System-level operations (`$name` at the base URL).
    pub operations: Vec<OperationCapability>,
}

/// A system-level operation, listed under `rest.operation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationCapability {
    /// Without the `$`, e.g. `import`.
    pub name: String,
    /// The canonical URL (or URN) of its definition.
    pub definition: String,
    pub documentation: String,
}

/// The CapabilityStatement (kind `instance`, FHIR 4.0.1, JSON only) listing exactly `capabilities`.
///
/// `date` is required by FHIR: pass when this server's capabilities last changed (e.g. the
/// release date).
pub fn capability_statement(
    base_url: &str,
    software_version: &str,
    date: Timestamp,
    capabilities: &Capabilities,
) -> Value {
    let resources: Vec<Value> = capabilities
        .resources
        .iter()
        .map(|rc| {
            let mut r = Map::new();
            r.insert("type".into(), json!(rc.resource_type.as_str()));
            r.insert(
                "interaction".into(),
                Value::Array(
                    rc.interactions
                        .iter()
                        .map(|i| json!({ "code": i.as_str() }))
                        .collect(),
                ),
            );
            if rc.interactions.contains(&Interaction::Update) {
                r.insert("updateCreate".into(), json!(rc.update_create));
            }
            if let Some(kept) = rc.versions_kept {
                r.insert("versioning".into(), json!("versioned"));
                r.insert("readHistory".into(), json!(true));
                r.insert(
                    "documentation".into(),
                    json!(format!(
                        "The last {kept} versions of each resource are kept for vread and _history (a deletion counts as one); version ids only grow, also over a deletion."
                    )),
                );
            }
            if rc.conditional {
                r.insert("conditionalCreate".into(), json!(true));
                r.insert("conditionalUpdate".into(), json!(true));
                r.insert("conditionalDelete".into(), json!("not-supported"));
            }
            if !rc.search_params.is_empty() {
                r.insert(
                    "searchParam".into(),
                    Value::Array(
                        rc.search_params
                            .iter()
                            .map(|p| {
                                let mut param = json!({ "name": p.name, "type": p.kind.as_str() });
                                if let Some(doc) = &p.documentation {
                                    param["documentation"] = json!(doc);
                                }
                                param
                            })
                            .collect(),
                    ),
                );
            }
            Value::Object(r)
        })
        .collect();
    let mut rest = Map::new();
    rest.insert("mode".into(), json!("server"));
    if !resources.is_empty() {
        rest.insert("resource".into(), Value::Array(resources));
    }
    let mut system = Vec::new();
    if capabilities.transaction {
        system.push(json!({ "code": "transaction" }));
    }
    if capabilities.batch {
        system.push(json!({ "code": "batch" }));
    }
    if !system.is_empty() {
        rest.insert("interaction".into(), Value::Array(system));
    }
    if !capabilities.operations.is_empty() {
        rest.insert(
            "operation".into(),
            Value::Array(
                capabilities
                    .operations
                    .iter()
                    .map(|o| {
                        json!({
                            "name": o.name,
                            "definition": o.definition,
                            "documentation": o.documentation,
                        })
                    })
                    .collect(),
            ),
        );
    }
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": date.to_string(),
        "publisher": "Zorgkring",
        "kind": "instance",
        "software": { "name": "Zorgkring", "version": software_version },
        "implementation": {
            "description": "Zorgkring FHIR API for care providers",
            "url": base_url
        },
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [rest]
    })
}
