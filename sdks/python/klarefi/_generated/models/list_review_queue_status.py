from enum import StrEnum


class ListReviewQueueStatus(StrEnum):
    APPLICANT_BLOCKED = "applicant_blocked"
    NEEDS_REVIEW = "needs_review"

    def __str__(self) -> str:
        return str(self.value)
