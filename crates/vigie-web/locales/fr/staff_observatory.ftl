## L'observatoire côté équipe : l'espace des analystes (/espace/observatoire) et la qualification
## d'un signalement en incident par l'équipe qui le traite. Toutes les clés commencent par staff-obs-.

staff-obs-title = Observatoire
staff-obs-intro = Les analystes enregistrent des incidents tirés de sources extérieures, revoient ceux que les équipes qualifient à partir des signalements, puis publient chaque mois une édition sous contrôle de la divulgation. Les signalements eux-mêmes ne sont jamais visibles ici.
staff-obs-back-overview = Retour à l'observatoire
staff-obs-back-list = Retour à la liste des incidents
staff-obs-month-label = { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
  } { $year }

# Vue d'ensemble
staff-obs-review-heading = À revoir
staff-obs-to-review = { $count ->
    [0] Aucun incident n'attend de revue.
    [one] 1 incident attend votre revue.
   *[other] { $count } incidents attendent votre revue.
  }
staff-obs-to-review-link = Voir les incidents à revoir
staff-obs-latest = Dernière édition
staff-obs-latest-none = Aucune édition n'a encore été publiée.
staff-obs-edition-id = Identifiant
staff-obs-edition-period = Période couverte jusqu'à
staff-obs-edition-published = Publiée le
staff-obs-edition-public-link = Voir la page publique de l'observatoire
staff-obs-next = Prochaine publication
staff-obs-next-month = Le prochain mois publiable est { $month }.
staff-obs-next-wait = { $month } pourra être publié une fois le mois terminé.
staff-obs-next-nothing = Aucun incident n'est encore accepté : il n'y a rien à publier.
staff-obs-links = Pages de l'observatoire
staff-obs-link-incidents = Liste des incidents
staff-obs-link-new = Enregistrer un incident
staff-obs-link-publish = Publier une édition ou une correction
staff-obs-link-context = Importer des séries officielles (SSMSI)

# Codes
staff-obs-category-deal-point = Point de deal
staff-obs-category-lookouts-minors = Guetteurs, recrutement de mineurs
staff-obs-category-threats = Menaces, intimidation
staff-obs-category-violence = Violences, règlement de comptes
staff-obs-category-hall-occupation = Occupation de hall, squat
staff-obs-category-online = Trafic en ligne
staff-obs-category-corruption = Corruption
staff-obs-category-other = Autre
staff-obs-category-homicide = Homicide lié au trafic
staff-obs-category-attempted-homicide = Tentative d'homicide liée au trafic
staff-obs-category-seizure = Saisie (drogue, armes, avoirs)
staff-obs-category-deal-point-closure = Fermeture de point de deal
staff-obs-source-report = Signalement
staff-obs-source-press = Presse
staff-obs-source-police = Police (chiffres ou communiqué)
staff-obs-source-association = Observation de l'association
staff-obs-source-court = Justice (décision ou audience)
staff-obs-status-proposed = Proposé, à revoir
staff-obs-status-accepted = Accepté
staff-obs-status-rejected = Rejeté

# Le formulaire d'incident
staff-obs-notice-title = Aucune donnée personnelle, aucun nom.
staff-obs-notice = N'inscrivez ni nom, ni surnom, ni adresse, ni aucun détail qui permette de reconnaître une personne, dans aucun champ. La référence de la source sert aux seuls analystes et n'est jamais publiée. Aucun texte libre n'est publié : seuls la catégorie, la zone, le mois et les nombres entrent dans les chiffres publics, sous contrôle de la divulgation.
staff-obs-errors-intro = Le formulaire contient des erreurs ; rien n'a été enregistré. Corrigez :
staff-obs-fieldset-what = Quoi
staff-obs-fieldset-where = Où
staff-obs-fieldset-when = Quand et combien
staff-obs-choose = Choisir…
staff-obs-field-category = Catégorie
staff-obs-field-source = Type de source
staff-obs-source-fixed = Type de source : { $source } (ne change pas)
staff-obs-field-district = Arrondissement
staff-obs-field-neighbourhood = Quartier (facultatif)
staff-obs-field-neighbourhood-hint = Un quartier de l'arrondissement choisi. Laissez « non précisé » en cas de doute : une zone trop fine n'est de toute façon pas publiée en dessous du seuil.
staff-obs-field-neighbourhood-none = Non précisé
staff-obs-field-month = Mois
staff-obs-field-month-hint = Au format AAAA-MM, par exemple 2026-03 : un mois passé ou le mois en cours.
staff-obs-field-count = Nombre de faits
staff-obs-field-count-hint = Un nombre entier de 1 à 10 000.
staff-obs-field-contributors = Nombre de contributeurs
staff-obs-field-contributors-hint = Combien de signalements, de dossiers ou de personnes ces faits représentent (de 1 à 10 000). Une case qui compte moins de k contributeurs n'est jamais publiée telle quelle.
staff-obs-field-reference = Référence de la source (facultative)
staff-obs-field-reference-hint = Par exemple le titre et la date d'un article, le numéro d'un communiqué : de quoi retrouver la source. Réservée aux analystes, jamais publiée ; 300 caractères au plus.
staff-obs-error-category = Choisissez une catégorie dans la liste.
staff-obs-error-district = Choisissez un arrondissement dans la liste.
staff-obs-error-neighbourhood = Choisissez un quartier dans la liste, ou « non précisé ».
staff-obs-error-neighbourhood-district = Ce quartier n'est pas dans l'arrondissement choisi.
staff-obs-error-month = Écrivez le mois au format AAAA-MM, par exemple 2026-03.
staff-obs-error-month-future = Ce mois n'est pas encore arrivé : un incident est un fait qui a eu lieu.
staff-obs-error-number = Un nombre entier de 1 à 10 000.
staff-obs-error-source = Choisissez un type de source dans la liste.
staff-obs-error-source-report = Les incidents tirés d'un signalement sont qualifiés depuis la page du signalement.
staff-obs-error-reference = 300 caractères au plus.

