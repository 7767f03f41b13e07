from enum import StrEnum


class CaseFileLinkAccess(StrEnum):
    REVIEW = "review"
    VIEW = "view"

    def __str__(self) -> str:
        return str(self.value)
