//! The published survey results' rules: k pairs, no figure made by one structure, no free text but
//! the programmes' configured statements, and releases published before them still decode.

use super::*;
use crate::prevention::PreventionFigures;
use crate::survey::{Answers, Wave};

/// `n` slips answered before with `before` and after with `after` (one statement), named from
/// `tag` so that two parts never share a slip.
fn pairs(tag: &str, n: usize, before: u8, after: u8) -> Vec<Response> {
    (0..n)
        .flat_map(|i| {
            let slip = format!("{tag}-{i}");
            [(Wave::Before, before), (Wave::After, after)].map(|(wave, p)| Response {
                slip: slip.clone(),
                wave,
                answers: Answers(vec![Some(p)]),
            })
        })
        .collect()
}

const KNOW_RISKS: [Statement; 1] = [Statement::Standard(StandardStatement::KnowRisks)];

fn part<'a>(
    structure: StructureId,
    statements: &'a [Statement],
    responses: &'a [Response],
) -> SurveyPart<'a> {
    SurveyPart {
        structure,
        statements,
        responses,
        configured: statements,
        later: false,
    }
}

fn released(parts: &[SurveyPart<'_>]) -> SurveyFigures {
    match release_surveys(parts, 5) {
        Ok(f) => f,
        Err(e) => panic!("the release was refused: {e}"),
    }
}

fn know_risks(f: &SurveyFigures) -> PairedChange {
    match f.statements.iter().find(|s| s.statement == "know_risks") {
        Some(s) => s.after,
        None => panic!("every standard statement is listed: {f:?}"),
    }
}

#[test]
fn two_structures_with_enough_pairs_publish_their_mean_change() {
    let (a, b) = (StructureId::random(), StructureId::random());
    // 6 pairs from 2 to 4, 5 pairs from 3 to 3: the change is (6 * 2 + 5 * 0) / 11 = 1.09.
    let (x, y) = (pairs("a", 6, 2, 4), pairs("b", 5, 3, 3));
    let f = released(&[part(a, &KNOW_RISKS, &x), part(b, &KNOW_RISKS, &y)]);
    assert_eq!((f.k, f.pairs, f.suppressed), (5, Some(11), false));
    let c = know_risks(&f);
    assert_eq!(
        (c.pairs, c.change, c.suppressed),
        (Some(11), Some(Tenths(11)), false)
    );
    // Every standard statement is listed; those no cycle asked are suppressed.
    assert_eq!(f.statements.len(), StandardStatement::ALL.len());
    let other = &f.statements[1];
    assert!(
        other.after.suppressed && other.after.pairs.is_none(),
        "{other:?}"
    );
    assert!(other.later.is_none(), "no cycle asked a third wave");
}

#[test]
fn a_figure_under_k_or_made_by_one_structure_is_suppressed() {
    let (a, b) = (StructureId::random(), StructureId::random());
    // Four pairs: under k.
    let few = pairs("a", 4, 1, 5);
    let c = know_risks(&released(&[part(a, &KNOW_RISKS, &few)]));
    assert_eq!((c.pairs, c.change, c.suppressed), (None, None, true));
    // Thirty pairs of one class: its class's result, suppressed.
    let class = pairs("a", 30, 1, 5);
    let c = know_risks(&released(&[part(a, &KNOW_RISKS, &class)]));
    assert!(c.suppressed && c.change.is_none(), "{c:?}");
    // Thirty and four: without the largest, fewer than k remain.
    let other = pairs("b", 4, 1, 5);
    let both = [part(a, &KNOW_RISKS, &class), part(b, &KNOW_RISKS, &other)];
    let f = released(&both);
    assert!(know_risks(&f).suppressed, "{f:?}");
    // The slips paired are a count, under k only.
    assert_eq!(f.pairs, Some(34));
    // Thirty and five: published.
    let enough = pairs("b", 5, 1, 5);
    let both = [part(a, &KNOW_RISKS, &class), part(b, &KNOW_RISKS, &enough)];
    let c = know_risks(&released(&both));
    assert_eq!((c.pairs, c.change), (Some(35), Some(Tenths(40))));
}

#[test]
fn a_programmes_own_wording_is_published_only_while_configured_and_unnamed() {
    let (a, b) = (StructureId::random(), StructureId::random());
    let own = [Statement::Own("Je sais dire non à une offre".into())];
    let named = [Statement::Own("Je peux parler à Karim Benali".into())];
    let (x, y) = (pairs("a", 5, 2, 3), pairs("b", 5, 2, 4));
    let texts = |f: &SurveyFigures| -> Vec<Option<String>> {
        f.statements
            .iter()
            .filter(|s| s.statement == "own")
            .map(|s| s.text.clone())
            .collect()
    };
    let f = released(&[part(a, &own, &x), part(b, &own, &y)]);
    assert_eq!(texts(&f), [Some("Je sais dire non à une offre".to_owned())]);
    let shown = f.statements.last().map(|s| s.after);
    assert_eq!(shown.and_then(|c| c.change), Some(Tenths(15)));
    // The programme no longer asks it (or the cycle's copy was altered): left out.
    let mut stale = part(b, &own, &y);
    stale.configured = &KNOW_RISKS;
    assert!(texts(&released(&[part(a, &own, &x), stale])).is_empty());
    // A wording that looks like it names someone: left out.
    let f = released(&[part(a, &named, &x), part(b, &named, &y)]);
    assert!(texts(&f).is_empty(), "{f:?}");
    // Under k: left out, its text with it.
    let few = pairs("b", 1, 2, 4);
    assert!(texts(&released(&[part(a, &own, &x[..6]), part(b, &own, &few)])).is_empty());
}

#[test]
fn the_third_wave_is_listed_when_a_cycle_asked_it() {
    let (a, b) = (StructureId::random(), StructureId::random());
    let (x, y) = (pairs("a", 5, 2, 3), pairs("b", 5, 2, 3));
    let mut first = part(a, &KNOW_RISKS, &x);
    first.later = true;
    let f = released(&[first, part(b, &KNOW_RISKS, &y)]);
    let later = f.statements[0].later;
    // Asked, never answered: listed, suppressed.
    assert_eq!(later.map(|c| c.suppressed), Some(true));
}

#[test]
fn a_release_published_before_the_surveys_still_decodes_and_means_print_as_decimals() {
    let old = r#"{"period":"2025-Q1","version":1,"k":5,"figures":[]}"#;
    let f: PreventionFigures = match serde_json::from_str(old) {
        Ok(f) => f,
        Err(e) => panic!("an older release decodes: {e}"),
    };
    assert_eq!(f.surveys, None);
    let json = serde_json::to_string(&f).unwrap_or_default();
    assert!(!json.contains("surveys"), "{json}");

    let (a, b) = (StructureId::random(), StructureId::random());
    let (x, y) = (pairs("a", 6, 4, 3), pairs("b", 5, 4, 3));
    let mut f = f;
    f.surveys = Some(released(&[
        part(a, &KNOW_RISKS, &x),
        part(b, &KNOW_RISKS, &y),
    ]));
    let json = serde_json::to_string(&f).unwrap_or_default();
    assert!(json.contains(r#""change":-1.0"#), "{json}");
    let back: PreventionFigures = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, f);
    let wild = json.replace(r#""change":-1.0"#, r#""change":9.5"#);
    assert!(serde_json::from_str::<PreventionFigures>(&wild).is_err());
}
