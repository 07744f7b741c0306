//! A meeting's pages: the "new meeting" form (a directory's record form, [`records`]), the
//! meeting's page (its clear half, its decisions, the forms that add a decision and, in a
//! restricted group, transmit a named situation), and its minutes' page (opened for its
//! participants only, the opening audited by the app) with the form that writes them. A form the
//! app refuses comes back (422) filled in, each error beside its field; a text that looks like a
//! name comes back with the box that confirms it names nobody.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_domain::MeetingId;
use vigie_domain::coordination::{
    DecisionForm, FormErrors, MeetingForm, MeetingKind, MinutesForm, SituationForm,
};
use vigie_domain::help::{Need, Urgency};
use vigie_domain::time::day_string;

use super::decisions::{status_name, statuses};
use super::{DecisionGate, MeetingGate, area, area_path, field_errors};
use crate::session::Staff;
use crate::staff::casework::code_name;
use crate::staff::kit::{
    ItemPage, Landed, Notice, OrPage, PageResult, Post, done, from_pairs, record_error, token,
    with_secret,
};
use crate::staff::outcomes::CoordinationDone;
use crate::staff::records::{FormAt, FormFrame, new_frame};
use crate::staff::showing::{FieldErrors, Showing};
use crate::staff::words::word;
use crate::staff::{Opt, StaffPage, render, staff_template};
use crate::state::AppState;

/// The area's meeting forms, as a directory's record forms flow ([`records`](crate::staff::records)).
pub(crate) struct Coordination;

from_pairs!(MeetingForm {
    kind, day, place, organisations, agenda; ticks: confirm_no_name; lists: participants
});
from_pairs!(MinutesForm { minutes; ticks: confirm_no_name; lists: });
from_pairs!(DecisionForm { text, owner, due, sheet; ticks: confirm_no_name; lists: });
from_pairs!(SituationForm { situation, urgency, contact; ticks: consent; lists: needs });

#[derive(Template)]
#[template(path = "staff/coordination/meeting_form.html")]
struct MeetingFormPage {
    page: FormFrame,
    values: MeetingForm,
    kinds: Vec<Opt>,
    participants: Vec<Opt>,
    errors: FieldErrors,
}

staff_template!(form MeetingFormPage);

/// The "new meeting" form's page, offering the staff who may take part.
pub(in crate::staff) async fn form_page(at: FormAt<'_, MeetingForm>) -> PageResult {
    let (state, staff, lang) = (at.state, at.staff, at.staff.lang);
    let (values, errors, status) = (at.values, at.errors, at.status);
    let who = crate::staff::kit::ask(state, staff, async |app, who| {
        app.coordination_participants(who).await
    })
    .await?;
    let page = MeetingFormPage {
        page: new_frame::<MeetingForm>(state, staff),
        kinds: Opt::worded(lang, MeetingKind::ALL, values.kind.trim().parse().ok()),
        participants: who
            .iter()
            .map(|(id, name)| Opt {
                value: id.to_string(),
                label: name.clone(),
                selected: values.participants.contains(&id.to_string()),
            })
            .collect(),
        errors: field_errors(lang, &errors, "meeting", |f| match f {
            "agenda" => values.agenda.clone(),
            _ => String::new(),
        }),
        values,
    };
    Ok(render(&page, status, lang))
}

/// A decision of the meeting's page, with its status form's token.
pub struct DecisionRow {
    text: String,
    owner: String,
    due: String,
    overdue: bool,
    sheet: String,
    status: String,
    action: String,
    csrf: String,
    options: Vec<Opt>,
}

#[derive(Template)]
#[template(path = "staff/coordination/meeting.html")]
struct MeetingPage {
    page: StaffPage,
    kind: String,
    restricted: bool,
    day: String,
    place: String,
    organisations: Vec<String>,
    agenda: String,
    participant: bool,
    minutes_day: Option<String>,
    minutes_href: String,
    decisions: Vec<DecisionRow>,
    decision_action: String,
    decision: DecisionForm,
    decision_errors: FieldErrors,
    situation_action: String,
    situation: SituationForm,
    situation_errors: FieldErrors,
    needs: Vec<Opt>,
    urgencies: Vec<Opt>,
}

