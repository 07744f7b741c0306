//! One person's file (`/espace/accompagnement/dossiers/{id}`): details, household and affaire,
//! timeline, next steps, assessments and safety plan, consents, closing; every form posts to the
//! file's address with `quoi=` naming the change.

use askama::Template;
use uuid::Uuid;
use vigie_app::casework::{FileChange, FileView};
use vigie_domain::FileId;
use vigie_domain::casefile::{
    self as cf, AgeBand, Assessment, CaseInputError, Consent, Consenter, DetailField, Event,
    EventKind, LegalBasis, MAX_FIELD_CHARS, Outcome, PersonRole, RecipientKind, Risk, Sex, Step,
    Withdrawal,
};
use vigie_domain::help::Need;

use super::{FileDone, FileForm, code_name, code_names, code_opts, file_path};
use crate::Lang;
use crate::staff::kit::{
    ItemPage, Landed, PageResult, Post, Showing, answer, field, submit, unread,
};
use crate::staff::{Opt, StaffPage, staff_template};

/// A detail field with its value and its form.
pub struct DetailLine {
    code: &'static str,
    label: String,
    value: String,
    long: bool,
}

/// A line of the timeline, the steps, the assessments or the consents, as shown.
pub struct Line {
    pub(super) day: String,
    pub(super) title: String,
    pub(super) text: Vec<String>,
    pub(super) done: bool,
    pub(super) id: String,
}

impl Line {
    /// An empty line, to fill with struct update syntax.
    pub(super) fn blank() -> Line {
        Line {
            day: String::new(),
            title: String::new(),
            text: Vec::new(),
            done: false,
            id: String::new(),
        }
    }
}

/// The household or the affaire, with the other files in it.
pub struct GroupSection {
    key: &'static str,
    label: String,
    others: Vec<Other>,
}

/// Another file of the household or the affaire.
pub struct Other {
    href: String,
    name: String,
    role: String,
}

#[derive(Template)]
#[template(path = "staff/casework/file.html")]
struct FilePage {
    page: StaffPage,
    action: String,
    role: String,
    status: String,
    open: bool,
    age: String,
    sex: String,
    legal_basis: String,
    legal_bases: Vec<Opt>,
    opened_day: String,
    last_contact_day: String,
    next_due: String,
    outcome: String,
    accompanied: bool,
    in_force: String,
    details: Vec<DetailLine>,
    groups: Vec<GroupSection>,
    referrals: super::referral::ReferralSection,
    /// Where a new follow-up code is asked for, when the file has a help request.
    receipt_action: Option<String>,
    timeline: Vec<Line>,
    steps: Vec<Line>,
    assessments: Vec<Line>,
    consents: Vec<Line>,
    court_cases: Vec<super::court::CaseSection>,
    court_new: super::court::NewCaseOptions,
    court_table: String,
    closing_note: Vec<String>,
    roles: Vec<Opt>,
    ages: Vec<Opt>,
    sexes: Vec<Opt>,
    event_kinds: Vec<Opt>,
    needs: Vec<Opt>,
    risks: Vec<Opt>,
    consenters: Vec<Opt>,
    recipients: Vec<Opt>,
    outcomes: Vec<Opt>,
    today: String,
}

staff_template!(FilePage);

/// `GET /espace/accompagnement/dossiers/{id}`: decrypted for a caseworker of its team (audited).
pub async fn page(page: ItemPage<FileId>) -> PageResult {
    if let Some(archived) = super::archive::gate(&page.state, &page.staff, page.id).await? {
        return Ok(archived);
    }
    show(page.showing::<FileDone>(), page.id).await
}

pub(super) fn lines(text: &str) -> Vec<String> {
    crate::staff::reports::page::lines(text)
}

