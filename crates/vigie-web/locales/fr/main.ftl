# vigie : textes de l'interface, en français (texte original).
# Clés en kebab-case. Toute clé ajoutée ici doit l'être aussi dans en/main.ftl
# (un test le vérifie), et dans ar/ si une page de signalement, de suivi ou d'aide
# l'affiche (un autre test le vérifie).

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
demo-banner-label = Démonstration
demo-banner = Démonstration : données fictives, ne signalez rien de réel ici.
emergency = En cas de danger immédiat, appelez le 17 ou le 112.
footer-privacy = vigie ne vous piste pas : ni publicité, ni mesure d'audience, ni cookie de suivi. Votre adresse IP et votre navigateur ne sont jamais enregistrés.
footer-tor = Pour plus de discrétion, vous pouvez utiliser vigie avec le navigateur Tor.
translation-notice-label = Traduction à relire
translation-notice = Cette page est une traduction en arabe qui doit encore être relue par des personnes dont l'arabe est la langue maternelle. En cas de doute, la version française fait foi.

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
staff-link-partner = Mon espace partenaire
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
staff-audit-kind-backup-restored = Instance restaurée depuis une sauvegarde
staff-audit-kind-report-received = Signalement reçu
staff-audit-kind-help-request-received = Demande d'aide reçue
staff-audit-kind-receipt-login = Suivi ouvert avec un code
staff-audit-kind-report-withdrawn = Signalement retiré par son auteur
staff-audit-kind-report-expired = Signalement supprimé (durée de conservation)
staff-audit-kind-report-updated = Signalement modifié (statut, attribution, étiquettes)
staff-audit-kind-access-granted = Accès accordé
staff-audit-kind-access-revoked = Accès retiré
staff-audit-kind-directory-resealed = Annuaire des clés rescellé
staff-audit-kind-account-recovered = Compte récupéré avec la clé de séquestre (nouveau mot de passe à usage unique)
staff-audit-kind-audit-key-rotated = Clé du journal d'audit remplacée
staff-audit-kind-instance-secret-rotated = Secret de l'instance remplacé
staff-audit-kind-settings-changed = Réglages modifiés (routage, étiquettes, adresses)
staff-audit-kind-incident-changed = Incident enregistré, qualifié, corrigé ou examiné
staff-audit-kind-edition-published = Édition de l'observatoire publiée
staff-audit-kind-context-imported = Chiffres officiels importés
staff-audit-kind-report-viewed = Page d'un signalement ouverte (garant)
staff-audit-kind-help-link-asked = Mise en relation avec l'accompagnement demandée
staff-audit-kind-help-link-cancelled = Demande de mise en relation annulée
staff-audit-kind-help-link-sent = Messages transmis à l'équipe d'accompagnement
staff-audit-kind-file-created = Dossier de personne ouvert
staff-audit-kind-file-updated = Dossier de personne modifié
staff-audit-kind-referral-changed = Orientation vers un partenaire (proposée, répondue, terminée, retirée ou expirée)
staff-audit-kind-receipt-reissued = Nouveau code de suivi remis à une personne connue (l'ancien ne fonctionne plus)
staff-audit-kind-file-archived = Dossier de personne archivé (sans contact depuis la durée de conservation)
staff-audit-kind-file-archive-read = Dossier archivé ouvert par le ou la garant·e, avec un motif
staff-audit-kind-file-erased = Dossier de personne effacé définitivement (conservation écoulée)
staff-audit-kind-consent-withdrawn = Consentement retiré par la personne (depuis son suivi)
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
staff-teams-created = Équipe créée, sans membre. Ajoutez-y des personnes chargées des signalements (rôle handler).
staff-teams-added = Membre ajouté : la clé de l'équipe et son historique lui ont été transmis.
staff-teams-added-from-now = Membre ajouté : une nouvelle clé d'équipe a été créée ; il lira les signalements reçus à partir de maintenant. Pour lui transmettre l'historique, un administrateur membre de l'équipe peut le retirer puis l'ajouter à nouveau, ou la commande « vigie team add-member » avec la clé de séquestre.
staff-teams-removed = Membre retiré : la clé de l'équipe a été renouvelée.
staff-teams-hint = Une équipe d'accompagnement ne reçoit que des personnes chargées de l'accompagnement (rôle caseworker). Une équipe de signalements ne reçoit que des personnes chargées des signalements (rôle handler). Si vous en êtes membre, la personne ajoutée reçoit l'historique de l'équipe ; sinon, une nouvelle clé est créée et elle ne lit que ce qui arrive désormais (pour l'historique : un administrateur membre de l'équipe, ou la commande « vigie team add-member » avec la clé de séquestre).
staff-teams-created-casework = Équipe d'accompagnement créée, sans membre. Ajoutez-y des personnes chargées de l'accompagnement (rôle caseworker).
staff-teams-kind = Rôle de l'équipe
staff-teams-kind-report = Équipe de signalements (personnes chargées des signalements)
staff-teams-kind-casework = Équipe d'accompagnement (demandes d'aide et dossiers des victimes)
staff-teams-help-requests-here = Reçoit les demandes d'aide envoyées depuis la page « Demander de l'aide ».
staff-teams-help-requests-set = Faire recevoir les demandes d'aide par cette équipe
staff-teams-help-requests-done = Les nouvelles demandes d'aide arrivent désormais à cette équipe. Celles déjà reçues restent à l'équipe qui les a reçues.
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

