from enum import StrEnum


class KnownCaseStatus(StrEnum):
    APPLICANT_BLOCKED = "applicant_blocked"
    COMPLETED = "completed"
    CREATED = "created"
    EXPIRED = "expired"
    FAILED = "failed"
    IN_PROGRESS = "in_progress"
    NEEDS_REVIEW = "needs_review"
    PROCESSING = "processing"

    def __str__(self) -> str:
        return str(self.value)
