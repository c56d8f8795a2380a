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

button-next = Next
button-continue = Continue
button-back = Back
yes = Yes
no = No

terms-title = Terms
terms-intro = First read
terms-link = the terms
terms-why = These agreements are there to protect you.
terms-accept = I agree to the terms
terms-start = Start with { $brand }
terms-error = Tick the box to agree to the terms.
terms-have-account = Do you already have an account? Then log in and go to the Connections page to activate the letter with the code.
terms-page-title = The terms of { $brand }
terms-page-1 = { $brand } is a safe place for your care information. You decide who sees your information.
terms-page-2 = Your care provider puts your information in { $brand }. Is something wrong? Ask your practitioner.
terms-page-3 = You make your account only for yourself, with your own name and your own e-mail address. Never give anyone your password or the codes on your phone.
terms-page-4 = { $brand } keeps track of who looks at your information. You can always close your account.

name-title = What is your name?
name-intro = Always fill in your own name here.
name-first = First name
name-last = Last name
name-missing = Fill in your first name and your last name.
name-too-long = Your name is too long. Use at most 100 characters.

role-title = What is your role?
role-receives = I receive care
role-gives = I give help
choice-missing = Make a choice.
gives-help-title = You help someone
gives-help-1 = Do you want to make an account for someone you help? For example for your child, or as a mentor or guardian?
gives-help-2 = That is not possible in { $brand } yet. Ask the secretariat of the care provider what you can do now.
gives-help-3 = Do you receive care yourself? Then go back and choose ‘I receive care’.

manage-title = Who will manage your account?
manage-self = Yes, { $name } has their own e-mail address and can manage { $brand } on their own
manage-other = No, someone else will manage my account
manage-intro = After you create your account, you can invite people close to you who help you. You stay the manager.
someone-else-title = Someone else manages your account
someone-else-1 = Will someone else manage your account? For example your parent, mentor or guardian? Then that person creates the account.
someone-else-2 = That person then chooses ‘I give help’ at ‘What is your role?’. The letter with the code is then for that person.

email-title = What is your e-mail address?
email-label = E-mail address
email-hint = For example: name@example.com
email-intro = No e-mail address yet? Make one first.
email-invalid = This is not a valid e-mail address. Write it like this: name@example.com

letter-title = Did you receive a letter with a code?
letter-intro = You should have received a letter with a code from your care provider.
no-letter-title = No letter with a code?
no-letter-1 = Did you not receive a letter, or has the code expired? Then contact the secretariat of your care provider.
no-letter-2 = You can also make an account now, without a link to your care provider. When you have the letter, you connect your care provider on the Connections page.
no-letter-continue = Make an account without a letter

code-title = Fill in the code and your date of birth
code-intro = Fill in the code from the letter. Also fill in your date of birth. That way we know for sure it is you.
code-label = Code from the letter
code-hint = The code has 10 digits.
birth-date-label = Date of birth
birth-date-hint = for example 31-12-1990
code-not-working = Does the code not work? It may have expired. Ask the secretariat of your care provider for a new letter.
code-wrong-length = The code has 10 digits. Look at the letter again.
code-not-digits = The code has only digits. Look at the letter again.
code-typo = There is a typo in the code. Look carefully at the digits in the letter again.
birth-date-format = Write your date of birth like this: 31-12-1990.
birth-date-no-such-date = This date does not exist. Look at your date of birth again.
birth-date-future = This date is in the future. Look at your date of birth again.
no-match = The code or date of birth is not correct.
wait-minutes = You tried too often. Try again in { $minutes } minutes.
letter-expired = This letter has expired. Ask the secretariat of { $provider } for a new letter: { $phone } or { $email }.
letter-used = This code has been used already. Do you have an account? Then log in. If not: ask the secretariat of { $provider } for a new letter: { $phone } or { $email }.
letter-revoked = This letter is no longer valid. Maybe a new letter was sent. Ask the secretariat of { $provider }: { $phone } or { $email }.
letter-locked = This letter is blocked, because a wrong date of birth was filled in too often. Ask the secretariat of { $provider } for a new letter: { $phone } or { $email }.
not-for-self = This letter is not meant for making an account yourself. Are you younger than 16? Then your parent or guardian makes the account. Questions? Contact { $provider }.

