//! The analysts' side of the observatory over real HTTP: recording, listing, correcting and reviewing
//! incidents (`incidents`), a handler qualifying a report from its page (`qualify`), publishing
//! editions and corrections (`publish`), importing the official SSMSI series (`context`); the policy
//! at the edge (analysts never read reports, other roles never enter the observatory), CSRF on every
//! form, and the audit log.

mod context;
mod incidents;
mod publish;
mod qualify;

use reqwest::StatusCode;
use vigie_domain::Role;
use vigie_domain::observatory::Month;

use crate::staff::{CookieClient, Server, location};

pub(super) async fn analyst(s: &Server, name: &str) -> CookieClient {
    crate::staff::member(s, name, &[Role::Analyst]).await
}

pub(super) fn current(s: &Server) -> Month {
    Month::of_instant(s.app.clock().now())
}

pub(super) async fn audit_kinds(s: &Server, kind: &str) -> Vec<String> {
    crate::staff::audit_of_kind(s, kind)
        .await
        .into_iter()
        .map(|e| format!("{} {}", e.object, e.detail))
        .collect()
}

pub(super) fn rows(page: &str) -> usize {
    page.split_once("<tbody>")
        .map_or(0, |(_, body)| body.matches("<th scope=\"row\">").count())
}

/// The "new incident" form's address.
const NEW_INCIDENT: &str = "/espace/observatoire/incidents/nouveau";

/// The "new incident" form: one incident of `category` in `district` for `month`, one contributor,
/// the police as source, no neighbourhood, no reference; `more` replaces any of those.
pub(super) fn incident<'a>(
    category: &'a str,
    district: &'a str,
    month: &'a str,
    more: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let form = [
        ("category", category),
        ("district", district),
        ("month", month),
        ("neighbourhood", ""),
        ("count", "1"),
        ("contributors", "1"),
        ("source", "police"),
        ("reference", ""),
    ];
    vigie_testkit::with_fields(&form, more)
}

/// Posts the "new incident" form with `fields` (and its token); returns the status, where it
/// leads and the page.
pub(super) async fn record(
    b: &mut CookieClient,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let (status, headers, body) = b.submit(NEW_INCIDENT, fields).await;
    (status, location(&headers), body)
}

/// Records an incident through the form, which must accept it (303); returns where it leads.
pub(super) async fn record_ok(b: &mut CookieClient, fields: &[(&str, &str)]) -> String {
    b.submit_see_other(NEW_INCIDENT, fields).await
}