# Liste
staff-obs-incidents-title = Incidents
staff-obs-incidents-intro = Tous les incidents, du mois le plus récent au plus ancien. Seuls les incidents acceptés comptent dans les éditions.
staff-obs-filters = Filtres
staff-obs-any = Indifférent
staff-obs-filter-month-hint = AAAA-MM
staff-obs-filter-submit = Filtrer
staff-obs-count = { $count ->
    [0] Aucun incident.
    [one] 1 incident.
   *[other] { $count } incidents.
  }
staff-obs-empty = Aucun incident ne correspond.
staff-obs-col-month = Mois
staff-obs-col-category = Catégorie
staff-obs-col-area = Zone
staff-obs-col-count = Faits
staff-obs-col-contributors = Contributeurs
staff-obs-col-source = Source
staff-obs-col-status = Statut

# Enregistrer, revoir, corriger
staff-obs-new-title = Enregistrer un incident
staff-obs-new-intro = Un incident tiré d'une source extérieure (presse, police, association, justice) compte dès son enregistrement. Les incidents tirés des signalements sont qualifiés par l'équipe qui les traite, puis revus ici.
staff-obs-record-submit = Enregistrer l'incident
staff-obs-incident-heading = Incident : { $category }, { $month }
staff-obs-facts = Ce qui est enregistré
staff-obs-reference = Référence (analystes seulement)
staff-obs-reference-none = Aucune
staff-obs-recorded-by = Enregistré par
staff-obs-origin-report = Qualifié à partir d'un signalement par l'équipe qui le traite. Le contenu du signalement n'est pas visible depuis l'observatoire.
staff-obs-review = Revue
staff-obs-review-hint = Seuls les incidents acceptés comptent, à partir de la prochaine édition (un mois déjà publié ne change que par une correction publiée).
staff-obs-accept = Accepter l'incident
staff-obs-reject = Rejeter l'incident
staff-obs-correct = Corriger
staff-obs-correct-hint = Une correction ne change pas les éditions déjà publiées : un mois publié ne change que par une correction publiée.
staff-obs-correct-submit = Enregistrer la correction
staff-obs-done-recorded = Incident enregistré.
staff-obs-done-corrected = Correction enregistrée.
staff-obs-done-accepted = Incident accepté : il comptera dans la prochaine édition.
staff-obs-done-rejected = Incident rejeté : il ne sera pas compté.

# Publier
staff-obs-publish-title = Publier une édition
staff-obs-publish-intro = Une édition publie les mois terminés depuis la précédente. Chaque mois n'est publié qu'une fois, puis figé : les éditions suivantes le reprennent tel quel, et seule une correction publiée peut le changer.
staff-obs-publish-rules = Contrôle de la divulgation : toute case (zone, catégorie, mois) qui compte moins de k = { $k } faits ou contributeurs est publiée « moins de { $k } », et d'autres cases sont masquées pour qu'on ne la retrouve pas par différence avec les totaux, les quartiers ou les éditions précédentes. Un audit par intervalles vérifie ensuite que chaque case masquée reste assez imprécise : il peut masquer davantage de cases.
staff-obs-publish-noise = Un bruit de confidentialité différentielle (epsilon { $epsilon } par case) est tiré une fois par case, puis figé.
staff-obs-publish-edition = Publier la prochaine édition
staff-obs-publish-month = Dernier mois couvert
staff-obs-publish-month-hint = Un mois terminé, après la dernière édition. Tous les mois pas encore publiés jusqu'à celui-ci sont publiés ensemble.
staff-obs-publish-wait = La publication peut prendre une ou deux secondes.
staff-obs-publish-submit = Publier l'édition
staff-obs-correction = Publier une correction
staff-obs-correction-intro = Une correction publie à nouveau un mois de la dernière édition, à partir des incidents tels qu'ils sont maintenant, dans une nouvelle édition. L'édition précédente reste consultable.
staff-obs-correction-none = Aucune édition n'est encore publiée : il n'y a rien à corriger.
staff-obs-correction-month = Mois à corriger
staff-obs-changelog = Ce qui change (une ligne, publiée)
staff-obs-changelog-hint = Obligatoire : une ligne de 300 caractères au plus, publiée avec l'édition. Aucune donnée personnelle.
staff-obs-correction-submit = Publier la correction
staff-obs-published = Édition { $edition } publiée.
staff-obs-published-correction = Correction publiée : édition { $edition }.
staff-obs-published-cells = { $month } : { $suppressed ->
    [0] aucune case masquée
    [one] { $suppressed } case masquée
   *[other] { $suppressed } cases masquées
  } sur { $cells }.