## Signalement anonyme (/signaler)
error-400-title = Demande invalide
error-400-multipart = Le formulaire est arrivé incomplet ou mal formé (envoi interrompu ?). Rien n'a été enregistré : revenez au formulaire et envoyez-le à nouveau.
error-400-form = Le formulaire envoyé est incomplet ou mal formé. Rien n'a été enregistré : revenez à la page précédente, rechargez-la, puis réessayez.
error-405 = Cette adresse ne s'utilise pas ainsi. Revenez à la page précédente ou repartez de l'accueil.
error-400-utf8 = Un champ contient des caractères illisibles. Rien n'a été enregistré : vérifiez le texte puis envoyez-le à nouveau.
report-title = Faire un signalement anonyme
report-emergency = En cas de danger immédiat, appelez le 17 (police) ou le 112.
report-intro = Décrivez ce que vous avez vu ou subi : trafic, point de deal, menaces, recrutement de mineurs. Vous n'avez pas besoin de compte ni de donner votre nom. Votre signalement est chiffré dès son arrivée ; seule l'équipe de l'association qui le reçoit peut le lire.
report-safety-title = Pour rester en sécurité
report-safety-tor = Si vous le pouvez, utilisez le navigateur Tor : personne ne pourra savoir que vous avez visité ce site.
report-safety-device = Utilisez un téléphone ou un ordinateur que personne ne surveille, et fermez cette page après l'envoi.
report-safety-no-address = vigie n'enregistre ni votre adresse IP, ni votre navigateur, ni l'heure exacte de votre envoi.
report-safety-receipt = Après l'envoi, vous recevrez un code de suivi : c'est le seul moyen de revenir lire les réponses de l'équipe.
report-errors-intro = Le signalement n'a pas été envoyé : corrigez les champs signalés ci-dessous.
report-files-again = Pour votre sécurité, les fichiers joints n'ont pas été conservés : choisissez-les à nouveau.
report-too-soon = Votre signalement n'a pas encore été envoyé : le formulaire est parti trop vite après son ouverture (c'est une protection contre les envois automatiques). Ce que vous avez écrit est conservé ci-dessous. Attendez { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }, puis appuyez de nouveau sur le bouton d'envoi.
report-already-sent = Ce formulaire avait déjà été envoyé une fois. Si vous avez reçu un code de suivi, votre signalement est bien enregistré : ne l'envoyez pas une seconde fois. Sinon, vérifiez ce que vous avez écrit ci-dessous, puis envoyez-le.
report-resend-steps = Votre signalement n'a pas été enregistré, mais rien n'est perdu : revenez à la page précédente avec le bouton « Précédent » de votre navigateur, où ce que vous avez écrit est encore, attendez le temps indiqué, puis envoyez de nouveau le formulaire.
report-what-legend = Ce qui s'est passé
report-category = Type de faits
report-choose = — Choisir —
report-category-deal_point = Point de deal
report-category-lookouts_minors = Guetteurs / recrutement de mineurs
report-category-threats = Menaces / intimidation
report-category-violence = Violences / règlement de comptes
report-category-hall_occupation = Occupation de hall / squat
report-category-online = Trafic en ligne
report-category-corruption = Corruption
report-category-other = Autre
report-text = Description
report-text-hint = Ce que vous avez vu ou entendu, le plus précisément possible (20 000 caractères au plus). Évitez de donner des détails qui permettraient de vous reconnaître.
report-where-legend = Où
report-district = Arrondissement
report-neighbourhood = Quartier (facultatif)
report-neighbourhood-hint = Le quartier doit se trouver dans l'arrondissement choisi.
report-not-specified = Non précisé
report-place = Lieu précis (facultatif)
report-place-hint = Par exemple : « entrée du bâtiment B », « parking derrière l'école ».
report-when-legend = Quand
report-date = Date (facultatif)
report-ongoing = Cela se passe en ce moment
report-time = Moment de la journée (facultatif)
report-more-legend = Pour finir
report-danger = Quelqu'un est en danger immédiat
report-consent = J'accepte que l'association transmette ce signalement aux autorités (police, justice) si elle l'estime utile
report-identity = Votre nom ou un moyen de vous contacter (facultatif)
report-identity-hint = Seule la personne garante des identités de l'association pourra le lire. Laissez vide pour rester anonyme.
report-files = Photos, vidéos ou documents (facultatif)
report-files-hint = { $count } fichiers au plus, { $mib } Mo chacun. Les métadonnées (position GPS, appareil, auteur) des photos JPEG, PNG et WebP et des PDF sont retirées.
report-files-kept = Les vidéos (MP4, MOV), les photos HEIC ou AVIF (iPhone), les GIF, les documents bureautiques (Word, Excel…), les archives et les autres fichiers sont conservés tels quels, avec leurs métadonnées : ils peuvent révéler où et quand ils ont été pris, et avec quel appareil. Envoyez plutôt une capture d'écran, ou désactivez la localisation (ou retirez-la du fichier) avant l'envoi.
report-submit = Envoyer le signalement
report-error-required = Ce champ est obligatoire.
report-error-unknown = Choisissez une valeur de la liste (le quartier doit être dans l'arrondissement choisi).
report-error-too-long = Ce texte est trop long.
report-error-date = Indiquez une date valide, qui n'est pas dans le futur.
report-done-title = Signalement envoyé
report-done-category = Votre signalement « { $category } » a bien été reçu et chiffré.
report-receipt-title = Votre code de suivi
report-receipt-once = Ce code ne sera plus jamais affiché. Notez-le maintenant.
report-receipt-keep = Gardez-le dans un endroit sûr : il peut ressembler à un numéro de téléphone ou de compte.
report-receipt-lost = Sans ce code, personne — pas même l'association — ne peut vous redonner accès à la conversation.
report-files-done-title = Vos fichiers
report-file-removed = retiré :
report-file-nothing-removed = aucune métadonnée trouvée.
report-file-unchecked = ce fichier n'a pas pu être nettoyé ; il est conservé chiffré tel quel.
report-file-flagged = Attention : ce type de fichier peut contenir votre position ou d'autres informations sur vous.
report-noted = J'ai noté mon code
report-next-title = Et maintenant ?
report-next-team = L'équipe de l'association lit votre signalement et peut vous répondre.
report-next-follow = Revenez dans quelques jours avec votre code pour lire les réponses :
report-next-follow-link = suivre mon signalement
report-next-safety = Fermez cette page et, si besoin, effacez l'historique de votre navigateur.
removed-location = position (GPS)
removed-exif = données EXIF (appareil, date)
removed-xmp = métadonnées XMP
removed-iptc = métadonnées IPTC
removed-comment = commentaires
removed-thumbnail = vignette
removed-icc-profile = profil de couleur
removed-png-text = textes intégrés
removed-png-time = date de modification
removed-vendor-data = données du fabricant
removed-trailing-data = données cachées après la fin du fichier
removed-pdf-info = informations du document (auteur, logiciel)
removed-pdf-xmp = métadonnées XMP du document
removed-pdf-image-metadata = métadonnées des images du document
removed-pdf-actions = scripts, actions automatiques et liens du document
removed-pdf-embedded-files = fichiers cachés dans le document
removed-pdf-forms = formulaires du document
removed-pdf-annotations = annotations du document
report-status-new = Nouveau
report-status-in_progress = En cours
report-status-qualified = Qualifié
report-status-forwarded = Transmis
report-status-closed = Classé

## Suivi (/suivi)
follow-title = Suivre mon signalement
follow-intro = Entrez le code de suivi reçu lors de votre signalement, avec ou sans espaces.
follow-receipt = Code de suivi
follow-receipt-hint = 20 chiffres, par exemple 1234 5678 9012 3456 7890.
follow-submit = Ouvrir
follow-cookie-note = À l'ouverture, un cookie de session est déposé ; il disparaît à la déconnexion ou après 20 minutes d'inactivité.
follow-wrong-receipt = Ce code ne correspond à aucun signalement. Vérifiez-le et réessayez.
follow-expired = Votre session a expiré. Entrez de nouveau votre code.
follow-logged-out = Vous êtes déconnecté. Fermez cette page.
follow-heading = Signalement n° { $number }
follow-status = État
follow-received = Reçu le
follow-your-report = Votre signalement
follow-files = Fichiers envoyés :
follow-conversation = Échanges avec l'équipe
follow-no-messages = Pas encore de message. L'équipe vous répondra ici.
follow-from-you = Vous
follow-from-team = L'équipe
follow-reply = Écrire à l'équipe
follow-message = Votre message
follow-files-hint = { $count } fichiers au plus.
follow-send = Envoyer
follow-sent = Message envoyé.
follow-empty = Écrivez un message ou joignez un fichier (20 000 caractères au plus).
follow-end-title = Terminer
follow-logout = Se déconnecter
follow-withdraw-link = Retirer mon signalement
withdraw-title = Retirer mon signalement
withdraw-warning = Votre signalement, vos fichiers et toute la conversation seront effacés définitivement. Personne ne pourra les récupérer, pas même l'association.
withdraw-confirm = Effacer définitivement
withdraw-cancel = Annuler et revenir au suivi
withdraw-done = Votre signalement a été effacé définitivement.

## Signalements : boîte de réception et fiche (espace professionnel)

staff-link-routing = Routage
staff-reports-title = Signalements
staff-reports-intro = Les signalements que vos équipes (ou vous-même) peuvent lire, du plus récent au plus ancien. Ouvrir une fiche la déchiffre : chaque ouverture est inscrite au journal d'audit.
staff-reports-filters = Filtrer
staff-reports-any = Indifférent
staff-reports-filter-submit = Filtrer
staff-reports-empty = Aucun signalement ne correspond.
staff-reports-count = { $count ->
    [one] { $count } signalement
   *[other] { $count } signalements
}
# Le pager de toute liste (signalements, incidents, demandes d'aide).
staff-list-page-of = page { $page } sur { $pages }
staff-list-pages = Pages de la liste
staff-report-heading = Signalement n° { $number }
staff-report-number = Numéro
staff-report-number-link = n° { $number }
staff-report-category = Catégorie
staff-report-district = Arrondissement
staff-report-status = Statut
staff-report-received = Reçu le
staff-report-team = Équipe
staff-report-assignee = Suivi par
staff-report-label = Étiquette
staff-report-unread = Messages non lus
staff-report-nobody = Personne en particulier
staff-report-back = Retour aux signalements
staff-report-category-deal-point = Point de deal
staff-report-category-lookouts-minors = Guetteurs, recrutement de mineurs
staff-report-category-threats = Menaces, intimidation
staff-report-category-violence = Violences, règlement de comptes
staff-report-category-hall-occupation = Occupation de hall, squat
staff-report-category-online = Trafic en ligne
staff-report-category-corruption = Corruption
staff-report-category-other = Autre
staff-report-status-new = Nouveau
staff-report-status-in-progress = En cours
staff-report-status-qualified = Qualifié
staff-report-status-forwarded = Transmis
staff-report-status-closed = Classé
staff-report-content = Le signalement
staff-report-danger = La personne a signalé un danger immédiat.
staff-report-neighbourhood = Quartier
staff-report-place = Lieu
staff-report-date = Date des faits
staff-report-ongoing = Faits en cours
staff-report-time-of-day = Moment de la journée
staff-report-consent = Accord pour une transmission aux autorités
staff-report-yes = Oui
staff-report-no = Non
staff-report-not-given = Non précisé
staff-report-text = Récit
staff-report-files = Fichiers
staff-report-files-none = Aucun fichier.
staff-report-files-hint = Les fichiers se téléchargent sans s'ouvrir dans le navigateur, sous un nom neutre (« piece-1.pdf », « piece-2.bin »…) : le nom donné par la personne n'est qu'affiché. La copie nettoyée (métadonnées retirées ; pour un PDF, aussi scripts, liens, fichiers joints, formulaires et annotations) est proposée par défaut. L'original, preuve brute qui peut révéler un lieu ou une personne et contenir un programme ou un lien espion, ne s'obtient que par une action inscrite au journal d'audit : ouvrez-le sur une machine isolée, hors ligne.
staff-report-file-name = Nom
staff-report-file-type = Type
staff-report-file-size = Taille
staff-report-file-removed = Retiré au nettoyage
staff-report-file-removed-none = Rien
staff-report-file-warnings = Avertissements
staff-report-file-actions = Télécharger
staff-report-file-unchecked = Fichier non vérifié : illisible ou d'un format non pris en charge. Seul l'original est conservé.
staff-report-file-flagged = Format non nettoyable (vidéo, HEIC…) : le fichier est tel qu'il a été reçu.
staff-report-file-location = Ce type de fichier peut contenir une position.
staff-report-file-download = Copie nettoyée
staff-report-file-original = Afficher l'original (action journalisée)
staff-report-file-number = Pièce { $number }
staff-report-file-dangerous = Pas de copie nettoyée : vigie n'a pas pu retirer de ce fichier ce qui peut vous atteindre à l'ouverture (programme, script, lien qui prévient l'expéditeur, position). Il ne s'obtient que par « Afficher l'original » : ouvrez-le seulement sur une machine isolée et hors ligne (machine virtuelle jetable, visionneuse à jour sans accès réseau).
staff-report-file-no-clean-copy = Ce fichier n'a pas de copie nettoyée : vigie n'a pas pu le nettoyer (format non pris en charge ou fichier refusé). Revenez à la page du signalement : l'original s'obtient par l'action « Afficher l'original », inscrite au journal ; ouvrez-le seulement sur une machine isolée et hors ligne.
staff-report-size-bytes = { $n ->
    [one] { $n } octet
   *[other] { $n } octets
}
staff-report-size-kib = { $n } Kio
staff-report-size-mib = { $n } Mio
staff-report-removed-location = position
staff-report-removed-exif = données EXIF
staff-report-removed-xmp = données XMP
staff-report-removed-iptc = données IPTC
staff-report-removed-comment = commentaire
staff-report-removed-thumbnail = vignette
staff-report-removed-icc-profile = profil de couleur
staff-report-removed-png-text = texte PNG
staff-report-removed-png-time = date PNG
staff-report-removed-vendor-data = données du fabricant
staff-report-removed-trailing-data = données en fin de fichier
staff-report-removed-pdf-info = informations du PDF
staff-report-removed-pdf-xmp = données XMP du PDF
staff-report-removed-pdf-image-metadata = métadonnées des images du PDF
staff-report-removed-pdf-actions = scripts, actions et liens du PDF
staff-report-removed-pdf-embedded-files = fichiers joints au PDF
staff-report-removed-pdf-forms = formulaires du PDF
staff-report-removed-pdf-annotations = annotations du PDF
staff-report-conversation = Échanges avec la personne
staff-report-conversation-none = Aucun message pour le moment.
staff-report-from-reporter = Auteur·rice du signalement
staff-report-from-team = L'équipe
staff-report-reply = Répondre à la personne
staff-report-reply-hint = Elle lira votre message avec son code de suivi. N'y mettez rien qui la mettrait en danger si son téléphone tombait entre de mauvaises mains.
staff-report-reply-submit = Envoyer la réponse
staff-report-notes = Notes internes
staff-report-notes-hint = Lisibles seulement par l'équipe, jamais par la personne qui signale.
staff-report-notes-none = Aucune note.
staff-report-note = Nouvelle note
staff-report-note-submit = Ajouter la note
staff-report-handling = Suivi
staff-report-status-submit = Changer le statut
staff-report-labels = Étiquettes
staff-report-labels-none = Aucune étiquette n'est définie.
staff-report-labels-submit = Enregistrer les étiquettes
staff-report-assign-submit = Attribuer
staff-report-access = Donner accès
staff-report-access-hint = La personne ou l'équipe choisie pourra lire ce signalement, ses échanges et ses notes. L'accès est inscrit au journal d'audit.
staff-report-grant-person = Chargé·e des signalements
staff-report-grant-team = Équipe
staff-report-grant-submit = Donner accès
staff-report-forward = Transmettre aux autorités
staff-report-forward-hint = Le signalement, les échanges et les fichiers nettoyés sont chiffrés pour la clé age du service destinataire : seul ce service pourra ouvrir le fichier. Les notes internes et l'identité de la personne n'y figurent pas. La transmission est inscrite au journal d'audit et le statut devient « Transmis ».
staff-report-recipient = Clé publique age du destinataire
staff-report-recipient-hint = Elle commence par « age1 ». Demandez-la au service destinataire par un canal sûr.
staff-report-forward-originals = Inclure les originaux des fichiers (non nettoyés)
staff-report-forward-submit = Télécharger le fichier chiffré
staff-report-forward-no-consent = La personne n'a pas donné son accord pour une transmission aux autorités : ce signalement ne peut pas leur être transmis.
staff-report-custodian-only = Vous n'avez pas accès au contenu de ce signalement : seules ses informations de routage et l'identité de la personne (si elle en a laissé une) vous sont présentées.
staff-report-identity = Identité de la personne
staff-report-identity-absent = La personne n'a laissé ni nom ni contact.
staff-report-identity-shown = Identité laissée par la personne (cette lecture est inscrite au journal d'audit) :
staff-report-identity-reveal = Afficher l'identité (action journalisée)
staff-report-identity-ask = La personne a laissé un nom ou un contact. Pour y accéder, demandez-le à la personne garante des identités.
staff-report-identity-holders = Accès à l'identité : { $names }
staff-report-identity-grant = Donner accès à l'identité à
staff-report-identity-grant-submit = Donner accès à l'identité
staff-report-identity-none = Aucune identité n'est lisible pour vous dans ce signalement.
staff-report-done-reply = Réponse envoyée.
staff-report-done-note = Note ajoutée.
staff-report-done-status = Statut changé.
staff-report-done-labels = Étiquettes enregistrées.
staff-report-done-assign = Attribution enregistrée.
staff-report-done-grant = Accès donné.
staff-report-readers = Ont aussi accès
staff-report-revoke-hint = Retirer l'accès supprime les clés de cette personne ou de cette équipe et renouvelle celles du signalement : elle ne lira pas ce qui arrive ensuite (ce qu'elle a déjà lu figure au journal).
staff-report-revoke-submit = Retirer l'accès
staff-report-reader-team = Équipe { $team }
staff-report-done-revoke = Accès retiré : les clés du signalement ont été renouvelées.
staff-report-error-revoke = Impossible de retirer cet accès.
staff-report-done-identity-grant = Accès à l'identité donné.
staff-report-error-text = Écrivez un message (20 000 caractères au plus).
staff-report-error-status = Choisissez un statut de la liste.
staff-report-error-labels = Choisissez des étiquettes de la liste.
staff-report-error-person = Choisissez un·e chargé·e des signalements actif·ve de la liste.
staff-report-error-team = Choisissez une équipe de la liste.
staff-report-error-recipient = Ce n'est pas une clé publique age valide : elle commence par « age1 » et compte 62 caractères.
staff-report-error-no-consent = Transmission refusée : la personne n'a pas donné son accord pour une transmission aux autorités.

## Administration : routage, étiquettes, adresses des équipes

staff-routing-title = Routage des signalements
staff-routing-intro = Chaque nouveau signalement va à une équipe : la règle la plus précise qui lui correspond l'emporte (catégorie et arrondissement, puis catégorie seule, puis arrondissement seul) ; sans règle, il va à l'équipe par défaut.
staff-routing-rules = Règles de routage
staff-routing-rules-none = Aucune règle : tous les signalements vont à l'équipe par défaut.
staff-routing-col-actions = Actions
staff-routing-delete = Supprimer
staff-routing-any-category = Toutes les catégories
staff-routing-any-district = Tous les arrondissements
staff-routing-new-rule = Ajouter une règle
staff-routing-new-rule-hint = À précision égale, la règle la plus ancienne l'emporte.
staff-routing-add-rule = Ajouter la règle
staff-routing-default = Équipe par défaut
staff-routing-default-hint = Elle reçoit les signalements qu'aucune règle ne prend.
staff-routing-default-submit = Enregistrer l'équipe par défaut
staff-routing-labels = Étiquettes
staff-routing-labels-hint = La liste des étiquettes que les équipes peuvent poser sur un signalement. Elles sont stockées en clair : n'y mettez ni nom, ni adresse, ni détail qui identifie quelqu'un.
staff-routing-label-name = Nouvelle étiquette
staff-routing-add-label = Ajouter l'étiquette
staff-routing-notify = Adresses d'alerte des équipes
staff-routing-notify-hint = Le récapitulatif et les alertes urgentes ne contiennent que des nombres et le nom de l'équipe, jamais le contenu d'un signalement. Laissez un champ vide pour ne rien envoyer.
staff-routing-digest = Adresse du récapitulatif
staff-routing-on-call = Adresse d'astreinte (danger immédiat)
staff-routing-notify-submit = Enregistrer les adresses
staff-routing-done-rule = Règle ajoutée.
staff-routing-done-rule-deleted = Règle supprimée.
staff-routing-done-default = Équipe par défaut enregistrée.
staff-routing-done-label = Étiquette ajoutée.
staff-routing-done-label-deleted = Étiquette supprimée.
staff-routing-done-notify = Adresses enregistrées.
staff-routing-error-address = Ce n'est pas une adresse e-mail valide (exemple : equipe@association.fr).
staff-routing-error-rule = Choisissez une catégorie, un arrondissement et une équipe de la liste.
staff-routing-error-no-rule = Cette règle n'existe plus.
staff-routing-error-team = Cette équipe n'existe pas ou plus.
staff-routing-error-label = Une étiquette compte 1 à 60 caractères.
staff-routing-error-label-exists = Cette étiquette existe déjà.
staff-routing-error-no-label = Cette étiquette n'existe plus.

## Déclaration d'accessibilité

footer-accessibility = Accessibilité : non conforme (déclaration)
a11y-title = Déclaration d'accessibilité
a11y-intro = Chacun et chacune doit pouvoir signaler, demander de l'aide et lire l'observatoire, quel que soit son handicap et quels que soient son navigateur et ses outils (lecteur d'écran, clavier seul, agrandissement, navigateur Tor sans JavaScript).
a11y-scope = Cette déclaration, établie sur le modèle du référentiel général d'amélioration de l'accessibilité (RGAA), porte sur le logiciel vigie, version { $version }, qui fait fonctionner ce site. L'organisation qui exploite ce site en répond pour ce qu'elle y ajoute.
a11y-status-title = État de conformité
a11y-status-text = Ce site est non conforme au RGAA 4.1.2 : aucun audit de conformité n'a encore été réalisé. Le RGAA prévoit qu'un site sans audit soit déclaré non conforme, même lorsque, comme ici, les contrôles automatiques ne relèvent aucune erreur.
a11y-results-title = Résultats des tests
a11y-results-automated = À chaque modification du logiciel, un test automatique vérifie les pages suivantes avec axe-core 4.14.1 (critères des WCAG 2.0, 2.1 et 2.2 de niveaux A et AA, et bonnes pratiques), dans le navigateur Chromium avec JavaScript désactivé, à la largeur d'un téléphone et à celle d'un ordinateur, en mode clair et en mode sombre ; il vérifie aussi qu'à 320 pixels de large rien ne défile horizontalement, hors tableaux (critère 1.4.10). Il ne relève aucune erreur.
a11y-pages-public = Pages publiques : l'accueil ; le formulaire de signalement, la page qui donne le code de suivi et la suite ; le suivi d'un signalement (code erroné, réponses, retrait) ; la demande d'aide ; l'observatoire (tableau de bord, carte par quartier, méthodologie, éditions, données ouvertes, adresse erronée) ; cette déclaration ; la page de connexion de l'espace professionnel.
a11y-pages-english = Pages en anglais : l'accueil, le formulaire de signalement, l'observatoire et cette déclaration.
a11y-pages-arabic = Pages en arabe, de droite à gauche : le formulaire de signalement, le suivi d'un signalement et la demande d'aide.
a11y-pages-staff = Espace professionnel, après connexion : la vérification en deux étapes, le tableau de bord (en français et en anglais), la liste des signalements et la page d'un signalement, l'observatoire (incidents, saisie, publication, chiffres officiels), le journal d'audit, les comptes, les équipes, le routage et le changement de mot de passe.
a11y-results-manual = Un outil automatique ne détecte qu'une partie des défauts d'accessibilité. Les contrôles manuels (navigation au clavier seul, lecteurs d'écran, agrandissement à 200 %, affichage sans feuille de style, pertinence des textes de remplacement) n'ont pas encore été menés par un auditeur ou une auditrice.
a11y-exceptions-title = Contenus non accessibles
a11y-known-title = Limites connues
a11y-known-charts = Les graphiques et la carte de l'observatoire sont des images ; chacun est suivi d'une phrase qui le résume et d'un tableau qui donne tous ses chiffres.
a11y-known-qr = À l'inscription d'une deuxième étape de connexion, le QR code est une image ; la clé qu'il contient est aussi donnée en texte, à saisir à la main.
a11y-known-help = La page de demande d'aide n'existe pas encore : son adresse affiche la page « introuvable », qui est vérifiée.
a11y-derogations-title = Dérogations pour charge disproportionnée
a11y-derogations-text = Aucune.
a11y-exempt-title = Contenus non soumis à l'obligation d'accessibilité
a11y-exempt-text = Les fichiers joints par les personnes qui signalent (photos, documents) : vigie ne les produit pas et ne peut pas les rendre accessibles.
a11y-made-title = Établissement de cette déclaration
a11y-made-date = Cette déclaration a été établie le 6 décembre 2026.
a11y-made-technologies = Technologies utilisées
a11y-made-environment = Environnement de test
a11y-made-environment-text = Chromium sans JavaScript, piloté par chromedriver, à 412 et 1 280 pixels de large, en mode clair et en mode sombre.
a11y-made-tools = Outils d'évaluation
a11y-contact-title = Retour d'information et contact
a11y-contact-text = Si vous n'arrivez pas à accéder à un contenu ou à un service de ce site, signalez-le à l'organisation qui l'exploite : elle doit vous proposer une autre façon d'y accéder ou vous transmettre le contenu sous une autre forme.
a11y-contact-safety = Pour votre sécurité, ne mentionnez dans ce message aucun signalement que vous auriez fait ni votre code de suivi.
a11y-remedies-title = Voies de recours
a11y-remedies-intro = Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits :
a11y-remedies-form = par le formulaire en ligne :
a11y-remedies-delegate = auprès du délégué ou de la déléguée du Défenseur des droits dans votre région :
a11y-remedies-post = par courrier, gratuit et sans timbre :
