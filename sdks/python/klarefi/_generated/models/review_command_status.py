from enum import StrEnum


class ReviewCommandStatus(StrEnum):
    APPLIED = "applied"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
