# The public observatory: dashboard, methodology, editions, open data.

obs-title = Observatory
obs-heading = Drug trafficking observatory, Marseille
obs-intro = Every month, the association publishes the number of drug-trafficking incidents recorded in Marseille: verified reports, press, police, courts, field observation. No figure can single out a person.
obs-subnav-label = Observatory pages
obs-nav-dashboard = Dashboard
obs-nav-methodology = Methodology
obs-nav-editions = Editions
obs-nav-data = Open data
obs-methodology-link = How the figures are made (methodology)
obs-data-dictionary-link = Columns, codes and the API described

# Months and dates.
obs-month-1 = January
obs-month-2 = February
obs-month-3 = March
obs-month-4 = April
obs-month-5 = May
obs-month-6 = June
obs-month-7 = July
obs-month-8 = August
obs-month-9 = September
obs-month-10 = October
obs-month-11 = November
obs-month-12 = December
obs-month-label = { $name } { $year }
obs-date = { $day } { $name } { $year }

# Categories (the open data's codes).
obs-category-total = All categories
obs-category-deal-point = Deal points
obs-category-lookouts-minors = Lookouts, recruitment of minors
obs-category-threats = Threats, intimidation
obs-category-violence = Violence, score settling
obs-category-hall-occupation = Occupied entrance halls, squats
obs-category-online = Online trafficking
obs-category-corruption = Corruption
obs-category-other = Other incidents
obs-category-homicide = Trafficking-related homicides
obs-category-attempted-homicide = Trafficking-related attempted homicides
obs-category-seizure = Seizures (drugs, weapons, assets)
obs-category-deal-point-closure = Deal points closed

obs-level-arrondissement = Arrondissements
obs-level-quartier = Quartiers
obs-level-arrondissement-plural = arrondissements
obs-level-quartier-plural = quartiers

# The edition shown.
obs-edition-line = Edition { $edition }, published on { $date }. It covers { $first } to { $last }.
obs-edition-correction = This edition corrects edition { $supersedes }: { $changelog }
obs-edition-older = You are reading an earlier edition.
obs-edition-latest-link = See the latest edition ({ $edition })
obs-edition-choice-correction = { $edition }, correction

# Filters.
obs-filters-title = Choose what is shown
obs-filter-month = Month
obs-filter-category = Category
obs-filter-level = Map areas
obs-filter-submit = Show
obs-filter-edition = Edition
obs-filter-edition-submit = Change edition
obs-category-links-label = Categories
obs-month-links-label = Neighbouring months
obs-month-previous = Previous month: { $month }
obs-month-next = Next month: { $month }

# Suppressed figures and noise.
obs-suppressed-title = What does “< { $k }” mean?
obs-suppressed-text = A figure shown as “< { $k }” is not published. Either it counts fewer than { $k } incidents or fewer than { $k } people, or it is hidden so that it cannot be worked out from the other figures (by difference from a total). On the charts and the map, these values are hatched.
obs-suppressed-label = < { $k }, not published
obs-noise-note = Each published figure received a little random noise (differential privacy, epsilon = { $epsilon }), drawn once and then frozen.
obs-change-none = not computable

# Key figures.
obs-total-label = incidents recorded in Marseille in { $month }, all categories together
obs-figures-title = Key figures, { $month }
obs-figures-caption = Incidents recorded in Marseille in { $month } by category, compared with the month before
obs-figures-summary-change = In { $month }, { $total } incidents were recorded in Marseille, all categories together ({ $change } compared with { $previous }).
obs-figures-summary = In { $month }, { $total } incidents were recorded in Marseille, all categories together.
obs-figures-summary-hidden = In { $month }, the total of incidents recorded in Marseille is not published (fewer than { $k }).
obs-col-category = Category
obs-col-change = Change
obs-col-month = Month
obs-col-count = Incidents
obs-col-area = Area
obs-col-code = Code
obs-col-year = Year
obs-col-label = Label

