//! Analysts import the official SSMSI series (multipart), the policy before the upload is read.

use reqwest::StatusCode;

use super::{analyst, audit_kinds, rows};
use crate::staff::audit_head;
use crate::staff::handler_team;
use crate::staff::{form_token, location, servers};

/// The real SSMSI file the repository ships (Licence Ouverte 2.0, see `data/context/README.md`).
const SSMSI: &str =
    include_str!("../../../../../../data/context/ssmsi-bouches-du-rhone-2016-2025.csv");

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn analysts_import_the_official_ssmsi_series() {
    for s in servers().await {
        let mut nadia = analyst(&s, "nadia").await;
        let path = "/espace/observatoire/contexte";
        let page = nadia.get_ok(path).await;
        assert!(page.contains("value=\"Bouches-du-Rhône (13)\""), "{page}");
        assert!(page.contains("Licence Ouverte 2.0\""));
        assert!(page.contains("enctype=\"multipart/form-data\""));
        let token = form_token(&page, path);
        let form = |token: &str, file: Option<&str>, text: &str| {
            let mut f = reqwest::multipart::Form::new()
                .text("csrf", token.to_owned())
                .text("territory", "Bouches-du-Rhône (13)")
                .text("source", "SSMSI, data.gouv.fr, Licence Ouverte 2.0")
                .text("text", text.to_owned());
            if let Some(bytes) = file {
                let part = reqwest::multipart::Part::bytes(bytes.as_bytes().to_vec())
                    .file_name("ssmsi.csv")
                    .mime_str("text/csv")
                    .unwrap();
                f = f.part("file", part);
            }
            f
        };

        // A broken file: refused with its line.
        let broken: String = SSMSI
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let mut fields: Vec<&str> = l.split(',').collect();
                if i == 49 {
                    fields[4] = "beaucoup";
                }
                fields.join(",") + "\n"
            })
            .collect();
        assert_ne!(broken.trim(), SSMSI.trim(), "line 50 was changed");
        let (status, _, page) = nadia
            .post_multipart(path, form(&token, Some(&broken), ""))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(page.contains("Ligne 50, colonne nombre"), "{page}");
        let (status, _, page) = nadia.post_multipart(
            path,
            form(&token, None, "code_departement,annee,indicateur,unite_de_compte,nombre\r\n13,20x6,Homicides,Victime,12\r\n"),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(page.contains("Ligne 2, colonne annee"), "{page}");
        assert!(page.contains("20x6"), "the pasted text is kept");
        let (status, _, page) = nadia.post_multipart(path, form(&token, None, "")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            page.contains("Choisissez un fichier ou collez son contenu."),
            "{page}"
        );
        // Larger than 5 MB: refused with words, the form again.
        let big = "x".repeat(5 * 1024 * 1024 + 1);
        let (status, _, page) = nadia
            .post_multipart(path, form(&token, Some(&big), ""))
            .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(page.contains("dépasse 5 Mo"), "{page}");
        assert!(audit_kinds(&s, "context_imported").await.is_empty());

        // Without a token, or by a handler: refused.
        let (status, _, _) = nadia.post_multipart(path, form("", Some(SSMSI), "")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A handler, with a token of her own for the form: the policy refuses before the upload is
        // read, and the refusal is audited.
        let (mut amina, _) = handler_team(&s, "amina").await;
        let before = audit_head(&s).await.seq;
        let own = amina.token_for(&s.app, "observatory:context");
        let (status, _, page) = amina
            .post_multipart(path, form(&own, Some(SSMSI), ""))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(page.contains("Accès refusé"), "the policy answers: {page}");
        let head = audit_head(&s).await;
        assert_eq!(
            (head.seq, head.kind.as_str()),
            (before + 1, "permission_denied")
        );
        assert!(head.detail.starts_with("record_incident: "), "{head:?}");

        // The real file.
        let (status, headers, page) = nadia
            .post_multipart(path, form(&token, Some(SSMSI), ""))
            .await;
        let to = location(&headers);
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        assert_eq!(to, format!("{path}?importees=18"));
        let (_, _, page) = nadia.get(&to).await;
        assert!(page.contains("18 séries importées."), "{page}");
        assert_eq!(rows(&page), 18, "{page}");
        assert!(page.contains("Trafic de stupéfiants") && page.contains("Mis en cause"));
        assert!(page.contains("2016–2025"));
        let series = s.app.context_series().await.unwrap();
        assert_eq!(series.len(), 18);
        assert!(
            series
                .iter()
                .all(|c| c.territory == "Bouches-du-Rhône (13)")
        );
        // Pasted, the same file replaces the same series.
        let (status, _, _) = nadia.post_multipart(path, form(&token, None, SSMSI)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(s.app.context_series().await.unwrap().len(), 18);
        assert_eq!(
            audit_kinds(&s, "context_imported").await,
            [" 18 series", " 18 series"]
        );
    }
}
