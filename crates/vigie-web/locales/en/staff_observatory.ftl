## The observatory, staff side: the analysts' area (/espace/observatoire) and the qualification of a
## report into an incident by the team handling it. Every key starts with staff-obs-.

staff-obs-title = Observatory
staff-obs-intro = Analysts record incidents from outside sources, review those the teams qualify from reports, then publish a monthly edition under disclosure control. Reports themselves are never visible here.
staff-obs-back-overview = Back to the observatory
staff-obs-back-list = Back to the list of incidents
staff-obs-month-label = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
  } { $year }

# Overview
staff-obs-review-heading = To review
staff-obs-to-review = { $count ->
    [0] No incident is waiting for review.
    [one] 1 incident is waiting for your review.
   *[other] { $count } incidents are waiting for your review.
  }
staff-obs-to-review-link = See the incidents to review
staff-obs-latest = Latest edition
staff-obs-latest-none = No edition has been published yet.
staff-obs-edition-id = Identifier
staff-obs-edition-period = Covers up to
staff-obs-edition-published = Published on
staff-obs-edition-public-link = See the observatory's public page
staff-obs-next = Next publication
staff-obs-next-month = The next month that can be published is { $month }.
staff-obs-next-wait = { $month } can be published once the month is over.
staff-obs-next-nothing = No incident has been accepted yet: there is nothing to publish.
staff-obs-links = Observatory pages
staff-obs-link-incidents = List of incidents
staff-obs-link-new = Record an incident
staff-obs-link-publish = Publish an edition or a correction
staff-obs-link-context = Import official series (SSMSI)

# Codes
staff-obs-category-deal-point = Deal point
staff-obs-category-lookouts-minors = Lookouts, recruitment of minors
staff-obs-category-threats = Threats, intimidation
staff-obs-category-violence = Violence, score-settling
staff-obs-category-hall-occupation = Occupied hallway, squat
staff-obs-category-online = Online trafficking
staff-obs-category-corruption = Corruption
staff-obs-category-other = Other
staff-obs-category-homicide = Trafficking-related homicide
staff-obs-category-attempted-homicide = Trafficking-related attempted homicide
staff-obs-category-seizure = Seizure (drugs, weapons, assets)
staff-obs-category-deal-point-closure = Deal point closed
staff-obs-source-report = Report
staff-obs-source-press = Press
staff-obs-source-police = Police (figures or communiqué)
staff-obs-source-association = The association's observation
staff-obs-source-court = Courts (decision or hearing)
staff-obs-status-proposed = Proposed, to review
staff-obs-status-accepted = Accepted
staff-obs-status-rejected = Rejected

# The incident form
staff-obs-notice-title = No personal data, no names.
staff-obs-notice = Do not write a name, nickname, address or any detail that could identify a person, in any field. The source reference is for analysts only and is never published. No free text is published: only the category, the area, the month and the numbers go into the public figures, under disclosure control.
staff-obs-errors-intro = The form has errors; nothing was saved. Please fix:
staff-obs-fieldset-what = What
staff-obs-fieldset-where = Where
staff-obs-fieldset-when = When and how many
staff-obs-choose = Choose…
staff-obs-field-category = Category
staff-obs-field-source = Source type
staff-obs-source-fixed = Source type: { $source } (does not change)
staff-obs-field-district = Arrondissement
staff-obs-field-neighbourhood = Quartier (optional)
staff-obs-field-neighbourhood-hint = A quartier of the chosen arrondissement. Leave "not specified" when in doubt: a cell that is too fine is not published below the threshold anyway.
staff-obs-field-neighbourhood-none = Not specified
staff-obs-field-month = Month
staff-obs-field-month-hint = Written YYYY-MM, for example 2026-03: a past month or the current one.
staff-obs-field-count = Number of facts
staff-obs-field-count-hint = A whole number from 1 to 10,000.
staff-obs-field-contributors = Number of contributors
staff-obs-field-contributors-hint = How many reports, cases or people these facts stand for (1 to 10,000). A cell with fewer than k contributors is never published as is.
staff-obs-field-reference = Source reference (optional)
staff-obs-field-reference-hint = For example an article's title and date, a communiqué number: enough to find the source again. For analysts only, never published; at most 300 characters.
staff-obs-error-category = Choose a category from the list.
staff-obs-error-district = Choose an arrondissement from the list.
staff-obs-error-neighbourhood = Choose a quartier from the list, or "not specified".
staff-obs-error-neighbourhood-district = This quartier is not in the chosen arrondissement.
staff-obs-error-month = Write the month as YYYY-MM, for example 2026-03.
staff-obs-error-month-future = This month has not come yet: an incident is something that happened.
staff-obs-error-number = A whole number from 1 to 10,000.
staff-obs-error-source = Choose a source type from the list.
staff-obs-error-source-report = Incidents from a report are qualified from the report's page.
staff-obs-error-reference = At most 300 characters.

