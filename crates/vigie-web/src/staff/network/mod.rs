//! The hub's network (`/espace/reseau`, issue 14, item 2), for its admins: each member city's
//! current key, last good pull, newest edition held, last refusal and why, and whether it is stale;
//! and the form that confirms a key a member had not announced (`vigie hub confirm-key` on the
//! command line). The app checks the policy (`ManageNetwork`) and writes the audit entry.

use askama::Template;
use vigie_app::hub::MemberStatus;

use super::kit::{Landed, PageResult, Post, Showing, View, answer, from_pairs, gate};
use super::outcomes::NetworkDone;
use super::table::RouteTable;
use super::{StaffPage, staff_template};
use crate::Lang;

gate!(
    /// The network page and its form (an admin confirms a member's key).
    NetworkForm: (), ManageNetwork, |()| "network";
);

/// The page's address.
const PAGE: &str = "/espace/reseau";

/// The routes under `/espace/reseau`.
pub(super) fn routes() -> RouteTable {
    RouteTable::new().get("/", page).post("/cle", confirm)
}

/// A member as the table shows it.
pub struct MemberLine {
    name: String,
    insee: String,
    current_kid: String,
    last_good: String,
    newest: String,
    refusal: String,
    stale: bool,
}

/// A Unix time as `YYYY-MM-DD HH:MM UTC` (published data: exact times are kept), or "never".
fn at(lang: Lang, unix: Option<i64>) -> String {
    unix.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| lang.t("staff-network-never"))
}

fn line(lang: Lang, s: MemberStatus) -> MemberLine {
    let none = || lang.t("staff-network-none");
    let st = s.pulls.clone().unwrap_or_default();
    let refusal = st.last_refusal.map(|why| {
        let count = st.failures.to_string();
        let at = at(lang, st.last_refusal_at);
        lang.t_args(
            "staff-network-refusal",
            &[("at", at), ("why", why), ("count", count)],
        )
    });
    MemberLine {
        last_good: at(lang, st.last_good_at),
        newest: s.newest().unwrap_or_else(none),
        refusal: refusal.unwrap_or_else(none),
        stale: s.stale,
        current_kid: s.trust.current.clone(),
        name: s.member.name,
        insee: s.member.insee,
    }
}

#[derive(Template)]
#[template(path = "staff/network.html")]
struct NetworkPage {
    page: StaffPage,
    hub: bool,
    members: Vec<MemberLine>,
}

staff_template!(NetworkPage);

/// `GET /espace/reseau`.
pub async fn page(view: View<NetworkForm>) -> PageResult {
    show(view.showing::<NetworkDone>(), ()).await
}

/// The page, with the notice of what its form did or the app's refusal of it.
async fn show(at: Showing<'_>, (): ()) -> PageResult {
    let lang = at.lang();
    let members = at
        .ask(async |app, who| app.network_status(who).await)
        .await?;
    let page = NetworkPage {
        page: at
            .staff_page("staff-network-title", PAGE)
            .with_form::<NetworkForm>(at.state, at.staff, &()),
        hub: at.state.app.federation().is_some(),
        members: members.into_iter().map(|s| line(lang, s)).collect(),
    };
    Ok(at.render(&page))
}

/// The confirmation form: the member's INSEE code and the key's fingerprint.
pub struct KeyForm {
    member: String,
    fingerprint: String,
}

from_pairs!(KeyForm { member, fingerprint; ticks: ; lists: });

/// `POST /espace/reseau/cle`: the key is the member's announced one from now on (audited), unless
/// the app refuses it (not a thumbprint, the current key, a retired key): the page again, 422.
pub async fn confirm(post: Post<NetworkForm, KeyForm>) -> PageResult {
    let (state, staff, _, form) = post.parts();
    let (member, kid) = (form.member.trim(), form.fingerprint.trim());
    let result = state
        .app
        .confirm_member_key_as(&staff.principal, member, kid)
        .await
        .map(|_| NetworkDone::Confirmed);
    let to = staff.lang.path(PAGE);
    answer((&state, &staff), ((), result, &to), show).await
}
