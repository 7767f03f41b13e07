from enum import StrEnum


class KnownDocumentKind(StrEnum):
    ACCIDENT_STATEMENT = "accident_statement"
    CLAIM_FORM = "claim_form"
    EMAIL = "email"
    EXPERT_REPORT = "expert_report"
    INVOICE = "invoice"
    LETTER = "letter"
    PORTAL_CONFIRMATION = "portal_confirmation"
    REPAIR_QUOTE = "repair_quote"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
