//! Demonstration prevention: invented structures with obviously fictional names across Marseille
//! (some in priority neighbourhoods), four programmes facilitated by `demo.prevention`, and a year
//! of sessions with their participants' counts, a few planned ahead, campaigns, and two quarters of
//! published figures, so that `vigie serve --demo` shows `/espace/prevention` at work and
//! `/observatoire` its "jeunes sensibilisés" (`../shared/CONTRACT.md`).

use chrono::{Datelike, Days, NaiveDate};
use vigie_domain::AuditActor;
use vigie_domain::prevention::{
    Band, CampaignForm, Period, ProgrammeForm, Sex, StructureForm, WorkshopForm,
};
use vigie_domain::time::{day_string, paris_day};

use crate::demo::{Codes, Text};
use crate::{App, Result};

/// The demo prevention coordinator, who facilitates every programme.
const DEMO_COORDINATOR: &str = "demo.prevention";

/// (name, kind, arrondissement, quartier, QPV, contact person, role, phone).
type DemoStructure = (Text, Text, Text, Text, bool, Text, Text, Text);

#[rustfmt::skip] // A table: one structure a row.
const STRUCTURES: &[DemoStructure] = &[
    ("Collège Fictif des Calanques (démonstration)", "college", "13208", "1320806", false, "Mme Principale Inventée", "Principale", "04 00 00 01 01"),
    ("Collège Imaginaire de la Belle de Mai (démonstration)", "college", "13203", "1320301", true, "M. Conseiller Fictif", "CPE", "04 00 00 01 02"),
    ("Lycée Exemple du Canet (démonstration)", "lycee", "13214", "1321403", true, "Mme Proviseure Fictive", "Proviseure adjointe", "04 00 00 01 03"),
    ("École Songe de Noailles (démonstration)", "ecole", "13201", "1320103", true, "M. Directeur Inventé", "Directeur", "04 00 00 01 04"),
    ("École Fictive de Saint-Loup (démonstration)", "ecole", "13210", "1321004", false, "Mme Directrice Fictive", "Directrice", ""),
    ("Centre social Imaginaire des Aygalades (démonstration)", "social_centre", "13215", "1321501", true, "Mme Animatrice Fictive", "Référente famille", "04 00 00 01 06"),
    ("Maison des jeunes Fictive de Malpassé (démonstration)", "youth_centre", "13213", "1321303", true, "M. Animateur Inventé", "Coordinateur jeunesse", "04 00 00 01 07"),
    ("Club de boxe Inventé de la Joliette (démonstration)", "sports_club", "13202", "1320204", true, "M. Entraîneur Fictif", "Entraîneur", "04 00 00 01 08"),
    ("Association Exemple des parents du 11e (démonstration)", "association", "13211", "1321111", false, "Mme Présidente Fictive", "Présidente", ""),
];

/// (name, theme, audiences, sessions in a cycle, funder or STSPD action).
type DemoProgramme = (Text, Text, Codes, Text, Text);

#[rustfmt::skip] // A table: one programme a row.
const PROGRAMMES: &[DemoProgramme] = &[
    ("Pas de job pour moi (démonstration)", "lookouts", &["12_14", "15_18"], "4", "Fiche action STSPD 2.1 (fictive)"),
    ("Écrans et recruteurs (démonstration)", "online", &["9_11", "12_14"], "3", "Fonds fictif de prévention de la délinquance"),
    ("Parents en première ligne (démonstration)", "parents", &["parents"], "5", "Fiche action STSPD 3.4 (fictive)"),
    ("Repérer et orienter (démonstration)", "professionals", &["professionals"], "2", "Conseil départemental fictif"),
];

/// A session of the demo: (days ago, structure, programme, delivered); negative days are ahead.
#[rustfmt::skip]
const SESSIONS: &[(i64, usize, usize, bool)] = &[
    (330, 0, 0, true), (323, 0, 0, true), (316, 0, 0, true), (309, 0, 0, true),
    (300, 1, 0, true), (293, 1, 0, true), (286, 1, 0, false), (279, 1, 0, true),
    (265, 3, 1, true), (258, 3, 1, true), (251, 3, 1, true),
    (240, 5, 2, true), (226, 5, 2, true), (212, 5, 2, true),
    (200, 2, 0, true), (193, 2, 0, true), (186, 2, 0, true),
    (150, 6, 1, true), (143, 6, 1, true),
    (120, 7, 0, true), (113, 7, 0, true),
    (90, 4, 1, true), (83, 4, 1, true), (76, 4, 1, true),
    (60, 8, 2, true), (45, 8, 2, true),
    (30, 2, 3, true), (16, 1, 3, true),
    (-9, 6, 0, false), (-23, 3, 1, false),
];

/// Invented counts for session `i` of programme `p`: a class or two of the programme's ages, a
/// group of parents, a few professionals.
fn demo_counts(i: usize, p: usize) -> [[String; 3]; 4] {
    let mut out: [[String; 3]; 4] = Default::default();
    let n = |base: usize| (base + (i * 7) % 9).to_string();
    let mut set = |b: Band, girls: usize, boys: usize| {
        out[b as usize][Sex::Female as usize] = n(girls);
        out[b as usize][Sex::Male as usize] = n(boys);
    };
    match p {
        0 => {
            set(Band::Age12To14, 9, 11);
            if i.is_multiple_of(2) {
                set(Band::Age15To18, 6, 8);
            }
        }
        1 => {
            set(Band::Age9To11, 10, 10);
            if i.is_multiple_of(3) {
                set(Band::Age12To14, 5, 6);
            }
        }
        2 => set(Band::Adults, 8, 3),
        _ => set(Band::Adults, 4, 2),
    }
    out[Band::Age12To14 as usize][Sex::NotSaid as usize] = if p == 0 && i % 4 == 1 {
        "2".into()
    } else {
        String::new()
    };
    out
}

