# vigie : textes de l'interface, en français (texte original).
# Clés en kebab-case. Toute clé ajoutée ici doit l'être aussi dans en/main.ftl
# (un test le vérifie).

## Site, navigation, gabarit

site-name = vigie
site-tagline = Signaler, être aidé, comprendre : contre le narcotrafic à Marseille.
nav-label = Navigation principale
nav-home = Accueil
nav-report = Signaler
nav-help = Demander de l'aide
nav-follow = Suivre mon signalement
nav-observatory = Observatoire
nav-staff = Espace professionnel
skip-link = Aller au contenu
lang-switch = English
demo-banner = Démonstration : données fictives, ne signalez rien de réel ici.
emergency = En cas de danger immédiat, appelez le 17 ou le 112.
footer-privacy = vigie ne vous piste pas : ni publicité, ni mesure d'audience, ni cookie de suivi. Votre adresse IP et votre navigateur ne sont jamais enregistrés.
footer-tor = Pour plus de discrétion, vous pouvez utiliser vigie avec le navigateur Tor.

## Accueil

home-title = Accueil
home-heading = Briser le silence, en sécurité
home-intro = vigie vous permet de signaler anonymement ce que vous voyez ou subissez autour du trafic de drogue à Marseille, de demander de l'aide pour vous ou pour un proche, et de suivre ce qui se passe dans votre quartier. Personne ne vous demandera votre nom.
home-report-title = Signaler anonymement
home-report-text = Un point de deal, des menaces, un enfant recruté pour faire le guet : décrivez ce que vous savez. Vous n'avez pas à donner votre nom. Vous recevez un code de suivi, à garder, pour lire nos réponses.
home-report-link = Faire un signalement
home-help-title = Être aidé, vous ou vos proches
home-help-text = Victimes, familles, témoins : une équipe vous écoute et vous oriente vers un soutien psychologique, juridique, médical ou social, et vers des groupes de parole. Anonymement si vous le souhaitez.
home-help-link = Demander de l'aide
home-follow-title = Suivre mon signalement
home-follow-text = Avec votre code de suivi, lisez les réponses de l'équipe et complétez votre signalement. Ce code est votre seule clé : nous ne pouvons pas le retrouver pour vous.
home-follow-link = Suivre mon signalement
home-observatory-title = L'observatoire local
home-observatory-text = Chaque mois, l'observatoire publie des chiffres par arrondissement et par quartier, sans jamais permettre de reconnaître une personne. Pour comprendre, informer et agir.
home-observatory-link = Consulter l'observatoire
home-prevention-title = Prévenir
home-prevention-text = Des ateliers de prévention sont proposés dans les écoles, les collèges et les lycées, pour parler avec les jeunes des risques du trafic et de ceux qui les recrutent.
home-safety-title = Votre sécurité d'abord
home-safety-text = Si possible, utilisez un appareil et une connexion auxquels personne d'autre n'a accès. vigie n'enregistre ni votre adresse IP ni votre navigateur, et ne dépose aucun cookie tant que vous ne le demandez pas.

## Pages d'erreur

error-back-home = Retour à l'accueil
error-code = Erreur { $code }
error-404-title = Page introuvable
error-404-text = Cette page n'existe pas ou n'existe plus. Vérifiez l'adresse, ou repartez de l'accueil.
error-csrf-title = Formulaire expiré ou invalide
error-csrf-text = Pour votre sécurité, un formulaire n'est valable que pendant un temps limité. Celui-ci n'a pas pu être accepté : rien n'a été envoyé.
error-csrf-steps = Revenez à la page précédente, rechargez-la, puis envoyez à nouveau le formulaire. Si vous aviez écrit un long texte, copiez-le d'abord pour ne pas le perdre.
error-403-title = Accès refusé
error-403-text = Vous n'avez pas l'autorisation d'accéder à cette page.
error-413-title = Envoi trop volumineux
error-413-text = Ce que vous avez envoyé dépasse la taille autorisée. Réduisez la taille ou le nombre des fichiers joints, puis réessayez.
error-429-title = Trop de demandes
error-429-text = Vous avez fait trop de demandes en peu de temps. Réessayez dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.
error-500-title = Erreur du service
error-500-text = Une erreur inattendue s'est produite de notre côté. Réessayez dans quelques instants ; si le problème continue, revenez plus tard.
error-503-title = Service saturé
error-503-text = Le service est saturé pour le moment. Réessayez dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.

## Formulaires

form-submit = Envoyer
form-back = Retour
form-cancel = Annuler
form-save = Enregistrer
form-required = obligatoire
form-errors-title = Le formulaire contient des erreurs :

## Espace professionnel : gabarit, session

staff-area = Espace professionnel
staff-nav-label = Navigation de l'espace professionnel
staff-signed-in-as = Connecté·e : { $name }
staff-logout = Se déconnecter
staff-logged-out = Vous êtes déconnecté·e.
staff-session-expired = Votre session a expiré. Reconnectez-vous pour continuer.
staff-saved = Modifications enregistrées.

## Connexion

