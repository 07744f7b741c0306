# vigie: interface text, in English (a faithful translation of fr/main.ftl,
# which is the original). Every key here must also be in fr/main.ftl (a test
# checks it), and in ar/ when a report, follow-up or help page shows it (another
# test checks that).

## Site, navigation, layout

site-name = vigie
site-tagline = Report, get help, understand: against drug trafficking in Marseille.
nav-label = Main navigation
nav-home = Home
nav-report = Report
nav-help = Ask for help
nav-follow = Follow my report
nav-observatory = Observatory
nav-staff = Staff area
skip-link = Skip to content
demo-banner-label = Demonstration
demo-banner = Demonstration: fictitious data, do not report anything real here.
emergency = If you are in immediate danger, call 17 or 112.
footer-privacy = vigie does not track you: no advertising, no audience measurement, no tracking cookie. Your IP address and your browser are never recorded.
footer-tor = For more discretion, you can use vigie with Tor Browser.
translation-notice-label = Translation to proofread
translation-notice = This page is an Arabic translation still to be proofread by native speakers of Arabic. If in doubt, the French version prevails.

## Home

home-title = Home
home-heading = Break the silence, safely
home-intro = vigie lets you report anonymously what you see or suffer around drug trafficking in Marseille, ask for help for yourself or someone close to you, and follow what is happening in your neighbourhood. No one will ask for your name.
home-report-title = Report anonymously
home-report-text = A deal point, threats, a child recruited as a lookout: describe what you know. You do not have to give your name. You receive a follow-up code, to keep, so you can read our answers.
home-report-link = Make a report
home-help-title = Get help, for you or those close to you
home-help-text = Victims, families, witnesses: a team listens to you and refers you to psychological, legal, medical or social support, and to support groups. Anonymously if you wish.
home-help-link = Ask for help
home-follow-title = Follow my report
home-follow-text = With your follow-up code, read the team's answers and add to your report. This code is your only key: we cannot recover it for you.
home-follow-link = Follow my report
home-observatory-title = The local observatory
home-observatory-text = Every month, the observatory publishes figures by arrondissement and neighbourhood, without ever making it possible to recognise a person. To understand, inform and act.
home-observatory-link = See the observatory
home-prevention-title = Prevention
home-prevention-text = Prevention workshops are offered in primary, middle and high schools, to talk with young people about the risks of trafficking and about those who recruit them.
home-safety-title = Your safety first
home-safety-text = If you can, use a device and a connection that no one else has access to. vigie records neither your IP address nor your browser, and sets no cookie until you ask for one.

## Error pages

error-back-home = Back to the home page
error-code = Error { $code }
error-404-title = Page not found
error-404-text = This page does not exist or no longer exists. Check the address, or start again from the home page.
error-csrf-title = Form expired or invalid
error-csrf-text = For your safety, a form is only valid for a limited time. This one could not be accepted: nothing was sent.
error-csrf-steps = Go back to the previous page, reload it, then send the form again. If you had written a long text, copy it first so that you do not lose it.
error-403-title = Access denied
error-403-text = You are not allowed to access this page.
error-413-title = Upload too large
error-413-text = What you sent is larger than allowed. Reduce the size or the number of attached files, then try again.
error-429-title = Too many requests
error-429-text = You have made too many requests in a short time. Try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.
error-500-title = Service error
error-500-text = An unexpected error occurred on our side. Try again in a few moments; if the problem continues, come back later.
error-503-title = Service overloaded
error-503-text = The service is overloaded at the moment. Try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.

## Forms

form-submit = Send
form-back = Back
form-cancel = Cancel
form-save = Save
form-required = required
form-errors-title = The form contains errors:

## Staff area: layout, session

staff-area = Staff area
staff-nav-label = Staff area navigation
staff-signed-in-as = Signed in: { $name }
staff-logout = Sign out
staff-logged-out = You are signed out.
staff-session-expired = Your session has expired. Sign in again to continue.
staff-saved = Changes saved.

## Sign in

staff-login-title = Sign in to the staff area
staff-login-intro = For vigie's teams and partners only.
staff-login-username = User name
staff-login-password = Password
staff-login-submit = Sign in
staff-login-failed = Incorrect user name or password.
staff-login-throttled = Too many attempts. Try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.

## Two-step verification

