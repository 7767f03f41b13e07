# Shared page text.
product-name = Klarefi
page-language = Language
language-nl = Nederlands
language-en = English
skip-to-content = Skip to content
error-page-title = Something went wrong
error-page-reference = Reference: { $name }
error-page-back = Go back to where you came from, or ask your insurer for help if this keeps happening.
brand-support = Questions? Contact { $name }: { $contact }
