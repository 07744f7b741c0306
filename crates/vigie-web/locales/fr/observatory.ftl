# L'observatoire public : tableau de bord, méthodologie, éditions, données ouvertes.

obs-title = Observatoire
obs-heading = Observatoire du narcotrafic à Marseille
obs-intro = Chaque mois, l'association publie le nombre de faits liés au trafic de stupéfiants recensés à Marseille : signalements vérifiés, presse, police, justice, observation de terrain. Aucun chiffre ne permet de reconnaître une personne.
obs-subnav-label = Pages de l'observatoire
obs-nav-dashboard = Tableau de bord
obs-nav-methodology = Méthodologie
obs-nav-editions = Éditions
obs-nav-data = Données ouvertes
obs-methodology-link = Comment les chiffres sont établis (méthodologie)
obs-data-dictionary-link = Description des colonnes, des codes et de l'API

# Mois et dates.
obs-month-1 = janvier
obs-month-2 = février
obs-month-3 = mars
obs-month-4 = avril
obs-month-5 = mai
obs-month-6 = juin
obs-month-7 = juillet
obs-month-8 = août
obs-month-9 = septembre
obs-month-10 = octobre
obs-month-11 = novembre
obs-month-12 = décembre
obs-month-label = { $name } { $year }
obs-date = { $day } { $name } { $year }

# Catégories (mêmes codes que les données ouvertes).
obs-category-total = Toutes catégories
obs-category-deal-point = Points de deal
obs-category-lookouts-minors = Guetteurs, recrutement de mineurs
obs-category-threats = Menaces, intimidation
obs-category-violence = Violences, règlements de comptes
obs-category-hall-occupation = Occupation de halls, squats
obs-category-online = Trafic en ligne
obs-category-corruption = Corruption
obs-category-other = Autres faits
obs-category-homicide = Homicides liés au trafic
obs-category-attempted-homicide = Tentatives d'homicide liées au trafic
obs-category-seizure = Saisies (drogue, armes, avoirs)
obs-category-deal-point-closure = Fermetures de points de deal

obs-level-arrondissement = Arrondissements
obs-level-quartier = Quartiers
obs-level-arrondissement-plural = arrondissements
obs-level-quartier-plural = quartiers

# Édition affichée.
obs-edition-line = Édition { $edition }, publiée le { $date }. Elle couvre les mois de { $first } à { $last }.
obs-edition-correction = Cette édition corrige l'édition { $supersedes } : { $changelog }
obs-edition-older = Vous consultez une édition antérieure.
obs-edition-latest-link = Voir l'édition la plus récente ({ $edition })
obs-edition-choice-correction = { $edition }, correction

# Filtres.
obs-filters-title = Choisir ce qui est affiché
obs-filter-month = Mois
obs-filter-category = Catégorie
obs-filter-level = Découpage de la carte
obs-filter-submit = Afficher
obs-filter-edition = Édition
obs-filter-edition-submit = Changer d'édition
obs-category-links-label = Catégories
obs-month-links-label = Mois voisins
obs-month-previous = Mois précédent : { $month }
obs-month-next = Mois suivant : { $month }

# Chiffres masqués et bruit.
obs-suppressed-title = Que signifie « < { $k } » ?
obs-suppressed-text = Un chiffre affiché « < { $k } » n'est pas publié. Soit il compte moins de { $k } faits ou moins de { $k } personnes, soit il est masqué pour qu'on ne puisse pas le retrouver à partir des autres chiffres (par différence avec un total). Sur les graphiques et la carte, ces valeurs sont hachurées.
obs-suppressed-label = < { $k }, non publié
obs-noise-note = Chaque chiffre publié a reçu un petit bruit aléatoire (confidentialité différentielle, epsilon = { $epsilon }), tiré une seule fois puis figé.
obs-change-none = non calculable

