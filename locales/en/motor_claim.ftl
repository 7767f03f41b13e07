# Motor damage claim: every applicant-visible text of case_types/motor_claim.toml.
motor_claim-title = Report car damage

## Facts, as named in summaries, confirmations and the case file.
motor_claim-fact-claimant_name = Your name
motor_claim-fact-claimant_email = Email address
motor_claim-fact-claimant_phone = Phone number
motor_claim-fact-policy_number = Policy number
motor_claim-fact-licence_plate = Licence plate
motor_claim-fact-incident_date = Date of the incident
motor_claim-fact-incident_location = Place of the incident
motor_claim-fact-incident_type = Kind of damage
motor_claim-fact-incident_description = What happened
motor_claim-fact-counterparty_involved = Another party involved
motor_claim-fact-counterparty_licence_plate = Licence plate of the other party
motor_claim-fact-damage_amount = Damage amount
motor_claim-fact-iban = Bank account (IBAN) for the payment

motor_claim-option-incident_type-collision = Collision with another vehicle
motor_claim-option-incident_type-parking_damage = Damage while parked
motor_claim-option-incident_type-single_vehicle = Accident without another vehicle
motor_claim-option-incident_type-vandalism = Vandalism
motor_claim-option-incident_type-storm_or_hail = Storm or hail
motor_claim-option-incident_type-other = Something else

## Steps of the conversation.
motor_claim-step-consent = Before we start
motor_claim-step-consent-notice = We use your answers and documents only to handle this claim for your insurer. We keep them as long as the insurer needs them for the claim, and you can ask your insurer to see or remove them.
motor_claim-step-claimant_name = What is your name?
motor_claim-step-claimant_email = At which email address can we reach you?
motor_claim-step-claimant_phone = At which phone number can we reach you?
motor_claim-step-policy_number = What is your policy number?
motor_claim-step-licence_plate = What is the licence plate of your car?
motor_claim-step-incident_date = On which date did the damage happen?
motor_claim-step-incident_location = Where did it happen?
motor_claim-step-incident_type = What kind of damage is it?
motor_claim-step-incident_description = Tell us in your own words what happened.
motor_claim-step-counterparty_involved = Was another party involved?
motor_claim-step-counterparty_licence_plate = What is the licence plate of the other party?
motor_claim-step-damage_report = Upload your damage report or European accident statement
motor_claim-step-repair_quote = Upload the repair quote or invoice
motor_claim-step-photos = Upload photos of the damage
motor_claim-step-iban = To which bank account (IBAN) should the payment go?

## How a document of each step is named when the conversation quotes it.
motor_claim-step-damage_report-document = your claim form
motor_claim-step-repair_quote-document = your repair quote or invoice
motor_claim-step-photos-document = your photo
