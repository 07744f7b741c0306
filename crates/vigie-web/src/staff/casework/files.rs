//! The caseworkers' files (`/espace/accompagnement/dossiers`): the list (a name search decrypts only
//! the team's index, the overdue view lists files whose next step is past due), and the form that
//! opens a file, blank or from a help request.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_app::casework::{FileQuery, GroupChoice, NewFileInput};
use vigie_domain::casefile::{AgeBand, FileStatus, LegalBasis, PersonRole, Sex};
use vigie_domain::{GroupId, ReportId};

use super::{FileDone, FileForm, NewFileForm, code_name, code_opts, file_path};
use crate::staff::kit::{
    OrPage, PageResult, Post, Showing, View, done, field, submit, with_secret,
};
use crate::staff::list::{ListPage, Listing, list_template};
use crate::staff::{Opt, StaffPage, render, staff_template};

/// One row of the list.
pub struct FileLine {
    href: String,
    number: i64,
    name: String,
    role: String,
    status: String,
    household: String,
    next_due: String,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "staff/casework/files.html")]
struct FilesPage {
    list: ListPage<FileLine>,
    name: String,
    statuses: Vec<Opt>,
    overdue: bool,
    new_href: String,
    agenda_href: String,
}

list_template!(FilesPage => FileLine);

/// `GET /espace/accompagnement/dossiers`: `nom=` searches the names, `statut=` filters, `retard=1`
/// keeps the files with a step past due.
pub async fn list(mut list: Listing<FileForm>) -> PageResult {
    let lang = list.staff.lang;
    // Read in the order the pager's links keep them.
    let name = list.text("nom");
    let status = list.code::<FileStatus>("statut");
    let q = FileQuery {
        status,
        overdue: list.flag("retard"),
        name: name.clone(),
        page: list.page(),
    };
    let (found, total) = with_secret(&list.state, &list.staff, async |app, who, secret| {
        app.file_list(who, secret, &q).await
    })
    .await?;
    let today =
        vigie_domain::time::day_string(vigie_domain::time::paris_day(list.state.app.clock().now()));
    // An archived file opens for a custodian only (of its team: the app checks): no link for
    // the others, whom it would refuse.
    let custodian = vigie_domain::decide(
        &list.staff.principal,
        vigie_domain::Action::ReadArchivedCase,
        &vigie_domain::Resource::Instance,
    )
    .is_ok();
    let rows = found
        .into_iter()
        .map(|f| {
            let r = &f.record;
            let opens = custodian || r.status != FileStatus::Archived;
            FileLine {
                href: if opens {
                    file_path(lang, r.id)
                } else {
                    String::new()
                },
                number: r.number,
                name: f.name.clone(),
                role: code_name(lang, "file-role", r.role.as_str()),
                status: code_name(lang, "file-status", r.status.as_str()),
                household: f.household.clone().unwrap_or_default(),
                next_due: r.next_due_day.clone().unwrap_or_default(),
                overdue: r
                    .next_due_day
                    .as_deref()
                    .is_some_and(|d| d < today.as_str()),
            }
        })
        .collect();
    let paging = (q.page.max(1), total, vigie_app::casework::FILES_PER_PAGE);
    let page = FilesPage {
        list: list.show(
            "file-list-title",
            "/espace/accompagnement/dossiers",
            &paging,
            rows,
        ),
        statuses: code_opts(lang, "file-status", FileStatus::ALL, status),
        name: name.unwrap_or_default(),
        overdue: q.overdue,
        new_href: lang.path("/espace/accompagnement/dossiers/nouveau"),
        agenda_href: lang.path("/espace/accompagnement/echeances"),
    };
    Ok(render(&page, StatusCode::OK, lang))
}

#[derive(Template)]
#[template(path = "staff/casework/file_new.html")]
struct NewFilePage {
    page: StaffPage,
    action: String,
    request: String,
    name: String,
    roles: Vec<Opt>,
    ages: Vec<Opt>,
    sexes: Vec<Opt>,
    legal_bases: Vec<Opt>,
    households: Vec<Opt>,
    affaires: Vec<Opt>,
}

staff_template!(NewFilePage);

