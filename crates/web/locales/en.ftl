# English: short sentences, everyday words.
lang-name = English
skip-to-content = Skip to content
help-button = Help and questions
footer-text = { $brand } is a safe place for your care information.
nav-home = Home

home-title = Welcome to { $brand }
home-intro = With { $brand } you see your care information in one safe place. For example, who your practitioner is and when your appointments are. You can also share your information with people who help you.
home-create-account = Create account
home-login = Log in
home-have-letter = Did you get a letter with a code from your care provider? Then click ‘Create account’.
home-have-account = Do you already have an account? Then click ‘Log in’.

not-yet-title = Not available yet
not-yet-text = This part of { $brand } is not ready yet. Please try again later.
back-home = Back to the home page

help-title = Help and questions
help-intro = Here you find answers to questions people often ask. Is your question not here? Then see below who can help you.
help-who-title = Who can help you?
help-login-problems = Trouble logging in?
help-login-problems-text = Send an e-mail to:
help-no-letter = No letter with a code? Or has the code expired?
help-no-letter-text = Contact the secretariat of your care provider.
help-care-questions = Questions about your care information?
help-care-questions-text = Ask your practitioner.
help-secretariats = Secretariats
help-phone = Phone
help-email = E-mail
help-faq-title = Frequently asked questions
faq-what-q = What is { $brand }?
faq-what-a = { $brand } is a personal health environment. You see your care information there, such as your appointments and who your practitioner is. You can share that information with people you trust.
faq-letter-q = What do I need to create an account?
faq-letter-a = You need your own e-mail address, a phone and the letter with a code from your care provider.
faq-code-q = My code does not work. What now?
faq-code-a = The code may have expired. Ask the secretariat of your care provider for a new letter.
faq-safe-q = Is my information safe?
faq-safe-a = Yes. Only you and the people you give permission can see your information. You log in with a password and an extra check on your phone.

error-title = Something went wrong
error-not-found-title = This page does not exist
error-not-found-text = Maybe the link is old or has a typo.
error-server-text = Something went wrong on our side. Please try again in a few minutes.
error-unavailable-text = { $brand } cannot be reached right now. Please try again in a few minutes.
error-forbidden-title = This request was refused
error-forbidden-text = This request did not come from a page of { $brand }. Go back and try again.
error-too-large-text = What you sent is too large.

dev-outbox-title = Outgoing messages (demo)
dev-outbox-intro = In the demo, e-mails and text messages are not really sent. You find them here, newest first.
dev-outbox-mail = E-mails
dev-outbox-sms = Text messages
dev-outbox-empty = Nothing sent yet.
dev-outbox-to = To
dev-outbox-subject = Subject
dev-outbox-date = Date
dev-outbox-body = Message
dev-outbox-back = Back to all messages