# List
staff-obs-incidents-title = Incidents
staff-obs-incidents-intro = Every incident, newest month first. Only accepted incidents count in editions.
staff-obs-filters = Filters
staff-obs-any = Any
staff-obs-filter-month-hint = YYYY-MM
staff-obs-filter-submit = Filter
staff-obs-count = { $count ->
    [0] No incidents.
    [one] 1 incident.
   *[other] { $count } incidents.
  }
staff-obs-empty = No incident matches.
staff-obs-col-month = Month
staff-obs-col-category = Category
staff-obs-col-area = Area
staff-obs-col-count = Facts
staff-obs-col-contributors = Contributors
staff-obs-col-source = Source
staff-obs-col-status = Status

# Record, review, correct
staff-obs-new-title = Record an incident
staff-obs-new-intro = An incident from an outside source (press, police, association, courts) counts as soon as it is recorded. Incidents from reports are qualified by the team handling them, then reviewed here.
staff-obs-record-submit = Record the incident
staff-obs-incident-heading = Incident: { $category }, { $month }
staff-obs-facts = What is recorded
staff-obs-reference = Reference (analysts only)
staff-obs-reference-none = None
staff-obs-recorded-by = Recorded by
staff-obs-origin-report = Qualified from a report by the team handling it. The report's content is not visible from the observatory.
staff-obs-review = Review
staff-obs-review-hint = Only accepted incidents count, from the next edition on (a month already published changes only through a published correction).
staff-obs-accept = Accept the incident
staff-obs-reject = Reject the incident
staff-obs-correct = Correct
staff-obs-correct-hint = A correction does not change editions already published: a published month changes only through a published correction.
staff-obs-correct-submit = Save the correction
staff-obs-done-recorded = Incident recorded.
staff-obs-done-corrected = Correction saved.
staff-obs-done-accepted = Incident accepted: it will count in the next edition.
staff-obs-done-rejected = Incident rejected: it will not be counted.

# Publish
staff-obs-publish-title = Publish an edition
staff-obs-publish-intro = An edition publishes the months finished since the previous one. Each month is published once, then frozen: later editions carry it unchanged, and only a published correction can change it.
staff-obs-publish-rules = Disclosure control: any cell (area, category, month) with fewer than k = { $k } facts or contributors is published as "fewer than { $k }", and other cells are hidden so that it cannot be worked out from totals, quartiers or earlier editions. An interval audit then checks that every hidden cell stays imprecise enough: it may hide more cells.
staff-obs-publish-noise = Differential-privacy noise (epsilon { $epsilon } per cell) is drawn once per cell, then frozen.
staff-obs-publish-edition = Publish the next edition
staff-obs-publish-month = Latest month covered
staff-obs-publish-month-hint = A finished month after the latest edition. Every month not yet published up to this one is published together.
staff-obs-publish-wait = Publishing may take a second or two.
staff-obs-publish-submit = Publish the edition
staff-obs-correction = Publish a correction
staff-obs-correction-intro = A correction publishes a month of the latest edition again, from the incidents as they are now, in a new edition. The previous edition stays readable.
staff-obs-correction-none = No edition has been published yet: there is nothing to correct.
staff-obs-correction-month = Month to correct
staff-obs-changelog = What changes (one line, published)
staff-obs-changelog-hint = Required: one line of at most 300 characters, published with the edition. No personal data.
staff-obs-correction-submit = Publish the correction
staff-obs-published = Edition { $edition } published.
staff-obs-published-correction = Correction published: edition { $edition }.
staff-obs-published-cells = { $month }: { $suppressed ->
    [0] no cell hidden
    [one] { $suppressed } cell hidden
   *[other] { $suppressed } cells hidden
  } out of { $cells }.
