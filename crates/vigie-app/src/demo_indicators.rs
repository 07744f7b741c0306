//! More invented people for the demonstration's indicators, and the year's published figures: with
//! the four people of `demo_casework` they make enough files for some published figures to pass k
//! and others to be suppressed, and the staff's yearly report to have content.

use chrono::{Datelike, Days, NaiveDate};
use vigie_domain::casefile::{
    AgeBand, Assessment, Consent, Consenter, Event, EventKind, PersonRole, Risk, Sex,
};
use vigie_domain::help::Need;
use vigie_domain::{Principal, time::paris_day};
use vigie_vault::SecretKey;

use crate::casework::{FileChange, GroupChoice, NewFileInput};
use crate::{App, Result};

/// Name, role, age band, sex, days ago of each interview, needs, consent to statistics.
type Extra = (
    &'static str,
    PersonRole,
    AgeBand,
    Sex,
    &'static [u64],
    &'static [Need],
    bool,
);

#[rustfmt::skip]
const EXTRA: &[Extra] = &[
    ("Nadia Personne-Fictive", PersonRole::IndirectVictim, AgeBand::Adult, Sex::Female, &[200, 160, 40], &[Need::Psychological], true),
    ("Samia Inventée-Exemple", PersonRole::IndirectVictim, AgeBand::Adult, Sex::Female, &[180], &[Need::Psychological, Need::Social], true),
    ("Rachida Démo-Fictive", PersonRole::IndirectVictim, AgeBand::Senior, Sex::Female, &[150, 90], &[Need::Legal], true),
    ("Yasmine Exemple-Démo", PersonRole::IndirectVictim, AgeBand::Young, Sex::Female, &[120], &[Need::Psychological], true),
    ("Mehdi Fictif-Exemple", PersonRole::IndirectVictim, AgeBand::Teen, Sex::Male, &[100, 60], &[Need::Psychological, Need::Administrative], true),
    ("Sofiane Démo-Inventé", PersonRole::DirectVictim, AgeBand::Young, Sex::Male, &[210, 200, 70], &[Need::Medical, Need::Legal], true),
    ("Lucas Personne-Démo", PersonRole::DirectVictim, AgeBand::Teen, Sex::Male, &[170], &[Need::Psychological], true),
    ("Christine Fictive-Démo", PersonRole::DirectVictim, AgeBand::Adult, Sex::Female, &[130, 110], &[Need::Housing, Need::Legal], true),
    ("Paul Inventé-Exemple", PersonRole::DirectVictim, AgeBand::Adult, Sex::Male, &[80], &[Need::Legal], true),
    ("Aïcha Témoin-Fictive", PersonRole::Witness, AgeBand::Adult, Sex::Female, &[60, 20], &[Need::Housing], true),
    ("Omar Exemple-Inventé", PersonRole::DirectVictim, AgeBand::Adult, Sex::Male, &[50], &[Need::Social], false),
];

fn days_ago(today: NaiveDate, n: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(n)).unwrap_or(today)
}

impl App {
    /// Opens the extra demonstration files, then publishes the year's figures (the demonstration
    /// publishes the year it invents, which is not over: a real year is published once finished).
    pub(crate) async fn provision_demo_indicators(
        &self,
        who: &Principal,
        secret: &SecretKey,
    ) -> Result<()> {
        let today = paris_day(self.clock().now());
        for (name, role, age, sex, interviews, needs, statistics) in EXTRA {
            let id = self
                .create_file(
                    who,
                    secret,
                    NewFileInput {
                        name: (*name).to_owned(),
                        role: *role,
                        age_band: *age,
                        sex: *sex,
                        legal_basis: vigie_domain::casefile::LegalBasis::VictimMandate,
                        team: None,
                        help_request: None,
                        household: GroupChoice::None,
                        affaire: GroupChoice::None,
                    },
                )
                .await?;
            let first = days_ago(today, interviews.first().copied().unwrap_or(0));
            let mut changes = vec![
                FileChange::Consent(Consent {
                    by: if *age == AgeBand::Teen {
                        Consenter::LegalRepresentative
                    } else {
                        Consenter::Person
                    },
                    day: first,
                    services: true,
                    statistics: *statistics,
                    recipients: Vec::new(),
                    never_share: Vec::new(),
                }),
                FileChange::Assessment(Assessment {
                    day: first,
                    needs: needs.to_vec(),
                    risk: Risk::Low,
                    intimidation: false,
                    note: "[DÉMONSTRATION] Évaluation.".to_owned(),
                    safety_plan: String::new(),
                }),
            ];
            for (i, ago) in interviews.iter().enumerate() {
                changes.push(FileChange::Event(Event {
                    kind: if i % 2 == 0 {
                        EventKind::PhoneInterview
                    } else {
                        EventKind::Interview
                    },
                    day: days_ago(today, *ago),
                    note: "[DÉMONSTRATION] Entretien.".to_owned(),
                }));
            }
            for change in changes {
                self.change_file(who, secret, id, change).await?;
            }
        }
        if self.casework_releases().await?.is_empty() {
            self.publish_year(who, secret, today.year()).await?;
        }
        Ok(())
    }
}
