//! The readable summary of a data export: one standalone HTML document in the requester's
//! language, printable, with every part of the export as headed tables and texts. The web layer
//! writes it for the export worker, which knows no languages.

use crate::dates;
use crate::i18n::{I18n, Lang, Tr};
use askama::Template;
use jiff::Timestamp;
use std::sync::Arc;
use zk_app::export::{ExportData, ProviderData, Section, SummaryWriter};

/// One piece of a part.
pub enum Block {
    Para(String),
    /// A titled text, such as a report or a diary entry.
    Text {
        heading: String,
        meta: String,
        body: String,
    },
    Table {
        caption: String,
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// One part of the summary, under its own heading.
pub struct Part {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Template)]
#[template(path = "export_summary.html")]
struct Summary<'a> {
    tr: &'a Tr,
    lang: &'static str,
    title: String,
    made: String,
    parts: Vec<Part>,
}

/// Writes summaries with the installation's translations.
pub struct Summaries {
    pub i18n: Arc<I18n>,
}

fn when(lang: Lang, t: Timestamp) -> String {
    format!("{}, {}", dates::day(lang, t), dates::time(t))
}

fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty()).unwrap_or_else(|| "–".into())
}

fn table(caption: String, head: Vec<String>, rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        caption,
        head,
        rows,
    }
}

fn account_part(tr: &Tr, data: &ExportData) -> Part {
    let a = &data.account;
    let l = tr.lang;
    let t = |k: &str| tr.t(k);
    let mut blocks = vec![table(
        t("export-section-account"),
        vec![t("export-field"), t("export-value")],
        vec![
            vec![t("export-name"), a.account.full_name()],
            vec![t("export-email"), a.account.email.clone()],
            vec![t("export-phone"), or_dash(a.account.phone.clone())],
            vec![t("export-language"), a.account.language.clone()],
            vec![t("export-created"), when(l, a.account.created_at)],
        ],
    )];
    blocks.push(table(
        t("export-factors"),
        vec![t("export-kind"), t("export-since")],
        a.factors
            .iter()
            .map(|f| {
                let kind = t(&format!("export-factor-{}", f.kind));
                let kind = match &f.name {
                    Some(n) => format!("{kind}: {n}"),
                    None => kind,
                };
                vec![kind, or_dash(f.since.map(|s| when(l, s)))]
            })
            .collect(),
    ));
    blocks.push(table(
        t("export-sessions"),
        vec![t("export-browser"), t("export-last-used")],
        a.sessions
            .iter()
            .map(|s| vec![s.user_agent.clone(), when(l, s.last_seen_at)])
            .collect(),
    ));
    blocks.push(table(
        t("export-memberships"),
        vec![
            t("export-care-page"),
            t("export-relation"),
            t("export-since"),
        ],
        a.memberships
            .iter()
            .map(|m| {
                vec![
                    m.page_name.clone(),
                    t(&format!("audit-relation-{}", m.member.relation.as_str())),
                    when(l, m.member.joined_at),
                ]
            })
            .collect(),
    ));
    blocks.push(table(
        t("export-invitations"),
        vec![t("export-name"), t("export-email"), t("export-sent")],
        a.invitations
            .iter()
            .map(|i| vec![i.name.clone(), i.email.clone(), when(l, i.created_at)])
            .collect(),
    ));
    Part {
        title: t("export-section-account"),
        blocks,
    }
}