staff-obs-published-link = See the public dashboard
staff-obs-publish-error-month = Choose a month from the list (YYYY-MM).
staff-obs-publish-error-not-over = { $month } is not over: an edition covers finished months only.
staff-obs-publish-error-already = { $month } is already published (latest edition { $edition }): publish a later month, or a correction.
staff-obs-publish-error-changelog = A correction says what changes: write it in one line.
staff-obs-publish-error-changelog-long = What changes fits in a single line of at most 300 characters.
staff-obs-publish-error-nothing-to-correct = No edition has been published yet: there is nothing to correct.
staff-obs-publish-error-not-covered = { $month } is not covered by the latest edition.
staff-obs-publish-error-nothing = No incident has been accepted yet: there is nothing to publish.
staff-obs-publish-error-concurrent = Another edition was published at the same moment: reload the page, then try again.
staff-obs-publish-error-audit = The interval audit refuses this release: { $cells } hidden cell(s) would stay too precise. Nothing was published.
staff-obs-publish-error-rules = This instance's disclosure rules are invalid (configuration to fix): { $detail }
staff-obs-publish-error-input = This month's figures cannot be published as they are: { $detail }
staff-obs-publish-error-correction = This correction cannot be made: { $detail }

# Official series
staff-obs-context-title = Official series
staff-obs-context-intro = Official series (SSMSI: recorded crime by département and year) are shown beside our figures, with their source and licence. A series already on file (same indicator, unit and territory) is replaced; each edition carries the series on file when it is published.
staff-obs-context-import = Import a file
staff-obs-context-file = SSMSI CSV file (5 MB at most)
staff-obs-context-file-hint = The départemental file published on data.gouv.fr, comma-separated, with the columns code_departement, annee, indicateur, unite_de_compte and nombre (taux_pour_mille and insee_pop optional).
staff-obs-context-paste = Or paste the file's content
staff-obs-context-paste-hint = Used only when no file is chosen.
staff-obs-context-territory = Territory
staff-obs-context-source = Source
staff-obs-context-source-hint = Shown with the series on the public pages.
staff-obs-context-submit = Import
staff-obs-context-done = { $count ->
    [one] { $count } series imported.
   *[other] { $count } series imported.
  }
staff-obs-context-error-file = File refused:
staff-obs-context-error-line = Line { $line } of the file:
staff-obs-context-error-line-column = Line { $line }, column { $column }:
staff-obs-context-error-fix = Nothing was imported: fix the file, then send it again.
staff-obs-context-error-empty = Choose a file or paste its content.
staff-obs-context-error-utf8 = The file is not UTF-8 text: save it as UTF-8 CSV, then try again.
staff-obs-context-error-too-large = The file is larger than 5 MB: nothing was imported.
staff-obs-context-error-label = Required: one line of at most 200 characters.
staff-obs-context-series = Series on file
staff-obs-context-series-none = No series on file.
staff-obs-context-col-indicator = Indicator
staff-obs-context-col-unit = Unit of count
staff-obs-context-col-territory = Territory
staff-obs-context-col-years = Years
staff-obs-context-col-latest = Latest value
staff-obs-context-col-source = Source and licence

# Qualify a report (a report's page)
staff-obs-qualify-title = Qualify as an incident
staff-obs-qualify-intro = Qualify this report as a non-identifying incident: a category, an area, a month and numbers, nothing else. An analyst reviews it before it counts, and never sees the report's content.
staff-obs-qualify-submit = Qualify as an incident
staff-obs-qualify-done = Report qualified as an incident: an analyst will review it.
staff-obs-qualify-exists = This report is already qualified: one incident per report.
staff-obs-qualify-qualified = This report is qualified as an incident:
staff-obs-qualify-status = Incident status