staff_template!(MeetingPage);

/// What the meeting's page shows in its forms: as posted and refused, or empty.
#[derive(Default)]
struct Forms {
    decision: (DecisionForm, FormErrors),
    situation: (SituationForm, FormErrors),
}

/// `GET /espace/coordination/reunions/{id}`.
pub async fn page(page: ItemPage<MeetingId>) -> PageResult {
    show(
        page.showing::<CoordinationDone>(),
        page.id,
        Forms::default(),
    )
    .await
}

/// The meeting's page with `forms`.
async fn show(at: Showing<'_>, id: MeetingId, forms: Forms) -> PageResult {
    let (state, staff, lang) = (at.state, at.staff, at.lang());
    let v = at
        .record(async |app, who| app.meeting(who, id).await, None)
        .await?;
    let m = &v.meeting;
    let path = area(&format!("/reunions/{id}"));
    let title = lang.t_args(
        "staff-coord-meeting-title",
        &[("kind", word(lang, m.kind)), ("day", day_string(m.day))],
    );
    let layout = at.item_page::<MeetingGate>((&id, &path), title);
    let today = vigie_domain::time::paris_day(state.app.clock().now());
    let decisions = v
        .decisions
        .iter()
        .map(|d| DecisionRow {
            text: d.decision.text.clone(),
            owner: d.decision.owner.clone(),
            due: day_string(d.decision.due),
            overdue: d.decision.overdue(today),
            sheet: d.decision.sheet.clone().unwrap_or_default(),
            status: status_name(lang, d.decision.status),
            action: area_path(lang, &format!("/actions/{}/statut", d.id)),
            csrf: token::<DecisionGate>(state, staff, &d.id),
            options: statuses(lang, d.decision.status),
        })
        .collect();
    let (decision, decision_errors) = forms.decision;
    let (situation, situation_errors) = forms.situation;
    let page = MeetingPage {
        page: layout,
        kind: word(lang, m.kind),
        restricted: m.kind == MeetingKind::Restricted,
        day: day_string(m.day),
        place: m.place.clone(),
        organisations: m.organisations.clone(),
        agenda: m.agenda.clone(),
        participant: v.participant,
        minutes_day: v.minutes_day.clone(),
        minutes_href: area_path(lang, &format!("/reunions/{id}/compte-rendu")),
        decisions,
        decision_action: area_path(lang, &format!("/reunions/{id}/decisions")),
        decision_errors: field_errors(lang, &decision_errors, "decision", |f| match f {
            "text" => decision.text.clone(),
            _ => String::new(),
        }),
        decision,
        situation_action: area_path(lang, &format!("/reunions/{id}/situation")),
        situation_errors: field_errors(lang, &situation_errors, "situation", |_| String::new()),
        needs: Need::ALL
            .iter()
            .map(|n| Opt {
                value: n.as_str().to_owned(),
                label: code_name(lang, "staff-help-need", n.as_str()),
                selected: situation.needs.iter().any(|x| x == n.as_str()),
            })
            .collect(),
        urgencies: Opt::codes(
            Urgency::ALL,
            situation.urgency.parse().ok(),
            Urgency::as_str,
            |u| code_name(lang, "staff-coord-urgency", u.as_str()),
        ),
        situation,
    };
    Ok(at.render(&page))
}

/// The meeting's page again with a form the app refused (422).
async fn refused(state: &AppState, staff: &Staff, id: MeetingId, forms: Forms) -> PageResult {
    show(Showing::invalid(state, staff), id, forms).await
}

/// `POST /espace/coordination/reunions/{id}/decisions`.
pub async fn add_decision(post: Post<MeetingGate, DecisionForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    match state.app.add_decision(&staff.principal, id, &form).await {
        Ok(_) => Ok(done(
            &area_path(staff.lang, &format!("/reunions/{id}")),
            CoordinationDone::DecisionAdded,
        )),
        Err(AppError::InvalidCoordination(errors)) => {
            let forms = Forms {
                decision: (form, errors),
                ..Forms::default()
            };
            refused(&state, &staff, id, forms).await
        }
        Err(e) => Err(record_error(&state, staff.lang, e, None)),
    }
}