fn provider_parts(tr: &Tr, data: &ExportData, p: &ProviderData, parts: &mut Vec<Part>) {
    let l = tr.lang;
    let t = |k: &str| tr.t(k);
    let mut blocks = Vec::new();
    if data.has(Section::CareTeam) {
        blocks.push(table(
            t("export-section-care-team"),
            vec![t("export-name"), t("export-role")],
            p.team
                .iter()
                .map(|m| {
                    vec![
                        or_dash(p.practitioner_name(Some(m.practitioner_id))),
                        m.role.clone(),
                    ]
                })
                .collect(),
        ));
    }
    if data.has(Section::Appointments) {
        blocks.push(table(
            t("export-section-appointments"),
            vec![
                t("export-when"),
                t("export-what"),
                t("export-where"),
                t("export-with"),
            ],
            p.appointments
                .iter()
                .map(|a| {
                    let what = match a.state {
                        zk_domain::care::AppointmentState::Planned => a.title.clone(),
                        zk_domain::care::AppointmentState::Unconfirmed => {
                            format!("{} ({})", a.title, t("care-unconfirmed"))
                        }
                        zk_domain::care::AppointmentState::Cancelled => {
                            format!("{} ({})", a.title, t("care-cancelled"))
                        }
                        zk_domain::care::AppointmentState::NoShow => {
                            format!("{} ({})", a.title, t("care-noshow"))
                        }
                    };
                    vec![
                        when(l, a.starts_at),
                        what,
                        or_dash(a.location.clone().or(a.video_url.clone())),
                        or_dash(p.practitioner_name(a.practitioner_id)),
                    ]
                })
                .collect(),
        ));
    }
    if data.has(Section::CarePlan) {
        for (plan, goals) in &p.plans {
            blocks.push(Block::Text {
                heading: plan.title.clone(),
                meta: format!(
                    "{} {}",
                    t("export-since"),
                    dates::date(l, plan.period_start)
                ),
                body: plan.description.clone(),
            });
            blocks.push(table(
                t("export-goals"),
                vec![t("export-goal"), t("export-achieved")],
                goals
                    .iter()
                    .map(|g| {
                        let done = if g.achieved {
                            "export-yes"
                        } else {
                            "export-no"
                        };
                        vec![g.description.clone(), t(done)]
                    })
                    .collect(),
            ));
        }
    }
    if data.has(Section::Reports) {
        for r in &p.reports {
            blocks.push(Block::Text {
                heading: r.title.clone(),
                meta: format!(
                    "{}{}",
                    when(l, r.written_at),
                    p.practitioner_name(r.author_id)
                        .map(|n| format!(" · {n}"))
                        .unwrap_or_default()
                ),
                body: r.body.clone(),
            });
        }
    }
    if data.has(Section::Documents) {
        blocks.push(table(
            t("export-section-documents"),
            vec![t("export-name"), t("export-when"), t("export-size")],
            p.documents
                .iter()
                .map(|(d, _)| {
                    vec![
                        d.title.clone(),
                        when(l, d.created_at),
                        format!("{} kB", d.size_bytes.div_ceil(1024)),
                    ]
                })
                .collect(),
        ));
        blocks.push(Block::Para(t("export-documents-in-bundle")));
    }
    if data.has(Section::Measurements) {
        blocks.push(table(
            t("export-section-measurements"),
            vec![t("export-when"), t("export-what"), t("export-value")],
            p.measurements
                .iter()
                .map(|m| {
                    vec![when(l, m.measured_at), m.label.clone(), {
                        let shown = m.shown(|v| v.to_string());
                        format!("{} {}", shown.value, shown.unit)
                            .trim_end()
                            .to_owned()
                    }]
                })
                .collect(),
        ));
    }
    parts.push(Part {
        title: p.provider_name.clone(),
        blocks,
    });
}

