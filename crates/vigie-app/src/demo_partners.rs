//! Demonstration partners: invented, obviously fictional professionals and structures (one of them
//! police-funded), so that `vigie serve --demo` shows the directory's filters at work, and
//! `demo.psychologue` linked to the psychologist's entry with the charter accepted
//! (`../shared/CONTRACT.md`).

use vigie_domain::AuditActor;
use vigie_domain::partner::{PartnerForm, validate_partner};

use crate::demo::{Codes, Text};
use crate::{App, AppError, Result};

/// The demo partner account, linked to the first entry.
pub const DEMO_PARTNER: &str = "demo.psychologue";

/// (name, kind, speciality, areas, languages, places, agreement, police funded, phone, e-mail,
/// address, notes).
type DemoPartner = (
    Text,
    Text,
    Text,
    Codes,
    Codes,
    Text,
    Text,
    bool,
    Text,
    Text,
    Text,
    Text,
);

#[rustfmt::skip] // A table: one entry a row.
const PARTNERS: &[DemoPartner] = &[
    ("Cabinet Dr Fictif (démonstration)", "psychologist", "Psychotraumatisme, enfants et adolescents",
     &["13203", "13214", "13215"], &["fr", "ar"], "2", "convention", false,
     "04 00 00 00 01", "cabinet.fictif@exemple.invalid", "1 rue Imaginaire, Marseille (adresse fictive)",
     "Compte partenaire : demo.psychologue. Personne inventée pour la démonstration."),
    ("Maître Inventée, avocate (démonstration)", "lawyer", "Droit des victimes, constitution de partie civile",
     &["13201", "13206"], &["fr", "en"], "", "convention", false,
     "04 00 00 00 02", "maitre.inventee@exemple.invalid", "2 place de l'Exemple, Marseille (adresse fictive)", ""),
    ("Centre de santé Imaginaire (démonstration)", "doctor", "Médecine générale, certificats médicaux initiaux",
     &["13202", "13203", "13215"], &["fr", "ar", "kab"], "5", "agrement", false,
     "04 00 00 00 03", "", "3 boulevard du Songe, Marseille (adresse fictive)", ""),
    ("Association Exemple d'aide aux victimes (démonstration)", "association", "Écoute, accompagnement dans les démarches",
     &["13201", "13202", "13203", "13213", "13214", "13215", "13216"], &["fr", "ar", "zdj"], "10", "agrement", false,
     "04 00 00 00 04", "accueil@association-exemple.invalid", "", ""),
    ("Permanence victimes du commissariat Fictif (démonstration)", "association", "Accueil des victimes au commissariat",
     &["13213", "13214"], &["fr"], "", "convention", true,
     "04 00 00 00 05", "", "", "Financée par la police : certaines familles la refusent."),
    ("Résidence Abri Fictif (démonstration)", "housing", "Mise à l'abri d'urgence de familles",
     &["13208", "13209"], &["fr", "es"], "1", "convention", false,
     "04 00 00 00 06", "", "", ""),
    ("Mme Travailleuse Sociale Fictive (démonstration)", "social_worker", "Accès aux droits, logement, scolarité",
     &["13214", "13215", "13216"], &["fr", "ar", "zdj"], "4", "none", false,
     "", "ts.fictive@exemple.invalid", "", ""),
];

impl App {
    /// Fills the partner directory with the demonstration's entries (once: nothing if the directory
    /// has any), the first linked to `demo.psychologue`; and has `demo.psychologue` accept the
    /// current charter. Returns how many entries were added.
    pub async fn provision_demo_partners(&self) -> Result<usize> {
        let partner = self.user_named(DEMO_PARTNER).await?;
        self.record_charter(AuditActor::System, partner.id).await?;
        if !self.store().partners().await?.is_empty() {
            return Ok(0);
        }
        for (i, p) in PARTNERS.iter().enumerate() {
            let (
                name,
                kind,
                speciality,
                areas,
                languages,
                capacity,
                agreement,
                police,
                phone,
                email,
                address,
                notes,
            ) = *p;
            let form = PartnerForm {
                name: name.into(),
                kind: kind.into(),
                speciality: speciality.into(),
                areas: areas.iter().map(|a| (*a).to_owned()).collect(),
                languages: languages.iter().map(|l| (*l).to_owned()).collect(),
                capacity: capacity.into(),
                agreement: agreement.into(),
                police_funded: police,
                account: if i == 0 {
                    partner.id.to_string()
                } else {
                    String::new()
                },
                phone: phone.into(),
                email: email.into(),
                address: address.into(),
                notes: notes.into(),
            };
            let input = validate_partner(&form, &self.settings().areas)
                .map_err(|e| AppError::Invalid(format!("demo partner {name} invalid: {e:?}")))?;
            self.insert_partner(AuditActor::System, &input).await?;
        }
        Ok(PARTNERS.len())
    }
}
