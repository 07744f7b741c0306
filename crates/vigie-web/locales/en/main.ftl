# vigie: interface text, in English (a faithful translation of fr/main.ftl,
# which is the original). Every key here must also be in fr/main.ftl (a test
# checks it).

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
lang-switch = Français
demo-banner = Demonstration: fictitious data, do not report anything real here.
emergency = If you are in immediate danger, call 17 or 112.
footer-privacy = vigie does not track you: no advertising, no audience measurement, no tracking cookie. Your IP address and your browser are never recorded.
footer-tor = For more discretion, you can use vigie with Tor Browser.

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
staff-link-partner = Cases referred to me
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
staff-teams-created = Team created. You are a member, and can add other people.
staff-teams-added = Member added: the team key was passed on to them.
staff-teams-removed = Member removed: the team key was renewed.
staff-teams-hint = To add someone, you must be a member of the team: you are the one who passes the team key on.
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