staff-login-title = Connexion à l'espace professionnel
staff-login-intro = Réservé aux équipes et aux partenaires de vigie.
staff-login-username = Identifiant
staff-login-password = Mot de passe
staff-login-submit = Se connecter
staff-login-failed = Identifiant ou mot de passe incorrect.
staff-login-throttled = Trop de tentatives. Réessayez dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.

## Vérification en deux étapes

staff-2fa-title = Vérification en deux étapes
staff-2fa-intro = Saisissez le code à 6 chiffres affiché par votre application d'authentification.
staff-2fa-code = Code à 6 chiffres
staff-2fa-submit = Vérifier
staff-2fa-failed = Code incorrect ou expiré.
staff-2fa-use-recovery = Vous n'avez pas votre téléphone ? Utilisez plutôt un code de secours.
staff-2fa-recovery-code = Code de secours
staff-2fa-recovery-hint = Chaque code de secours ne sert qu'une seule fois.
staff-2fa-enrol-title = Activer la vérification en deux étapes
staff-2fa-enrol-scan = Scannez ce QR code avec une application d'authentification, par exemple Aegis ou FreeOTP.
staff-2fa-enrol-qr-label = QR code à scanner avec votre application d'authentification
staff-2fa-enrol-secret = Si vous ne pouvez pas scanner le QR code, saisissez cette clé dans l'application :
staff-2fa-enrol-confirm = Pour confirmer, saisissez le code à 6 chiffres affiché par l'application.
staff-2fa-enrol-submit = Activer
staff-recovery-title = Vos codes de secours
staff-recovery-intro = Ces codes vous permettent de vous connecter si vous perdez votre téléphone. Chacun ne sert qu'une seule fois.
staff-recovery-once = Ils ne seront affichés qu'une seule fois : conservez-les hors ligne, par exemple recopiés sur papier, dans un endroit sûr.
staff-recovery-done = J'ai conservé mes codes

## Mot de passe

staff-password-title = Changer de mot de passe
staff-password-current = Mot de passe actuel
staff-password-new = Nouveau mot de passe
staff-password-confirm = Confirmez le nouveau mot de passe
staff-password-rules = Au moins 12 caractères. Une phrase de plusieurs mots, facile à retenir pour vous, est un bon choix.
staff-password-too-short = Le mot de passe doit contenir au moins 12 caractères.
staff-password-too-long = Ce mot de passe est trop long.
staff-password-mismatch = Les deux mots de passe ne sont pas identiques.
staff-password-current-wrong = Le mot de passe actuel est incorrect.
staff-password-must-change = C'est votre première connexion : choisissez votre propre mot de passe avant de continuer.
staff-password-changed = Votre mot de passe a été changé.
staff-password-submit = Changer le mot de passe

## Tableau de bord, rôles, espaces

staff-dashboard-title = Tableau de bord
staff-dashboard-hello = Bonjour { $name }
staff-dashboard-roles = Vos rôles : { $roles }
staff-dashboard-areas = Vos espaces
staff-dashboard-no-area = Aucun espace ne vous est encore ouvert. Adressez-vous à un·e administrateur·rice.
staff-role-admin = Administrateur·rice
staff-role-handler = Chargé·e des signalements
staff-role-custodian = Garant·e des identités
staff-role-caseworker = Référent·e d'accompagnement
staff-role-partner = Professionnel·le partenaire
staff-role-analyst = Analyste de l'observatoire
staff-role-prevention = Coordinateur·rice prévention
staff-link-reports = Signalements
staff-link-cases = Accompagnement
staff-link-partner = Dossiers orientés vers moi
staff-link-observatory = Observatoire
staff-link-prevention = Prévention
staff-link-admin = Administration
staff-link-audit = Journal d'audit
staff-link-users = Utilisateurs
staff-link-teams = Équipes
staff-link-account = Mon compte

## Journal d'audit

staff-audit-title = Journal d'audit
staff-audit-intro = Chaque action sensible est inscrite dans ce journal et chaînée à la précédente : une entrée modifiée, supprimée ou déplacée est détectée à la vérification.
staff-audit-filters = Filtres
staff-audit-filter-kind = Type d'événement
staff-audit-filter-kind-any = Tous
staff-audit-filter-actor = Acteur
staff-audit-filter-from = Du (jour)
staff-audit-filter-to = Au (jour)
staff-audit-filter-submit = Filtrer
staff-audit-col-seq = N°
staff-audit-col-day = Jour
staff-audit-col-time = Heure
staff-audit-col-actor = Acteur
staff-audit-col-kind = Événement
staff-audit-col-object = Objet
staff-audit-col-detail = Détail
staff-audit-day-only = jour seulement
staff-audit-empty = Aucune entrée ne correspond à ces filtres.
staff-audit-sign-checkpoint = Signer un point de contrôle
staff-audit-checkpoint-signed = Point de contrôle signé.
staff-audit-verified = Chaîne vérifiée : { $entries ->
        [one] { $entries } entrée
       *[other] { $entries } entrées
    }, { $checkpoints ->
        [one] { $checkpoints } point de contrôle
       *[other] { $checkpoints } points de contrôle
    }.
