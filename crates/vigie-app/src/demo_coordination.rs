//! Demonstration coordination: a year of CLSPD meetings of each kind (plenary, thematic groups,
//! restricted groups) with invented organisations, their sealed minutes (for `demo.prevention`,
//! who took part in each and accepted the charter), decisions and actions, some of them overdue, so
//! that `vigie serve --demo` shows `/espace/coordination` at work.

use chrono::{Days, NaiveDate};
use vigie_domain::AuditActor;
use vigie_domain::coordination::{DecisionForm, DecisionStatus, MeetingForm};
use vigie_domain::time::{day_string, paris_day};

use crate::demo::Text;
use crate::{App, Result};

/// The demo coordinator, who took part in every meeting.
const DEMO_COORDINATOR: &str = "demo.prevention";

/// A decision: (text, owner, due: days after the meeting, status, STSPD sheet).
type DemoDecision = (Text, Text, u64, DecisionStatus, Text);

/// A meeting: (days ago, kind, place, organisations, agenda, minutes, decisions).
type DemoMeeting = (u64, Text, Text, Text, Text, Text, &'static [DemoDecision]);

use DecisionStatus::{Done, Dropped, Open};

#[rustfmt::skip] // A table: one meeting a row.
const MEETINGS: &[DemoMeeting] = &[
    (340, "plenary", "Salle du conseil fictive, mairie centrale (démonstration)",
     "Ville de Marseille (fictive)\nPréfecture de police (fictive)\nParquet (fictif)\nÉducation nationale (fictive)\nConseil départemental (fictif)\nAssociation Exemple (démonstration)",
     "Bilan de l'année passée ; priorités de la stratégie territoriale ; calendrier des groupes.",
     "Le bilan est présenté par la ville. Les priorités retenues : prévention du recrutement des mineurs, tranquillité aux abords des écoles, soutien aux parents.",
     &[("Publier le calendrier des groupes thématiques", "Ville de Marseille (fictive)", 20, Done, "FA 1.1"),
       ("Dresser la carte des partenaires de prévention", "Association Exemple (démonstration)", 60, Done, "FA 1.2")]),
    (300, "thematic", "Centre social Imaginaire des Aygalades (démonstration)",
     "Ville de Marseille (fictive)\nÉducation nationale (fictive)\nCentre social Imaginaire (démonstration)\nClub de boxe Inventé (démonstration)",
     "Groupe « jeunesse et recrutement » : ateliers dans les collèges, activités des vacances.",
     "Les ateliers de l'automne ont touché quatre collèges. Les clubs proposent des créneaux gratuits pendant les vacances.",
     &[("Ouvrir des créneaux sportifs gratuits pendant les vacances", "Club de boxe Inventé (démonstration)", 45, Done, "FA 2.1"),
       ("Former les animateurs au repérage du recrutement en ligne", "Centre social Imaginaire (démonstration)", 120, Open, "FA 2.3")]),
    (260, "restricted", "Salle fermée fictive, mairie de secteur (démonstration)",
     "Ville de Marseille (fictive)\nPréfecture de police (fictive)\nService social départemental (fictif)\nAssociation Exemple (démonstration)",
     "Groupe restreint : situations individuelles (transmises à part, avec consentement) ; suivi des orientations.",
     "Deux situations ont été transmises à l'équipe d'accompagnement, avec consentement. Aucun nom n'est porté ici.",
     &[("Faire le point des orientations au prochain groupe", "Service social départemental (fictif)", 40, Done, "")]),
    (200, "thematic", "Collège Imaginaire de la Belle de Mai (démonstration)",
     "Éducation nationale (fictive)\nVille de Marseille (fictive)\nAssociation des parents Exemple (démonstration)",
     "Groupe « abords des écoles » : éclairage, horaires de sortie, présence d'adultes.",
     "Les parents signalent des abords mal éclairés. La ville étudie un éclairage renforcé.",
     &[("Renforcer l'éclairage du square voisin", "Ville de Marseille (fictive)", 90, Open, "FA 3.2"),
       ("Organiser une présence de parents aux sorties", "Association des parents Exemple (démonstration)", 30, Dropped, "")]),
    (120, "plenary", "Salle du conseil fictive, mairie centrale (démonstration)",
     "Ville de Marseille (fictive)\nPréfecture de police (fictive)\nParquet (fictif)\nÉducation nationale (fictive)\nBailleur social Fictif (démonstration)\nAssociation Exemple (démonstration)",
     "Point d'étape de la stratégie ; actions en retard ; nouvelles fiches action.",
     "Deux actions sont en retard. Le bailleur rejoint le conseil.",
     &[("Sécuriser les halls d'entrée signalés", "Bailleur social Fictif (démonstration)", 60, Open, "FA 4.1"),
       ("Présenter le bilan des ateliers de prévention", "Association Exemple (démonstration)", 100, Open, "FA 2.1")]),
    (40, "restricted", "Salle fermée fictive, mairie de secteur (démonstration)",
     "Ville de Marseille (fictive)\nService social départemental (fictif)\nProtection judiciaire de la jeunesse (fictive)\nAssociation Exemple (démonstration)",
     "Groupe restreint : suivi des situations transmises ; coordination des orientations.",
     "Les orientations sont suivies par l'équipe d'accompagnement. Aucun nom n'est porté ici.",
     &[("Proposer un référent unique aux familles orientées", "Service social départemental (fictif)", 45, Open, "FA 3.4")]),
    (15, "thematic", "Maison des jeunes Fictive de Malpassé (démonstration)",
     "Ville de Marseille (fictive)\nMaison des jeunes Fictive (démonstration)\nÉducation nationale (fictive)",
     "Groupe « recrutement en ligne » : messages aux familles, ateliers écrans.",
     "Un message aux familles sera diffusé avant les vacances.",
     &[("Diffuser le message aux familles", "Éducation nationale (fictive)", 10, Open, "FA 2.3")]),
];

/// The day `ago` days before `today` (today if out of range).
fn days_before(today: NaiveDate, ago: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(ago)).unwrap_or(today)
}

