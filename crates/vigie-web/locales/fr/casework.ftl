# Casework: the help requests (/espace/accompagnement).
staff-link-casework = Accompagnement
staff-help-title = Demandes d'aide
staff-help-intro = Les demandes d'aide reçues par vos équipes d'accompagnement, les plus récentes d'abord. Chaque ouverture est inscrite au journal.
staff-help-count = { $count ->
    [0] Aucune demande
    [one] Une demande
   *[other] { $count } demandes
}
staff-help-empty = Aucune demande d'aide pour le moment.
staff-help-number-link = Demande n° { $number }
staff-help-asker = Qui demande
staff-help-urgency = Délai
staff-help-needs = Besoins
staff-help-asker-victim = Victime
staff-help-asker-family = Proche d'une victime
staff-help-asker-witness = Témoin
staff-help-asker-professional = Professionnel·le pour une personne
staff-help-urgency-today = Aujourd'hui
staff-help-urgency-this-week = Cette semaine
staff-help-urgency-no-rush = Pas d'urgence
staff-help-need-psychological = soutien psychologique
staff-help-need-legal = aide juridique
staff-help-need-medical = soins
staff-help-need-social = accompagnement social
staff-help-need-housing = logement, mise à l'abri
staff-help-need-administrative = démarches administratives
staff-help-request-heading = Demande d'aide n° { $number }
staff-help-message = Ce que la personne a écrit
staff-help-no-message = La personne n'a rien écrit de plus.
staff-help-reach = Comment joindre la personne
staff-help-channel = Moyen
staff-help-channel-phone = Appel téléphonique
staff-help-channel-sms = SMS
staff-help-channel-email = Courriel
staff-help-contact = Numéro ou adresse
staff-help-safe-times = Quand c'est sans danger
staff-help-code-word = Mot de passe à dire en premier
staff-help-reach-care = Appelez ou écrivez seulement aux heures indiquées, dites le mot de passe d'abord, et ne laissez aucun message qui parle de l'association.
staff-help-follow-up-only = La personne ne veut être jointe que par son code de suivi : répondez ci-dessous, elle lira votre message sur la page de suivi.
staff-help-no-contact = Aucun moyen de contact n'est lisible avec vos clés.
staff-help-conversation = Échanges avec la personne
staff-help-no-messages = Pas encore de message.
staff-help-reply = Votre réponse
staff-help-reply-hint = La personne la lira avec son code de suivi. N'écrivez rien qui la mettrait en danger si quelqu'un d'autre lisait son téléphone.
staff-help-reply-submit = Envoyer la réponse
staff-help-done-reply = Réponse envoyée.
staff-help-error-reply = Écrivez une réponse (20 000 caractères au plus).
