//! Demonstration reports: invented, obviously fictional facts, so that a newcomer running
//! `vigie serve --demo` sees an inbox, a conversation and a follow-up code that works.

use vigie_domain::report::{ReportForm, ReportStatus, validate_report};
use vigie_domain::time::paris_day;
use vigie_vault::Receipt;

use crate::{App, AppError, Result};

/// The team the demonstration routes northern arrondissements to.
const NORTH_TEAM: &str = "Signalements Marseille nord";
/// Arrondissements routed to it.
const NORTH: [&str; 5] = ["13203", "13213", "13214", "13215", "13216"];

struct DemoReport {
    category: &'static str,
    district: &'static str,
    neighbourhood: &'static str,
    place: &'static str,
    text: &'static str,
    identity: &'static str,
    danger: bool,
    consent: bool,
    status: ReportStatus,
    reply: Option<&'static str>,
    answer: Option<&'static str>,
}

const REPORTS: &[DemoReport] = &[
    DemoReport {
        category: "deal_point",
        district: "13203",
        neighbourhood: "",
        place: "Entrée du bâtiment C, résidence fictive « Les Mimosas »",
        text: "[DÉMONSTRATION — faits inventés] Depuis trois semaines, un point de deal est installé devant \
               l'entrée du bâtiment C, de 11 h à minuit. Deux guetteurs se tiennent à l'angle de la rue et \
               demandent aux habitants où ils vont.",
        identity: "",
        danger: false,
        consent: true,
        status: ReportStatus::InProgress,
        reply: Some(
            "Bonjour, merci pour votre signalement. Pouvez-vous nous dire si des enfants de l'immeuble \
             sont sollicités ? Vous n'avez pas à donner votre nom.",
        ),
        answer: Some("Oui, deux collégiens du 2e étage (faits inventés pour la démonstration)."),
    },
    DemoReport {
        category: "lookouts_minors",
        district: "13215",
        neighbourhood: "",
        place: "",
        text: "[DÉMONSTRATION — faits inventés] Des adolescents d'environ 14 ans sont recrutés comme \
               guetteurs à la sortie d'un collège imaginaire, contre 50 euros par jour.",
        identity: "",
        danger: false,
        consent: false,
        status: ReportStatus::New,
        reply: None,
        answer: None,
    },
    DemoReport {
        category: "threats",
        district: "13214",
        neighbourhood: "",
        place: "",
        text: "[DÉMONSTRATION — faits inventés] Ma voisine a reçu des menaces après avoir parlé à la police. \
               Elle a peur de sortir.",
        identity: "Mme Exemple Fictive — 06 00 00 00 00 (démonstration)",
        danger: true,
        consent: true,
        status: ReportStatus::New,
        reply: None,
        answer: None,
    },
    DemoReport {
        category: "hall_occupation",
        district: "13213",
        neighbourhood: "",
        place: "",
        text: "[DÉMONSTRATION — faits inventés] Le hall du bâtiment B est occupé tous les soirs ; les \
               boîtes aux lettres ont été forcées.",
        identity: "",
        danger: false,
        consent: false,
        status: ReportStatus::Closed,
        reply: Some("Merci. Le bailleur (fictif) a été alerté ; nous classons ce signalement."),
        answer: None,
    },
];

impl App {
    /// Creates the demonstration's routing rules and reports if the instance has no report yet, and
    /// returns the follow-up codes of those it created (to print: a visitor tries `/suivi` with them).
    pub async fn provision_demo_reports(&self) -> Result<Vec<(String, Receipt)>> {
        if !self.store().receipt_kdfs().await?.is_empty() {
            return Ok(Vec::new());
        }
        let Some(north) = self.store().team_by_name(NORTH_TEAM).await? else {
            return Ok(Vec::new());
        };
        if self.store().routing_rules().await?.is_empty() {
            for d in NORTH {
                self.store()
                    .add_routing_rule(None, Some(d), north.id)
                    .await?;
            }
            for label in ["Mineurs concernés", "À recouper", "Urgent"] {
                self.store().add_label(label).await?;
            }
        }
        // The demo handler answers: their key comes from their (printed, demo) password.
        let (session, handler, secret) = self.demo_sign_in("demo.signalements", "handler").await?;
        let now = self.clock().now();
        let mut out = Vec::new();
        for r in REPORTS {
            let form = ReportForm {
                category: r.category.into(),
                district: r.district.into(),
                neighbourhood: r.neighbourhood.into(),
                place: r.place.into(),
                text: r.text.into(),
                identity: r.identity.into(),
                danger: r.danger,
                consent_forward: r.consent,
                ..ReportForm::default()
            };
            let report = validate_report(
                &form,
                &self.settings().areas,
                paris_day(now),
                now.timestamp(),
            )
            .map_err(|e| AppError::Invalid(format!("demo report invalid: {e:?}")))?;
            let draft = self.new_report_draft();
            let id = draft.id;
            let done = self.submit_report(draft, report).await?;
            if let Some(reply) = r.reply {
                self.write(
                    &handler,
                    &secret,
                    id,
                    reply,
                    crate::reports::Writing::ReplyToReporter,
                )
                .await?;
            }
            if let Some(answer) = r.answer {
                let cookie = self.receipt_login(done.receipt.as_str()).await?;
                let reporter = self.resume_reporter(&cookie).await?;
                self.reporter_reply(&reporter, answer, Vec::new()).await?;
                self.reporter_logout(&reporter).await?;
            }
            if r.status != ReportStatus::New {
                self.set_report_status(&handler, id, r.status).await?;
            }
            out.push((r.category.to_owned(), done.receipt));
        }
        self.logout(&session).await?;
        Ok(out)
    }
}
