# Autoschade: alle tekst voor de aanvrager bij case_types/motor_claim.toml.
motor_claim-title = Autoschade melden

## Feiten, zoals ze in samenvattingen, bevestigingen en het dossier heten.
motor_claim-fact-claimant_name = Uw naam
motor_claim-fact-claimant_email = E-mailadres
motor_claim-fact-claimant_phone = Telefoonnummer
motor_claim-fact-policy_number = Polisnummer
motor_claim-fact-licence_plate = Kenteken
motor_claim-fact-incident_date = Schadedatum
motor_claim-fact-incident_location = Plaats van de schade
motor_claim-fact-incident_type = Soort schade
motor_claim-fact-incident_description = Wat er gebeurde
motor_claim-fact-counterparty_involved = Andere partij betrokken
motor_claim-fact-counterparty_licence_plate = Kenteken van de tegenpartij
motor_claim-fact-damage_amount = Schadebedrag
motor_claim-fact-iban = Rekeningnummer (IBAN) voor de uitbetaling

motor_claim-option-incident_type-collision = Aanrijding met een ander voertuig
motor_claim-option-incident_type-parking_damage = Schade terwijl de auto geparkeerd stond
motor_claim-option-incident_type-single_vehicle = Ongeval zonder ander voertuig
motor_claim-option-incident_type-vandalism = Vandalisme
motor_claim-option-incident_type-storm_or_hail = Storm of hagel
motor_claim-option-incident_type-other = Iets anders

## Stappen van het gesprek.
motor_claim-step-consent = Voordat we beginnen
motor_claim-step-consent-notice = We gebruiken uw antwoorden en documenten alleen om deze schade voor uw verzekeraar af te handelen. We bewaren ze zolang de verzekeraar ze voor de schade nodig heeft, en u kunt uw verzekeraar vragen ze in te zien of te verwijderen.
motor_claim-step-claimant_name = Wat is uw naam?
motor_claim-step-claimant_email = Op welk e-mailadres kunnen we u bereiken?
motor_claim-step-claimant_phone = Op welk telefoonnummer kunnen we u bereiken?
motor_claim-step-policy_number = Wat is uw polisnummer?
motor_claim-step-licence_plate = Wat is het kenteken van uw auto?
motor_claim-step-incident_date = Op welke datum is de schade ontstaan?
motor_claim-step-incident_location = Waar is het gebeurd?
motor_claim-step-incident_type = Wat voor schade is het?
motor_claim-step-incident_description = Vertel in uw eigen woorden wat er is gebeurd.
motor_claim-step-counterparty_involved = Was er een andere partij bij betrokken?
motor_claim-step-counterparty_licence_plate = Wat is het kenteken van de tegenpartij?
motor_claim-step-damage_report = Upload uw schadeformulier of Europees schadeformulier
motor_claim-step-repair_quote = Upload de offerte of factuur van de reparatie
motor_claim-step-photos = Upload foto's van de schade
motor_claim-step-iban = Op welk rekeningnummer (IBAN) mogen we uitbetalen?

## Hoe een document van elke stap heet als het gesprek eruit citeert.
motor_claim-step-damage_report-document = uw schadeformulier
motor_claim-step-repair_quote-document = uw offerte of factuur
motor_claim-step-photos-document = uw foto
