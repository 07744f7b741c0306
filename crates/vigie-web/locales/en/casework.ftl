# Casework: the help requests (/espace/accompagnement).
staff-link-casework = Casework
staff-help-title = Help requests
staff-help-intro = The help requests your casework teams received, newest first. Each time one is opened, the audit log records it.
staff-help-count = { $count ->
    [0] No request
    [one] One request
   *[other] { $count } requests
}
staff-help-empty = No help request yet.
staff-help-number-link = Request no. { $number }
staff-help-asker = Who asks
staff-help-urgency = How soon
staff-help-needs = Needs
staff-help-asker-victim = Victim
staff-help-asker-family = Relative of a victim
staff-help-asker-witness = Witness
staff-help-asker-professional = Professional, for someone
staff-help-urgency-today = Today
staff-help-urgency-this-week = This week
staff-help-urgency-no-rush = No rush
staff-help-need-psychological = psychological support
staff-help-need-legal = legal help
staff-help-need-medical = medical care
staff-help-need-social = social support
staff-help-need-housing = housing, a safe place
staff-help-need-administrative = paperwork
staff-help-request-heading = Help request no. { $number }
staff-help-message = What the person wrote
staff-help-no-message = The person wrote nothing more.
staff-help-reach = How to reach the person
staff-help-channel = Channel
staff-help-channel-phone = Phone call
staff-help-channel-sms = Text message
staff-help-channel-email = E-mail
staff-help-contact = Number or address
staff-help-safe-times = When it is safe
staff-help-code-word = Code word to say first
staff-help-reach-care = Call or write only at the times given, say the code word first, and leave no message that mentions the association.
staff-help-follow-up-only = The person wants to be reached through their follow-up code only: answer below, they will read your message on the follow-up page.
staff-help-no-contact = No contact channel is readable with your keys.
staff-help-conversation = Messages with the person
staff-help-no-messages = No message yet.
staff-help-reply = Your answer
staff-help-reply-hint = The person reads it with their follow-up code. Write nothing that would put them in danger if someone else read their phone.
staff-help-reply-submit = Send the answer
staff-help-done-reply = Answer sent.
staff-help-error-reply = Write an answer (20,000 characters at most).
