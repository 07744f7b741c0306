//! What each staff form did, in one table: the value a form's redirect names (`?fait=…`) and the
//! message the page it lands on shows. One table, so that a page reads only the outcomes of its own
//! forms, and a query value or message is written once.

use super::kit::outcomes;

outcomes!(
    // Reports (`/espace/signalements`).
    /// What a form of a report's page did.
    ReportDone {
        /// A reply to the reporter.
        Reply = "reponse" => "staff-report-done-reply",
        /// An internal note.
        Note = "note" => "staff-report-done-note",
        /// A new status.
        Status = "statut" => "staff-report-done-status",
        /// New labels.
        Labels = "etiquettes" => "staff-report-done-labels",
        /// A new assignee.
        Assign = "attribution" => "staff-report-done-assign",
        /// Access granted.
        Grant = "acces" => "staff-report-done-grant",
        /// Access revoked.
        Revoke = "retrait" => "staff-report-done-revoke",
        /// The identity granted to a handler.
        Identity = "identite" => "staff-report-done-identity-grant",
        /// Qualified into an incident.
        Qualified = "qualifie" => "staff-obs-qualify-done",
        /// The reporter's request transmitted to the casework team.
        Transmitted = "accompagnement" => "staff-report-done-link",
    }

    // Casework (`/espace/accompagnement`).
    /// What a form of a help request's page did.
    RequestDone {
        /// A reply to the person.
        Reply = "reponse" => "staff-help-done-reply",
    }
    /// What a file's forms (and the one that opens it) did.
    FileDone {
        /// The file was opened.
        Opened = "ouvert" => "file-done-opened",
        /// The change was saved.
        Saved = "enregistre" => "file-done-saved",
    }
    /// What a support group's forms did.
    SupportDone {
        /// The group was made.
        Created = "cree" => "file-groups-done-created",
        /// The change was saved.
        Saved = "enregistre" => "file-done-saved",
        /// The group is full: the file is on the waiting list.
        Waiting = "attente" => "file-groups-done-waiting",
        /// Two files are kept apart.
        Apart = "separes" => "file-groups-done-apart",
    }
    /// What the publishing form did.
    FiguresDone {
        /// The year's figures are published.
        Published = "publie" => "file-report-done-published",
    }

    // The partner directory (`/espace/accompagnement/partenaires`).
    /// What a form of the directory did.
    PartnerDone {
        /// An entry added.
        Added = "ajoute" => "staff-partner-done-added",
        /// An entry edited.
        Edited = "modifie" => "staff-partner-done-edited",
        /// An entry deactivated.
        Deactivated = "desactive" => "staff-partner-done-deactivated",
        /// An entry reactivated.
        Reactivated = "reactive" => "staff-partner-done-reactivated",
    }

    // The partner's own space (`/espace/partenaire`).
    /// What the charter's form did.
    CharterDone {
        /// Accepted.
        Accepted = "charte" => "staff-charter-done",
    }

    // The partner's referrals (`/espace/partenaire/orientations`).
    /// What a referral form did.
    ReferralDone {
        /// Saved.
        Saved = "enregistre" => "referral-done-saved",
    }

    // The observatory (`/espace/observatoire`).
    /// What a form of an incident's page (or the "new incident" form) did.
    IncidentDone {
        /// Recorded.
        Recorded = "enregistre" => "staff-obs-done-recorded",
        /// Corrected.
        Corrected = "corrige" => "staff-obs-done-corrected",
        /// Accepted.
        Accepted = "accepte" => "staff-obs-done-accepted",
        /// Rejected.
        Rejected = "rejete" => "staff-obs-done-rejected",
    }

    // Prevention (`/espace/prevention`).
    /// What a prevention form did.
    PreventionDone {
        /// A structure added.
        StructureAdded = "structure-ajoutee" => "staff-prev-done-structure-added",
        /// A structure edited.
        StructureEdited = "structure-modifiee" => "staff-prev-done-structure-edited",
        /// A programme added.
        ProgrammeAdded = "programme-ajoute" => "staff-prev-done-programme-added",
        /// A programme edited.
        ProgrammeEdited = "programme-modifie" => "staff-prev-done-programme-edited",
        /// A session recorded.
        SessionRecorded = "seance-enregistree" => "staff-prev-done-session-recorded",
        // Issue 12, items 3, 5 and 7: sessions edited, campaigns, public figures.
        /// A session edited (marked delivered or not, its counts changed).
        SessionEdited = "seance-modifiee" => "staff-prev-done-session-edited",
        /// A campaign added.
        CampaignAdded = "campagne-ajoutee" => "staff-prev-done-campaign-added",
        /// A campaign edited.
        CampaignEdited = "campagne-modifiee" => "staff-prev-done-campaign-edited",
        /// A period's figures published.
        FiguresPublished = "chiffres-publies" => "staff-prev-done-figures-published",
    }

    // Administration (`/espace/admin`).
    /// What a form of the accounts page did.
    UsersDone {
        /// An account disabled.
        Disabled = "desactive" => "staff-users-disabled-done",
        /// A second factor reset.
        SecondFactorReset = "2fa" => "staff-users-2fa-reset-done",
    }

    /// What a form of the teams page did.
    TeamsDone {
        /// A team created.
        Created = "creee" => "staff-teams-created",
        /// A casework team created.
        CreatedCasework = "creee-accompagnement" => "staff-teams-created-casework",
        /// Help requests reach another casework team.
        HelpRequests = "demandes-aide" => "staff-teams-help-requests-done",
        /// A member added, with the team's history.
        Added = "ajout" => "staff-teams-added",
        /// A member added, reading from now on (a new key generation).
        AddedFromNow = "ajout-nouveau" => "staff-teams-added-from-now",
        /// A member removed (the key rotated).
        Removed = "retrait" => "staff-teams-removed",
    }

    /// What a form of the routing page did.
    RoutingDone {
        /// A rule added.
        Rule = "regle" => "staff-routing-done-rule",
        /// A rule deleted.
        RuleDeleted = "regle-supprimee" => "staff-routing-done-rule-deleted",
        /// The default team set.
        Default = "defaut" => "staff-routing-done-default",
        /// A label added.
        Label = "etiquette" => "staff-routing-done-label",
        /// A label deleted.
        LabelDeleted = "etiquette-supprimee" => "staff-routing-done-label-deleted",
        /// A team's addresses set.
        Notify = "alertes" => "staff-routing-done-notify",
    }
    // Impact surveys (issue 12, item 4).
    /// What a survey form did.
    SurveyDone {
        /// A cycle created.
        CycleAdded = "questionnaire-cree" => "staff-survey-done-cycle",
        /// A paper slip keyed in.
        Keyed = "fiche-saisie" => "staff-survey-done-keyed",
        /// A programme's statements set.
        Statements = "enonces" => "staff-survey-done-statements",
    }

    // Coordination (`/espace/coordination`, issue 12).
    /// What a coordination form did.
    CoordinationDone {
        /// The CLSPD charter accepted.
        CharterAccepted = "charte" => "staff-coord-done-charter",
        /// A meeting recorded.
        MeetingAdded = "reunion-ajoutee" => "staff-coord-done-meeting",
        /// Minutes written.
        MinutesWritten = "compte-rendu" => "staff-coord-done-minutes",
        /// A decision recorded.
        DecisionAdded = "decision-ajoutee" => "staff-coord-done-decision",
        /// An action's status changed.
        StatusChanged = "statut" => "staff-coord-done-status",
        /// A named situation transmitted to the caseworkers.
        SituationSent = "situation-transmise" => "staff-coord-done-situation",
    }

    // The hub's network (`/espace/reseau`, issue 14, item 2).
    /// What the network page's form did.
    NetworkDone {
        /// A member's key confirmed.
        Confirmed = "cle" => "staff-network-done-confirmed",
    }
);
