# Schade aan de woning: alle tekst voor de aanvrager bij case_types/home_damage.toml.
home_damage-title = Schade aan uw woning melden

## Feiten, zoals ze in samenvattingen, bevestigingen en het dossier heten.
home_damage-fact-claimant_name = Uw naam
home_damage-fact-claimant_email = E-mailadres
home_damage-fact-claimant_phone = Telefoonnummer
home_damage-fact-policy_number = Polisnummer
home_damage-fact-incident_date = Schadedatum
home_damage-fact-damage_cause = Oorzaak van de schade
home_damage-fact-property_address = Adres van de woning met schade
home_damage-fact-incident_description = Wat er gebeurde
home_damage-fact-damage_amount = Schadebedrag
home_damage-fact-iban = Rekeningnummer (IBAN) voor de uitbetaling

home_damage-option-damage_cause-water = Water (lekkage, gesprongen leiding, overstroming)
home_damage-option-damage_cause-storm = Storm of hagel
home_damage-option-damage_cause-fire = Brand, rook of blikseminslag
home_damage-option-damage_cause-burglary = Inbraak of vandalisme
home_damage-option-damage_cause-other = Iets anders

## Stappen van het gesprek.
home_damage-step-consent = Voordat we beginnen
home_damage-step-consent-notice = We gebruiken uw antwoorden en documenten alleen om deze schade voor uw verzekeraar af te handelen. We bewaren ze zolang de verzekeraar ze voor de schade nodig heeft, en u kunt uw verzekeraar vragen ze in te zien of te verwijderen.
home_damage-step-damage_documents = Upload wat u al over de schade heeft: een schadeformulier, een brief of een e-mail
home_damage-step-claimant_name = Wat is uw naam?
home_damage-step-claimant_email = Op welk e-mailadres kunnen we u bereiken?
home_damage-step-claimant_phone = Op welk telefoonnummer kunnen we u bereiken?
home_damage-step-policy_number = Wat is uw polisnummer?
home_damage-step-property_address = Wat is het adres van de woning met schade?
home_damage-step-incident_date = Op welke datum is de schade ontstaan?
home_damage-step-damage_cause = Wat is de oorzaak van de schade?
home_damage-step-incident_description = Vertel in uw eigen woorden wat er is gebeurd.
home_damage-step-quote_or_invoice = Upload de offerte of factuur van de aannemer of hersteller
home_damage-step-photos = Upload foto's van de schade
home_damage-step-damage_amount = Hoe hoog is de schade?
home_damage-step-iban = Op welk rekeningnummer (IBAN) mogen we uitbetalen?

## Hoe een document van elke stap heet als het gesprek eruit citeert.
home_damage-step-damage_documents-document = uw document
home_damage-step-quote_or_invoice-document = uw offerte of factuur
home_damage-step-photos-document = uw foto
