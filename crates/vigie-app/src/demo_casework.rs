//! A year of demonstration casework: sixteen invented people in three households and one affaire,
//! opened over the past twelve months, with timelines, steps (one overdue), assessments, consents,
//! two court cases and files closed with each outcome, and an atelier de parole with past sessions, so that `vigie serve --demo`
//! shows what a caseworker's lists, files and groups look like.

use chrono::{Days, NaiveDate};
use vigie_domain::casefile::{
    AgeBand, Assessment, Consent, Consenter, DetailField, Event, EventKind, Outcome, PersonRole,
    RecipientKind, Risk, Sex, Step,
};
use vigie_domain::court::{CivilParty, CourtCase, CourtStage, Hearing, LegalAid};
use vigie_domain::support::{GroupLabels, SlipCounts, SupportKind};
use vigie_domain::time::paris_day;

use crate::casework::{
    FileChange, GroupChoice, NewFileInput, NewSupportGroup, SessionLabels, SupportChange,
};
use crate::{App, AppError, Result};

mod people;

use people::PEOPLE;

fn days_ago(today: NaiveDate, n: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(n)).unwrap_or(today)
}

/// The demonstration's court cases: Fatima is a civil party at the trial of her son's shooting
/// (a hearing in three weeks, her CIVI deadline running); Karim filed a complaint for the
/// pressure, with his address for service at the police station (art. 706-57 CPP).
fn demo_court(name: &str, today: NaiveDate) -> Option<CourtCase> {
    let case = |court: &str, stage, civil_party, offence| CourtCase {
        id: uuid::Uuid::new_v4(),
        court: court.to_owned(),
        stage,
        civil_party,
        lawyer: String::new(),
        hearings: Vec::new(),
        legal_aid: LegalAid::NotRequested,
        police_domicile: false,
        police_station: String::new(),
        offence,
        victim_birth: None,
        decision: None,
        final_on: None,
        damages_awarded: false,
    };
    match name {
        "Fatima Exemple-Fictif" => Some(CourtCase {
            lawyer: "[DÉMONSTRATION] Maître Avocate-Fictive".to_owned(),
            legal_aid: LegalAid::GrantedFull,
            hearings: vec![Hearing {
                day: today.checked_add_days(Days::new(21)).unwrap_or(today),
                label: "[DÉMONSTRATION] Audience de jugement".to_owned(),
            }],
            ..case(
                "[DÉMONSTRATION] Tribunal judiciaire de Marseille",
                CourtStage::Hearing,
                CivilParty::Constituted,
                days_ago(today, 345),
            )
        }),
        "Karim Témoin-Imaginaire" => Some(CourtCase {
            police_domicile: true,
            police_station: "[DÉMONSTRATION] Commissariat du 14e arrondissement".to_owned(),
            ..case(
                "[DÉMONSTRATION] Parquet de Marseille",
                CourtStage::Complaint,
                CivilParty::NotConstituted,
                days_ago(today, 240),
            )
        }),
        _ => None,
    }
}

