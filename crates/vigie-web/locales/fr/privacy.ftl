# The privacy notice of the public forms (templates/privacy_notice.html, src/privacy.rs).
privacy-summary = Vos données personnelles : qui les traite, pourquoi, combien de temps, vos droits
privacy-controller = Responsable du traitement
privacy-controller-unnamed = l'association qui exploite ce service
privacy-purposes = Pourquoi
privacy-purposes-text = Recevoir et traiter les signalements et les demandes d'aide, vous répondre dans la conversation de suivi et vous orienter vers une aide ; produire des statistiques qui ne permettent d'identifier personne (l'observatoire).
privacy-legal-basis = Base légale
privacy-legal-basis-text = L'intérêt légitime de l'association à venir en aide aux victimes et à documenter le trafic de drogue, ou la mission d'intérêt public qui lui est confiée, le cas échéant (article 6 du RGPD). Les informations relatives à des infractions ne sont traitées que dans les limites de l'article 46 de la loi Informatique et Libertés, pour aider les victimes à faire valoir leurs droits.
privacy-recipients = Qui peut lire
privacy-recipients-text = Seules les personnes de l'association chargées de votre signalement ou de votre demande : ce que vous écrivez et vos fichiers sont chiffrés pour elles, et un nom ou un contact l'est à part, pour celles qui en ont besoin. Un professionnel partenaire vers qui l'association vous oriente ne reçoit que ce qui lui est confié pour vous aider. Votre signalement n'est transmis à la police ou à la justice que si vous l'acceptez, sauf obligation légale.
privacy-retention = Combien de temps
privacy-retention-text = Un signalement ou une demande d'aide, avec ses fichiers et sa conversation, est effacé définitivement { $closure ->
        [one] { $closure } jour
       *[other] { $closure } jours
    } après sa clôture, et au plus tard { $activity ->
        [one] { $activity } jour
       *[other] { $activity } jours
    } après son dernier message ou sa dernière modification. Vous pouvez l'effacer vous-même à tout moment depuis le suivi. Des sauvegardes chiffrées peuvent en garder une copie jusqu'à leur propre effacement. Les statistiques publiées ne contiennent aucune donnée personnelle.
privacy-not-collected = Ce que vigie ne collecte pas
privacy-not-collected-text = Ni votre adresse IP, ni votre navigateur. Aucun cookie avant que vous n'ouvriez le suivi (un cookie de session, effacé à la déconnexion), aucun traceur, aucune mesure d'audience, rien chargé depuis un autre site.
privacy-rights = Vos droits
privacy-rights-text = Vous pouvez accéder à vos données, les faire rectifier ou effacer, demander la limitation de leur traitement ou vous y opposer. Si vous êtes resté·e anonyme, l'association ne peut retrouver votre signalement ou votre demande qu'avec votre code de suivi. Vous pouvez aussi adresser une réclamation à la CNIL :
privacy-cnil = cnil.fr
privacy-contact = Pour exercer vos droits
privacy-contact-or-follow-up = , ou dans la conversation de votre suivi, avec votre code.
privacy-contact-follow-up = Dans la conversation de votre suivi, avec votre code.