/// The household's and the affaire's sections, for those the file belongs to.
fn groups(lang: Lang, v: &FileView) -> Vec<GroupSection> {
    [
        ("file-household", &v.household),
        ("file-affaire", &v.affaire),
    ]
    .into_iter()
    .filter_map(|(key, g)| {
        let g = g.as_ref()?;
        Some(GroupSection {
            key,
            label: g.label.clone(),
            others: g
                .others
                .iter()
                .map(|o| Other {
                    href: file_path(lang, o.record.id),
                    name: o.name.clone(),
                    role: code_name(lang, "file-role", o.record.role.as_str()),
                })
                .collect(),
        })
    })
    .collect()
}

/// The lines of a file's sections, translated.
pub(super) fn sections(lang: Lang, v: &FileView) -> [Vec<Line>; 4] {
    let line = |day: String, title: String, text: Vec<String>| Line {
        day,
        title,
        text,
        ..Line::blank()
    };
    let timeline = v
        .timeline
        .iter()
        .rev()
        .map(|e| {
            line(
                e.event.day.to_string(),
                code_name(lang, "file-event", e.event.kind.as_str()),
                lines(&e.event.note),
            )
        })
        .collect();
    let steps = v
        .steps
        .iter()
        .map(|s| Line {
            done: s.done,
            id: s.id.to_string(),
            ..line(s.due.to_string(), s.text.clone(), Vec::new())
        })
        .collect();
    let assessments = v
        .assessments
        .iter()
        .map(|a| {
            let mut text = vec![lang.t_args(
                "file-assessment-summary",
                &[
                    ("risk", code_name(lang, "file-risk", a.risk.as_str())),
                    (
                        "needs",
                        code_names(lang, "staff-help-need", &a.needs, Need::as_str),
                    ),
                ],
            )];
            if a.intimidation {
                text.push(lang.t("file-assessment-intimidation"));
            }
            text.extend(lines(&a.note));
            if !a.safety_plan.is_empty() {
                text.push(lang.t("file-safety-plan"));
                text.extend(lines(&a.safety_plan));
            }
            line(a.day.to_string(), lang.t("file-assessment"), text)
        })
        .collect();
    let mut consents: Vec<Line> = v
        .withdrawals
        .iter()
        .map(|w| {
            let mut what = Vec::new();
            if w.statistics {
                what.push(lang.t("file-consent-statistics"));
            }
            if w.sharing {
                what.push(lang.t("file-consent-sharing"));
            }
            line(
                w.day.to_string(),
                lang.t("file-withdrawal"),
                vec![what.join(", ")],
            )
        })
        .collect();
    consents.extend(v.consents.iter().map(|c| {
        let mut text = vec![
            lang.t_args(
                "file-consent-by",
                &[("by", code_name(lang, "file-consenter", c.by.as_str()))],
            ),
            lang.t(if c.services {
                "file-consent-services-yes"
            } else {
                "file-consent-services-no"
            }),
            lang.t(if c.statistics {
                "file-consent-statistics-yes"
            } else {
                "file-consent-statistics-no"
            }),
            lang.t_args(
                "file-consent-recipients",
                &[(
                    "list",
                    code_names(lang, "file-recipient", &c.recipients, RecipientKind::as_str),
                )],
            ),
        ];
        if !c.never_share.is_empty() {
            text.push(lang.t_args("file-consent-never", &[("list", c.never_share.join(" ; "))]));
        }
        line(c.day.to_string(), lang.t("file-consent"), text)
    }));
    [timeline, steps, assessments, consents]
}

