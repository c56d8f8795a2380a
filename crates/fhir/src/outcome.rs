//! FHIR OperationOutcome: how every refusal and error is reported.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ResourceType;

/// `OperationOutcome.issue.severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueSeverity {
    Fatal,
    Error,
    Warning,
    Information,
}

/// `OperationOutcome.issue.code` (the subset of the FHIR IssueType codes we use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueCode {
    /// Content invalid against the specification or a profile.
    Invalid,
    /// A structural issue in the content, e.g. malformed JSON or a wrong JSON type.
    Structure,
    /// A required element is missing.
    Required,
    /// An element or header value is invalid.
    Value,
    /// Content is too long (the body, or an attachment).
    TooLong,
    /// The resource type, interaction or content is not supported.
    NotSupported,
    /// The resource does not exist.
    NotFound,
    /// The resource existed but was deleted.
    Deleted,
    /// Authentication is required.
    Login,
    /// The caller may not do this.
    Forbidden,
    /// A version conflict or precondition failure.
    Conflict,
    /// Content or rule conflicts with stored data.
    BusinessRule,
    /// Processing failed for reasons not covered by another code.
    Processing,
    /// An unexpected internal error.
    Exception,
    /// Too many requests.
    Throttled,
    /// Purely informational (e.g. a successful delete).
    Informational,
}

impl IssueCode {
    /// The FHIR code, e.g. `"too-long"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            IssueCode::Invalid => "invalid",
            IssueCode::Structure => "structure",
            IssueCode::Required => "required",
            IssueCode::Value => "value",
            IssueCode::TooLong => "too-long",
            IssueCode::NotSupported => "not-supported",
            IssueCode::NotFound => "not-found",
            IssueCode::Deleted => "deleted",
            IssueCode::Login => "login",
            IssueCode::Forbidden => "forbidden",
            IssueCode::Conflict => "conflict",
            IssueCode::BusinessRule => "business-rule",
            IssueCode::Processing => "processing",
            IssueCode::Exception => "exception",
            IssueCode::Throttled => "throttled",
            IssueCode::Informational => "informational",
        }
    }
}

/// One `OperationOutcome.issue`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub severity: IssueSeverity,
    pub code: IssueCode,
    /// A plain-English explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<String>,
    /// FHIRPath-style locations, e.g. `Appointment.participant[0].actor.reference`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expression: Vec<String>,
}

impl Issue {
    /// An `error` issue without a location.
    pub fn error(code: IssueCode, diagnostics: impl Into<String>) -> Self {
        Issue {
            severity: IssueSeverity::Error,
            code,
            diagnostics: Some(diagnostics.into()),
            expression: Vec::new(),
        }
    }

    /// This issue, located at `expression`.
    pub fn at(mut self, expression: impl Into<String>) -> Self {
        self.expression.push(expression.into());
        self
    }
}

/// A FHIR OperationOutcome. Serializes (serde) to FHIR JSON including `resourceType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "resourceType", rename = "OperationOutcome")]
pub struct OperationOutcome {
    pub issue: Vec<Issue>,
    /// The content is valid FHIR that this server cannot keep or show correctly: answered
    /// 422, not 400 (see [`OperationOutcome::unprocessable`]).
    #[serde(skip)]
    pub unprocessable: bool,
}

impl OperationOutcome {
    /// An outcome of these issues.
    pub fn from_issues(issue: Vec<Issue>) -> Self {
        OperationOutcome {
            issue,
            unprocessable: false,
        }
    }

    /// This outcome as the refusal of valid FHIR that this server cannot keep or show
    /// correctly (an element it does not support, a value the care page cannot show): the
    /// request was well-formed, so it is answered 422 Unprocessable Entity.
    pub fn unprocessable(mut self) -> Self {
        self.unprocessable = true;
        self
    }

    /// One `error` issue without a location.
    pub fn error(code: IssueCode, diagnostics: impl Into<String>) -> Self {
        Self::from_issues(vec![Issue::error(code, diagnostics)])
    }

    /// One `error` issue at `expression`.
    pub fn error_at(
        code: IssueCode,
        expression: impl Into<String>,
        diagnostics: impl Into<String>,
    ) -> Self {
        Self::from_issues(vec![Issue::error(code, diagnostics).at(expression)])
    }

    /// `Type/id` does not exist (HTTP 404).
    pub fn not_found(resource_type: ResourceType, id: &str) -> Self {
        Self::error(
            IssueCode::NotFound,
            format!("{resource_type}/{id} does not exist"),
        )
    }

    /// `Type/id` was deleted (HTTP 410).
    pub fn deleted(resource_type: ResourceType, id: &str) -> Self {
        Self::error(
            IssueCode::Deleted,
            format!("{resource_type}/{id} has been deleted"),
        )
    }

    /// The caller is authenticated but may not do this (HTTP 403).
    pub fn forbidden(diagnostics: impl Into<String>) -> Self {
        Self::error(IssueCode::Forbidden, diagnostics)
    }