# Chiffres clés.
obs-total-label = faits recensés à Marseille en { $month }, toutes catégories confondues
obs-figures-title = Chiffres clés, { $month }
obs-figures-caption = Faits recensés à Marseille en { $month } par catégorie, comparés au mois précédent
obs-figures-summary-change = En { $month }, { $total } faits ont été recensés à Marseille, toutes catégories confondues ({ $change } par rapport à { $previous }).
obs-figures-summary = En { $month }, { $total } faits ont été recensés à Marseille, toutes catégories confondues.
obs-figures-summary-hidden = En { $month }, le total des faits recensés à Marseille n'est pas publié (moins de { $k }).
obs-col-category = Catégorie
obs-col-change = Évolution
obs-col-month = Mois
obs-col-count = Faits
obs-col-area = Zone
obs-col-code = Code
obs-col-year = Année
obs-col-label = Libellé

# Série mensuelle.
obs-series-title = Évolution mensuelle : { $category }
obs-series-caption = Faits recensés à Marseille chaque mois : { $category }
obs-series-summary = De { $first } à { $last }, le nombre mensuel de faits ({ $category }) a varié entre { $min } et { $max } ; en { $last } : { $latest }.
obs-series-summary-none = De { $first } à { $last }, aucun chiffre mensuel ({ $category }) n'est publiable : tous sont sous le seuil.

# Par catégorie.
obs-bars-title = Par catégorie, { $month }
obs-bars-caption = Faits recensés à Marseille en { $month }, par catégorie
obs-bars-summary = En { $month }, la catégorie la plus fréquente est « { $category } » ({ $count } faits) ; { $hidden ->
    [0] aucune catégorie n'est masquée.
    [one] une catégorie est masquée (< { $k }).
   *[other] { $hidden } catégories sont masquées (< { $k }).
}
obs-bars-summary-none = En { $month }, aucune catégorie n'a de chiffre publiable (toutes sont sous { $k } ou masquées).

# Carte.
obs-map-title = Carte par { $level } : { $category }, { $month }
obs-map-caption = Faits recensés en { $month } par zone
obs-map-legend = Faits, { $month }
obs-map-no-data = pas de donnée
obs-map-attribution = Contours : IGN / INSEE, quartiers agrégés par J. Gombin — Licence Ouverte 2.0
obs-map-summary = Carte des { $level } de Marseille ({ $category }, { $month }) : le plus grand nombre de faits est à « { $area } » ({ $count }) ; { $hidden ->
    [0] aucune zone n'est masquée.
    [one] une zone sur { $all } est masquée (< { $k }), hachurée.
   *[other] { $hidden } zones sur { $all } sont masquées (< { $k }), hachurées.
}
obs-map-summary-none = Carte des { $level } de Marseille ({ $category }, { $month }) : aucune des { $all } zones n'a de chiffre publiable ({ $hidden } masquées, < { $k }).
obs-map-quartier-notice = Les chiffres par quartier sont publiés seulement pour l'ensemble des catégories. Pour « { $category } », la carte montre donc les arrondissements.

# Repères officiels.
obs-context-title = Repères officiels
obs-context-intro = Ces séries de la statistique publique donnent un ordre de grandeur. Elles ne comptent pas les mêmes faits que l'observatoire et couvrent un autre territoire.

# Téléchargements.
obs-context-latest-title = Dernières valeurs connues
obs-context-caption = Séries officielles, { $territory } : dernière année connue et année précédente
obs-context-summary = { $count } séries de la statistique publique pour { $territory }, avec leur dernière année connue et l'évolution sur un an ; les séries complètes sont dans les données de l'édition.
obs-context-source = Sources : { $source }
obs-context-territories = plusieurs territoires
obs-col-indicator = Indicateur
obs-col-value = Nombre
obs-col-year-before = Année précédente