staff-obs-published-link = Voir le tableau de bord public
staff-obs-publish-error-month = Choisissez un mois dans la liste (AAAA-MM).
staff-obs-publish-error-not-over = { $month } n'est pas terminé : une édition ne couvre que des mois terminés.
staff-obs-publish-error-already = { $month } est déjà publié (dernière édition { $edition }) : publiez un mois plus récent, ou une correction.
staff-obs-publish-error-changelog = Une correction dit ce qui change : écrivez-le en une ligne.
staff-obs-publish-error-changelog-long = Ce qui change tient en une seule ligne de 300 caractères au plus.
staff-obs-publish-error-nothing-to-correct = Aucune édition n'est encore publiée : il n'y a rien à corriger.
staff-obs-publish-error-not-covered = { $month } n'est pas couvert par la dernière édition.
staff-obs-publish-error-nothing = Aucun incident n'est encore accepté : il n'y a rien à publier.
staff-obs-publish-error-concurrent = Une autre édition a été publiée au même moment : rechargez la page, puis réessayez.
staff-obs-publish-error-audit = L'audit par intervalles refuse cette publication : { $cells } case(s) masquée(s) resteraient trop précises. Rien n'a été publié.
staff-obs-publish-error-rules = Les règles de divulgation de cette instance sont invalides (configuration à corriger) : { $detail }
staff-obs-publish-error-input = Les chiffres de ce mois ne peuvent pas être publiés tels quels : { $detail }
staff-obs-publish-error-correction = Cette correction ne peut pas être faite : { $detail }

# Séries officielles
staff-obs-context-title = Séries officielles
staff-obs-context-intro = Les séries officielles (SSMSI : délinquance enregistrée par département et par an) sont montrées à côté de nos chiffres, avec leur source et leur licence. Une série déjà présente (même indicateur, même unité, même territoire) est remplacée ; chaque édition reprend les séries présentes au moment de sa publication.
staff-obs-context-import = Importer un fichier
staff-obs-context-file = Fichier CSV du SSMSI (5 Mo au plus)
staff-obs-context-file-hint = Le fichier départemental publié sur data.gouv.fr, séparé par des virgules, avec les colonnes code_departement, annee, indicateur, unite_de_compte et nombre (taux_pour_mille et insee_pop facultatives).
staff-obs-context-paste = Ou collez le contenu du fichier
staff-obs-context-paste-hint = Utilisé seulement si aucun fichier n'est choisi.
staff-obs-context-territory = Territoire
staff-obs-context-source = Source
staff-obs-context-source-hint = Affichée avec les séries sur les pages publiques.
staff-obs-context-submit = Importer
staff-obs-context-done = { $count ->
    [one] { $count } série importée.
   *[other] { $count } séries importées.
  }
staff-obs-context-error-file = Fichier refusé :
staff-obs-context-error-line = Ligne { $line } du fichier :
staff-obs-context-error-line-column = Ligne { $line }, colonne { $column } :
staff-obs-context-error-fix = Rien n'a été importé : corrigez le fichier, puis envoyez-le à nouveau.
staff-obs-context-error-empty = Choisissez un fichier ou collez son contenu.
staff-obs-context-error-utf8 = Le fichier n'est pas du texte UTF-8 : enregistrez-le en CSV UTF-8, puis réessayez.
staff-obs-context-error-too-large = Le fichier dépasse 5 Mo : rien n'a été importé.
staff-obs-context-error-label = Obligatoire : une ligne de 200 caractères au plus.
staff-obs-context-series = Séries enregistrées
staff-obs-context-series-none = Aucune série n'est enregistrée.
staff-obs-context-col-indicator = Indicateur
staff-obs-context-col-unit = Unité de compte
staff-obs-context-col-territory = Territoire
staff-obs-context-col-years = Années
staff-obs-context-col-latest = Dernière valeur
staff-obs-context-col-source = Source et licence

# Qualifier un signalement (page d'un signalement)
staff-obs-qualify-title = Qualifier en incident
staff-obs-qualify-intro = Qualifier ce signalement en incident non identifiant : une catégorie, une zone, un mois et des nombres, rien d'autre. Un analyste le revoit avant qu'il ne compte ; il ne voit jamais le contenu du signalement.
staff-obs-qualify-submit = Qualifier en incident
staff-obs-qualify-done = Signalement qualifié en incident : un analyste va le revoir.
staff-obs-qualify-exists = Ce signalement est déjà qualifié : un seul incident par signalement.
staff-obs-qualify-qualified = Ce signalement est qualifié en incident :
staff-obs-qualify-status = Statut de l'incident