staff-2fa-title = Two-step verification
staff-2fa-intro = Enter the 6-digit code shown by your authenticator app.
staff-2fa-code = 6-digit code
staff-2fa-submit = Verify
staff-2fa-failed = Incorrect or expired code.
staff-2fa-use-recovery = You do not have your phone? Use a recovery code instead.
staff-2fa-recovery-code = Recovery code
staff-2fa-recovery-hint = Each recovery code works only once.
staff-2fa-enrol-title = Turn on two-step verification
staff-2fa-enrol-scan = Scan this QR code with an authenticator app, such as Aegis or FreeOTP.
staff-2fa-enrol-qr-label = QR code to scan with your authenticator app
staff-2fa-enrol-secret = If you cannot scan the QR code, type this key into the app:
staff-2fa-enrol-confirm = To confirm, enter the 6-digit code shown by the app.
staff-2fa-enrol-submit = Turn on
staff-recovery-title = Your recovery codes
staff-recovery-intro = These codes let you sign in if you lose your phone. Each one works only once.
staff-recovery-once = They are shown only once: keep them offline, for example copied on paper, in a safe place.
staff-recovery-done = I have kept my codes

## Password

staff-password-title = Change password
staff-password-current = Current password
staff-password-new = New password
staff-password-confirm = Confirm the new password
staff-password-rules = At least 12 characters. A sentence of several words that is easy for you to remember is a good choice.
staff-password-too-short = The password must have at least 12 characters.
staff-password-too-long = This password is too long.
staff-password-mismatch = The two passwords are not the same.
staff-password-current-wrong = The current password is incorrect.
staff-password-must-change = This is your first sign-in: choose your own password before continuing.
staff-password-changed = Your password has been changed.
staff-password-submit = Change password

## Dashboard, roles, areas

staff-dashboard-title = Dashboard
staff-dashboard-hello = Hello { $name }
staff-dashboard-roles = Your roles: { $roles }
staff-dashboard-areas = Your areas
staff-dashboard-no-area = No area is open to you yet. Please contact an administrator.
staff-role-admin = Administrator
staff-role-handler = Report handler
staff-role-custodian = Identity custodian
staff-role-caseworker = Support caseworker
staff-role-partner = Partner professional
staff-role-analyst = Observatory analyst
staff-role-prevention = Prevention coordinator
staff-link-reports = Reports
staff-link-cases = Support cases
staff-link-partner = My partner space
staff-link-observatory = Observatory
staff-link-prevention = Prevention
staff-link-admin = Administration
staff-link-audit = Audit log
staff-link-users = Users
staff-link-teams = Teams
staff-link-account = My account

## Audit log

staff-audit-title = Audit log
staff-audit-intro = Every sensitive action is written to this log and chained to the previous one: an altered, removed or moved entry is detected on verification.
staff-audit-filters = Filters
staff-audit-filter-kind = Event type
staff-audit-filter-kind-any = All
staff-audit-filter-actor = Actor
staff-audit-filter-from = From (day)
staff-audit-filter-to = To (day)
staff-audit-filter-submit = Filter
staff-audit-col-seq = No.
staff-audit-col-day = Day
staff-audit-col-time = Time
staff-audit-col-actor = Actor
staff-audit-col-kind = Event
staff-audit-col-object = Object
staff-audit-col-detail = Detail
staff-audit-day-only = day only
staff-audit-empty = No entry matches these filters.
staff-audit-sign-checkpoint = Sign a checkpoint
staff-audit-checkpoint-signed = Checkpoint signed.
staff-audit-verified = Chain verified: { $entries ->
        [one] { $entries } entry
       *[other] { $entries } entries
    }, { $checkpoints ->
        [one] { $checkpoints } checkpoint
       *[other] { $checkpoints } checkpoints
    }.
