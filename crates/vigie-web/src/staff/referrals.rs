//! The partner's referrals (`/espace/partenaire/orientations`): the list of what caseworkers
//! referred to them, and one referral's page: the extract (while it is open), the answer (accept,
//! decline with a reason, finish with an outcome) and non-clinical follow-up notes. Nothing to
//! export: the extract is read on the page only.

use askama::Template;
use vigie_app::AppError;
use vigie_domain::ReferralId;
use vigie_domain::casefile::DetailField;
use vigie_domain::casefile::RecipientKind;
use vigie_domain::referral::{
    DeclineReason, Extract, NoteKind, ReferralOutcome, ReferralStatus, template,
};

use super::casework::{code_name, detail_opts, extract_choice};
use super::kit::{ItemPage, Landed, PageResult, Post, Showing, View, answer, field, gate};
use super::outcomes::ReferralDone;
use super::{Opt, StaffPage, staff_template};
use crate::Lang;
use crate::staff::words::word;

gate!(
    /// The forms of a referral's page (the app checks that the poster is its partner).
    ReferralForm: ReferralId, EnterStaffArea, |id| format!("referral:{id}");
);

fn referral_path(lang: Lang, id: ReferralId) -> String {
    lang.path(&format!("/espace/partenaire/orientations/{id}"))
}

/// One referral in the partner's list (linked while it is open: a closed one opens nothing).
pub struct Row {
    href: String,
    open: bool,
    day: String,
    kind: String,
    status: String,
}

#[derive(Template)]
#[template(path = "staff/referrals/list.html")]
struct ListPage {
    page: StaffPage,
    rows: Vec<Row>,
}

staff_template!(ListPage);

/// `GET /espace/partenaire/orientations`: a partner's referrals (clear rows only).
pub async fn list(view: View<ReferralForm>) -> PageResult {
    let at = Showing::new(&view.state, &view.staff);
    let lang = at.lang();
    let rows = at
        .ask(async |app, who| app.my_referrals(who).await)
        .await?
        .iter()
        .map(|r| Row {
            href: referral_path(lang, r.id),
            open: r.status.is_open(),
            day: r.proposed_day.clone(),
            kind: code_name(lang, "file-recipient", &r.partner_kind),
            status: word(lang, r.status),
        })
        .collect();
    let page = ListPage {
        page: at.staff_page("referral-list-title", "/espace/partenaire/orientations"),
        rows,
    };
    Ok(at.render(&page))
}

/// An extract as shown: each detail's name and lines, and the reason's lines.
pub struct ExtractShown {
    number: usize,
    day: String,
    details: Vec<(String, Vec<String>)>,
    reason: Vec<String>,
}

/// A follow-up note as shown: its day, its kind's name, its lines.
pub struct NoteShown {
    day: String,
    kind: String,
    text: Vec<String>,
}

#[derive(Template)]
#[template(path = "staff/referrals/page.html")]
struct ReferralPage {
    page: StaffPage,
    action: String,
    status: String,
    proposed_day: String,
    extract: ExtractShown,
    /// Every version, newest first, for the file's caseworkers (empty for the partner).
    versions: Vec<ExtractShown>,
    notes: Vec<NoteShown>,
    may_answer: bool,
    may_finish: bool,
    may_write: bool,
    /// The caseworkers' form that writes a new version of the extract (while it is open).
    may_update: bool,
    fields: Vec<Opt>,
    note_kinds: Vec<Opt>,
    reasons: Vec<Opt>,
    outcomes: Vec<Opt>,
}

/// `extract`, version `number` of `day`, in words.
fn extract_shown(lang: Lang, (number, day): (usize, &str), extract: &Extract) -> ExtractShown {
    ExtractShown {
        number,
        day: day.to_owned(),
        details: extract
            .details
            .iter()
            .map(|(f, value): &(DetailField, String)| {
                (code_name(lang, "file-detail", f.as_str()), lines(value))
            })
            .collect(),
        reason: lines(&extract.reason),
    }
}

staff_template!(ReferralPage);

fn lines(text: &str) -> Vec<String> {
    crate::staff::reports::page::lines(text)
}

/// `GET /espace/partenaire/orientations/{id}`: decrypted for its partner while open, or for the
/// file's caseworkers (audited).
pub async fn page(page: ItemPage<ReferralId>) -> PageResult {
    show(page.showing::<ReferralDone>(), page.id).await
}