impl App {
    /// Opens the demonstration's files as `demo.accompagnement` (once: nothing when the instance
    /// has files already) and returns how many.
    pub async fn provision_demo_casework(&self) -> Result<usize> {
        if self.store().count_files().await? > 0 {
            return Ok(0);
        }
        let (session, who, secret) = self
            .demo_sign_in("demo.accompagnement", "caseworker")
            .await?;
        let today = paris_day(self.clock().now());
        // First, so that the newest files at the top of the list are the ones followed now.
        self.provision_demo_archive(&who, &secret, today).await?;
        let mut groups: Vec<(&str, vigie_domain::GroupId)> = Vec::new();
        let mut open_files = Vec::new();
        for p in PEOPLE {
            let choose = |label: Option<&str>, fallback| match label {
                Some(l) => match groups.iter().find(|(g, _)| *g == l) {
                    Some((_, id)) => GroupChoice::Existing(*id),
                    None => GroupChoice::New(l.to_owned()),
                },
                None => fallback,
            };
            let household = choose(p.household, GroupChoice::None);
            let affaire = choose(p.affaire, GroupChoice::None);
            let id = self
                .create_file(
                    &who,
                    &secret,
                    NewFileInput {
                        name: p.name.to_owned(),
                        role: p.role,
                        age_band: p.age,
                        sex: p.sex,
                        legal_basis: vigie_domain::casefile::LegalBasis::VictimMandate,
                        team: None,
                        help_request: None,
                        household,
                        affaire,
                    },
                )
                .await?;
            let file = self.store().file(id).await?.ok_or(AppError::NoFile)?;
            if p.closed.is_none() {
                open_files.push(file.number);
            }
            for (label, group) in [(p.household, file.household), (p.affaire, file.affaire)] {
                if let (Some(l), Some(g)) = (label, group) {
                    groups.push((l, g));
                }
            }
            let first = days_ago(today, p.interviews.first().copied().unwrap_or(0));
            let mut changes = vec![
                FileChange::Detail(DetailField::Situation, p.situation.to_owned()),
                FileChange::Detail(
                    DetailField::Contact,
                    "06 00 00 00 00 (numéro fictif), en semaine après 18 h".to_owned(),
                ),
                FileChange::Consent(Consent {
                    by: if p.age == AgeBand::Teen {
                        Consenter::LegalRepresentative
                    } else {
                        Consenter::Person
                    },
                    day: first,
                    services: true,
                    statistics: p.role != PersonRole::Witness,
                    recipients: vec![RecipientKind::Psychologist, RecipientKind::Lawyer],
                    never_share: Vec::new(),
                }),
                FileChange::Assessment(Assessment {
                    day: first,
                    needs: p.needs.to_vec(),
                    risk: p.risk,
                    intimidation: p.risk != Risk::Low,
                    note: "[DÉMONSTRATION] Première évaluation.".to_owned(),
                    safety_plan: if p.risk == Risk::High {
                        "[DÉMONSTRATION] Changer de trajet ; numéro d'alerte convenu ; demande de relogement."
                            .to_owned()
                    } else {
                        String::new()
                    },
                }),
            ];
            for (i, ago) in p.interviews.iter().enumerate() {
                changes.push(FileChange::Event(Event {
                    kind: if i == 0 {
                        EventKind::PhoneInterview
                    } else if i % 2 == 0 {
                        EventKind::Court
                    } else {
                        EventKind::Interview
                    },
                    day: days_ago(today, *ago),
                    note: "[DÉMONSTRATION] Entretien de suivi.".to_owned(),
                }));
            }
            if let Some(outcome) = p.closed {
                changes.push(FileChange::Close(
                    outcome,
                    "[DÉMONSTRATION] Dossier clôturé ; la personne sait qu'elle peut revenir."
                        .to_owned(),
                ));
            } else {
                // One step due in a fortnight, and for the person followed longest one overdue.
                changes.push(FileChange::Step(Step {
                    id: uuid::Uuid::new_v4(),
                    text: "[DÉMONSTRATION] Rappeler pour faire le point".to_owned(),
                    due: today.checked_add_days(Days::new(14)).unwrap_or(today),
                    done: false,
                }));
                if p.interviews.len() > 3 {
                    changes.push(FileChange::Step(Step {
                        id: uuid::Uuid::new_v4(),
                        text: "[DÉMONSTRATION] Transmettre la demande d'aide juridictionnelle"
                            .to_owned(),
                        due: days_ago(today, 5),
                        done: false,
                    }));
                }
            }
            changes.extend(demo_court(p.name, today).map(FileChange::Court));
            for change in changes {
                self.change_file(&who, &secret, id, change).await?;
            }
            if p.interviews.len() > 3 {
                self.demo_referral(&who, &secret, id).await?;
            }
        }
        self.provision_demo_group(&who, &secret, &open_files, today)
            .await?;
        self.provision_demo_indicators(&who, &secret).await?;
        self.logout(&session).await?;
        Ok(PEOPLE.len() + 1)
    }

    /// A file followed nearly three years ago, without contact for more than two: the retention job
    /// archives it, and its CIVI deadline (she was a minor: three years from her majority) keeps
    /// it in the archive, where `demo.garante` opens it with a reason.
    async fn provision_demo_archive(
        &self,
        who: &vigie_domain::Principal,
        secret: &vigie_vault::SecretKey,
        today: NaiveDate,
    ) -> Result<()> {
        let id = self
            .create_file(
                who,
                secret,
                NewFileInput {
                    name: "Yasmina Archivée-Fictive".to_owned(),
                    role: PersonRole::DirectVictim,
                    age_band: AgeBand::Young,
                    sex: Sex::Female,
                    legal_basis: vigie_domain::casefile::LegalBasis::Agrement,
                    team: None,
                    help_request: None,
                    household: GroupChoice::None,
                    affaire: GroupChoice::None,
                },
            )
            .await?;
        let mut changes = vec![FileChange::Detail(
            DetailField::Situation,
            "[DÉMONSTRATION — personne inventée] Blessée à 16 ans lors d'un règlement de comptes              au pied de son immeuble. Suivie pendant la procédure, puis partie vivre hors de              Marseille."
                .to_owned(),
        )];
        for (ago, kind) in [
            (990, EventKind::PhoneInterview),
            (960, EventKind::Interview),
            (900, EventKind::Court),
            (850, EventKind::Interview),
        ] {
            changes.push(FileChange::Event(Event {
                kind,
                day: days_ago(today, ago),
                note: "[DÉMONSTRATION] Entretien de suivi.".to_owned(),
            }));
        }
        changes.push(FileChange::Court(CourtCase {
            id: uuid::Uuid::new_v4(),
            court: "[DÉMONSTRATION] Tribunal pour enfants de Marseille".to_owned(),
            stage: CourtStage::Judgment,
            civil_party: CivilParty::Constituted,
            lawyer: "[DÉMONSTRATION] Maître Avocat-Imaginaire".to_owned(),
            hearings: Vec::new(),
            legal_aid: LegalAid::GrantedFull,
            police_domicile: false,
            police_station: String::new(),
            offence: days_ago(today, 1000),
            victim_birth: Some(days_ago(today, 1000 + 16 * 365)),
            decision: Some(days_ago(today, 900)),
            final_on: Some(days_ago(today, 880)),
            damages_awarded: true,
        }));
        changes.push(FileChange::Close(
            Outcome::MovedAway,
            "[DÉMONSTRATION] Partie vivre dans une autre région.".to_owned(),
        ));
        for change in changes {
            self.change_file(who, secret, id, change).await?;
        }
        let day = |ago| vigie_domain::time::day_string(days_ago(today, ago));
        self.store().backdate_file(id, &day(990), &day(850)).await?;
        self.apply_case_retention().await?;
        Ok(())
    }

