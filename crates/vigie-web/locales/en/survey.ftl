# /questionnaire: the pupils' anonymous impact survey (issue 12, item 4).
survey-title = Survey
survey-lead = Type the code printed on your slip to answer the survey. There are no right or wrong answers.
survey-code = Code on the slip
survey-code-hint = Twelve letters and digits, for example ABCD-EFGH-JKMN. Dashes and spaces do not count.
survey-open = Open the survey
survey-anonymous = The survey is anonymous: nobody asks your name, and nobody can tell who answered what.
survey-error-empty = Type the code printed on your slip.
survey-error-shape = This is not a slip's code: check the twelve letters and digits (there is no O, I, L, 0 or 1).
survey-error-unknown = This code matches no survey. Check the letters and digits, or ask the facilitator for a slip.
survey-error-used = This code has already been used: each code answers only once.
survey-error-closed = This survey is closed: the date to answer it has passed.
survey-form-lead = For each sentence, choose how much you agree, from 1 (strongly disagree) to 5 (strongly agree).
survey-form-code = Code:
survey-wave-before = before the sessions
survey-wave-after = after the sessions
survey-wave-later = three months later
survey-scale-hint = You may leave a sentence unanswered.
survey-point-1 = 1 — strongly disagree
survey-point-2 = 2 — rather disagree
survey-point-3 = 3 — neither agree nor disagree
survey-point-4 = 4 — rather agree
survey-point-5 = 5 — strongly agree
survey-error-point = Choose a number from 1 to 5, or leave the sentence unanswered.
survey-errors-intro = Your answers were not sent: check the sentences marked.
survey-send = Send my answers
survey-done-title = Thank you!
survey-done-lead = Your answers are saved. Thank you for taking the time to answer.
survey-done-text = This code cannot be used again. You may close this page.
survey-help-title = Need to talk to someone?
survey-help-intro = If something worries you, about yourself or someone else, these numbers are free and do not ask your name. In immediate danger, call 17 or 112.
survey-statement-know_risks = I know the risks of the drug trade for young people.
survey-statement-recognise_recruitment = I can tell when someone is trying to get a young person to work for a network (lookout, "job").
survey-statement-can_refuse = I feel able to turn down an offer from a network.
survey-statement-know_help = I know whom to talk to or call if I need help.
survey-statement-online_caution = I know how to protect myself from offers received on social media.
survey-statement-future = I picture my future far from the trade.
# /espace/prevention/questionnaires: the coordinators' side of the surveys.
staff-survey-title = Surveys
staff-survey-intro = Each survey cycle follows a programme in a structure: printed slips each carry a code for "before" and one for "after" (and, if you choose, one for "three months later"), which pair without anyone knowing who answered.
staff-survey-new = New survey cycle
staff-survey-cycles = Survey cycles
staff-survey-programme = Programme
staff-survey-structure = Structure
staff-survey-closes = Closes
staff-survey-slips = Slips printed
staff-survey-responses-all = Responses (before / after / three months)
staff-survey-empty = No survey cycle yet.
staff-survey-closed = closed
staff-survey-results-title = Results
staff-survey-results-intro = For each sentence: the pairs (a slip answered before and after), the means from 1 to 5 and the mean change. Means are shown only from { $k } pairs, so that no young person's answers can be told.
staff-survey-programme-counts = { $name }: { $cycles ->
    [one] one cycle
   *[other] { $cycles } cycles
  }, { $pairs ->
    [0] no pair
    [one] one pair
   *[other] { $pairs } pairs
  }
staff-survey-programme-few = { $name }: { $cycles ->
    [one] one cycle
   *[other] { $cycles } cycles
  }, fewer than { $k } pairs
staff-survey-statements-title = Survey sentences
staff-survey-statements-intro = Choose the sentences young people answer from 1 to 5 for each programme. A new cycle asks the sentences of the moment; a cycle already created keeps its own.
staff-survey-back = Back to the surveys
staff-survey-back-cycle = Back to the cycle
staff-survey-new-intro = A cycle follows a programme in a structure until its closing day. You will then print the slips from its page.
staff-survey-closes-hint = The last day online answers are taken (YYYY-MM-DD), within the coming year.
staff-survey-later-check = A third code, to answer three months later
staff-survey-later-hint = Choose a closing day at least three months after the last session.
staff-survey-create = Create the cycle
staff-survey-later = Third code (three months later)
staff-survey-pairs = Before-after pairs
staff-survey-responses = Responses { $wave }
staff-survey-cycle-title = Surveys: { $programme }, { $structure }
staff-survey-print-title = Print slips
staff-survey-print-intro = The codes are shown only once, on the slips' page: print it straight away. A lost slip is replaced by printing a new one.
staff-survey-slips-count = Number of slips
staff-survey-slips-hint = From 1 to 200: one per young person.
staff-survey-print = Print the slips
staff-survey-key-title = Key in a paper slip
staff-survey-key-intro = Copy the slip's code, then the answers ticked: the slip stays linked to its other codes. Key in nothing else written on the slip.
staff-survey-code = Code on the slip
staff-survey-key = Save the slip
staff-survey-slips-title = Survey slips
staff-survey-slips-once = Print this page now: the codes are kept nowhere in clear and will not be shown again. Cut the slips and hand one to each young person, at random.
staff-survey-slip = Slip { $n }
staff-survey-slip-text = Keep this slip. Answer with the first code before the first session, then with the next one after the last. Scan the QR code or type the code at the address below. Do not write your name.
staff-survey-slip-address = Address:
staff-survey-qr = QR code of the code { $code }
staff-survey-standard = Suggested sentences
staff-survey-own = Your own sentence { $n }
staff-survey-own-hint = A statement answered from 1 to 5, never a question; at most 200 characters.
staff-survey-no-disclosure = No sentence may invite a young person to talk about themselves, their family or their neighbourhood: a survey is not the place for a disclosure. The suggested sentences were chosen for that.
staff-survey-statement = Sentence
staff-survey-mean-before = Mean before
staff-survey-mean-after = Mean after
staff-survey-change = Change
staff-survey-no-statement = No sentence.
staff-survey-too-few = Fewer than { $k } pairs: not shown
staff-survey-wave-before = before
staff-survey-wave-after = after
staff-survey-wave-later = three months later
staff-survey-error-day = Give a closing day as YYYY-MM-DD, from today to a year ahead.
staff-survey-error-code = This code is not one of this cycle's: check it on the slip.
staff-survey-error-code-used = This code already has an answer: a slip is keyed in once.
staff-survey-error-slips = Give a number of slips from 1 to 200.
staff-survey-error-question = Write a statement, not a question (no question mark).
staff-survey-error-too-long = This text is too long: shorten it.
staff-survey-error-required = Choose from the list.
staff-survey-error-unknown = Choose one of the list's options.
staff-survey-done-cycle = The cycle is created: print its slips.
staff-survey-done-keyed = The slip is saved.
staff-survey-done-statements = The programme's sentences are saved.
staff-survey-later-caption = Change between before and three months later