/// `POST /espace/coordination/reunions/{id}/situation`: a named situation to the caseworkers.
pub async fn transmit(post: Post<MeetingGate, SituationForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    match state
        .app
        .transmit_situation(&staff.principal, id, &form)
        .await
    {
        Ok(()) => Ok(done(
            &area_path(staff.lang, &format!("/reunions/{id}")),
            CoordinationDone::SituationSent,
        )),
        Err(AppError::InvalidCoordination(errors)) => {
            // The text typed is not written back into a page that is not the caseworkers'.
            let kept = SituationForm {
                situation: String::new(),
                contact: String::new(),
                ..form
            };
            let forms = Forms {
                situation: (kept, errors),
                ..Forms::default()
            };
            refused(&state, &staff, id, forms).await
        }
        Err(AppError::NoHelpTeam) => Err(crate::PageError::unavailable(staff.lang, 0)
            .with_hint("staff-coord-no-help-team")
            .with_config(&state.web)),
        Err(e) => Err(record_error(&state, staff.lang, e, None)),
    }
}

#[derive(Template)]
#[template(path = "staff/coordination/minutes.html")]
struct MinutesPage {
    page: StaffPage,
    back_href: String,
    action: String,
    values: MinutesForm,
    written: bool,
    errors: FieldErrors,
}

staff_template!(MinutesPage);

/// `GET /espace/coordination/reunions/{id}/compte-rendu`: the minutes, for a participant (the
/// opening audited; anyone else refused, audited).
pub async fn minutes(page: ItemPage<MeetingId>) -> PageResult {
    let (state, staff, id, query) = page.parts();
    let text = with_secret(&state, &staff, async |app, who, secret| {
        app.open_minutes(who, secret, id).await
    })
    .await?;
    let notice = Notice::<CoordinationDone>::from_pairs(&query);
    minutes_page(
        &state,
        &staff,
        id,
        (
            MinutesForm {
                minutes: text.clone().unwrap_or_default(),
                confirm_no_name: false,
            },
            FormErrors::new(),
            StatusCode::OK,
        ),
        (text.is_some(), notice.message(staff.lang)),
    )
}

/// The minutes' page showing `values` with `errors`, answered with `status`.
fn minutes_page(
    state: &AppState,
    staff: &Staff,
    id: MeetingId,
    (values, errors, status): (MinutesForm, FormErrors, StatusCode),
    (written, notice): (bool, Option<String>),
) -> PageResult {
    let lang = staff.lang;
    let path = area(&format!("/reunions/{id}/compte-rendu"));
    let mut layout = crate::staff::item_page::<MeetingGate>(
        state,
        staff,
        (&id, &path),
        lang.t("staff-coord-minutes-title"),
    );
    layout.notice = notice;
    let page = MinutesPage {
        page: layout,
        back_href: area_path(lang, &format!("/reunions/{id}")),
        action: lang.path(&path),
        written,
        errors: field_errors(lang, &errors, "minutes", |_| values.minutes.clone()),
        values,
    };
    Ok(render(&page, status, lang))
}

/// `POST /espace/coordination/reunions/{id}/compte-rendu`.
pub async fn write_minutes(post: Post<MeetingGate, MinutesForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let written = with_secret(&state, &staff, async |app, who, secret| {
        Ok(app.write_minutes(who, secret, id, &form).await)
    })
    .await?;
    match written {
        Ok(()) => Ok(done(
            &area_path(staff.lang, &format!("/reunions/{id}/compte-rendu")),
            CoordinationDone::MinutesWritten,
        )),
        Err(AppError::InvalidCoordination(errors)) => minutes_page(
            &state,
            &staff,
            id,
            (form, errors, StatusCode::UNPROCESSABLE_ENTITY),
            (false, None),
        ),
        Err(e) => Err(e).or_page(&state, staff.lang),
    }
}
