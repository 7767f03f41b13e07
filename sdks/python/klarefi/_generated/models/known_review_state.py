from enum import StrEnum


class KnownReviewState(StrEnum):
    ACCEPTED = "accepted"
    DISPUTED = "disputed"
    MISSING = "missing"
    REVIEW_ONLY = "review_only"

    def __str__(self) -> str:
        return str(self.value)