staff-audit-verify-failed = Échec de la vérification à l'entrée n° { $seq } : le journal a pu être modifié. Prévenez immédiatement les administrateur·rices.
staff-audit-actor-unknown = identifiant inconnu
staff-audit-actor-reporter = personne anonyme
staff-audit-actor-cli = ligne de commande
staff-audit-actor-system = système
staff-audit-kind-instance-initialised = Instance initialisée
staff-audit-kind-login-succeeded = Connexion réussie
staff-audit-kind-login-failed = Échec de connexion
staff-audit-kind-login-throttled = Connexion freinée (trop de tentatives)
staff-audit-kind-logout = Déconnexion
staff-audit-kind-totp-enrolled = Vérification en deux étapes activée
staff-audit-kind-totp-reset = Vérification en deux étapes réinitialisée
staff-audit-kind-recovery-code-used = Code de secours utilisé
staff-audit-kind-password-changed = Mot de passe changé
staff-audit-kind-permission-denied = Action refusée
staff-audit-kind-decrypted = Contenu déchiffré
staff-audit-kind-exported = Export
staff-audit-kind-user-created = Utilisateur créé
staff-audit-kind-user-disabled = Utilisateur désactivé
staff-audit-kind-roles-changed = Rôles modifiés
staff-audit-kind-team-created = Équipe créée
staff-audit-kind-team-member-added = Membre ajouté à une équipe
staff-audit-kind-team-member-removed = Membre retiré d'une équipe
staff-audit-kind-team-key-rotated = Clé d'équipe renouvelée
staff-audit-kind-checkpoint-signed = Point de contrôle signé
staff-pager-previous = Page précédente
staff-pager-next = Page suivante

## Utilisateurs

staff-users-title = Utilisateurs
staff-users-new = Créer un utilisateur
staff-users-col-username = Identifiant
staff-users-col-name = Nom
staff-users-col-roles = Rôles
staff-users-col-2fa = Vérification en deux étapes
staff-users-col-state = État
staff-users-2fa-on = Activée
staff-users-2fa-off = Non activée
staff-users-state-active = Actif
staff-users-state-disabled = Désactivé
staff-users-edit-roles = Modifier les rôles
staff-users-reset-2fa = Réinitialiser la vérification en deux étapes
staff-users-disable = Désactiver
staff-users-disable-confirm = Désactiver ce compte ? La personne ne pourra plus se connecter.
staff-users-empty = Aucun utilisateur.

## Équipes

staff-teams-title = Équipes
staff-teams-new = Créer une équipe
staff-teams-name = Nom de l'équipe
staff-teams-col-name = Équipe
staff-teams-col-members = Membres
staff-teams-add-member = Ajouter un membre
staff-teams-remove-member = Retirer de l'équipe
staff-teams-empty = Aucune équipe pour le moment.

## Administration: actions on users and teams
staff-users-col-actions = Actions
staff-users-roles = Rôles
staff-users-create = Créer le compte
staff-users-created = Compte « { $name } » créé. Son mot de passe à usage unique est ci-dessous : transmettez-le en main propre, il ne sera plus jamais affiché. La personne le changera à sa première connexion.
staff-users-disabled-done = Compte désactivé : ses sessions sont fermées, il a quitté ses équipes et leurs clés ont été renouvelées.
staff-users-2fa-reset-done = Vérification en deux étapes réinitialisée : la personne en activera une nouvelle à sa prochaine connexion.
staff-teams-col-generation = Génération de clé
staff-teams-member = Identifiant du membre
staff-teams-created = Équipe créée. Vous en êtes membre, et pouvez y ajouter d'autres personnes.
staff-teams-added = Membre ajouté : la clé de l'équipe lui a été transmise.
staff-teams-removed = Membre retiré : la clé de l'équipe a été renouvelée.
staff-teams-hint = Pour ajouter quelqu'un, il faut être membre de l'équipe : c'est vous qui lui transmettez la clé de l'équipe.
staff-error-unknown-user = Aucun compte ne porte ce nom.
staff-error-exists = Ce nom est déjà pris.
staff-error-bad-username = Un identifiant compte 2 à 64 caractères : lettres minuscules sans accent, chiffres, « . », « _ » ou « - », et commence par une lettre.
staff-error-no-role = Choisissez au moins un rôle.
staff-error-last-admin = C'est le dernier compte administrateur actif : nommez d'abord un autre administrateur.
staff-error-self = Vous ne pouvez pas désactiver votre propre compte.
staff-error-not-member = Seul un membre de l'équipe peut y ajouter quelqu'un.
staff-error-invalid = Cette demande n'est pas valide : vérifiez les champs et réessayez.
staff-users-contact = Coordonnées (facultatif)
staff-users-contact-hint = Nom, téléphone, e-mail : chiffrés, lisibles seulement par un·e administrateur·rice, et chaque lecture est inscrite au journal d'audit.
staff-users-show-contact = Voir les coordonnées
staff-users-contact-of = Coordonnées de { $name } : { $contact }
staff-users-contact-none = Aucune coordonnée enregistrée pour { $name }.