/// The page of referral `id`, saying what `at` says.
async fn show(at: Showing<'_>, id: ReferralId) -> PageResult {
    let (state, staff, lang) = (at.state, at.staff, at.lang());
    let v = at
        .opened(async |app, who, secret| app.open_referral(who, secret, id).await)
        .await?;
    let partner = v.record.partner == staff.principal.id;
    let path = format!("/espace/partenaire/orientations/{id}");
    let heading = lang.t_args(
        "referral-heading",
        &[("day", v.record.proposed_day.clone())],
    );
    let open = v.record.status.is_open();
    let in_template = v
        .record
        .partner_kind
        .parse::<RecipientKind>()
        .map(template)
        .unwrap_or_default();
    let chosen: Vec<DetailField> = v.extract.details.iter().map(|(f, _)| *f).collect();
    let health_notes = state.app.settings().casework.health_notes;
    let page = ReferralPage {
        page: at.item_page::<ReferralForm>((&id, &path), heading),
        action: referral_path(lang, id),
        status: word(lang, v.record.status),
        proposed_day: v.record.proposed_day.clone(),
        extract: extract_shown(lang, (v.version, &v.version_day), &v.extract),
        versions: v
            .versions
            .iter()
            .rev()
            .map(|x| extract_shown(lang, (x.number, &x.day), &x.extract))
            .collect(),
        notes: v
            .notes
            .iter()
            .map(|(d, k, t)| NoteShown {
                day: d.clone(),
                kind: code_name(lang, "referral-note-kind", k.as_str()),
                text: lines(t),
            })
            .collect(),
        may_answer: partner && v.record.status == ReferralStatus::Proposed,
        may_finish: partner && v.record.status == ReferralStatus::Accepted,
        may_write: partner && open,
        may_update: !partner && open,
        fields: detail_opts(lang, |f| chosen.contains(&f))
            .into_iter()
            .filter(|o| in_template.iter().any(|f| f.as_str() == o.value))
            .collect(),
        note_kinds: Opt::codes(
            NoteKind::offered(health_notes),
            Some(NoteKind::Session),
            NoteKind::as_str,
            |k| code_name(lang, "referral-note-kind", k.as_str()),
        ),
        reasons: Opt::codes(DeclineReason::ALL, None, DeclineReason::as_str, |r| {
            code_name(lang, "referral-decline", r.as_str())
        }),
        outcomes: Opt::codes(ReferralOutcome::ALL, None, ReferralOutcome::as_str, |o| {
            code_name(lang, "referral-outcome", o.as_str())
        }),
    };
    Ok(at.render(&page))
}

/// `POST /espace/partenaire/orientations/{id}`: for its partner, `quoi=` accepter, refuser
/// (`motif`), terminer (`issue`) or note (`type`, `texte`); for the file's caseworkers, extrait
/// (`champ`, `motif`, `passer_outre`: a new version of the extract).
pub async fn post(post: Post<ReferralForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let lang = staff.lang;
    let who = &staff.principal;
    let quoi = field(&form, "quoi");
    // An answer moves the referral, declined with a reason and finished with an outcome (a code
    // of the form's field `name`: a missing or unknown one is refused with message `key`).
    let coded = |name: &str, key: &str, read: fn(&str) -> Option<&'static str>| {
        read(field(&form, name))
            .map(Some)
            .ok_or_else(|| AppError::Invalid(lang.t(key)))
    };
    let moved = match quoi {
        "accepter" => Some((ReferralStatus::Accepted, Ok(None))),
        "refuser" => Some((
            ReferralStatus::Declined,
            coded("motif", "referral-error-reason", |c| {
                c.parse().ok().map(DeclineReason::as_str)
            }),
        )),
        "terminer" => Some((
            ReferralStatus::Done,
            coded("issue", "referral-error-outcome", |c| {
                c.parse().ok().map(ReferralOutcome::as_str)
            }),
        )),
        _ => None,
    };
    let result = match (moved, quoi) {
        (Some((status, Ok(code))), _) => state.app.move_referral(who, id, status, code).await,
        (Some((_, Err(refused))), _) => Err(refused),
        (None, "note") => match (
            staff.session.secret(),
            // A form without the kind (from before kinds existed) writes a follow-up.
            match field(&form, "type") {
                "" => Ok(NoteKind::FollowUp),
                k => k.parse::<NoteKind>(),
            },
        ) {
            (Ok(secret), Ok(kind)) => {
                state
                    .app
                    .add_referral_note(who, &secret, id, (kind, field(&form, "texte")))
                    .await
            }
            (Err(e), _) => Err(e),
            (_, Err(_)) => Err(AppError::Invalid(lang.t("referral-error-note-kind"))),
        },
        (None, "extrait") => match (staff.session.secret(), extract_choice(&form, "champ")) {
            (Ok(secret), Ok(choice)) => {
                state
                    .app
                    .update_referral_extract(who, &secret, id, &choice)
                    .await
            }
            (Err(e), _) => Err(e),
            (_, Err(e)) => Err(AppError::Invalid(e.to_string())),
        },
        _ => Err(AppError::Invalid(lang.t("referral-error-reason"))),
    };
    let saved = result.map(|()| ReferralDone::Saved);
    answer(
        (&state, &staff),
        (id, saved, &referral_path(lang, id)),
        show,
    )
    .await
}
