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
