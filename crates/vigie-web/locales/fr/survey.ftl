# /questionnaire: the pupils' anonymous impact survey (issue 12, item 4).
survey-title = Questionnaire
survey-lead = Tape le code imprimé sur ta fiche pour répondre au questionnaire. Il n'y a ni bonne ni mauvaise réponse.
survey-code = Code de la fiche
survey-code-hint = Douze lettres et chiffres, par exemple ABCD-EFGH-JKMN. Les tirets et les espaces ne comptent pas.
survey-open = Ouvrir le questionnaire
survey-anonymous = Le questionnaire est anonyme : personne ne te demande ton nom, et personne ne peut savoir qui a répondu quoi.
survey-error-empty = Tape le code imprimé sur ta fiche.
survey-error-shape = Ce n'est pas un code de fiche : vérifie les douze lettres et chiffres (il n'y a ni O, ni I, ni L, ni 0, ni 1).
survey-error-unknown = Ce code ne correspond à aucun questionnaire. Vérifie les lettres et les chiffres, ou demande une fiche à l'animateur.
survey-error-used = Ce code a déjà servi : on ne peut répondre qu'une fois avec chaque code.
survey-error-closed = Ce questionnaire est fermé : la date pour y répondre est passée.
survey-form-lead = Pour chaque phrase, choisis si tu es d'accord, de 1 (pas du tout d'accord) à 5 (tout à fait d'accord).
survey-form-code = Code :
survey-wave-before = avant les séances
survey-wave-after = après les séances
survey-wave-later = trois mois plus tard
survey-scale-hint = Tu peux laisser une phrase sans réponse.
survey-point-1 = 1 — pas du tout d'accord
survey-point-2 = 2 — plutôt pas d'accord
survey-point-3 = 3 — ni d'accord ni pas d'accord
survey-point-4 = 4 — plutôt d'accord
survey-point-5 = 5 — tout à fait d'accord
survey-error-point = Choisis un chiffre de 1 à 5, ou laisse la phrase sans réponse.
survey-errors-intro = Tes réponses n'ont pas été envoyées : vérifie les phrases signalées.
survey-send = Envoyer mes réponses
survey-done-title = Merci !
survey-done-lead = Tes réponses sont enregistrées. Merci d'avoir pris le temps de répondre.
survey-done-text = Ce code ne peut plus servir. Tu peux fermer cette page.
survey-help-title = Besoin de parler à quelqu'un ?
survey-help-intro = Si quelque chose t'inquiète, pour toi ou pour quelqu'un d'autre, ces numéros sont gratuits et ne demandent pas ton nom. En cas de danger immédiat, appelle le 17 ou le 112.
survey-statement-know_risks = Je connais les risques du trafic de drogue pour les jeunes.
survey-statement-recognise_recruitment = Je sais reconnaître quand quelqu'un essaie de faire travailler un jeune pour un réseau (guetteur, « job »).
survey-statement-can_refuse = Je me sens capable de refuser une proposition d'un réseau.
survey-statement-know_help = Je sais à qui parler ou qui appeler si j'ai besoin d'aide.
survey-statement-online_caution = Je sais me protéger des propositions reçues sur les réseaux sociaux.
survey-statement-future = J'imagine mon avenir loin du trafic.
# /espace/prevention/questionnaires: the coordinators' side of the surveys.
staff-survey-title = Questionnaires
staff-survey-intro = Chaque cycle de questionnaires suit un programme dans une structure : des fiches imprimées portent chacune un code pour « avant » et un pour « après » (et, si vous le choisissez, un pour « trois mois plus tard »), qui se répondent sans que personne ne sache qui a répondu.
staff-survey-new = Nouveau cycle de questionnaires
staff-survey-cycles = Cycles de questionnaires
staff-survey-programme = Programme
staff-survey-structure = Structure
staff-survey-closes = Fermeture
staff-survey-slips = Fiches imprimées
staff-survey-responses-all = Réponses (avant / après / trois mois)
staff-survey-empty = Aucun cycle de questionnaires pour le moment.
staff-survey-closed = fermé
staff-survey-results-title = Résultats
staff-survey-results-intro = Pour chaque phrase : les paires (une fiche répondue avant et après), les moyennes de 1 à 5 et l'évolution moyenne. Les moyennes ne s'affichent qu'à partir de { $k } paires, pour qu'on ne puisse pas retrouver les réponses d'un jeune.
staff-survey-programme-counts = { $name } : { $cycles ->
    [one] un cycle
   *[other] { $cycles } cycles
  }, { $pairs ->
    [0] aucune paire
    [one] une paire
   *[other] { $pairs } paires
  }
staff-survey-programme-few = { $name } : { $cycles ->
    [one] un cycle
   *[other] { $cycles } cycles
  }, moins de { $k } paires
staff-survey-statements-title = Phrases des questionnaires
staff-survey-statements-intro = Choisissez les phrases auxquelles les jeunes répondent de 1 à 5 pour chaque programme. Un nouveau cycle pose les phrases du moment ; un cycle déjà créé garde les siennes.
staff-survey-back = Retour aux questionnaires
staff-survey-back-cycle = Retour au cycle
staff-survey-new-intro = Un cycle suit un programme dans une structure jusqu'à sa date de fermeture. Vous imprimerez ensuite les fiches depuis sa page.
staff-survey-closes-hint = Dernier jour où les réponses en ligne sont acceptées (AAAA-MM-JJ), dans l'année qui vient.
staff-survey-later-check = Un troisième code, pour répondre trois mois plus tard
staff-survey-later-hint = Choisissez une fermeture au moins trois mois après la dernière séance.
staff-survey-create = Créer le cycle
staff-survey-later = Troisième code (trois mois plus tard)
staff-survey-pairs = Paires avant-après
staff-survey-responses = Réponses { $wave }
staff-survey-cycle-title = Questionnaires : { $programme }, { $structure }
staff-survey-print-title = Imprimer des fiches
staff-survey-print-intro = Les codes ne s'affichent qu'une fois, sur la page des fiches : imprimez-la aussitôt. Une fiche perdue se remplace en imprimant une nouvelle fiche.
staff-survey-slips-count = Nombre de fiches
staff-survey-slips-hint = De 1 à 200 : une par jeune.
staff-survey-print = Imprimer les fiches
staff-survey-key-title = Saisir une fiche papier
staff-survey-key-intro = Recopiez le code de la fiche puis les réponses cochées : la fiche reste reliée à ses autres codes. Ne saisissez rien d'autre de ce qui est écrit sur la fiche.
staff-survey-code = Code de la fiche
staff-survey-key = Enregistrer la fiche
staff-survey-slips-title = Fiches de questionnaire
staff-survey-slips-once = Imprimez cette page maintenant : les codes ne sont conservés nulle part en clair et ne s'afficheront plus. Découpez les fiches et donnez-en une à chaque jeune, au hasard.
staff-survey-slip = Fiche { $n }
staff-survey-slip-text = Garde cette fiche. Réponds avec le premier code avant la première séance, puis avec le suivant après la dernière. Scanne le QR code ou tape le code à l'adresse ci-dessous. Ne note pas ton nom.
staff-survey-slip-address = Adresse :
staff-survey-qr = QR code du code { $code }
staff-survey-standard = Phrases proposées
staff-survey-own = Phrase à vous { $n }
staff-survey-own-hint = Une affirmation à laquelle on répond de 1 à 5, jamais une question ; au plus 200 caractères.
staff-survey-no-disclosure = Aucune phrase ne doit inviter un jeune à parler de lui, de sa famille ou de son quartier : un questionnaire n'est pas le lieu d'une révélation. Les phrases proposées ont été choisies pour cela.
staff-survey-statement = Phrase
staff-survey-mean-before = Moyenne avant
staff-survey-mean-after = Moyenne après
staff-survey-change = Évolution
staff-survey-no-statement = Aucune phrase.
staff-survey-too-few = Moins de { $k } paires : non affiché
staff-survey-wave-before = avant
staff-survey-wave-after = après
staff-survey-wave-later = trois mois plus tard
staff-survey-error-day = Indiquez une date de fermeture au format AAAA-MM-JJ, d'aujourd'hui à un an.
staff-survey-error-code = Ce code n'est pas un code de ce cycle : vérifiez-le sur la fiche.
staff-survey-error-code-used = Ce code a déjà une réponse : une fiche ne se saisit qu'une fois.
staff-survey-error-slips = Indiquez un nombre de fiches de 1 à 200.
staff-survey-error-question = Écrivez une affirmation, pas une question (sans point d'interrogation).
staff-survey-error-too-long = Ce texte est trop long : raccourcissez-le.
staff-survey-error-required = Choisissez dans la liste.
staff-survey-error-unknown = Choisissez l'une des propositions de la liste.
staff-survey-done-cycle = Le cycle est créé : imprimez ses fiches.
staff-survey-done-keyed = La fiche est enregistrée.
staff-survey-done-statements = Les phrases du programme sont enregistrées.
staff-survey-later-caption = Évolution entre avant et trois mois plus tard
