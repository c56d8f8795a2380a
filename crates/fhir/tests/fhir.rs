//! Integration tests of zk-fhir: round trips, official HL7 R4 examples, refusals, builders.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

#[path = "fhir/builders.rs"]
mod builders;
#[path = "fhir/capability.rs"]
mod capability;
#[path = "fhir/collection.rs"]
mod collection;
#[path = "fhir/common.rs"]
mod common;
#[path = "fhir/examples.rs"]
mod examples;
#[path = "fhir/invalid.rs"]
mod invalid;
#[path = "fhir/round_trip.rs"]
mod round_trip;
#[path = "fhir/transaction.rs"]
mod transaction;
#[path = "fhir/validate.rs"]
mod validate;
