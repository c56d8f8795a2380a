//! Strict JSON parsing (no duplicate keys), and walking parsed JSON with FHIRPath-style
//! locations, collecting every problem as an issue.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::Limits;
use crate::datetime::{self, FhirDateTime};
use crate::outcome::{Issue, IssueCode, OperationOutcome};

/// At most this many issues are reported for one body.
pub(crate) const MAX_ISSUES: usize = 100;

/// Validation state: the limits and the issues found so far.
pub(crate) struct Ctx<'l> {
    pub(crate) issues: Vec<Issue>,
    pub(crate) limits: &'l Limits,
}

impl<'l> Ctx<'l> {
    pub(crate) fn new(limits: &'l Limits) -> Self {
        Ctx {
            issues: Vec::new(),
            limits,
        }
    }

    /// Records an `error` issue at `path`.
    pub(crate) fn error(&mut self, code: IssueCode, path: &str, diagnostics: impl Into<String>) {
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(Issue::error(code, diagnostics).at(path));
        }
    }
}

/// The JSON type of a value, for diagnostics.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON object at a known location.
#[derive(Clone)]
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Obj<'a> {
    pub(crate) fn new(map: &'a Map<String, Value>, path: String) -> Self {
        Obj { map, path }
    }

    /// The whole object, as received.
    pub(crate) fn map(&self) -> &'a Map<String, Value> {
        self.map
    }

    /// This object's location.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The location of `key` in this object.
    pub(crate) fn at(&self, key: &str) -> String {
        format!("{}.{}", self.path, key)
    }

    /// The value at `key`; JSON `null` counts as absent.
    pub(crate) fn raw(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Whether `key` is present (and not `null`).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.raw(key).is_some()
    }

    /// An optional string; wrong types and empty strings are reported.
    pub(crate) fn string(&self, cx: &mut Ctx<'_>, key: &str) -> Option<&'a str> {
        match self.raw(key)? {
            Value::String(s) if s.trim().is_empty() => {
                cx.error(
                    IssueCode::Value,
                    &self.at(key),
                    format!("{key} must not be empty"),
                );
                None
            }
            Value::String(s) => Some(s),
            other => {
                cx.error(
                    IssueCode::Structure,
                    &self.at(key),
                    format!("{key} must be a string, not {}", kind(other)),
                );
                None
            }
        }
    }

    /// A required string; `missing` explains what is needed.
    pub(crate) fn required_string(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
        missing: &str,
    ) -> Option<&'a str> {
        if !self.has(key) {
            cx.error(IssueCode::Required, &self.at(key), missing);
            return None;
        }
        self.string(cx, key)
    }

    /// An optional number.
    pub(crate) fn number(&self, cx: &mut Ctx<'_>, key: &str) -> Option<f64> {
        match self.raw(key)? {
            Value::Number(n) => n.as_f64(),
            other => {
                cx.error(
                    IssueCode::Structure,
                    &self.at(key),
                    format!("{key} must be a number, not {}", kind(other)),
                );
                None
            }
        }
    }

    /// An optional nested object.
    pub(crate) fn object(&self, cx: &mut Ctx<'_>, key: &str) -> Option<Obj<'a>> {
        match self.raw(key)? {
            Value::Object(map) => Some(Obj::new(map, self.at(key))),
            other => {
                cx.error(
                    IssueCode::Structure,
                    &self.at(key),
                    format!("{key} must be an object, not {}", kind(other)),
                );
                None
            }
        }
    }

    /// The elements of an optional array (empty when absent), each with its `key[i]` location.
    pub(crate) fn array(&self, cx: &mut Ctx<'_>, key: &str) -> Vec<(String, &'a Value)> {
        match self.raw(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{}.{key}[{i}]", self.path), v))
                .collect(),
            Some(other) => {
                cx.error(
                    IssueCode::Structure,
                    &self.at(key),
                    format!("{key} must be an array, not {}", kind(other)),
                );
                Vec::new()
            }
        }
    }

    /// The objects of an optional array of objects; other elements are reported.
    pub(crate) fn objects(&self, cx: &mut Ctx<'_>, key: &str) -> Vec<Obj<'a>> {
        let mut out = Vec::new();
        for (path, v) in self.array(cx, key) {
            match v {
                Value::Object(map) => out.push(Obj::new(map, path)),
                Value::Null => {}
                other => cx.error(
                    IssueCode::Structure,
                    &path,
                    format!("each {key} must be an object, not {}", kind(other)),
                ),
            }
        }
        out
    }

    /// The objects of a required array: reported as missing when absent or empty.
    pub(crate) fn required_objects(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
        missing: &str,
    ) -> Vec<Obj<'a>> {
        let before = cx.issues.len();
        let objects = self.objects(cx, key);
        if objects.is_empty() && cx.issues.len() == before {
            cx.error(IssueCode::Required, &self.at(key), missing);
        }
        objects
    }

    /// The first object of an optional array of objects.
    pub(crate) fn first_object(&self, cx: &mut Ctx<'_>, key: &str) -> Option<Obj<'a>> {
        self.objects(cx, key).into_iter().next()
    }

    /// The strings of an optional array of strings; other elements are reported.
    pub(crate) fn strings(&self, cx: &mut Ctx<'_>, key: &str) -> Vec<&'a str> {
        let mut out = Vec::new();
        for (path, v) in self.array(cx, key) {
            match v {
                Value::String(s) if !s.trim().is_empty() => out.push(s.as_str()),
                Value::String(_) => {
                    cx.error(IssueCode::Value, &path, format!("{key} must not be empty"));
                }
                Value::Null => {}
                other => cx.error(
                    IssueCode::Structure,
                    &path,
                    format!("each {key} must be a string, not {}", kind(other)),
                ),
            }
        }
        out
    }

    /// An optional full date (`YYYY-MM-DD`).
    pub(crate) fn date(&self, cx: &mut Ctx<'_>, key: &str) -> Option<Date> {
        let s = self.string(cx, key)?;
        datetime::parse_date(s)
            .map_err(|e| cx.error(IssueCode::Value, &self.at(key), e))
            .ok()
    }

    /// An optional instant (date, time and timezone).
    pub(crate) fn instant(&self, cx: &mut Ctx<'_>, key: &str) -> Option<Timestamp> {
        let s = self.string(cx, key)?;
        datetime::parse_instant(s)
            .map_err(|e| cx.error(IssueCode::Value, &self.at(key), e))
            .ok()
    }

    /// An optional dateTime (full date, or instant).
    pub(crate) fn date_time(&self, cx: &mut Ctx<'_>, key: &str) -> Option<FhirDateTime> {
        let s = self.string(cx, key)?;
        datetime::parse_date_time(s)
            .map_err(|e| cx.error(IssueCode::Value, &self.at(key), e))
            .ok()
    }

    /// Reports `key` as missing when it is absent.
    pub(crate) fn require(&self, cx: &mut Ctx<'_>, key: &str, missing: &str) -> bool {
        if self.has(key) {
            true
        } else {
            cx.error(IssueCode::Required, &self.at(key), missing);
            false
        }
    }
}

/// Parses a request body as JSON, refusing duplicate keys in any object (serde_json would
/// silently keep the last). Errors are `structure` issues with the line and column.
pub fn from_slice_strict(body: &[u8]) -> Result<Value, OperationOutcome> {
    let refuse = |e: serde_json::Error| {
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i]);
        OperationOutcome::error(
            IssueCode::Structure,
            format!(
                "The body is not valid JSON: {message} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    };
    let value: Value = serde_json::from_slice(body).map_err(refuse)?;
    serde_json::from_slice::<NoDuplicateKeys>(body).map_err(refuse)?;
    Ok(value)
}

/// A pass over JSON that keeps nothing and fails on the first object with a key twice.
struct NoDuplicateKeys;

impl<'de> Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NoDuplicateKeys)
    }
}

impl<'de> Visitor<'de> for NoDuplicateKeys {
    type Value = NoDuplicateKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        // Keys are borrowed from the body unless escaped; small objects are searched linearly.
        let mut keys: Vec<Key<'de>> = Vec::new();
        let mut many: HashSet<Key<'de>> = HashSet::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let twice = if keys.len() < 16 {
                let twice = keys.contains(&key);
                keys.push(key.clone());
                twice
            } else {
                if many.is_empty() {
                    many.extend(keys.iter().cloned());
                }
                !many.insert(key.clone())
            };
            if twice {
                return Err(de::Error::custom(format!(
                    "the key '{}' appears twice in one object",
                    key.0
                )));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(self)
    }
}

/// An object key, borrowed from the body when it has no escapes.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }
}
