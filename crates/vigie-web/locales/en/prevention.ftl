# Prevention (/espace/prevention): structures, programmes, sessions, the year's dashboard.
staff-audit-kind-prevention-changed = Prevention: structure or programme added or edited, session recorded
staff-prev-nav = Prevention
staff-prev-dashboard-title = Prevention
staff-prev-dashboard-intro = The year's prevention workshops: sessions, people met (numbers only, never a name), structures and priority neighbourhoods covered.
staff-prev-year = Year { $year }
staff-prev-years = Other years
staff-prev-year-link = See { $year }
staff-prev-sessions-delivered = Sessions delivered
staff-prev-sessions-planned = Sessions planned or cancelled
staff-prev-young = Young people met
staff-prev-adults = Adults met
staff-prev-covered = Structures covered
staff-prev-covered-value = { $count ->
    [0] None
    [one] One structure
   *[other] { $count } structures
}
staff-prev-covered-qpv = { $count ->
    [0] (none in a priority neighbourhood)
    [one] (one of them in a priority neighbourhood)
   *[other] ({ $count } of them in priority neighbourhoods)
}
staff-prev-qpv-share = Share of the young people met in priority neighbourhoods (QPV)
staff-prev-percent = { $value }%
staff-prev-nobody-yet = Nobody has been met yet this year.
staff-prev-active-structures = Active partner structures
staff-prev-active-programmes = Programmes offered
staff-prev-reached-caption = People met in { $year }, by age and sex
staff-prev-band = Age
staff-prev-total = Total
staff-prev-band-9-11 = 9-11
staff-prev-band-12-14 = 12-14
staff-prev-band-15-18 = 15-18
staff-prev-band-adults = Adults (parents, professionals)
staff-prev-sex-female = Girls, women
staff-prev-sex-male = Boys, men
staff-prev-sex-not-said = Not stated
staff-prev-yes = Yes
staff-prev-no = No
staff-prev-state = State
staff-prev-active = Active
staff-prev-inactive = Inactive
staff-prev-back = Back to the list
staff-prev-choose = Choose…
staff-prev-save = Save the changes
staff-prev-any = All
staff-prev-filters = Filter
staff-prev-filter-submit = Filter
staff-prev-month = Month
staff-prev-month-hint = As YYYY-MM, for example 2026-03.
staff-prev-not-given = Not given
staff-prev-facilitators-hint = The prevention team's accounts.
staff-prev-done-structure-added = The structure was added.
staff-prev-done-structure-edited = The structure was edited.
staff-prev-done-programme-added = The programme was added.
staff-prev-done-programme-edited = The programme was edited.
staff-prev-done-session-recorded = The session was recorded.
staff-prev-errors-intro = The form was not saved. Please correct:
staff-prev-error-line = { $field }: { $message }
staff-prev-error-name = Enter the name.
staff-prev-error-choose = Choose from the list.
staff-prev-error-unknown = Choose one of the options in the list.
staff-prev-error-too-long = This text is too long: shorten it.
staff-prev-error-audiences = Tick at least one audience.
staff-prev-error-cycle = Enter a whole number of sessions, from 1 to 40.
staff-prev-error-count = Enter a whole number from 0 to 500, or leave the box empty.
staff-prev-error-too-many = A session counts at most 1000 participants: check the numbers.
staff-prev-error-day = Enter a date as YYYY-MM-DD, within the last five years or the coming year.
staff-prev-error-future = A delivered session cannot be in the future: correct the date, or untick "The session took place".
staff-prev-error-not-delivered = A session that did not take place counts no participant: empty the numbers, or tick "The session took place".
staff-prev-error-no-participants = A delivered session counts at least one participant: enter the numbers.
staff-prev-error-email = Enter an e-mail address (name@domain.org), or leave it empty.
staff-prev-error-phone = Enter a phone number (digits, spaces, dots or dashes), or leave it empty.
staff-prev-error-quartier = This quartier is not in the chosen arrondissement: choose one of that arrondissement, or none.
staff-prev-structures-title = Structures
staff-prev-structures-intro = Primary, middle and high schools, social and youth centres, clubs and associations where the team works. Each structure's contact is encrypted and read by the prevention team only; every reading is written to the audit log.
staff-prev-structures-count = { $count ->
    [0] No structure.
    [one] One structure.
   *[other] { $count } structures.
}
staff-prev-structures-empty = No structure yet.
staff-prev-structure-title = Structure
staff-prev-structure-new = Add a structure
staff-prev-structure-add = Add the structure
staff-prev-structure-edit = Edit the structure
staff-prev-structure-altered = This structure was changed outside vigie: its encrypted contact no longer matches. Tell the administrator.
staff-prev-structure-form-intro = The name, kind and place are used by the lists and reports. The contact is encrypted: only the prevention team reads it.
staff-prev-structure-fieldset-what = The structure
staff-prev-structure-fieldset-where = Where
staff-prev-structure-name = Name
staff-prev-structure-name-hint = The school's or the structure's name, never a person's.
staff-prev-structure-kind = Kind
staff-prev-structure-place = Place
staff-prev-structure-district = Arrondissement
staff-prev-structure-neighbourhood = Quartier
staff-prev-structure-neighbourhood-hint = Optional; it must be in the chosen arrondissement.
staff-prev-structure-neighbourhood-none = Not given
staff-prev-structure-qpv = In a priority neighbourhood (QPV)
staff-prev-structure-qpv-hint = A priority neighbourhood of the city policy (quartier prioritaire de la politique de la ville).
staff-prev-structure-active = The team works with this structure
staff-prev-structure-contact = Contact
staff-prev-structure-contact-hint = Encrypted: only the prevention team reads it, and every reading is written to the audit log.
staff-prev-structure-person = Contact person
staff-prev-structure-role = Role
staff-prev-structure-phone = Phone
staff-prev-structure-email = E-mail
staff-prev-structure-notes = Notes
staff-prev-kind-ecole = Primary school
staff-prev-kind-college = Middle school (collège)
staff-prev-kind-lycee = High school (lycée)
staff-prev-kind-social-centre = Social centre
staff-prev-kind-youth-centre = Youth centre
staff-prev-kind-sports-club = Sports club
staff-prev-kind-association = Association
staff-prev-programmes-title = Programmes
staff-prev-programmes-intro = The workshop programmes: their theme, audience, sessions in a cycle, who facilitates them, and the funder or the action of the local strategy (STSPD) they answer.
staff-prev-programmes-empty = No programme yet.
staff-prev-programme-new = Add a programme
staff-prev-programme-add = Add the programme
staff-prev-programme-edit = Edit the programme
staff-prev-programme-form-intro = A programme holds no personal data.
staff-prev-programme-name = Name
staff-prev-programme-theme = Theme
staff-prev-programme-audiences = Audience
staff-prev-programme-cycle-sessions = Sessions per cycle
staff-prev-programme-cycle-hint = A whole number, from 1 to 40.
staff-prev-programme-facilitators = Facilitators
staff-prev-programme-funder = Funder or STSPD action
staff-prev-programme-funder-hint = For example "STSPD action sheet 2.1" or the funder's name.
staff-prev-programme-active = This programme is offered
staff-prev-theme-drugs = Risks of drugs
staff-prev-theme-lookouts = Recruitment as lookouts, "jobs"
staff-prev-theme-online = Online recruitment
staff-prev-theme-parents = Support for parents
staff-prev-theme-professionals = Training of professionals
staff-prev-audience-9-11 = Aged 9-11
staff-prev-audience-12-14 = Aged 12-14
staff-prev-audience-15-18 = Aged 15-18
staff-prev-audience-parents = Parents
staff-prev-audience-professionals = Professionals
staff-prev-sessions-title = Sessions
staff-prev-sessions-intro = The sessions delivered or planned, newest first. Participants are numbers, never names.
staff-prev-sessions-count = { $count ->
    [0] No session matches.
    [one] One session.
   *[other] { $count } sessions.
}
staff-prev-sessions-empty = No session matches.
staff-prev-session-new = Record a session
staff-prev-session-add = Record the session
staff-prev-session-planned = No (planned or cancelled)
staff-prev-session-fieldset-what = The session
staff-prev-session-day = Date
staff-prev-session-day-hint = As YYYY-MM-DD. A session to come is recorded as planned.
staff-prev-session-structure = Structure
staff-prev-session-programme = Programme
staff-prev-session-facilitators = Facilitators
staff-prev-session-delivered = Delivered
staff-prev-session-delivered-field = The session took place
staff-prev-session-delivered-hint = Untick for a session planned or cancelled: it then counts no participant.
staff-prev-session-counts = Participants, by age and sex
staff-prev-session-counts-hint = Whole numbers from 0 to 500; an empty box counts zero.
staff-prev-counts-only-title = Numbers only
staff-prev-counts-only = Never write a child's name or any personal data: this form asks only for numbers of participants.
