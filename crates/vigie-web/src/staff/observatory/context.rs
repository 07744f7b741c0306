//! Official context series (`/espace/observatoire/contexte`): an analyst imports the SSMSI's yearly
//! recorded-crime indicators from its CSV file (an upload of at most 5 MB, or the text pasted), and sees
//! the series on file. The file comes from outside: it is read with a cap, parsed off the async
//! runtime, and every refusal names its line. The app writes the audit log (`context_imported`).

use askama::Template;
use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vigie_observatory::context::MAX_BYTES;
use vigie_observatory::{ContextError, parse_ssmsi_csv};

use super::{ContextForm, obs_path, staff_template};
use crate::session::Staff;
use crate::staff::kit::{Gate, OrPage, PageResult, View, ask};
use crate::staff::{StaffPage, render, staff_page};
use crate::state::AppState;
use crate::{Lang, PageError, csrf};

/// The territory the form suggests.
pub const DEFAULT_TERRITORY: &str = "Bouches-du-Rhône (13)";
/// The source line the form suggests.
pub const DEFAULT_SOURCE: &str =
    "SSMSI, bases statistiques de la délinquance enregistrée (data.gouv.fr), Licence Ouverte 2.0";
/// Longest territory or source line, in characters.
const MAX_LABEL_CHARS: usize = 200;
/// The largest request the import accepts: the file at its largest, and room for the other fields
/// and the multipart framing.
pub const BODY_LIMIT: usize = MAX_BYTES + 64 * 1024;
/// The largest small field (token, territory, source), in bytes.
const MAX_SMALL_FIELD: usize = 4 * 1024;

/// A series on file, as listed.
pub struct SeriesLine {
    indicator: String,
    unit: String,
    territory: String,
    years: String,
    latest: String,
    source: String,
}

/// A refusal of the file: where, and what the parser said (in English).
pub struct FileError {
    place: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "staff/observatory/context.html")]
struct ContextPage {
    page: StaffPage,
    action: String,
    /// What was posted, and what to say about it.
    p: Posted,
    series: Vec<SeriesLine>,
}

staff_template!(ContextPage);

/// What the form posted, and what to show about it.
#[derive(Default)]
struct Posted {
    territory: String,
    source: String,
    text: String,
    message: Option<String>,
    error: Option<String>,
    file_error: Option<FileError>,
    territory_error: Option<String>,
    source_error: Option<String>,
}

async fn page(state: &AppState, staff: &Staff, p: Posted, status: StatusCode) -> PageResult {
    let lang = staff.lang;
    let series = state.app.context_series().await.or_page(state, lang)?;
    let series = series
        .into_iter()
        .map(|s| SeriesLine {
            years: match (s.points.first(), s.points.last()) {
                (Some(a), Some(b)) if a.year != b.year => format!("{}–{}", a.year, b.year),
                (Some(a), _) => a.year.to_string(),
                _ => String::new(),
            },
            latest: s
                .points
                .last()
                .map(|p| format!("{} ({})", p.value, p.year))
                .unwrap_or_default(),
            source: format!("{} — {}", s.source, s.licence),
            indicator: s.indicator,
            unit: s.unit,
            territory: s.territory,
        })
        .collect();
    let page = ContextPage {
        page: staff_page(
            state,
            staff,
            "staff-obs-context-title",
            "/espace/observatoire/contexte",
        )
        .with_form::<ContextForm>(state, staff, &()),
        action: obs_path(lang, "/contexte"),
        p,
        series,
    };
    Ok(render(&page, status, lang))
}

/// `GET /espace/observatoire/contexte`.
pub async fn context_page(view: View<ContextForm>) -> PageResult {
    let imported = view.param::<u32>("importees");
    let (state, staff, _) = view.parts();
    let message = imported.map(|n| {
        let count = [("count", n.to_string())];
        staff.lang.t_args("staff-obs-context-done", &count)
    });
    let posted = Posted {
        territory: DEFAULT_TERRITORY.to_owned(),
        source: DEFAULT_SOURCE.to_owned(),
        message,
        ..Posted::default()
    };
    page(&state, &staff, posted, StatusCode::OK).await
}

/// Why a field could not be read.
enum ReadError {
    TooLarge,
    Broken,
}

/// Reads a field up to `cap` bytes.
async fn read_capped(mut f: Field<'_>, cap: usize) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    loop {
        match f.chunk().await {
            Ok(Some(chunk)) => {
                if buf.len() + chunk.len() > cap {
                    return Err(ReadError::TooLarge);
                }
                buf.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(buf),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ReadError::TooLarge);
            }
            Err(_) => return Err(ReadError::Broken),
        }
    }
}

/// The form's fields as posted.
#[derive(Default)]
struct Upload {
    csrf: String,
    territory: String,
    source: String,
    text: String,
    file: Vec<u8>,
}

