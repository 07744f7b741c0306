//! The survey cycles: the list (with each programme's results and statements), the new cycle
//! form, a cycle's page (its results, the print form, the keying of a paper slip).

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_domain::CycleId;
use vigie_domain::prevention::{FormErrors, Problem};
use vigie_domain::survey::{CodeRefusal, CycleForm, K_MIN_PAIRS};

use super::{
    CycleGate, ProgrammeBlock, Readers, ResultRow, SurveyGate, field_errors, programme_blocks,
    result_rows, surveys, wave_name,
};
use crate::session::Staff;
use crate::staff::kit::{IdPath, Landed, PageResult, Post, View, ask, done, field, record_error};
use crate::staff::outcomes::SurveyDone;
use crate::staff::showing::{FieldErrors, Showing};
use crate::staff::{Opt, StaffPage, render, staff_page, staff_template};
use crate::state::AppState;
use crate::survey::{Question, questions};

/// A cycle as a row of the list.
pub struct CycleRow {
    href: String,
    programme: String,
    structure: String,
    closes: String,
    open: bool,
    slips: i64,
    responses: String,
}

#[derive(Template)]
#[template(path = "staff/surveys/list.html")]
struct ListPage {
    page: StaffPage,
    rows: Vec<CycleRow>,
    blocks: Vec<ProgrammeBlock>,
    statement_links: Vec<(String, String)>,
    new_href: String,
    k: u32,
}

staff_template!(ListPage);

/// `GET /espace/prevention/questionnaires`.
pub async fn list(view: View<SurveyGate>) -> PageResult {
    let at = view.showing::<SurveyDone>();
    let lang = at.lang();
    let cycles = at
        .ask(async |app, who| app.survey_cycles(who).await)
        .await?;
    let results = at
        .ask(async |app, who| app.programme_survey_results(who).await)
        .await?;
    let programmes = at.ask(async |app, who| app.programmes(who).await).await?;
    let statements_href = |id: &dyn std::fmt::Display| {
        lang.path(&format!("/espace/prevention/programmes/{id}/questionnaire"))
    };
    let page = ListPage {
        page: at.staff_page("staff-survey-title", &surveys("")),
        rows: cycles
            .iter()
            .map(|c| CycleRow {
                href: lang.path(&surveys(&format!("/{}", c.id))),
                programme: c.programme.clone(),
                structure: c.structure.clone(),
                closes: c.cycle.closes_on.format("%d/%m/%Y").to_string(),
                open: c.open,
                slips: c.slips,
                responses: c.responses[..c.cycle.waves().len()]
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" / "),
            })
            .collect(),
        blocks: programme_blocks(lang, &results, Readers::Staff),
        statement_links: programmes
            .iter()
            .filter(|p| p.programme.active)
            .map(|p| (statements_href(&p.id), p.programme.name.clone()))
            .collect(),
        new_href: lang.path(&surveys("/nouveau")),
        k: K_MIN_PAIRS,
    };
    Ok(at.render(&page))
}

#[derive(Template)]
#[template(path = "staff/surveys/new.html")]
struct NewPage {
    page: StaffPage,
    action: String,
    back_href: String,
    values: CycleForm,
    programmes: Vec<Opt>,
    structures: Vec<Opt>,
    errors: FieldErrors,
}

staff_template!(NewPage);

/// The new cycle form with `values` and `errors`, answered with `status`.
async fn new_page(
    state: &AppState,
    staff: &Staff,
    (values, errors, status): (CycleForm, FormErrors, StatusCode),
) -> PageResult {
    let lang = staff.lang;
    let programmes = ask(state, staff, async |app, who| app.programmes(who).await).await?;
    let structures = ask(state, staff, async |app, who| app.structures(who).await).await?;
    let chosen = |v: &str| v.trim().to_owned();
    let page = NewPage {
        page: staff_page(state, staff, "staff-survey-new", &surveys("/nouveau"))
            .with_form::<SurveyGate>(state, staff, &()),
        action: lang.path(&surveys("/nouveau")),
        back_href: lang.path(&surveys("")),
        programmes: programmes
            .iter()
            .filter(|p| p.programme.active)
            .map(|p| Opt {
                selected: chosen(&values.programme) == p.id.to_string(),
                value: p.id.to_string(),
                label: p.programme.name.clone(),
            })
            .collect(),
        structures: structures
            .iter()
            .filter(|(_, c)| c.active)
            .map(|(id, c)| Opt {
                selected: chosen(&values.structure) == id.to_string(),
                value: id.to_string(),
                label: c.name.clone(),
            })
            .collect(),
        errors: field_errors(lang, &errors, |f| format!("cycle-{f}")),
        values,
    };
    Ok(render(&page, status, lang))
}

/// `GET /espace/prevention/questionnaires/nouveau`.
pub async fn new_form(view: View<SurveyGate>) -> PageResult {
    let (state, staff, _) = view.parts();
    let values = CycleForm {
        later: false,
        ..CycleForm::default()
    };
    new_page(&state, &staff, (values, FormErrors::new(), StatusCode::OK)).await
}