    /// An atelier de parole with the open files as participants (each consented), three past
    /// sessions with attendance and anonymous slips, and one planned.
    async fn provision_demo_group(
        &self,
        who: &vigie_domain::Principal,
        secret: &vigie_vault::SecretKey,
        numbers: &[i64],
        today: NaiveDate,
    ) -> Result<()> {
        let group = self
            .create_support_group(
                who,
                secret,
                NewSupportGroup {
                    labels: GroupLabels {
                        name: "Atelier de parole du jeudi (démonstration)".to_owned(),
                        theme: "[DÉMONSTRATION] Vivre après la violence dans le quartier"
                            .to_owned(),
                        place: "[DÉMONSTRATION] Salle fictive, maison de quartier".to_owned(),
                        facilitators: vec!["[DÉMONSTRATION] Psychologue animatrice".to_owned()],
                    },
                    kind: SupportKind::Workshop,
                    capacity: 8,
                },
            )
            .await?;
        for n in numbers {
            self.change_support_group(who, secret, group, SupportChange::Join(*n, true))
                .await?;
        }
        for ago in [63, 35, 7, 0] {
            let labels = SessionLabels::default();
            let day = if ago == 0 {
                today.checked_add_days(Days::new(7)).unwrap_or(today)
            } else {
                days_ago(today, ago)
            };
            self.change_support_group(who, secret, group, SupportChange::Session(day, labels))
                .await?;
        }
        let view = self.support_group(who, secret, group).await?;
        let participants: Vec<vigie_domain::FileId> = view
            .members
            .iter()
            .filter(|m| !m.waiting)
            .map(|m| m.file)
            .collect();
        // The past sessions (the last one is planned): everyone but one the first time, all after.
        let past = view.sessions.len().saturating_sub(1);
        for (i, s) in view.sessions.iter().take(past).enumerate() {
            let present = participants
                .iter()
                .copied()
                .skip(usize::from(i == 0))
                .collect();
            self.change_support_group(
                who,
                secret,
                group,
                SupportChange::Attendance(s.session.id, present),
            )
            .await?;
            self.change_support_group(
                who,
                secret,
                group,
                SupportChange::Slips(
                    s.session.id,
                    SlipCounts([0, 0, 1, 1, i64::try_from(i).unwrap_or(0) + 1]),
                ),
            )
            .await?;
        }
        Ok(())
    }

    /// The person followed longest is referred to `demo.psychologue`, who accepted: the demo
    /// partner has one open referral (CONTRACT.md), whose extract the caseworker updated once
    /// (version 2); an earlier referral to them went unanswered and expired.
    async fn demo_referral(
        &self,
        who: &vigie_domain::Principal,
        secret: &vigie_vault::SecretKey,
        file: vigie_domain::FileId,
    ) -> Result<()> {
        let Some(psy) = self.store().user_by_name("demo.psychologue").await? else {
            return Ok(());
        };
        let refer = |reason: &str| crate::casework::NewReferral {
            partner: psy.id,
            kind: RecipientKind::Psychologist,
            fields: vec![DetailField::Name, DetailField::Contact],
            reason: reason.to_owned(),
            override_reason: None,
        };
        let unanswered = self
            .propose_referral(
                who,
                secret,
                file,
                refer("[DÉMONSTRATION] Première demande de soutien psychologique, restée sans réponse."),
            )
            .await?;
        if let Some(record) = self.store().referral(unanswered).await? {
            self.expire_referral(&record).await?;
        }
        let id = self
            .propose_referral(
                who,
                secret,
                file,
                refer("[DÉMONSTRATION] Soutien psychologique après la blessure de son fils."),
            )
            .await?;
        self.update_referral_extract(
            who,
            secret,
            id,
            &crate::casework::ExtractChoice {
                fields: vec![
                    DetailField::Name,
                    DetailField::Contact,
                    DetailField::Situation,
                ],
                reason: "[DÉMONSTRATION] Soutien psychologique après la blessure de son fils ; \
                         préfère les rendez-vous en fin de journée."
                    .to_owned(),
                override_reason: None,
            },
        )
        .await?;
        let partner = self.principal(psy.id).await?;
        self.move_referral(
            &partner,
            id,
            vigie_domain::referral::ReferralStatus::Accepted,
            None,
        )
        .await
    }
}