async fn read_upload(mp: &mut Multipart) -> Result<Upload, ReadError> {
    let mut up = Upload::default();
    loop {
        let f = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(up),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ReadError::TooLarge);
            }
            Err(_) => return Err(ReadError::Broken),
        };
        let name = f.name().unwrap_or("").to_owned();
        let small = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "csrf" => up.csrf = small(read_capped(f, MAX_SMALL_FIELD).await?),
            "territory" => up.territory = small(read_capped(f, MAX_SMALL_FIELD).await?),
            "source" => up.source = small(read_capped(f, MAX_SMALL_FIELD).await?),
            "text" => {
                let bytes = read_capped(f, MAX_BYTES).await?;
                up.text = String::from_utf8(bytes).map_err(|_| ReadError::Broken)?;
            }
            "file" => up.file = read_capped(f, MAX_BYTES).await?,
            // Unknown fields are read and dropped, with the same cap.
            _ => drop(read_capped(f, MAX_SMALL_FIELD).await?),
        }
    }
}

/// A territory or source line: required, one line, at most 200 characters.
fn label_ok(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().count() <= MAX_LABEL_CHARS && !s.chars().any(char::is_control)
}

fn file_error(lang: Lang, e: &ContextError) -> FileError {
    let place = match (e.line, &e.column) {
        (0, _) => lang.t("staff-obs-context-error-file"),
        (line, Some(column)) => lang.t_args(
            "staff-obs-context-error-line-column",
            &[("line", line.to_string()), ("column", column.clone())],
        ),
        (line, None) => lang.t_args(
            "staff-obs-context-error-line",
            &[("line", line.to_string())],
        ),
    };
    FileError {
        place,
        detail: e.message.clone(),
    }
}

/// `POST /espace/observatoire/contexte` (multipart): `file` (or `text` when no file is chosen),
/// `territory`, `source`. Series already on file are replaced.
pub async fn import(
    // The policy first (the extractor): nobody else gets to make us read 5 MB.
    view: View<ContextForm>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let (state, staff, _) = view.parts();
    let lang = staff.lang;
    let bad_multipart =
        || PageError::bad_request(lang, "error-400-multipart").with_config(&state.web);
    let Ok(mut mp) = multipart else {
        return Err(bad_multipart());
    };
    let up = match read_upload(&mut mp).await {
        Ok(up) => up,
        Err(ReadError::TooLarge) => {
            let posted = Posted {
                territory: DEFAULT_TERRITORY.to_owned(),
                source: DEFAULT_SOURCE.to_owned(),
                error: Some(lang.t("staff-obs-context-error-too-large")),
                ..Posted::default()
            };
            return page(&state, &staff, posted, StatusCode::PAYLOAD_TOO_LARGE).await;
        }
        Err(ReadError::Broken) => return Err(bad_multipart()),
    };
    csrf::check(
        &state,
        lang,
        &up.csrf,
        &ContextForm::purpose(&()),
        &staff.session.csrf_binding(),
    )?;
    let from_file = !up.file.is_empty();
    let mut posted = Posted {
        territory: up.territory.trim().to_owned(),
        source: up.source.trim().to_owned(),
        // A pasted text is shown again; a file is chosen again.
        text: if from_file {
            String::new()
        } else {
            up.text.clone()
        },
        ..Posted::default()
    };
    let bad_label = lang.t("staff-obs-context-error-label");
    if !label_ok(&posted.territory) {
        posted.territory_error = Some(bad_label.clone());
    }
    if !label_ok(&posted.source) {
        posted.source_error = Some(bad_label);
    }
    let text = if from_file {
        match String::from_utf8(up.file) {
            Ok(t) => Some(t),
            Err(_) => {
                posted.error = Some(lang.t("staff-obs-context-error-utf8"));
                None
            }
        }
    } else if up.text.trim().is_empty() {
        posted.error = Some(lang.t("staff-obs-context-error-empty"));
        None
    } else {
        Some(up.text)
    };
    let Some(text) =
        text.filter(|_| posted.territory_error.is_none() && posted.source_error.is_none())
    else {
        return page(&state, &staff, posted, StatusCode::BAD_REQUEST).await;
    };
    let (territory, source) = (posted.territory.clone(), posted.source.clone());
    let parsed =
        tokio::task::spawn_blocking(move || parse_ssmsi_csv(&text, &territory, &source)).await;
    let series = match parsed {
        Ok(Ok(series)) => series,
        Ok(Err(e)) => {
            posted.file_error = Some(file_error(lang, &e));
            return page(&state, &staff, posted, StatusCode::BAD_REQUEST).await;
        }
        Err(e) => {
            tracing::error!(error = %e, "context parse task failed");
            return Err(PageError::internal(lang));
        }
    };
    let n = ask(&state, &staff, async |app, who| {
        app.import_context(who, &series).await
    })
    .await?;
    Ok(Redirect::to(&obs_path(lang, &format!("/contexte?importees={n}"))).into_response())
}