match-title = I found a match
match-intro = Check your name and the name of your care provider.
match-name = Name
match-provider = Care provider
match-confirm = Yes, this is correct
match-wrong = Is this not correct? Send an e-mail to
check-title = Check your details
check-intro = Check your name and the name of your care provider one more time. Then click ‘Next’. You will get an e-mail from { $brand }.
check-email = E-mail address
check-no-provider = No link. You connect your care provider later.

sent-title = We sent you an e-mail
sent-1 = We sent an e-mail to { $email }.
sent-2 = Open the e-mail and click the button ‘Activate account’. Sometimes the e-mail takes a while. Also look in your junk mail folder.
sent-again = Send the e-mail again
sent-wrong-address = Is this not your e-mail address?
sent-change-address = Change your e-mail address

mail-activate-subject = Activate your account at { $brand }
mail-activate-hello = Hello { $name },
mail-activate-1 = You created an account at { $brand }. Click the button to activate your account.
mail-activate-button = Activate account
mail-activate-2 = This link works for 24 hours, and once.
mail-activate-3 = Did you not create an account? Then you do not need to do anything.
mail-exists-subject = You already have an account at { $brand }
mail-exists-1 = Someone wanted to make a new account at { $brand } with this e-mail address. But you already have an account.
mail-exists-2 = Log in with your e-mail address and password. Forgot your password? Contact { $support }.
mail-exists-3 = Was this not you? Then you do not need to do anything.
mail-regards = Regards from { $brand }

activate-title = Activate account
activate-intro = Click the button to activate your account. Then you choose a password.
activate-invalid-title = This link no longer works
activate-invalid-1 = The link has been used already or is older than 24 hours.
activate-invalid-2 = Start creating an account again. You will get a new e-mail.

password-title = Choose a password
password-intro = Choose a password that is not easy to guess, but easy to remember.
password-rules = The password must have at least 8 characters. These can be letters, digits or punctuation marks. Tip: use a few words in a row, like ‘bicycle tree rain lantern’.
password-label = Password
password-repeat = Fill in your password again
password-mismatch = The two passwords are not the same. Fill them in again.
password-too-short = Your password is too short. Use at least 8 characters.
password-too-long = Your password is too long. Use at most 1000 characters.
password-common = Many people use this password. That makes it easy to guess. Choose another password.
password-too-easy = This password is too easy to guess. Make it longer, for example with a few words in a row.
password-personal = Your password may not contain your name or your e-mail address. Choose another password.
letter-taken = Your account could not be made: the letter has been used in the meantime. Do you have an account? Then log in.

done-title = Your account has been created!
done-1 = You are logged in already.
done-2 = You are almost there! Add your phone number. The system uses it to check that it is really you.
done-start = Start with { $brand }

login-title = Log in
login-email = E-mail address
login-password = Password
login-button = Log in
login-no-account = No account yet?
login-wrong = The e-mail address or the password is not correct.
login-create = Create account
logout-button = Log out

care-title = Care page
care-logged-in-as = Logged in as
care-phone-title = Add your phone number
care-phone-text = The system uses it to check that it is really you. After that you see your care information here.
care-phone-button = Add phone number
care-connected-with = Your care page is connected to
care-no-providers = Your care page is not connected to a care provider yet. Do you have a letter with a code? Then connect your care provider on the Connections page.
care-team-title = Your practitioner
care-team-empty = No practitioner has been added by your care provider yet.
care-reach-provider = Questions? Call or e-mail your care provider:
care-upcoming = Your next appointments
care-no-upcoming = You have no appointments planned.
care-past = Earlier appointments
care-no-past = There are no earlier appointments yet.
care-more-past = Older appointments
care-with = with
care-where = Where
care-video = Video call: click here at the time of the appointment
care-cancelled = This appointment does not take place.
