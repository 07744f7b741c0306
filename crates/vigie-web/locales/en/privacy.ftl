# The privacy notice of the public forms (templates/privacy_notice.html, src/privacy.rs).
privacy-summary = Your personal data: who processes it, why, for how long, your rights
privacy-controller = Data controller
privacy-controller-unnamed = the association operating this service
privacy-purposes = Why
privacy-purposes-text = Receiving and handling reports and help requests, answering you in the follow-up conversation and directing you to help; producing statistics that identify no one (the observatory).
privacy-legal-basis = Legal basis
privacy-legal-basis-text = The association's legitimate interest in helping victims and documenting drug trafficking, or the public-interest task entrusted to it, where there is one (article 6 of the GDPR). Information about offences is processed only within the limits of article 46 of the French loi Informatique et Libertés, to help victims assert their rights.
privacy-recipients = Who can read it
privacy-recipients-text = Only the people of the association in charge of your report or request: what you write and your files are encrypted for them, and a name or a contact separately, for those who need it. A partner professional the association directs you to receives only what is entrusted to them to help you. Your report is passed on to the police or the courts only if you agree, unless the law requires it.
privacy-retention = For how long
privacy-retention-text = A report or a help request, with its files and its conversation, is deleted irrecoverably { $closure ->
        [one] { $closure } day
       *[other] { $closure } days
    } after it is closed, and at the latest { $activity ->
        [one] { $activity } day
       *[other] { $activity } days
    } after its last message or change. You can delete it yourself at any time from the follow-up. Encrypted backups may hold a copy until they are deleted in turn. Published statistics hold no personal data.
privacy-not-collected = What vigie does not collect
privacy-not-collected-text = Neither your IP address nor your browser. No cookie before you open the follow-up (a session cookie, deleted when you log out), no tracker, no audience measurement, nothing loaded from another site.
privacy-rights = Your rights
privacy-rights-text = You can access your data, have it corrected or deleted, ask for its processing to be restricted, or object to it. If you stayed anonymous, the association can find your report or request only with your follow-up code. You can also lodge a complaint with the CNIL, the French data protection authority:
privacy-cnil = cnil.fr
privacy-contact = To exercise your rights
privacy-contact-or-follow-up = , or in your follow-up conversation, with your code.
privacy-contact-follow-up = In your follow-up conversation, with your code.
