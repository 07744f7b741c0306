//! Court cases on a person's file: their section of the file page (each case, its hearings and
//! its compensation deadlines computed for today, shown as indicative with the table's date and
//! each rule's reference), the forms that add and update one, and the caseworker's échéances
//! (`/espace/accompagnement/echeances`).

use askama::Template;
use axum::http::StatusCode;
use chrono::NaiveDate;
use uuid::Uuid;
use vigie_app::casework::{AGENDA_DAYS, AgendaKind, FileChange};
use vigie_domain::casefile::{self as cf, CaseInputError, MAX_FIELD_CHARS};
use vigie_domain::court::{
    CivilParty, CourtCase, CourtStage, CourtUpdate, DeadlineNote, Hearing, LegalAid, TABLE_DATE,
};

use super::{NewFileForm, code_name, code_opts, file_path};
use crate::Lang;
use crate::staff::kit::{PageResult, View, field, with_secret};
use crate::staff::{Opt, StaffPage, render, staff_page, staff_template};

/// A compensation deadline, as shown.
pub struct DeadlineLine {
    pub(super) scheme: String,
    pub(super) due: String,
    pub(super) reference: String,
    pub(super) passed: bool,
    pub(super) notes: Vec<String>,
}

/// A court case, as shown, with its update form's options.
pub struct CaseSection {
    pub(super) id: String,
    pub(super) court: String,
    pub(super) facts: Vec<(String, String)>,
    pub(super) hearings: Vec<(String, String)>,
    pub(super) deadlines: Vec<DeadlineLine>,
    pub(super) deadlines_error: String,
    pub(super) decision: String,
    pub(super) final_on: String,
    pub(super) damages: bool,
    pub(super) stages: Vec<Opt>,
    pub(super) civil_parties: Vec<Opt>,
    pub(super) legal_aids: Vec<Opt>,
}

/// The options of the form that adds a case.
pub struct NewCaseOptions {
    pub(super) stages: Vec<Opt>,
    pub(super) civil_parties: Vec<Opt>,
    pub(super) legal_aids: Vec<Opt>,
}

/// The note's key.
fn note_key(note: DeadlineNote) -> &'static str {
    match note {
        DeadlineNote::AwaitingDecision => "file-court-note-awaiting",
        DeadlineNote::MinorBeforeReform => "file-court-note-minor",
        DeadlineNote::FinalDayAssumed => "file-court-note-final-assumed",
    }
}

/// The "indicatif" line above the deadlines.
pub fn table_note(lang: Lang) -> String {
    lang.t_args("file-court-indicative", &[("date", TABLE_DATE.to_string())])
}

/// The options of the form that adds a case.
pub fn new_case_options(lang: Lang) -> NewCaseOptions {
    NewCaseOptions {
        stages: code_opts(lang, "file-court-stage", CourtStage::ALL, None),
        civil_parties: code_opts(lang, "file-court-party", CivilParty::ALL, None),
        legal_aids: code_opts(lang, "file-court-aid", LegalAid::ALL, None),
    }
}

/// The sections of the file's court cases, their deadlines computed for `today`.
pub fn sections(lang: Lang, cases: &[CourtCase], today: NaiveDate) -> Vec<CaseSection> {
    cases
        .iter()
        .map(|c| {
            let yes_no = |b: bool| lang.t(if b { "file-yes" } else { "file-no" });
            let mut facts = vec![
                (
                    lang.t("file-court-stage"),
                    code_name(lang, "file-court-stage", c.stage.as_str()),
                ),
                (
                    lang.t("file-court-party"),
                    code_name(lang, "file-court-party", c.civil_party.as_str()),
                ),
                (lang.t("file-court-lawyer"), c.lawyer.clone()),
                (
                    lang.t("file-court-aid"),
                    code_name(lang, "file-court-aid", c.legal_aid.as_str()),
                ),
                (
                    lang.t("file-court-domicile"),
                    if c.police_domicile {
                        format!("{} ({})", yes_no(true), c.police_station)
                    } else {
                        yes_no(false)
                    },
                ),
                (lang.t("file-court-offence"), c.offence.to_string()),
            ];
            let optional = [
                ("file-court-birth", c.victim_birth),
                ("file-court-decision", c.decision),
                ("file-court-final", c.final_on),
            ];
            for (key, day) in optional {
                if let Some(d) = day {
                    facts.push((lang.t(key), d.to_string()));
                }
            }
            if c.decision.is_some() {
                facts.push((lang.t("file-court-damages"), yes_no(c.damages_awarded)));
            }
            let (deadlines, deadlines_error) = match c.deadlines(today) {
                Ok(sheet) => (
                    sheet
                        .deadlines
                        .iter()
                        .map(|d| {
                            let mut notes: Vec<String> =
                                d.notes.iter().map(|n| lang.t(note_key(*n))).collect();
                            if let Some(opens) = d.opens {
                                notes.insert(
                                    0,
                                    lang.t_args("file-court-opens", &[("date", opens.to_string())]),
                                );
                            }
                            if d.relief_possible {
                                notes.push(lang.t("file-court-relief"));
                            }
                            DeadlineLine {
                                scheme: code_name(lang, "file-court-scheme", d.scheme.as_str()),
                                due: d.due.to_string(),
                                reference: d.reference().to_owned(),
                                passed: d.passed,
                                notes,
                            }
                        })
                        .collect(),
                    String::new(),
                ),
                Err(e) => (Vec::new(), e.to_string()),
            };
            CaseSection {
                id: c.id.to_string(),
                court: c.court.clone(),
                facts,
                hearings: c
                    .hearings
                    .iter()
                    .map(|h| (h.day.to_string(), h.label.clone()))
                    .collect(),
                deadlines,
                deadlines_error,
                decision: c.decision.map(|d| d.to_string()).unwrap_or_default(),
                final_on: c.final_on.map(|d| d.to_string()).unwrap_or_default(),
                damages: c.damages_awarded,
                stages: code_opts(lang, "file-court-stage", CourtStage::ALL, Some(c.stage)),
                civil_parties: code_opts(
                    lang,
                    "file-court-party",
                    CivilParty::ALL,
                    Some(c.civil_party),
                ),
                legal_aids: code_opts(lang, "file-court-aid", LegalAid::ALL, Some(c.legal_aid)),
            }
        })
        .collect()
}

