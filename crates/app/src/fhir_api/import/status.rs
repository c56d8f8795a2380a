//! `GET [base]/$import/{job}`: where a job is, for the provider that uploaded it. Another
//! provider's job, a job that does not exist and an id that is no id all answer the same 404.
//! A finished job's summary follows the FHIR Bulk Data completion manifest (`transactionTime`,
//! `request`, `requiresAccessToken`, `output` and `error` with counts per uploaded file, as the
//! Bulk Import proposal has them), beside this server's own counts and the OperationOutcome
//! naming each failing line.

use super::MAX_KEPT_ERRORS;
use crate::App;
use crate::fhir_api::FhirError;
use serde_json::{Value, json};
use zk_domain::ImportJobId;
use zk_fhir::{Issue, IssueCode, OperationOutcome};
use zk_store::ApiToken;
use zk_store::imports::{ImportJob, ImportLineError, ImportState};

/// The answer to a status request.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportStatus {
    /// True once every line was processed (200); before that 202.
    pub done: bool,
    /// One line for the `X-Progress` header, e.g. `running: 1500 of 3000 lines`.
    pub progress: String,
    /// The JSON body.
    pub body: Value,
}

fn missing(id: &str) -> FhirError {
    FhirError::new(
        404,
        OperationOutcome::error(
            IssueCode::NotFound,
            format!("Import job '{id}' does not exist"),
        ),
    )
}

fn time(t: Option<jiff::Timestamp>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.to_string()))
}

/// The OperationOutcome of a finished job: an issue per failing line kept, and a note when
/// more failed or when none did.
fn outcome(job: &ImportJob, errors: &[ImportLineError]) -> OperationOutcome {
    let mut issues: Vec<Issue> = errors
        .iter()
        .map(|e| {
            let code = serde_json::from_value::<IssueCode>(Value::String(e.code.clone()))
                .unwrap_or(IssueCode::Processing);
            Issue::error(code, e.diagnostics.clone()).at(e.expression.clone())
        })
        .collect();
    let c = &job.counts;
    let unlisted = c.failed.saturating_sub(errors.len() as u64);
    if unlisted > 0 {
        issues.push(information(format!(
            "{unlisted} more lines failed; only the first {MAX_KEPT_ERRORS} failing lines are listed"
        )));
    }
    if c.failed == 0 {
        issues.push(information(format!(
            "Every line was stored ({} resources)",
            c.written
        )));
    }
    OperationOutcome::from_issues(issues)
}

fn information(diagnostics: String) -> Issue {
    Issue {
        severity: zk_fhir::IssueSeverity::Information,
        ..Issue::error(IssueCode::Informational, diagnostics)
    }
}

/// Seconds a client should wait before asking again while a job waits or runs.
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// The status of job `id`; `request_url` is the kick-off URL (`[base]/$import`).
pub async fn status(
    app: &App,
    token: &ApiToken,
    id: &str,
    request_url: &str,
) -> Result<ImportStatus, FhirError> {
    let Ok(job_id) = id.parse::<ImportJobId>() else {
        return Err(missing(id));
    };
    let job = app
        .store
        .get_import(token.provider_id, job_id)
        .await?
        .ok_or_else(|| missing(id))?;
    let c = job.counts;
    let mut body = json!({
        "id": job.id.to_string(),
        "status": job.state.as_str(),
        "createdAt": time(Some(job.created_at)),
        "startedAt": time(job.started_at),
        "finishedAt": time(job.finished_at),
        "linesTotal": job.lines_total,
        "linesRead": c.lines_read,
        "written": c.written,
        "failed": c.failed,
    });
    let progress = format!(
        "{}: {} of {} lines",
        job.state.as_str(),
        c.lines_read,
        job.lines_total
    );
    if job.state != ImportState::Done {
        return Ok(ImportStatus {
            done: false,
            progress,
            body,
        });
    }
    let limit = u32::try_from(MAX_KEPT_ERRORS).unwrap_or(u32::MAX);
    let errors = app
        .store
        .list_import_errors(token.provider_id, job.id, limit)
        .await?;
    body["errorsListed"] = json!(errors.len());
    body["errorsCapped"] = json!(c.failed > errors.len() as u64);
    body["outcome"] = outcome(&job, &errors).to_json();
    body["transactionTime"] = time(job.finished_at);
    body["request"] = json!(request_url);
    body["requiresAccessToken"] = json!(true);
    // Bulk Data manifests are not FHIR resources: empty lists are how they say "none".
    body["output"] = json!([{ "inputUrl": request_url, "count": c.written }]);
    body["error"] = if c.failed > 0 {
        json!([{ "type": "OperationOutcome", "inputUrl": request_url, "count": c.failed }])
    } else {
        json!([])
    };
    Ok(ImportStatus {
        done: true,
        progress,
        body,
    })
}