/// `POST /espace/prevention/questionnaires/nouveau`: the cycle's page, or the form again (422).
pub async fn create(post: Post<SurveyGate>) -> PageResult {
    let (state, staff, (), pairs) = post.parts();
    let form = CycleForm {
        programme: field(&pairs, "programme").to_owned(),
        structure: field(&pairs, "structure").to_owned(),
        closes_on: field(&pairs, "closes_on").to_owned(),
        later: !field(&pairs, "later").is_empty(),
    };
    match state.app.add_survey_cycle(&staff.principal, &form).await {
        Ok(id) => Ok(done(
            &staff.lang.path(&surveys(&format!("/{id}"))),
            SurveyDone::CycleAdded,
        )),
        Err(AppError::InvalidPrevention(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            new_page(&state, &staff, (form, errors, status)).await
        }
        Err(e) => Err(record_error(&state, staff.lang, e, None)),
    }
}

#[derive(Template)]
#[template(path = "staff/surveys/cycle.html")]
struct CyclePage {
    page: StaffPage,
    back_href: String,
    facts: Vec<(String, String)>,
    rows: Vec<ResultRow>,
    later: bool,
    k: u32,
    print_action: String,
    key_action: String,
    code: String,
    questions: Vec<Question>,
    errors: FieldErrors,
}

staff_template!(CyclePage);

/// Cycle `id`'s page, with the keying form's `values` and `errors`, answered with `status`.
pub(super) async fn cycle_page(
    at: Showing<'_>,
    id: CycleId,
    (values, errors): (&[(String, String)], FormErrors),
) -> PageResult {
    let lang = at.lang();
    let view = at
        .record(async |app, who| app.survey_cycle(who, id).await, None)
        .await?;
    let c = &view.listed;
    let yes_no = |b: bool| lang.t(if b { "staff-prev-yes" } else { "staff-prev-no" });
    let mut facts = vec![
        (lang.t("staff-survey-programme"), c.programme.clone()),
        (lang.t("staff-survey-structure"), c.structure.clone()),
        (
            lang.t("staff-survey-closes"),
            c.cycle.closes_on.format("%d/%m/%Y").to_string(),
        ),
        (lang.t("staff-survey-later"), yes_no(c.cycle.later)),
        (lang.t("staff-survey-slips"), c.slips.to_string()),
        (lang.t("staff-survey-pairs"), view.results.pairs.to_string()),
    ];
    for &w in c.cycle.waves() {
        facts.push((
            lang.t_args("staff-survey-responses", &[("wave", wave_name(lang, w))]),
            c.responses[w as usize].to_string(),
        ));
    }
    let path = surveys(&format!("/{id}"));
    let title = lang.t_args(
        "staff-survey-cycle-title",
        &[
            ("programme", c.programme.clone()),
            ("structure", c.structure.clone()),
        ],
    );
    let page = CyclePage {
        page: at.item_page::<CycleGate>((&id, &path), title),
        back_href: lang.path(&surveys("")),
        facts,
        rows: result_rows(lang, &view.results, c.cycle.later, Readers::Staff),
        later: c.cycle.later,
        k: K_MIN_PAIRS,
        print_action: lang.path(&format!("{path}/fiches")),
        key_action: lang.path(&format!("{path}/saisie")),
        code: field(values, "code").chars().take(64).collect(),
        questions: questions(
            lang,
            &c.cycle.statements,
            |f| field(values, f).to_owned(),
            &errors,
        ),
        errors: field_errors(lang, &errors, |f| {
            if f == "code" {
                "key-code".into()
            } else {
                format!("{f}-error")
            }
        }),
    };
    Ok(at.render(&page))
}

/// `GET /espace/prevention/questionnaires/{id}`.
pub async fn page(view: View<CycleGate>, IdPath(id): IdPath<CycleId>) -> PageResult {
    cycle_page(view.showing::<SurveyDone>(), id, (&[], FormErrors::new())).await
}

/// `POST /espace/prevention/questionnaires/{id}/saisie`: a paper slip's answers under its code;
/// the page again with the error beside the field (422) when the code is not one of this cycle's
/// unanswered codes or an answer is not a point.
pub async fn key_in(post: Post<CycleGate>) -> PageResult {
    let (state, staff, id, pairs) = post.parts();
    let value = |f: &str| field(&pairs, f).to_owned();
    let result = state
        .app
        .key_in_survey(&staff.principal, id, field(&pairs, "code"), value)
        .await;
    let errors = match result {
        Ok(_) => {
            let to = staff.lang.path(&surveys(&format!("/{id}")));
            return Ok(done(&to, SurveyDone::Keyed));
        }
        Err(AppError::InvalidPrevention(errors)) => errors,
        Err(AppError::SurveyCode(CodeRefusal::Used)) => vec![("code".into(), Problem::TooMany)],
        Err(AppError::SurveyCode(_)) => vec![("code".into(), Problem::Unknown)],
        Err(e) => return Err(record_error(&state, staff.lang, e, None)),
    };
    cycle_page(Showing::invalid(&state, &staff), id, (&pairs, errors)).await
}
