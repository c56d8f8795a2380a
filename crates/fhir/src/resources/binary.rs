//! Binary: raw document bytes, e.g. a PDF referenced from a DocumentReference.

use serde_json::{Value, json};

use super::{Meta, header, is_mime_type, mime_essence, read_base64, read_id, to_base64};
use crate::ResourceType;
use crate::json::{Ctx, Obj};
use crate::outcome::IssueCode;

/// The FHIR `base64Binary` text of `bytes`, as a Binary's `data`.
pub fn base64_text(bytes: &[u8]) -> String {
    to_base64(bytes)
}

/// A validated Binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    pub id: String,
    pub content_type: String,
    /// The decoded `data`.
    pub data: Vec<u8>,
    /// The JSON as received, served back instead of what `to_json` builds from the fields
    /// (`None` for a resource made here, e.g. in an export).
    pub received: Option<Value>,
}

impl Binary {
    /// Whether the declared type is PDF (the bytes are checked by the API).
    pub fn is_pdf(&self) -> bool {
        mime_essence(&self.content_type) == "application/pdf"
    }

    pub(crate) fn read(cx: &mut Ctx<'_>, obj: &Obj<'_>) -> Option<Self> {
        let id = read_id(cx, obj);
        let content_type = obj
            .required_string(
                cx,
                "contentType",
                "contentType is required, e.g. application/pdf",
            )
            .and_then(|ct| {
                if is_mime_type(ct) {
                    Some(ct.to_owned())
                } else {
                    cx.error(
                        IssueCode::Value,
                        &obj.at("contentType"),
                        format!("'{ct}' is not a MIME type"),
                    );
                    None
                }
            });
        let data = if obj.require(cx, "data", "data (the content, base64-encoded) is required") {
            read_base64(cx, obj, "data")
        } else {
            None
        };
        Some(Binary {
            received: Some(super::received(obj)),
            id: id?,
            content_type: content_type?,
            data: data?,
        })
    }

    /// The FHIR JSON of this binary.
    pub fn to_json(&self, meta: Option<&Meta>) -> Value {
        if let Some(kept) = &self.received {
            return super::with_meta(kept.clone(), meta);
        }
        let mut m = header(ResourceType::Binary, &self.id, meta);
        m.insert("contentType".into(), json!(self.content_type));
        m.insert("data".into(), json!(to_base64(&self.data)));
        Value::Object(m)
    }
}