/// The page of file `id` with a notice or an error.
pub(super) async fn show(at: Showing<'_>, id: FileId) -> PageResult {
    let (state, staff, lang) = (at.state, at.staff, at.lang());
    let v = at
        .opened(async |app, who, secret| app.open_case_file(who, secret, id).await)
        .await?;
    let r = &v.record;
    let heading = lang.t_args(
        "file-heading",
        &[
            ("number", r.number.to_string()),
            ("name", v.name().to_owned()),
        ],
    );
    let path = format!("/espace/accompagnement/dossiers/{id}");
    let today_date = vigie_domain::time::paris_day(state.app.clock().now());
    let today = vigie_domain::time::day_string(today_date);
    let [timeline, steps, assessments, consents] = sections(lang, &v);
    let referrals = super::referral::section(state, staff, id).await?;
    let page = FilePage {
        page: at.item_page::<FileForm>((&id, &path), heading),
        action: file_path(lang, id),
        role: code_name(lang, "file-role", r.role.as_str()),
        status: code_name(lang, "file-status", r.status.as_str()),
        open: r.status == cf::FileStatus::Open,
        age: code_name(lang, "file-age", r.age_band.as_str()),
        sex: code_name(lang, "file-sex", r.sex.as_str()),
        legal_basis: code_name(lang, "file-legal-basis", r.legal_basis.as_str()),
        legal_bases: code_opts(
            lang,
            "file-legal-basis",
            LegalBasis::ALL,
            Some(r.legal_basis),
        ),
        opened_day: r.opened_day.clone(),
        last_contact_day: r.last_contact_day.clone(),
        next_due: r.next_due_day.clone().unwrap_or_default(),
        outcome: r
            .outcome
            .map(|o| code_name(lang, "file-outcome", o.as_str()))
            .unwrap_or_default(),
        accompanied: cf::is_accompanied(
            &v.timeline
                .iter()
                .map(|t| t.event.clone())
                .collect::<Vec<_>>(),
        ),
        in_force: lang.t_args(
            "file-consents-in-force",
            &[
                (
                    "statistics",
                    lang.t(if r.consent_statistics {
                        "file-yes"
                    } else {
                        "file-no"
                    }),
                ),
                (
                    "sharing",
                    lang.t(if r.consent_sharing {
                        "file-yes"
                    } else {
                        "file-no"
                    }),
                ),
            ],
        ),
        details: DetailField::ALL
            .iter()
            .map(|f| DetailLine {
                code: f.as_str(),
                label: code_name(lang, "file-detail", f.as_str()),
                value: v.details.get(f).cloned().unwrap_or_default(),
                long: matches!(f, DetailField::Situation | DetailField::Flags),
            })
            .collect(),
        groups: groups(lang, &v),
        referrals,
        receipt_action: r.help_request.map(|_| {
            lang.path(&format!(
                "/espace/accompagnement/dossiers/{id}/code-de-suivi"
            ))
        }),
        timeline,
        steps,
        assessments,
        consents,
        court_cases: super::court::sections(lang, &v.court_cases, today_date),
        court_new: super::court::new_case_options(lang),
        court_table: super::court::table_note(lang),
        closing_note: v.closing_note.as_deref().map(lines).unwrap_or_default(),
        roles: code_opts(lang, "file-role", PersonRole::ALL, Some(r.role)),
        ages: code_opts(lang, "file-age", AgeBand::ALL, Some(r.age_band)),
        sexes: code_opts(lang, "file-sex", Sex::ALL, Some(r.sex)),
        event_kinds: code_opts(lang, "file-event", EventKind::ALL, None),
        needs: code_opts(lang, "staff-help-need", Need::ALL, None),
        risks: code_opts(lang, "file-risk", Risk::ALL, None),
        consenters: code_opts(lang, "file-consenter", Consenter::ALL, None),
        recipients: code_opts(lang, "file-recipient", RecipientKind::ALL, None),
        outcomes: code_opts(lang, "file-outcome", Outcome::ALL, None),
        today,
    };
    Ok(at.render(&page))
}

/// Every checked code of a repeated field.
fn checked<T: std::str::FromStr>(
    form: &[(String, String)],
    name: &str,
    what: &'static str,
) -> Result<Vec<T>, CaseInputError> {
    let mut out = Vec::new();
    for (_, v) in form.iter().filter(|(k, _)| k == name) {
        out.push(cf::code(v, what)?);
    }
    Ok(out)
}