# Monthly series.
obs-series-title = Month by month: { $category }
obs-series-caption = Incidents recorded in Marseille each month: { $category }
obs-series-summary = From { $first } to { $last }, the monthly number of incidents ({ $category }) ranged from { $min } to { $max }; in { $last }: { $latest }.
obs-series-summary-none = From { $first } to { $last }, no monthly figure ({ $category }) can be published: all are below the threshold.

# By category.
obs-bars-title = By category, { $month }
obs-bars-caption = Incidents recorded in Marseille in { $month }, by category
obs-bars-summary = In { $month }, the most frequent category is “{ $category }” ({ $count } incidents); { $hidden ->
    [0] no category is hidden.
    [one] one category is hidden (< { $k }).
   *[other] { $hidden } categories are hidden (< { $k }).
}
obs-bars-summary-none = In { $month }, no category has a figure that can be published (all are below { $k } or hidden).

# Map.
obs-map-title = Map by { $level }: { $category }, { $month }
obs-map-caption = Incidents recorded in { $month } by area
obs-map-legend = Incidents, { $month }
obs-map-no-data = no data
obs-map-attribution = Boundaries: IGN / INSEE, quartiers aggregated by J. Gombin — Licence Ouverte 2.0
obs-map-summary = Map of Marseille's { $level } ({ $category }, { $month }): the most incidents are in “{ $area }” ({ $count }); { $hidden ->
    [0] no area is hidden.
    [one] one area out of { $all } is hidden (< { $k }), hatched.
   *[other] { $hidden } areas out of { $all } are hidden (< { $k }), hatched.
}
obs-map-summary-none = Map of Marseille's { $level } ({ $category }, { $month }): none of the { $all } areas has a figure that can be published ({ $hidden } hidden, < { $k }).
obs-map-quartier-notice = Figures by quartier are published for all categories together only. For “{ $category }”, the map therefore shows the arrondissements.

# Official context.
obs-context-title = Official figures for context
obs-context-intro = These public statistics give an order of magnitude. They do not count the same incidents as the observatory and cover another territory.

# Downloads.
obs-context-latest-title = Latest known values
obs-context-caption = Official series, { $territory }: latest known year and the year before
obs-context-summary = { $count } public statistics series for { $territory }, with their latest known year and the change over one year; the full series are in the edition's data.
obs-context-source = Sources: { $source }
obs-context-territories = several territories
obs-col-indicator = Indicator
obs-col-value = Number
obs-col-year-before = Year before

obs-downloads-title = Download this edition's data
obs-download-series-csv = Monthly series by area (CSV)
obs-download-series-json = Monthly series by area (JSON)
obs-download-areas-csv = Latest month by area (CSV)
obs-download-areas-json = Latest month by area (JSON)
obs-download-areas-geojson = Latest month by area, with boundaries (GeoJSON)
obs-licence-line = Data published under the { $licence }. To cite it: “vigie, observatory, edition { $edition }”.

# No edition yet.
obs-empty-title = No edition published yet
obs-empty-text = The observatory publishes its figures once a month, when the month is over. The first edition has not been published yet.

# A refused parameter.
obs-bad-title = Incorrect address
obs-bad-invalid = The address's “{ $parameter }” parameter does not have an accepted value.
obs-bad-unknown = This page has no “{ $parameter }” parameter.
obs-bad-repeated = The “{ $parameter }” parameter appears more than once in the address.
obs-bad-allowed = Accepted values:
obs-bad-back = Back to the dashboard