staff-audit-verify-failed = Verification failed at entry no. { $seq }: the log may have been altered. Alert the administrators immediately.
staff-audit-actor-unknown = unknown user name
staff-audit-actor-reporter = anonymous person
staff-audit-actor-cli = command line
staff-audit-actor-system = system
staff-audit-kind-instance-initialised = Instance initialised
staff-audit-kind-login-succeeded = Successful sign-in
staff-audit-kind-login-failed = Failed sign-in
staff-audit-kind-login-throttled = Sign-in slowed down (too many attempts)
staff-audit-kind-logout = Sign-out
staff-audit-kind-totp-enrolled = Two-step verification turned on
staff-audit-kind-totp-reset = Two-step verification reset
staff-audit-kind-recovery-code-used = Recovery code used
staff-audit-kind-password-changed = Password changed
staff-audit-kind-permission-denied = Action refused
staff-audit-kind-decrypted = Content decrypted
staff-audit-kind-exported = Export
staff-audit-kind-user-created = User created
staff-audit-kind-user-disabled = User disabled
staff-audit-kind-roles-changed = Roles changed
staff-audit-kind-team-created = Team created
staff-audit-kind-team-member-added = Member added to a team
staff-audit-kind-team-member-removed = Member removed from a team
staff-audit-kind-team-key-rotated = Team key renewed
staff-audit-kind-checkpoint-signed = Checkpoint signed
staff-audit-kind-backup-restored = Instance restored from a backup
staff-audit-kind-report-received = Report received
staff-audit-kind-help-request-received = Help request received
staff-audit-kind-receipt-login = Follow-up opened with a receipt
staff-audit-kind-report-withdrawn = Report withdrawn by its author
staff-audit-kind-report-expired = Report deleted (retention period)
staff-audit-kind-report-updated = Report changed (status, assignee, labels)
staff-audit-kind-access-granted = Access granted
staff-audit-kind-access-revoked = Access revoked
staff-audit-kind-directory-resealed = Key directory resealed
staff-audit-kind-account-recovered = Account recovered with the escrow key (new one-time password)
staff-audit-kind-audit-key-rotated = Audit key replaced
staff-audit-kind-instance-secret-rotated = Instance secret replaced
staff-audit-kind-settings-changed = Settings changed (routing, labels, addresses)
staff-audit-kind-incident-changed = Incident recorded, qualified, corrected or reviewed
staff-audit-kind-edition-published = Observatory edition published
staff-audit-kind-context-imported = Official figures imported
staff-audit-kind-report-viewed = Report page opened (custodian)
staff-audit-kind-help-link-asked = Referral to the support team requested
staff-audit-kind-help-link-cancelled = Referral request cancelled
staff-audit-kind-help-link-sent = Messages passed on to the support team
staff-audit-kind-file-created = Person's file opened
staff-audit-kind-file-updated = Person's file changed
staff-audit-kind-referral-changed = Referral to a partner (proposed, answered, finished, revoked or expired)
staff-audit-kind-receipt-reissued = New follow-up code given to a known person (the old one no longer works)
staff-audit-kind-file-archived = Person's file archived (no contact for the retention period)
staff-audit-kind-file-archive-read = Archived file opened by the custodian, with a reason
staff-audit-kind-file-erased = Person's file erased for good (retention over)
staff-audit-kind-consent-withdrawn = Consent withdrawn by the person (from their follow-up)
staff-pager-previous = Previous page
staff-pager-next = Next page

## Users

staff-users-title = Users
staff-users-new = Create a user
staff-users-col-username = User name
staff-users-col-name = Name
staff-users-col-roles = Roles
staff-users-col-2fa = Two-step verification
staff-users-col-state = State
staff-users-2fa-on = On
staff-users-2fa-off = Not turned on
staff-users-state-active = Active
staff-users-state-disabled = Disabled
staff-users-edit-roles = Change roles
staff-users-reset-2fa = Reset two-step verification
staff-users-disable = Disable
staff-users-disable-confirm = Disable this account? The person will no longer be able to sign in.
staff-users-empty = No users.

## Teams

staff-teams-title = Teams
staff-teams-new = Create a team
staff-teams-name = Team name
staff-teams-col-name = Team
staff-teams-col-members = Members
staff-teams-add-member = Add a member
staff-teams-remove-member = Remove from the team
staff-teams-empty = No teams yet.

