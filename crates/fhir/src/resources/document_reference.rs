//! DocumentReference: a document for a client — a PDF, or a report as plain text.
//!
//! A report is a DocumentReference whose `content[0].attachment` is `text/plain` with the
//! text inline in `data` (base64, UTF-8). A PDF is `application/pdf`, either inline in `data`
//! or stored separately as a Binary and referenced by `url: "Binary/{id}"`.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::{
    Meta, header, is_mime_type, mime_essence, put_opt, read_base64, read_id, required_reference,
    to_base64,
};
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;
use crate::reference::split_local;
use crate::{Reference, ResourceType};

/// The content types a DocumentReference may carry.
pub const DOCUMENT_CONTENT_TYPES: [&str; 2] = ["text/plain", "application/pdf"];

/// `DocumentReference.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentStatus {
    Current,
    Superseded,
    EnteredInError,
}

impl DocumentStatus {
    /// Reads a FHIR code.
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "current" => Self::Current,
            "superseded" => Self::Superseded,
            "entered-in-error" => Self::EnteredInError,
            _ => return None,
        })
    }

    /// The FHIR code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Current => "current",
            Self::Superseded => "superseded",
            Self::EnteredInError => "entered-in-error",
        }
    }
}

/// Where the document's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentContent {
    /// Inline in `attachment.data`, decoded.
    Inline(Vec<u8>),
    /// In the Binary with this id (`attachment.url = "Binary/{id}"`).
    Binary(String),
}

/// A validated DocumentReference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentReference {
    pub id: String,
    pub subject: Reference,
    pub status: DocumentStatus,
    /// `description`, else `content[0].attachment.title`, else the display text of `type`
    /// (e.g. "Consultverslag").
    pub title: Option<String>,
    pub date: Option<Timestamp>,
    /// The first `author` that is a Practitioner.
    pub author: Option<Reference>,
    /// `content[0].attachment.contentType`, as sent (e.g. `text/plain; charset=utf-8`).
    pub content_type: String,
    pub content: DocumentContent,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

impl DocumentReference {
    /// Whether this is a report: inline `text/plain`.
    pub fn is_report(&self) -> bool {
        mime_essence(&self.content_type) == "text/plain"
            && matches!(self.content, DocumentContent::Inline(_))
    }

    /// Whether this is a PDF (inline or in a Binary).
    pub fn is_pdf(&self) -> bool {
        mime_essence(&self.content_type) == "application/pdf"
    }

    /// The text of a report (validated as UTF-8 on input).
    pub fn report_text(&self) -> Option<&str> {
        match &self.content {
            DocumentContent::Inline(bytes) if self.is_report() => std::str::from_utf8(bytes).ok(),
            _ => None,
        }
    }

    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let subject = required_reference(
            cx,
            obj,
            "subject",
            &[ResourceType::Patient],
            "A subject ('Patient/id') is required",
        );
        let status = obj
            .required_string(cx, "status", "A status is required: current, superseded or entered-in-error")
            .and_then(|code| {
                let status = DocumentStatus::parse(code);
                if status.is_none() {
                    cx.error(
                        IssueCode::Value,
                        &obj.at("status"),
                        format!("'{code}' is not a document status; use current, superseded or entered-in-error"),
                    );
                }
                status
            });
        let description = obj.string(cx, "description").map(str::to_owned);
        let kind = obj
            .object(cx, "type")
            .and_then(|t| super::concept_text(cx, &t));
        let date = obj.instant(cx, "date");
        let author = read_author(cx, obj);

        match obj.string(cx, "docStatus") {
            None | Some("final" | "amended") => {}
            Some(code) => super::cannot_show(
                cx,
                &obj.at("docStatus"),
                format!(
                    "A document with docStatus '{code}' cannot be shown as such on the care page; send it when it is final (or amended)"
                ),
            ),
        }
        let missing = "content[0].attachment is required";
        let contents = obj.required_objects(cx, "content", missing);
        if contents.len() > 1 {
            super::cannot_show(
                cx,
                &obj.at("content[1]"),
                "Only one content per DocumentReference can be shown; send each document as a DocumentReference of its own",
            );
        }
        let attachment = match contents.first() {
            Some(c) if c.require(cx, "attachment", missing) => c.object(cx, "attachment"),
            _ => None,
        };
        let (title, content_type, content) = match &attachment {
            Some(a) => {
                let title = a.string(cx, "title").map(str::to_owned);
                let (content_type, content) = read_attachment(cx, a);
                (title, content_type, content)
            }
            None => (None, None, None),
        };

        Some(DocumentReference {
            received: Some(super::received(obj)),
            id: id?,
            subject: subject?,
            status: status?,
            title: description.or(title).or(kind),
            date,
            author,
            content_type: content_type?,
            content: content?,
        })
    }

    /// The FHIR JSON of this document.
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::DocumentReference, &self.id, meta);
        m.insert("status".into(), json!(self.status.as_str()));
        m.insert("subject".into(), self.subject.to_json());
        put_opt(&mut m, "date", self.date.map(|d| json!(d.to_string())));
        put_opt(
            &mut m,
            "author",
            self.author.as_ref().map(|a| json!([a.to_json()])),
        );
        put_opt(&mut m, "description", self.title.as_ref().map(|t| json!(t)));
        let mut attachment = Map::new();
        attachment.insert("contentType".into(), json!(self.content_type));
        match &self.content {
            DocumentContent::Inline(bytes) => {
                attachment.insert("data".into(), json!(to_base64(bytes)));
            }
            DocumentContent::Binary(id) => {
                attachment.insert("url".into(), json!(format!("Binary/{id}")));
            }
        }
        m.insert("content".into(), json!([{ "attachment": attachment }]));
        Value::Object(m)
    }
}

fn read_author(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Reference> {
    let mut author = None;
    for element in obj.objects(cx, "author") {
        let Some(input) = element.string(cx, "reference") else {
            continue;
        };
        match split_local(input) {
            Ok(("Practitioner", id)) if author.is_none() => {
                author = Some(Reference::new(ResourceType::Practitioner, id));
            }
            // Organizations and other authors are not stored.
            Ok(_) => {}
            Err(e) => cx.error(
                IssueCode::Invalid,
                &element.at("reference"),
                e.describe(input),
            ),
        }
    }
    author
}

fn read_attachment(cx: &mut Ctx<'_>, a: &Obj<'_>) -> (Option<String>, Option<DocumentContent>) {
    let content_type = a
        .required_string(
            cx,
            "contentType",
            "attachment.contentType is required: text/plain (a report) or application/pdf",
        )
        .and_then(|ct| {
            let essence = mime_essence(ct);
            if !is_mime_type(ct) {
                cx.error(IssueCode::Value, &a.at("contentType"), format!("'{ct}' is not a MIME type"));
                None
            } else if !DOCUMENT_CONTENT_TYPES.contains(&essence.as_str()) {
                cx.error(
                    IssueCode::NotSupported,
                    &a.at("contentType"),
                    format!("Content type '{ct}' is not supported; use text/plain for a report or application/pdf"),
                );
                None
            } else {
                Some(ct.to_owned())
            }
        });

    let content = match (a.has("data"), a.has("url")) {
        (true, true) => {
            cx.error(
                IssueCode::Invalid,
                &a.at("url"),
                "Give the document either inline (data) or as 'Binary/{id}' (url), not both",
            );
            None
        }
        (true, false) => read_base64(cx, a, "data").map(DocumentContent::Inline),
        (false, true) => a.string(cx, "url").and_then(|url| match split_local(url) {
            Ok(("Binary", id)) => Some(DocumentContent::Binary(id.to_owned())),
            Ok(_) => {
                cx.error(
                    IssueCode::Invalid,
                    &a.at("url"),
                    format!("'{url}' must refer to a Binary on this server, as 'Binary/{{id}}'"),
                );
                None
            }
            Err(e) => {
                cx.error(
                    IssueCode::Invalid,
                    &a.at("url"),
                    format!("{}; the url must be 'Binary/{{id}}'", e.describe(url)),
                );
                None
            }
        }),
        (false, false) => {
            cx.error(
                IssueCode::Required,
                &a.at("data"),
                "The document is required: inline as base64 (data) or as 'Binary/{id}' (url)",
            );
            None
        }
    };

    if let (Some(ct), Some(DocumentContent::Inline(bytes))) = (&content_type, &content)
        && mime_essence(ct) == "text/plain"
        && std::str::from_utf8(bytes).is_err()
    {
        cx.error(
            IssueCode::Invalid,
            &a.at("data"),
            "A text/plain report must be UTF-8 text",
        );
        return (content_type, None);
    }
    (content_type, content)
}
