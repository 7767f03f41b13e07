from enum import StrEnum


class KnownDecisionReason(StrEnum):
    ACCEPTED_BY_REVIEWER = "accepted_by_reviewer"
    CONFIRMED_BY_APPLICANT = "confirmed_by_applicant"
    CONFLICT = "conflict"
    CORRECTED_BY_APPLICANT = "corrected_by_applicant"
    CORRECTED_BY_REVIEWER = "corrected_by_reviewer"
    LOW_CONFIDENCE = "low_confidence"
    NO_CANDIDATE = "no_candidate"
    SINGLE_SOURCE = "single_source"
    SOURCES_AGREE = "sources_agree"

    def __str__(self) -> str:
        return str(self.value)