    /// The caller must authenticate (HTTP 401).
    pub fn login_required(diagnostics: impl Into<String>) -> Self {
        Self::error(IssueCode::Login, diagnostics)
    }

    /// A version conflict or failed precondition (HTTP 409/412).
    pub fn conflict(diagnostics: impl Into<String>) -> Self {
        Self::error(IssueCode::Conflict, diagnostics)
    }

    /// The interaction or content is not supported (HTTP 400, or 405 for a method).
    pub fn not_supported(diagnostics: impl Into<String>) -> Self {
        Self::error(IssueCode::NotSupported, diagnostics)
    }

    /// An unexpected internal error (HTTP 500). Keep details out of `diagnostics`.
    pub fn exception(diagnostics: impl Into<String>) -> Self {
        Self::error(IssueCode::Exception, diagnostics)
    }

    /// Too many requests (HTTP 429).
    pub fn throttled(diagnostics: impl Into<String>) -> Self {
        Self::error(IssueCode::Throttled, diagnostics)
    }

    /// A success message, e.g. for a DELETE (severity `information`).
    pub fn information(diagnostics: impl Into<String>) -> Self {
        Self::from_issues(vec![Issue {
            severity: IssueSeverity::Information,
            code: IssueCode::Informational,
            diagnostics: Some(diagnostics.into()),
            expression: Vec::new(),
        }])
    }

    /// A suggested HTTP status for this outcome, from its most telling issue.
    pub fn http_status(&self) -> u16 {
        let has = |code: IssueCode| self.issue.iter().any(|i| i.code == code);
        if self
            .issue
            .iter()
            .all(|i| i.severity == IssueSeverity::Information)
        {
            200
        } else if has(IssueCode::Exception) {
            500
        } else if has(IssueCode::Login) {
            401
        } else if has(IssueCode::Forbidden) {
            403
        } else if has(IssueCode::NotFound) {
            404
        } else if has(IssueCode::Deleted) {
            410
        } else if has(IssueCode::Conflict) {
            409
        } else if has(IssueCode::TooLong) {
            413
        } else if has(IssueCode::Throttled) {
            429
        } else if self.unprocessable
            || has(IssueCode::BusinessRule)
            || self.refuses_unknown_modifiers()
        {
            422
        } else {
            400
        }
    }

    /// Whether this refuses valid content only because it holds modifiers this server does
    /// not understand (`modifierExtension`, `implicitRules`): answered 422, not 400.
    fn refuses_unknown_modifiers(&self) -> bool {
        let at_modifier = |i: &Issue| {
            i.code == IssueCode::NotSupported
                && i.expression
                    .iter()
                    .any(|e| e.contains(".modifierExtension") || e.ends_with(".implicitRules"))
        };
        self.issue.iter().any(at_modifier)
            && self
                .issue
                .iter()
                .all(|i| i.code == IssueCode::NotSupported || i.severity != IssueSeverity::Error)
    }

    /// The FHIR JSON of this outcome.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl fmt::Display for OperationOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, issue) in self.issue.iter().enumerate() {
            if n > 0 {
                f.write_str("; ")?;
            }
            f.write_str(issue.code.as_str())?;
            if let Some(at) = issue.expression.first() {
                write!(f, " at {at}")?;
            }
            if let Some(d) = &issue.diagnostics {
                write!(f, ": {d}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for OperationOutcome {}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serializes_as_fhir_json() {
        let oo = OperationOutcome::error_at(
            IssueCode::TooLong,
            "Binary.data",
            "The attachment is too large",
        );
        let v = oo.to_json();
        assert_eq!(
            v,
            json!({
                "resourceType": "OperationOutcome",
                "issue": [{
                    "severity": "error",
                    "code": "too-long",
                    "diagnostics": "The attachment is too large",
                    "expression": ["Binary.data"]
                }]
            })
        );
        let back: OperationOutcome = serde_json::from_value(v).unwrap();
        assert_eq!(back, oo);
        assert_eq!(oo.http_status(), 413);
    }

    #[test]
    fn helpers() {
        let nf = OperationOutcome::not_found(ResourceType::Patient, "x");
        assert_eq!(nf.issue[0].code, IssueCode::NotFound);
        assert_eq!(
            nf.issue[0].diagnostics.as_deref(),
            Some("Patient/x does not exist")
        );
        assert_eq!(nf.http_status(), 404);
        assert_eq!(OperationOutcome::forbidden("no").http_status(), 403);
        assert_eq!(OperationOutcome::information("ok").http_status(), 200);
        assert_eq!(
            OperationOutcome::information("ok").to_json()["issue"][0]["severity"],
            "information"
        );
        assert_eq!(
            OperationOutcome::deleted(ResourceType::Goal, "g").http_status(),
            410
        );
        assert_eq!(
            OperationOutcome::error(IssueCode::Required, "x").http_status(),
            400
        );
    }
}