# Methodology.
obs-method-title = Methodology
obs-method-intro = How the observatory counts, what it publishes, and what it never publishes.
obs-method-sources-title = Sources
obs-method-sources-text = Each counted fact is an “incident” recorded by the association: a category, an arrondissement (and a quartier when known), a month, a number of facts, and the number of reports, cases or people it stands for. It comes from one of these sources:
obs-method-review = A report only becomes an incident once the team has qualified it and an analyst has reviewed it. Analysts never read the reports themselves.
obs-method-definitions-title = Definitions
obs-method-definitions-text = The published categories, with their open-data codes:
obs-method-areas = Areas: Marseille's 16 arrondissements (INSEE codes 13201 to 13216) and its 111 quartiers (seven-digit codes, such as 1320101). Figures by quartier are published for all categories together only.
obs-method-months = Months: calendar months, Marseille time. A month is published only once it is over.
obs-method-threshold-title = Publication threshold
obs-method-threshold-text = A figure counting fewer than { $k } incidents, or incidents from fewer than { $k } reports, cases or people, is not published: it shows as “< { $k }”. Zero is treated the same way, so that an absence does not stand out.
obs-method-secondary-text = Other figures are hidden as well (secondary suppression), so that a hidden figure cannot be worked out by difference: a total minus the other cells, an arrondissement minus its quartiers, an edition minus the one before.
obs-method-audit-text = Before each publication, a computation checks, for each hidden figure, the range of values the published figures still allow: it must stay at least as wide as the threshold. Otherwise the publication is refused.
obs-method-noise-title = Random noise
obs-method-noise-on = Each published figure receives a little random noise (differential privacy, discrete Laplace mechanism, epsilon = { $epsilon } per figure). Totals may therefore differ slightly from the sum of their parts.
obs-method-noise-off = This instance adds no random noise to its figures: they are exact, apart from suppression.
obs-method-noise-frozen = When noise is used, it is drawn once per figure and then frozen: republishing a month does not let anyone average it away.
obs-method-editions-title = Editions and corrections
obs-method-editions-text = An edition is published every month: it carries the months already published unchanged and adds the month just over. An edition never changes. When an incident is reported late, a correction is published as a new edition, with a line saying what changed; earlier editions stay available.
obs-method-never-title = What is never published
obs-method-never-reports = the content of reports, messages and attachments;
obs-method-never-people = anything about a person: name, contact, age, address;
obs-method-never-places = exact places, dates and times (only the month and the area are published);
obs-method-never-references = the references of sources (articles, press releases) recorded by analysts;
obs-method-never-small = figures below the threshold of { $k } and those that would reveal them;
obs-method-never-residual = the number of an arrondissement's incidents that are not placed in any quartier.
obs-method-context-title = Context and maps
obs-method-context-text = Official context figures (French Interior Ministry statistics, SSMSI) are shown as published, with their source and licence. They cannot be compared directly with the observatory's figures.

obs-define-total = Every recorded incident, all categories together.
obs-define-deal-point = A place where drugs are sold, reported or observed.
obs-define-lookouts-minors = Lookouts (“choufs”) and the recruitment of minors into trafficking.
obs-define-threats = Threats, pressure and intimidation linked to trafficking.
obs-define-violence = Physical violence linked to trafficking, score settling without death.
obs-define-hall-occupation = Entrance halls, stairwells or flats taken over by trafficking.
obs-define-online = Sales or recruitment through messaging apps and social networks.
obs-define-corruption = Corruption or complicity linked to trafficking.
obs-define-other = Trafficking-related incidents that fit no other category.
obs-define-homicide = Homicides whose link with trafficking the sources establish.
obs-define-attempted-homicide = Attempted homicides whose link with trafficking the sources establish.
obs-define-seizure = Seizures of drugs, weapons or assets announced by the authorities.
obs-define-deal-point-closure = Deal points dismantled or closed, announced by the authorities or observed.

obs-source-report = residents' reports, qualified by the team
obs-source-press = press
obs-source-police = police figures and press releases
obs-source-association = the association's field observation
obs-source-court = court decisions and hearings

# Edition history.
obs-editions-title = Editions
obs-editions-intro = Every published edition, newest first. An edition never changes: a correction is a new edition.
obs-editions-caption = Published editions, with their corrections and files
obs-col-edition = Edition
obs-col-period = Latest month covered
obs-col-published = Published on
obs-col-correction = Correction
obs-col-files = Files
obs-editions-first = First publication of this month
obs-editions-corrects = Corrects edition { $supersedes }: { $changelog }
obs-editions-api = The same list as JSON

# Open data.
obs-data-title = Open data
obs-data-intro = Each edition's figures can be downloaded as CSV, JSON and GeoJSON, with no sign-up and no key, and are described here column by column.
obs-data-files-title = Addresses
obs-data-files-text = Every address answers a plain GET request, from any site (open CORS). An edition's files never change.
obs-data-url-list = the list of editions, newest first (id, month, publication date, licence);
obs-data-url-edition = one edition: threshold, noise, months covered, corrections, key figures, official context, links to its files;
obs-data-url-series = the monthly series of every month of the edition, by arrondissement and by quartier;
obs-data-url-areas = one month by area (by default the edition's latest month); the GeoJSON adds the boundaries;
obs-data-url-openapi = the full description of the API (OpenAPI 3).
obs-data-url-catalog = the DCAT-AP catalogue (JSON-LD) of every published edition, with each file's licence, size and SHA-256: the address to give data.gouv.fr or another open-data portal so that it harvests these figures.
obs-data-examples-title = Examples
obs-data-example-series = monthly totals by arrondissement.
obs-data-example-range = deal points, January to June 2026.
obs-data-example-map = the map of quartiers for the latest month.
obs-data-params = Filters: category (total or a category code), level (arrondissement or quartier), from and to (months, YYYY-MM) for series, month (YYYY-MM) for areas.
obs-data-errors = An incorrect parameter gets a 400 error, an unknown edition a 404 error, always in this shape:
obs-data-columns-title = Columns
obs-data-columns-caption = Columns of the CSV, JSON and GeoJSON files
obs-col-column = Column
obs-col-type = Type
obs-col-meaning = Meaning
obs-col-example = Example
obs-data-type-text = text
obs-data-type-code = code
obs-data-type-month = month YYYY-MM
obs-data-type-count = integer or empty
obs-data-type-boolean = true or false
obs-data-col-area-code = The area's code: the arrondissement's INSEE code (13201 to 13216) or the quartier's code (seven digits).
obs-data-col-area-level = The area's level: arrondissement or quartier.
obs-data-col-category = The category's code, or total for all categories together.
obs-data-col-period = The month counted.
obs-data-col-count = The published number of incidents; empty (CSV) or null (JSON) when hidden.
obs-data-col-suppressed = true when the figure is hidden (published as “< k”, k being the edition's threshold).
obs-data-col-edition = The edition the row comes from (CSV only; at the top of the file in JSON and GeoJSON).
obs-data-col-licence = The data's licence (CSV only; at the top of the file in JSON and GeoJSON).
obs-data-formats-title = Formats
obs-data-format-csv = CSV: RFC 4180, UTF-8 without BOM, comma separator, CRLF line ends, one header row; an empty number when hidden; true or false.
obs-data-format-json = JSON: an object naming the edition, the month, the publication date, the licence and the threshold k, holding the rows; null when a number is hidden.
obs-data-format-geojson = GeoJSON (RFC 7946, WGS 84): one feature per row, with the same properties and the area's name; the edition and the licence at the top.
obs-data-codes-title = Code lists
obs-data-categories-caption = Categories (column category)
obs-data-levels-caption = Levels (column area_level)
obs-level-arrondissement-text = one of Marseille's 16 arrondissements
obs-level-quartier-text = one of Marseille's 111 quartiers (figures for all categories together only)
obs-data-arrondissements-caption = Arrondissements (column area_code)
obs-data-quartiers-summary = The 111 quartiers and their codes
obs-data-quartiers-caption = Quartiers (column area_code)
obs-data-licence-title = Licence
obs-data-licence-text = The data is published under the { $licence }: you may reuse it freely, commercially too, citing the source (“vigie, observatory”) and the edition.
obs-data-licence-url = The licence's text:
obs-other-editions-title = Other editions
obs-other-editions-link = Every edition and its corrections
