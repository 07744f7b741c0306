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

use crate::staff::audit;
use crate::staff::signed_in;
use crate::staff::{CookieClient, Server, location};

pub(super) async fn analyst(s: &Server, name: &str) -> CookieClient {
    let pw = s.user(name, &[Role::Analyst]).await;
    signed_in(s, name, &pw).await
}

pub(super) fn current(s: &Server) -> Month {
    Month::of_instant(s.app.clock().now())
}

pub(super) async fn audit_kinds(s: &Server, kind: &str) -> Vec<String> {
    audit(s)
        .await
        .into_iter()
        .filter(|e| e.kind == kind)
        .map(|e| format!("{} {}", e.object, e.detail))
        .collect()
}

pub(super) fn rows(page: &str) -> usize {
    page.split_once("<tbody>")
        .map_or(0, |(_, body)| body.matches("<th scope=\"row\">").count())
}

/// Posts the "new incident" form with `fields` (and its token).
pub(super) async fn record(
    b: &mut CookieClient,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let path = "/espace/observatoire/incidents/nouveau";
    let token = b.csrf(path).await;
    let mut form = vec![("csrf", token.as_str())];
    form.extend_from_slice(fields);
    let (status, headers, body) = b.post(path, &form).await;
    (status, location(&headers), body)
}