/// An optional `YYYY-MM-DD` day (empty: none).
fn optional_day(raw: &str, what: &'static str) -> Result<Option<NaiveDate>, CaseInputError> {
    match raw.trim() {
        "" => Ok(None),
        d => cf::day(d, what).map(Some),
    }
}

/// The hearing a form adds, if its day is given.
fn hearing(form: &[(String, String)]) -> Result<Option<Hearing>, CaseInputError> {
    Ok(
        optional_day(field(form, "audience_jour"), "audience")?.map(|day| Hearing {
            day,
            label: field(form, "audience_libelle").to_owned(),
        }),
    )
}

/// The change a court form asks for (`quoi=dossier-judiciaire` adds a case,
/// `quoi=dossier-judiciaire-maj` updates one), or `None` for another form.
pub fn change(form: &[(String, String)]) -> Option<Result<FileChange, CaseInputError>> {
    let f = |name: &str| field(form, name);
    let yes = |name: &str| f(name) == "1";
    let common = || -> Result<_, CaseInputError> {
        Ok((
            cf::code::<CourtStage>(f("etape"), "étape de la procédure")?,
            cf::code::<CivilParty>(f("partie_civile"), "partie civile")?,
            cf::code::<LegalAid>(f("aide"), "aide juridictionnelle")?,
            optional_day(f("decision"), "date de la décision")?,
            optional_day(
                f("definitive"),
                "date où la décision est devenue définitive",
            )?,
        ))
    };
    Some(match f("quoi") {
        "dossier-judiciaire" => (|| {
            let (stage, civil_party, legal_aid, decision, final_on) = common()?;
            Ok(FileChange::Court(CourtCase {
                id: Uuid::new_v4(),
                court: cf::required_text(f("juridiction"), "juridiction", MAX_FIELD_CHARS)?,
                stage,
                civil_party,
                lawyer: f("avocat").to_owned(),
                hearings: hearing(form)?.into_iter().collect(),
                legal_aid,
                police_domicile: yes("domiciliation"),
                police_station: f("commissariat").to_owned(),
                offence: cf::day(f("infraction"), "date de l'infraction")?,
                victim_birth: optional_day(f("naissance"), "date de naissance")?,
                decision,
                final_on,
                damages_awarded: yes("dommages"),
            }))
        })(),
        "dossier-judiciaire-maj" => (|| {
            let (stage, civil_party, legal_aid, decision, final_on) = common()?;
            let id = f("dossier")
                .parse()
                .map_err(|_| CaseInputError::Unknown("dossier judiciaire"))?;
            Ok(FileChange::CourtUpdate(
                id,
                CourtUpdate {
                    stage,
                    civil_party,
                    legal_aid,
                    hearing: hearing(form)?,
                    decision,
                    final_on,
                    damages_awarded: yes("dommages"),
                },
            ))
        })(),
        _ => return None,
    })
}

/// One échéance, as shown.
pub struct AgendaLine {
    day: String,
    overdue: bool,
    href: String,
    name: String,
    kind: String,
    what: String,
}

#[derive(Template)]
#[template(path = "staff/casework/agenda.html")]
struct AgendaPage {
    page: StaffPage,
    intro: String,
    table_note: String,
    items: Vec<AgendaLine>,
}

staff_template!(AgendaPage);

/// `GET /espace/accompagnement/echeances`: steps due, hearings and compensation deadlines within
/// the next days, across the caseworker's open files (only the files with one are opened).
pub async fn agenda(view: View<NewFileForm>) -> PageResult {
    let (state, staff, _) = view.parts();
    let lang = staff.lang;
    let items = with_secret(&state, &staff, async |app, who, secret| {
        app.casework_agenda(who, secret).await
    })
    .await?;
    let today = vigie_domain::time::paris_day(state.app.clock().now());
    let items = items
        .into_iter()
        .map(|i| AgendaLine {
            day: i.day.to_string(),
            overdue: i.day < today,
            href: file_path(lang, i.file),
            name: lang.t_args(
                "file-agenda-file",
                &[("number", i.number.to_string()), ("name", i.name)],
            ),
            kind: match i.kind {
                AgendaKind::Step => lang.t("file-agenda-step"),
                AgendaKind::Hearing => lang.t("file-agenda-hearing"),
                AgendaKind::Compensation(scheme, reference) => format!(
                    "{} ({reference})",
                    code_name(lang, "file-court-scheme", scheme.as_str())
                ),
            },
            what: i.what,
        })
        .collect();
    let page = AgendaPage {
        page: staff_page(
            &state,
            &staff,
            "file-agenda-title",
            "/espace/accompagnement/echeances",
        ),
        intro: lang.t_args("file-agenda-intro", &[("days", AGENDA_DAYS.to_string())]),
        table_note: table_note(lang),
        items,
    };
    Ok(render(&page, StatusCode::OK, lang))
}
