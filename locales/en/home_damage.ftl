# Home damage: every applicant-visible text of case_types/home_damage.toml.
home_damage-title = Report damage to your home

## Facts, as named in summaries, confirmations and the case file.
home_damage-fact-claimant_name = Your name
home_damage-fact-claimant_email = Email address
home_damage-fact-claimant_phone = Phone number
home_damage-fact-policy_number = Policy number
home_damage-fact-incident_date = Date of the damage
home_damage-fact-damage_cause = Cause of the damage
home_damage-fact-property_address = Address of the damaged home
home_damage-fact-incident_description = What happened
home_damage-fact-damage_amount = Damage amount
home_damage-fact-iban = Bank account (IBAN) for the payment

home_damage-option-damage_cause-water = Water (a leak, a burst pipe, flooding)
home_damage-option-damage_cause-storm = Storm or hail
home_damage-option-damage_cause-fire = Fire, smoke or lightning
home_damage-option-damage_cause-burglary = Burglary or vandalism
home_damage-option-damage_cause-other = Something else

## Steps of the conversation.
home_damage-step-consent = Before we start
home_damage-step-consent-notice = We use your answers and documents only to handle this claim for your insurer. We keep them as long as the insurer needs them for the claim, and you can ask your insurer to see or remove them.
home_damage-step-damage_documents = Upload what you already have about the damage: a claim form, a letter or an e-mail
home_damage-step-claimant_name = What is your name?
home_damage-step-claimant_email = At which email address can we reach you?
home_damage-step-claimant_phone = At which phone number can we reach you?
home_damage-step-policy_number = What is your policy number?
home_damage-step-property_address = What is the address of the damaged home?
home_damage-step-incident_date = On which date did the damage happen?
home_damage-step-damage_cause = What caused the damage?
home_damage-step-incident_description = Tell us in your own words what happened.
home_damage-step-quote_or_invoice = Upload the contractor's quote or invoice
home_damage-step-photos = Upload photos of the damage
home_damage-step-damage_amount = How much is the damage?
home_damage-step-iban = To which bank account (IBAN) should the payment go?

## How a document of each step is named when the conversation quotes it.
home_damage-step-damage_documents-document = your document
home_damage-step-quote_or_invoice-document = your quote or invoice
home_damage-step-photos-document = your photo