/// The change a posted form asks for.
fn change(form: &[(String, String)]) -> Result<FileChange, CaseInputError> {
    let f = |name: &str| field(form, name);
    let yes = |name: &str| f(name) == "1";
    if let Some(court) = super::court::change(form) {
        return court;
    }
    Ok(match f("quoi") {
        "detail" => {
            let which: DetailField = cf::code(f("champ"), "champ")?;
            let value = match which {
                DetailField::Name => cf::required_text(f("valeur"), "nom", MAX_FIELD_CHARS)?,
                DetailField::Situation | DetailField::Flags => {
                    cf::long_text(f("valeur"), "valeur")?
                }
                _ => cf::bounded_text(f("valeur"), "valeur", MAX_FIELD_CHARS)?,
            };
            FileChange::Detail(which, value)
        }
        "profil" => FileChange::Profile(
            cf::code(f("role"), "rôle")?,
            cf::code(f("age"), "âge")?,
            cf::code(f("sexe"), "sexe")?,
        ),
        "base-legale" => FileChange::LegalBasis(cf::code(f("base"), "base légale")?),
        "evenement" => FileChange::Event(Event {
            kind: cf::code(f("type"), "type")?,
            day: cf::day(f("jour"), "jour")?,
            note: cf::long_text(f("note"), "note")?,
        }),
        "etape" => FileChange::Step(Step {
            id: Uuid::new_v4(),
            text: cf::required_text(f("texte"), "étape", MAX_FIELD_CHARS)?,
            due: cf::day(f("echeance"), "échéance")?,
            done: false,
        }),
        "etape-faite" => {
            // The step's newest version, marked done (its text and due day come with the form).
            FileChange::Step(Step {
                id: f("etape")
                    .parse()
                    .map_err(|_| CaseInputError::Unknown("étape"))?,
                text: cf::required_text(f("texte"), "étape", MAX_FIELD_CHARS)?,
                due: cf::day(f("echeance"), "échéance")?,
                done: true,
            })
        }
        "evaluation" => FileChange::Assessment(Assessment {
            day: cf::day(f("jour"), "jour")?,
            needs: checked(form, "besoin", "besoins")?,
            risk: cf::code(f("risque"), "risque")?,
            intimidation: yes("intimidation"),
            note: cf::long_text(f("note"), "note")?,
            safety_plan: cf::long_text(f("plan"), "plan de mise en sécurité")?,
        }),
        "consentement" => FileChange::Consent(Consent {
            by: cf::code(f("par"), "donné par")?,
            day: cf::day(f("jour"), "jour")?,
            services: yes("services"),
            statistics: yes("statistiques"),
            recipients: checked(form, "destinataire", "destinataires")?,
            never_share: cf::lines(f("jamais"), "ne jamais partager avec")?,
        }),
        "retrait" => FileChange::Withdrawal(Withdrawal {
            day: cf::day(f("jour"), "jour")?,
            statistics: yes("statistiques"),
            sharing: yes("partage"),
        }),
        "cloture" => FileChange::Close(
            cf::code::<Outcome>(f("issue"), "issue")?,
            cf::long_text(f("note"), "note")?,
        ),
        "reouverture" => FileChange::Reopen,
        "suivre" => FileChange::Assign(yes("moi")),
        _ => return Err(CaseInputError::Unknown("quoi")),
    })
}

/// `POST /espace/accompagnement/dossiers/{id}`: one change (`quoi=`), then back to the file.
pub async fn post(post: Post<FileForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let lang = staff.lang;
    let referred = super::referral::post(&state, &staff, id, &form).await;
    let result = match referred {
        Some(r) => r,
        None => {
            let change = change(&form).map_err(unread);
            submit((&state, &staff), change, async |app, who, secret, c| {
                app.change_file(who, secret, id, c).await
            })
            .await?
        }
    };
    let saved = result.map(|()| FileDone::Saved);
    answer((&state, &staff), (id, saved, &file_path(lang, id)), show).await
}