impl App {
    /// Fills the coordination area with the demonstration's meetings, minutes and decisions
    /// (once: nothing if any meeting exists); `demo.prevention` accepts the charter and takes part
    /// in each. Returns how many meetings were recorded.
    pub async fn provision_demo_coordination(&self) -> Result<usize> {
        if !self.store().meetings().await?.is_empty() {
            return Ok(0);
        }
        let coordinator = self.user_named(DEMO_COORDINATOR).await?;
        let who = self.principal(coordinator.id).await?;
        self.accept_coordination_charter(&who).await?;
        let actor = || AuditActor::System;
        let today = paris_day(self.clock().now());
        for &(ago, kind, place, organisations, agenda, minutes, decisions) in MEETINGS {
            let day = days_before(today, ago);
            let form = MeetingForm {
                kind: kind.into(),
                day: day_string(day),
                place: place.into(),
                organisations: organisations.into(),
                agenda: agenda.into(),
                participants: vec![coordinator.id.to_string()],
                confirm_no_name: true,
            };
            let (id, key) = self.insert_meeting(actor(), &form).await?;
            self.seal_and_store_minutes(actor(), id, &key, minutes)
                .await?;
            for &(text, owner, after, status, sheet) in decisions {
                let due = day.checked_add_days(Days::new(after)).unwrap_or(day);
                let form = DecisionForm {
                    text: text.into(),
                    owner: owner.into(),
                    due: day_string(due),
                    sheet: sheet.into(),
                    confirm_no_name: true,
                };
                let decision = self.insert_decision(actor(), id, &form).await?;
                if status != Open {
                    self.set_decision_status(&who, decision, status).await?;
                }
            }
        }
        Ok(MEETINGS.len())
    }
}
