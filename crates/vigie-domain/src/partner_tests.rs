#![allow(clippy::unwrap_used)]

use super::*;
use crate::area::test_areas as areas;
use crate::form::{looks_like_email, looks_like_phone};

fn good() -> PartnerForm {
    PartnerForm {
        name: "  Cabinet Dr Fictif  ".into(),
        kind: "psychologist".into(),
        speciality: "Psychotraumatisme".into(),
        areas: vec!["13203".into(), "13201".into(), "13203".into()],
        languages: vec!["fr".into(), "ar".into()],
        capacity: " 3 ".into(),
        agreement: "convention".into(),
        police_funded: false,
        account: String::new(),
        phone: "+33 4 00 00 00 00".into(),
        email: "cabinet@exemple.invalid".into(),
        address: "1 rue Imaginaire".into(),
        notes: String::new(),
    }
}

#[test]
fn a_good_form_becomes_an_entry_with_sorted_areas_and_languages() {
    let p = validate_partner(&good(), &areas()).unwrap();
    let c = &p.clear;
    assert_eq!(c.kind, PartnerKind::Psychologist);
    assert_eq!(c.areas, vec!["13201".to_owned(), "13203".to_owned()]);
    assert_eq!(c.languages, vec![Language::French, Language::Arabic]);
    assert_eq!(c.capacity, Some(3));
    assert_eq!(c.agreement, Agreement::Convention);
    assert_eq!(c.account, None);
    assert!(c.active && !c.police_funded);
    assert_eq!(p.details.name, "Cabinet Dr Fictif");
    assert_eq!(p.details.notes, None);
}

#[test]
fn a_linked_account_is_an_id() {
    let mut form = good();
    let id = UserId::random();
    form.account = id.to_string();
    assert_eq!(
        validate_partner(&form, &areas()).unwrap().clear.account,
        Some(id)
    );
    form.account = "demo.psychologue".into();
    assert_eq!(
        validate_partner(&form, &areas()).unwrap_err(),
        vec![(PartnerField::Account, PartnerProblem::Unknown)]
    );
}

#[test]
fn every_error_is_reported_beside_its_field_in_the_forms_order() {
    let form = PartnerForm {
        name: "x".repeat(MAX_NAME_CHARS + 1),
        kind: "astrologer".into(),
        speciality: "x".repeat(MAX_LINE_CHARS + 1),
        areas: vec!["13299".into()],
        languages: vec!["klingon".into()],
        capacity: "-1".into(),
        agreement: "handshake".into(),
        police_funded: true,
        account: "nobody".into(),
        phone: "appelez-moi".into(),
        email: "pas une adresse".into(),
        address: "x".repeat(MAX_LINE_CHARS + 1),
        notes: "x".repeat(MAX_NOTES_CHARS + 1),
    };
    let errors = validate_partner(&form, &areas()).unwrap_err();
    use PartnerField as F;
    use PartnerProblem as P;
    assert_eq!(
        errors,
        vec![
            (F::Name, P::TooLong),
            (F::Kind, P::Unknown),
            (F::Speciality, P::TooLong),
            (F::Areas, P::Unknown),
            (F::Languages, P::Unknown),
            (F::Capacity, P::BadNumber),
            (F::Agreement, P::Unknown),
            (F::Account, P::Unknown),
            (F::Phone, P::BadPhone),
            (F::Email, P::BadEmail),
            (F::Address, P::TooLong),
            (F::Notes, P::TooLong),
        ]
    );
    let empty = validate_partner(&PartnerForm::default(), &areas()).unwrap_err();
    let required = [F::Name, F::Kind, F::Areas, F::Languages, F::Agreement];
    assert_eq!(empty, required.map(|f| (f, P::Required)).to_vec());
}

#[test]
fn capacity_phone_and_email_accept_what_people_type() {
    for (capacity, expected) in [("0", Some(0)), ("999", Some(999)), ("", None)] {
        let mut form = good();
        form.capacity = capacity.into();
        assert_eq!(
            validate_partner(&form, &areas()).unwrap().clear.capacity,
            expected
        );
    }
    for bad in ["1000", "2.5", "trois"] {
        let mut form = good();
        form.capacity = bad.into();
        assert!(validate_partner(&form, &areas()).is_err(), "{bad}");
    }
    for phone in [
        "04 91 00 00 00",
        "+33 (0)4.91.00.00.00",
        "3919",
        "06-00-00-00-00",
    ] {
        assert!(looks_like_phone(phone), "{phone}");
    }
    for phone in ["123", "04 91 +00", "tel: 0491"] {
        assert!(!looks_like_phone(phone), "{phone}");
    }
    for email in ["a@b.fr", "prenom.nom+tag@asso.example.org"] {
        assert!(looks_like_email(email), "{email}");
    }
    for email in ["a@b", "@b.fr", "a@.fr", "a@b.fr.", "a b@c.fr", "a@b@c.fr"] {
        assert!(!looks_like_email(email), "{email}");
    }
}

#[test]
fn the_filter_keeps_what_a_caseworker_asks_for() {
    let mut entry = validate_partner(&good(), &areas()).unwrap().clear;
    let all = PartnerFilter::default();
    assert!(all.matches(&entry));
    let by = |f: PartnerFilter| f.matches(&entry);
    assert!(by(PartnerFilter {
        kind: Some(PartnerKind::Psychologist),
        district: Some("13203".into()),
        language: Some(Language::Arabic),
        without_police: true,
        with_inactive: false,
    }));
    assert!(!by(PartnerFilter {
        kind: Some(PartnerKind::Lawyer),
        ..PartnerFilter::default()
    }));
    assert!(!by(PartnerFilter {
        district: Some("13202".into()),
        ..PartnerFilter::default()
    }));
    assert!(!by(PartnerFilter {
        language: Some(Language::Comorian),
        ..PartnerFilter::default()
    }));
    entry.police_funded = true;
    assert!(all.matches(&entry));
    let no_police = PartnerFilter {
        without_police: true,
        ..PartnerFilter::default()
    };
    assert!(!no_police.matches(&entry));
    entry.police_funded = false;
    entry.active = false;
    assert!(!all.matches(&entry), "a deactivated entry is not proposed");
    assert!(
        PartnerFilter {
            with_inactive: true,
            ..PartnerFilter::default()
        }
        .matches(&entry)
    );
}