/// The day `ago` days before `today` (after it when negative).
fn day_from(today: NaiveDate, ago: i64) -> NaiveDate {
    let shift = Days::new(ago.unsigned_abs());
    let day = if ago >= 0 {
        today.checked_sub_days(shift)
    } else {
        today.checked_add_days(shift)
    };
    day.unwrap_or(today)
}

impl App {
    /// Fills the prevention area with the demonstration's structures, programmes and sessions
    /// (once: nothing if any structure exists). Returns how many sessions were recorded.
    pub async fn provision_demo_prevention(&self) -> Result<usize> {
        if !self.store().structures().await?.is_empty() {
            return Ok(0);
        }
        let coordinator = self.user_named(DEMO_COORDINATOR).await?.id.to_string();
        let actor = || AuditActor::System;
        let mut structures = Vec::new();
        for &(name, kind, district, quartier, qpv, person, role, phone) in STRUCTURES {
            let form = StructureForm {
                name: name.into(),
                kind: kind.into(),
                district: district.into(),
                neighbourhood: quartier.into(),
                qpv,
                active: true,
                person: person.into(),
                role: role.into(),
                phone: phone.into(),
                email: String::new(),
                notes: "Contact inventé pour la démonstration.".into(),
            };
            structures.push(self.insert_structure(actor(), &form).await?);
        }
        let mut programmes = Vec::new();
        for &(name, theme, audiences, cycle, funder) in PROGRAMMES {
            let form = ProgrammeForm {
                name: name.into(),
                theme: theme.into(),
                audiences: audiences.iter().map(|a| (*a).to_owned()).collect(),
                cycle_sessions: cycle.into(),
                facilitators: vec![coordinator.clone()],
                funder: funder.into(),
                active: true,
            };
            programmes.push(self.insert_programme(actor(), &form).await?);
        }
        let today = paris_day(self.clock().now());
        for (i, &(ago, s, p, delivered)) in SESSIONS.iter().enumerate() {
            let (Some(structure), Some(programme)) = (structures.get(s), programmes.get(p)) else {
                continue;
            };
            let delivered = delivered && ago >= 0;
            let form = WorkshopForm {
                day: day_string(day_from(today, ago)),
                structure: structure.to_string(),
                programme: programme.to_string(),
                facilitators: vec![coordinator.clone()],
                delivered,
                counts: if delivered {
                    demo_counts(i, p)
                } else {
                    Default::default()
                },
            };
            self.insert_workshop(actor(), &form).await?;
        }
        self.provision_demo_campaigns(today, &programmes).await?;
        Ok(SESSIONS.len())
    }

    /// The demonstration's campaigns, and its published prevention figures: the two quarters
    /// before the current one, so that `/observatoire` shows "N jeunes sensibilisés" and, from
    /// the closed survey cycles, the surveys' results.
    async fn provision_demo_campaigns(
        &self,
        today: NaiveDate,
        programmes: &[vigie_domain::ProgrammeId],
    ) -> Result<()> {
        for &(name, kind, (from, to), districts, (reach, unit), programme) in CAMPAIGNS {
            let form = CampaignForm {
                name: name.into(),
                kind: kind.into(),
                start: day_string(day_from(today, from)),
                end: day_string(day_from(today, to)),
                districts: districts.iter().map(|d| (*d).to_owned()).collect(),
                reach: reach.into(),
                reach_unit: unit.into(),
                programme: programme
                    .and_then(|p| programmes.get(p))
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            };
            self.insert_campaign(AuditActor::System, &form).await?;
        }
        let quarter = (today.month0() / 3) as u8 + 1;
        let mut period = Period::Quarter(today.year(), quarter);
        let mut periods = Vec::new();
        for _ in 0..2 {
            period = match period {
                Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
                Period::Quarter(y, q) => Period::Quarter(y, q - 1),
                year => year,
            };
            periods.push(period);
        }
        // Survey cycles closed in those quarters first, so that their releases hold results.
        self.provision_demo_closed_surveys(&periods).await?;
        for period in periods {
            self.publish_prevention_period(AuditActor::System, None, period)
                .await?;
        }
        Ok(())
    }
}

/// A campaign of the demo: (name, kind, (started, ended) days ago, arrondissements, (reach, what it
/// counts), programme).
type DemoCampaign = (Text, Text, (i64, i64), Codes, (Text, Text), Option<usize>);

#[rustfmt::skip] // A table: one campaign a row.
const CAMPAIGNS: &[DemoCampaign] = &[
    ("Affiches « Le guet, c'est pas un job » (démonstration)", "posters", (300, 240), &["13203", "13214", "13215"], ("400", "copies"), Some(0)),
    ("Tournoi inventé de la Joliette (démonstration)", "event", (120, 120), &["13202"], ("180", "people"), Some(0)),
    ("Stories fictives « Écrans et recruteurs » (démonstration)", "social_media", (90, 60), &["13201", "13203", "13213", "13214", "13215"], ("12500", "views"), Some(1)),
    ("Chronique radio imaginaire des parents (démonstration)", "radio", (45, 10), &["13211", "13213"], ("", ""), None),
];
