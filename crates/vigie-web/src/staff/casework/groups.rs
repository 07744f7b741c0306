//! Support groups (`/espace/accompagnement/groupes`): the list with the forms that make a group and
//! keep two files apart, and a group's page (sessions, participants and waiting list by file number,
//! attendance, anonymous slip counts). No participant's name appears here: files are shown by
//! number, with a link only their team's caseworkers open.

use askama::Template;
use vigie_app::AppError;
use vigie_app::casework::{Joined, NewSupportGroup, SessionLabels, SupportChange};
use vigie_domain::casefile::{self as cf, CaseInputError};
use vigie_domain::support::{self as sp, GroupLabels, SlipCounts, SupportKind};
use vigie_domain::{FileId, SessionId, SupportGroupId};

use super::{SupportDone, SupportGroupForm, SupportGroupsForm, code_name, code_opts, file_path};
use crate::Lang;
use crate::session::Staff;
use crate::staff::kit::{
    ItemPage, Landed, OrPage, PageResult, Post, Showing, View, answer, done, field, submit, unread,
};
use crate::staff::{Opt, StaffPage, staff_template};
use crate::state::AppState;

/// The address of the groups list, or of group `id`'s page.
fn groups_path(lang: Lang, id: Option<SupportGroupId>) -> String {
    match id {
        Some(id) => lang.path(&format!("/espace/accompagnement/groupes/{id}")),
        None => lang.path("/espace/accompagnement/groupes"),
    }
}

/// A line of the list.
pub struct GroupLine {
    href: String,
    name: String,
    kind: String,
    open: bool,
    capacity: i64,
    participants: i64,
    waiting: i64,
    sessions: i64,
}

#[derive(Template)]
#[template(path = "staff/casework/groups.html")]
struct GroupsPage {
    page: StaffPage,
    action: String,
    apart_action: String,
    groups: Vec<GroupLine>,
    kinds: Vec<Opt>,
}

staff_template!(GroupsPage);

/// `GET /espace/accompagnement/groupes`.
pub async fn list(view: View<SupportGroupsForm>) -> PageResult {
    show_list(view.showing::<SupportDone>()).await
}

/// The list of groups, saying what `at` says.
async fn show_list(at: Showing<'_>) -> PageResult {
    let lang = at.lang();
    let lines = at
        .opened(async |app, who, secret| app.support_group_list(who, secret).await)
        .await?;
    let page = GroupsPage {
        page: at
            .staff_page("file-groups-title", "/espace/accompagnement/groupes")
            .with_form::<SupportGroupsForm>(at.state, at.staff, &()),
        action: groups_path(lang, None),
        apart_action: lang.path("/espace/accompagnement/groupes/separer"),
        groups: lines
            .into_iter()
            .map(|l| GroupLine {
                href: groups_path(lang, Some(l.record.id)),
                name: l.name,
                kind: code_name(lang, "file-groups-kind", l.record.kind.as_str()),
                open: l.record.open,
                capacity: l.record.capacity,
                participants: l.counts.0,
                waiting: l.counts.1,
                sessions: l.counts.2,
            })
            .collect(),
        kinds: code_opts(lang, "file-groups-kind", SupportKind::ALL, None),
    };
    Ok(at.render(&page))
}

/// What the list's forms return on a refusal the caseworker can fix: the list with the message.
async fn list_result(
    state: &AppState,
    staff: &Staff,
    result: Result<String, AppError>,
    what: SupportDone,
) -> PageResult {
    match result {
        Ok(to) => Ok(done(&to, what)),
        Err(AppError::Invalid(msg)) => show_list(Showing::refused(state, staff, msg)).await,
        Err(e) => Err(e).or_page(state, staff.lang),
    }
}

/// `POST /espace/accompagnement/groupes`: makes a group and goes to it.
pub async fn create(post: Post<SupportGroupsForm>) -> PageResult {
    let (state, staff, (), form) = post.parts();
    let lang = staff.lang;
    let f = |n: &str| field(&form, n);
    let input = (|| -> Result<NewSupportGroup, CaseInputError> {
        Ok(NewSupportGroup {
            labels: GroupLabels::parse(f("nom"), f("theme"), f("lieu"), f("animateurs"))?,
            kind: cf::code(f("type"), "type")?,
            capacity: sp::capacity(f("capacite"))?,
        })
    })();
    let result = submit(
        (&state, &staff),
        input.map_err(unread),
        async |app, who, secret, i| app.create_support_group(who, secret, i).await,
    )
    .await?
    .map(|id| groups_path(lang, Some(id)));
    list_result(&state, &staff, result, SupportDone::Created).await
}

/// A file number as typed.
fn number(raw: &str) -> Result<i64, AppError> {
    raw.trim()
        .parse::<i64>()
        .map_err(|_| AppError::Invalid(CaseInputError::Unknown("numéro de dossier").to_string()))
}