/// `GET /espace/accompagnement/dossiers/nouveau` (`?demande=ID`: opened from that help request).
pub async fn new_form(view: View<NewFileForm>) -> PageResult {
    let (state, staff, pairs) = view.parts();
    let request = field(&pairs, "demande").to_owned();
    show_new(Showing::new(&state, &staff), (request, String::new())).await
}

/// The form that opens a file, saying what `at` says, with what was typed.
async fn show_new(at: Showing<'_>, (request, name): (String, String)) -> PageResult {
    let lang = at.lang();
    let groups = at
        .opened(async |app, who, secret| app.case_group_labels(who, secret).await)
        .await?;
    let group_opts = |kind: &str| -> Vec<Opt> {
        groups
            .iter()
            .filter(|g| g.1 == kind)
            .map(|(id, _, label)| Opt {
                value: id.to_string(),
                label: label.clone(),
                selected: false,
            })
            .collect()
    };
    let role_default = if request.is_empty() {
        None
    } else {
        Some(PersonRole::DirectVictim)
    };
    let page = NewFilePage {
        page: at
            .staff_page("file-new-title", "/espace/accompagnement/dossiers/nouveau")
            .with_form::<NewFileForm>(at.state, at.staff, &()),
        action: lang.path("/espace/accompagnement/dossiers"),
        request,
        name,
        roles: code_opts(lang, "file-role", PersonRole::ALL, role_default),
        ages: code_opts(lang, "file-age", AgeBand::ALL, None),
        sexes: code_opts(lang, "file-sex", Sex::ALL, None),
        legal_bases: code_opts(
            lang,
            "file-legal-basis",
            LegalBasis::ALL,
            Some(LegalBasis::VictimMandate),
        ),
        households: group_opts("household"),
        affaires: group_opts("affaire"),
    };
    Ok(at.render(&page))
}

/// A posted code, or the message that says what to fix.
fn code<T: std::str::FromStr>(
    form: &[(String, String)],
    name: &str,
    what: &'static str,
) -> Result<T, AppError> {
    vigie_domain::casefile::code(field(form, name), what)
        .map_err(|e| AppError::Invalid(e.to_string()))
}

/// A household or affaire chosen in the form: an existing id, or a new label.
fn group_choice(form: &[(String, String)], name: &str) -> GroupChoice {
    let new = field(form, &format!("{name}_nouveau")).trim();
    if !new.is_empty() {
        return GroupChoice::New(new.to_owned());
    }
    match field(form, name).parse::<GroupId>() {
        Ok(id) => GroupChoice::Existing(id),
        Err(_) => GroupChoice::None,
    }
}

/// `POST /espace/accompagnement/dossiers`: opens a file and goes to it.
pub async fn create(post: Post<NewFileForm>) -> PageResult {
    let (state, staff, (), form) = post.parts();
    let lang = staff.lang;
    let request = field(&form, "demande").to_owned();
    let input = (|| -> Result<NewFileInput, AppError> {
        Ok(NewFileInput {
            name: field(&form, "nom").to_owned(),
            role: code(&form, "role", "rôle")?,
            age_band: code(&form, "age", "âge")?,
            sex: code(&form, "sexe", "sexe")?,
            // Acting on the victim's behalf unless the caseworker chose otherwise (older forms
            // post none).
            legal_basis: match field(&form, "base") {
                "" => LegalBasis::VictimMandate,
                _ => code(&form, "base", "base légale")?,
            },
            team: None,
            help_request: match request.as_str() {
                "" => None,
                r => Some(r.parse::<ReportId>().map_err(|_| AppError::NoReport)?),
            },
            household: group_choice(&form, "foyer"),
            affaire: group_choice(&form, "affaire"),
        })
    })();
    let created = submit((&state, &staff), input, async |app, who, secret, input| {
        app.create_file(who, secret, input).await
    })
    .await?;
    match created {
        Ok(id) => Ok(done(&file_path(lang, id), FileDone::Opened)),
        Err(AppError::Invalid(msg)) => {
            let typed = field(&form, "nom").chars().take(500).collect();
            show_new(Showing::refused(&state, &staff, msg), (request, typed)).await
        }
        Err(e) => Err(e).or_page(&state, lang),
    }
}