obs-downloads-title = Télécharger les données de cette édition
obs-download-series-csv = Séries mensuelles par zone (CSV)
obs-download-series-json = Séries mensuelles par zone (JSON)
obs-download-areas-csv = Dernier mois par zone (CSV)
obs-download-areas-json = Dernier mois par zone (JSON)
obs-download-areas-geojson = Dernier mois par zone, avec les contours (GeoJSON)
obs-licence-line = Données publiées sous { $licence }. Pour les citer : « vigie, observatoire, édition { $edition } ».

# Pas encore d'édition.
obs-empty-title = Aucune édition publiée pour l'instant
obs-empty-text = L'observatoire publie ses chiffres une fois par mois, quand le mois est terminé. La première édition n'est pas encore parue.

# Paramètre refusé.
obs-bad-title = Adresse incorrecte
obs-bad-invalid = Le paramètre « { $parameter } » de l'adresse n'a pas une valeur acceptée.
obs-bad-unknown = Le paramètre « { $parameter } » n'existe pas pour cette page.
obs-bad-repeated = Le paramètre « { $parameter } » est donné plusieurs fois dans l'adresse.
obs-bad-allowed = Valeurs acceptées :
obs-bad-back = Revenir au tableau de bord

# Méthodologie.
obs-method-title = Méthodologie
obs-method-intro = Comment l'observatoire compte, ce qu'il publie, et ce qu'il ne publie jamais.
obs-method-sources-title = Sources
obs-method-sources-text = Chaque fait compté est un « incident » enregistré par l'association : une catégorie, un arrondissement (et si possible un quartier), un mois, un nombre de faits et le nombre de signalements, de dossiers ou de personnes qu'il représente. Il provient de l'une de ces sources :
obs-method-review = Un signalement ne devient un incident qu'après qualification par l'équipe, puis relecture par un·e analyste. Les analystes ne lisent jamais les signalements eux-mêmes.
obs-method-definitions-title = Définitions
obs-method-definitions-text = Les catégories publiées, avec leur code dans les données ouvertes :
obs-method-areas = Zones : les 16 arrondissements de Marseille (codes INSEE 13201 à 13216) et ses 111 quartiers (codes à sept chiffres, 1320101 par exemple). Les chiffres par quartier sont publiés toutes catégories confondues seulement.
obs-method-months = Mois : mois civils à l'heure de Marseille. Un mois n'est publié qu'une fois terminé.
obs-method-threshold-title = Seuil de publication
obs-method-threshold-text = Un chiffre qui compte moins de { $k } faits, ou des faits venant de moins de { $k } signalements, dossiers ou personnes, n'est pas publié : il apparaît « < { $k } ». Zéro est traité de la même façon, pour qu'une absence ne se remarque pas.
obs-method-secondary-text = D'autres chiffres sont masqués en plus (masquage secondaire), pour qu'on ne puisse pas retrouver un chiffre caché en le calculant par différence : un total moins les autres cases, un arrondissement moins ses quartiers, une édition moins la précédente.
obs-method-audit-text = Avant chaque publication, un calcul vérifie, pour chaque chiffre masqué, l'intervalle de valeurs que les chiffres publiés permettent encore : il doit rester au moins aussi large que le seuil. Sinon la publication est refusée.
obs-method-noise-title = Bruit aléatoire
obs-method-noise-on = Chaque chiffre publié reçoit un petit bruit aléatoire (confidentialité différentielle, mécanisme de Laplace discret, epsilon = { $epsilon } par chiffre). Les totaux peuvent donc différer légèrement de la somme de leurs parties.
obs-method-noise-off = Les chiffres publiés par cette instance ne reçoivent pas de bruit aléatoire : ils sont exacts, au masquage près.
obs-method-noise-frozen = Quand du bruit est utilisé, il est tiré une seule fois par chiffre puis figé : republier un mois ne permet pas d'en faire la moyenne.
obs-method-editions-title = Éditions et corrections
obs-method-editions-text = Chaque mois paraît une édition : elle reprend sans les changer les mois déjà publiés et ajoute le mois écoulé. Une édition ne change jamais. Si un fait arrive en retard, une correction paraît comme une nouvelle édition, avec une ligne qui dit ce qui a changé ; les éditions précédentes restent consultables.
obs-method-never-title = Ce qui n'est jamais publié
obs-method-never-reports = le contenu des signalements, des messages, des pièces jointes ;
obs-method-never-people = toute information sur une personne : nom, contact, âge, adresse ;
obs-method-never-places = les lieux précis, les dates et les heures exactes (seuls le mois et la zone sont publiés) ;
obs-method-never-references = les références des sources (articles, communiqués) enregistrées par les analystes ;
obs-method-never-small = les chiffres sous le seuil de { $k } et ceux qui permettraient de les retrouver ;
obs-method-never-residual = le nombre de faits d'un arrondissement qui ne sont rattachés à aucun quartier.
obs-method-context-title = Repères et cartes
obs-method-context-text = Les repères officiels (statistiques du ministère de l'Intérieur, SSMSI) sont repris tels quels, avec leur source et leur licence. Ils ne se comparent pas directement aux chiffres de l'observatoire.

obs-define-total = Tous les faits recensés, toutes catégories confondues.
obs-define-deal-point = Un lieu de vente de stupéfiants signalé ou constaté.
obs-define-lookouts-minors = Guetteurs, « choufs », et enrôlement de mineurs dans le trafic.
obs-define-threats = Menaces, pressions, intimidations liées au trafic.
obs-define-violence = Violences physiques liées au trafic, règlements de comptes sans décès.
obs-define-hall-occupation = Halls, cages d'escalier ou logements occupés par le trafic.
obs-define-online = Vente ou recrutement par messageries et réseaux sociaux.
obs-define-corruption = Corruption ou complicité liée au trafic.
obs-define-other = Faits liés au trafic qui n'entrent dans aucune autre catégorie.
obs-define-homicide = Homicides dont le lien avec le trafic est établi par les sources.
obs-define-attempted-homicide = Tentatives d'homicide dont le lien avec le trafic est établi par les sources.
obs-define-seizure = Saisies de drogue, d'armes ou d'avoirs annoncées par les autorités.
obs-define-deal-point-closure = Points de deal démantelés ou fermés, annoncés par les autorités ou constatés.

obs-source-report = signalements d'habitants, qualifiés par l'équipe
obs-source-press = presse
obs-source-police = chiffres et communiqués de police
obs-source-association = observation de terrain de l'association
obs-source-court = décisions et audiences de justice

# Historique des éditions.
obs-editions-title = Éditions
obs-editions-intro = Toutes les éditions publiées, de la plus récente à la plus ancienne. Une édition ne change jamais : une correction est une nouvelle édition.
obs-editions-caption = Éditions publiées, avec leurs corrections et leurs fichiers
obs-col-edition = Édition
obs-col-period = Dernier mois couvert
obs-col-published = Publiée le
obs-col-correction = Correction
obs-col-files = Fichiers
obs-editions-first = Première publication de ce mois
obs-editions-corrects = Corrige l'édition { $supersedes } : { $changelog }
obs-editions-api = La même liste au format JSON

# Données ouvertes.
obs-data-title = Données ouvertes
obs-data-intro = Les chiffres de chaque édition sont téléchargeables en CSV, JSON et GeoJSON, sans inscription ni clé, et décrits ici colonne par colonne.
obs-data-files-title = Adresses
obs-data-files-text = Toutes les adresses répondent à une simple requête GET, depuis n'importe quel site (CORS ouvert). Les fichiers d'une édition ne changent jamais.
obs-data-url-list = la liste des éditions, de la plus récente à la plus ancienne (identifiant, mois, date de publication, licence) ;
obs-data-url-edition = une édition : seuil, bruit, mois couverts, corrections, chiffres clés, repères officiels, liens vers ses fichiers ;
obs-data-url-series = les séries mensuelles de tous les mois de l'édition, par arrondissement et par quartier ;
obs-data-url-areas = un mois par zone (par défaut le dernier mois de l'édition) ; le GeoJSON ajoute les contours ;
obs-data-url-openapi = la description complète de l'API (OpenAPI 3).
obs-data-url-catalog = le catalogue DCAT-AP (JSON-LD) de toutes les éditions publiées, avec la licence, la taille et l'empreinte SHA-256 de chaque fichier : c'est l'adresse à donner à data.gouv.fr ou à un autre portail de données ouvertes pour qu'il moissonne ces chiffres.
obs-data-examples-title = Exemples
obs-data-example-series = les totaux mensuels par arrondissement.
obs-data-example-range = les points de deal, de janvier à juin 2026.
obs-data-example-map = la carte des quartiers du dernier mois.
obs-data-params = Filtres : category (total ou un code de catégorie), level (arrondissement ou quartier), from et to (mois AAAA-MM) pour les séries, month (AAAA-MM) pour les zones.
obs-data-errors = Un paramètre incorrect donne une erreur 400, une édition inconnue une erreur 404, toujours sous cette forme :
obs-data-columns-title = Colonnes
obs-data-columns-caption = Colonnes des fichiers CSV, JSON et GeoJSON
obs-col-column = Colonne
obs-col-type = Type
obs-col-meaning = Signification
obs-col-example = Exemple
obs-data-type-text = texte
obs-data-type-code = code
obs-data-type-month = mois AAAA-MM
obs-data-type-count = entier ou vide
obs-data-type-boolean = true ou false
obs-data-col-area-code = Code de la zone : code INSEE de l'arrondissement (13201 à 13216) ou code du quartier (sept chiffres).
obs-data-col-area-level = Niveau de la zone : arrondissement ou quartier.
obs-data-col-category = Code de la catégorie, ou total pour toutes les catégories ensemble.
obs-data-col-period = Le mois compté.
obs-data-col-count = Le nombre de faits publié ; vide (CSV) ou null (JSON) quand il est masqué.
obs-data-col-suppressed = true quand le chiffre est masqué (publié « < k », k étant le seuil de l'édition).
obs-data-col-edition = L'édition dont vient la ligne (CSV seulement ; en tête de fichier en JSON et GeoJSON).
obs-data-col-licence = La licence des données (CSV seulement ; en tête de fichier en JSON et GeoJSON).
obs-data-formats-title = Formats
obs-data-format-csv = CSV : RFC 4180, UTF-8 sans BOM, séparateur virgule, fins de ligne CRLF, une ligne d'en-tête ; nombre vide quand il est masqué ; true ou false.
obs-data-format-json = JSON : un objet qui nomme l'édition, le mois, la date de publication, la licence, le seuil k, et contient les lignes (rows) ; null quand un nombre est masqué.
obs-data-format-geojson = GeoJSON (RFC 7946, WGS 84) : une entité par ligne, avec les mêmes propriétés et le nom de la zone ; l'édition et la licence en tête.
obs-data-codes-title = Listes de codes
obs-data-categories-caption = Catégories (colonne category)
obs-data-levels-caption = Niveaux (colonne area_level)
obs-level-arrondissement-text = un des 16 arrondissements de Marseille
obs-level-quartier-text = un des 111 quartiers de Marseille (chiffres toutes catégories confondues seulement)
obs-data-arrondissements-caption = Arrondissements (colonne area_code)
obs-data-quartiers-summary = Les 111 quartiers et leurs codes
obs-data-quartiers-caption = Quartiers (colonne area_code)
obs-data-licence-title = Licence
obs-data-licence-text = Les données sont publiées sous { $licence } : vous pouvez les réutiliser librement, y compris commercialement, en citant la source (« vigie, observatoire ») et l'édition.
obs-data-licence-url = Texte de la licence :
obs-other-editions-title = Autres éditions
obs-other-editions-link = Toutes les éditions et leurs corrections
