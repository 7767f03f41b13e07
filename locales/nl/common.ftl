# Gedeelde paginatekst.
product-name = Klarefi
page-language = Taal
language-nl = Nederlands
language-en = English
skip-to-content = Naar de inhoud
error-page-title = Er ging iets mis
error-page-reference = Referentie: { $name }
error-page-back = Ga terug naar waar u vandaan kwam, of vraag uw verzekeraar om hulp als dit blijft gebeuren.
brand-support = Vragen? Neem contact op met { $name }: { $contact }
