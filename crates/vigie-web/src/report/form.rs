//! `/signaler`: the anonymous report form, its submission, the receipt page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use vigie_domain::report::{Field, FieldError, ReportForm, validate_report};
use vigie_domain::time::paris_day;

use super::admission::{self, Posted};
use super::upload::{Part, next_part, seal_into};
use super::{Choice, app_error_page, area_choices, category_choices};
use crate::form_pages::BlankForm;
use crate::layout::PageCtx;
use crate::staff::render;
use crate::state::AppState;
use crate::{Lang, PageError};

/// CSRF purpose of the public report form (no session: the token is bound to nothing else).
const PURPOSE: &str = "report";

/// The form page.
#[derive(Template)]
#[template(path = "report/form.html")]
pub struct FormPage {
    ctx: PageCtx,
    csrf: String,
    form: ReportForm,
    categories: Vec<Choice>,
    districts: Vec<Choice>,
    neighbourhoods: Vec<(String, Vec<Choice>)>,
    errors: Vec<(Field, String)>,
    max_files: usize,
    max_file_mib: u64,
    files_dropped: bool,
    /// Why the form comes back without errors in it (sent too soon, already sent).
    notice: Option<String>,
}

impl FormPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| field_name(*f) == field)
            .map(|(_, m)| m.as_str())
    }
}

/// The receipt page.
#[derive(Template)]
#[template(path = "report/done.html")]
pub struct DonePage {
    ctx: PageCtx,
    receipt: String,
    category: String,
    files: Vec<FileLine>,
}

/// What the receipt page says about one file.
pub struct FileLine {
    name: String,
    removed: Vec<String>,
    flagged: bool,
    unchecked: bool,
}

/// The page after "J'ai noté mon code".
#[derive(Template)]
#[template(path = "report/next.html")]
pub struct NextPage {
    ctx: PageCtx,
}

fn field_name(f: Field) -> &'static str {
    match f {
        Field::Category => "category",
        Field::District => "district",
        Field::Neighbourhood => "neighbourhood",
        Field::Place => "place",
        Field::Date => "date",
        Field::TimeOfDay => "time_of_day",
        Field::Text => "text",
        Field::Identity => "identity",
    }
}

fn error_key(e: FieldError) -> &'static str {
    match e {
        FieldError::Required => "report-error-required",
        FieldError::Unknown => "report-error-unknown",
        FieldError::TooLong => "report-error-too-long",
        FieldError::BadDate => "report-error-date",
    }
}

fn form_page(
    state: &AppState,
    lang: Lang,
    form: ReportForm,
    errors: Vec<(Field, String)>,
    files_dropped: bool,
) -> FormPage {
    let areas = &state.app.settings().areas;
    let (districts, neighbourhoods) = area_choices(areas, &form.district, &form.neighbourhood);
    let settings = &state.app.settings().reports;
    FormPage {
        ctx: PageCtx::titled(lang, &state.web, "report-title", "/signaler"),
        csrf: admission::issue(state, PURPOSE),
        categories: category_choices(lang, &form.category),
        districts,
        neighbourhoods,
        form,
        errors,
        max_files: settings.max_files,
        max_file_mib: settings.max_file_bytes / (1024 * 1024),
        files_dropped,
        notice: None,
    }
}

/// `GET /signaler`.
pub async fn show(State(state): State<AppState>, lang: Lang) -> Response {
    let token = admission::issue(&state, PURPOSE);
    state
        .form_pages
        .answer((BlankForm::Report, lang), token, |csrf| FormPage {
            csrf,
            ..form_page(&state, lang, ReportForm::default(), Vec::new(), false)
        })
}

/// `GET /signaler/suite`: the next steps, once the reporter noted the receipt.
pub async fn next(State(state): State<AppState>, lang: Lang) -> Response {
    let page = NextPage {
        ctx: PageCtx::titled(lang, &state.web, "report-next-title", "/signaler/suite"),
    };
    render(&page, StatusCode::OK, lang)
}

/// `POST /signaler` ([`admission::post`]): the report and its files, sealed and stored.
pub struct Report;

