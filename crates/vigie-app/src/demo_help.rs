//! Demonstration help requests: invented, obviously fictional, filed from `/aide` by people who do
//! not exist, so that `vigie serve --demo` shows the casework team's requests and follow-up codes
//! that open them at `/suivi`.

use vigie_domain::AuditActor;
use vigie_domain::help::{HelpForm, validate_help};
use vigie_vault::Receipt;

use crate::{App, AppError, Result};

/// The casework team the demonstration's help requests reach.
pub const DEMO_HELP_TEAM: &str = "Accompagnement Marseille";

/// The demo caseworker, in the help team.
const DEMO_CASEWORKER: &str = "demo.accompagnement";
/// The demonstration's custodian, who also sits in the casework team: the one who opens its
/// archived files (an archived file asks for the custodian role and a seat in its team, which
/// takes caseworkers only).
const DEMO_CUSTODIAN: &str = "demo.garante";

/// (asker, needs, urgency, district, message, channel, contact, safe times, code word).
type DemoHelp = (
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const REQUESTS: &[DemoHelp] = &[
    (
        "family",
        &["psychological", "legal"],
        "this_week",
        "13214",
        "[DÉMONSTRATION — personne inventée] Mon fils a été blessé au printemps. Je voudrais parler à \
         quelqu'un, et comprendre ce que la justice va faire.",
        "follow_up_only",
        "",
        "",
        "",
    ),
    (
        "witness",
        &["legal", "housing"],
        "today",
        "",
        "[DÉMONSTRATION — personne inventée] J'ai vu quelque chose et depuis on me suit dans \
         l'escalier. Je ne veux plus rester dans l'appartement.",
        "phone",
        "06 00 00 00 00 (numéro fictif)",
        "en semaine après 18 h",
        "mimosa",
    ),
    (
        "victim",
        &["psychological"],
        "no_rush",
        "13203",
        "",
        "follow_up_only",
        "",
        "",
        "",
    ),
];

impl App {
    /// Creates the demonstration's casework team (`demo.accompagnement` in it, and `demo.garante`,
    /// who is a caseworker too so as to open its archived files) and names it the help requests'
    /// team, unless a help team exists already.
    pub async fn provision_demo_help_team(&self) -> Result<()> {
        if self.store().help_team().await?.is_some() {
            return Ok(());
        }
        self.set_roles(
            AuditActor::System,
            DEMO_CUSTODIAN,
            vigie_domain::RoleSet::of(&[
                vigie_domain::Role::Custodian,
                vigie_domain::Role::Caseworker,
            ]),
        )
        .await?;
        self.create_help_team(
            AuditActor::System,
            DEMO_HELP_TEAM,
            &[DEMO_CASEWORKER.to_owned(), DEMO_CUSTODIAN.to_owned()],
        )
        .await?;
        Ok(())
    }

    /// Files the demonstration's help requests (once: none if any help request exists) and returns
    /// each one's asker code and follow-up code.
    pub async fn provision_demo_help_requests(&self) -> Result<Vec<(String, Receipt)>> {
        if self.store().count_help_requests().await? > 0 {
            return Ok(Vec::new());
        }
        let now = self.clock().unix();
        let mut out = Vec::with_capacity(REQUESTS.len());
        for (asker, needs, urgency, district, message, channel, contact, safe_times, code_word) in
            REQUESTS
        {
            let form = HelpForm {
                asker: (*asker).into(),
                needs: needs.iter().map(|n| (*n).to_owned()).collect(),
                urgency: (*urgency).into(),
                district: (*district).into(),
                message: (*message).into(),
                channel: (*channel).into(),
                contact: (*contact).into(),
                safe_times: (*safe_times).into(),
                code_word: (*code_word).into(),
            };
            let request = validate_help(&form, &self.settings().areas, now)
                .map_err(|e| AppError::Invalid(format!("demo help request invalid: {e:?}")))?;
            let done = self.submit_help_request(request).await?;
            out.push(((*asker).to_owned(), done.receipt));
        }
        Ok(out)
    }
}