## Administration: actions on users and teams
staff-users-col-actions = Actions
staff-users-roles = Roles
staff-users-create = Create the account
staff-users-created = Account “{ $name }” created. Its one-time password is below: hand it over in person, it will never be shown again. The person changes it at their first sign-in.
staff-users-disabled-done = Account disabled: its sessions are closed, it left its teams and their keys were renewed.
staff-users-2fa-reset-done = Two-step verification reset: the person will set up a new one at their next sign-in.
staff-teams-col-generation = Key generation
staff-teams-member = Member's user name
staff-teams-created = Team created, with no members. Add the people who handle reports (handler role).
staff-teams-added = Member added: the team key and its history were passed on to them.
staff-teams-added-from-now = Member added: a new team key was created; they will read the reports received from now on. To pass the history on, an admin who is a member of the team can remove them and add them again, or use the command “vigie team add-member” with the escrow key.
staff-teams-removed = Member removed: the team key was renewed.
staff-teams-hint = A casework team takes only caseworkers (caseworker role). A report team takes only people who handle reports (handler role). If you are a member, the person you add receives the team's history; otherwise a new key is created and they read only what arrives from now on (for the history: an admin who is a member of the team, or the command “vigie team add-member” with the escrow key).
staff-teams-created-casework = Casework team created, with no member. Add caseworkers to it (caseworker role).
staff-teams-kind = What the team is for
staff-teams-kind-report = Reports team (handlers)
staff-teams-kind-casework = Casework team (help requests and victims' files)
staff-teams-help-requests-here = Receives the help requests sent from the "Ask for help" page.
staff-teams-help-requests-set = Send help requests to this team
staff-teams-help-requests-done = New help requests now reach this team. Those already received stay with the team that received them.
staff-error-unknown-user = No account has this name.
staff-error-exists = This name is already taken.
staff-error-bad-username = A user name has 2 to 64 characters: unaccented lower-case letters, digits, “.”, “_” or “-”, starting with a letter.
staff-error-no-role = Choose at least one role.
staff-error-last-admin = This is the last active admin account: name another admin first.
staff-error-self = You cannot disable your own account.
staff-error-not-member = Only a member of the team can add someone to it.
staff-error-invalid = This request is not valid: check the fields and try again.
staff-users-contact = Contact details (optional)
staff-users-contact-hint = Name, phone, e-mail: encrypted, readable only by an admin, and every reading is written to the audit log.
staff-users-show-contact = Show contact details
staff-users-contact-of = Contact details of { $name }: { $contact }
staff-users-contact-none = No contact details recorded for { $name }.

## Anonymous report (/signaler)
error-400-title = Invalid request
error-400-multipart = The form arrived incomplete or malformed (interrupted upload?). Nothing was saved: go back to the form and send it again.
error-400-form = The form sent is incomplete or malformed. Nothing was saved: go back, reload the page and try again.
error-405 = This address is not used this way. Go back, or start again from the home page.
error-400-utf8 = A field contains unreadable characters. Nothing was saved: check the text and send it again.
report-title = Make an anonymous report
report-emergency = If someone is in immediate danger, call 17 (police) or 112.
report-intro = Describe what you saw or suffered: trafficking, a dealing spot, threats, recruitment of minors. You need no account and no name. Your report is encrypted as soon as it arrives; only the association's team that receives it can read it.
report-safety-title = Staying safe
report-safety-tor = If you can, use Tor Browser: nobody will be able to tell that you visited this site.
report-safety-device = Use a phone or computer nobody watches, and close this page after sending.
report-safety-no-address = vigie records neither your IP address, nor your browser, nor the exact time you send.
report-safety-receipt = After sending, you get a follow-up code: the only way to come back and read the team's answers.
report-errors-intro = The report was not sent: correct the fields marked below.
report-files-again = For your safety, attached files were not kept: choose them again.
report-too-soon = Your report has not been sent yet: the form was sent too soon after it was opened (a protection against automated submissions). What you wrote is kept below. Wait { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }, then press the send button again.
report-already-sent = This form had already been sent once. If you received a follow-up code, your report is recorded: do not send it a second time. Otherwise, check what you wrote below, then send it.
report-resend-steps = Your report was not recorded, but nothing is lost: go back to the previous page with your browser's Back button, where what you wrote still is, wait the time shown, then send the form again.
report-what-legend = What happened
report-category = Kind of facts
report-choose = — Choose —
report-category-deal_point = Dealing spot
report-category-lookouts_minors = Lookouts / recruitment of minors
report-category-threats = Threats / intimidation
report-category-violence = Violence / score-settling
report-category-hall_occupation = Occupied building hall / squat
report-category-online = Online trafficking
report-category-corruption = Corruption
report-category-other = Other
report-text = Description
report-text-hint = What you saw or heard, as precisely as you can (at most 20,000 characters). Avoid details that would let someone recognise you.
report-where-legend = Where
report-district = Arrondissement
report-neighbourhood = Neighbourhood (optional)
report-neighbourhood-hint = The neighbourhood must lie in the chosen arrondissement.
report-not-specified = Not specified
report-place = Exact place (optional)
report-place-hint = For example: "entrance of building B", "car park behind the school".
report-when-legend = When
report-date = Date (optional)
report-ongoing = It is happening now
report-time = Time of day (optional)
report-more-legend = Finally
report-danger = Someone is in immediate danger
report-consent = I agree that the association may forward this report to the authorities (police, courts) if it finds it useful
report-identity = Your name or a way to contact you (optional)
report-identity-hint = Only the association's identity custodian can read it. Leave empty to stay anonymous.
report-files = Photos, videos or documents (optional)
report-files-hint = At most { $count } files, { $mib } MB each. Metadata (GPS position, device, author) is removed from JPEG, PNG and WebP photos and from PDFs.
report-files-kept = Videos (MP4, MOV), HEIC or AVIF photos (iPhone), GIFs, office documents (Word, Excel…), archives and other files are kept as they are, with their metadata: they may reveal where and when they were taken, and with which device. Send a screenshot instead, or turn location off (or remove it from the file) before sending.
report-submit = Send the report
report-error-required = This field is required.
report-error-unknown = Choose a value from the list (the neighbourhood must lie in the chosen arrondissement).
report-error-too-long = This text is too long.
report-error-date = Give a valid date that is not in the future.
report-done-title = Report sent
report-done-category = Your report "{ $category }" was received and encrypted.
report-receipt-title = Your follow-up code
report-receipt-once = This code will never be shown again. Write it down now.
report-receipt-keep = Keep it somewhere safe: it can look like a phone or account number.
report-receipt-lost = Without this code nobody, not even the association, can give you back access to the conversation.
report-files-done-title = Your files
report-file-removed = removed:
report-file-nothing-removed = no metadata found.
report-file-unchecked = this file could not be cleaned; it is kept encrypted as it came.
report-file-flagged = Warning: this kind of file may contain your location or other information about you.
report-noted = I have written down my code
report-next-title = What now?
report-next-team = The association's team reads your report and may answer you.
report-next-follow = Come back in a few days with your code to read the answers:
report-next-follow-link = follow my report
report-next-safety = Close this page and, if needed, clear your browser's history.
removed-location = position (GPS)
removed-exif = EXIF data (device, date)
removed-xmp = XMP metadata
removed-iptc = IPTC metadata
removed-comment = comments
removed-thumbnail = thumbnail
removed-icc-profile = colour profile
removed-png-text = embedded texts
removed-png-time = modification time
removed-vendor-data = manufacturer data
removed-trailing-data = data hidden after the end of the file
removed-pdf-info = document information (author, software)
removed-pdf-xmp = document XMP metadata
removed-pdf-image-metadata = metadata of the document's images
removed-pdf-actions = the document's scripts, automatic actions and links
removed-pdf-embedded-files = files hidden inside the document
removed-pdf-forms = the document's forms
removed-pdf-annotations = the document's annotations
report-status-new = New
report-status-in_progress = In progress
report-status-qualified = Qualified
report-status-forwarded = Forwarded
report-status-closed = Closed

## Follow-up (/suivi)
follow-title = Follow my report
follow-intro = Enter the follow-up code you received with your report, with or without spaces.
follow-receipt = Follow-up code
follow-receipt-hint = 20 digits, for example 1234 5678 9012 3456 7890.
follow-submit = Open
follow-cookie-note = Opening sets a session cookie; it goes away when you log out or after 20 minutes of inactivity.
follow-wrong-receipt = This code matches no report. Check it and try again.
follow-expired = Your session expired. Enter your code again.
follow-logged-out = You are logged out. Close this page.
follow-heading = Report no. { $number }
follow-status = Status
follow-received = Received on
follow-your-report = Your report
follow-files = Files sent:
follow-conversation = Conversation with the team
follow-no-messages = No message yet. The team will answer here.
follow-from-you = You
follow-from-team = The team
follow-reply = Write to the team
follow-message = Your message
follow-files-hint = At most { $count } files.
follow-send = Send
follow-sent = Message sent.
follow-empty = Write a message or attach a file (at most 20,000 characters).
follow-end-title = Finish
follow-logout = Log out
follow-withdraw-link = Withdraw my report
withdraw-title = Withdraw my report
withdraw-warning = Your report, your files and the whole conversation will be erased for good. Nobody can recover them, not even the association.
withdraw-confirm = Erase for good
withdraw-cancel = Cancel and go back
withdraw-done = Your report was erased for good.

## Reports: inbox and report page (staff area)

staff-link-routing = Routing
staff-reports-title = Reports
staff-reports-intro = The reports your teams (or you in person) can read, newest first. Opening a report decrypts it: every opening is written to the audit log.
staff-reports-filters = Filter
staff-reports-any = Any
staff-reports-filter-submit = Filter
staff-reports-empty = No report matches.
staff-reports-count = { $count ->
    [one] { $count } report
   *[other] { $count } reports
}
# The pager of every list (reports, incidents, help requests).
staff-list-page-of = page { $page } of { $pages }
staff-list-pages = Pages of the list
staff-report-heading = Report no. { $number }
staff-report-number = Number
staff-report-number-link = no. { $number }
staff-report-category = Category
staff-report-district = Arrondissement
staff-report-status = Status
staff-report-received = Received on
staff-report-team = Team
staff-report-assignee = Handled by
staff-report-label = Label
staff-report-unread = Unread messages
staff-report-nobody = Nobody in particular
staff-report-back = Back to the reports
staff-report-category-deal-point = Deal point
staff-report-category-lookouts-minors = Lookouts, recruitment of minors
staff-report-category-threats = Threats, intimidation
staff-report-category-violence = Violence, score-settling
staff-report-category-hall-occupation = Occupied hallway, squat
staff-report-category-online = Online trafficking
staff-report-category-corruption = Corruption
staff-report-category-other = Other
staff-report-status-new = New
staff-report-status-in-progress = In progress
staff-report-status-qualified = Qualified
staff-report-status-forwarded = Forwarded
staff-report-status-closed = Closed
staff-report-content = The report
staff-report-danger = The reporter said someone is in immediate danger.
staff-report-neighbourhood = Neighbourhood
staff-report-place = Place
staff-report-date = Date of the events
staff-report-ongoing = Happening now
staff-report-time-of-day = Time of day
staff-report-consent = Agreed to forwarding to the authorities
staff-report-yes = Yes
staff-report-no = No
staff-report-not-given = Not given
staff-report-text = Account
staff-report-files = Files
staff-report-files-none = No file.
staff-report-files-hint = Files download without opening in the browser, under a neutral name (“piece-1.pdf”, “piece-2.bin”…): the name the person gave is only shown. The cleaned copy (metadata removed; for a PDF, also scripts, links, attached files, forms and annotations) is offered by default. The original, raw evidence that may reveal a place or a person and hold a program or a tracking link, is only available through an action written to the audit log: open it on an isolated, offline machine.
staff-report-file-name = Name
staff-report-file-type = Type
staff-report-file-size = Size
staff-report-file-removed = Removed when cleaned
staff-report-file-removed-none = Nothing
staff-report-file-warnings = Warnings
staff-report-file-actions = Download
staff-report-file-unchecked = Unchecked file: unreadable or of an unsupported type. Only the original is kept.
staff-report-file-flagged = A type we cannot clean (video, HEIC…): the file is as it came.
staff-report-file-location = This type of file may hold a location.
staff-report-file-download = Cleaned copy
staff-report-file-original = Show the original (logged action)
staff-report-file-number = Piece { $number }
staff-report-file-dangerous = No cleaned copy: vigie could not remove from this file what may harm you when opened (a program, a script, a link that alerts the sender, a location). It is only available through “Show the original”: open it only on an isolated, offline machine (a throwaway virtual machine, an up-to-date viewer without network access).
staff-report-file-no-clean-copy = This file has no cleaned copy: vigie could not clean it (an unsupported type or a refused file). Go back to the report's page: the original is available through the “Show the original” action, written to the audit log; open it only on an isolated, offline machine.
staff-report-size-bytes = { $n ->
    [one] { $n } byte
   *[other] { $n } bytes
}
staff-report-size-kib = { $n } KiB
staff-report-size-mib = { $n } MiB
staff-report-removed-location = location
staff-report-removed-exif = EXIF data
staff-report-removed-xmp = XMP data
staff-report-removed-iptc = IPTC data
staff-report-removed-comment = comment
staff-report-removed-thumbnail = thumbnail
staff-report-removed-icc-profile = colour profile
staff-report-removed-png-text = PNG text
staff-report-removed-png-time = PNG date
staff-report-removed-vendor-data = maker data
staff-report-removed-trailing-data = data after the end of the file
staff-report-removed-pdf-info = PDF information
staff-report-removed-pdf-xmp = PDF XMP data
staff-report-removed-pdf-image-metadata = metadata of the PDF's images
staff-report-removed-pdf-actions = PDF scripts, actions and links
staff-report-removed-pdf-embedded-files = files embedded in the PDF
staff-report-removed-pdf-forms = PDF forms
staff-report-removed-pdf-annotations = PDF annotations
staff-report-conversation = Conversation with the reporter
staff-report-conversation-none = No message yet.
staff-report-from-reporter = Reporter
staff-report-from-team = The team
staff-report-reply = Reply to the reporter
staff-report-reply-hint = They will read your message with their follow-up code. Write nothing that would put them in danger if their phone fell into the wrong hands.
staff-report-reply-submit = Send the reply
staff-report-notes = Internal notes
staff-report-notes-hint = Readable by the team only, never by the reporter.
staff-report-notes-none = No note.
staff-report-note = New note
staff-report-note-submit = Add the note
staff-report-handling = Handling
staff-report-status-submit = Change the status
staff-report-labels = Labels
staff-report-labels-none = No label is defined.
staff-report-labels-submit = Save the labels
staff-report-assign-submit = Assign
staff-report-access = Give access
staff-report-access-hint = The person or team chosen will be able to read this report, its conversation and its notes. The grant is written to the audit log.
staff-report-grant-person = Report handler
staff-report-grant-team = Team
staff-report-grant-submit = Give access
staff-report-forward = Forward to the authorities
staff-report-forward-hint = The report, the conversation and the cleaned files are encrypted for the receiving service's age key: only that service can open the file. Internal notes and the reporter's identity are not in it. Forwarding is written to the audit log and the status becomes "Forwarded".
staff-report-recipient = Recipient's age public key
staff-report-recipient-hint = It starts with "age1". Ask the receiving service for it over a safe channel.
staff-report-forward-originals = Include the files' originals (not cleaned)
staff-report-forward-submit = Download the encrypted file
staff-report-forward-no-consent = The reporter did not agree to forwarding to the authorities: this report cannot be forwarded to them.
staff-report-custodian-only = You have no access to this report's content: only its routing information and the reporter's identity (if they left one) are shown to you.
staff-report-identity = The reporter's identity
staff-report-identity-absent = The reporter left no name or contact.
staff-report-identity-shown = Identity the reporter left (this reading is written to the audit log):
staff-report-identity-reveal = Show the identity (logged action)
staff-report-identity-ask = The reporter left a name or contact. To see it, ask the identity custodian.
staff-report-identity-holders = Access to the identity: { $names }
staff-report-identity-grant = Give access to the identity to
staff-report-identity-grant-submit = Give access to the identity
staff-report-identity-none = No identity in this report is readable for you.
staff-report-done-reply = Reply sent.
staff-report-done-note = Note added.
staff-report-done-status = Status changed.
staff-report-done-labels = Labels saved.
staff-report-done-assign = Assignment saved.
staff-report-done-grant = Access given.
staff-report-readers = Also reading this report
staff-report-revoke-hint = Revoking deletes this person's or team's keys and renews the report's: they will not read what arrives next (what they already read is in the audit log).
staff-report-revoke-submit = Revoke access
staff-report-reader-team = Team { $team }
staff-report-done-revoke = Access revoked: the report's keys were renewed.
staff-report-error-revoke = This access cannot be revoked.
staff-report-done-identity-grant = Access to the identity given.
staff-report-error-text = Write a message (20,000 characters at most).
staff-report-error-status = Choose a status from the list.
staff-report-error-labels = Choose labels from the list.
staff-report-error-person = Choose an active report handler from the list.
staff-report-error-team = Choose a team from the list.
staff-report-error-recipient = This is not a valid age public key: it starts with "age1" and has 62 characters.
staff-report-error-no-consent = Forwarding refused: the reporter did not agree to forwarding to the authorities.

## Administration: routing, labels, teams' addresses

staff-routing-title = Routing of reports
staff-routing-intro = Each new report goes to a team: the most specific rule that matches it wins (category and arrondissement, then category only, then arrondissement only); with no rule, it goes to the default team.
staff-routing-rules = Routing rules
staff-routing-rules-none = No rule: every report goes to the default team.
staff-routing-col-actions = Actions
staff-routing-delete = Delete
staff-routing-any-category = Every category
staff-routing-any-district = Every arrondissement
staff-routing-new-rule = Add a rule
staff-routing-new-rule-hint = Between equally specific rules, the oldest wins.
staff-routing-add-rule = Add the rule
staff-routing-default = Default team
staff-routing-default-hint = It receives the reports no rule takes.
staff-routing-default-submit = Save the default team
staff-routing-labels = Labels
staff-routing-labels-hint = The labels teams may put on a report. They are stored in clear: put no name, address or detail that identifies anyone in them.
staff-routing-label-name = New label
staff-routing-add-label = Add the label
staff-routing-notify = Teams' alert addresses
staff-routing-notify-hint = The digest and urgent alerts hold only counts and the team's name, never a report's content. Leave a field empty to send nothing.
staff-routing-digest = Digest address
staff-routing-on-call = On-call address (immediate danger)
staff-routing-notify-submit = Save the addresses
staff-routing-done-rule = Rule added.
staff-routing-done-rule-deleted = Rule deleted.
staff-routing-done-default = Default team saved.
staff-routing-done-label = Label added.
staff-routing-done-label-deleted = Label deleted.
staff-routing-done-notify = Addresses saved.
staff-routing-error-address = This is not a valid e-mail address (example: team@association.org).
staff-routing-error-rule = Choose a category, an arrondissement and a team from the list.
staff-routing-error-no-rule = This rule no longer exists.
staff-routing-error-team = This team does not exist (any more).
staff-routing-error-label = A label has 1 to 60 characters.
staff-routing-error-label-exists = This label already exists.
staff-routing-error-no-label = This label no longer exists.

## Accessibility statement

footer-accessibility = Accessibility: not compliant (statement)
a11y-title = Accessibility statement
a11y-intro = Everyone must be able to report, ask for help and read the observatory, whatever their disability and whatever their browser and tools (screen reader, keyboard only, magnification, Tor Browser without JavaScript).
a11y-scope = This statement, on the model of the French general accessibility reference (RGAA), covers the vigie software, version { $version }, which runs this site. The organisation running this site answers for what it adds to it.
a11y-status-title = Compliance status
a11y-status-text = This site does not comply with RGAA 4.1.2: no compliance audit has been carried out yet. The RGAA requires a site without an audit to be declared non-compliant, even when, as here, automated checks find no error.
a11y-results-title = Test results
a11y-results-automated = At every change to the software, an automated test checks the following pages with axe-core 4.14.1 (WCAG 2.0, 2.1 and 2.2 criteria at levels A and AA, and best practices), in the Chromium browser with JavaScript disabled, at a phone's width and at a computer's, in light and dark mode; it also checks that at 320 pixels wide nothing but a table scrolls sideways (criterion 1.4.10). It finds no error.
a11y-pages-public = Public pages: the home page; the report form, the page giving the follow-up code and what comes next; following a report (wrong code, replies, withdrawal); asking for help; the observatory (dashboard, neighbourhood map, methodology, editions, open data, a bad address); this statement; the staff area's sign-in page.
a11y-pages-english = English pages: the home page, the report form, the observatory and this statement.
a11y-pages-arabic = Pages in Arabic, right to left: the report form, the follow-up of a report and the help page.
a11y-pages-staff = Staff area, signed in: the two-step verification, the dashboard (in French and English), the list of reports and a report's page, the observatory (incidents, recording, publication, official figures), the audit log, accounts, teams, routing and the password change.
a11y-results-manual = An automated tool finds only some accessibility defects. Manual checks (keyboard only, screen readers, 200 % magnification, display without style sheet, relevance of text alternatives) have not yet been carried out by an auditor.
a11y-exceptions-title = Content that is not accessible
a11y-known-title = Known limitations
a11y-known-charts = The observatory's charts and map are images; each is followed by a sentence summing it up and by a table giving all its figures.
a11y-known-qr = When setting up a second sign-in step, the QR code is an image; the key it holds is also given as text, to type in by hand.
a11y-known-help = The help request page does not exist yet: its address shows the "not found" page, which is checked.
a11y-derogations-title = Exemptions for disproportionate burden
a11y-derogations-text = None.
a11y-exempt-title = Content outside the scope of the accessibility obligation
a11y-exempt-text = Files attached by the people who report (photos, documents): vigie does not produce them and cannot make them accessible.
a11y-made-title = Preparation of this statement
a11y-made-date = This statement was prepared on 6 December 2026.
a11y-made-technologies = Technologies used
a11y-made-environment = Test environment
a11y-made-environment-text = Chromium without JavaScript, driven by chromedriver, 412 and 1,280 pixels wide, in light and dark mode.
a11y-made-tools = Evaluation tools
a11y-contact-title = Feedback and contact
a11y-contact-text = If you cannot reach some content or service on this site, tell the organisation that runs it: it must offer you another way to reach it or send you the content in another form.
a11y-contact-safety = For your safety, do not mention in that message any report you may have made, nor your follow-up code.
a11y-remedies-title = Remedies
a11y-remedies-intro = If you reported an accessibility defect that keeps you from some content or service and did not get a satisfactory answer, you can refer the matter to the Défenseur des droits (the French rights ombudsman):
a11y-remedies-form = through the online form:
a11y-remedies-delegate = through the Défenseur des droits' delegate in your region:
a11y-remedies-post = by post, free of charge and without a stamp:
