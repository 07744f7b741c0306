# Prevention, issue 12 items 3, 5 to 7: sessions edited, campaigns, reports, public figures.
staff-audit-kind-prevention-figures-published = Prevention: public figures published
staff-prev-done-session-edited = The session is updated.
staff-prev-done-campaign-added = The campaign is added.
staff-prev-done-campaign-edited = The campaign is updated.
staff-prev-done-figures-published = The figures are published on the observatory.
staff-prev-session-edit = Edit the session
staff-prev-session-edit-link = Edit the session of { $day }
staff-prev-error-end-before-start = The end cannot come before the start: correct one of the two dates.
staff-prev-error-districts = Tick at least one arrondissement.
staff-prev-error-reach = Enter a whole number, or leave it empty.
# Campaigns.
staff-prev-campaigns-title = Campaigns
staff-prev-campaigns-intro = Posters, events, social media, radio: each campaign's period, the arrondissements it covered and its reach.
staff-prev-campaigns-empty = No campaign yet.
staff-prev-campaign-new = Add a campaign
staff-prev-campaign-add = Add the campaign
staff-prev-campaign-edit = Edit the campaign
staff-prev-campaign-form-intro = A campaign holds no personal data: dates, arrondissements and numbers.
staff-prev-campaign-name = Name
staff-prev-campaign-kind = Kind
staff-prev-campaign-kind-posters = Posters
staff-prev-campaign-kind-event = Event
staff-prev-campaign-kind-social-media = Social media
staff-prev-campaign-kind-radio = Radio
staff-prev-campaign-period = Period
staff-prev-campaign-period-value = from { $start } to { $end }
staff-prev-campaign-start = Start
staff-prev-campaign-end = End
staff-prev-campaign-districts = Arrondissements
staff-prev-campaign-districts-hint = Tick every arrondissement for a city-wide campaign.
staff-prev-campaign-reach = Reach
staff-prev-campaign-reach-count = Number reached
staff-prev-campaign-reach-hint = Optional: a whole number, with what it counts.
staff-prev-campaign-reach-unit = What the number counts
staff-prev-campaign-no-reach = Not measured
staff-prev-campaign-programme = Programme
staff-prev-campaign-no-programme = No programme
staff-prev-reach-unit-people = People met
staff-prev-reach-unit-views = Views
staff-prev-reach-unit-listeners = Listeners
staff-prev-reach-unit-copies = Copies
staff-prev-reach-people = { $count } people met
staff-prev-reach-views = { $count } views
staff-prev-reach-listeners = { $count } listeners
staff-prev-reach-copies = { $count } copies
# The printable report.
staff-prev-report-title = Report
staff-prev-report-heading = Prevention report { $year }
staff-prev-report-bad-year = This year is not valid: choose a year between 2000 and 2100.
staff-prev-report-scope-all = Every programme.
staff-prev-report-scope-programme = Programme "{ $programme }".
staff-prev-report-scope-funder = Programmes funded by "{ $funder }".
staff-prev-report-choose = Another report
staff-prev-report-year = Year
staff-prev-report-any-programme = Every programme
staff-prev-report-any-funder = Every funder
staff-prev-report-show = Show the report
staff-prev-report-not-delivered = Sessions planned and not held, or cancelled
staff-prev-report-young = Young people reached
staff-prev-report-adults = Adults reached
staff-prev-report-participations = Participations (every session)
staff-prev-report-qpv-structures = Of which structures in priority neighbourhoods
staff-prev-report-campaigns = Campaigns
staff-prev-report-age-title = Young people reached by age
staff-prev-report-age-summary = The young people reached in the period, by age band.
staff-prev-report-district-title = Young people reached by arrondissement
staff-prev-report-district-summary = The young people reached in the period, by the structure's arrondissement.
staff-prev-report-district = Arrondissement
staff-prev-report-people-caption = People reached, by age and sex
staff-prev-report-districts-caption = By arrondissement
staff-prev-report-kinds-caption = Structures covered, by kind
staff-prev-report-programmes-caption = By programme
staff-prev-report-campaigns-caption = Campaigns of the period
staff-prev-report-no-campaigns = No campaign in the period.
staff-prev-report-surveys-title = Impact surveys
staff-prev-report-surveys-none = No survey cycle closed in the period.
staff-prev-report-surveys-intro = For each programme, the survey cycles closed in the period: the pairs (a slip answered before and after), the means from 1 to 5 and the mean change. Under { $k } pairs, neither the number nor the means are given, so that no young person's answers can be told.
staff-prev-report-surveys-chart-title = Before-after pairs by programme
staff-prev-report-surveys-chart-summary = The number of slips answered before and after the sessions, by programme; "< { $k }" when there are too few to be given.
staff-prev-report-method = People reached are estimated without any name: the sessions of one programme in one structure count as one group (each age x sex cell takes the largest number of its sessions). It is a low estimate; participations add up every session.
# The public figures, prepared and published by the coordinators.
staff-prev-figures-title = Public figures
staff-prev-figures-intro = The prevention figures published on the observatory, by quarter or year: young people reached, sessions and structures, by arrondissement and age. A figure below { $k }, or one that would reveal such a figure by difference, is not published. A period is published once, when it is over; a year and its quarters are never both published.
staff-prev-figures-published = Already published
staff-prev-figures-published-on = published on { $day }
staff-prev-figures-none = No figures published yet.
staff-prev-figures-preview = Preview: { $period }
staff-prev-figures-period = Period
staff-prev-figures-period-hint = A year (2025) or a quarter (2025-Q3).
staff-prev-figures-show = Show the preview
staff-prev-figures-bad-period = This period is not valid: enter a year (2025) or a quarter (2025-Q3).
staff-prev-figures-publish-title = Publish
staff-prev-figures-publish-intro = The figures published are those of the preview above, as they are; they never change afterwards.
staff-prev-figures-publish-submit = Publish the figures: { $period }
# The observatory's public section.
obs-nav-prevention = Prevention
obs-prev-title = Prevention: young people reached
obs-prev-intro = The prevention workshops the association holds in Marseille's schools, social centres and clubs, by quarter or year.
obs-prev-method = A figure below { $k }, or one that would reveal such a figure by difference, is not published and shows as "< { $k }". Young people reached are estimated without any name: a group that follows several sessions of a programme in one structure counts once.
obs-prev-empty = No prevention figures are published yet.
obs-prev-quarter = { $quarter ->
    [1] 1st quarter { $year }
    [2] 2nd quarter { $year }
    [3] 3rd quarter { $year }
   *[other] { $quarter }th quarter { $year }
}
obs-prev-headline = { $count } young people reached
obs-prev-headline-period = { $count } young people reached ({ $period })
obs-prev-age-title = Young people reached by age
obs-prev-district-title = Young people reached, sessions and structures by arrondissement
obs-prev-cross-title = Young people reached by arrondissement and age
obs-prev-activity-title = Sessions and structures
obs-prev-young-col = Young people reached
obs-prev-district-col = Arrondissement
obs-prev-sessions-col = Sessions
obs-prev-structures-col = Structures
obs-prev-measure-sessions = Sessions held
obs-prev-measure-structures = Structures covered
obs-prev-measure-qpv = Structures in priority neighbourhoods
obs-prev-measure-not-qpv = Structures outside priority neighbourhoods
obs-prev-surveys-title = Impact surveys
obs-prev-surveys-none = This period was published before the survey results: it has none.
obs-prev-surveys-intro = Anonymous surveys, filled in by young people before the sessions, after them, and sometimes three months later, measure how their answers change, from 1 (strongly disagree) to 5 (strongly agree), over the surveys closed during the period. A result is published only from { $k } pairs (a young person who answered before and after), at least { $k } of them outside the structure with the most: no figure is one class's, nor one young person's.
obs-prev-surveys-chart-title = Young people who answered before and after, by statement
obs-prev-surveys-summary = { $pairs } young people answered before and after; { $shown ->
    [0] no statement has enough answers to be published
    [one] one statement has enough answers to be published
   *[other] { $shown } statements have enough answers to be published
  } ("< { $k }" otherwise).
obs-prev-surveys-statement-col = Statement
obs-prev-surveys-pairs-col = Before-after pairs
obs-prev-surveys-change-col = Mean change
obs-prev-surveys-later-pairs-col = Before-three months pairs
obs-prev-surveys-later-change-col = Change at three months
obs-prev-files-title = Open data
obs-prev-download-csv = The period's figures (CSV)
obs-prev-download-surveys-csv = The period's survey results (CSV)
obs-prev-download-json = The period's figures (JSON)
obs-prev-api = Every published period (API)
obs-prev-periods-label = Other periods
obs-prev-section-title = Prevention
obs-prev-section-period = over the period: { $period }
obs-prev-section-link = The prevention figures
