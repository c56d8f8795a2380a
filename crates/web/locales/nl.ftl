# Nederlands (B1): korte zinnen, gewone woorden.
lang-name = Nederlands
skip-to-content = Naar de inhoud
help-button = Hulp en vragen
footer-text = { $brand } is een veilige plek voor je zorginformatie.
nav-home = Home

home-title = Welkom bij { $brand }
home-intro = Met { $brand } zie je jouw zorginformatie op één veilige plek. Bijvoorbeeld wie jouw behandelaar is en wanneer je afspraken zijn. Je kunt je informatie ook delen met mensen die je helpen.
home-create-account = Account aanmaken
home-login = Inloggen
home-have-letter = Heb je een brief met een code gekregen van je zorgaanbieder? Klik dan op ‘Account aanmaken’.
home-have-account = Heb je al een account? Klik dan op ‘Inloggen’.

not-yet-title = Dit kan nog niet
not-yet-text = Dit deel van { $brand } is nog niet klaar. Probeer het later nog eens.
back-home = Terug naar de startpagina

help-title = Hulp en vragen
help-intro = Hier vind je antwoorden op vragen die veel gesteld worden. Staat je vraag er niet bij? Kijk dan hieronder wie je kunt vragen.
help-who-title = Wie kan je helpen?
help-login-problems = Problemen met inloggen?
help-login-problems-text = Stuur een e-mail naar:
help-no-letter = Geen brief met code gekregen? Of is de code verlopen?
help-no-letter-text = Neem contact op met het secretariaat van je zorgaanbieder.
help-care-questions = Vragen over je zorginformatie?
help-care-questions-text = Vraag het aan je behandelaar.
help-secretariats = Secretariaten
help-phone = Telefoon
help-email = E-mail
help-faq-title = Veelgestelde vragen
faq-what-q = Wat is { $brand }?
faq-what-a = { $brand } is een persoonlijke gezondheidsomgeving. Je ziet er je zorginformatie, zoals je afspraken en wie je behandelaar is. Je kunt die informatie delen met mensen die je vertrouwt.
faq-letter-q = Wat heb ik nodig om een account te maken?
faq-letter-a = Je hebt een eigen e-mailadres nodig, een telefoon en de brief met een code van je zorgaanbieder.
faq-code-q = Mijn code werkt niet. Wat nu?
faq-code-a = De code kan verlopen zijn. Vraag het secretariaat van je zorgaanbieder om een nieuwe brief.
faq-safe-q = Zijn mijn gegevens veilig?
faq-safe-a = Ja. Alleen jij en de mensen die jij toestemming geeft, zien je gegevens. Je logt in met een wachtwoord en een extra controle via je telefoon.

error-title = Er ging iets mis
error-not-found-title = Deze pagina bestaat niet
error-not-found-text = Misschien is de link oud of zit er een typfout in.
error-server-text = Er ging iets mis bij ons. Probeer het over een paar minuten nog eens.
error-unavailable-text = { $brand } is even niet bereikbaar. Probeer het over een paar minuten nog eens.
error-forbidden-title = Dit verzoek is geweigerd
error-forbidden-text = Dit verzoek kwam niet van een pagina van { $brand }. Ga terug en probeer het nog eens.
error-too-large-text = Wat je stuurde is te groot.

dev-outbox-title = Uitgaande berichten (demo)
dev-outbox-intro = In de demo gaan e-mails en sms-berichten niet echt weg. Je vindt ze hier, de nieuwste bovenaan.
dev-outbox-mail = E-mails
dev-outbox-sms = Sms-berichten
dev-outbox-empty = Nog niets verstuurd.
dev-outbox-to = Aan
dev-outbox-subject = Onderwerp
dev-outbox-date = Datum
dev-outbox-body = Bericht
dev-outbox-back = Terug naar alle berichten

button-next = Volgende
button-continue = Verder
button-back = Terug
yes = Ja
no = Nee

terms-title = Voorwaarden
terms-intro = Lees eerst
terms-link = de voorwaarden
terms-why = Deze afspraken zijn gemaakt om jou te beschermen.
terms-accept = Ik ga akkoord met de voorwaarden
terms-start = Start met { $brand }
terms-error = Vink aan dat je akkoord gaat met de voorwaarden.
terms-have-account = Heb je al een account? Log dan in en ga naar de pagina Connecties om de brief met code te activeren.
terms-page-title = De voorwaarden van { $brand }
terms-page-1 = { $brand } is een veilige plek voor jouw zorginformatie. Jij bepaalt wie je informatie ziet.
terms-page-2 = Je zorgaanbieder zet je informatie in { $brand }. Klopt er iets niet? Vraag het aan je behandelaar.
terms-page-3 = Je maakt je account alleen voor jezelf, met je eigen naam en je eigen e-mailadres. Je wachtwoord en de codes op je telefoon geef je aan niemand.
terms-page-4 = { $brand } houdt bij wie je gegevens bekijkt. Je kunt je account altijd opzeggen.

