# De pagina's van de aanvrager (/s/…). Berichten over één feit of stap staan in het bestand
# van het schadetype.
intake-progress = Stap { $current } van { $total }
intake-transcript = Uw antwoorden tot nu toe
intake-earlier = Eerdere antwoorden ({ $count })
intake-you = U
intake-change = Wijzig
intake-back = Vorige
intake-continue = Verder
intake-start = Beginnen
intake-optional = (niet verplicht)
intake-yes = Ja
intake-no = Nee
intake-not-given = Niet opgegeven

intake-consent-label = Ik heb dit gelezen en ga akkoord
intake-consent-answer = Akkoord gegeven
intake-prefill-note = Dit hebben we van uw verzekeraar gekregen. Klopt het? Pas het anders aan.

intake-hint-date = Bijvoorbeeld 3-2-2025 of 3 februari 2025
intake-hint-amount = Bijvoorbeeld 1.234,56
intake-hint-licence_plate = Bijvoorbeeld AB-123-C
intake-hint-iban = Bijvoorbeeld NL91 ABNA 0417 1643 00
intake-hint-email = Bijvoorbeeld naam@voorbeeld.nl
intake-hint-phone = Bijvoorbeeld 06 12345678

intake-error-summary-title = Er is een probleem
intake-error-required = Vul dit in.
intake-error-option = Kies een van de mogelijkheden.
intake-error-consent = Geef aan dat u akkoord gaat om verder te gaan.
intake-error-too-long = Dit is te lang. Maak het korter.
intake-error-future = Deze datum ligt in de toekomst. Vul de datum in waarop het gebeurde.
intake-error-amount-range = Dit bedrag kan niet kloppen. Controleer het bedrag.
intake-error-empty = Vul dit in.
intake-error-invalid_date = Vul een geldige datum in, bijvoorbeeld 3-2-2025.
intake-error-invalid_amount = Vul een bedrag in, bijvoorbeeld 1.234,56.
intake-error-invalid_licence_plate = Vul een Nederlands kenteken in, bijvoorbeeld AB-123-C.
intake-error-invalid_iban = Vul een IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00.
intake-error-invalid_iban_length = Dit IBAN heeft niet het juiste aantal tekens voor dat land.
intake-error-invalid_iban_checksum = Dit IBAN klopt niet. Controleer de cijfers.
intake-error-invalid_policy_number = Vul een polisnummer in met letters en cijfers.
intake-error-invalid_person_name = Vul een naam in.
intake-error-invalid_email = Vul een e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.
intake-error-invalid_phone = Vul een telefoonnummer in, bijvoorbeeld 06 12345678.
intake-error-invalid_postcode = Vul een postcode in, bijvoorbeeld 1234 AB.
intake-error-invalid_yes_no = Kies ja of nee.
intake-error-invalid_text = Vul dit in.

intake-docs-hint = { $types }; hoogstens { $size } MB per bestand en { $count } bestanden.
intake-docs-choose = Kies bestanden
intake-docs-upload = Uploaden
intake-docs-uploaded = Uw bestanden
intake-docs-none = Nog geen bestanden.
intake-docs-remove = Verwijder
intake-docs-answer = Bestanden gegeven
intake-docs-status-received = Wordt gelezen…
intake-docs-status-processed = Gelezen
intake-docs-status-stored = Ontvangen
intake-docs-status-failed = Kon niet worden gelezen
intake-docs-failed-encrypted = Beveiligd met een wachtwoord: upload een versie zonder wachtwoord.
intake-docs-failed-unreadable = Dit bestand is beschadigd of geen echte PDF: upload het opnieuw of kies een ander bestand.
intake-docs-failed-ocr_unavailable = Een foto of scan die we niet automatisch lezen; een medewerker bekijkt hem.
intake-docs-failed-other = Kon niet automatisch worden gelezen; een medewerker bekijkt het.
intake-upload-too-big = { $name } is te groot. Een bestand mag hoogstens { $size } MB zijn.
intake-upload-wrong-type = { $name } is geen PDF, JPG of PNG die hier past. Kies een ander bestand.
intake-upload-too-many = U kunt hier nog { $count } bestand(en) uploaden. Verwijder eerst een bestand of upload er minder.
intake-upload-duplicate = { $name }: dit bestand had u al geüpload.
intake-upload-none = Kies eerst een bestand.
intake-upload-required = Upload ten minste één bestand.
intake-upload-broken = Het uploaden is niet gelukt. Probeer het opnieuw.

intake-wait-title = We lezen uw documenten
intake-wait-status = { $done } van { $total } documenten klaar.
intake-wait-body = Dit duurt meestal een paar seconden. Deze pagina ververst vanzelf.
intake-wait-refresh = Nu verversen

intake-document-generic = uw document
intake-source-answer = uw antwoord
intake-source-prefill = gegevens van uw verzekeraar
intake-source-document = { $document }, pagina { $page }: „{ $quote }”
intake-confirm-intro = Dit vonden we in { $document }.
intake-confirm-prefill = Dit kregen we van uw verzekeraar.
intake-confirm-question = Klopt dat?
intake-confirm-yes = Ja, dat klopt
intake-confirm-no = Nee, het juiste antwoord is:
intake-conflict-intro = We vonden verschillende antwoorden. Welke klopt?
intake-missing-intro = Dit hebben we niet in uw documenten gevonden. Weet u het?
intake-followup-other = Iets anders
intake-followup-unknown = Ik weet het niet
intake-other-value = Het juiste antwoord (als u hierboven „{ intake-followup-other }” of „Nee” koos)

intake-summary-title = Controleer en verstuur
intake-summary-intro = Kijk of alles klopt. U kunt een antwoord hierboven nog wijzigen.
intake-summary-facts = Wat we vastleggen
intake-summary-source = Bron
intake-summary-documents = Uw bestanden
intake-submit = Verstuur melding

intake-done-title = Bedankt, uw melding is verstuurd
intake-done-body = Uw verzekeraar heeft alles ontvangen en neemt contact met u op als er nog iets nodig is. U kunt dit venster sluiten.
intake-done-return = Terug naar uw verzekeraar
intake-done-redirect = U gaat zo vanzelf terug naar uw verzekeraar.
