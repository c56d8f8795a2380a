//! One template for the many one-question pages (registration steps, login): a title, a few
//! short paragraphs, labelled fields, one error summary, a button and a way back.

use crate::page::PageCtx;
use askama::Template;

/// A paragraph, optionally ending in a link.
pub struct Para {
    pub text: String,
    pub link: Option<(String, String)>,
}

impl Para {
    pub fn text(text: String) -> Self {
        Self { text, link: None }
    }

    pub fn link(text: String, label: String, href: &str) -> Self {
        Self {
            text,
            link: Some((label, href.to_owned())),
        }
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// A field: `kind` is "text" (any input type), "radio" or "checkbox".
pub struct Field {
    pub kind: &'static str,
    pub name: &'static str,
    pub label: String,
    pub hint: Option<String>,
    pub value: String,
    pub input_type: &'static str,
    pub autocomplete: &'static str,
    pub choices: Vec<Choice>,
    pub checked: bool,
}

impl Field {
    pub fn text(
        name: &'static str,
        label: String,
        value: &str,
        input_type: &'static str,
        autocomplete: &'static str,
    ) -> Self {
        Self {
            kind: "text",
            name,
            label,
            hint: None,
            value: value.to_owned(),
            input_type,
            autocomplete,
            choices: Vec::new(),
            checked: false,
        }
    }

    pub fn with_hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn radio(name: &'static str, legend: String, choices: Vec<Choice>) -> Self {
        Self {
            kind: "radio",
            choices,
            ..Self::text(name, legend, "", "", "off")
        }
    }

    pub fn checkbox(name: &'static str, label: String, checked: bool) -> Self {
        Self {
            kind: "checkbox",
            checked,
            ..Self::text(name, label, "", "", "off")
        }
    }
}

#[derive(Template)]
#[template(path = "form_page.html")]
pub struct FormPage<'a> {
    pub page: &'a PageCtx,
    pub title: String,
    pub paras: Vec<Para>,
    pub error: Option<String>,
    /// The field the error is about; the first field when `None`, so every refused form
    /// points at a field.
    pub error_field: Option<&'static str>,
    pub fields: Vec<Field>,
    pub submit: String,
    pub back: Option<String>,
    pub after: Vec<Para>,
    /// Values carried to the next step without showing them (name, value).
    pub hidden: Vec<(&'static str, String)>,
    /// Where the form posts; the page's own address when `None`.
    pub action: Option<String>,
}

impl<'a> FormPage<'a> {
    pub fn new(page: &'a PageCtx, title_key: &str) -> Self {
        Self {
            page,
            title: page.t(title_key),
            paras: Vec::new(),
            error: None,
            error_field: None,
            fields: Vec::new(),
            submit: page.t("button-next"),
            back: None,
            after: Vec::new(),
            hidden: Vec::new(),
            action: None,
        }
    }
}

impl FormPage<'_> {
    /// The field the error message belongs to, if there is an error and a field.
    fn error_target(&self) -> Option<&Field> {
        self.error.as_ref()?;
        match self.error_field {
            Some(name) => self.fields.iter().find(|f| f.name == name),
            None => self.fields.first(),
        }
    }

    /// The error message shown next to the field `name`, if it is the one in error.
    pub fn field_error(&self, name: &str) -> Option<&str> {
        match self.error_target() {
            Some(f) if f.name == name => self.error.as_deref(),
            _ => None,
        }
    }

    /// Where the summary's link goes: the field, or for radio buttons the first choice.
    pub fn error_href(&self) -> Option<String> {
        let f = self.error_target()?;
        Some(match f.choices.first() {
            Some(c) if f.kind == "radio" => format!("#f-{}-{}", f.name, c.value),
            _ => format!("#f-{}", f.name),
        })
    }
}

/// A page with text only (explanations, confirmations) and optionally one button or link.
#[derive(Template)]
#[template(path = "info_page.html")]
pub struct InfoPage<'a> {
    pub page: &'a PageCtx,
    pub title: String,
    pub paras: Vec<Para>,
    /// (label, href, is a POST form)
    pub action: Option<(String, String, bool)>,
    pub back: Option<String>,
}