/// `POST /espace/accompagnement/groupes/separer`: two files (by number) never in the same group.
pub async fn keep_apart(post: Post<SupportGroupsForm>) -> PageResult {
    let (state, staff, (), form) = post.parts();
    let lang = staff.lang;
    let result = match (
        number(field(&form, "dossier_a")),
        number(field(&form, "dossier_b")),
    ) {
        (Ok(a), Ok(b)) => {
            let secret = staff.session.secret().or_page(&state, lang)?;
            state
                .app
                .keep_apart(&staff.principal, &secret, (a, b))
                .await
                .map(|()| groups_path(lang, None))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    list_result(&state, &staff, result, SupportDone::Apart).await
}

/// A member shown by file number.
pub struct MemberLine {
    id: String,
    href: String,
    number: i64,
    consent_day: String,
}

/// A session as shown.
pub struct SessionLine {
    id: String,
    day: String,
    place: String,
    facilitators: String,
    present: Vec<(String, i64, bool)>,
    present_count: usize,
    slips: [i64; 5],
    slips_total: i64,
}

#[derive(Template)]
#[template(path = "staff/casework/group.html")]
struct GroupPage {
    page: StaffPage,
    action: String,
    kind: String,
    open: bool,
    capacity: i64,
    theme: String,
    place: String,
    facilitators: String,
    opened_day: String,
    participants: Vec<MemberLine>,
    waiting: Vec<MemberLine>,
    sessions: Vec<SessionLine>,
    today: String,
}

staff_template!(GroupPage);

/// `GET /espace/accompagnement/groupes/{id}`: for the group's team's caseworkers.
pub async fn page(page: ItemPage<SupportGroupId>) -> PageResult {
    show(page.showing::<SupportDone>(), page.id).await
}

/// The page of group `id`, saying what `at` says.
async fn show(at: Showing<'_>, id: SupportGroupId) -> PageResult {
    let (state, lang) = (at.state, at.lang());
    let v = at
        .opened(async |app, who, secret| app.support_group(who, secret, id).await)
        .await?;
    let member = |m: &vigie_store::SupportMember| MemberLine {
        id: m.file.to_string(),
        href: file_path(lang, m.file),
        number: m.number,
        consent_day: m.consent_day.clone(),
    };
    let participants: Vec<MemberLine> = v
        .members
        .iter()
        .filter(|m| !m.waiting)
        .map(member)
        .collect();
    let sessions = v
        .sessions
        .iter()
        .rev()
        .map(|s| SessionLine {
            id: s.session.id.to_string(),
            day: s.session.day.clone(),
            place: s.labels.place.clone(),
            facilitators: s.labels.facilitators.join(", "),
            present: participants
                .iter()
                .map(|p| {
                    let here = s.session.present.iter().any(|f| f.to_string() == p.id);
                    (p.id.clone(), p.number, here)
                })
                .collect(),
            present_count: s.session.present.len(),
            slips: s.session.slips.0,
            slips_total: s.session.slips.total(),
        })
        .collect();
    let path = format!("/espace/accompagnement/groupes/{id}");
    let page = GroupPage {
        page: at.item_page::<SupportGroupForm>((&id, &path), v.labels.name.clone()),
        action: groups_path(lang, Some(id)),
        kind: code_name(lang, "file-groups-kind", v.record.kind.as_str()),
        open: v.record.open,
        capacity: v.record.capacity,
        theme: v.labels.theme.clone(),
        place: v.labels.place.clone(),
        facilitators: v.labels.facilitators.join(", "),
        opened_day: v.record.opened_day.clone(),
        waiting: v.members.iter().filter(|m| m.waiting).map(member).collect(),
        participants,
        sessions,
        today: vigie_domain::time::day_string(vigie_domain::time::paris_day(
            state.app.clock().now(),
        )),
    };
    Ok(at.render(&page))
}

/// The change a posted form of a group's page asks for.
fn change(form: &[(String, String)]) -> Result<SupportChange, CaseInputError> {
    let f = |name: &str| field(form, name);
    let session = || {
        f("seance")
            .parse::<SessionId>()
            .map_err(|_| CaseInputError::Unknown("séance"))
    };
    Ok(match f("quoi") {
        "seance" => SupportChange::Session(
            cf::day(f("jour"), "jour")?,
            SessionLabels {
                place: cf::bounded_text(f("lieu"), "lieu", cf::MAX_FIELD_CHARS)?,
                facilitators: cf::lines(f("animateurs"), "animateurs")?,
            },
        ),
        "inscrire" => SupportChange::Join(
            f("numero")
                .trim()
                .parse()
                .map_err(|_| CaseInputError::Unknown("numéro de dossier"))?,
            f("consentement") == "1",
        ),
        "retirer" => SupportChange::Leave(
            f("dossier")
                .parse::<FileId>()
                .map_err(|_| CaseInputError::Unknown("dossier"))?,
        ),
        "presence" => {
            let mut present = Vec::new();
            for (_, v) in form.iter().filter(|(k, _)| k == "present") {
                present.push(
                    v.parse::<FileId>()
                        .map_err(|_| CaseInputError::Unknown("présents"))?,
                );
            }
            SupportChange::Attendance(session()?, present)
        }
        "fiches" => SupportChange::Slips(
            session()?,
            SlipCounts::parse([f("note1"), f("note2"), f("note3"), f("note4"), f("note5")])?,
        ),
        "fermer" => SupportChange::Open(false),
        "rouvrir" => SupportChange::Open(true),
        _ => return Err(CaseInputError::Unknown("quoi")),
    })
}

/// `POST /espace/accompagnement/groupes/{id}`: one change (`quoi=`), then back to the group.
pub async fn post(post: Post<SupportGroupForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let lang = staff.lang;
    let change = change(&form).map_err(unread);
    let result = submit((&state, &staff), change, async |app, who, secret, c| {
        app.change_support_group(who, secret, id, c).await
    })
    .await?;
    let to = groups_path(lang, Some(id));
    answer(
        (&state, &staff),
        (
            id,
            result.map(|j| match j {
                Some(Joined::Waiting) => SupportDone::Waiting,
                _ => SupportDone::Saved,
            }),
            &to,
        ),
        show,
    )
    .await
}