name-title = Wat is je naam?
name-intro = Vul hier altijd jouw eigen naam in.
name-first = Voornaam
name-last = Achternaam
name-missing = Vul je voornaam en je achternaam in.
name-too-long = Je naam is te lang. Gebruik hoogstens 100 tekens.

role-title = Wat is jouw rol?
role-receives = Ik ontvang hulp
role-gives = Ik geef hulp
choice-missing = Maak een keuze.
gives-help-title = Je geeft hulp aan iemand
gives-help-1 = Wil je een account maken voor iemand die jij helpt? Bijvoorbeeld voor je kind, of als mentor of curator?
gives-help-2 = Dat kan nog niet in { $brand }. Vraag het secretariaat van de zorgaanbieder wat je nu kunt doen.
gives-help-3 = Ontvang je zelf hulp? Ga dan terug en kies ‘Ik ontvang hulp’.

manage-title = Wie gaat je account beheren?
manage-self = Ja, { $name } heeft een eigen e-mailadres en kan { $brand } zelfstandig beheren
manage-other = Nee, iemand anders gaat mijn account beheren
manage-intro = Na het aanmaken van je account kun je naasten uitnodigen die jou helpen. Jij blijft dan zelf de beheerder.
someone-else-title = Iemand anders beheert je account
someone-else-1 = Gaat iemand anders jouw account beheren? Bijvoorbeeld je ouder, mentor of curator? Dan maakt die persoon het account aan.
someone-else-2 = Die persoon kiest dan bij ‘Wat is jouw rol?’ voor ‘Ik geef hulp’. De brief met de code is dan voor die persoon.

email-title = Wat is je e-mailadres?
email-label = E-mailadres
email-hint = Bijvoorbeeld: naam@voorbeeld.nl
email-intro = Heb je nog geen e-mailadres? Maak deze dan eerst aan.
email-invalid = Dit is geen goed e-mailadres. Schrijf het zo: naam@voorbeeld.nl

letter-title = Heb je een brief ontvangen met een code?
letter-intro = Als het goed is heb je een brief met een code gekregen van je zorgaanbieder.
no-letter-title = Geen brief met een code?
no-letter-1 = Heb je geen brief ontvangen of is de code verlopen? Neem dan contact op met het secretariaat van je zorgaanbieder.
no-letter-2 = Je kunt ook nu al een account maken, zonder koppeling met je zorgaanbieder. Als je de brief hebt, koppel je je zorgaanbieder op de pagina Connecties.
no-letter-continue = Account maken zonder brief

code-title = Vul de code en je geboortedatum in
code-intro = Vul de code uit de brief in. Vul ook je geboortedatum in. Zo weten we zeker dat jij het bent.
code-label = Code uit de brief
code-hint = De code heeft 10 cijfers.
birth-date-label = Geboortedatum
birth-date-hint = bijvoorbeeld 31-12-1990
code-not-working = Werkt de code niet? Het kan zijn dat de code is verlopen. Vraag het secretariaat van je zorgaanbieder om een nieuwe brief.
code-wrong-length = De code heeft 10 cijfers. Kijk nog eens in de brief.
code-not-digits = De code bestaat alleen uit cijfers. Kijk nog eens in de brief.
code-typo = Er zit een typfout in de code. Kijk nog eens goed naar de cijfers in de brief.
birth-date-format = Schrijf je geboortedatum zo: 31-12-1990.
birth-date-no-such-date = Deze datum bestaat niet. Kijk nog eens naar je geboortedatum.
birth-date-future = Deze datum ligt in de toekomst. Kijk nog eens naar je geboortedatum.
no-match = De code of geboortedatum klopt niet.
wait-minutes = Je hebt het te vaak geprobeerd. Probeer het over { $minutes } minuten opnieuw.
letter-expired = Deze brief is verlopen. Vraag het secretariaat van { $provider } om een nieuwe brief: { $phone } of { $email }.
letter-used = Deze code is al gebruikt. Heb je al een account? Log dan in. Anders: vraag het secretariaat van { $provider } om een nieuwe brief: { $phone } of { $email }.
letter-revoked = Deze brief geldt niet meer. Er is misschien een nieuwe brief gestuurd. Vraag het secretariaat van { $provider }: { $phone } of { $email }.
letter-locked = Deze brief is geblokkeerd, omdat er te vaak een verkeerde geboortedatum is ingevuld. Vraag het secretariaat van { $provider } om een nieuwe brief: { $phone } of { $email }.
not-for-self = Deze brief is niet bedoeld om zelf een account te maken. Ben je jonger dan 16 jaar? Dan maakt je ouder of voogd het account aan. Vragen? Neem contact op met { $provider }.

