from enum import StrEnum


class Decision(StrEnum):
    KEEP = "keep"
    MISSING = "missing"
    REVIEW = "review"

    def __str__(self) -> str:
        return str(self.value)
