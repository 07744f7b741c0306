#![allow(clippy::unwrap_used)]

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

fn meeting_form(kind: &str, agenda: &str, who: UserId) -> MeetingForm {
    MeetingForm {
        kind: kind.into(),
        day: "2026-06-10".into(),
        place: "Salle fictive de la mairie de secteur".into(),
        organisations: "Ville de Marseille\n  Collège Fictif \nville de marseille\n".into(),
        agenda: agenda.into(),
        participants: vec![who.to_string()],
        confirm_no_name: false,
    }
}

#[test]
fn names_are_spotted_and_institutions_mostly_not() {
    for (text, hit) in [
        ("Situation de Karim Benali au collège", Some("Karim Benali")),
        ("Rencontre avec Mme Diallo demain", Some("Mme Diallo")),
        ("Le jeune Dupont MARTIN est absent", Some("Dupont MARTIN")),
        ("M. Martin a appelé", Some("M. Martin")),
        ("léa est venue", None),
        ("Point sur l'éclairage du square et le CLSPD", None),
        ("Bilan des actions du QPV Félix Pyat", None),
        (
            "Présentation par la Police MUNICIPALE",
            Some("Police MUNICIPALE"),
        ),
        ("", None),
    ] {
        assert_eq!(looks_like_name(text).as_deref(), hit, "{text}");
    }
}

#[test]
fn a_meeting_form_is_checked_and_a_name_needs_confirming() {
    let who = UserId::random();
    let m = validate_meeting(
        &meeting_form("plenary", "Bilan de l'année", who),
        &[who],
        today(),
    )
    .unwrap();
    assert_eq!(m.kind, MeetingKind::Plenary);
    assert_eq!(
        m.organisations,
        vec!["Ville de Marseille", "Collège Fictif"]
    );
    assert_eq!(m.participants, vec![who]);

    let mut named = meeting_form("thematic", "Le cas de Sofiane Fictif", who);
    assert_eq!(
        validate_meeting(&named, &[who], today()).unwrap_err(),
        vec![("agenda".to_owned(), Problem::LooksLikeName)]
    );
    named.confirm_no_name = true;
    assert!(validate_meeting(&named, &[who], today()).is_ok());

    // Someone not allowed (no charter accepted) cannot take part.
    let errors =
        validate_meeting(&meeting_form("plenary", "Bilan", who), &[], today()).unwrap_err();
    assert!(errors.contains(&("participants".to_owned(), Problem::Unknown)));
    let errors = validate_meeting(&MeetingForm::default(), &[who], today()).unwrap_err();
    for f in [
        "kind",
        "day",
        "place",
        "organisations",
        "agenda",
        "participants",
    ] {
        assert!(errors.iter().any(|(x, _)| x == f), "{f}: {errors:?}");
    }
}

#[test]
fn minutes_and_decisions_warn_on_names() {
    let form = MinutesForm {
        minutes: "Échanges sur Yanis Fictif".into(),
        confirm_no_name: false,
    };
    assert_eq!(
        validate_minutes(&form).unwrap_err(),
        vec![("minutes".to_owned(), Problem::LooksLikeName)]
    );
    let d = DecisionForm {
        text: "Renforcer l'éclairage du square".into(),
        owner: "Ville de Marseille".into(),
        due: "2026-07-01".into(),
        sheet: "FA 2.1".into(),
        confirm_no_name: false,
    };
    let meeting = MeetingId::random();
    let got = validate_decision(&d, meeting, today()).unwrap();
    assert_eq!(got.status, DecisionStatus::Open);
    assert!(!got.overdue(today()));
    assert!(got.overdue(NaiveDate::from_ymd_opt(2026, 7, 2).unwrap()));
    let bad = DecisionForm {
        due: "bientôt".into(),
        ..d
    };
    assert_eq!(
        validate_decision(&bad, meeting, today()).unwrap_err(),
        vec![("due".to_owned(), Problem::BadDay)]
    );
}

#[test]
fn a_named_situation_goes_only_from_a_restricted_group_with_consent() {
    let form = SituationForm {
        situation: "Karim Fictif, 15 ans, sollicité comme guetteur".into(),
        needs: vec!["social".into()],
        urgency: "this_week".into(),
        contact: "06 00 00 00 01".into(),
        consent: true,
    };
    for kind in [MeetingKind::Plenary, MeetingKind::Thematic] {
        assert_eq!(
            validate_situation(&form, kind, (today(), 0)).unwrap_err(),
            vec![("situation".to_owned(), Problem::NotRestricted)]
        );
    }
    let req = validate_situation(&form, MeetingKind::Restricted, (today(), 7)).unwrap();
    assert_eq!(req.asker, Asker::Professional);
    assert_eq!(req.content.copied[0].source, TextSource::Coordination);
    assert_eq!(req.content.copied[0].text, form.situation);
    assert_eq!(req.contact.unwrap().channel, Channel::Phone);
    let no_consent = SituationForm {
        consent: false,
        ..form
    };
    assert_eq!(
        validate_situation(&no_consent, MeetingKind::Restricted, (today(), 0)).unwrap_err(),
        vec![("consent".to_owned(), Problem::NoConsent)]
    );
}
