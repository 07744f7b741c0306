# Prevention (/espace/prevention): structures, programmes, sessions, the year's dashboard.
staff-audit-kind-prevention-changed = Prévention : structure ou programme ajouté ou modifié, séance enregistrée
staff-prev-nav = Prévention
staff-prev-dashboard-title = Prévention
staff-prev-dashboard-intro = Les ateliers de prévention de l'année : séances, personnes rencontrées (des nombres seulement, jamais un nom), structures et quartiers prioritaires couverts.
staff-prev-year = Année { $year }
staff-prev-years = Autres années
staff-prev-year-link = Voir { $year }
staff-prev-sessions-delivered = Séances réalisées
staff-prev-sessions-planned = Séances prévues ou annulées
staff-prev-young = Jeunes rencontrés
staff-prev-adults = Adultes rencontrés
staff-prev-covered = Structures couvertes
staff-prev-covered-value = { $count ->
    [0] Aucune
    [one] Une structure
   *[other] { $count } structures
}
staff-prev-covered-qpv = { $count ->
    [0] (aucune en quartier prioritaire)
    [one] (dont une en quartier prioritaire)
   *[other] (dont { $count } en quartier prioritaire)
}
staff-prev-qpv-share = Part des jeunes rencontrés en quartier prioritaire (QPV)
staff-prev-percent = { $value } %
staff-prev-nobody-yet = Personne n'a encore été rencontré cette année.
staff-prev-active-structures = Structures partenaires actives
staff-prev-active-programmes = Programmes proposés
staff-prev-reached-caption = Personnes rencontrées en { $year }, par âge et par sexe
staff-prev-band = Âge
staff-prev-total = Total
staff-prev-band-9-11 = 9-11 ans
staff-prev-band-12-14 = 12-14 ans
staff-prev-band-15-18 = 15-18 ans
staff-prev-band-adults = Adultes (parents, professionnels)
staff-prev-sex-female = Filles, femmes
staff-prev-sex-male = Garçons, hommes
staff-prev-sex-not-said = Non précisé
staff-prev-yes = Oui
staff-prev-no = Non
staff-prev-state = État
staff-prev-active = Active
staff-prev-inactive = Inactive
staff-prev-back = Retour à la liste
staff-prev-choose = Choisissez…
staff-prev-save = Enregistrer les modifications
staff-prev-any = Tous
staff-prev-filters = Filtrer
staff-prev-filter-submit = Filtrer
staff-prev-month = Mois
staff-prev-month-hint = Au format AAAA-MM, par exemple 2026-03.
staff-prev-not-given = Non renseigné
staff-prev-facilitators-hint = Les comptes de l'équipe de prévention.
staff-prev-done-structure-added = La structure est ajoutée.
staff-prev-done-structure-edited = La structure est modifiée.
staff-prev-done-programme-added = Le programme est ajouté.
staff-prev-done-programme-edited = Le programme est modifié.
staff-prev-done-session-recorded = La séance est enregistrée.
staff-prev-errors-intro = Le formulaire n'est pas enregistré. Corrigez :
staff-prev-error-line = { $field } : { $message }
staff-prev-error-name = Indiquez le nom.
staff-prev-error-choose = Choisissez dans la liste.
staff-prev-error-unknown = Choisissez l'une des propositions de la liste.
staff-prev-error-too-long = Ce texte est trop long : raccourcissez-le.
staff-prev-error-audiences = Cochez au moins un public.
staff-prev-error-cycle = Indiquez un nombre entier de séances, de 1 à 40.
staff-prev-error-count = Indiquez un nombre entier de 0 à 500, ou laissez la case vide.
staff-prev-error-too-many = Une séance compte au plus 1000 participants : vérifiez les nombres.
staff-prev-error-day = Indiquez une date au format AAAA-MM-JJ, dans les cinq dernières années ou l'année qui vient.
staff-prev-error-future = Une séance réalisée ne peut pas être à venir : corrigez la date, ou décochez « La séance a eu lieu ».
staff-prev-error-not-delivered = Une séance qui n'a pas eu lieu ne compte aucun participant : videz les nombres, ou cochez « La séance a eu lieu ».
staff-prev-error-no-participants = Une séance réalisée compte au moins un participant : indiquez les nombres.
staff-prev-error-email = Indiquez une adresse de courriel (nom@domaine.fr), ou laissez vide.
staff-prev-error-phone = Indiquez un numéro de téléphone (chiffres, espaces, points ou tirets), ou laissez vide.
staff-prev-error-quartier = Ce quartier n'est pas dans l'arrondissement choisi : choisissez-en un de cet arrondissement, ou aucun.
staff-prev-structures-title = Structures
staff-prev-structures-intro = Écoles, collèges, lycées, centres sociaux, maisons des jeunes, clubs et associations où l'équipe intervient. Le contact de chaque structure est chiffré et n'est lu que par l'équipe de prévention ; chaque lecture est inscrite au journal.
staff-prev-structures-count = { $count ->
    [0] Aucune structure.
    [one] Une structure.
   *[other] { $count } structures.
}
staff-prev-structures-empty = Aucune structure pour l'instant.
staff-prev-structure-title = Structure
staff-prev-structure-new = Ajouter une structure
staff-prev-structure-add = Ajouter la structure
staff-prev-structure-edit = Modifier la structure
staff-prev-structure-altered = Cette structure a été modifiée en dehors de vigie : son contact chiffré ne correspond plus. Prévenez l'administrateur.
staff-prev-structure-form-intro = Le nom, le type et le lieu servent aux listes et aux bilans. Le contact est chiffré : seule l'équipe de prévention le lit.
staff-prev-structure-fieldset-what = La structure
staff-prev-structure-fieldset-where = Où
staff-prev-structure-name = Nom
staff-prev-structure-name-hint = Le nom de l'établissement ou de la structure, jamais celui d'une personne.
staff-prev-structure-kind = Type
staff-prev-structure-place = Lieu
staff-prev-structure-district = Arrondissement
staff-prev-structure-neighbourhood = Quartier
staff-prev-structure-neighbourhood-hint = Facultatif ; il doit être dans l'arrondissement choisi.
staff-prev-structure-neighbourhood-none = Non précisé
staff-prev-structure-qpv = En quartier prioritaire (QPV)
staff-prev-structure-qpv-hint = Un quartier prioritaire de la politique de la ville.
staff-prev-structure-active = L'équipe travaille avec cette structure
staff-prev-structure-contact = Contact
staff-prev-structure-contact-hint = Chiffré : seule l'équipe de prévention le lit, et chaque lecture est inscrite au journal.
staff-prev-structure-person = Personne à contacter
staff-prev-structure-role = Fonction
staff-prev-structure-phone = Téléphone
staff-prev-structure-email = Courriel
staff-prev-structure-notes = Notes
staff-prev-kind-ecole = École
staff-prev-kind-college = Collège
staff-prev-kind-lycee = Lycée
staff-prev-kind-social-centre = Centre social
staff-prev-kind-youth-centre = Maison des jeunes, centre d'animation
staff-prev-kind-sports-club = Club sportif
staff-prev-kind-association = Association
staff-prev-programmes-title = Programmes
staff-prev-programmes-intro = Les programmes d'ateliers : leur thème, leur public, le nombre de séances d'un cycle, qui les anime, et le financeur ou l'action de la stratégie territoriale (STSPD) à laquelle ils répondent.
staff-prev-programmes-empty = Aucun programme pour l'instant.
staff-prev-programme-new = Ajouter un programme
staff-prev-programme-add = Ajouter le programme
staff-prev-programme-edit = Modifier le programme
staff-prev-programme-form-intro = Un programme ne contient aucune donnée personnelle.
staff-prev-programme-name = Nom
staff-prev-programme-theme = Thème
staff-prev-programme-audiences = Public
staff-prev-programme-cycle-sessions = Séances par cycle
staff-prev-programme-cycle-hint = Un nombre entier, de 1 à 40.
staff-prev-programme-facilitators = Animation
staff-prev-programme-funder = Financeur ou action STSPD
staff-prev-programme-funder-hint = Par exemple « Fiche action STSPD 2.1 » ou le nom du financeur.
staff-prev-programme-active = Ce programme est proposé
staff-prev-theme-drugs = Risques des drogues
staff-prev-theme-lookouts = Recrutement comme guetteur, « jobs »
staff-prev-theme-online = Recrutement en ligne
staff-prev-theme-parents = Soutien aux parents
staff-prev-theme-professionals = Formation des professionnels
staff-prev-audience-9-11 = 9-11 ans
staff-prev-audience-12-14 = 12-14 ans
staff-prev-audience-15-18 = 15-18 ans
staff-prev-audience-parents = Parents
staff-prev-audience-professionals = Professionnels
staff-prev-sessions-title = Séances
staff-prev-sessions-intro = Les séances réalisées ou prévues, les plus récentes d'abord. Les participants sont des nombres, jamais des noms.
staff-prev-sessions-count = { $count ->
    [0] Aucune séance ne correspond.
    [one] Une séance.
   *[other] { $count } séances.
}
staff-prev-sessions-empty = Aucune séance ne correspond.
staff-prev-session-new = Enregistrer une séance
staff-prev-session-add = Enregistrer la séance
staff-prev-session-planned = Non (prévue ou annulée)
staff-prev-session-fieldset-what = La séance
staff-prev-session-day = Date
staff-prev-session-day-hint = Au format AAAA-MM-JJ. Une séance à venir est enregistrée comme prévue.
staff-prev-session-structure = Structure
staff-prev-session-programme = Programme
staff-prev-session-facilitators = Animation
staff-prev-session-delivered = Réalisée
staff-prev-session-delivered-field = La séance a eu lieu
staff-prev-session-delivered-hint = Décochez pour une séance prévue ou annulée : elle ne compte alors aucun participant.
staff-prev-session-counts = Participants, par âge et par sexe
staff-prev-session-counts-hint = Des nombres entiers de 0 à 500 ; une case vide compte zéro.
staff-prev-counts-only-title = Des nombres seulement
staff-prev-counts-only = N'écrivez jamais le nom d'un enfant ni aucune donnée personnelle : ce formulaire ne demande que des nombres de participants.