match-title = Ik heb een koppeling gevonden
match-intro = Controleer jouw naam en de naam van je zorgaanbieder.
match-name = Naam
match-provider = Zorgaanbieder
match-confirm = Ja, dit klopt
match-wrong = Klopt dit niet? Stuur een e-mail naar
check-title = Controleer je gegevens
check-intro = Controleer nog één keer jouw naam en de naam van je zorgaanbieder. Klik daarna op ‘Volgende’. Dan krijg je een e-mail van { $brand }.
check-email = E-mailadres
check-no-provider = Geen koppeling. Je koppelt je zorgaanbieder later.

sent-title = We hebben je een e-mail gestuurd
sent-1 = We hebben een e-mail gestuurd naar { $email }.
sent-2 = Open de e-mail en klik op de knop ‘Account activeren’. Soms moet je even wachten op deze e-mail. Kijk ook in je map met ongewenste e-mail.
sent-again = Stuur de e-mail opnieuw
sent-wrong-address = Is dit niet je e-mailadres?
sent-change-address = Verander je e-mailadres

mail-activate-subject = Activeer je account bij { $brand }
mail-activate-hello = Hallo { $name },
mail-activate-1 = Je hebt een account aangemaakt bij { $brand }. Klik op de knop om je account te activeren.
mail-activate-button = Account activeren
mail-activate-2 = Deze link werkt 24 uur en één keer.
mail-activate-3 = Heb jij geen account aangemaakt? Dan hoef je niets te doen.
mail-exists-subject = Je hebt al een account bij { $brand }
mail-exists-1 = Iemand wilde met dit e-mailadres een nieuw account maken bij { $brand }. Maar je hebt al een account.
mail-exists-2 = Log in met je e-mailadres en wachtwoord. Wachtwoord vergeten? Neem contact op met { $support }.
mail-exists-3 = Was jij dit niet? Dan hoef je niets te doen.
mail-regards = Groeten van { $brand }

activate-title = Account activeren
activate-intro = Klik op de knop om je account te activeren. Daarna kies je een wachtwoord.
activate-invalid-title = Deze link werkt niet meer
activate-invalid-1 = De link is al gebruikt of is ouder dan 24 uur.
activate-invalid-2 = Begin opnieuw met een account aanmaken. Dan krijg je een nieuwe e-mail.

password-title = Kies een wachtwoord
password-intro = Kies een wachtwoord dat niet makkelijk te raden is, maar wel makkelijk te onthouden.
password-rules = Het wachtwoord moet minimaal 8 tekens zijn. Dit kunnen letters, cijfers of leestekens zijn. Tip: neem een paar woorden achter elkaar, zoals ‘fiets boom regen lantaarn’.
password-label = Wachtwoord
password-repeat = Vul je wachtwoord nog een keer in
password-mismatch = De twee wachtwoorden zijn niet hetzelfde. Vul ze nog een keer in.
password-too-short = Je wachtwoord is te kort. Gebruik minimaal 8 tekens.
password-too-long = Je wachtwoord is te lang. Gebruik hoogstens 1000 tekens.
password-common = Dit wachtwoord gebruiken veel mensen. Daarom is het makkelijk te raden. Kies een ander wachtwoord.
password-too-easy = Dit wachtwoord is te makkelijk te raden. Maak het langer, bijvoorbeeld met een paar woorden achter elkaar.
password-personal = Je wachtwoord mag niet je naam of je e-mailadres bevatten. Kies een ander wachtwoord.
letter-taken = Je account kon niet worden gemaakt: de brief is intussen al gebruikt. Heb je al een account? Log dan in.

done-title = Je account is aangemaakt!
done-1 = Je bent ook alvast ingelogd.
done-2 = Je bent er bijna! Voeg nog je telefoonnummer toe. Hiermee controleert het systeem of jij het wel echt bent.
done-start = Start met { $brand }

login-title = Inloggen
login-email = E-mailadres
login-password = Wachtwoord
login-button = Inloggen
login-wrong = Het e-mailadres of het wachtwoord klopt niet.
login-no-account = Nog geen account?
login-create = Account aanmaken
logout-button = Uitloggen

care-title = Zorgpagina
care-logged-in-as = Ingelogd als
care-phone-title = Voeg je telefoonnummer toe
care-phone-text = Hiermee controleert het systeem of jij het wel echt bent. Daarna zie je hier je zorginformatie.
care-phone-button = Telefoonnummer toevoegen
care-connected-with = Je zorgpagina is gekoppeld aan
care-no-providers = Je zorgpagina is nog niet gekoppeld aan een zorgaanbieder. Heb je een brief met een code? Dan koppel je je zorgaanbieder op de pagina Connecties.
care-team-title = Jouw behandelaar
care-team-empty = Er staat nog geen behandelaar bij je zorgaanbieder.
care-reach-provider = Vragen? Bel of mail je zorgaanbieder:
care-upcoming = Je volgende afspraken
care-no-upcoming = Je hebt geen afspraken gepland.
care-past = Eerdere afspraken
care-no-past = Er zijn nog geen eerdere afspraken.
care-more-past = Oudere afspraken
care-with = met
care-where = Waar
care-video = Beeldbellen: klik hier op het moment van de afspraak
care-cancelled = Deze afspraak gaat niet door.