/// The parts of the summary, in the order of [`Section::ALL`].
pub fn parts(tr: &Tr, data: &ExportData) -> Vec<Part> {
    let l = tr.lang;
    let t = |k: &str| tr.t(k);
    let mut parts = Vec::new();
    if data.has(Section::Person) {
        parts.push(Part {
            title: t("export-section-person"),
            blocks: vec![table(
                t("export-section-person"),
                vec![t("export-field"), t("export-value")],
                vec![
                    vec![
                        t("export-name"),
                        format!("{} {}", data.page.first_name, data.page.last_name),
                    ],
                    vec![
                        t("export-birth-date"),
                        or_dash(data.birth_date.map(|d| dates::date(l, d))),
                    ],
                ],
            )],
        });
    }
    parts.push(account_part(tr, data));
    for p in &data.providers {
        provider_parts(tr, data, p, &mut parts);
    }
    if data.has(Section::Agenda) {
        parts.push(Part {
            title: t("export-section-agenda"),
            blocks: vec![table(
                t("export-section-agenda"),
                vec![t("export-when"), t("export-what"), t("export-where")],
                data.agenda
                    .iter()
                    .map(|a| {
                        let what = match &a.remarks {
                            Some(r) => format!("{} – {r}", a.title),
                            None => a.title.clone(),
                        };
                        vec![when(l, a.starts_at), what, or_dash(a.place.clone())]
                    })
                    .collect(),
            )],
        });
    }
    if data.has(Section::Diary) {
        parts.push(Part {
            title: t("export-section-diary"),
            blocks: data
                .diary
                .iter()
                .map(|d| Block::Text {
                    heading: d.title.clone().unwrap_or_else(|| dates::date(l, d.date)),
                    meta: dates::date(l, d.date),
                    body: d.text.clone(),
                })
                .collect(),
        });
    }
    if data.has(Section::Messages) {
        parts.push(Part {
            title: t("export-section-messages"),
            blocks: data
                .messages
                .iter()
                .map(|(thread, messages)| Block::Text {
                    heading: thread.subject.clone(),
                    meta: when(l, thread.last_message_at),
                    body: messages
                        .iter()
                        .map(|m| {
                            format!("{} – {}:\n{}", when(l, m.created_at), m.writer_name, m.text)
                        })
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                })
                .collect(),
        });
    }
    if data.has(Section::Network) {
        parts.push(Part {
            title: t("export-section-network"),
            blocks: vec![table(
                t("export-section-network"),
                vec![t("export-name"), t("export-relation"), t("export-may-see")],
                data.members
                    .iter()
                    .map(|m| {
                        let sees: Vec<String> = m
                            .member
                            .permissions
                            .list()
                            .iter()
                            .map(|p| t(&format!("permission-{}", p.as_str().replace('_', "-"))))
                            .collect();
                        vec![
                            format!("{} ({})", m.name, m.email),
                            t(&format!("audit-relation-{}", m.member.relation.as_str())),
                            sees.join(", "),
                        ]
                    })
                    .collect(),
            )],
        });
    }
    if data.has(Section::AuditTrail) {
        parts.push(Part {
            title: t("export-section-audit-trail"),
            blocks: vec![table(
                t("export-section-audit-trail"),
                vec![
                    t("audit-when"),
                    t("audit-who"),
                    t("audit-what"),
                    t("audit-outcome"),
                ],
                data.audit
                    .iter()
                    .map(|r| {
                        let e = &r.event;
                        vec![
                            when(l, e.at),
                            format!(
                                "{} ({})",
                                e.actor_name,
                                t(&format!("audit-role-{}", e.role.kind()))
                            ),
                            format!(
                                "{}: {}",
                                t(&format!("audit-action-{}", e.action.as_str())),
                                t(&format!("audit-category-{}", e.category.as_str()))
                            ),
                            t(&format!("audit-outcome-{}", e.outcome.as_str())),
                        ]
                    })
                    .collect(),
            )],
        });
    }
    parts
}

impl SummaryWriter for Summaries {
    fn summary(&self, language: &str, data: &ExportData) -> String {
        let lang = Lang::parse(language).unwrap_or(Lang::Nl);
        let tr = Tr::new(self.i18n.clone(), lang);
        let page = Summary {
            tr: &tr,
            lang: lang.code(),
            title: format!(
                "{} – {} {}",
                tr.t("export-title"),
                data.page.first_name,
                data.page.last_name
            ),
            made: when(lang, data.made_at),
            parts: parts(&tr, data),
        };
        page.render().unwrap_or_else(|e| {
            tracing::error!(error = %e, "the export summary could not be rendered");
            String::new()
        })
    }
}
