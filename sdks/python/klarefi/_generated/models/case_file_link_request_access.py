from enum import StrEnum


class CaseFileLinkRequestAccess(StrEnum):
    REVIEW = "review"
    VIEW = "view"

    def __str__(self) -> str:
        return str(self.value)
