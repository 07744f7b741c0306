//! A programme's statements (`/espace/prevention/programmes/{id}/questionnaire`): the standard
//! ones ticked, and up to three of its own wording; new cycles ask them, a cycle keeps those it was
//! created with.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_domain::ProgrammeId;
use vigie_domain::prevention::FormErrors;
use vigie_domain::survey::{MAX_OWN, StandardStatement, Statement, StatementsForm};

use super::{StatementsGate, field_errors, surveys};
use crate::session::Staff;
use crate::staff::kit::{IdPath, PageResult, Post, View, done, fields, record_error};
use crate::staff::outcomes::SurveyDone;
use crate::staff::showing::FieldErrors;
use crate::staff::{Opt, StaffPage, item_page, render, staff_template};
use crate::state::AppState;
use crate::survey::statement_text;

#[derive(Template)]
#[template(path = "staff/surveys/statements.html")]
struct FormPage {
    page: StaffPage,
    action: String,
    back_href: String,
    standard: Vec<Opt>,
    own: Vec<(String, String, String)>,
    errors: FieldErrors,
}

staff_template!(FormPage);

/// The form of programme `id` with `values` and `errors`, answered with `status`.
async fn form_page(
    state: &AppState,
    staff: &Staff,
    id: ProgrammeId,
    (values, errors, status): (StatementsForm, FormErrors, StatusCode),
) -> PageResult {
    let lang = staff.lang;
    let path = format!("/espace/prevention/programmes/{id}/questionnaire");
    let title = lang.t("staff-survey-statements-title");
    let page = FormPage {
        page: item_page::<StatementsGate>(state, staff, (&id, &path), title),
        action: lang.path(&path),
        back_href: lang.path(&surveys("")),
        standard: StandardStatement::ALL
            .iter()
            .map(|s| Opt {
                value: s.as_str().to_owned(),
                label: statement_text(lang, &Statement::Standard(*s)),
                selected: values.standard.iter().any(|v| v == s.as_str()),
            })
            .collect(),
        own: (0..MAX_OWN)
            .map(|i| {
                let name = format!("own{}", i + 1);
                let label = lang.t_args("staff-survey-own", &[("n", (i + 1).to_string())]);
                let value = values.own.get(i).cloned().unwrap_or_default();
                (name, label, value)
            })
            .collect(),
        errors: field_errors(lang, &errors, |f| {
            if f == "standard" {
                "standard-error".into()
            } else {
                format!("statement-{f}")
            }
        }),
    };
    Ok(render(&page, status, lang))
}

/// `GET /espace/prevention/programmes/{id}/questionnaire`.
pub async fn form(view: View<StatementsGate>, IdPath(id): IdPath<ProgrammeId>) -> PageResult {
    let (state, staff, _) = view.parts();
    let list = state
        .app
        .survey_statements(&staff.principal, id)
        .await
        .map_err(|e| record_error(&state, staff.lang, e, None))?;
    let mut values = StatementsForm::default();
    for s in list {
        match s {
            Statement::Standard(s) => values.standard.push(s.as_str().to_owned()),
            Statement::Own(t) => values.own.push(t),
        }
    }
    form_page(
        &state,
        &staff,
        id,
        (values, FormErrors::new(), StatusCode::OK),
    )
    .await
}

/// `POST /espace/prevention/programmes/{id}/questionnaire`.
pub async fn save(post: Post<StatementsGate>) -> PageResult {
    let (state, staff, id, pairs) = post.parts();
    let form = StatementsForm {
        standard: fields(&pairs, "standard"),
        own: (1..=MAX_OWN)
            .map(|i| crate::staff::kit::field(&pairs, &format!("own{i}")).to_owned())
            .collect(),
    };
    match state
        .app
        .save_survey_statements(&staff.principal, id, &form)
        .await
    {
        Ok(()) => Ok(done(&staff.lang.path(&surveys("")), SurveyDone::Statements)),
        Err(AppError::InvalidPrevention(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&state, &staff, id, (form, errors, status)).await
        }
        Err(e) => Err(record_error(&state, staff.lang, e, None)),
    }
}
