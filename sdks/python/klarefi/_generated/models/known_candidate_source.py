from enum import StrEnum


class KnownCandidateSource(StrEnum):
    APPLICANT_ANSWER = "applicant_answer"
    DOCUMENT = "document"
    PREFILL = "prefill"
    REVIEWER = "reviewer"

    def __str__(self) -> str:
        return str(self.value)