impl admission::PublicForm for Report {
    const PURPOSE: &'static str = PURPOSE;
    const TEXTS: admission::Texts = admission::Texts {
        too_soon: "report-too-soon",
        already_sent: "report-already-sent",
        resend: "report-resend-steps",
    };

    /// The form sent back as it was filled (files are read and dropped, never sealed).
    async fn refused(posted: Posted<'_>, notice: String) -> Result<Response, PageError> {
        let Posted { state, lang, mp } = posted;
        let mut form = ReportForm::default();
        let mut had_files = false;
        while let Some(part) = next_part(mp, lang).await? {
            match part {
                Part::File(mut field) => {
                    while let Some(chunk) = field
                        .chunk()
                        .await
                        .map_err(|_| PageError::bad_request(lang, "error-400-multipart"))?
                    {
                        had_files |= !chunk.is_empty();
                    }
                }
                Part::Text(name, value) => set_field(&mut form, &name, value),
            }
        }
        let mut page = form_page(state, lang, form, Vec::new(), had_files);
        page.notice = Some(notice);
        Ok(render(&page, StatusCode::OK, lang))
    }

    async fn receive(posted: Posted<'_>) -> Result<(Response, bool), PageError> {
        receive(posted).await
    }
}

/// Sets a text field of the form by its name; unknown fields are ignored, never stored.
fn set_field(form: &mut ReportForm, name: &str, value: String) {
    match name {
        "category" => form.category = value,
        "district" => form.district = value,
        "neighbourhood" => form.neighbourhood = value,
        "place" => form.place = value,
        "date" => form.date = value,
        "ongoing" => form.ongoing = true,
        "time_of_day" => form.time_of_day = value,
        "text" => form.text = value,
        "danger" => form.danger = true,
        "consent_forward" => form.consent_forward = true,
        "identity" => form.identity = value,
        _ => {}
    }
}

/// Reads the admitted form, seals its files and stores the report. `true` with the response when a
/// report was stored.
async fn receive(posted: Posted<'_>) -> Result<(Response, bool), PageError> {
    let Posted { state, lang, mp } = posted;
    let mut draft = state.app.new_report_draft();
    let sealer = state.app.file_sealer(&draft);
    let mut form = ReportForm::default();
    while let Some(part) = next_part(mp, lang).await? {
        match part {
            Part::File(field) => seal_into(*field, state, &sealer, lang, &mut draft.files).await?,
            Part::Text(name, value) => set_field(&mut form, &name, value),
        }
    }
    let now = state.app.clock().now();
    let areas = state.app.settings().areas.clone();
    let report = match validate_report(&form, &areas, paris_day(now), now.timestamp()) {
        Ok(r) => r,
        Err(errors) => {
            // The sealed files of this attempt are dropped (their blobs go with the sweep):
            // the page asks to choose them again.
            let had_files = !draft.files.is_empty();
            drop(draft);
            let errors = errors
                .into_iter()
                .map(|(f, e)| (f, lang.t(error_key(e))))
                .collect();
            let page = form_page(state, lang, form, errors, had_files);
            return Ok((render(&page, StatusCode::BAD_REQUEST, lang), false));
        }
    };
    let done = match state.app.submit_report(draft, report).await {
        Ok(d) => d,
        Err(e) => return Err(app_error_page(state, lang, e)),
    };
    let files = done
        .files
        .iter()
        .map(|f| FileLine {
            name: f.name.clone(),
            removed: f
                .removed
                .iter()
                .map(|k| lang.t(&format!("removed-{k}")))
                .collect(),
            flagged: f.flagged || f.may_contain_location && f.removed.is_empty(),
            unchecked: f.unchecked,
        })
        .collect();
    let page = DonePage {
        ctx: PageCtx::titled(lang, &state.web, "report-done-title", "/signaler"),
        receipt: done.receipt.display(),
        category: lang.t(&format!("report-category-{}", done.category.as_str())),
        files,
    };
    Ok((render(&page, StatusCode::OK, lang), true))
}

impl std::fmt::Debug for FormPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormPage")
    }
}
