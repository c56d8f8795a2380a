//! FHIR R4 (4.0.1) JSON for Zorgkring: our own structs for the resources providers push and
//! we serve, strict validation of incoming JSON with OperationOutcome errors, and builders
//! for outgoing JSON. Pure functions: no database, no HTTP.
//!
//! # Incoming
//!
//! [`parse_resource`] takes the type from the URL, the body and [`Limits`], and returns a
//! validated [`Resource`] or an [`OperationOutcome`] listing every problem found, each with
//! an issue `code` (`structure`, `not-supported`, `invalid`, `required`, `value`,
//! `too-long`), plain-English `diagnostics` and a FHIRPath-style `expression` such as
//! `Appointment.participant[0].actor.reference` (inside a transaction:
//! `Bundle.entry[3].resource.participant[0].actor.reference`).
//!
//! - The body must be strict FHIR R4 JSON: [`json::from_slice_strict`] refuses duplicate
//!   keys, and [`validate::validate_resource`] checks it against the official R4
//!   StructureDefinitions of the supported types (embedded, see `definitions/README.md`):
//!   unknown elements, wrong JSON types and primitive formats, cardinality, codes outside
//!   required bindings, `null`, `[]`, `{}` and `""` are refused with 400.
//!   `modifierExtension` (anywhere) and `implicitRules` are refused with 422
//!   `not-supported`: we do not understand them, so we could not keep the resource
//!   correctly. `extension`, `_element` primitive extensions, `meta`, `text` and
//!   `contained` resources of supported types are allowed. Then the typed reading below
//!   adds the portal's own rules; its issues come after the validator's.
//! - Only the elements the portal stores are kept (see each struct). Required ones are
//!   refused with `required` when missing.
//! - References must be local, `Type/id`, to the right type; absolute, contained (`#x`),
//!   conditional and versioned references are refused with `invalid`. Ids follow
//!   `[A-Za-z0-9\-\.]{1,64}`.
//! - `instant` → [`jiff::Timestamp`]; `date` → [`jiff::civil::Date`]; `dateTime` →
//!   [`FhirDateTime`] (a full date or an instant). Partial dates (`YYYY`, `YYYY-MM`) are
//!   refused with `value`.
//! - Transactions and batches ([`TransactionBundle`]) hold PUT (by id or conditional), POST
//!   (optionally `ifNoneExist`) and DELETE entries; `urn:uuid:` references between entries
//!   are resolved once the caller knows each entry's id ([`TransactionBundle::resolve`]).
//!
//! # Reports and documents
//!
//! A report is carried as a [`DocumentReference`] whose `content[0].attachment` has
//! `contentType: "text/plain"` and the UTF-8 text inline in `data` (base64): one resource,
//! no separate Binary, and any FHIR client can read it. A PDF is a DocumentReference with
//! `contentType: "application/pdf"`, either inline in `attachment.data` (base64) or stored
//! as a [`Binary`] and referenced by `attachment.url = "Binary/{id}"`. See
//! [`DocumentReference::is_report`].
//!
//! # Appointments: location and video link
//!
//! No extensions are needed. The location is the `display` of a participant whose actor is
//! a Location (`"reference": "Location/…"`, or `"type": "Location"` with only a display).
//! R4 has no element for a video link (`Appointment.telecom` does not exist), so `comment`
//! is kept verbatim and [`Appointment::video_url`] returns the first `https://` link in it.
//!
//! # Kept as received
//!
//! A parsed resource carries the JSON it was read from (`received`): the typed fields are what
//! the portal reads (the care page projection), the received JSON is what is stored and served.
//! Nothing a provider sends is dropped: codings, UCUM codes, identifiers, components and `meta`
//! content such as `profile` come back as sent; only `meta.versionId` and `meta.lastUpdated`
//! are the server's ([`with_meta`]). What the care page cannot show correctly is refused
//! (`business-rule`, 422) naming the element, e.g. `Observation.value[x]` for a valueString.
//!
//! # Outgoing
//!
//! Every struct has `to_json(meta)`: the received JSON with `meta` merged in, or, for a
//! resource built here (an export), JSON built from its fields. [`SearchSet`],
//! [`TransactionResponse`], [`OperationOutcome`] and [`capability_statement`] build the other
//! responses.

mod base64;
pub mod bundle;
pub mod capability;
mod datetime;
pub mod json;
pub mod outcome;
mod parse;
pub mod reference;
pub mod resource_type;
pub mod resources;
pub mod validate;

pub use bundle::{
    BundleKind, EntryRequest, History, ResponseEntry, SearchSet, TransactionBundle,
    TransactionEntry, TransactionResponse, entry_path,
};
pub use capability::{
    Capabilities, Interaction, OperationCapability, ResourceCapability, SearchParam,
    SearchParamType, capability_statement,
};
pub use datetime::FhirDateTime;
pub use outcome::{Issue, IssueCode, IssueSeverity, OperationOutcome};
pub use parse::{Limits, Resource, parse_resource};
pub use reference::{ID_RULE, Reference, ReferenceError, is_valid_id};
pub use resource_type::ResourceType;
pub use resources::appointment::{Appointment, AppointmentStatus};
pub use resources::binary::{Binary, base64_text};
pub use resources::care_plan::{CarePlan, CarePlanIntent, CarePlanStatus};
pub use resources::care_team::{CareTeam, CareTeamMember};
pub use resources::document_reference::{DocumentContent, DocumentReference, DocumentStatus};
pub use resources::goal::{Goal, GoalLifecycleStatus};
pub use resources::observation::{Observation, ObservationComponent, ObservationStatus};
pub use resources::patient::{Address, Identifier, Patient};
pub use resources::practitioner::Practitioner;
pub use resources::practitioner_role::PractitionerRole;
pub use resources::{Meta, with_meta};
